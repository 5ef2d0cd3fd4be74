/* Finding and replacing the hard-coded guest paths of a gem5 config: a keyword, then the
 * next Python string literal; the copy changes only those literals' contents. */
#include "core/workflow/gem5cfg.h"

#include "core/util/err.h"
#include "core/util/fileio.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GCFG_MAX_BYTES (4u << 20)

static const char *const keywords[GCFG_NPATHS] = { "kernel=", "bootloader=", "disk_image=" };

static int line_of(const char *text, size_t off)
{
    int line = 1;
    for (size_t i = 0; i < off; i++)
        line += text[i] == '\n';
    return line;
}

/* The first literal after the keyword, within 300 bytes (it is the call's argument). */
static int literal_after(const char *text, size_t len, const char *kw, struct gcfg_literal *l)
{
    for (const char *s = text; (s = memmem(s, len - (size_t)(s - text), kw, strlen(kw)));
         s++) {
        if (s > text && (s[-1] == '_' || (s[-1] >= 'a' && s[-1] <= 'z')))
            continue;                       /* readfile_contents_kernel= and the like */
        const char *end = s + 300 < text + len ? s + 300 : text + len;
        const char *q = s + strlen(kw);
        while (q < end && *q != '"' && *q != '\'' && *q != ')')
            q++;
        if (q >= end || *q == ')')
            continue;
        const char *close = memchr(q + 1, *q, (size_t)(end - q - 1));
        if (!close || memchr(q + 1, '\n', (size_t)(close - q - 1)))
            continue;
        l->off = (size_t)(q + 1 - text);
        l->len = (size_t)(close - q - 1);
        l->line = line_of(text, l->off);
        snprintf(l->value, sizeof l->value, "%.*s", (int)l->len, q + 1);
        return 1;
    }
    return 0;
}

int gcfg_find(const char *text, size_t len, struct gcfg_literal out[GCFG_NPATHS],
              int found[GCFG_NPATHS])
{
    int n = 0;
    for (int i = 0; i < GCFG_NPATHS; i++)
        n += found[i] = literal_after(text, len, keywords[i], &out[i]);
    return n;
}

int gcfg_copy_path(const char *config, char *buf, size_t cap)
{
    const char *slash = strrchr(config, '/');
    int n = slash ? snprintf(buf, cap, "%.*s-gem5wb/%s", (int)(slash - config), config, slash + 1)
                  : snprintf(buf, cap, "gem5wb/%s", config);
    return n < 0 || (size_t)n >= cap ? -1 : 0;
}

int gcfg_write_copy(const char *config, const char *const paths[GCFG_NPATHS], char *copy,
                    size_t cap, char *err)
{
    char *text, dir[4096];
    size_t len;
    if (file_read_all(config, GCFG_MAX_BYTES, &text, &len, err) != 0)
        return -1;
    struct gcfg_literal lit[GCFG_NPATHS];
    int found[GCFG_NPATHS];
    gcfg_find(text, len, lit, found);
    size_t extra = 0;
    for (int i = 0; i < GCFG_NPATHS; i++)
        extra += paths[i] ? strlen(paths[i]) : 0;
    char *out = malloc(len + extra + 1);
    int order[GCFG_NPATHS] = { GCFG_KERNEL, GCFG_BOOTLOADER, GCFG_DISK };
    for (int a = 0; a < GCFG_NPATHS; a++)            /* replace in file order */
        for (int b = a + 1; b < GCFG_NPATHS; b++)
            if (found[order[b]] && (!found[order[a]] || lit[order[b]].off < lit[order[a]].off)) {
                int t = order[a];
                order[a] = order[b];
                order[b] = t;
            }
    size_t o = 0, pos = 0;
    for (int k = 0; out && k < GCFG_NPATHS; k++) {
        int i = order[k];
        if (!found[i] || !paths[i] || lit[i].off < pos)
            continue;
        memcpy(out + o, text + pos, lit[i].off - pos);
        o += lit[i].off - pos;
        memcpy(out + o, paths[i], strlen(paths[i]));
        o += strlen(paths[i]);
        pos = lit[i].off + lit[i].len;
    }
    int rc = -1;
    if (!out)
        err_set(err, "out of memory copying %s", config);
    else if (gcfg_copy_path(config, copy, cap) != 0)
        err_set(err, "%s: the path of its copy is too long", config);
    else {
        memcpy(out + o, text + pos, len - pos);
        path_parent(copy, dir, sizeof dir);
        rc = dir_create(dir, err) == 0 ? file_replace(copy, out, o + len - pos, 0, err) : -1;
    }
    free(out);
    free(text);
    return rc;
}

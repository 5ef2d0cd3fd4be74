/* Shell-like words for the prompts: splitting a typed line as a shell would (quotes,
 * backslashes, ~/), quoting a word back, and Tab completion of words and file paths. */
#include "tui/command.h"
#include "core/util/shquote.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define PATHS_SCANNED_MAX 4096   /* a huge folder must not stall a Tab */

static int fail(char *why, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, cap, fmt, ap);
    va_end(ap);
    return -1;
}

/* Copies one word from *pp into *dst (unquoting); returns the quote left open, or 0. */
static char word_copy(const char **pp, char **dst, const char *end)
{
    const char *p = *pp;
    char q = 0;
    while (*p && (q || (*p != ' ' && *p != '\t')) && *dst < end) {
        if (q == '\'') {
            if (*p != '\'')
                *(*dst)++ = *p;
            else
                q = 0;
            p++;
        } else if (*p == q || (!q && (*p == '\'' || *p == '"'))) {
            q = q ? 0 : *p;
            p++;
        } else if (*p == '\\' && (!q || (p[1] && strchr("\"\\$`", p[1])))) {
            if (p[1])
                *(*dst)++ = p[1];
            p += p[1] ? 2 : 1;
        } else {
            *(*dst)++ = *p++;
        }
    }
    *pp = p;
    return q;
}

int tui_words_split(const char *text, struct tui_words *o, char *why, size_t cap)
{
    const char *p = text, *home = getenv("HOME");
    char *dst = o->buf, *end = o->buf + sizeof o->buf - 1;
    o->n = 0;
    o->open_word = 0;
    o->last_start = strlen(text);
    o->w[0] = NULL;
    while (*p) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p)
            break;
        if (o->n == TUI_WORDS_MAX)
            return fail(why, cap, "more than %d words", TUI_WORDS_MAX);
        o->last_start = (size_t)(p - text);
        o->w[o->n++] = dst;
        o->w[o->n] = NULL;
        if (*p == '~' && (p[1] == '/' || !p[1] || p[1] == ' ') && home &&
            strlen(home) < (size_t)(end - dst)) {
            dst += sprintf(dst, "%s", home);
            p++;
        }
        char q = word_copy(&p, &dst, end);
        *dst++ = '\0';
        o->open_word = !*p;
        if (q)
            return fail(why, cap, "the %s quote is not closed", q == '"' ? "double" : "single");
        if (dst >= end)
            return fail(why, cap, "the line is too long");
    }
    return 0;
}

/* ---- Completion ---------------------------------------------------------------- */

void tui_cands_init(struct tui_cands *c, const char *prefix, char *list, size_t cap)
{
    c->prefix = prefix;
    c->n = 0;
    c->common[0] = '\0';
    c->list = list;
    c->cap = cap;
    c->len = 0;
    if (cap)
        list[0] = '\0';
}

static int listed(const struct tui_cands *c, const char *shown)
{
    size_t n = strlen(shown);
    for (const char *p = c->list; n && (p = strstr(p, shown)); p += n)
        if ((p == c->list || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
            return 1;
    return 0;
}

/* Shortens common to the prefix it shares with s, never inside a UTF-8 character. */
static void narrow(char *common, const char *s)
{
    size_t i = 0;
    while (common[i] && common[i] == s[i])
        i++;
    while (i && ((unsigned char)common[i] & 0xc0) == 0x80)
        i--;
    common[i] = '\0';
}

void tui_cands_add(struct tui_cands *c, const char *full, const char *shown)
{
    shown = shown ? shown : full;
    if (strncmp(full, c->prefix, strlen(c->prefix)) != 0 || listed(c, shown))
        return;
    if (c->n++ == 0)
        snprintf(c->common, sizeof c->common, "%s", full);
    else
        narrow(c->common, full);
    size_t need = strlen(shown) + 1;
    if (c->len + need + 4 < c->cap) {
        c->len += (size_t)snprintf(c->list + c->len, c->cap - c->len, "%s%s",
                                   c->len ? " " : "", shown);
    } else if (c->len + 4 < c->cap && (c->len < 3 || strcmp(c->list + c->len - 3, "..."))) {
        c->len += (size_t)snprintf(c->list + c->len, c->cap - c->len, " ...");
    }
}

void tui_cands_choices(struct tui_cands *c, const char *choices)
{
    char one[256];
    for (const char *s = choices; s && *s;) {
        const char *bar = strchr(s, '|');
        size_t len = bar ? (size_t)(bar - s) : strlen(s);
        snprintf(one, sizeof one, "%.*s", (int)(len < sizeof one ? len : sizeof one - 1), s);
        tui_cands_add(c, one, NULL);
        s = bar ? bar + 1 : NULL;
    }
}

static int is_folder(const char *path, const struct dirent *e)
{
    struct stat st;
    if (e->d_type == DT_DIR)
        return 1;
    if (e->d_type != DT_LNK && e->d_type != DT_UNKNOWN)
        return 0;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

void tui_cands_paths(struct tui_cands *c)
{
    const char *slash = strrchr(c->prefix, '/');
    size_t dlen = slash ? (size_t)(slash - c->prefix) + 1 : 0;
    const char *base = c->prefix + dlen;
    char dir[TUI_LINE_MAX], full[TUI_LINE_MAX + 256], shown[300];
    snprintf(dir, sizeof dir, "%.*s", (int)dlen, c->prefix);
    DIR *d = opendir(dlen ? dir : ".");
    if (!d)
        return;
    struct dirent *e;
    for (int seen = 0; (e = readdir(d)) && seen < PATHS_SCANNED_MAX; seen++) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
            (e->d_name[0] == '.' && base[0] != '.') ||
            strncmp(e->d_name, base, strlen(base)) != 0)
            continue;
        snprintf(full, sizeof full, "%s%s", dir, e->d_name);
        int folder = is_folder(full, e);
        snprintf(full, sizeof full, "%s%s%s", dir, e->d_name, folder ? "/" : "");
        snprintf(shown, sizeof shown, "%s%s", e->d_name, folder ? "/" : "");
        tui_cands_add(c, full, shown);
    }
    closedir(d);
}

int tui_cands_apply(const struct tui_cands *c, const char *text, size_t start, char *out,
                    size_t cap)
{
    char quoted[2 * TUI_LINE_MAX];
    size_t clen = strlen(c->common);
    int sole = c->n == 1, folder = clen && c->common[clen - 1] == '/';
    if (c->n == 0 || (!sole && !strcmp(c->common, c->prefix)) ||
        shell_quote(c->common, quoted, sizeof quoted) < 0 ||
        start + strlen(quoted) + 2 > cap) {
        snprintf(out, cap, "%s", text);   /* nothing to add: the text stays as typed */
        return c->n;
    }
    snprintf(out, cap, "%.*s%s%s", (int)start, text, quoted, sole && !folder ? " " : "");
    return c->n;
}

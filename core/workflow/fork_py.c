/* Scanning the fork's Python (configs, SST scripts) without running it: string literals,
 * `name = "value"` assignments, argparse options, and what argparse would accept. */
#include "core/workflow/fork_impl.h"

#include <ctype.h>
#include <string.h>

const char *fork_py_string(const char *p, char *out, size_t len)
{
    size_t n = 0;
    while (*p == ' ' || *p == '\t' || *p == '\n' || (p[0] == '\\' && p[1] == '\n'))
        p += *p == '\\' ? 2 : 1;
    const char *q = p;                   /* f"", r'', rb"" ... */
    while (q - p < 2 && *q && strchr("fFrRbBuU", *q))
        q++;
    if (*q == '"' || *q == '\'')
        p = q;
    if (*p != '"' && *p != '\'')
        return NULL;
    char quote = *p++;
    bool triple = p[0] == quote && p[1] == quote;
    p += triple ? 2 : 0;
    for (; *p; p++) {
        if (p[0] == '\\' && p[1] == '\n') {
            p++;
            continue;
        }
        if (*p == '\\' && p[1])
            p++;
        else if (*p == quote && (!triple || (p[1] == quote && p[2] == quote)))
            break;
        else if (*p == '\n' && !triple)
            return NULL;
        if (n + 1 < len)
            out[n++] = *p;
    }
    if (!*p)
        return NULL;
    if (len)
        out[n] = '\0';
    return p + (triple ? 3 : 1);
}

int fork_py_assign(const char *text, const char *name, char *out, size_t len)
{
    size_t n = strlen(name);
    int line = 1;
    for (const char *l = text; *l; line++) {
        const char *p = l;
        while (*p == ' ' || *p == '\t')
            p++;
        if (!strncmp(p, name, n) && !isalnum((unsigned char)p[n]) && p[n] != '_') {
            p += n;
            while (*p == ' ' || *p == '\t')
                p++;
            if (*p == '=' && p[1] != '=' && fork_py_string(p + 1, out, len))
                return line;
        }
        const char *nl = strchr(l, '\n');
        if (!nl)
            break;
        l = nl + 1;
    }
    return 0;
}

/* The ')' closing the call whose '(' is just before p (or the end of text). */
static const char *py_close(const char *p)
{
    int depth = 0;
    char tmp[2];
    while (*p) {
        if (*p == '"' || *p == '\'') {
            const char *e = fork_py_string(p, tmp, sizeof tmp);
            p = e ? e : p + 1;
            continue;
        }
        if (strchr("([{", *p))
            depth++;
        else if (strchr(")]}", *p) && depth-- == 0)
            return p;
        p++;
    }
    return p;
}

/* Adds the option strings a call starts with (at p, after its '('); returns how many. */
static int call_options(const char *p, char *opts, size_t olen, char *req, size_t rlen,
                        bool required)
{
    char s[128];
    int n = 0;
    for (const char *e; (e = fork_py_string(p, s, sizeof s)); n++) {
        if (s[0] != '-')
            break;
        fork_list_add(opts, olen, s);
        if (required)
            fork_list_add(req, rlen, s);
        p = e;
        while (*p == ' ' || *p == '\t' || *p == '\n')
            p++;
        if (*p != ',')
            break;
        p++;
    }
    return n;
}

void fork_py_options(const char *text, char *opts, size_t olen, char *req, size_t rlen)
{
    const char *after;
    opts[0] = req[0] = '\0';
    for (const char *p = text; (p = fork_loose(p, "add_argument(", &after)); p = after) {
        const char *close = py_close(after);
        const char *r_end, *r = fork_loose(after, "required=True", &r_end);
        call_options(after, opts, olen, req, rlen, r && r_end <= close);
    }
}

int fork_list_len(const char *list)
{
    size_t n = strlen(list);
    return (int)(n && list[n - 1] == ' ' ? n - 1 : n);
}

void fork_list_add(char *list, size_t len, const char *word)
{
    char probe[160];
    fork_fmt(probe, sizeof probe, " %s ", word);
    if (strstr(list, probe))
        return;
    size_t used = strlen(list);
    size_t need = strlen(word) + (used ? 1 : 2);
    if (used + need + 1 > len)
        return;
    if (!used)
        list[used++] = ' ';
    memcpy(list + used, word, strlen(word));
    used += strlen(word);
    list[used++] = ' ';
    list[used] = '\0';
}

bool fork_opt_accepts(const char *options, const char *opt)
{
    char name[128];
    size_t n = strcspn(opt, "=");
    if (strncmp(opt, "--", 2) != 0 || n >= sizeof name)
        return true;                     /* short options and values: not ours to judge */
    memcpy(name, opt, n);
    name[n] = '\0';
    int prefixed = 0;
    for (const char *p = options; *p;) {
        while (*p == ' ')
            p++;
        size_t w = strcspn(p, " ");
        if (!w)
            break;
        if (w == n && !strncmp(p, name, n))
            return true;
        prefixed += w > n && !strncmp(p, name, n);
        p += w;
    }
    return prefixed == 1;               /* argparse takes a unique abbreviation */
}

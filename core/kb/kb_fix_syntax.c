/* fork-syntax-patch: the one-character fix of the config that does not parse at the fork's
 * tip (arm-numa-checkpoints.py: the disk image's string has no comma before root_partition). */
#include "core/kb/kb_fix_impl.h"

#include "core/util/err.h"
#include "core/workflow/fork.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The broken text: a line whose last token is a string literal, inside an open bracket,
 * followed by a line that starts with a keyword argument (NAME=, not ==). Inside brackets
 * that is never valid Python, and a comma after the string is the fix gem5's history shows
 * (7b7a23fa34 dropped it). */
struct site {
    unsigned line, kw_line;    /* the string's line, the keyword's line (1-based) */
    size_t at;                 /* offset just after the closing quote */
};

struct lexer {
    const char *s;
    size_t i, len;
    int depth;
    bool string_last;          /* the line's last token so far is a string */
    size_t string_end;
};

/* Skips a string literal starting at the quote s[i]; triple quotes may span lines. */
static void skip_string(struct lexer *x)
{
    char q = x->s[x->i];
    bool triple = x->i + 2 < x->len && x->s[x->i + 1] == q && x->s[x->i + 2] == q;
    x->i += triple ? 3 : 1;
    while (x->i < x->len) {
        char c = x->s[x->i];
        if (c == '\\') {
            x->i += 2;
            continue;
        }
        if (!triple && c == '\n')
            break;                                 /* unterminated: let the line end */
        if (c == q && (!triple || (x->i + 2 < x->len && x->s[x->i + 1] == q &&
                                   x->s[x->i + 2] == q))) {
            x->i += triple ? 3 : 1;
            break;
        }
        x->i++;
    }
    x->string_last = true;
    x->string_end = x->i;
}

/* Does the line at p start with NAME= (a keyword argument)? */
static bool keyword_line(const char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    if (!(isalpha((unsigned char)*p) || *p == '_'))
        return false;
    while (isalnum((unsigned char)*p) || *p == '_')
        p++;
    while (*p == ' ')
        p++;
    return p[0] == '=' && p[1] != '=';
}

static int add_site(struct site **v, size_t *n, struct site s)
{
    struct site *m = realloc(*v, (*n + 1) * sizeof *m);
    if (!m)
        return -1;
    m[(*n)++] = s;
    *v = m;
    return 0;
}

/* At the end of a line holding tokens: a site when it ends in a string inside brackets and
 * the next line with a token is a keyword argument. */
static int line_end(struct lexer *x, unsigned line, struct site **v, size_t *n)
{
    if (!x->string_last || x->depth <= 0)
        return 0;
    unsigned next = line + 1;
    const char *p = x->s + x->i + 1;
    for (;;) {                                     /* skip blank and comment-only lines */
        const char *q = p + strspn(p, " \t\r");
        if (*q != '\n' && *q != '#')
            break;
        const char *nl = strchr(q, '\n');
        if (!nl)
            return 0;
        p = nl + 1;
        next++;
    }
    if (!keyword_line(p))
        return 0;
    return add_site(v, n, (struct site){ line, next, x->string_end });
}

static int find_sites(const char *s, size_t len, struct site **v, size_t *n)
{
    struct lexer x = { .s = s, .len = len };
    unsigned line = 1;
    *v = NULL;
    *n = 0;
    while (x.i < len) {
        char c = s[x.i];
        if (c == '"' || c == '\'') {
            size_t from = x.i;
            skip_string(&x);
            for (size_t k = from; k < x.i && k < len; k++)
                line += s[k] == '\n';              /* a triple-quoted string's lines */
            continue;
        }
        if (c == '#') {
            x.i += strcspn(s + x.i, "\n");
            continue;
        }
        if (c == '\n') {
            if (line_end(&x, line, v, n) != 0)
                return -1;
            x.string_last = false;
            line++;
        } else if (c && !strchr(" \t\r\\", c)) {
            x.depth += strchr("([{", c) ? 1 : strchr(")]}", c) ? -1 : 0;
            x.string_last = false;
        }
        x.i++;
    }
    return 0;
}

/* The site a parse error at `line` points at: Python 3.10+ names the string's line, older
 * ones the keyword's. line 0: the file's only site. */
static const struct site *pick(const struct site *v, size_t n, unsigned line)
{
    for (size_t i = 0; i < n; i++)
        if (!line ? n == 1 : v[i].line == line || v[i].kw_line == line)
            return &v[i];
    return NULL;
}

static int refuse(const char *path, unsigned line, const struct site *v, size_t n, char *err)
{
    if (n > 1 && !line)
        return err_set(err, "%s has %zu places where a string ends a line before a keyword "
                       "argument (lines %u and %u...): gem5wb fixes only the one known missing "
                       "comma; add the commas by hand", path, n, v[0].line, v[1].line);
    if (line)
        return err_set(err, "%s does not parse at line %u, but that is not the broken text "
                       "gem5wb knows (a string ending a line, its comma missing before a keyword "
                       "argument such as root_partition=\"1\"): fix line %u by hand", path, line,
                       line);
    return err_set(err, "%s does not have the broken text gem5wb knows (a string ending a line, "
                   "its comma missing before a keyword argument such as root_partition=\"1\"): "
                   "nothing to patch", path);
}

/* Plans the comma for path, at the site the parse error names (line 0: the only one). */
static int plan_file(struct kb_fix_plan *p, const char *path, unsigned line, char *err)
{
    char *data;
    size_t len, n;
    bool existed;
    struct site *v;
    static char comma[] = ",";
    if (patch_read(path, &data, &len, &existed, err) != 0)
        return -1;
    if (!existed) {
        free(data);
        return err_set(err, "%s does not exist", path);
    }
    int rc = find_sites(data, len, &v, &n) != 0 ? err_set(err, "out of memory") : 0;
    const struct site *s = rc == 0 ? pick(v, n, line) : NULL;
    if (rc == 0 && !s)
        rc = refuse(path, line, v, n, err);
    if (rc == 0) {
        struct patch_edit ed = { s->at, 0, comma };
        rc = kb_fix_preview(p, path, data, len, &ed, 1, err);
    }
    if (rc == 0)
        kb_fix_say(p, "add the missing comma at the end of line %u of %s, after the string "
                   "that comes before the keyword argument on line %u (Python: \"SyntaxError: "
                   "invalid syntax. Perhaps you forgot a comma?\")", s->line, path, s->kw_line);
    free(v);
    free(data);
    return rc;
}

/* The first config-syntax-error finding whose file has the broken text at the line Python
 * names: 0 planned, 1 when there is no such finding, -1 when one is there but not fixable. */
static int plan_findings(struct kb_fix_plan *p, const struct fork_probe *pr, const char *gem5,
                         char *err)
{
    char path[KB_FIX_PATH + FORK_PATH_LEN], why[ERR_LEN] = "", later[ERR_LEN];
    for (size_t i = 0; i < pr->nfindings; i++) {
        const struct fork_finding *f = &pr->findings[i];
        if (strcmp(f->id, "config-syntax-error"))
            continue;
        snprintf(path, sizeof path, "%s/%s", gem5, f->path);
        if (plan_file(p, path, (unsigned)f->line, why[0] ? later : why) == 0)
            return 0;
    }
    return why[0] ? err_set(err, "%s", why) : 1;
}

/* Without --file: the configs of the workspace's fork, probed as `gem5wb fork` does. */
static int plan_fork(struct kb_fix_plan *p, const struct kb_fix_opts *o, char *err)
{
    struct ws *w;
    struct fork_probe pr;
    char gem5[KB_FIX_PATH];
    memset(&pr, 0, sizeof pr);
    if (kb_fix_ws_open(o, "fork-syntax-patch", "the fork (give --file CONFIG)", &w, err) != 0)
        return -1;
    int rc = ws_path(w, "gem5", gem5, sizeof gem5) == 0 ? fork_probe_run(gem5, &pr, err)
           : err_set(err, "%s: path too long", w->root);
    ws_close(w);
    if (rc == 0)
        rc = plan_findings(p, &pr, gem5, err);
    if (rc == 1 && !pr.python) {
        rc = err_set(err, "could not check whether %s's configs parse: %s", gem5, pr.python_note);
    } else if (rc == 1) {
        p->noop = true;
        kb_fix_say(p, "every config and SST script of %s parses: nothing to change", gem5);
        rc = 0;
    }
    fork_probe_free(&pr);
    return rc;
}

int kb_fix_plan_syntax(const char *args, const struct kb_fix_opts *o, struct kb_fix_plan *p,
                       char *err)
{
    (void)args;
    return o->file ? plan_file(p, o->file, 0, err) : plan_fork(p, o, err);
}

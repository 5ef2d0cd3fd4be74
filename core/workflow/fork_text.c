/* Reading the fork's files and scanning their text: comments blanked with line numbers
 * kept, whitespace-tolerant search, Python string literals, assignments and argparse. */
#include "core/workflow/fork_impl.h"

#include "core/util/err.h"
#include "core/util/fileio.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void fork_fmt(char *buf, size_t len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, len, fmt, ap);
    va_end(ap);
}

void fork_abs(const char *dir, const char *rel, char *buf, size_t len)
{
    if (path_join(buf, len, dir, rel) != 0)
        buf[0] = '\0';
}

bool fork_exists(const char *dir, const char *rel)
{
    char path[4096];
    struct stat st;
    fork_abs(dir, rel, path, sizeof path);
    return path[0] && stat(path, &st) == 0;
}

int fork_read(const char *dir, const char *rel, char **text, char *err)
{
    char path[4096];
    struct stat st;
    size_t len;
    *text = NULL;
    fork_abs(dir, rel, path, sizeof path);
    if (!path[0])
        return err_set(err, "the path of %s inside %s is too long", rel, dir);
    if (stat(path, &st) != 0)
        return errno == ENOENT || errno == ENOTDIR ? 0
                                                   : err_sys(err, errno, "cannot read %s", path);
    if (!S_ISREG(st.st_mode))
        return 0;
    return file_read_all(path, FORK_MAX_FILE, text, &len, err) == 0 ? 1 : -1;
}

/* Pushes one path component onto out (len bytes), handling "." and ".."; false when ".."
 * would leave the root. */
static bool rel_push(char *out, size_t len, const char *comp, size_t n)
{
    if (n == 0 || (n == 1 && comp[0] == '.'))
        return true;
    if (n == 2 && comp[0] == '.' && comp[1] == '.') {
        char *slash = strrchr(out, '/');
        if (!out[0])
            return false;
        *(slash ? slash : out) = '\0';
        return true;
    }
    size_t used = strlen(out);
    if (used + n + 2 > len)
        return false;
    if (used)
        out[used++] = '/';
    memcpy(out + used, comp, n);
    out[used + n] = '\0';
    return true;
}

void fork_rel_join(const char *base, const char *rel, char *out, size_t len)
{
    out[0] = '\0';
    if (rel[0] == '/')
        return;
    const char *parts[2] = { base, rel };
    for (int i = 0; i < 2; i++) {
        for (const char *p = parts[i]; *p;) {
            size_t n = strcspn(p, "/");
            if (!rel_push(out, len, p, n)) {
                out[0] = '\0';
                return;
            }
            p += n;
            p += *p == '/';
        }
    }
}

void fork_strip_c(char *s)
{
    enum { CODE, LINE, BLOCK, STR, CHR } st = CODE;
    for (char *p = s; *p; p++) {
        if (st == CODE) {
            if (p[0] == '/' && p[1] == '/')
                st = LINE, *p = ' ';
            else if (p[0] == '/' && p[1] == '*')
                st = BLOCK, p[0] = ' ', *++p = ' ';
            else if (*p == '"' || *p == '\'')
                st = *p == '"' ? STR : CHR;
        } else if (st == LINE) {
            if (*p == '\n')
                st = CODE;
            else
                *p = ' ';
        } else if (st == BLOCK) {
            if (p[0] == '*' && p[1] == '/')
                st = CODE, p[0] = ' ', *++p = ' ';
            else if (*p != '\n')
                *p = ' ';
        } else if (*p == '\\' && p[1]) {
            p++;
        } else if (*p == (st == STR ? '"' : '\'') || *p == '\n') {
            st = CODE;
        }
    }
}

static void blank(char *p)
{
    if (*p != '\n')
        *p = ' ';
}

/* Blanks a triple-quoted string starting at p (its opening quotes); returns its last byte. */
static char *blank_triple(char *p)
{
    char q = *p;
    blank(p), blank(p + 1), blank(p + 2);
    for (p += 3; *p; p++) {
        if (*p == '\\' && p[1]) {
            blank(p++);
            blank(p);
        } else if (p[0] == q && p[1] == q && p[2] == q) {
            blank(p), blank(p + 1), blank(p + 2);
            return p + 2;
        } else {
            blank(p);
        }
    }
    return p - 1;
}

void fork_strip_py(char *s)
{
    char q = 0;                    /* the quote of the string we are in, 0 in code */
    for (char *p = s; *p; p++) {
        if (q) {
            if (*p == '\\' && p[1])
                p++;
            else if (*p == q || *p == '\n')
                q = 0;
        } else if (*p == '#') {
            while (*p && *p != '\n')
                *p++ = ' ';
            if (!*p)
                return;
        } else if ((*p == '"' || *p == '\'') && p[1] == *p && p[2] == *p) {
            p = blank_triple(p);
        } else if (*p == '"' || *p == '\'') {
            q = *p;
        }
    }
}

static const char *skip_ws(const char *p)
{
    for (;;) {
        if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
            p++;
        else if (p[0] == '\\' && p[1] == '\n')
            p += 2;
        else
            return p;
    }
}

/* Matches pat (whitespace dropped) at h; returns the end or NULL. */
static const char *loose_at(const char *h, const char *pat)
{
    for (const char *q = pat; *q; q++) {
        if (isspace((unsigned char)*q))
            continue;
        h = skip_ws(h);
        if (*h != *q)
            return NULL;
        h++;
    }
    return h;
}

const char *fork_loose(const char *hay, const char *pat, const char **end)
{
    const char *first = skip_ws(pat);
    if (!*first)
        return NULL;
    for (const char *h = strchr(hay, *first); h; h = strchr(h + 1, *first)) {
        const char *e = loose_at(h, first);
        if (e) {
            if (end)
                *end = e;
            return h;
        }
    }
    return NULL;
}

static bool ident_char(char c)
{
    return isalnum((unsigned char)c) || c == '_';
}

const char *fork_word(const char *hay, const char *word)
{
    size_t n = strlen(word);
    for (const char *h = strstr(hay, word); h; h = strstr(h + 1, word))
        if ((h == hay || !ident_char(h[-1])) && !ident_char(h[n]))
            return h;
    return NULL;
}

int fork_line_at(const char *text, const char *p)
{
    int line = 1;
    for (const char *q = text; q < p && *q; q++)
        line += *q == '\n';
    return line;
}

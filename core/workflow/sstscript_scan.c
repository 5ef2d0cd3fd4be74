/* Python tokens with byte offsets (enough of Python for the fork's SST scripts: names,
 * numbers, every string form, brackets, comments, continuations), and the small text
 * helpers the edits share. */
#include "core/workflow/sstscript_impl.h"
#include "core/util/err.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct scan {
    const char *s;
    size_t len, i;
    int depth;
    bool line_start;
    struct sst_toks *t;
    size_t cap;
};

static bool is_prefix(char c) { return strchr("rRbBuUfF", c) && c; }
static bool is_name(char c) { return isalnum((unsigned char)c) || c == '_' || (unsigned char)c >= 0x80; }

static struct sst_tok *push(struct scan *sc, enum sst_tok_kind k, size_t off, size_t len)
{
    if (sc->t->n == sc->cap) {
        size_t cap = sc->cap ? sc->cap * 2 : 256;
        struct sst_tok *v = realloc(sc->t->v, cap * sizeof *v);
        if (!v)
            return NULL;
        sc->t->v = v;
        sc->cap = cap;
    }
    struct sst_tok *t = &sc->t->v[sc->t->n++];
    memset(t, 0, sizeof *t);
    t->kind = k;
    t->off = off;
    t->len = len;
    t->depth = sc->depth;
    t->line_start = sc->line_start && k != STK_NEWLINE;
    if (t->line_start) {
        size_t b = off;
        while (b > 0 && sc->s[b - 1] != '\n')
            b--;
        t->indent = off - b;
    }
    sc->line_start = false;
    return t;
}

/* Length of a string prefix plus its opening quote at i, or 0. */
static size_t string_start(const char *s, size_t len, size_t i)
{
    size_t k = 0;
    while (k < 2 && i + k < len && is_prefix(s[i + k]))
        k++;
    if (i + k < len && (s[i + k] == '"' || s[i + k] == '\''))
        return k + 1;
    return 0;
}

static int scan_string(struct scan *sc, size_t open, const char *name, char *err)
{
    const char *s = sc->s;
    size_t i = sc->i, q = i + open - 1;
    char quote = s[q];
    bool triple = q + 2 < sc->len && s[q + 1] == quote && s[q + 2] == quote;
    size_t body = q + (triple ? 3 : 1), j = body;
    for (;;) {
        if (j >= sc->len || (!triple && s[j] == '\n'))
            return err_set(err, "%s line %u: a string is not closed; is this a Python script?",
                           name, sst_line_of(s, i));
        if (s[j] == '\\') {   /* an escape, or a continuation (\ CR LF too) */
            j += s[j + 1] == '\r' && s[j + 2] == '\n' ? 3 : 2;
            continue;
        }
        if (s[j] == quote && (!triple || (j + 2 < sc->len && s[j + 1] == quote && s[j + 2] == quote)))
            break;
        j++;
    }
    size_t end = j + (triple ? 3 : 1);
    struct sst_tok *t = push(sc, STK_STRING, i, end - i);
    if (!t)
        return err_set(err, "out of memory reading %s", name);
    t->body = body;
    t->body_len = j - body;
    t->quote = quote;
    t->triple = triple;
    for (size_t k = i; k < q; k++) {
        t->fstr |= s[k] == 'f' || s[k] == 'F';
        t->raw |= s[k] == 'r' || s[k] == 'R';
    }
    sc->i = end;
    return 0;
}

/* Whitespace, comments, continuations and newlines; returns 1 when it consumed any. */
static int skip_blank(struct scan *sc, char *err, const char *name)
{
    const char *s = sc->s;
    char c = s[sc->i];
    if (c == ' ' || c == '\t' || c == '\f' || c == '\r') {
        sc->i++;
        return 1;
    }
    if (c == '#') {
        while (sc->i < sc->len && s[sc->i] != '\n')
            sc->i++;
        return 1;
    }
    if (c == '\\' && (s[sc->i + 1] == '\n' || (s[sc->i + 1] == '\r' && s[sc->i + 2] == '\n'))) {
        sc->i += s[sc->i + 1] == '\n' ? 2 : 3;
        return 1;
    }
    if (c == '\n') {
        if (sc->depth == 0 && !sc->line_start && !push(sc, STK_NEWLINE, sc->i, 1)) {
            err_set(err, "out of memory reading %s", name);
            return -1;
        }
        if (sc->depth == 0)
            sc->line_start = true;
        sc->i++;
        return 1;
    }
    return 0;
}

static int scan_one(struct scan *sc, const char *name, char *err)
{
    const char *s = sc->s;
    size_t i = sc->i, open = string_start(s, sc->len, i);
    if (open)
        return scan_string(sc, open, name, err);
    size_t j = i + 1;
    enum sst_tok_kind k = STK_OP;
    if (is_name(s[i]) && !isdigit((unsigned char)s[i])) {
        k = STK_NAME;
        while (j < sc->len && is_name(s[j]))
            j++;
    } else if (isdigit((unsigned char)s[i]) || (s[i] == '.' && isdigit((unsigned char)s[i + 1]))) {
        k = STK_NUMBER;
        while (j < sc->len && (is_name(s[j]) || s[j] == '.'))
            j++;
    }
    if (!push(sc, k, i, j - i))
        return err_set(err, "out of memory reading %s", name);
    if (k == STK_OP && strchr("([{", s[i]))
        sc->depth++;
    else if (k == STK_OP && strchr(")]}", s[i]) && sc->depth > 0)
        sc->depth--;
    sc->i = j;
    return 0;
}

int sst_tokenize(const char *name, const char *s, size_t len, struct sst_toks *t, char *err)
{
    memset(t, 0, sizeof *t);
    struct scan sc = { .s = s, .len = len, .line_start = true, .t = t };
    while (sc.i < len) {
        int b = skip_blank(&sc, err, name);
        if (b < 0 || (b == 0 && scan_one(&sc, name, err) != 0)) {
            sst_toks_free(t);
            return -1;
        }
    }
    if (!sc.line_start && !push(&sc, STK_NEWLINE, len, 0)) {
        sst_toks_free(t);
        return err_set(err, "out of memory reading %s", name);
    }
    return 0;
}

void sst_toks_free(struct sst_toks *t)
{
    free(t->v);
    t->v = NULL;
    t->n = 0;
}

bool sst_tok_is(const char *src, const struct sst_tok *t, enum sst_tok_kind k, const char *text)
{
    if (t->kind != k)
        return false;
    if (k == STK_STRING)
        return strlen(text) == t->body_len && !memcmp(src + t->body, text, t->body_len);
    return strlen(text) == t->len && !memcmp(src + t->off, text, t->len);
}

unsigned sst_line_of(const char *s, size_t off)
{
    unsigned line = 1;
    for (size_t i = 0; i < off; i++)
        line += s[i] == '\n';
    return line;
}

char *sst_py_escape(const char *value, char quote, bool fstr, bool raw)
{
    size_t n = strlen(value);
    char *out = malloc(2 * n + 1), *p = out;
    if (!out)
        return NULL;
    for (const char *v = value; *v; v++) {
        bool special = *v == '\\' || *v == quote || *v == '\n';
        if (raw && special) {
            free(out);
            return NULL;
        }
        if (special)
            *p++ = '\\';
        *p++ = *v == '\n' ? 'n' : *v;
        if (fstr && (*v == '{' || *v == '}'))
            *p++ = *v;
    }
    *p = '\0';
    return out;
}

void sst_size_text(uint64_t bytes, char *buf, size_t len)
{
    static const char *const units[] = { "GiB", "MiB", "KiB" };
    for (int u = 0; u < 3; u++) {
        uint64_t scale = 1ULL << (30 - 10 * u);
        if (bytes && bytes % scale == 0) {
            snprintf(buf, len, "%llu%s", (unsigned long long)(bytes / scale), units[u]);
            return;
        }
    }
    snprintf(buf, len, "%lluB", (unsigned long long)bytes);
}

int sst_list_add(char ***list, size_t *n, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    char **v = realloc(*list, (*n + 1) * sizeof *v);
    if (!v)
        return -1;
    *list = v;
    if (!(v[*n] = strdup(buf)))
        return -1;
    (*n)++;
    return 0;
}

void sst_list_free(char **list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(list[i]);
    free(list);
}

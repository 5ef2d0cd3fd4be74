/* m5cpt-octal: integers in m5.cpt written with leading zeros (by hand or by another tool)
 * rewritten without them, each change listed, because gem5 reads them as octal. */
#include "core/kb/kb_fix_impl.h"

#include "core/util/err.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The rule, from gem5's reader (gem5-checkpoint-format.md §2-3):
 * - gem5 writes every integer with operator<< in decimal, so it never writes "0123";
 * - it reads integers with stoll/stoull in base 0: "0123" is octal (83) and "089" stops at
 *   the 8 (0), trailing junk ignored. So a value with a leading zero was not written by gem5
 *   and was meant decimal.
 * A token is changed when it is [+-]0DIGITS (one zero alone, 0x hex and floats are left),
 * it sits under a section header (lines before the first one are never read), and every
 * space-separated token of the value is an integer: a value with other words is a string
 * or something gem5wb cannot type, and is left. The filename key is a string: left too. */

struct scan {
    const char *data;
    size_t len;
    struct patch_edit *ed;
    size_t n, cap;
    char list[700];            /* the changes, for the plan's description */
    size_t listed;
};

static bool is_int(const char *t, size_t n)
{
    size_t i = (n && (t[0] == '+' || t[0] == '-')) ? 1 : 0;
    bool hex = n > i + 2 && t[i] == '0' && (t[i + 1] == 'x' || t[i + 1] == 'X');
    if (hex)
        i += 2;
    if (i >= n)
        return false;
    for (; i < n; i++)
        if (!(hex ? strchr("0123456789abcdefABCDEF", t[i]) : strchr("0123456789", t[i])))
            return false;
    return true;
}

/* Zeros to drop from a decimal token with a leading zero (0 when there is none). */
static size_t zeros(const char *t, size_t n, size_t *at)
{
    *at = (t[0] == '+' || t[0] == '-') ? 1 : 0;
    if (n < *at + 2 || t[*at] != '0' || t[*at + 1] == 'x' || t[*at + 1] == 'X')
        return 0;
    size_t z = 0;
    while (*at + z + 1 < n && t[*at + z] == '0')
        z++;
    return z;
}

/* What gem5's base-0 parse makes of the token. */
static void gem5_reads(const char *t, size_t n, char *buf, size_t cap)
{
    char tok[64], *end;
    snprintf(tok, sizeof tok, "%.*s", (int)(n < 63 ? n : 63), t);
    errno = 0;
    if (tok[0] == '-') {
        long long v = strtoll(tok, &end, 0);
        snprintf(buf, cap, errno ? "out of range: gem5 refuses it" : "gem5 reads %lld", v);
    } else {
        unsigned long long v = strtoull(tok, &end, 0);
        snprintf(buf, cap, errno ? "out of range: gem5 refuses it" : "gem5 reads %llu", v);
    }
}

/* A token with a leading zero: its edit, and a line for the plan (the first dozen). */
struct token {
    const char *t;
    size_t n, sign, zeros;     /* sign: 1 after + or -; zeros: how many to drop */
};

static int add_edit(struct scan *s, const struct token *k, unsigned line, const char *sec,
                    const char *key, size_t klen)
{
    static char nothing[] = "";
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        struct patch_edit *e = realloc(s->ed, cap * sizeof *e);
        if (!e)
            return -1;
        s->ed = e;
        s->cap = cap;
    }
    s->ed[s->n++] = (struct patch_edit){ (size_t)(k->t - s->data) + k->sign, k->zeros, nothing };
    char reads[64];
    size_t at = strlen(s->list), keep = k->sign + k->zeros;
    gem5_reads(k->t, k->n, reads, sizeof reads);
    if (s->n <= 12)
        snprintf(s->list + at, sizeof s->list - at, "\n  line %u [%s] %.*s: %.*s -> %.*s%.*s "
                 "(%s)", line, sec, (int)klen, key, (int)k->n, k->t, (int)k->sign, k->t,
                 (int)(k->n - keep), k->t + keep, reads);
    return 0;
}

/* The value's tokens: all integers, or the value is left alone (see the rule above). */
static int scan_value(struct scan *s, const char *v, const char *end, unsigned line,
                      const char *sec, const char *key, size_t klen)
{
    for (const char *p = v; p < end;) {
        size_t n = strcspn(p, " \n");
        if (n && !is_int(p, n < (size_t)(end - p) ? n : (size_t)(end - p)))
            return 0;
        p += n + (n == 0);
    }
    for (const char *p = v; p < end;) {
        struct token k = { p, strcspn(p, " \n"), 0, 0 };
        if (k.n > (size_t)(end - p))
            k.n = (size_t)(end - p);
        if (k.n && (k.zeros = zeros(p, k.n, &k.sign)) &&
            add_edit(s, &k, line, sec, key, klen) != 0)
            return -1;
        p += k.n + (k.n == 0);
    }
    return 0;
}

/* One line [p, end): a header sets the section; a key=value under one is scanned. */
static int scan_line(struct scan *s, const char *p, const char *end, unsigned line, char *sec,
                     size_t cap)
{
    while (p < end && strchr(" \t\r\v\f", *p))
        p++;                                       /* gem5: f >> std::ws */
    const char *last = end;
    while (last > p && (last[-1] == ' ' || last[-1] == '\r'))
        last--;   /* trailing spaces, and a CRLF's \r: fixable before or after the line ends */
    if (p < last && *p == '[' && last[-1] == ']') {
        snprintf(sec, cap, "%.*s", (int)(last - p - 2), p + 1);
        return 0;
    }
    const char *eq = memchr(p, '=', (size_t)(end - p));
    if (!sec[0] || !eq)
        return 0;
    const char *k = p, *ke = eq;
    while (ke > k && (ke[-1] == ' ' || ke[-1] == '+'))
        ke--;                                      /* "key+=value" appends */
    if ((size_t)(ke - k) == 8 && !memcmp(k, "filename", 8))
        return 0;
    const char *v = eq + 1;
    while (v < last && *v == ' ')
        v++;
    return scan_value(s, v, last, line, sec, k, (size_t)(ke - k));
}

static int scan_all(struct scan *s)
{
    char sec[256] = "";
    unsigned line = 1;
    for (const char *p = s->data, *end = s->data + s->len; p < end; line++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *e = nl ? nl : end;
        if (scan_line(s, p, e, line, sec, sizeof sec) != 0)
            return -1;
        p = nl ? nl + 1 : end;
    }
    return 0;
}

int kb_fix_plan_octal(const char *args, const struct kb_fix_opts *o, struct kb_fix_plan *p,
                      char *err)
{
    (void)args;
    char path[KB_FIX_PATH];
    struct scan s = { 0 };
    char *data;
    bool existed;
    if (kb_fix_cpt_file(o, "m5cpt-octal", path, sizeof path, err) != 0 ||
        patch_read(path, &data, &s.len, &existed, err) != 0)
        return -1;
    s.data = data;
    int rc = !existed ? err_set(err, "%s does not exist", path)
           : scan_all(&s) != 0 ? err_set(err, "out of memory")
           : kb_fix_preview(p, path, data, s.len, s.ed, s.n, err);
    if (rc == 0 && s.n)
        kb_fix_say(p, "remove the leading zeros of %zu integer value%s in %s, which gem5 reads "
                   "as octal (it writes integers in decimal, so they were meant decimal):%s%s",
                   s.n, s.n == 1 ? "" : "s", path, s.list, s.n > 12 ? "\n  ... (all in the diff)" : "");
    else if (rc == 0)
        kb_fix_say(p, "%s has no integer with a leading zero: nothing to change", path);
    free(s.ed);
    free(data);
    return rc;
}

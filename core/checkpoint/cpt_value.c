/* Reading the m5.cpt model: sections, entries, the value gem5 sees for a key, and typed
 * values parsed as gem5's ParseParam does, refusing what gem5 would silently misread. */
#include "core/checkpoint/cpt_impl.h"
#include "core/util/err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define QUOTE_MAX 60

/* ---- read access ---- */

size_t cpt_section_count(const struct cpt *c)
{
    return c ? c->nsecs : 0;
}

const char *cpt_section_name(const struct cpt *c, size_t i)
{
    return c && i < c->nsecs ? cpt_sec_name(&c->secs[i]) : NULL;
}

long cpt_section_find(const struct cpt *c, const char *name)
{
    const struct cpt_section *s = cpt_section_get(c, name);
    return s ? (long)(s - c->secs) : -1;
}

size_t cpt_section_line(const struct cpt *c, size_t i)
{
    return c && i < c->nsecs ? c->secs[i].lines[c->secs[i].lead].lineno : 0;
}

size_t cpt_entry_count(const struct cpt *c, size_t i)
{
    return c && i < c->nsecs ? c->secs[i].nentries : 0;
}

static const struct cpt_line *entry_line(const struct cpt *c, size_t i, size_t k)
{
    if (!c || i >= c->nsecs || k >= c->secs[i].nentries)
        return NULL;
    return &c->secs[i].lines[c->secs[i].entries[k]];
}

const char *cpt_entry_key(const struct cpt *c, size_t i, size_t k)
{
    const struct cpt_line *l = entry_line(c, i, k);
    return l ? cpt_line_key(l) : NULL;
}

const char *cpt_entry_value(const struct cpt *c, size_t i, size_t k)
{
    const struct cpt_line *l = entry_line(c, i, k);
    return l ? cpt_line_value(l) : NULL;
}

/* What gem5 makes of "key=a" followed by "key+=b" lines: "a b" (appendValue adds " " + b).
 * k is the last line of key; walks back to the last plain "key=" (or the first line). */
static char *join_appends(const struct cpt_section *s, size_t k, const char *key)
{
    size_t first = k, total = strlen(cpt_line_value(&s->lines[k]));
    for (size_t i = k; s->lines[first].append && i-- > s->lead + 1;) {
        const struct cpt_line *l = &s->lines[i];
        if (l->kind == CPT_ENTRY && strcmp(cpt_line_key(l), key) == 0) {
            first = i;
            total += 1 + strlen(cpt_line_value(l));
        }
    }
    char *out = malloc(total + 1), *o = out;
    if (!out)
        return NULL;
    for (size_t i = first; i <= k; i++) {
        const struct cpt_line *l = &s->lines[i];
        if (l->kind != CPT_ENTRY || strcmp(cpt_line_key(l), key) != 0)
            continue;
        if (i != first)
            *o++ = ' ';
        size_t n = strlen(cpt_line_value(l));
        memcpy(o, cpt_line_value(l), n);
        o += n;
    }
    *o = '\0';
    return out;
}

const char *cpt_get(const struct cpt *c, const char *section, const char *key)
{
    struct cpt_section *s = key ? cpt_section_get(c, section) : NULL;
    long k = s ? cpt_last_entry(s, key) : -1;
    if (k < 0)
        return NULL;
    struct cpt_line *l = &s->lines[k];
    if (!l->append)
        return cpt_line_value(l);
    /* Built once and kept on the line: an edit of that line frees it. */
    if (!l->joined)
        l->joined = join_appends(s, (size_t)k, key);
    return l->joined;
}

/* A number as strtoull(s, NULL, 0) sees it, which is what std::stoull(s, nullptr, 0) does. */
struct num {
    bool neg, overflow, digits;
    unsigned base;
    uint64_t mag;
    size_t stop;      /* first byte that is not part of the number */
    size_t end;       /* first byte after it and any spaces or tabs that follow */
};

static unsigned digit_val(char ch)
{
    if (ch >= '0' && ch <= '9')
        return (unsigned)(ch - '0');
    if (ch >= 'a' && ch <= 'f')
        return (unsigned)(ch - 'a' + 10);
    if (ch >= 'A' && ch <= 'F')
        return (unsigned)(ch - 'A' + 10);
    return 99;
}

static char at(const char *t, size_t len, size_t i)
{
    return i < len ? t[i] : '\0';
}

static bool is_blank(char ch)
{
    return ch == ' ' || ch == '\t';
}

static void scan_num(const char *t, size_t len, struct num *n)
{
    size_t i = 0;
    *n = (struct num){ .base = 10 };
    while (is_blank(at(t, len, i)))
        i++;
    if (at(t, len, i) == '+' || at(t, len, i) == '-')
        n->neg = t[i++] == '-';
    if (at(t, len, i) == '0' && (at(t, len, i + 1) | 0x20) == 'x' &&
        digit_val(at(t, len, i + 2)) < 16) {
        n->base = 16;
        i += 2;
    } else if (at(t, len, i) == '0') {
        n->base = 8;      /* a leading 0 means octal to stoull */
    }
    for (unsigned d; (d = digit_val(at(t, len, i))) < n->base; i++) {
        n->digits = true;
        if (n->mag > (UINT64_MAX - d) / n->base)
            n->overflow = true;
        else
            n->mag = n->mag * n->base + d;
    }
    n->stop = i;
    while (is_blank(at(t, len, i)))
        i++;
    n->end = i;
}

/* Why t is not an integer gem5 would read correctly, or NULL when it is. */
static const char *int_problem(const char *t, size_t len, const struct num *n, bool is_signed,
                               char *buf, size_t buflen)
{
    size_t i = 0;
    while (i < len && is_blank(t[i]))
        i++;
    if (i == len)
        return "it is empty";
    if (!n->digits)
        return "it has no digits";
    if (memchr(t, 'e', len))
        return "gem5 rejects any integer containing a lowercase 'e'; write hex digits in "
               "upper case";
    if (n->end < len) {
        char ch = t[n->stop];
        if (n->base == 8 && (ch == '8' || ch == '9'))
            return "a leading 0 makes it octal to gem5, and 8 and 9 are not octal digits";
        snprintf(buf, buflen, "'%.*s' follows the number, which gem5 would silently ignore",
                 (int)(len - n->end > 20 ? 20 : len - n->end), t + n->end);
        return buf;
    }
    if (!is_signed && n->neg)
        return "it is negative, which gem5's stoull would wrap around to a huge number";
    if (n->overflow || (is_signed && n->mag > (uint64_t)INT64_MAX + n->neg))
        return is_signed ? "it is outside the signed 64-bit range" : "it is larger than 2^64-1";
    return NULL;
}

/* Reads t[0..len) into n; on a problem fills err as "<what>: value '...' is not ...". */
static int parse_int(const char *t, size_t len, bool is_signed, struct num *n, const char *what,
                     char *err)
{
    char buf[96];
    scan_num(t, len, n);
    const char *why = int_problem(t, len, n, is_signed, buf, sizeof buf);
    if (!why)
        return 0;
    return err_set(err, "%s: value '%.*s%s' is not %s (%s)", what ? what : "number",
                   (int)(len > QUOTE_MAX ? QUOTE_MAX : len), t, len > QUOTE_MAX ? "..." : "",
                   is_signed ? "an integer" : "an unsigned integer", why);
}

int cpt_parse_u64(const char *text, uint64_t *out, const char *what, char *err)
{
    struct num n;
    if (parse_int(text ? text : "", text ? strlen(text) : 0, false, &n, what, err))
        return -1;
    *out = n.mag;
    return 0;
}

int cpt_parse_i64(const char *text, int64_t *out, const char *what, char *err)
{
    struct num n;
    if (parse_int(text ? text : "", text ? strlen(text) : 0, true, &n, what, err))
        return -1;
    /* mag is at most 2^63 here, and 2^63 only when negative */
    *out = n.neg ? (int64_t)(0 - n.mag) : (int64_t)n.mag;
    return 0;
}

/* ---- getters ---- */

static const char *value_of(const struct cpt *c, const char *sec, const char *key, char *err)
{
    const struct cpt_section *s = cpt_section_get(c, sec);
    if (!s) {
        err_set(err, "%s: no section [%s]", c->name, sec ? sec : "");
        return NULL;
    }
    const char *v = cpt_get(c, sec, key);
    if (!v && key && cpt_last_entry(s, key) >= 0)
        err_set(err, "%s: out of memory reading [%s] %s", c->name, sec, key);
    else if (!v)
        err_set(err, "%s: [%s] has no key '%s'", c->name, sec, key ? key : "");
    return v;
}

static void name_value(const struct cpt *c, const char *sec, const char *key, char *what)
{
    snprintf(what, ERR_LEN, "%s: [%s] %s", c->name, sec, key);
}

int cpt_get_u64(const struct cpt *c, const char *section, const char *key, uint64_t *out,
                char *err)
{
    char what[ERR_LEN];
    const char *v = value_of(c, section, key, err);
    if (!v)
        return -1;
    name_value(c, section, key, what);
    return cpt_parse_u64(v, out, what, err);
}

int cpt_get_i64(const struct cpt *c, const char *section, const char *key, int64_t *out,
                char *err)
{
    char what[ERR_LEN];
    const char *v = value_of(c, section, key, err);
    if (!v)
        return -1;
    name_value(c, section, key, what);
    return cpt_parse_i64(v, out, what, err);
}

/* gem5's to_bool: lower-case the whole value, then compare. */
static bool same_word(const char *v, const char *lower)
{
    for (; *v && *lower; v++, lower++) {
        char ch = *v >= 'A' && *v <= 'Z' ? (char)(*v + 32) : *v;
        if (ch != *lower)
            return false;
    }
    return *v == *lower;
}

int cpt_get_bool(const struct cpt *c, const char *section, const char *key, bool *out, char *err)
{
    const char *v = value_of(c, section, key, err);
    if (!v)
        return -1;
    if (same_word(v, "true") || same_word(v, "false")) {
        *out = same_word(v, "true");
        return 0;
    }
    return err_set(err, "%s: [%s] %s: value '%.*s%s' is not a bool (gem5 accepts only true or "
                   "false, in any case)", c->name, section, key, QUOTE_MAX, v,
                   strlen(v) > QUOTE_MAX ? "..." : "");
}

/* ---- containers: elements split on spaces, runs of spaces skipped (gem5's tokenize) ---- */

/* Finds the next element at or after *pos; returns its length (0 at the end). */
static size_t next_item(const char *v, size_t *pos)
{
    while (v[*pos] == ' ')
        (*pos)++;
    size_t n = 0;
    while (v[*pos + n] && v[*pos + n] != ' ')
        n++;
    return n;
}

static size_t count_items(const char *v)
{
    size_t count = 0, n;
    for (size_t pos = 0; (n = next_item(v, &pos)) > 0; pos += n)
        count++;
    return count;
}

void cpt_list_free(char **items, size_t count)
{
    if (!items)
        return;
    for (size_t i = 0; i < count; i++)
        free(items[i]);
    free(items);
}

int cpt_get_list(const struct cpt *c, const char *section, const char *key, char ***items,
                 size_t *count, char *err)
{
    const char *v = value_of(c, section, key, err);
    if (!v)
        return -1;
    size_t total = count_items(v), pos = 0, n;
    char **arr = calloc(total + 1, sizeof *arr);    /* NULL-terminated as a bonus */
    if (!arr)
        return err_set(err, "%s: out of memory reading [%s] %s", c->name, section, key);
    for (size_t i = 0; i < total; i++, pos += n) {
        n = next_item(v, &pos);
        arr[i] = strndup(v + pos, n);
        if (!arr[i]) {
            cpt_list_free(arr, i);
            return err_set(err, "%s: out of memory reading [%s] %s", c->name, section, key);
        }
    }
    *items = arr;
    *count = total;
    return 0;
}

int cpt_get_u64_list(const struct cpt *c, const char *section, const char *key,
                     uint64_t **values, size_t *count, char *err)
{
    const char *v = value_of(c, section, key, err);
    if (!v)
        return -1;
    size_t total = count_items(v), pos = 0, n;
    uint64_t *arr = malloc((total ? total : 1) * sizeof *arr);
    if (!arr)
        return err_set(err, "%s: out of memory reading [%s] %s", c->name, section, key);
    for (size_t i = 0; i < total; i++, pos += n) {
        struct num num;
        n = next_item(v, &pos);
        if (parse_int(v + pos, n, false, &num, NULL, NULL) == 0) {
            arr[i] = num.mag;
            continue;
        }
        char what[ERR_LEN];   /* named only on error: lists run to tens of thousands */
        snprintf(what, sizeof what, "%s: [%s] %s element %zu", c->name, section, key, i + 1);
        parse_int(v + pos, n, false, &num, what, err);
        free(arr);
        return -1;
    }
    *values = arr;
    *count = total;
    return 0;
}

/* libFuzzer target for the m5.cpt model (core/checkpoint/cpt.h). Each input is a whole
 * m5.cpt. It is parsed, and also read by a small reference model of the documented
 * grammar; the two must agree on accept/reject (and the error's line), sections, entries
 * and the value gem5 sees for each key. An accepted file must write back byte for byte;
 * typed getters must agree with each other; then a few edits (chosen from a hash of the
 * input) are applied to both the cpt and the model: a failed edit must change nothing,
 * a successful one must write a file that parses again to exactly the model.
 * Any violated invariant abort()s, so libFuzzer records the input.
 *
 * fuzz-seeds: *.cpt
 */
#include "core/checkpoint/cpt.h"
#include "core/util/err.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define NAME "fuzz.cpt"
/* Bounds on the quadratic checks, so that large seeds still run quickly. */
#define MAX_VIEW_CHECKS 256
#define MAX_GETTER_CHECKS 512
#define MAX_GETTER_BYTES (64 * 1024)   /* value bytes read by typed getters per input */

static void violated(const char *fmt, ...) __attribute__((format(__printf__, 1, 2), noreturn));

static void violated(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("fuzz_cpt: invariant violated: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    abort();
}

#define CHECK(cond, ...) do { if (!(cond)) violated(__VA_ARGS__); } while (0)

static char *dupn(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (!p)
        abort();
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

static char *dup(const char *s) { return dupn(s, strlen(s)); }

static void *grow(void *p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return p;
    size_t n = *cap ? *cap * 2 : 8;
    while (n < need)
        n *= 2;
    p = realloc(p, n * elem);
    if (!p)
        abort();
    *cap = n;
    return p;
}

/* ---- the reference model ---- */

struct ment { char *key, *val; bool append; };
struct msec { char *name; size_t line; struct ment *e; size_t n, cap; };
struct model {
    struct msec *s;
    size_t n, cap;
    bool ok;
    size_t err_line;
    size_t crlf_lines;     /* lines ending in \r\n */
    bool no_final_nl;      /* the last line has no '\n' */
};

static void model_free(struct model *m)
{
    for (size_t i = 0; i < m->n; i++) {
        for (size_t k = 0; k < m->s[i].n; k++) {
            free(m->s[i].e[k].key);
            free(m->s[i].e[k].val);
        }
        free(m->s[i].e);
        free(m->s[i].name);
    }
    free(m->s);
    memset(m, 0, sizeof *m);
}

static long model_find(const struct model *m, const char *name)
{
    for (size_t i = 0; i < m->n; i++)
        if (strcmp(m->s[i].name, name) == 0)
            return (long)i;
    return -1;
}

static struct msec *model_add_section(struct model *m, char *name, size_t line)
{
    m->s = grow(m->s, &m->cap, m->n + 1, sizeof *m->s);
    struct msec *s = &m->s[m->n++];
    *s = (struct msec){ .name = name, .line = line };
    return s;
}

static void msec_push(struct msec *s, char *key, char *val, bool append)
{
    s->e = grow(s->e, &s->cap, s->n + 1, sizeof *s->e);
    s->e[s->n++] = (struct ment){ key, val, append };
}

/* The grammar of cpt.h and cpt.c's comments: lines end at '\n' (a '\r' before it is part
 * of the line end); any byte below 0x20 but tab, or 0x7f, is an error; leading spaces and
 * tabs and trailing spaces are dropped; blank lines are fine; "[name]" is a header (name
 * trimmed of spaces, not empty, not repeated); before the first header only '#' lines;
 * otherwise "key=value" or "key+=value" with a non-empty key (trailing spaces dropped)
 * and the value's leading spaces dropped; at least one section. */
static void model_parse(const char *d, size_t len, struct model *m)
{
    memset(m, 0, sizeof *m);
    size_t pos = 0, lineno = 0;
    bool last_nl = true;
    while (pos < len) {
        lineno++;
        const char *t = d + pos;
        const char *nl = memchr(t, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - t) : len - pos;
        last_nl = nl != NULL;
        if (nl && n > 0 && t[n - 1] == '\r') {
            n--;
            m->crlf_lines++;
        }
        pos = nl ? (size_t)(nl - d) + 1 : len;
        for (size_t i = 0; i < n; i++) {
            unsigned char ch = (unsigned char)t[i];
            if ((ch < 0x20 && ch != '\t') || ch == 0x7f)
                goto bad;
        }
        size_t s = 0, e = n;
        while (s < e && (t[s] == ' ' || t[s] == '\t'))
            s++;
        while (e > s && t[e - 1] == ' ')
            e--;
        if (s == e)
            continue;
        if (t[s] == '[' && t[e - 1] == ']') {
            size_t n0 = s + 1, n1 = e - 1;
            while (n0 < n1 && t[n0] == ' ')
                n0++;
            while (n1 > n0 && t[n1 - 1] == ' ')
                n1--;
            if (n0 == n1)
                goto bad;
            char *name = dupn(t + n0, n1 - n0);
            if (model_find(m, name) >= 0) {
                free(name);
                goto bad;
            }
            model_add_section(m, name, lineno);
            continue;
        }
        if (m->n == 0) {
            if (t[s] != '#')
                goto bad;
            continue;
        }
        const char *eq = memchr(t + s, '=', e - s);
        if (!eq || eq == t + s)
            goto bad;
        size_t q = (size_t)(eq - t);
        bool append = t[q - 1] == '+';
        size_t kend = q - (append ? 1 : 0), v = q + 1;
        while (kend > s && t[kend - 1] == ' ')
            kend--;
        if (kend == s)
            goto bad;
        while (v < e && t[v] == ' ')
            v++;
        msec_push(&m->s[m->n - 1], dupn(t + s, kend - s), dupn(t + v, e > v ? e - v : 0), append);
    }
    if (m->n == 0) {
        lineno = 1;
        goto bad;
    }
    m->no_final_nl = !last_nl;
    m->ok = true;
    return;
bad:
    m->err_line = lineno;
    m->ok = false;
}

/* What gem5 sees for section s's entry k's key: the last plain "key=" and the "key+="
 * lines after it, joined by one space (or all the appends when there is no plain one). */
static char *model_view(const struct msec *s, const char *key)
{
    size_t last = SIZE_MAX, first;
    for (size_t k = s->n; k-- > 0;)
        if (strcmp(s->e[k].key, key) == 0) {
            last = k;
            break;
        }
    if (last == SIZE_MAX)
        return NULL;
    first = last;
    for (size_t k = last; s->e[first].append && k-- > 0;)
        if (strcmp(s->e[k].key, key) == 0)
            first = k;
    size_t total = 1;
    for (size_t k = first; k <= last; k++)
        if (strcmp(s->e[k].key, key) == 0)
            total += strlen(s->e[k].val) + 1;
    char *out = malloc(total), *o = out;
    if (!out)
        abort();
    for (size_t k = first; k <= last; k++) {
        if (strcmp(s->e[k].key, key) != 0)
            continue;
        if (k != first)
            *o++ = ' ';
        size_t n = strlen(s->e[k].val);
        memcpy(o, s->e[k].val, n);
        o += n;
    }
    *o = '\0';
    return out;
}

/* ---- comparing the cpt with a model ---- */

static void check_against(const struct cpt *c, const struct model *m, bool lines, const char *when)
{
    CHECK(cpt_section_count(c) == m->n, "%s: %zu sections, model has %zu", when,
          cpt_section_count(c), m->n);
    CHECK(cpt_section_name(c, m->n) == NULL, "%s: a name for section %zu of %zu", when, m->n, m->n);
    CHECK(cpt_entry_count(c, m->n) == 0, "%s: entries in a section past the end", when);
    size_t views = 0;
    for (size_t i = 0; i < m->n; i++) {
        const struct msec *s = &m->s[i];
        const char *name = cpt_section_name(c, i);
        CHECK(name && strcmp(name, s->name) == 0, "%s: section %zu is '%s', model '%s'", when, i,
              name ? name : "(null)", s->name);
        CHECK(cpt_section_find(c, s->name) == (long)i, "%s: cpt_section_find('%s') = %ld, not %zu",
              when, s->name, cpt_section_find(c, s->name), i);
        if (lines)
            CHECK(cpt_section_line(c, i) == s->line, "%s: [%s] at line %zu, model %zu", when,
                  s->name, cpt_section_line(c, i), s->line);
        CHECK(cpt_entry_count(c, i) == s->n, "%s: [%s] has %zu entries, model %zu", when, s->name,
              cpt_entry_count(c, i), s->n);
        CHECK(cpt_entry_key(c, i, s->n) == NULL && cpt_entry_value(c, i, s->n) == NULL,
              "%s: [%s] entry past the end", when, s->name);
        for (size_t k = 0; k < s->n; k++) {
            const char *key = cpt_entry_key(c, i, k), *val = cpt_entry_value(c, i, k);
            CHECK(key && strcmp(key, s->e[k].key) == 0, "%s: [%s] entry %zu key '%s', model '%s'",
                  when, s->name, k, key ? key : "(null)", s->e[k].key);
            CHECK(val && strcmp(val, s->e[k].val) == 0,
                  "%s: [%s] %s (entry %zu) value '%s', model '%s'", when, s->name, key, k,
                  val ? val : "(null)", s->e[k].val);
            if (views >= MAX_VIEW_CHECKS)
                continue;
            views++;
            char *want = model_view(s, s->e[k].key);
            const char *got = cpt_get(c, s->name, s->e[k].key);
            CHECK(got && strcmp(got, want) == 0, "%s: cpt_get [%s] %s = '%s', gem5 sees '%s'",
                  when, s->name, s->e[k].key, got ? got : "(null)", want);
            free(want);
        }
    }
}

static char *write_all(const struct cpt *c, size_t *len, const char *when)
{
    char *out = NULL, err[ERR_LEN] = "";
    CHECK(cpt_write_buffer(c, &out, len, err) == 0, "%s: cpt_write_buffer failed: %s", when, err);
    CHECK(out && out[*len] == '\0', "%s: written buffer is not NUL-terminated", when);
    return out;
}

static void check_warnings(const struct cpt *c, const struct model *m, size_t nlines)
{
    size_t n = cpt_warning_count(c), serious = 0;
    CHECK(n <= 200, "%zu warnings, more than the 200 kept", n);
    CHECK(cpt_warning_at(c, n) == NULL, "a warning past the end");
    for (size_t i = 0; i < n; i++) {
        const struct cpt_warning *w = cpt_warning_at(c, i);
        CHECK(w, "warning %zu is NULL", i);
        CHECK(memchr(w->text, '\0', sizeof w->text) != NULL && w->text[0],
              "warning %zu text is empty or not terminated", i);
        CHECK(w->line >= 1 && w->line <= nlines, "warning %zu at line %zu of %zu", i, w->line,
              nlines);
        serious += w->serious;
    }
    size_t want = (m->crlf_lines > 0) + m->no_final_nl;
    CHECK(serious <= want, "%zu serious warnings, expected at most %zu", serious, want);
    if (n < 199)    /* nothing was dropped: each serious problem has its warning */
        CHECK(serious == want, "%zu serious warnings for %zu CRLF lines and %s final newline",
              serious, m->crlf_lines, m->no_final_nl ? "no" : "a");
}

/* ---- typed getters ---- */

static bool is_u64_text(const char *v, uint64_t *out)
{
    char err[ERR_LEN];
    return cpt_parse_u64(v, out, "x", err) == 0;
}

static void check_err(int rc, const char *err, const char *what)
{
    if (rc != 0)
        CHECK(err[0] && strnlen(err, ERR_LEN) < ERR_LEN, "%s failed without a message", what);
}

static void check_getters(const struct cpt *c, const char *sec, const char *key)
{
    const char *v = cpt_get(c, sec, key);
    CHECK(v, "cpt_get [%s] %s is NULL for a key that is there", sec, key);
    char err[ERR_LEN] = "";
    uint64_t u = 0;
    int64_t i = 0;
    bool b = false;

    int ru = cpt_get_u64(c, sec, key, &u, err);
    check_err(ru, err, "cpt_get_u64");
    if (ru == 0) {
        uint64_t u2 = 0;
        CHECK(is_u64_text(v, &u2) && u2 == u, "cpt_get_u64 [%s] %s disagrees with cpt_parse_u64",
              sec, key);
        char buf[64];
        snprintf(buf, sizeof buf, "%llu", (unsigned long long)u);
        CHECK(is_u64_text(buf, &u2) && u2 == u, "u64 %s does not read back", buf);
        snprintf(buf, sizeof buf, "0x%llX", (unsigned long long)u);
        CHECK(is_u64_text(buf, &u2) && u2 == u, "u64 %s does not read back", buf);
        if (u <= (uint64_t)INT64_MAX) {
            err[0] = '\0';
            CHECK(cpt_get_i64(c, sec, key, &i, err) == 0 && (uint64_t)i == u,
                  "[%s] %s reads as u64 %llu but not as the same i64: %s", sec, key,
                  (unsigned long long)u, err);
        }
    }
    err[0] = '\0';
    int ri = cpt_get_i64(c, sec, key, &i, err);
    check_err(ri, err, "cpt_get_i64");
    if (ri == 0) {
        char buf[64];
        int64_t i2 = 0;
        snprintf(buf, sizeof buf, "%lld", (long long)i);
        CHECK(cpt_parse_i64(buf, &i2, "x", err) == 0 && i2 == i, "i64 %s does not read back", buf);
    }

    err[0] = '\0';
    int rb = cpt_get_bool(c, sec, key, &b, err);
    check_err(rb, err, "cpt_get_bool");
    bool is_t = strcasecmp(v, "true") == 0, is_f = strcasecmp(v, "false") == 0;
    CHECK((rb == 0) == (is_t || is_f), "cpt_get_bool [%s] %s on '%s' returned %d", sec, key, v, rb);
    if (rb == 0)
        CHECK(b == is_t, "cpt_get_bool [%s] %s on '%s' gave %d", sec, key, v, b);

    char **items = NULL;
    size_t n = 0;
    err[0] = '\0';
    int rl = cpt_get_list(c, sec, key, &items, &n, err);
    CHECK(rl == 0, "cpt_get_list [%s] %s failed: %s", sec, key, err);
    /* the items joined by one space are the value with runs of spaces squeezed and the
     * ends trimmed */
    size_t vl = strlen(v), w = 0;
    char *squeezed = malloc(vl + 1);
    if (!squeezed)
        abort();
    for (size_t p = 0; p < vl; p++)
        if (v[p] != ' ' || (w > 0 && squeezed[w - 1] != ' '))
            squeezed[w++] = v[p];
    if (w > 0 && squeezed[w - 1] == ' ')
        w--;
    squeezed[w] = '\0';
    size_t at = 0;
    bool all_u64 = true;
    for (size_t k = 0; k < n; k++) {
        size_t il = strlen(items[k]);
        CHECK(il > 0 && !strchr(items[k], ' '), "list item %zu of [%s] %s is empty or has a space",
              k, sec, key);
        if (k > 0) {
            CHECK(squeezed[at] == ' ', "list items of [%s] %s do not rebuild the value", sec, key);
            at++;
        }
        CHECK(strncmp(squeezed + at, items[k], il) == 0,
              "list item %zu '%s' of [%s] %s is not in the value", k, items[k], sec, key);
        at += il;
        uint64_t x;
        all_u64 = all_u64 && is_u64_text(items[k], &x);
    }
    CHECK(at == w, "list of [%s] %s covers %zu of %zu bytes", sec, key, at, w);
    CHECK(items || n == 0, "cpt_get_list [%s] %s gave no array", sec, key);

    uint64_t *vals = NULL;
    size_t nv = 0;
    err[0] = '\0';
    int rv = cpt_get_u64_list(c, sec, key, &vals, &nv, err);
    check_err(rv, err, "cpt_get_u64_list");
    CHECK((rv == 0) == all_u64, "cpt_get_u64_list [%s] %s returned %d, items all u64: %d", sec,
          key, rv, all_u64);
    if (rv == 0) {
        CHECK(nv == n, "u64 list of [%s] %s has %zu values, list %zu items", sec, key, nv, n);
        for (size_t k = 0; k < n; k++) {
            uint64_t x = 0;
            is_u64_text(items[k], &x);
            CHECK(x == vals[k], "u64 list of [%s] %s element %zu differs", sec, key, k);
        }
        free(vals);
    }
    cpt_list_free(items, n);
    free(squeezed);
}

static void check_missing(const struct cpt *c, const struct model *m)
{
    char err[ERR_LEN] = "";
    uint64_t u;
    const char *sec = m->n ? m->s[0].name : "x";
    const char *nosec = "\x01 no such section";
    CHECK(cpt_get(c, nosec, "k") == NULL, "cpt_get in a missing section");
    CHECK(cpt_get(c, sec, "\x01") == NULL, "cpt_get of a missing key");
    CHECK(cpt_get(c, sec, NULL) == NULL, "cpt_get of a NULL key");
    CHECK(cpt_section_find(c, nosec) == -1, "cpt_section_find of a missing section");
    CHECK(cpt_get_u64(c, nosec, "k", &u, err) == -1 && err[0], "u64 in a missing section");
    err[0] = '\0';
    CHECK(cpt_get_u64(c, sec, "\x01", &u, err) == -1 && err[0], "u64 of a missing key");
}

/* ---- edits ---- */

static uint64_t rng;

static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static const char *const extra_names[] = {
    "fuzz", "fuzz.new", "root", "a", " sp", "sp ", "a]b", "[x", "", "#c", "t\tab", "x\ty",
    "\tx", "new\nline", "\x7f",
};
static const char *const extra_keys[] = {
    "k", "x", "", " k", "k ", "k=v", "[k", "k+", "#k", "k\t", "a b", "\tk", "k\n", "k\r",
};
static const char *const extra_vals[] = {
    "", "0", "1", "0x1F", "-5", "0755", "TRUE", "false", "1 2  3", " v", "v ", "v\tw", "\tv",
    "a=b", "x\ny", "\x7f", "\xc3\xa9", "[s]", "18446744073709551616", "1e3",
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* A string for an edit: one from the model (the input chooses them) or a tricky one. */
static const char *pick_name(const struct model *m)
{
    if (m->n && next() % 4)
        return m->s[next() % m->n].name;
    return extra_names[next() % COUNT(extra_names)];
}

/* A name for a section to add or rename to: mostly one not there yet (an existing name with
 * a suffix), sometimes an existing or a tricky one. Malloc'ed. */
static char *pick_new_name(const struct model *m)
{
    uint64_t r = next() % 4;
    if (r < 2 && m->n) {
        const char *base = m->s[next() % m->n].name;
        size_t n = strlen(base);
        char *p = malloc(n + 4);
        if (!p)
            abort();
        memcpy(p, base, n);
        memcpy(p + n, ".fz", 4);
        return p;
    }
    return dup(pick_name(m));
}

static const struct ment *pick_entry(const struct model *m)
{
    size_t total = 0;
    for (size_t i = 0; i < m->n; i++)
        total += m->s[i].n;
    if (total == 0)
        return NULL;
    size_t k = next() % total;
    for (size_t i = 0; i < m->n; i++) {
        if (k < m->s[i].n)
            return &m->s[i].e[k];
        k -= m->s[i].n;
    }
    return NULL;
}

static const char *pick_key(const struct model *m, const struct msec *sec)
{
    if (sec && sec->n && next() % 4)
        return sec->e[next() % sec->n].key;
    const struct ment *e = next() % 2 ? pick_entry(m) : NULL;
    return e ? e->key : extra_keys[next() % COUNT(extra_keys)];
}

/* The checks of cpt_edit.c that an existing key and value always pass. */
static bool plain_key(const char *key)
{
    size_t n = strlen(key);
    return n > 0 && key[0] != '[' && key[n - 1] != '+';
}

/* Applies one random edit to c and m. On failure c must be unchanged (the caller checks);
 * on success m gets the same change. Returns whether it succeeded. */
static bool edit_once(struct cpt *c, struct model *m, char *what, size_t wlen)
{
    char err[ERR_LEN] = "";
    int rc;
    switch (next() % 5) {
    case 0: {     /* set */
        char *sec = dup(pick_name(m));
        long si = model_find(m, sec);
        char *key = dup(pick_key(m, si >= 0 ? &m->s[si] : NULL));
        bool from_file = false;
        if (si >= 0)
            for (size_t k = 0; k < m->s[si].n && !from_file; k++)
                from_file = strcmp(m->s[si].e[k].key, key) == 0;
        const struct ment *ve = next() % 2 ? pick_entry(m) : NULL;
        char *val = dup(ve ? ve->val : extra_vals[next() % COUNT(extra_vals)]);
        snprintf(what, wlen, "cpt_set [%s] '%s' = '%s'", sec, key, val);
        rc = cpt_set(c, sec, key, val, err);
        check_err(rc, err, what);
        if (rc == 0) {
            CHECK(si >= 0, "%s succeeded on a missing section", what);
            struct msec *s = &m->s[si];
            size_t k = s->n;
            while (k-- > 0 && strcmp(s->e[k].key, key) != 0) {
            }
            if (k < s->n) {
                free(s->e[k].val);
                s->e[k].val = val;
                s->e[k].append = false;
                val = NULL;
            } else {
                msec_push(s, key, val, false);
                key = val = NULL;
            }
        } else if (si >= 0 && from_file && plain_key(key) && ve) {
            violated("%s failed on a key and a value read from the file: %s", what, err);
        }
        free(sec);
        free(key);
        free(val);
        return rc == 0;
    }
    case 1: {     /* delete */
        char *sec = dup(pick_name(m));
        long si = model_find(m, sec);
        char *key = dup(pick_key(m, si >= 0 ? &m->s[si] : NULL));
        snprintf(what, wlen, "cpt_delete [%s] '%s'", sec, key);
        rc = cpt_delete(c, sec, key, err);
        check_err(rc, err, what);
        size_t found = 0;
        if (si >= 0) {
            struct msec *s = &m->s[si];
            size_t w = 0;
            for (size_t k = 0; k < s->n; k++) {
                if (strcmp(s->e[k].key, key) == 0) {
                    found++;
                    if (rc == 0) {
                        free(s->e[k].key);
                        free(s->e[k].val);
                        continue;
                    }
                }
                s->e[w++] = s->e[k];
            }
            s->n = w;
        }
        CHECK((rc == 0) == (found > 0), "%s returned %d with %zu lines of the key", what, rc, found);
        free(sec);
        free(key);
        return rc == 0;
    }
    case 2: {     /* add a section */
        char *name = pick_new_name(m);
        snprintf(what, wlen, "cpt_section_add [%s]", name);
        rc = cpt_section_add(c, name, err);
        check_err(rc, err, what);
        if (rc == 0) {
            CHECK(model_find(m, name) < 0, "%s succeeded on an existing section", what);
            model_add_section(m, name, 0);
            return true;
        }
        free(name);
        return false;
    }
    case 3: {     /* remove a section */
        char *name = dup(pick_name(m));
        long si = model_find(m, name);
        snprintf(what, wlen, "cpt_section_remove [%s]", name);
        rc = cpt_section_remove(c, name, err);
        check_err(rc, err, what);
        CHECK((rc == 0) == (si >= 0 && m->n > 1), "%s returned %d (section %s, %zu sections)",
              what, rc, si >= 0 ? "there" : "missing", m->n);
        if (rc == 0) {
            struct msec *s = &m->s[si];
            for (size_t k = 0; k < s->n; k++) {
                free(s->e[k].key);
                free(s->e[k].val);
            }
            free(s->e);
            free(s->name);
            memmove(s, s + 1, (m->n - (size_t)si - 1) * sizeof *s);
            m->n--;
        }
        free(name);
        return rc == 0;
    }
    default: {    /* rename a section */
        char *from = dup(pick_name(m)), *to = pick_new_name(m);
        long si = model_find(m, from), ti = model_find(m, to);
        snprintf(what, wlen, "cpt_section_rename [%s] -> [%s]", from, to);
        rc = cpt_section_rename(c, from, to, err);
        check_err(rc, err, what);
        if (rc == 0) {
            CHECK(si >= 0 && ti < 0, "%s succeeded (from %s, to %s)", what,
                  si >= 0 ? "there" : "missing", ti >= 0 ? "taken" : "free");
            free(m->s[si].name);
            m->s[si].name = to;
            to = NULL;
        }
        free(from);
        free(to);
        return rc == 0;
    }
    }
}

static void check_entries_equal(const struct model *got, const struct model *want, const char *when)
{
    CHECK(got->n == want->n, "%s: %zu sections read back, expected %zu", when, got->n, want->n);
    for (size_t i = 0; i < want->n; i++) {
        const struct msec *g = &got->s[i], *w = &want->s[i];
        CHECK(strcmp(g->name, w->name) == 0, "%s: section %zu reads back as '%s', expected '%s'",
              when, i, g->name, w->name);
        CHECK(g->n == w->n, "%s: [%s] reads back with %zu entries, expected %zu", when, w->name,
              g->n, w->n);
        for (size_t k = 0; k < w->n; k++)
            CHECK(strcmp(g->e[k].key, w->e[k].key) == 0 && strcmp(g->e[k].val, w->e[k].val) == 0 &&
                  g->e[k].append == w->e[k].append,
                  "%s: [%s] entry %zu reads back as '%s'%s'%s', expected '%s'%s'%s'", when,
                  w->name, k, g->e[k].key, g->e[k].append ? "+=" : "=", g->e[k].val, w->e[k].key,
                  w->e[k].append ? "+=" : "=", w->e[k].val);
    }
}

/* The file written after edits parses, reads as the model, and writes back unchanged. */
static void check_written(const struct cpt *c, const struct model *want, const char *when)
{
    size_t len;
    char *out = write_all(c, &len, when);
    struct model got;
    model_parse(out, len, &got);
    CHECK(got.ok, "%s: the written file is invalid at line %zu", when, got.err_line);
    check_entries_equal(&got, want, when);
    char err[ERR_LEN] = "";
    struct cpt *c2 = cpt_parse(NAME, out, len, err);
    CHECK(c2, "%s: the written file does not parse: %s", when, err);
    check_against(c2, &got, true, when);
    size_t len2;
    char *out2 = write_all(c2, &len2, when);
    CHECK(len2 == len && memcmp(out, out2, len) == 0, "%s: the written file does not round-trip",
          when);
    free(out2);
    cpt_free(c2);
    model_free(&got);
    free(out);
}

static uint64_t fnv(const uint8_t *d, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ d[i]) * 1099511628211ULL;
    return h ? h : 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    char err[ERR_LEN] = "";
    struct model m;
    model_parse(text, size, &m);
    struct cpt *c = cpt_parse(NAME, text, size, err);
    if (!c) {
        char prefix[64];
        snprintf(prefix, sizeof prefix, NAME ":%zu: ", m.err_line);
        CHECK(!m.ok, "cpt_parse refused a valid file: %s", err);
        CHECK(strnlen(err, ERR_LEN) < ERR_LEN && strncmp(err, prefix, strlen(prefix)) == 0,
              "error '%s' does not start with '%s'", err, prefix);
        model_free(&m);
        return 0;
    }
    CHECK(m.ok, "cpt_parse accepted a file the grammar refuses at line %zu", m.err_line);

    /* An unchanged file writes back byte for byte. */
    size_t len;
    char *out = write_all(c, &len, "unchanged");
    CHECK(len == size && memcmp(out, text, size) == 0,
          "unchanged file writes back %zu bytes for %zu read, or different bytes", len, size);
    free(out);

    size_t nlines = 0;
    for (size_t i = 0; i < size; i++)
        nlines += text[i] == '\n';
    nlines += size > 0 && text[size - 1] != '\n';
    check_warnings(c, &m, nlines);
    check_against(c, &m, true, "parsed");
    check_missing(c, &m);
    size_t getters = 0, bytes = 0;
    for (size_t i = 0; i < m.n && getters < MAX_GETTER_CHECKS; i++)
        for (size_t k = 0; k < m.s[i].n && getters < MAX_GETTER_CHECKS; k++, getters++) {
            const char *v = cpt_get(c, m.s[i].name, m.s[i].e[k].key);
            size_t vl = v ? strlen(v) : 0;
            if (bytes > 0 && bytes + vl > MAX_GETTER_BYTES)
                continue;    /* long lists (vector registers) are costly: a few per input */
            bytes += vl;
            check_getters(c, m.s[i].name, m.s[i].e[k].key);
        }

    /* Reading did not change what is written. */
    out = write_all(c, &len, "after reading");
    CHECK(len == size && memcmp(out, text, size) == 0, "reading the values changed the output");
    free(out);

    /* A few edits, chosen by the input's hash; each is checked against the model. */
    rng = fnv(data, size);
    size_t nedits = 1 + next() % 4;
    char what[4 * ERR_LEN] = "";
    for (size_t e = 0; e < nedits; e++) {
        size_t before_len;
        char *before = write_all(c, &before_len, "before an edit");
        if (edit_once(c, &m, what, sizeof what)) {
            check_against(c, &m, false, what);
            check_written(c, &m, what);
        } else {
            out = write_all(c, &len, what);
            CHECK(len == before_len && memcmp(out, before, len) == 0, "%s failed but changed the file",
                  what);
            free(out);
        }
        free(before);
    }
    cpt_free(c);
    model_free(&m);
    return 0;
}

/* The m5.cpt model: parses gem5's ini-like checkpoint text the way IniFile::load reads it,
 * refuses what gem5 would refuse, and writes an unchanged file back byte for byte. */
#include "core/checkpoint/cpt_impl.h"
#include "core/util/err.h"
#include "core/util/fileio.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A file with a million repeated keys must not cost a million messages. */
#define MAX_WARNINGS 200
/* Longest piece of a line quoted in a message. */
#define QUOTE_MAX 60

/* ---- small helpers shared by the module ---- */

int cpt_grow(void *arr, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap : 8;
    while (n < need) {
        if (n > SIZE_MAX / 2 / elem)
            return -1;
        n *= 2;
    }
    void *old;
    memcpy(&old, arr, sizeof old);   /* arr is a T**: read it without type punning */
    void *p = realloc(old, n * elem);
    if (!p)
        return -1;
    memcpy(arr, &p, sizeof p);
    *cap = n;
    return 0;
}

void cpt_line_free(struct cpt_line *l)
{
    if (l->owned)
        free(l->text);
    free(l->joined);
    l->text = NULL;
    l->joined = NULL;
}

static int push_line(struct cpt_line **arr, size_t *n, size_t *cap, const struct cpt_line *l)
{
    if (cpt_grow(arr, cap, *n + 1, sizeof **arr))
        return -1;
    (*arr)[(*n)++] = *l;
    return 0;
}

static int clip(size_t n)
{
    return n > QUOTE_MAX ? QUOTE_MAX : (int)n;
}

/* FNV-1a, then a 64-bit finaliser (MurmurHash3 fmix64): table slots come from the low bits,
 * which FNV alone leaves clustered for names like "key0".."key19". */
static uint64_t mix(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    return h ^ (h >> 33);
}

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return mix(h);
}

/* ---- section index: real files have thousands of sections ---- */

static size_t index_slot(const struct cpt *c, const char *name, bool *found)
{
    size_t mask = c->index_size - 1;
    for (size_t i = hash_str(name) & mask;; i = (i + 1) & mask) {
        size_t v = c->index[i];
        *found = v != 0 && strcmp(cpt_sec_name(&c->secs[v - 1]), name) == 0;
        if (v == 0 || *found)
            return i;
    }
}

static int index_rebuild(struct cpt *c)
{
    size_t size = 16;
    while (size < c->nsecs * 2 + 2)
        size *= 2;
    size_t *idx = calloc(size, sizeof *idx);
    if (!idx)
        return -1;
    free(c->index);
    c->index = idx;
    c->index_size = size;
    for (size_t i = 0; i < c->nsecs; i++) {
        bool found;
        c->index[index_slot(c, cpt_sec_name(&c->secs[i]), &found)] = i + 1;
    }
    return 0;
}

/* Indexes section i, which is already in c->secs. Only fails when the table must grow. */
int cpt_index_add(struct cpt *c, size_t i)
{
    if (c->nsecs * 2 + 2 > c->index_size)
        return index_rebuild(c);
    bool found;
    c->index[index_slot(c, cpt_sec_name(&c->secs[i]), &found)] = i + 1;
    return 0;
}

/* Linear probing deletion by backward shift: later members of the run move up unless
 * their home slot lies cyclically in (hole, j]. */
void cpt_index_drop(struct cpt *c, size_t sec, bool renumber)
{
    bool found;
    size_t mask = c->index_size - 1, hole = index_slot(c, cpt_sec_name(&c->secs[sec]), &found);
    c->index[hole] = 0;
    for (size_t j = (hole + 1) & mask; c->index[j]; j = (j + 1) & mask) {
        size_t home = hash_str(cpt_sec_name(&c->secs[c->index[j] - 1])) & mask;
        bool stays = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
        if (!stays) {
            c->index[hole] = c->index[j];
            c->index[j] = 0;
            hole = j;
        }
    }
    for (size_t k = 0; renumber && k < c->index_size; k++)
        if (c->index[k] > sec + 1)
            c->index[k]--;
}

struct cpt_section *cpt_section_get(const struct cpt *c, const char *name)
{
    if (!c || !name || c->index_size == 0)
        return NULL;
    bool found;
    size_t slot = index_slot(c, name, &found);
    return found ? &c->secs[c->index[slot] - 1] : NULL;
}

int cpt_entries_rebuild(struct cpt_section *s)
{
    size_t n = 0;
    for (size_t i = 0; i < s->nlines; i++)
        n += s->lines[i].kind == CPT_ENTRY;
    if (cpt_grow(&s->entries, &s->entries_cap, n, sizeof *s->entries))
        return -1;
    s->nentries = 0;
    for (size_t i = 0; i < s->nlines; i++)
        if (s->lines[i].kind == CPT_ENTRY)
            s->entries[s->nentries++] = i;
    return 0;
}

long cpt_last_entry(const struct cpt_section *s, const char *key)
{
    for (size_t k = s->nentries; k-- > 0;) {
        size_t i = s->entries[k];
        if (strcmp(cpt_line_key(&s->lines[i]), key) == 0)
            return (long)i;
    }
    return -1;
}

/* ---- warnings ---- */

/* Returns the warning added, or NULL when the list is full. */
static struct cpt_warning *warn(struct cpt *c, size_t line, const char *fmt, ...)
    __attribute__((format(__printf__, 3, 4)));

static struct cpt_warning *warn(struct cpt *c, size_t line, const char *fmt, ...)
{
    if (c->nwarns >= MAX_WARNINGS - 1 ||
        cpt_grow(&c->warns, &c->warns_cap, c->nwarns + 1, sizeof *c->warns)) {
        c->warns_dropped++;
        return NULL;
    }
    struct cpt_warning *w = &c->warns[c->nwarns++];
    w->line = line;
    w->serious = false;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(w->text, sizeof w->text, fmt, ap);
    va_end(ap);
    return w;
}

static void finish_warnings(struct cpt *c, size_t line)
{
    if (c->warns_dropped == 0 ||
        cpt_grow(&c->warns, &c->warns_cap, c->nwarns + 1, sizeof *c->warns))
        return;
    struct cpt_warning *w = &c->warns[c->nwarns++];
    w->line = line;
    w->serious = false;
    snprintf(w->text, sizeof w->text, "%zu more warnings are not listed", c->warns_dropped);
}

/* ---- parsing ---- */

/* Keys of the section being read, to find repeated keys in linear time. A section never
 * reopens (a repeated header is an error), so slots of earlier sections count as free and
 * the table stays as small as the largest section, which keeps it in cache. */
struct key_slot {
    const char *key;
    size_t sec, lineno;
};

struct parser {
    struct cpt *c;
    struct cpt_line *pend;       /* blank lines waiting to learn whether a header follows */
    size_t npend, pend_cap;
    struct key_slot *keys;
    size_t keys_size, keys_used, keys_sec;
    bool saw_eol;
};

static int oom(const struct cpt *c, char *err)
{
    return err_set(err, "%s: out of memory while reading it", c->name);
}

static size_t key_slot_of(const struct parser *p, const char *key)
{
    size_t mask = p->keys_size - 1;
    for (size_t i = hash_str(key) & mask;; i = (i + 1) & mask) {
        const struct key_slot *k = &p->keys[i];
        if (!k->key || k->sec != p->keys_sec || strcmp(k->key, key) == 0)
            return i;
    }
}

static int keys_grow(struct parser *p)
{
    size_t size = p->keys_size ? p->keys_size * 2 : 64;
    struct key_slot *old = p->keys, *keys = calloc(size, sizeof *keys);
    if (!keys)
        return -1;
    size_t old_size = p->keys_size;
    p->keys = keys;
    p->keys_size = size;
    for (size_t i = 0; i < old_size; i++)
        if (old[i].key && old[i].sec == p->keys_sec)
            p->keys[key_slot_of(p, old[i].key)] = old[i];
    free(old);
    return 0;
}

/* Warns when a plain "key=" overwrites an earlier value of the same key. */
static int note_key(struct parser *p, const struct cpt_line *l, char *err)
{
    struct cpt *c = p->c;
    size_t sec = c->nsecs - 1;
    if (sec != p->keys_sec) {
        p->keys_sec = sec;
        p->keys_used = 0;
    }
    if ((p->keys_used + 1) * 2 > p->keys_size && keys_grow(p))
        return oom(c, err);
    struct key_slot *k = &p->keys[key_slot_of(p, cpt_line_key(l))];
    if (!k->key || k->sec != sec) {
        *k = (struct key_slot){ cpt_line_key(l), sec, l->lineno };
        p->keys_used++;
    } else if (!l->append) {
        warn(c, l->lineno, "[%s] key '%.*s' is repeated (first at line %zu): gem5 uses the last one",
             cpt_sec_name(&c->secs[sec]), clip(strlen(k->key)), k->key, k->lineno);
    }
    return 0;
}

static int flush_pending(struct parser *p, struct cpt_line **arr, size_t *n, size_t *cap)
{
    for (size_t i = 0; i < p->npend; i++)
        if (push_line(arr, n, cap, &p->pend[i]))
            return -1;
    p->npend = 0;
    return 0;
}

static int add_header(struct parser *p, struct cpt_line *l, size_t s, size_t e, char *err)
{
    struct cpt *c = p->c;
    char *t = l->text;
    size_t n0 = s + 1, n1 = e - 1;
    while (n0 < n1 && t[n0] == ' ')
        n0++;
    while (n1 > n0 && t[n1 - 1] == ' ')
        n1--;
    if (n0 == n1)
        return err_set(err, "%s:%zu: section header '%.*s' has an empty name", c->name,
                       (size_t)l->lineno, clip(e - s), t + s);
    l->kind = CPT_HEADER;
    l->koff = (uint32_t)n0;
    l->p1 = (uint32_t)n1;
    l->b1 = t[n1];
    t[n1] = '\0';
    const struct cpt_section *dup = cpt_section_get(c, t + n0);
    if (dup)
        return err_set(err, "%s:%zu: section [%s] is repeated (first at line %zu); gem5 would "
                       "merge the two silently", c->name, (size_t)l->lineno, t + n0,
                       (size_t)dup->lines[dup->lead].lineno);
    if (cpt_grow(&c->secs, &c->secs_cap, c->nsecs + 1, sizeof *c->secs))
        return oom(c, err);
    /* The blank lines just before a header belong to its section, so removing the section
     * removes them too. */
    struct cpt_section *sec = &c->secs[c->nsecs];
    *sec = (struct cpt_section){ .lines = p->pend, .nlines = p->npend, .cap = p->pend_cap,
                                 .lead = p->npend };
    p->pend = NULL;
    p->npend = p->pend_cap = 0;
    c->nsecs++;
    if (push_line(&sec->lines, &sec->nlines, &sec->cap, l) || cpt_index_add(c, c->nsecs - 1))
        return oom(c, err);
    return 0;
}

static int add_comment(struct parser *p, struct cpt_line *l, size_t s, char *err)
{
    struct cpt *c = p->c;
    if (l->text[s] != '#')
        return err_set(err, "%s:%zu: line outside any section: only '#' comments and blank lines "
                       "may come before the first [section] header", c->name,
                       (size_t)l->lineno);
    l->kind = CPT_COMMENT;
    if (flush_pending(p, &c->prelude, &c->nprelude, &c->prelude_cap) ||
        push_line(&c->prelude, &c->nprelude, &c->prelude_cap, l))
        return oom(c, err);
    return 0;
}

/* Splits "key=value" (or "key+=value") as IniFile::Section::add does and writes the NULs
 * that end key and value. */
static int split_entry(const struct cpt *c, const char *sec, struct cpt_line *l, size_t s,
                       size_t e, char *err)
{
    char *t = l->text;
    const char *eq = memchr(t + s, '=', e - s);
    if (!eq)
        return err_set(err, "%s:%zu: entry '%.*s' in [%s] has no '='%s; gem5 would refuse the "
                       "whole file with \"Can't parse .ini line\"", c->name, (size_t)l->lineno,
                       clip(e - s), t + s, sec, t[s] == '#' ? " (gem5 has no comment syntax: "
                       "a '#' line inside a section is an entry)" : "");
    size_t q = (size_t)(eq - t);
    if (q == s)
        return err_set(err, "%s:%zu: line starts with '=': the entry has no key", c->name,
                       (size_t)l->lineno);
    l->append = t[q - 1] == '+';
    size_t kend = q - (l->append ? 1 : 0), v = q + 1;
    while (kend > s && t[kend - 1] == ' ')
        kend--;
    if (kend == s)
        return err_set(err, "%s:%zu: line starts with '+=': the entry has no key", c->name,
                       (size_t)l->lineno);
    while (v < e && t[v] == ' ')
        v++;
    l->kind = CPT_ENTRY;
    l->koff = (uint32_t)s;
    l->voff = (uint32_t)v;
    l->p1 = (uint32_t)kend;
    l->b1 = t[kend];
    l->p2 = (uint32_t)e;          /* may be the line end or the spare byte after the buffer */
    l->b2 = t[e];
    t[kend] = '\0';
    t[e] = '\0';
    return 0;
}

static int add_entry(struct parser *p, struct cpt_line *l, size_t s, size_t e, char *err)
{
    struct cpt *c = p->c;
    struct cpt_section *sec = &c->secs[c->nsecs - 1];
    if (split_entry(c, cpt_sec_name(sec), l, s, e, err))
        return -1;
    if (flush_pending(p, &sec->lines, &sec->nlines, &sec->cap) ||
        push_line(&sec->lines, &sec->nlines, &sec->cap, l) ||
        cpt_grow(&sec->entries, &sec->entries_cap, sec->nentries + 1, sizeof *sec->entries))
        return oom(c, err);
    sec->entries[sec->nentries++] = sec->nlines - 1;
    return note_key(p, l, err);
}

/* Classifies one line as gem5 sees it: leading spaces and tabs dropped (`f >> std::ws`),
 * trailing spaces (only) dropped. */
static int parse_line(struct parser *p, struct cpt_line *l, char *err)
{
    const char *t = l->text;
    size_t s = 0, e = l->len;
    while (s < e && (t[s] == ' ' || t[s] == '\t'))
        s++;
    while (e > s && t[e - 1] == ' ')
        e--;
    if (s == e) {
        l->kind = CPT_BLANK;
        return push_line(&p->pend, &p->npend, &p->pend_cap, l) ? oom(p->c, err) : 0;
    }
    if (t[s] == '[' && t[e - 1] == ']')
        return add_header(p, l, s, e, err);
    if (p->c->nsecs == 0)
        return add_comment(p, l, s, err);
    return add_entry(p, l, s, e, err);
}

/* Fills l with the line starting at pos; returns where the next one starts. */
static size_t cut_line(struct cpt *c, size_t pos, size_t lineno, struct cpt_line *l,
                       size_t *len)
{
    char *start = c->buf + pos;
    const char *nl = memchr(start, '\n', c->len - pos);
    size_t n = nl ? (size_t)(nl - start) : c->len - pos;
    unsigned char eol = nl ? CPT_EOL_LF : CPT_EOL_NONE;
    if (nl && n > 0 && start[n - 1] == '\r') {
        n--;
        eol = CPT_EOL_CRLF;
    }
    *len = n;
    *l = (struct cpt_line){ .text = start, .len = (uint32_t)n, .lineno = (uint32_t)lineno,
                            .p1 = CPT_NO_PATCH, .p2 = CPT_NO_PATCH, .eol = eol };
    return nl ? (size_t)(nl - c->buf) + 1 : c->len;
}

static int check_bytes(const struct cpt *c, const struct cpt_line *l, char *err)
{
    for (size_t i = 0; i < l->len; i++) {
        unsigned char ch = (unsigned char)l->text[i];
        if ((ch < 0x20 && ch != '\t') || ch == 0x7f)
            return err_set(err, "%s:%zu: binary data (byte 0x%02x at column %zu): this is not a "
                           "text m5.cpt", c->name, (size_t)l->lineno, ch, i + 1);
    }
    return 0;
}

static void note_eol(struct parser *p, const struct cpt_line *l)
{
    if (l->eol == CPT_EOL_NONE || p->saw_eol)
        return;
    p->c->eol = l->eol;     /* added lines follow the file's own line ends */
    p->saw_eol = true;
}

static int parse_all(struct parser *p, char *err)
{
    struct cpt *c = p->c;
    size_t pos = 0, lineno = 0, first_crlf = 0;
    struct cpt_line l = { .eol = CPT_EOL_LF };
    while (pos < c->len) {
        size_t len;
        pos = cut_line(c, pos, ++lineno, &l, &len);
        if (len > CPT_MAX_LINE)
            return err_set(err, "%s:%zu: the line is longer than 4 GiB", c->name, lineno);
        if (check_bytes(c, &l, err))
            return -1;
        note_eol(p, &l);
        if (l.eol == CPT_EOL_CRLF && first_crlf == 0) {
            first_crlf = lineno;
            struct cpt_warning *w = warn(c, lineno, "the line ends are CRLF (Windows): gem5 does "
                                         "not see '[name]\\r' as a header and would read this "
                                         "file as empty; convert it to LF line ends");
            if (w)
                w->serious = true;
        }
        if (parse_line(p, &l, err))
            return -1;
    }
    if (c->nsecs == 0)
        return err_set(err, "%s:1: %s: gem5 would restore nothing from it", c->name,
                       lineno ? "no [section] header in the file" : "the file is empty");
    struct cpt_section *last = &c->secs[c->nsecs - 1];
    if (flush_pending(p, &last->lines, &last->nlines, &last->cap))
        return oom(c, err);
    if (l.eol == CPT_EOL_NONE) {
        struct cpt_warning *w = warn(c, lineno, "the last line has no newline at the end: the "
                                     "file may be truncated");
        if (w)
            w->serious = true;
    }
    finish_warnings(c, lineno);
    return 0;
}

/* Takes ownership of buf (len + 1 bytes: the spare one lets a value end in a NUL). */
static struct cpt *parse_owned(const char *name, char *buf, size_t len, char *err)
{
    struct cpt *c = calloc(1, sizeof *c);
    if (!c) {
        free(buf);
        err_set(err, "%s: out of memory while reading it", name);
        return NULL;
    }
    c->buf = buf;
    c->len = len;
    c->eol = CPT_EOL_LF;
    c->name = strdup(name);
    if (!c->name) {
        err_set(err, "%s: out of memory while reading it", name);
        cpt_free(c);
        return NULL;
    }
    struct parser p = { .c = c };
    int rc = parse_all(&p, err);
    free(p.pend);      /* pending lines borrow from buf: nothing else to free */
    free(p.keys);
    if (rc) {
        cpt_free(c);
        return NULL;
    }
    return c;
}

struct cpt *cpt_parse(const char *name, const char *data, size_t len, char *err)
{
    if (!name)
        name = "m5.cpt";
    if (len == SIZE_MAX) {
        err_set(err, "%s: too large", name);
        return NULL;
    }
    char *buf = malloc(len + 1);
    if (!buf) {
        err_set(err, "%s: out of memory: cannot hold its %zu bytes", name, len);
        return NULL;
    }
    if (len)
        memcpy(buf, data, len);
    buf[len] = '\0';
    return parse_owned(name, buf, len, err);
}

struct cpt *cpt_load(const char *path, char *err)
{
    char *buf;
    size_t len;
    size_t max = CPT_MAX_FILE > SIZE_MAX - 1 ? SIZE_MAX - 1 : (size_t)CPT_MAX_FILE;
    if (file_read_all(path, max, &buf, &len, err))
        return NULL;
    return parse_owned(path, buf, len, err);
}

static void free_lines(struct cpt_line *lines, size_t n)
{
    for (size_t i = 0; i < n; i++)
        cpt_line_free(&lines[i]);
    free(lines);
}

void cpt_free(struct cpt *c)
{
    if (!c)
        return;
    free_lines(c->prelude, c->nprelude);
    for (size_t i = 0; i < c->nsecs; i++) {
        free_lines(c->secs[i].lines, c->secs[i].nlines);
        free(c->secs[i].entries);
    }
    free(c->secs);
    free(c->index);
    free(c->warns);
    free(c->buf);
    free(c->name);
    free(c);
}

size_t cpt_warning_count(const struct cpt *c)
{
    return c ? c->nwarns : 0;
}

const struct cpt_warning *cpt_warning_at(const struct cpt *c, size_t i)
{
    return c && i < c->nwarns ? &c->warns[i] : NULL;
}

/* ---- writing ---- */

static size_t line_size(const struct cpt_line *l)
{
    return l->len + (l->eol == CPT_EOL_CRLF ? 2 : l->eol == CPT_EOL_LF ? 1 : 0);
}

static char *put_line(char *o, const struct cpt_line *l)
{
    memcpy(o, l->text, l->len);
    if (l->p1 < l->len)
        o[l->p1] = l->b1;     /* undo the NULs that end names, keys and values */
    if (l->p2 < l->len)
        o[l->p2] = l->b2;
    o += l->len;
    if (l->eol == CPT_EOL_CRLF)
        *o++ = '\r';
    if (l->eol != CPT_EOL_NONE)
        *o++ = '\n';
    return o;
}

int cpt_write_buffer(const struct cpt *c, char **data, size_t *len, char *err)
{
    size_t n = 0;
    for (size_t i = 0; i < c->nprelude; i++)
        n += line_size(&c->prelude[i]);
    for (size_t s = 0; s < c->nsecs; s++)
        for (size_t i = 0; i < c->secs[s].nlines; i++)
            n += line_size(&c->secs[s].lines[i]);
    char *out = malloc(n + 1), *o = out;
    if (!out)
        return err_set(err, "%s: out of memory writing %zu bytes", c->name, n);
    for (size_t i = 0; i < c->nprelude; i++)
        o = put_line(o, &c->prelude[i]);
    for (size_t s = 0; s < c->nsecs; s++)
        for (size_t i = 0; i < c->secs[s].nlines; i++)
            o = put_line(o, &c->secs[s].lines[i]);
    *o = '\0';
    *data = out;
    *len = n;
    return 0;
}

int cpt_save(const struct cpt *c, const char *path, char *err)
{
    char *data = NULL;
    size_t len = 0;
    if (cpt_write_buffer(c, &data, &len, err))
        return -1;
    int rc = file_replace(path, data, len, 1, err);
    free(data);
    return rc;
}

/* Compares two m5.cpt models: sections by name, keys within a section sorted by name so
 * that reordered lines are no change; sections equal line for line skip the sorting. */
#include "core/checkpoint/cpt_diff.h"
#include "core/checkpoint/cpt.h"
#include "core/util/err.h"

#include <stdlib.h>
#include <string.h>

struct entry {
    const char *key, *value;
    size_t order;
};

static int entry_cmp(const void *x, const void *y)
{
    const struct entry *a = x, *b = y;
    int c = strcmp(a->key, b->key);
    return c ? c : (a->order > b->order) - (a->order < b->order);
}

/* The section's entries sorted by key, the last occurrence of a key kept (as gem5). */
static struct entry *entries_of(const struct cpt *c, size_t s, size_t *n)
{
    size_t count = cpt_entry_count(c, s), k = 0;
    struct entry *e = malloc(sizeof *e * (count ? count : 1));
    if (!e)
        return NULL;
    for (size_t i = 0; i < count; i++)
        e[i] = (struct entry){ cpt_entry_key(c, s, i), cpt_entry_value(c, s, i), i };
    qsort(e, count, sizeof *e, entry_cmp);
    for (size_t i = 0; i < count; i++)
        if (i + 1 == count || strcmp(e[i].key, e[i + 1].key) != 0)
            e[k++] = e[i];
    *n = k;
    return e;
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static void add(struct cpt_diff *d, char kind, const char *sec, const char *key,
                const char *old, const char *new_)
{
    d->total++;
    if (d->n == CPT_DIFF_MAX || d->oom)
        return;
    struct cpt_diff_change *p = realloc(d->v, sizeof *p * (d->n + 1));
    if (!p) {
        d->oom = true;
        return;
    }
    d->v = p;
    p[d->n++] = (struct cpt_diff_change){ kind, strdup(sec), dup_or_null(key),
                                          dup_or_null(old), dup_or_null(new_) };
}

static bool same_entries(const struct cpt *a, size_t sa, const struct cpt *b, size_t sb)
{
    size_t n = cpt_entry_count(a, sa);
    if (n != cpt_entry_count(b, sb))
        return false;
    for (size_t k = 0; k < n; k++)
        if (strcmp(cpt_entry_key(a, sa, k), cpt_entry_key(b, sb, k)) != 0 ||
            strcmp(cpt_entry_value(a, sa, k), cpt_entry_value(b, sb, k)) != 0)
            return false;
    return true;
}

static void section_diff(struct cpt_diff *d, const struct cpt *a, size_t sa,
                         const struct cpt *b, size_t sb)
{
    if (same_entries(a, sa, b, sb))
        return;   /* the usual case, without sorting */
    size_t na = 0, nb = 0, i = 0, k = 0;
    const char *sec = cpt_section_name(a, sa);
    struct entry *ea = entries_of(a, sa, &na), *eb = entries_of(b, sb, &nb);
    while (ea && eb && (i < na || k < nb)) {
        int c = i == na ? 1 : k == nb ? -1 : strcmp(ea[i].key, eb[k].key);
        if (c < 0)
            add(d, '-', sec, ea[i].key, ea[i].value, NULL), i++;
        else if (c > 0)
            add(d, '+', sec, eb[k].key, NULL, eb[k].value), k++;
        else {
            if (strcmp(ea[i].value, eb[k].value) != 0)
                add(d, '~', sec, ea[i].key, ea[i].value, eb[k].value);
            i++, k++;
        }
    }
    d->oom |= !ea || !eb;
    free(ea);
    free(eb);
}

int cpt_diff_compare(struct cpt_diff *d, const struct cpt *a, const struct cpt *b, char *err)
{
    *d = (struct cpt_diff){ 0 };
    for (size_t s = 0; s < cpt_section_count(a); s++) {
        long o = cpt_section_find(b, cpt_section_name(a, s));
        if (o < 0)
            add(d, '-', cpt_section_name(a, s), NULL, NULL, NULL);
        else
            section_diff(d, a, s, b, (size_t)o);
    }
    for (size_t s = 0; s < cpt_section_count(b); s++)
        if (cpt_section_find(a, cpt_section_name(b, s)) < 0)
            add(d, '+', cpt_section_name(b, s), NULL, NULL, NULL);
    if (d->oom)
        return err_set(err, "out of memory comparing m5.cpt: %zu of %zu differences listed",
                       d->n, d->total);
    return 0;
}

int cpt_diff_files(struct cpt_diff *d, const char *path_a, const char *path_b, char *err)
{
    *d = (struct cpt_diff){ 0 };
    struct cpt *a = cpt_load(path_a, err), *b = a ? cpt_load(path_b, err) : NULL;
    int rc = a && b ? cpt_diff_compare(d, a, b, err) : -1;
    cpt_free(a);
    cpt_free(b);
    return rc;
}

void cpt_diff_free(struct cpt_diff *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free(d->v[i].sec);
        free(d->v[i].key);
        free(d->v[i].old);
        free(d->v[i].new_);
    }
    free(d->v);
    *d = (struct cpt_diff){ 0 };
}

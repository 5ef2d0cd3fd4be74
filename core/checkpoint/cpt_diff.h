/* Differences between two m5.cpt files, section by section and key by key (a repeated
 * key counts by its last value, as gem5 reads it): what the diff view lists. */
#ifndef GW_CPT_DIFF_H
#define GW_CPT_DIFF_H

#include <stdbool.h>
#include <stddef.h>

struct cpt;

#define CPT_DIFF_MAX 20000      /* changes listed; `total` counts on past it */

struct cpt_diff_change {
    char kind;                  /* '~' changed, '+' only in b, '-' only in a */
    char *sec, *key;            /* key NULL: the whole section */
    char *old, *new_;           /* the values in a and in b (NULL where there is none) */
};

struct cpt_diff {
    struct cpt_diff_change *v;
    size_t n, total;            /* listed, found */
    bool oom;                   /* memory ran out: fewer listed than the limit allows */
};

/* Fills d (its old contents are not freed) with the changes from a to b: a's sections in
 * a's order, then the sections only in b. Returns 0, or -1 with err when memory ran out
 * (the list is then cut short; total still counts every change). */
int cpt_diff_compare(struct cpt_diff *d, const struct cpt *a, const struct cpt *b, char *err);

/* Loads both files and compares them; -1 with err naming the file that cannot be read or
 * parsed. */
int cpt_diff_files(struct cpt_diff *d, const char *path_a, const char *path_b, char *err);

/* Frees the changes and zeroes d. */
void cpt_diff_free(struct cpt_diff *d);

#endif

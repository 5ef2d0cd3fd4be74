/* Comparing two stores byte for byte: the ranges that differ, with counts. Pages that are
 * zero on both sides are skipped a word of the page maps (64 pages) at a time. */
#ifndef GW_PMEM_DIFF_H
#define GW_PMEM_DIFF_H

#include "core/pmem/pmem.h"

/* Called for each range of differing bytes, in address order; non-zero stops. */
typedef int (*pmem_diff_fn)(void *arg, uint64_t off, uint64_t len);

struct pmem_diff_stats {
    uint64_t size_a, size_b;      /* compared over the smaller one */
    uint64_t ranges, bytes;       /* differing ranges and bytes in them */
    uint64_t pages_compared;      /* pages non-zero on at least one side */
};

/* Ranges closer than merge_gap bytes are reported as one (0: exact runs). Decodes both
 * stores as needed. */
int pmem_diff(struct pmem *a, struct pmem *b, uint64_t merge_gap, pmem_diff_fn fn, void *arg,
              struct pmem_diff_stats *st, char *err);

#endif

/* Comparing two stores: only pages non-zero on at least one side are looked at, and in
 * them the exact runs of differing bytes, merged when closer than a gap. */
#include "core/pmem/pmem_diff.h"
#include "core/pmem/pmem_impl.h"

#include <string.h>

struct run {
    bool open;
    uint64_t start, end;       /* the range being built */
    uint64_t gap;
    pmem_diff_fn fn;
    void *arg;
    struct pmem_diff_stats *st;
};

static int run_flush(struct run *r)
{
    if (!r->open)
        return 0;
    r->open = false;
    r->st->ranges++;
    return r->fn ? r->fn(r->arg, r->start, r->end - r->start) : 0;
}

static int run_add(struct run *r, uint64_t off, uint64_t len)
{
    r->st->bytes += len;
    if (r->open && off <= r->end + r->gap) {
        r->end = off + len;
        return 0;
    }
    if (run_flush(r) != 0)
        return -1;
    *r = (struct run){ .open = true, .start = off, .end = off + len, .gap = r->gap,
                       .fn = r->fn, .arg = r->arg, .st = r->st };
    return 0;
}

static int diff_page(struct run *r, const uint8_t *a, const uint8_t *b, uint64_t base,
                     size_t n)
{
    if (memcmp(a, b, n) == 0)
        return 0;
    for (size_t i = 0; i < n;) {
        if (a[i] == b[i]) {
            i++;
            continue;
        }
        size_t j = i;
        while (j < n && a[j] != b[j])
            j++;
        if (run_add(r, base + i, j - i) != 0)
            return -1;
        i = j;
    }
    return 0;
}

int pmem_diff(struct pmem *a, struct pmem *b, uint64_t merge_gap, pmem_diff_fn fn, void *arg,
              struct pmem_diff_stats *st, char *err)
{
    *st = (struct pmem_diff_stats){ 0 };
    if (pmem_wait(a, UINT64_MAX, NULL, NULL, err) != 0 ||
        pmem_wait(b, UINT64_MAX, NULL, NULL, err) != 0)
        return -1;
    st->size_a = a->size;
    st->size_b = b->size;
    uint64_t size = a->size < b->size ? a->size : b->size, npages = pmem_pages_of(size);
    struct run r = { .gap = merge_gap, .fn = fn, .arg = arg, .st = st };
    for (uint64_t p = 0; p < npages; p++) {
        if (p % 64 == 0 && (a->bits[p / 64] | b->bits[p / 64]) == 0) {
            p += 63;   /* 64 pages zero on both sides */
            continue;
        }
        if (!pmem_bit(a->bits, p) && !pmem_bit(b->bits, p))
            continue;
        uint64_t base = p * PMEM_PAGE;
        size_t n = size - base < PMEM_PAGE ? (size_t)(size - base) : PMEM_PAGE;
        st->pages_compared++;
        if (diff_page(&r, a->img + base, b->img + base, base, n) != 0)
            return err_set(err, "comparison stopped");
    }
    if (run_flush(&r) != 0)
        return err_set(err, "comparison stopped");
    return 0;
}

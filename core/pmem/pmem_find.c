/* Finding bytes in a store: only the windows around non-zero pages are searched, since a
 * pattern with any non-zero byte must overlap a non-zero page. */
#include "core/pmem/pmem_impl.h"

#include <string.h>

/* Next page at or after p that is non-zero, or npages. Skips empty words whole. */
static uint64_t next_nonzero(const uint64_t *bits, uint64_t p, uint64_t npages)
{
    while (p < npages) {
        uint64_t w = bits[p / 64] >> (p % 64);
        if (w)
            return p + (uint64_t)__builtin_ctzll(w) < npages ? p + (uint64_t)__builtin_ctzll(w)
                                                           : npages;
        p = (p / 64 + 1) * 64;
    }
    return npages;
}

static uint64_t next_zero(const uint64_t *bits, uint64_t p, uint64_t npages)
{
    while (p < npages && pmem_bit(bits, p))
        p++;
    return p;
}

/* A pattern both searches accept (one non-zero byte: zero pages are never searched),
 * and the whole store decoded. */
static int find_ready(struct pmem *pm, const uint8_t *pat, size_t len, char *err)
{
    size_t first = 0;
    while (first < len && pat[first] == 0)
        first++;
    if (first == len)
        return err_set(err, "the pattern is empty or all zero bytes: it would match every "
                       "zero page; see the page map (mem map) for zero ranges");
    return pmem_wait(pm, UINT64_MAX, NULL, NULL, err);
}

int pmem_find(struct pmem *pm, const uint8_t *pat, size_t len, uint64_t from, uint64_t *hit,
              char *err)
{
    if (find_ready(pm, pat, len, err) != 0)
        return -1;
    uint64_t npages = pmem_pages_of(pm->size), reach = len - 1;
    uint64_t p = next_nonzero(pm->bits, from / PMEM_PAGE, npages);
    while (p < npages) {
        /* one window: a run of non-zero pages, widened by len-1 on both sides, merged
         * with the next runs it overlaps */
        uint64_t start = p * PMEM_PAGE > reach ? p * PMEM_PAGE - reach : 0;
        uint64_t q = next_zero(pm->bits, p, npages), end;
        for (;;) {
            end = q * PMEM_PAGE + reach;
            uint64_t n = next_nonzero(pm->bits, q, npages);
            if (n >= npages || n * PMEM_PAGE > end + reach)
                break;
            q = next_zero(pm->bits, n, npages);
        }
        if (start < from)
            start = from;
        if (end > pm->size)
            end = pm->size;
        if (end > start && end - start >= len) {
            const uint8_t *h = memmem(pm->img + start, end - start, pat, len);
            if (h) {
                *hit = (uint64_t)(h - pm->img);
                return 1;
            }
        }
        p = next_nonzero(pm->bits, q, npages);
    }
    return 0;
}

/* ---- backwards ---- */

#define RBLOCK (1u << 20)

/* Last occurrence of pat in h[0, n), scanning blocks from the end so that a hit near the
 * end is found without reading the whole window. */
static const uint8_t *last_in(const uint8_t *h, size_t n, const uint8_t *pat, size_t len)
{
    size_t end = n;
    while (end >= len) {
        size_t start = end > RBLOCK + len - 1 ? end - RBLOCK - (len - 1) : 0;
        const uint8_t *p = h + start, *last = NULL, *q;
        while ((q = memmem(p, end - (size_t)(p - h), pat, len)) != NULL) {
            last = q;
            p = q + 1;
        }
        if (last || start == 0)
            return last;
        end = start + len - 1;   /* the next block overlaps by len-1: no match is missed */
    }
    return NULL;
}

/* Last page before p that is non-zero, or UINT64_MAX. */
static uint64_t prev_nonzero(const uint64_t *bits, uint64_t p)
{
    while (p > 0) {
        uint64_t q = p - 1, w = bits[q / 64] & (~0ull >> (63 - q % 64));
        if (w)
            return q / 64 * 64 + 63 - (uint64_t)__builtin_clzll(w);
        p = q / 64 * 64;
    }
    return UINT64_MAX;
}

int pmem_find_prev(struct pmem *pm, const uint8_t *pat, size_t len, uint64_t before,
                   uint64_t *hit, char *err)
{
    if (find_ready(pm, pat, len, err) != 0)
        return -1;
    if (pm->size < len || before == 0)
        return 0;
    uint64_t reach = len - 1, limit = pm->size;   /* data a hit before `before` can use */
    if (before <= pm->size - len)
        limit = before + reach;
    /* one window per run of non-zero pages, widened by len-1 on both sides; the runs are
     * taken from the top, so the first hit is the last one */
    uint64_t q = prev_nonzero(pm->bits, pmem_pages_of(limit));
    while (q != UINT64_MAX) {
        uint64_t p = q;
        while (p > 0 && pmem_bit(pm->bits, p - 1))
            p--;
        uint64_t start = p * PMEM_PAGE > reach ? p * PMEM_PAGE - reach : 0;
        uint64_t end = (q + 1) * PMEM_PAGE + reach < limit ? (q + 1) * PMEM_PAGE + reach : limit;
        const uint8_t *h = end > start ? last_in(pm->img + start, end - start, pat, len) : NULL;
        if (h) {
            *hit = (uint64_t)(h - pm->img);
            return 1;
        }
        q = prev_nonzero(pm->bits, p);
    }
    return 0;
}

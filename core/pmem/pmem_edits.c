/* An edit session over a store: pending bytes in a sorted array (each with the store's
 * value, which is what the image still holds), an undo log in steps, read-through and apply. */
#include "core/pmem/pmem_edits.h"
#include "core/util/err.h"

#include <stdlib.h>
#include <string.h>

struct pe_byte {
    uint64_t off;
    uint8_t orig, val;       /* the store's value (the image still holds it) and the new one */
    bool dead;               /* dropped by an undo, removed at its end */
};

/* The state of one byte before a step changed it. */
struct pe_undo {
    uint64_t off;
    uint8_t prev;
    bool had;                /* it was pending (with prev), else it was the store's */
};

struct pmem_edits {
    struct pmem *pm;
    struct pe_byte *b;       /* pending bytes, by offset */
    size_t n, cap;
    struct pe_undo *undo;    /* the steps' records, oldest first */
    size_t nundo, undo_cap;
    size_t *steps;           /* index of each step's first record */
    size_t nsteps, steps_cap;
    struct pmem_range *ranges;   /* filled by pmem_edits_ranges */
    size_t nranges, ranges_cap;
};

int pmem_edits_new(struct pmem *pm, struct pmem_edits **out, char *err)
{
    *out = calloc(1, sizeof **out);
    if (!*out)
        return err_set(err, "out of memory for an edit session");
    (*out)->pm = pm;
    return 0;
}

void pmem_edits_free(struct pmem_edits *e)
{
    if (!e)
        return;
    free(e->b);
    free(e->undo);
    free(e->steps);
    free(e->ranges);
    free(e);
}

static size_t lower_bound(const struct pmem_edits *e, uint64_t off)
{
    size_t lo = 0, hi = e->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (e->b[mid].off < off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Grows *p (of *cap elements of size sz) to hold need elements. */
static int grow(void **p, size_t *cap, size_t need, size_t sz, char *err)
{
    if (need <= *cap)
        return 0;
    size_t c = *cap ? *cap : 16;
    while (c < need)
        c *= 2;
    void *q = realloc(*p, c * sz);
    if (!q)
        return err_set(err, "out of memory for %zu pending edits", need);
    *p = q;
    *cap = c;
    return 0;
}

/* Whether the last step already holds the state of off from before it (a joined edit
 * keeps the oldest state, so undo goes back past the whole step). */
static bool in_last_step(const struct pmem_edits *e, uint64_t off)
{
    for (size_t i = e->steps[e->nsteps - 1]; i < e->nundo; i++)
        if (e->undo[i].off == off)
            return true;
    return false;
}

/* Notes the state before the edit of [off, off+len): entries [lo, hi) are the bytes of
 * that range already pending. */
static int record(struct pmem_edits *e, uint64_t off, size_t len, size_t lo, size_t hi,
                  bool join, char *err)
{
    if (!join || e->nsteps == 0) {
        if (grow((void **)&e->steps, &e->steps_cap, e->nsteps + 1, sizeof *e->steps, err))
            return -1;
        e->steps[e->nsteps++] = e->nundo;
        join = false;
    }
    if (grow((void **)&e->undo, &e->undo_cap, e->nundo + len, sizeof *e->undo, err) != 0)
        return -1;
    for (size_t i = 0, k = lo; i < len; i++) {
        uint64_t o = off + i;
        bool had = k < hi && e->b[k].off == o;
        if (!(join && in_last_step(e, o)))
            e->undo[e->nundo++] = (struct pe_undo){ o, had ? e->b[k].val : 0, had };
        k += had;
    }
    return 0;
}

int pmem_edits_set(struct pmem_edits *e, uint64_t off, const void *buf, size_t len,
                   bool join, char *err)
{
    if (len == 0)
        return 0;
    uint8_t *orig = malloc(len);
    if (!orig)
        return err_set(err, "out of memory for %zu bytes", len);
    size_t lo = lower_bound(e, off), hi = lower_bound(e, off + len);
    size_t n = e->n - (hi - lo) + len;
    if (pmem_read(e->pm, off, orig, len, err) != 0 ||
        grow((void **)&e->b, &e->cap, n, sizeof *e->b, err) != 0 ||
        record(e, off, len, lo, hi, join, err) != 0) {
        free(orig);
        return -1;
    }
    /* the range's entries are replaced by one per byte, in order */
    memmove(e->b + lo + len, e->b + hi, (e->n - hi) * sizeof *e->b);
    for (size_t i = 0; i < len; i++)
        e->b[lo + i] = (struct pe_byte){ off + i, orig[i], ((const uint8_t *)buf)[i], false };
    e->n = n;
    free(orig);
    return 0;
}

int pmem_edits_undo(struct pmem_edits *e, uint64_t *off)
{
    if (e->nsteps == 0)
        return 0;
    size_t first = e->steps[--e->nsteps];
    bool drop = false;
    for (size_t i = e->nundo; i-- > first;) {
        const struct pe_undo *u = &e->undo[i];
        size_t k = lower_bound(e, u->off);
        if (k >= e->n || e->b[k].off != u->off)
            continue;   /* cannot happen: every recorded byte is pending */
        e->b[k].val = u->prev;
        e->b[k].dead = !u->had;
        drop |= !u->had;
    }
    if (off)
        *off = e->undo[first].off;
    e->nundo = first;
    if (drop) {   /* one pass, not a memmove per byte */
        size_t w = 0;
        for (size_t r = 0; r < e->n; r++)
            if (!e->b[r].dead)
                e->b[w++] = e->b[r];
        e->n = w;
    }
    return 1;
}

int pmem_edits_read(struct pmem_edits *e, uint64_t off, void *buf, size_t len, char *err)
{
    if (pmem_read(e->pm, off, buf, len, err) != 0)
        return -1;
    for (size_t k = lower_bound(e, off); k < e->n && e->b[k].off - off < len; k++)
        ((uint8_t *)buf)[e->b[k].off - off] = e->b[k].val;
    return 0;
}

bool pmem_edits_changed(const struct pmem_edits *e, uint64_t off, uint8_t *orig)
{
    size_t k = lower_bound(e, off);
    if (k >= e->n || e->b[k].off != off)
        return false;
    if (orig)
        *orig = e->b[k].orig;
    return e->b[k].val != e->b[k].orig;
}

uint64_t pmem_edits_count(const struct pmem_edits *e)
{
    uint64_t n = 0;
    for (size_t k = 0; k < e->n; k++)
        n += e->b[k].val != e->b[k].orig;
    return n;
}

size_t pmem_edits_steps(const struct pmem_edits *e)
{
    return e->nsteps;
}

size_t pmem_edits_ranges(struct pmem_edits *e, const struct pmem_range **out)
{
    e->nranges = 0;
    for (size_t k = 0; k < e->n; k++) {
        if (e->b[k].val == e->b[k].orig)
            continue;
        struct pmem_range *last = e->nranges ? &e->ranges[e->nranges - 1] : NULL;
        if (last && last->off + last->len == e->b[k].off) {
            last->len++;
            continue;
        }
        if (grow((void **)&e->ranges, &e->ranges_cap, e->nranges + 1, sizeof *e->ranges,
                 NULL) != 0)
            break;   /* out of memory: the ranges so far */
        e->ranges[e->nranges++] = (struct pmem_range){ e->b[k].off, 1 };
    }
    *out = e->ranges;
    return e->nranges;
}

/* Writes the pending (or, with orig, the store's) bytes of ranges [0, n) into the image. */
static int write_ranges(struct pmem_edits *e, size_t n, bool orig, char *err)
{
    for (size_t r = 0; r < n; r++) {
        const struct pmem_range *g = &e->ranges[r];
        uint8_t *buf = malloc(g->len);
        if (!buf)
            return err_set(err, "out of memory for %llu bytes", (unsigned long long)g->len);
        size_t k = lower_bound(e, g->off);
        for (uint64_t i = 0; i < g->len; i++, k++)
            buf[i] = orig ? e->b[k].orig : e->b[k].val;
        int rc = pmem_write(e->pm, g->off, buf, g->len, err);
        free(buf);
        if (rc != 0)
            return -1;
    }
    return 0;
}

int pmem_edits_apply(struct pmem_edits *e, pmem_progress_fn progress, void *arg,
                     struct pmem_commit_stats *stats, char *err)
{
    const struct pmem_range *ranges;
    size_t n = pmem_edits_ranges(e, &ranges);
    if (stats)
        *stats = (struct pmem_commit_stats){ 0 };
    if (n == 0)
        return 0;
    char ignored[ERR_LEN];
    if (write_ranges(e, n, false, err) != 0 ||
        pmem_commit(e->pm, false, progress, arg, stats, err) != 0) {
        write_ranges(e, n, true, ignored);   /* the image matches the file again */
        return -1;
    }
    e->n = e->nundo = e->nsteps = e->nranges = 0;
    return 0;
}

/* ---- Finding in the edited bytes: only around pages that are non-zero in the store
 * or hold a pending byte, since a match's first non-zero byte lies in such a page ---- */

#define FIND_WIN (1u << 20)   /* starts searched per read */
#define NONE UINT64_MAX

struct finder {
    struct pmem_edits *e;
    const uint64_t *bits;
    const uint8_t *pat;
    size_t len, first;       /* first: index of pat's first non-zero byte */
    uint8_t *buf;            /* FIND_WIN + len - 1 bytes */
};

static bool bit(const uint64_t *bits, uint64_t p)
{
    return (bits[p / 64] >> (p % 64)) & 1;
}

static bool hot(const struct finder *f, uint64_t p)
{
    size_t k;
    return bit(f->bits, p) || ((k = lower_bound(f->e, p * PMEM_PAGE)) < f->e->n &&
                               f->e->b[k].off < (p + 1) * PMEM_PAGE);
}

/* First hot page in [p, end), or end. */
static uint64_t next_hot(const struct finder *f, uint64_t p, uint64_t end)
{
    size_t k = lower_bound(f->e, p * PMEM_PAGE);
    uint64_t best = k < f->e->n ? f->e->b[k].off / PMEM_PAGE : NONE;
    while (p < end && p < best) {
        uint64_t w = f->bits[p / 64] >> (p % 64);
        if (w) {
            p += (uint64_t)__builtin_ctzll(w);
            break;
        }
        p = (p / 64 + 1) * 64;
    }
    p = p < best ? p : best;
    return p < end ? p : end;
}

/* Last hot page in [beg, p), or NONE. */
static uint64_t prev_hot(const struct finder *f, uint64_t p, uint64_t beg)
{
    size_t k = lower_bound(f->e, p * PMEM_PAGE);
    uint64_t best = k > 0 ? f->e->b[k - 1].off / PMEM_PAGE : NONE;
    if (best != NONE && best < beg)
        best = NONE;
    uint64_t stop = best == NONE ? beg : best + 1;   /* only pages above best can win */
    while (p > stop) {
        uint64_t q = p - 1, w = f->bits[q / 64] & (~0ull >> (63 - q % 64));
        if (w) {
            uint64_t page = q / 64 * 64 + 63 - (uint64_t)__builtin_clzll(w);
            return page >= stop ? page : best;
        }
        p = q / 64 * 64;
    }
    return best;
}

/* The match among starts [s0, s1) nearest the search's end: the first, or the last. */
static int scan(struct finder *f, uint64_t s0, uint64_t s1, bool backward, uint64_t *hit,
                char *err)
{
    while (s0 < s1) {
        uint64_t a = backward ? (s1 - s0 > FIND_WIN ? s1 - FIND_WIN : s0) : s0;
        uint64_t b = backward ? s1 : (s1 - a > FIND_WIN ? a + FIND_WIN : s1);
        size_t n = (size_t)(b - a) + f->len - 1;
        if (pmem_edits_read(f->e, a, f->buf, n, err) != 0)
            return -1;
        const uint8_t *p = f->buf, *found = NULL, *q;
        while ((q = memmem(p, n - (size_t)(p - f->buf), f->pat, f->len)) != NULL) {
            found = q;
            if (!backward)
                break;
            p = q + 1;
        }
        if (found) {
            *hit = a + (uint64_t)(found - f->buf);
            return 1;
        }
        if (backward)
            s1 = a;
        else
            s0 = b;
    }
    return 0;
}

/* Starts whose byte `first` lies in pages [p, q), within [lo, hi). */
static int scan_run(struct finder *f, uint64_t p, uint64_t q, uint64_t lo, uint64_t hi,
                    bool backward, uint64_t *hit, char *err)
{
    uint64_t s0 = p * PMEM_PAGE > f->first ? p * PMEM_PAGE - f->first : 0;
    uint64_t s1 = q * PMEM_PAGE - f->first;
    s0 = s0 > lo ? s0 : lo;
    s1 = s1 < hi ? s1 : hi;
    return s0 < s1 ? scan(f, s0, s1, backward, hit, err) : 0;
}

static int runs(struct finder *f, uint64_t lo, uint64_t hi, bool backward, uint64_t *hit,
                char *err)
{
    uint64_t beg = (lo + f->first) / PMEM_PAGE, end = (hi - 1 + f->first) / PMEM_PAGE + 1;
    int rc = 0;
    if (!backward) {
        for (uint64_t p = next_hot(f, beg, end); rc == 0 && p < end;) {
            uint64_t q = p + 1;
            while (q < end && hot(f, q))
                q++;
            rc = scan_run(f, p, q, lo, hi, false, hit, err);
            p = next_hot(f, q, end);
        }
        return rc;
    }
    for (uint64_t q = prev_hot(f, end, beg); rc == 0 && q != NONE;) {
        uint64_t p = q;
        while (p > beg && hot(f, p - 1))
            p--;
        rc = scan_run(f, p, q + 1, lo, hi, true, hit, err);
        q = prev_hot(f, p, beg);
    }
    return rc;
}

int pmem_edits_find(struct pmem_edits *e, const uint8_t *pat, size_t len, uint64_t lo,
                    uint64_t hi, bool backward, uint64_t *hit, char *err)
{
    struct finder f = { .e = e, .pat = pat, .len = len };
    while (f.first < len && pat[f.first] == 0)
        f.first++;
    if (f.first == len)
        return err_set(err, "the pattern is empty or all zero bytes: it would match every "
                       "zero page; see the page map (mem map) for zero ranges");
    if (pmem_wait(e->pm, UINT64_MAX, NULL, NULL, err) != 0)
        return -1;
    struct pmem_info info;
    pmem_info(e->pm, &info);
    if (info.size < len)
        return 0;
    hi = hi < info.size - len + 1 ? hi : info.size - len + 1;
    if (lo >= hi)
        return 0;
    uint64_t npages;
    f.bits = pmem_page_bits(e->pm, &npages);
    if (!(f.buf = malloc(FIND_WIN + len - 1)))
        return err_set(err, "out of memory for a search window");
    int rc = runs(&f, lo, hi, backward, hit, err);
    free(f.buf);
    return rc;
}

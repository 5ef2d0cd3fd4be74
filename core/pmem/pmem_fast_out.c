/* The output side of the zero-run-aware inflater: the window ring, zero gaps that are
 * only written when something reads them, page hand-over and the per-member CRC-32. */
#include "core/pmem/pmem_fast_impl.h"
#include "core/pmem/pmem_crc.h"
#include "core/pmem/pmem_emit.h"


#define PAGE_FLOOR(x) ((x) & ~(uint64_t)(PMEM_PAGE - 1))
#define PAGE_CEIL(x) PAGE_FLOOR((x) + PMEM_PAGE - 1)

void fast_zero_fill(struct fast *f, uint64_t from, uint64_t to)
{
    while (from < to) {
        size_t at = (size_t)(from & RING_MASK), n = RING - at;
        if (n > to - from)
            n = (size_t)(to - from);
        memset(f->ring + at, 0, n);
        from += n;
    }
}

void fast_crc_to(struct fast *f, uint64_t to)
{
    while (f->crc_pos < to) {
        if (f->crc_pos >= f->wend) {   /* the zero gap */
            f->crc = pmem_crc32_zeros(f->crc, to - f->crc_pos);
            f->crc_pos = to;
            return;
        }
        uint64_t stop = to < f->wend ? to : f->wend;
        size_t at = (size_t)(f->crc_pos & RING_MASK), n = RING - at;
        if (n > stop - f->crc_pos)
            n = (size_t)(stop - f->crc_pos);
        f->crc = pmem_crc32(f->crc, f->ring + at, n);
        f->crc_pos += n;
    }
}

int fast_stage_flush(struct fast *f, bool last)
{
    if (!f->stage_len && !last)
        return 0;
    if (emitter_push(f->em, &f->stage, f->stage_len, f->stage_base, NULL, 0, last, f->err) != 0)
        return -1;
    f->stage_len = 0;
    return 0;
}

int fast_hand(struct fast *f, uint64_t at, const uint8_t *data, size_t len)
{
    if (f->stage_len && (f->stage_base + f->stage_len != at || f->stage_len + len > PMEM_STAGE) &&
        fast_stage_flush(f, false) != 0)
        return -1;
    if (!f->stage_len)
        f->stage_base = at;
    memcpy(f->stage + f->stage_len, data, len);
    f->stage_len += len;
    return 0;
}

/* The page thread reports how far pages are in the image; this reports the file. */
static int report(struct fast *f)
{
    if (f->sink->progress && f->pos - f->reported >= (64ull << 20)) {
        f->reported = f->pos;
        if (f->sink->progress(f->sink->arg, fast_in_off(f), f->size) != 0)
            return err_set(f->err, "%s: scan cancelled", f->path);
    }
    return 0;
}

/* Hands whole pages of [emitted, to) on, in runs of non-zero pages. */
static int emit_pages(struct fast *f, uint64_t to)
{
    uint64_t run = 0;   /* length of the run of non-zero pages ending at emitted */
    for (; f->emitted + PMEM_PAGE <= to; f->emitted += PMEM_PAGE) {
        const uint8_t *p = f->ring + (f->emitted & RING_MASK);
        bool nz = !pmem_page_is_zero(p, PMEM_PAGE);
        /* a run stops at a zero page and where the ring wraps */
        if (run && (!nz || (f->emitted & RING_MASK) == 0)) {
            uint64_t start = f->emitted - run;
            if (fast_hand(f, start, f->ring + (start & RING_MASK), (size_t)run) != 0)
                return -1;
            run = 0;
        }
        if (nz)
            run += PMEM_PAGE;
    }
    if (run) {
        uint64_t start = f->emitted - run;
        if (fast_hand(f, start, f->ring + (start & RING_MASK), (size_t)run) != 0)
            return -1;
    }
    return report(f);
}

int fast_emit(struct fast *f)
{
    fast_crc_to(f, f->wend);
    return emit_pages(f, PAGE_FLOOR(f->wend));
}

int fast_materialize(struct fast *f)
{
    if (f->pos - f->wend <= SHORT_GAP) {
        fast_zero_fill(f, f->wend, f->pos);
        f->wend = f->pos;
        return 0;
    }
    /* a long gap: finish the page it starts in, skip whole zero pages (the CRC takes
     * them in one step), and write zeros only where they can still be read: the last
     * 32 KiB before pos (back-references) and the start of pos's page */
    uint64_t e = PAGE_CEIL(f->wend);
    fast_zero_fill(f, f->wend, e);
    f->wend = e;
    if (fast_emit(f) != 0)
        return -1;
    uint64_t m = PAGE_FLOOR(f->pos - 32768);
    fast_crc_to(f, m);
    f->emitted = f->wend = m;
    fast_zero_fill(f, m, f->pos);
    f->wend = f->pos;
    return report(f);
}

int fast_finish(struct fast *f)
{
    if (f->pos > f->wend && fast_materialize(f) != 0)
        return -1;
    if (fast_emit(f) != 0)
        return -1;
    if (f->emitted < f->pos) {   /* the last, short page */
        size_t n = (size_t)(f->pos - f->emitted);
        const uint8_t *p = f->ring + (f->emitted & RING_MASK);
        if (!pmem_page_is_zero(p, n) && fast_hand(f, f->emitted, p, n) != 0)
            return -1;
        f->emitted = f->pos;
    }
    return report(f);
}

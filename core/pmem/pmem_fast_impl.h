/* Internals of the zero-run-aware inflater shared by its files: the bit reader, the
 * window ring with its page and CRC bookkeeping (pmem_fast_out.c), and block decoding. */
#ifndef GW_PMEM_FAST_IMPL_H
#define GW_PMEM_FAST_IMPL_H

#include "core/pmem/pmem_decode.h"
#include "core/pmem/pmem_huff.h"
#include "core/util/err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define RING (1u << 18)           /* window ring: history, unemitted pages, slack */
#define RING_MASK (RING - 1)
#define EMIT_AT (64u << 10)       /* emit pages when this much is waiting */
#define SHORT_GAP (64u << 10)     /* zero gaps up to this are written as zeros */

struct fast {
    const char *path;
    const uint8_t *data;          /* the whole file, mapped */
    uint64_t size;
    const uint8_t *in, *end;      /* bit reader */
    uint64_t bitbuf;
    unsigned bitcnt, pad;         /* pad: zero bytes fed past the end */

    uint8_t *ring;                /* owned, RING bytes: byte at stream position p is at
                                     ring[p & RING_MASK] for p in [wend - RING/2, wend) */
    uint64_t pos;                 /* stream position of the next output byte */
    uint64_t wend;                /* bytes before wend are in the ring; [wend, pos) zero */
    uint64_t nzend;               /* just past the last non-zero byte written */
    uint64_t emitted;             /* pages before this were handed on (page aligned) */
    uint64_t crc_pos;             /* the member CRC covers [mstart, crc_pos) */
    uint32_t crc;
    uint64_t mstart;              /* where the current member's data starts */
    uint64_t reported;

    struct huff lit, dist, codes; /* dynamic tables (codes: the code-length code) */
    struct huff fixed_lit, fixed_dist;
    bool fixed_ready;

    const struct pmem_decode_sink *sink;
    struct pmem_decoded *res;
    char *err;

    /* Non-zero pages go to the page thread (pmem_emit.h) through a staging buffer, so
     * that writing them into the image (page faults) overlaps the decoding. */
    struct emitter *em;
    uint8_t *stage;               /* PMEM_STAGE bytes; swapped with the page thread */
    size_t stage_len;
    uint64_t stage_base;          /* stream offset of stage[0] */
};

#define PMEM_STAGE (1u << 20)

/* Queues len bytes of non-zero pages at stream offset `at` for the page thread. */
int fast_hand(struct fast *f, uint64_t at, const uint8_t *data, size_t len);
/* Hands the staged bytes over (last: the final hand-over). */
int fast_stage_flush(struct fast *f, bool last);

/* pmem_fast_out.c: the output side. */
void fast_zero_fill(struct fast *f, uint64_t from, uint64_t to);
int fast_materialize(struct fast *f);   /* makes [wend, pos) real zeros in the ring */
int fast_emit(struct fast *f);          /* CRCs and hands on what waits in the ring */
void fast_crc_to(struct fast *f, uint64_t to);
int fast_finish(struct fast *f);        /* the last (partial) page */

/* pmem_fast_block.c: deflate blocks until the final one; byte alignment for trailers. */
int fast_deflate(struct fast *f);
int fast_align(struct fast *f);

/* Errors, in the decoder's words (same as pmem_gzip.c). */
int fast_corrupt(struct fast *f, const char *msg);
int fast_truncated(struct fast *f);

/* Offset in the file of the next unread byte (whole bytes only). */
static inline uint64_t fast_in_off(const struct fast *f)
{
    return (uint64_t)(f->in - f->data) - (f->bitcnt / 8 > f->pad ? f->bitcnt / 8 - f->pad : 0);
}

static inline void fast_refill(struct fast *f)
{
    if (f->end - f->in >= 8) {
        uint64_t v;
        memcpy(&v, f->in, 8);
        f->bitbuf |= v << f->bitcnt;
        f->in += (63 - f->bitcnt) >> 3;
        f->bitcnt |= 56;
        return;
    }
    while (f->bitcnt <= 56) {   /* the last bytes, then zeros (counted in pad) */
        uint64_t b = 0;
        if (f->in < f->end)
            b = *f->in++;
        else
            f->pad++;
        f->bitbuf |= b << f->bitcnt;
        f->bitcnt += 8;
    }
}

static inline uint64_t fast_bits(struct fast *f, unsigned n)
{
    uint64_t v = f->bitbuf & ((1ull << n) - 1);
    f->bitbuf >>= n;
    f->bitcnt -= n;
    return v;
}

/* True when bits past the end of the file were consumed. */
static inline bool fast_overrun(const struct fast *f)
{
    return f->bitcnt < f->pad * 8;
}

#endif

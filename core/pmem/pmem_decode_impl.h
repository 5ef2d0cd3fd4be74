/* Internals shared by the store decoder's parts (pmem_decode.c: input, pages, raw files;
 * pmem_gzip.c: gzip members). Not for other modules. */
#ifndef GW_PMEM_DECODE_IMPL_H
#define GW_PMEM_DECODE_IMPL_H

#include "core/pmem/pmem_decode.h"
#include "core/pmem/pmem_inflate.h"

#include <sys/types.h>

#define IN_CAP (1u << 20)
#define PMEM_OUT_CAP (1024u << 10)   /* a multiple of the page; QUEUE of them in flight */
#define REPORT_EVERY (64ull << 20)    /* decoded bytes between progress calls */

struct dec {
    const char *path;
    int fd;
    uint64_t size;
    uint8_t *mem;              /* owned: INFL_HISTORY bytes of history, then IN_CAP */
    const uint8_t *cur;        /* next unread input byte */
    size_t avail;
    uint64_t cur_off;          /* file offset of *cur */
    uint64_t reported;         /* decoded offset at the last progress call */
    uint8_t *obuf;             /* owned, PMEM_OUT_CAP bytes (swapped with the page thread) */
    struct emitter *em;        /* the page thread */
    struct emit_mark *marks;   /* owned: member ends in obuf, handed over with it */
    size_t nmarks, marks_cap;
    size_t ofill;
    uint64_t obase;            /* stream offset of obuf[0] */
    const struct pmem_decode_sink *sink;
    struct pmem_decoded *res;
    char *err;
};

/* Calls the sink's progress; its non-zero answer becomes the cancel error. */
int dec_report(struct dec *d);
/* Reads the next input buffer (keeping INFL_HISTORY bytes before it); avail 0 at EOF. */
int dec_refill(struct dec *d);
void dec_consume(struct dec *d, size_t n);
/* Errors in the decoder's words, naming file, member and offset. */
int dec_truncated(struct dec *d);
int dec_corrupt_at(struct dec *d, uint64_t at, const char *msg, const char *why);
/* Next byte / little-endian value; the end of the file is "truncated". */
int dec_get_byte(struct dec *d, uint8_t *b);
int dec_get_le(struct dec *d, unsigned nbytes, uint32_t *v);
/* Hands the filled output buffer to the page thread and takes a free one (none when last). */
int dec_flush_out(struct dec *d, bool last);
/* Notes that the member being decoded ends here (obase + ofill), with the CRC-32 its
 * trailer (at trailer_off) gives: the page thread checks it. */
int dec_add_mark(struct dec *d, uint32_t want_crc, uint64_t trailer_off);
/* Decodes gzip members from offset 0 to the end (pmem_gzip.c). */
int dec_gzip(struct dec *d, enum pmem_backend backend);

#endif

/* The decoder's second stage, on its own thread: checks decoded buffers page by page and
 * hands the non-zero pages to the sink while the inflater fills the next buffer. */
#ifndef GW_PMEM_EMIT_H
#define GW_PMEM_EMIT_H

#include "core/pmem/pmem_decode.h"

#include <stdbool.h>

struct emitter;

/* The end of a gzip member inside a buffer handed over: the page thread CRCs each member's
 * bytes and compares with its trailer. */
struct emit_mark {
    uint64_t end;           /* stream offset just past the member's data */
    uint32_t want_crc;
    unsigned member;        /* 1-based, for messages */
    uint64_t trailer_off;   /* file offset of the CRC field */
};

/* Starts the thread with one spare buffer of `cap` bytes. */
int emitter_start(struct emitter **out, const struct pmem_decode_sink *sink, size_t cap,
                  const char *path, char *err);
/* gzip streams: CRC the members (raw files have none). */
void emitter_check_crc(struct emitter *e, bool on);
/* Hands *buf (len bytes of the stream at `base`, with the member ends in it) over and gives
 * a free buffer in *buf (NULL when `last`: the emitter keeps it); waits only when every
 * buffer is in flight. The page thread's error (the sink's, or a CRC), if it failed. */
int emitter_push(struct emitter *e, uint8_t **buf, size_t len, uint64_t base,
                 const struct emit_mark *marks, size_t nmarks, bool last, char *err);
/* Waits for the last buffer, stops the thread, frees everything but the caller's buffer;
 * *nonzero_pages gets the count. Returns the sink's error, if any. Safe with NULL. */
int emitter_finish(struct emitter *e, uint64_t *nonzero_pages, char *err);

#endif

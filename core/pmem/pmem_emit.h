/* The decoder's second stage, on its own thread: checks decoded buffers page by page and
 * hands the non-zero pages to the sink while the inflater fills the next buffer. */
#ifndef GW_PMEM_EMIT_H
#define GW_PMEM_EMIT_H

#include "core/pmem/pmem_decode.h"

struct emitter;

/* Starts the thread with one spare buffer of `cap` bytes. */
int emitter_start(struct emitter **out, const struct pmem_decode_sink *sink, size_t cap,
                  const char *path, char *err);
/* Hands *buf (len bytes of the stream at `base`) over and puts a free buffer in *buf:
 * waits only for the buffer handed over before. The sink's error, if it failed. */
int emitter_push(struct emitter *e, uint8_t **buf, size_t len, uint64_t base, char *err);
/* Waits for the last buffer, stops the thread, frees everything but the caller's buffer;
 * *nonzero_pages gets the count. Returns the sink's error, if any. Safe with NULL. */
int emitter_finish(struct emitter *e, uint64_t *nonzero_pages, char *err);

#endif

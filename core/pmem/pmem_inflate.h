/* Raw-deflate inflaters behind one small interface: ISA-L's (fast) and zlib's (always
 * there). The gzip framing around them is pmem_decode's job. */
#ifndef GW_PMEM_INFLATE_H
#define GW_PMEM_INFLATE_H

#include "core/pmem/pmem_decode.h"

#include <stddef.h>
#include <stdint.h>

enum infl_status { INFL_MORE, INFL_END, INFL_ERROR };

struct infl;

/* backend must be ZLIB or ISAL (resolved). NULL when out of memory. */
struct infl *infl_new(enum pmem_backend backend);
void infl_free(struct infl *f);
/* Starts a new deflate stream (a new member): no history is kept. */
void infl_reset(struct infl *f);
/* Bytes of already consumed input that must stay readable just before *in: ISA-L may
 * hand back that many when a stream ends. */
#define INFL_HISTORY 8

/* Inflates from (in, in_len) into (out, out_len), advancing both. INFL_END when the final
 * block ended: *in then points just past the stream's last byte. On INFL_ERROR *msg says
 * what was wrong, in zlib's words where it has them. */
enum infl_status infl_run(struct infl *f, const uint8_t **in, size_t *in_len, uint8_t **out,
                          size_t *out_len, const char **msg);

#endif

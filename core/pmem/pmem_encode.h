/* Compressing one chunk of a store into a complete gzip member (gem5's header, raw
 * deflate at a fast level with ISA-L or zlib, CRC-32 and ISIZE), and the all-zero member. */
#ifndef GW_PMEM_ENCODE_H
#define GW_PMEM_ENCODE_H

#include "core/pmem/pmem_decode.h"

#include <stddef.h>
#include <stdint.h>

struct pmem_encoder;

/* backend: ISAL or ZLIB (resolved); NULL when out of memory. One per thread. */
struct pmem_encoder *pmem_encoder_new(enum pmem_backend backend);
void pmem_encoder_free(struct pmem_encoder *e);

/* Encodes len bytes as one member into the encoder's buffer; *out stays valid until the
 * next call. */
int pmem_encode_member(struct pmem_encoder *e, const uint8_t *data, size_t len,
                       const uint8_t **out, size_t *out_len, char *err);

/* The same for a chunk of the image: pages whose bit in the page map `bits` (page0 =
 * the page number of data[0]) is clear are taken as zeros without reading them. */
int pmem_encode_pages(struct pmem_encoder *e, const uint8_t *data, size_t len,
                      const uint64_t *bits, uint64_t page0, const uint8_t **out,
                      size_t *out_len, char *err);

/* The member for PMEM_CHUNK zero bytes, made once per process (thread-safe). */
int pmem_zero_member(const uint8_t **out, size_t *out_len, char *err);

#endif

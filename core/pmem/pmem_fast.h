/* The zero-run-aware inflater: decodes a gzip store into its page map and non-zero pages
 * without writing the zeros, so its cost follows the compressed size, not the store's. */
#ifndef GW_PMEM_FAST_H
#define GW_PMEM_FAST_H

#include "core/pmem/pmem_decode.h"

/* Decodes the gzip file `fd` (whole, several members) the way pmem_decode_fd does, with
 * the same sink calls, results and error messages. */
int pmem_fast_decode(int fd, const char *path, const struct pmem_decode_sink *sink,
                     struct pmem_decoded *out, char *err);

#endif

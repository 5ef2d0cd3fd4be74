/* Whether two files hold the same bytes, read side by side in 1 MiB blocks, with progress
 * and cancel for large stores (mem diff, the workbench's diff view). */
#ifndef GW_FILECMP_H
#define GW_FILECMP_H

#include <stdint.h>

/* Called after each block; a non-zero return cancels the comparison. */
typedef int (*filecmp_progress)(void *arg, uint64_t done, uint64_t total);

/* 1 when a and b hold the same bytes (or are the same file), 0 when not, -1 with err
 * naming the file when one cannot be read, or "cancelled". progress may be NULL. */
int file_same_bytes(const char *a, const char *b, filecmp_progress progress, void *arg,
                    char *err);

#endif

/* Error reporting shared by every core module: functions return 0 or a negative
 * status and fill a caller-given buffer of ERR_LEN bytes with one actionable sentence. */
#ifndef GW_ERR_H
#define GW_ERR_H

#include <stddef.h>

#define ERR_LEN 512

/* Fills err (ERR_LEN bytes, may be NULL) and returns -1, so callers can `return err_set(...)`. */
int err_set(char *err, const char *fmt, ...) __attribute__((format(__printf__, 2, 3)));

/* Like err_set, with ": <strerror(errnum)>" appended. */
int err_sys(char *err, int errnum, const char *fmt, ...) __attribute__((format(__printf__, 3, 4)));

#endif

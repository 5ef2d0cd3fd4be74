#include "core/util/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int err_set(char *err, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, ERR_LEN, fmt, ap);
        va_end(ap);
    }
    return -1;
}

int err_sys(char *err, int errnum, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(err, ERR_LEN, fmt, ap);
        va_end(ap);
        if (n >= 0 && n < ERR_LEN)
            snprintf(err + n, ERR_LEN - (size_t)n, ": %s", strerror(errnum));
    }
    return -1;
}

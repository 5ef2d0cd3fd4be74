/* Quoting a word for a POSIX shell: single quotes unless every character is safe. */
#include "core/util/shquote.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int shell_quote(const char *s, char *out, size_t cap)
{
    static const char plain[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                "0123456789-_./=:,+@%";
    size_t n = 0;
    if (*s && strspn(s, plain) == strlen(s))
        return snprintf(out, cap, "%s", s) < (int)cap ? (int)strlen(s) : -1;
    if (cap < 3)
        return -1;
    out[n++] = '\'';
    for (; *s; s++) {
        const char *piece = *s == '\'' ? "'\\''" : NULL;
        size_t len = piece ? 4 : 1;
        if (n + len + 2 > cap)
            return -1;
        if (piece)
            memcpy(out + n, piece, len);
        else
            out[n] = *s;
        n += len;
    }
    out[n++] = '\'';
    out[n] = '\0';
    return (int)n;
}

char *shell_quote_argv(const char *const *argv)
{
    size_t cap = 1;
    for (size_t i = 0; argv && argv[i]; i++)
        cap += 4 * strlen(argv[i]) + 3;
    char *out = malloc(cap);
    size_t n = 0;
    if (!out)
        return NULL;
    out[0] = '\0';
    for (size_t i = 0; argv && argv[i]; i++) {
        if (i)
            out[n++] = ' ';
        n += (size_t)shell_quote(argv[i], out + n, cap - n);   /* cap is enough: no -1 */
    }
    out[n] = '\0';
    return out;
}

/* Quoting a word for a POSIX shell, so that a command gem5wb shows (a step's command line,
 * the command log) can be pasted into a shell as it is. */
#ifndef GW_SHQUOTE_H
#define GW_SHQUOTE_H

#include <stddef.h>

/* The word as is when it has only safe characters, else in single quotes (a quote
 * inside becomes '\''). Returns the length written, or -1 when cap is too small.
 * 4 * strlen(s) + 3 bytes are always enough. */
int shell_quote(const char *s, char *out, size_t cap);

/* argv's words quoted and joined by blanks, malloc'ed (NULL when out of memory). */
char *shell_quote_argv(const char *const *argv);

#endif

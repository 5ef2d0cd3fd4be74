/* Numbers as users and gem5 write them: decimal, 0x hex, and size units (4GiB, 512MiB,
 * 2GB); plus the reverse, a short human size ("2 GiB") for display. */
#ifndef GW_SIZE_H
#define GW_SIZE_H

#include <stddef.h>
#include <stdint.h>

/* Parses "4096", "0x1000", "4KiB", "2GiB", "2GB" (gem5 reads GB as GiB too), "1.5GiB".
 * Whole string must be used; on error fills err naming `what` and returns -1. */
int size_parse(const char *text, uint64_t *out, const char *what, char *err);

/* Writes "2 GiB", "256 MiB", "536870912 B" style text: exact binary unit when the value
 * is a whole multiple, otherwise one decimal. Returns buf. */
char *size_format(uint64_t bytes, char *buf, size_t len);

#endif

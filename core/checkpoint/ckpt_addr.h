/* Address expressions a user types for a checkpoint's memory ("0x80001000", "store8+0x1000",
 * "store8", "2GiB", "+0x40"), resolved to one store and an offset in it. */
#ifndef GW_CKPT_ADDR_H
#define GW_CKPT_ADDR_H

#include "core/checkpoint/ckpt_mem.h"

#include <stddef.h>
#include <stdint.h>

/* `cur` argument of ckpt_addr_parse when no store is current. */
#define CKPT_ADDR_NO_STORE (-1L)

/* Parses "storeN" or "storeN+OFFSET" (OFFSET as size_parse reads it: 4096, 0x1000, 4KiB;
 * "store" in any case). Only the syntax is checked, not that the store exists. */
int ckpt_addr_store_ref(const char *text, size_t *store, uint64_t *offset, char *err);

/* Resolves an address expression to the store and offset of one byte (out->len is 1):
 *   "0x80001000", "2147483648", "2GiB"  a physical address, through the memory map;
 *   "store8+0x1000", "store8"           an offset in section storeN;
 *   "+0x1000"                           an offset in store `cur`.
 * Blanks are ignored. Without a memory map a plain number is an offset in store `cur`
 * (an error when cur is CKPT_ADDR_NO_STORE). Errors are ckpt_mem_locate's: an address
 * outside every store names the nearest store, an offset past a store names its size. */
int ckpt_addr_parse(const struct ckpt *ck, const char *text, long cur, struct ckpt_loc *out,
                    char *err);

#endif

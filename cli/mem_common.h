/* What the memory commands (mem *, cpt *-store) share: the --store option, opening a
 * checkpoint, hex byte strings, and a location as JSON. */
#ifndef GW_MEM_COMMON_H
#define GW_MEM_COMMON_H

#include "cli/cli.h"
#include "core/checkpoint/ckpt_mem.h"

#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

/* Option values of the memory commands (above args.c's own). */
enum {
    MEMCLI_OPT_STORE = 2000, MEMCLI_OPT_RAW, MEMCLI_OPT_STRING, MEMCLI_OPT_HEX,
    MEMCLI_OPT_FILE, MEMCLI_OPT_ALL, MEMCLI_OPT_MAX, MEMCLI_OPT_FROM, MEMCLI_OPT_SET_SIZE,
    MEMCLI_OPT_FORCE
};

/* Parses a store number (--store N, or a positional N; "8" or "store8"); prints the
 * usage error and returns 2 when bad. */
int memcli_store_opt(const char *cmd, const char *arg, long *store);

/* The flag options of the store commands (--set-size, --force), set by
 * memcli_flag_option given as args_parse's option callback with a struct memcli_flags. */
struct memcli_flags {
    bool set_size, force;
};
int memcli_flag_option(void *ctx, int val, const char *arg);

/* What a store commit changed in m5.cpt of dir (range_size, the filename key: pass 0, 0,
 * "" for none), the originals it kept (only files that existed have one) and the warning,
 * as the store commands print them. */
void memcli_commit_text(const char *dir, const char *store_path, bool cpt_changed,
                        uint64_t old_size, uint64_t new_size, const char *old_filename,
                        const char *warning);

/* Parses a count option such as --max N (> 0). */
int memcli_count_opt(const char *cmd, const char *opt, const char *arg, uint64_t *out);

/* ckpt_open with the failure reported as the output mode wants; 0, or the exit code. */
int memcli_open(bool json, const char *dir, const char *config, struct ckpt **ck);

/* "de ad be ef", "deadbeef", "0xDEADBEEF", "de:ad:be:ef" -> bytes (malloc'ed). */
int memcli_parse_hex(const char *text, uint8_t **buf, size_t *len, char *err);

/* Adds store, address (or null), offset and memory of loc to obj. */
void memcli_loc_json(cJSON *obj, const struct ckpt_loc *loc);

/* A rounded human size: "2.0 GiB", "72.0 KiB", "512 B" (size_format is exact, which
 * makes odd sizes long: "2097080 KiB"). Returns buf. */
char *memcli_size(uint64_t bytes, char *buf, size_t len);

/* Lowercase hex of n bytes (malloc'ed), NULL when out of memory. */
char *memcli_hex_string(const uint8_t *p, size_t n);

#endif

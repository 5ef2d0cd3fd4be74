/* Which physical address range each backing store (storeN) covers, derived from the
 * run's config exactly as gem5's PhysicalMemory builds its stores; lookups both ways. */
#ifndef GW_MEMMAP_H
#define GW_MEMMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct runcfg;

#define MM_MAX_MASKS 16

struct mm_range {
    uint64_t start, end;          /* end exclusive */
    uint64_t match;               /* interleaving: which channel this is */
    unsigned nmasks;
    uint64_t masks[MM_MAX_MASKS];
    bool inclusive_end;           /* the config wrote an inclusive end (older gem5) */
};

struct mm_memory {
    char *path;                   /* board.local_memory.mem_ctrl0.dram */
    char *type;                   /* DRAMInterface, SimpleMemory, OutgoingRequestBridge */
    struct mm_range range;
    bool in_addr_map, null;
    long store;                   /* index of its store, -1 for null memories */
};

enum mm_role { MM_ROLE_LOCAL, MM_ROLE_REMOTE, MM_ROLE_PLATFORM };

struct mm_store {
    uint64_t start, end;          /* the whole store's range, end exclusive */
    bool in_addr_map;
    enum mm_role role;
    char *name;                   /* the memory's path, or the channels' common parent */
    size_t nmems;
    size_t *mems;                 /* indices into memmap.mems, channel order */
};

struct memmap {
    bool known;                   /* false: no config, stores listed by size only */
    char *config_file;
    char *system;                 /* "board" or "system" */
    struct mm_memory *mems;
    size_t nmems;
    struct mm_store *stores;
    size_t nstores;
    char **problems;              /* things gem5 itself would refuse, in its words */
    size_t nproblems;
};

/* Derives the stores of `system` (the object owning <system>.physmem) from cfg. The
 * memories are the system's `memories` param (or, when absent, every object under the
 * system with a `range` and `in_addr_map`); then gem5's rules: memories outside the
 * address map first, in list order; then the address map in address order, null
 * memories skipped, interleaved channels of one range merged into one store. */
int memmap_derive(const struct runcfg *cfg, const char *system, struct memmap *out, char *err);
void memmap_free(struct memmap *m);

/* Parses an AddrRange string as config files write it: "start:end" or
 * "start:end:match:mask0[:mask1...]". An odd end is taken as inclusive (older gem5). */
int memmap_parse_range(const char *text, struct mm_range *out, char *err);

/* Size of a range in bytes (the whole store's size for a merged range). */
static inline uint64_t mm_range_size(const struct mm_range *r) { return r->end - r->start; }

const char *mm_role_name(enum mm_role role);

/* Physical address -> store and offset (and the channel's memory index, or -1).
 * Stores in the address map are searched first. Returns -1 when no store covers it. */
int memmap_lookup(const struct memmap *m, uint64_t addr, size_t *store, uint64_t *offset,
                  long *memory);
/* Store and offset -> physical address; -1 when the offset is past the store. */
int memmap_address(const struct memmap *m, size_t store, uint64_t offset, uint64_t *addr);

#endif

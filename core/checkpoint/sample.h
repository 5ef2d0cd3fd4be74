/* Writes small but faithful checkpoints as the darchr configs and gem5 lay them out:
 * config.json/config.ini in OUTDIR, m5.cpt and gzip stores in OUTDIR/<cpt_name>. */
#ifndef GW_SAMPLE_H
#define GW_SAMPLE_H

#include "core/checkpoint/store.h"

#include <stdbool.h>
#include <stdint.h>

enum sample_board {
    SAMPLE_BOARD_SST,      /* ArmSstDMBoard + OutgoingRequestBridge (not in the address
                              map): store0 is the remote memory */
    SAMPLE_BOARD_GEM5,     /* ArmGem5DMBoard + RemoteChanneledMemory: remote is last */
    SAMPLE_BOARD_SST_V2,   /* tip's ExternalMemory, in the address map: remote is last */
    SAMPLE_BOARD_CLASSIC   /* classic system.* names: system.mem_ctrls + system.remote_mem */
};

struct sample_opts {
    const char *isa;           /* "arm" or "x86" */
    enum sample_board board;
    uint64_t local_size;       /* local DRAM (2 channels, 64 B interleave) */
    uint64_t remote_size;      /* remote memory, placed at remote_start */
    uint64_t remote_start;     /* 0: 4 GiB, right above local DRAM at 2 GiB */
    unsigned ncpus;
    const char *cpu;           /* "atomic", "timing" or "kvm" */
    uint64_t tick;
    enum store_gz_mode gz;
    bool old_globals;          /* very old layout: [Globals] first, no [root.globals] */
    bool inclusive_ends;       /* config ranges with inclusive ends (gem5 before v21) */
    bool no_config;            /* write no config.json / config.ini */
    bool json_only, ini_only;
    const char *cpt_name;      /* folder inside outdir; "checkpoint" as the unified script */
};

#define SAMPLE_OPTS_INIT { "arm", SAMPLE_BOARD_SST, 2ULL << 30, 2ULL << 30, 0, 4, "atomic", \
                           1000003933750ULL, STORE_GZ_FAST, false, false, false, false,       \
                           false, "checkpoint" }

/* Parses "sst", "gem5", "sst-v2", "classic". */
int sample_board_parse(const char *text, enum sample_board *out, char *err);
const char *sample_board_name(enum sample_board b);

/* Creates outdir (and parents) if needed and writes the run's files into it. */
int sample_write(const char *outdir, const struct sample_opts *o, char *err);

/* ---- the pieces, shared by sample_write and the test fixture writer ---- */

enum sample_kind { SP_STR, SP_INT, SP_BOOL, SP_LIST };
struct sample_param { const char *key; enum sample_kind kind; char *value; };

/* One SimObject of the generated config. `attr` is its attribute in the parent (the
 * JSON key); siblings sharing an attr form a vector (mem_ctrl0, mem_ctrl1). */
struct sample_obj {
    char *path, *attr, *type;
    struct sample_param params[12];
    unsigned nparams;
    uint64_t store_start, store_size;   /* for memories: what the store holds */
    bool is_memory;
};

#define SAMPLE_MAX_OBJS 256   /* ~20 board objects + 2 per CPU, up to 64 CPUs */

struct sample_layout {
    struct sample_obj objs[SAMPLE_MAX_OBJS];
    unsigned n;
    bool overflow;          /* an object did not fit: the layout is refused */
    const char *system;     /* "board" or "system" */
};

int sample_layout_build(const struct sample_opts *o, struct sample_layout *l, char *err);
void sample_layout_free(struct sample_layout *l);
/* config.ini text (malloc'ed) for the layout. */
char *sample_config_ini(const struct sample_layout *l, size_t *len);
int sample_config_write(const char *outdir, const struct sample_layout *l,
                        const struct sample_opts *o, char *err);
struct memmap;
/* m5.cpt and one store file per store of `map`, into cptdir. */
int sample_cpt_write(const char *cptdir, const struct sample_layout *l, const struct memmap *map,
                     const struct sample_opts *o, char *err);
int sample_stores_write(const char *cptdir, const char *system, const struct memmap *map,
                        enum store_gz_mode gz, char *err);

#endif

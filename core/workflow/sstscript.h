/* The SST restore script of darchr's fork (ext/sst/sst/checkpoints/arm_checkpoints.py and
 * its older layouts) pointed at a checkpoint: its values edited in place, or written anew. */
#ifndef GW_SSTSCRIPT_H
#define GW_SSTSCRIPT_H

#include "core/workflow/patch.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What the user chooses; NULL or 0 leaves the script's value as it is. */
struct sst_opts {
    const char *config;       /* the run's config.json/ini; NULL: beside the checkpoint */
    unsigned nodes;           /* system_nodes */
    const char *cpu_type;     /* atomic, timing, o3 or kvm */
    const char *clock;        /* cpu_clock_rate, e.g. 3GHz */
    const char *latency;      /* --remote-memory-latency, in gem5 cycles */
    const char *run_script;   /* gem5_run_script */
};

/* What the checkpoint says. Sizes and addresses in bytes; ends exclusive. */
struct sst_facts {
    char *ckpt_dir;           /* absolute */
    bool have_range;          /* false without a config (the map is then unknown) */
    uint64_t range_start, range_end;
    uint64_t sst_mem_size;    /* whole GiB reaching range_end: SST maps gem5 addresses 1:1 */
    char *remote_path;        /* the remote memory's SimObject, e.g. board.remote_memory */
    char *remote_type;        /* OutgoingRequestBridge, ExternalMemory, DRAMInterface... */
    bool have_local;
    uint64_t local_size;
    bool gem5_only;           /* taken on ArmGem5DMBoard: SST cannot restore it */
    char **warnings;
    size_t nwarnings;
};

/* One value the patch changes, as source text (inside the quotes for strings). */
struct sst_change {
    char *name;               /* "chpt_dir", "--remote-memory-addr-range", ... */
    char *old_value, *new_value;
    unsigned line;            /* 1-based line of the value in the original */
};

struct sst_result {
    struct patch_preview pv;
    bool generated;           /* a fresh script, not edits */
    struct sst_change *changes;
    size_t nchanges;
    char **warnings;          /* the checkpoint's and the script's, one sentence each */
    size_t nwarnings;
    bool applied;
    char backup[4096];        /* the original's backup after apply ("" when created) */
};

/* Opens the checkpoint and derives the values a restore script needs, with warnings
 * (gem5-only board, a remote memory the SST loader would cut, problems in m5.cpt). */
int sstscript_facts(const char *ckpt_dir, const struct sst_opts *o, struct sst_facts *f,
                    char *err);
void sstscript_facts_free(struct sst_facts *f);

/* The checkpoint the script restores, as written (relative paths are relative to ext/sst,
 * where sst runs), and its 1-based line; -1 with err when the script names none. */
int sstscript_checkpoint(const char *script, char *buf, size_t cap, unsigned *line, char *err);

/* Finds the script's settings and previews setting them from the facts and options.
 * Only value bytes change; a setting the script lacks is a warning, not an addition. */
int sstscript_preview(const char *script, const struct sst_facts *f, const struct sst_opts *o,
                      struct sst_result *r, char *err);

/* A fresh restore script from the facts (malloc'ed); needs the remote range. */
int sstscript_generate(const struct sst_facts *f, const struct sst_opts *o, char **text,
                       size_t *len, char *err);
/* Previews writing the generated script to file (created, or replaced as a whole). */
int sstscript_preview_generate(const char *file, const struct sst_facts *f,
                               const struct sst_opts *o, struct sst_result *r, char *err);

/* Writes the previewed bytes if the file still has the previewed content, and, when
 * expect is given, if that content is the one whose fingerprint the user saw. */
int sstscript_apply(struct sst_result *r, const char *expect, char *err);
void sstscript_result_free(struct sst_result *r);

#endif

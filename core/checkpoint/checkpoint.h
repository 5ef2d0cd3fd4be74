/* A checkpoint directory as a whole: m5.cpt, its store files and the memory map, with
 * the summary `cpt info` shows and the checks `cpt verify` makes. */
#ifndef GW_CHECKPOINT_H
#define GW_CHECKPOINT_H

#include "core/checkpoint/memmap.h"
#include "core/checkpoint/store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cpt;
struct runcfg;

enum ckpt_sev { CKPT_WARNING, CKPT_ERROR };

struct ckpt_problem {
    enum ckpt_sev sev;
    char *text;
};

struct ckpt_store {
    unsigned section;          /* N of [<system>.physmem.storeN] */
    char *section_name;
    bool have_id;
    uint64_t store_id;         /* which backing store gem5 restores it into */
    char *filename;            /* the filename key; NULL when missing */
    char *file_path;           /* dir/filename */
    bool have_size;
    uint64_t range_size;
    bool file_exists;
    uint64_t file_bytes;       /* compressed size on disk */
    long map_index;            /* the map's store for store_id, or -1 */
    bool scanned;              /* verify decoded it: */
    struct store_scan scan;
};

struct ckpt_cpu {
    char *section;             /* board.processor.cores0.core */
    char *type;                /* from the config, "" when unknown */
    bool have_pc, have_status, have_inst, aarch64_known, aarch64;
    uint64_t pc;
    int64_t status;            /* 0 Active 1 Suspended 2 Halting 3 Halted */
    uint64_t inst_count;
    bool switched_out;         /* only instCnt was written */
};

struct ckpt {
    char *dir;
    char *cpt_path;
    struct cpt *cpt;
    const char *globals;       /* "root.globals", or "Globals" in very old files */
    bool have_tick;
    uint64_t tick;
    const char *version_tags;  /* NULL when missing (old versioning scheme) */
    size_t ntags;
    char isa[16];              /* "arm", "x86", "riscv" or "unknown" */
    char *system;              /* "board" or "system": owner of the physmem section */
    struct runcfg *cfg;        /* NULL without a config */
    struct memmap map;
    uint64_t nbr_of_stores;
    struct ckpt_store *stores;
    size_t nstores;
    struct ckpt_cpu *cpus;
    size_t ncpus;
    struct ckpt_problem *problems;
    size_t nproblems;
};

/* Opens DIR (its m5.cpt), finds and loads the config (`config` or one beside DIR),
 * derives the map and runs the cheap checks (store sections, files present, sizes
 * against the map). A missing config or store file is a problem, not a failure.
 * Fails only when m5.cpt cannot be read or parsed, or a given config is bad. */
int ckpt_open(const char *dir, const char *config, struct ckpt **out, char *err);
void ckpt_close(struct ckpt *ck);

/* Decodes every present store file and adds what it finds to the problems: gzip
 * damage, a decoded size other than range_size or not a multiple of 8, garbage after
 * the data. Returns 0 when the scan ran (problems tell the verdict), -1 on cancel. */
int ckpt_verify(struct ckpt *ck, store_progress_fn progress, void *arg, char *err);

size_t ckpt_error_count(const struct ckpt *ck);

/* Adds a problem (formatted). Used by the checks; exposed for the CPU summary. */
void ckpt_problem_add(struct ckpt *ck, enum ckpt_sev sev, const char *fmt, ...)
    __attribute__((format(__printf__, 3, 4)));

/* Fills ck->cpus and ck->isa from m5.cpt and the config (in checkpoint_cpu.c). */
int ckpt_read_cpus(struct ckpt *ck, char *err);

#endif

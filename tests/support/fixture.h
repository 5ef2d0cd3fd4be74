/* The test fixture writer: whole run folders (config.json, config.ini, checkpoint with
 * m5.cpt and gzip stores) for every layout the tests need, written as gem5 writes them. */
#ifndef GW_FIXTURE_H
#define GW_FIXTURE_H

#include "core/checkpoint/store.h"

#include <stddef.h>
#include <stdint.h>

enum fixture_layout {
    FX_SST,            /* ArmSstDMBoard: remote memory = store0, not in the address map */
    FX_GEM5,           /* ArmGem5DMBoard: remote memory = store8, 2 channels merged */
    FX_SST_V2,         /* tip's ExternalMemory: remote is the last store */
    FX_CLASSIC,        /* classic system.* objects (x86 addresses) */
    FX_OLD_GLOBALS,    /* [Globals] first, no version_tags */
    FX_INCLUSIVE,      /* config ranges with inclusive ends (older gem5) */
    FX_NO_CONFIG,      /* no config.json or config.ini */
    FX_MISSING_STORES, /* store0 and store8 files deleted */
    FX_X86,            /* x86 CPUs on the SST-style layout */
    FX_LAYOUT_COUNT
};

const char *fixture_layout_name(enum fixture_layout l);
int fixture_layout_parse(const char *name, enum fixture_layout *out);

/* Writes the layout into outdir; the checkpoint goes to outdir/checkpoint, whose path
 * is written into cptdir. */
int fixture_write(const char *outdir, enum fixture_layout layout, uint64_t local,
                  uint64_t remote, enum store_gz_mode gz, char *cptdir, size_t len, char *err);

#endif

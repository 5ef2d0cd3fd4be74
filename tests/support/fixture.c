/* Fixture writer: each layout is the sample writer's board with the variant a test
 * needs (old globals, inclusive ends, no config, missing stores). */
#include "tests/support/fixture.h"
#include "core/checkpoint/sample.h"
#include "core/util/err.h"
#include "core/util/fileio.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char *names[FX_LAYOUT_COUNT] = {
    "sst", "gem5", "sst-v2", "classic", "old-globals", "inclusive", "no-config",
    "missing-stores", "x86",
};

const char *fixture_layout_name(enum fixture_layout l) { return names[l]; }

int fixture_layout_parse(const char *name, enum fixture_layout *out)
{
    for (int i = 0; i < FX_LAYOUT_COUNT; i++)
        if (!strcmp(name, names[i])) {
            *out = (enum fixture_layout)i;
            return 0;
        }
    return -1;
}

static void options_for(enum fixture_layout layout, struct sample_opts *o)
{
    switch (layout) {
    case FX_GEM5: o->board = SAMPLE_BOARD_GEM5; break;
    case FX_SST_V2: o->board = SAMPLE_BOARD_SST_V2; break;
    case FX_CLASSIC: o->board = SAMPLE_BOARD_CLASSIC; o->isa = "x86"; o->ncpus = 1; break;
    case FX_OLD_GLOBALS: o->old_globals = true; break;
    case FX_INCLUSIVE: o->inclusive_ends = true; o->ini_only = true; break;
    case FX_NO_CONFIG: o->no_config = true; break;
    case FX_X86: o->isa = "x86"; o->ncpus = 2; break;
    default: break;
    }
}

int fixture_write(const char *outdir, enum fixture_layout layout, uint64_t local,
                  uint64_t remote, enum store_gz_mode gz, char *cptdir, size_t len, char *err)
{
    struct sample_opts o = SAMPLE_OPTS_INIT;
    o.local_size = local;
    o.remote_size = remote;
    o.gz = gz;
    o.cpu = "kvm";
    options_for(layout, &o);
    if (path_join(cptdir, len, outdir, o.cpt_name) != 0)
        return err_set(err, "path too long");
    if (sample_write(outdir, &o, err) != 0)
        return -1;
    if (layout == FX_MISSING_STORES) {
        char path[4096];
        snprintf(path, sizeof path, "%s/board.physmem.store0.pmem", cptdir);
        unlink(path);
        snprintf(path, sizeof path, "%s/board.physmem.store8.pmem", cptdir);
        unlink(path);
    }
    return 0;
}

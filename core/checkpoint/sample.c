/* `cpt sample`: a whole run folder (config + checkpoint) for a darchr-style board, so
 * newcomers can explore checkpoints without running gem5. */
#include "core/checkpoint/memmap.h"
#include "core/checkpoint/runcfg.h"
#include "core/checkpoint/sample.h"
#include "core/util/err.h"
#include "core/util/fileio.h"

#include <stdlib.h>

/* The store order comes from gem5's rules applied to the very config we write. */
static int derive_map(const struct sample_layout *l, struct memmap *map, char *err)
{
    size_t len = 0;
    char *ini = sample_config_ini(l, &len);
    if (!ini)
        return err_set(err, "out of memory");
    struct runcfg *cfg = runcfg_parse("sample config.ini", ini, len, err);
    free(ini);
    if (!cfg)
        return -1;
    int rc = memmap_derive(cfg, l->system, map, err);
    runcfg_free(cfg);
    return rc;
}

int sample_write(const char *outdir, const struct sample_opts *o, char *err)
{
    struct sample_layout l;
    struct memmap map = {0};
    char cptdir[4096];
    if (path_join(cptdir, sizeof cptdir, outdir, o->cpt_name) != 0)
        return err_set(err, "path '%s' is too long", outdir);
    if (sample_layout_build(o, &l, err) != 0)
        return -1;
    int rc = derive_map(&l, &map, err);
    if (rc == 0)
        rc = dir_create(cptdir, err);
    if (rc == 0 && !o->no_config)
        rc = sample_config_write(outdir, &l, o, err);
    if (rc == 0)
        rc = sample_cpt_write(cptdir, &l, &map, o, err);
    if (rc == 0)
        rc = sample_stores_write(cptdir, l.system, &map, o->gz, err);
    memmap_free(&map);
    sample_layout_free(&l);
    return rc;
}

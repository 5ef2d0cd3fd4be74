/* The commands of a step that gem5wb does itself rather than a program: copying a file
 * (with a backup of what it replaces), the config copy with the workspace's guest paths. */
#include "core/workflow/runner_impl.h"

#include "core/util/err.h"
#include "core/util/fileio.h"
#include "core/workflow/diskimage.h"
#include "core/workflow/gem5cfg.h"
#include "core/workflow/sstscript.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define COPY_MAX_BYTES (64u << 20)

static int copy_file(const struct step_cmd *c, char *err)
{
    char *data;
    size_t len;
    if (file_read_all(c->argv[0], COPY_MAX_BYTES, &data, &len, err) != 0)
        return -1;
    int rc = file_replace(c->argv[1], data, len, 1, err);
    free(data);
    return rc;
}

/* argv: config, kernel, bootloader, disk ("" keeps the config's own), then the copy. */
static int config_copy(const struct step_cmd *c, char *err)
{
    const char *paths[GCFG_NPATHS];
    for (int i = 0; i < GCFG_NPATHS; i++)
        paths[i] = *c->argv[1 + i] ? c->argv[1 + i] : NULL;
    char copy[4200];
    if (gcfg_write_copy(c->argv[0], paths, copy, sizeof copy, err) != 0)
        return -1;
    if (strcmp(copy, c->argv[4]) != 0)
        return err_set(err, "internal: config copy went to %s, not %s", copy, c->argv[4]);
    return 0;
}

/* argv: arch, then KEY=VALUE settings; files the user edited are kept and said so. */
static int disk_write(struct runner *r, const struct step_cmd *c, char *err)
{
    size_t n = 0;
    while (c->argv[n + 1])
        n++;
    struct dimg_params p;
    struct dimg_result *res = calloc(1, sizeof *res);
    if (!res)
        return err_set(err, "out of memory writing the disk-image folder");
    int rc = dimg_params_from(&p, c->argv[0], (const char *const *)c->argv + 1, n, err);
    if (rc == 0)
        rc = dimg_write(r->w->root, &p, false, res, err);
    char text[ERR_LEN + 300];
    for (size_t i = 0; rc == 0 && i < res->nfiles; i++)
        if (res->files[i].state == DIMG_KEPT) {
            snprintf(text, sizeof text, "kept your edited %s (gem5wb disk-image write --force "
                     "replaces it, keeping a backup)", res->files[i].path);
            runner_note(r, text);
        }
    for (size_t i = 0; rc == 0 && i < res->nwarnings; i++)
        runner_note(r, res->warnings[i]);
    free(res);
    return rc;
}

/* The run's log gets the diff of the script against the fork's, for `gem5wb log`. */
static void log_text(struct runner *r, const char *text)
{
    FILE *f = fopen(r->log, "a");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

/* argv: the fork's SST script, the copy to write, checkpoint, nodes, cpu type, gem5 config
 * ("" keeps the script's). The fork's script itself is not changed. */
static int sst_script(struct runner *r, const struct step_cmd *c, char *err)
{
    struct sst_opts o = { .nodes = (unsigned)atoi(c->argv[3]), .cpu_type = c->argv[4],
                          .run_script = *c->argv[5] ? c->argv[5] : NULL };
    struct sst_facts f = { 0 };
    struct sst_result res = { 0 };
    char dir[PATH_MAX], real[PATH_MAX], cfg[PATH_MAX + 16];
    /* the run's config is beside the real folder, also when the path given is a link */
    if (realpath(c->argv[2], real)) {
        path_parent(real, dir, sizeof dir);
        snprintf(cfg, sizeof cfg, "%s/config.json", dir);
        if (access(cfg, R_OK) != 0)
            snprintf(cfg, sizeof cfg, "%s/config.ini", dir);
        if (access(cfg, R_OK) == 0)
            o.config = cfg;
    }
    int rc = sstscript_facts(c->argv[2], &o, &f, err);
    if (rc == 0)
        rc = sstscript_preview(c->argv[0], &f, &o, &res, err);
    for (size_t i = 0; rc == 0 && i < res.nwarnings; i++)
        runner_note(r, res.warnings[i]);
    if (rc == 0) {
        log_text(r, res.pv.diff);
        path_parent(c->argv[1], dir, sizeof dir);
        rc = dir_create(dir, err) == 0 ? file_replace(c->argv[1], res.pv.new_data,
                                                      res.pv.new_len, 0, err) : -1;
    }
    if (rc == 0 && f.gem5_only)
        rc = err_set(err, "%s was taken on the gem5-only board: SST cannot restore it",
                     c->argv[2]);
    sstscript_result_free(&res);
    sstscript_facts_free(&f);
    return rc;
}

int runner_action(struct runner *r, const struct step_cmd *c, char *err)
{
    (void)r;
    switch (c->act) {
    case ACT_COPY:
        return copy_file(c, err);
    case ACT_CONFIG_COPY:
        return config_copy(c, err);
    case ACT_DISK_WRITE:
        return disk_write(r, c, err);
    case ACT_SST_SCRIPT:
        return sst_script(r, c, err);
    default:
        return err_set(err, "internal: %s is not an action gem5wb does itself", c->title);
    }
}

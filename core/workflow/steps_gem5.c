/* Plans of the take-checkpoint and restore steps: gem5 with the config this commit of the
 * fork really has (and its option dialect), where the checkpoint lands, the SST restore. */
#include "core/workflow/steps_impl.h"

#include "core/util/err.h"
#include "core/util/fileio.h"
#include "core/workflow/diskimage.h"
#include "core/workflow/fork.h"
#include "core/workflow/gem5cfg.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>

/* The gem5 binary build-gem5 makes. */
static void gem5_binary(const struct step_ctx *c, char *buf)
{
    struct step_ctx b = { .w = c->w, .def = step_find("build-gem5") };
    char rel[128];
    snprintf(rel, sizeof rel, "gem5/build/%s/gem5.%s", step_value(&b, "isa"),
             step_value(&b, "variant"));
    step_ws_path(c, rel, buf);
}

/* The id the next run of the workspace will get, to name output folders after it. */
static long next_run(const struct step_ctx *c)
{
    const cJSON *runs = cJSON_GetObjectItem(c->w->state, "runs");
    const cJSON *last = cJSON_GetArrayItem(runs, cJSON_GetArraySize(runs) - 1);
    const cJSON *id = cJSON_GetObjectItem(last, "id");
    return cJSON_IsNumber(id) ? (long)id->valuedouble + 1 : 1;
}

/* Guest paths: the step's kernel/bootloader/disk; the disk defaults to the disk-image
 * step's image when it exists. With any of them, gem5 runs a copy of the config that has
 * them instead of the authors' hard-coded paths. Sets *config to the config to run. */
static int guest_paths(struct step_ctx *c, struct step_plan *p, const char *orig, char *config,
                       char *err)
{
    const char *kernel = step_value(c, "kernel"), *boot = step_value(c, "bootloader");
    const char *disk = step_value(c, "disk");
    char image[STEP_PATH_MAX], root[STEP_PATH_MAX];
    struct dimg_params dp;
    struct step_ctx d = { .w = c->w, .def = step_find("disk-image") };
    step_ws_path(c, NULL, root);
    if (!disk && dimg_params_init(&dp, step_value(&d, "arch"), err) == 0 &&
        dimg_artifact(root, &dp, image, sizeof image, err) == 0 && step_exists(image, false))
        disk = image;
    snprintf(config, STEP_PATH_MAX, "%s", orig);
    char *text;
    size_t len;
    struct gcfg_literal lit[GCFG_NPATHS];
    int found[GCFG_NPATHS] = { 0 };
    if (file_read_all(orig, 4u << 20, &text, &len, err) != 0)
        return -1;
    gcfg_find(text, len, lit, found);
    free(text);
    const char *mine[GCFG_NPATHS] = { kernel, boot, disk };
    static const char *const what[GCFG_NPATHS] = { "kernel", "bootloader", "disk" };
    bool copy = false;
    for (int i = 0; i < GCFG_NPATHS; i++) {
        copy |= found[i] && mine[i];
        if (found[i] && !mine[i] && !step_exists(lit[i].value, false))
            plan_note(p, "%s line %d hard-codes the %s %s, which is not on this machine: "
                      "set %s.%s to yours", orig, lit[i].line, what[i], lit[i].value,
                      c->def->id, what[i]);
    }
    if (!copy)
        return 0;
    if (gcfg_copy_path(orig, config, STEP_PATH_MAX) != 0)
        return err_set(err, "%s: path too long", orig);
    const char *argv[] = { orig, kernel ? kernel : "", boot ? boot : "", disk ? disk : "",
                           config, NULL };
    plan_cmd(p, ACT_CONFIG_COPY, "config with this workspace's guest paths", root, NULL, NULL,
             argv);
    return 0;
}

/* The probe of the workspace's gem5 tree, kept while the clone's commit stays the same
 * (status plans several steps; each probe runs Python over the configs). */
static int probe(struct step_ctx *c, const struct fork_probe **out, char *err)
{
    static struct fork_probe cache;
    static char dir_of[STEP_PATH_MAX], commit_of[41];
    static bool have;
    char dir[STEP_PATH_MAX];
    step_ws_path(c, "gem5", dir);
    if (have && !strcmp(dir, dir_of) && !strcmp(c->commit, commit_of)) {
        *out = &cache;
        return 0;
    }
    fork_probe_free(&cache);
    have = false;
    if (fork_probe_run(dir, &cache, err) != 0)
        return -1;
    snprintf(dir_of, sizeof dir_of, "%s", dir);
    snprintf(commit_of, sizeof commit_of, "%s", c->commit);
    have = true;
    *out = &cache;
    return 0;
}

/* The config for a purpose: the step's `config` when set (relative to gem5/), else the one
 * this commit has. ERROR findings about it stop the step, with their fix. */
static int choose_probed(struct step_ctx *c, struct step_plan *p, enum fork_purpose purpose,
                         struct fork_choice *ch, char *abs, char *err)
{
    const struct fork_probe *pr;
    char gem5[STEP_PATH_MAX];
    step_ws_path(c, "gem5", gem5);
    if (probe(c, &pr, err) != 0 || fork_choose(pr, purpose, ch, err) != 0)
        return -1;
    bool sst = purpose == FORK_RESTORE_SST_SCRIPT;
    const char *mine = step_value(c, sst ? "script" : "config");
    if (mine && sst)
        snprintf(ch->path, sizeof ch->path, "%s", mine);
    if (mine && !sst) {
        const struct fork_config *fc = fork_config_get(pr, mine);
        snprintf(ch->config, sizeof ch->config, "%s", mine);
        snprintf(ch->path, sizeof ch->path, "%s", mine);
        if (fc) {
            ch->dialect = fc->dialect;
            ch->ckpt_at = fc->ckpt_at;
        }
    }
    if (pr->is_git && !pr->base[0])
        plan_note(p, "%s is at %.10s, which contains none of the kg/dm-sst-checkpoints-ver2 "
                  "commits gem5wb knows: the step follows the files it finds there", gem5,
                  pr->commit);
    if (*ch->note && !sst)          /* the SST script's checkpoint is set in gem5wb's copy */
        plan_note(p, "%s", ch->note);
    if (snprintf(abs, STEP_PATH_MAX, "%s/%s", gem5, ch->path) >= STEP_PATH_MAX)
        return err_set(err, "%s/%s: path too long", gem5, ch->path);
    return 0;
}

/* The probe cache is shared: the workbench plans steps on its own thread while pre-flight
 * checks plan them on a worker, so the cache is filled and read under one lock. */
static int choose(struct step_ctx *c, struct step_plan *p, enum fork_purpose purpose,
                  struct fork_choice *ch, char *abs, char *err)
{
    static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
    pthread_mutex_lock(&mu);
    int rc = choose_probed(c, p, purpose, ch, abs, err);
    pthread_mutex_unlock(&mu);
    return rc;
}

static bool host_arm64(void)
{
    struct utsname u;
    return uname(&u) == 0 && !strcmp(u.machine, "aarch64");
}

/* argv of a take in the config's dialect; out: the checkpoint folder it will write. */
static int take_argv(struct step_ctx *c, const struct fork_choice *ch, const char *cfg,
                     const char *outdir, const char **argv, char store[][160], char *out,
                     char *err)
{
    bool sst = !strcmp(step_value(c, "board"), "sst");
    size_t n = 0;
    char gem5[STEP_PATH_MAX];
    step_ws_path(c, "gem5", gem5);
    snprintf(store[0], 160, "--remote-memory-addr-range=%s", step_value(c, "remote_range"));
    snprintf(store[1], 160, "--remote-memory-latency=%s", step_value(c, "latency"));
    snprintf(store[2], 160, "--instance=%s", step_value(c, "instance"));
    argv[n++] = cfg;
    if (ch->dialect == FORK_CFG_UNIFIED) {
        argv[n++] = "--take-chpt=True";
        argv[n++] = sst ? "--is-composable=True" : "--is-composable=False";
        if (sst)
            argv[n++] = store[0];
        argv[n++] = store[1];
        argv[n++] = store[2];
    } else if (ch->dialect == FORK_CFG_NUMA || ch->dialect == FORK_CFG_V2_MAIN) {
        snprintf(store[3], 160, "--cpu-type=%s", step_value(c, "cpu_type"));
        snprintf(store[4], 160, "--cpu-clock-rate=%s", step_value(c, "clock"));
        snprintf(store[5], 160, "--local-memory-size=%s", step_value(c, "local_memory"));
        const char *more[] = { store[3], store[4], store[5], store[0], store[1], store[2],
                               "--take-ckpt=True", "--ckpt-file=checkpoint", NULL };
        for (size_t i = 0; more[i]; i++)
            argv[n++] = more[i];
        if (ch->dialect == FORK_CFG_V2_MAIN)
            argv[n++] = sst ? "--is-composable=True" : "--is-composable=False";
    } else {
        argv[n++] = "--take-ckpt=True";
    }
    argv[n] = NULL;
    return fork_ckpt_path(ch->ckpt_at, gem5, outdir, "checkpoint",
                          atoi(step_value(c, "instance")), out, STEP_PATH_MAX, err);
}

int plan_take(struct step_ctx *c, struct step_plan *p, char *err)
{
    struct fork_choice ch;
    char orig[STEP_PATH_MAX], cfg[STEP_PATH_MAX], bin[STEP_PATH_MAX], outdir[STEP_PATH_MAX];
    char gem5[STEP_PATH_MAX], ckpt[STEP_PATH_MAX], od[STEP_PATH_MAX + 16], store[6][160];
    bool sst = !strcmp(step_value(c, "board"), "sst");
    if (choose(c, p, sst ? FORK_TAKE_FOR_SST : FORK_TAKE_GEM5_ONLY, &ch, orig, err) != 0 ||
        guest_paths(c, p, orig, cfg, err) != 0)
        return -1;
    gem5_binary(c, bin);
    step_ws_path(c, "gem5", gem5);
    char rel[64];
    snprintf(rel, sizeof rel, "checkpoints/take-%ld", next_run(c) + (long)p->ncmds);
    step_ws_path(c, rel, outdir);
    const char *argv[24];
    if (take_argv(c, &ch, cfg, outdir, argv + 2, store, ckpt, err) != 0)
        return -1;
    snprintf(od, sizeof od, "--outdir=%s", outdir);
    argv[0] = bin;
    argv[1] = od;
    if (ch.dialect == FORK_CFG_UNIFIED && !host_arm64())
        plan_note(p, "%s takes checkpoints with the KVM CPU, which gem5 has only on an "
                  "aarch64 host; on this host gem5 will stop when it starts the CPU", ch.path);
    plan_cmd(p, ACT_EXEC, "gem5 (take a checkpoint)", gem5, "gem5", NULL, argv);
    plan_set(&p->ckpt_out, "%s", ckpt);
    plan_set(&p->config, "%s", cfg);
    plan_set(&p->board, "%s", sst ? "sst" : "gem5-only");
    plan_artifact(p, "%s/m5.cpt", ckpt);
    return 0;
}

/* The checkpoint to restore: the step's `checkpoint`, else the newest one the workspace
 * took on that board. A checkpoint the workspace knows was taken on the other board is
 * refused: the objects and the store order differ (darchr-workflow §3.4). */
int step_pick_ckpt(struct step_ctx *c, const char *board, char *out, char *err)
{
    const char *mine = step_value(c, "checkpoint");
    const cJSON *e, *found = mine ? ws_ckpt(c->w, mine) : NULL;
    cJSON_ArrayForEach(e, cJSON_GetObjectItem(c->w->state, "checkpoints")) {
        const cJSON *b = cJSON_GetObjectItem(e, "board");
        if (!mine && cJSON_IsString(b) && !strcmp(b->valuestring, board))
            found = e;
    }
    if (!mine && !found)
        return err_set(err, "no %s checkpoint in this workspace yet: run take-checkpoint with "
                       "board=%s first, or give --set checkpoint=DIR", board, board);
    const cJSON *b = cJSON_GetObjectItem(found, "board");
    if (found && cJSON_IsString(b) && strcmp(b->valuestring, board) != 0)
        return err_set(err, "%s was taken on the %s board; %s needs one taken with "
                       "take-checkpoint board=%s (the boards' objects and store order differ)",
                       mine, b->valuestring, c->def->id, board);
    snprintf(out, STEP_PATH_MAX, "%s",
             mine ? mine : cJSON_GetObjectItem(found, "path")->valuestring);
    char cpt[STEP_PATH_MAX + 16];
    snprintf(cpt, sizeof cpt, "%s/m5.cpt", out);
    if (!step_exists(cpt, false))
        return err_set(err, "%s has no m5.cpt: not a checkpoint (or it was moved)", out);
    return 0;
}

int plan_restore_gem5(struct step_ctx *c, struct step_plan *p, char *err)
{
    struct fork_choice ch;
    char orig[STEP_PATH_MAX], cfg[STEP_PATH_MAX], bin[STEP_PATH_MAX], gem5[STEP_PATH_MAX];
    char ckpt[STEP_PATH_MAX], outdir[STEP_PATH_MAX], od[STEP_PATH_MAX + 16];
    char dir[STEP_PATH_MAX + 16], lat[64], rel[64];
    if (step_pick_ckpt(c, "gem5-only", ckpt, err) != 0 ||
        choose(c, p, FORK_RESTORE_GEM5, &ch, orig, err) != 0 ||
        guest_paths(c, p, orig, cfg, err) != 0)
        return -1;
    gem5_binary(c, bin);
    step_ws_path(c, "gem5", gem5);
    snprintf(rel, sizeof rel, "runs/restore-gem5-%ld", next_run(c) + (long)p->ncmds);
    step_ws_path(c, rel, outdir);
    snprintf(od, sizeof od, "--outdir=%s", outdir);
    snprintf(lat, sizeof lat, "--remote-memory-latency=%s", step_value(c, "latency"));
    if (ch.dialect == FORK_CFG_UNIFIED) {
        snprintf(dir, sizeof dir, "--chpt-dir=%s", ckpt);
        plan_exec(p, "gem5 (restore)", gem5, "gem5", NULL, bin, od, cfg, "--take-chpt=False",
                  "--is-composable=False", dir, lat, NULL);
    } else {
        snprintf(dir, sizeof dir, "--ckpt-file=%s", ckpt);
        plan_exec(p, "gem5 (restore)", gem5, "gem5", NULL, bin, od, cfg, "--take-ckpt=False",
                  "--restore-ckpt=True", dir, NULL);
    }
    plan_set(&p->ckpt_in, "%s", ckpt);
    plan_set(&p->config, "%s", cfg);
    plan_artifact(p, "%s/stats.txt", outdir);
    return 0;
}

int plan_restore_sst(struct step_ctx *c, struct step_plan *p, char *err)
{
    struct fork_choice ch;
    char script[STEP_PATH_MAX], cfg_orig[STEP_PATH_MAX], cfg[STEP_PATH_MAX];
    char ckpt[STEP_PATH_MAX], gem5[STEP_PATH_MAX], run[STEP_PATH_MAX], out[STEP_PATH_MAX + 64];
    char sst[STEP_PATH_MAX + 16], env_path[8192], env_pkg[8192], env_ld[8192], rel[64];
    if (step_pick_ckpt(c, "sst", ckpt, err) != 0 ||
        choose(c, p, FORK_RESTORE_SST_SCRIPT, &ch, script, err) != 0)
        return -1;
    step_ws_path(c, "gem5", gem5);
    if (snprintf(cfg_orig, sizeof cfg_orig, "%s/%s", gem5, ch.config) >= (int)sizeof cfg_orig ||
        guest_paths(c, p, cfg_orig, cfg, err) != 0)
        return -1;
    /* gem5Component splits its cmd at spaces, backslashes and quotes (ext/sst/gem5.cc) */
    if (strpbrk(ckpt, " \\'\""))
        return err_set(err, "the checkpoint path %s has a space or quote, where SST's gem5 "
                       "component splits gem5's command line: link it from a plain path "
                       "(ln -s) and give that as --set checkpoint=PATH", ckpt);
    char rel_cfg[STEP_PATH_MAX];
    if (strcmp(cfg, cfg_orig) != 0)               /* as ../../X from ext/sst, with no spaces */
        snprintf(rel_cfg, sizeof rel_cfg, "../../%s", cfg + strlen(gem5) + 1);
    snprintf(rel, sizeof rel, "runs/restore-sst-%ld", next_run(c) + (long)p->ncmds);
    step_ws_path(c, rel, run);
    const char *base = strrchr(script, '/');
    if (snprintf(out, sizeof out, "%s/%s", run, base ? base + 1 : script) >= (int)sizeof out)
        return err_set(err, "%s: path too long", run);
    const char *prep[] = { script, out, ckpt, step_value(c, "nodes"), step_value(c, "cpu_type"),
                           strcmp(cfg, cfg_orig) ? rel_cfg : "", NULL };
    plan_cmd(p, ACT_SST_SCRIPT, "SST restore script for the checkpoint", run, NULL, NULL, prep);
    struct step_ctx core = { .w = c->w, .def = step_find("build-sst-core") };
    struct step_ctx lib = { .w = c->w, .def = step_find("build-libgem5") };
    const char *prefix = step_value(&core, "prefix");
    snprintf(sst, sizeof sst, "%s/bin/sst", prefix);
    step_sst_env(prefix, env_path, env_pkg, sizeof env_path);
    /* libgem5.so's rpath ../../build/<ISA> is relative to the process's folder */
    snprintf(env_ld, sizeof env_ld, "LD_LIBRARY_PATH=%s/build/%s", gem5, step_value(&lib, "isa"));
    const char *env[] = { env_path, env_ld, NULL };
    char sstdir[STEP_PATH_MAX + 16];
    snprintf(sstdir, sizeof sstdir, "%s/ext/sst", gem5);
    int ranks = atoi(step_value(c, "ranks"));
    if (ranks > 1) {
        plan_exec(p, "mpirun sst (restore)", sstdir, "sst", env, "mpirun", "-np",
                  step_value(c, "ranks"), sst, "--add-lib-path=./", out, NULL);
        struct step_ctx b = { .w = c->w, .def = step_find("build-sst-core") };
        if (!strcmp(step_value(&b, "mpi"), "off"))
            plan_note(p, "ranks=%d needs sst-core built with MPI (build-sst-core mpi=on)", ranks);
    } else {
        plan_exec(p, "sst (restore)", sstdir, "sst", env, sst, "--add-lib-path=./", out, NULL);
    }
    plan_set(&p->ckpt_in, "%s", ckpt);
    plan_set(&p->config, "%s", out);
    plan_artifact(p, "%s", out);
    return 0;
}

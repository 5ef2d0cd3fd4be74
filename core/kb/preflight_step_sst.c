/* Pre-flight checks of restore-sst: the checkpoint, the fork's script and config, the bridge
 * against the checkpoint and the ranks, and what SST loads (sst-core, MPI, libgem5, element). */
#include "core/checkpoint/checkpoint.h"
#include "core/kb/preflight_step.h"
#include "core/util/err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The gem5 config an SST script runs, relative to the fork ("" when unknown). */
static const char *script_config(const struct fork_probe *pr, const char *script)
{
    for (size_t i = 0; i < pr->nscripts; i++)
        if (!strcmp(pr->scripts[i].path, script))
            return pr->scripts[i].run_config;
    return "";
}

static void sst_runtime(struct pf_step *s, int ranks)
{
    const char *prefix = pf_step_value(s, "build-sst-core", "prefix");
    const char *isa = pf_step_value(s, "build-libgem5", "isa");
    char element[4300];
    pf_sst_core(s->c, prefix);
    pf_sst_mpi(s->c, prefix, pf_step_value(s, "build-sst-core", "mpi"), ranks);
    if (ranks > 1)
        pf_tool(s->c, NULL, "mpirun", true);
    pf_libgem5(s->c, s->gem5, isa ? isa : "ARM");
    snprintf(element, sizeof element, "%s/ext/sst/libgem5.so", s->gem5);
    if (pf_exists(element))
        pf_add(s->c, PF_OK, "sst-element", element, 0, "the gem5 SST element is %s", element);
    else
        pf_add(s->c, PF_FAIL, "sst-element", element, 0, "%s does not exist: SST cannot load "
               "the element named gem5 (run build-gem5-sst)", element);
}

/* What the fork says about the script and the config it runs; whether it found a failure. */
static bool fork_checks(struct pf_step *s, const struct fork_probe *pr, const char *rel)
{
    const char *cfg = script_config(pr, rel);
    const char *const paths[] = { rel, cfg };
    size_t before = s->c->out->n;
    pf_fork_findings(s->c, pr, paths, 2);
    if (cfg[0])
        pf_fork_responder(s->c, pr, cfg);
    for (size_t i = before; i < s->c->out->n; i++)
        if (s->c->out->items[i].sev == PF_FAIL)
            return true;
    return false;
}

/* A plan that cannot be made (no SST script restores at this commit) is said through the
 * fork's findings about the script the step would take, when they explain it. */
static int plan(struct pf_step *s, const struct fork_probe *pr, const char *mine,
                struct step_plan *p)
{
    char err[ERR_LEN];
    if (step_plan(s->w, s->def, NULL, p, err) == 0)
        return 0;
    const char *rel = mine ? mine : pr->nscripts ? pr->scripts[0].path : "";
    if (!fork_checks(s, pr, rel))
        pf_add(s->c, PF_FAIL, "step-plan", NULL, 0, "%s", err);
    return -1;
}

/* The script gem5wb copies and patches, its config, and the bridge against the checkpoint. */
static void script_checks(struct pf_step *s, const struct fork_probe *pr, const struct ckpt *ck,
                          const char *mine, int ranks)
{
    struct step_plan p = { 0 };
    if (plan(s, pr, mine, &p) != 0)
        return;
    const struct step_cmd *cmd = pf_plan_cmd(&p, ACT_SST_SCRIPT);
    const char *script = cmd ? cmd->argv[0] : "";
    const char *rel = pf_fork_rel(s, script), *cfg = script_config(pr, rel);
    char abs_cfg[4500];
    fork_checks(s, pr, rel);
    struct pf_sst o = { .fork = pr, .ranks = ranks, .step = true,
                        .nodes = cmd ? (unsigned)atoi(cmd->argv[3]) : 0,
                        .cpu_type = cmd ? cmd->argv[4] : NULL };
    if (cmd)
        pf_sst_script(s->c, script, ck->dir, &o);
    pf_sst_bridge(s->c, ck, &o);
    snprintf(abs_cfg, sizeof abs_cfg, "%s/%s", s->gem5, cfg);
    if (cfg[0])
        pf_run_config(s, &p, abs_cfg);
    step_plan_free(&p);
}

void pf_step_restore_sst(struct pf_step *s)
{
    struct step_ctx sc = { .w = s->w, .def = s->def };
    const char *mine = step_value(&sc, "script");
    int ranks = atoi(pf_step_value(s, "restore-sst", "ranks"));
    char ckpt[4200];
    struct fork_probe pr;
    struct ckpt *ck = pf_restore_ckpt(s, "sst", ckpt);
    if (ck && pf_fork_probe(s->c, s->gem5, &pr)) {
        if (!mine || pf_fork_param(s->c, &pr, "restore-sst.script", mine,
                                   FORK_RESTORE_SST_SCRIPT))
            script_checks(s, &pr, ck, mine, ranks);
        fork_probe_free(&pr);
    }
    ckpt_close(ck);
    sst_runtime(s, ranks);
}

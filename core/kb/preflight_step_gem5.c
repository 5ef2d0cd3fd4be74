/* Pre-flight checks of take-checkpoint and restore-gem5: the config the step really runs,
 * where a take writes its checkpoint and on which CPU, and the checkpoint a restore reads. */
#include "core/checkpoint/checkpoint.h"
#include "core/kb/preflight_step.h"
#include "core/util/err.h"

#include <stdio.h>
#include <string.h>

const struct step_cmd *pf_plan_cmd(const struct step_plan *p, enum step_act act)
{
    for (size_t i = 0; i < p->ncmds; i++)
        if (p->cmds[i].act == act)
            return &p->cmds[i];
    return NULL;
}

const char *pf_fork_rel(const struct pf_step *s, const char *path)
{
    size_t n = strlen(s->gem5);
    return !strncmp(path, s->gem5, n) && path[n] == '/' ? path + n + 1 : path;
}

void pf_run_config(struct pf_step *s, const struct step_plan *p, const char *config)
{
    const struct step_cmd *cc = pf_plan_cmd(p, ACT_CONFIG_COPY);
    const char *const mine[3] = { cc ? cc->argv[1] : NULL, cc ? cc->argv[2] : NULL,
                                  cc ? cc->argv[3] : NULL };
    pf_config_paths(s->c, cc ? cc->argv[0] : config, mine);
}

int pf_step_plan(struct pf_step *s, struct step_plan *p)
{
    char err[ERR_LEN];
    if (step_plan(s->w, s->def, NULL, p, err) == 0)
        return 0;
    pf_add(s->c, PF_FAIL, "step-plan", NULL, 0, "%s", err);
    return -1;
}

/* The config gem5 gets from the plan: the fork's, before gem5wb's copy with guest paths. */
static const char *fork_config(const struct step_plan *p)
{
    const struct step_cmd *cc = pf_plan_cmd(p, ACT_CONFIG_COPY);
    return cc ? cc->argv[0] : p->config;
}

static void take_dir(struct pf_step *s, const struct step_plan *p, const char *config)
{
    char cpt[4200];
    snprintf(cpt, sizeof cpt, "%s/m5.cpt", p->ckpt_out);
    if (pf_exists(cpt))
        pf_add(s->c, PF_WARN, "take-ckpt-dir", p->ckpt_out, 0, "%s already holds a checkpoint, "
               "which gem5 would overwrite", p->ckpt_out);
    else
        pf_add(s->c, PF_INFO, "take-ckpt-dir", p->ckpt_out, 0, "%s writes the checkpoint to %s "
               "(not m5out/cpt.N): gem5wb records it there", config, p->ckpt_out);
}

/* KVM when the config takes with it always, or --cpu-type kvm where it has that option. */
static void take_cpu(struct pf_step *s, const struct fork_probe *pr, const char *rel, bool sst)
{
    const struct fork_config *fc = fork_config_get(pr, rel);
    const char *cpu = pf_step_value(s, "take-checkpoint", "cpu_type");
    bool by_option = !fc || fork_config_has_option(fc, "--cpu-type");
    bool kvm = (fc && fc->take_kvm) || (by_option && !strcmp(cpu, "kvm"));
    if (!kvm) {
        pf_add(s->c, PF_OK, "kvm-cpu-host", NULL, 0, "%s takes the checkpoint on %s cores", rel,
               by_option ? cpu : "non-KVM");
        return;
    }
    if (!pf_host_aarch64(NULL, 0))
        pf_add(s->c, PF_FAIL, "kvm-cpu-host", NULL, 0, "%s takes the checkpoint on KVM cores, "
               "which gem5 has for ARM only on aarch64 hosts: on this host gem5 stops when it "
               "starts the CPU%s", rel, by_option ? " (set take-checkpoint.cpu_type=atomic)" : "");
    pf_kvm(s->c);
    enum fork_bridge b = pr->sst.bridge;
    if (sst && (b == FORK_BRIDGE_INITDATA_4M || b == FORK_BRIDGE_INITDATA_64))
        pf_add(s->c, PF_WARN, "cpt-kvm-cpu", NULL, 0, "a KVM checkpoint for SST at this commit "
               "(%s bridge, before 7d4cb1dc8e) loads into SST's memory wrong (checkpoints.md "
               "Known Issue 2): take it with the atomic CPU", fork_bridge_name(b));
}

/* The step's own config, when it names one, must exist at this commit. */
static bool own_config(struct pf_step *s, const struct fork_probe *pr, enum fork_purpose u)
{
    struct step_ctx sc = { .w = s->w, .def = s->def };
    const char *mine = step_value(&sc, "config");
    char param[64];
    snprintf(param, sizeof param, "%s.config", s->def->id);
    return !mine || pf_fork_param(s->c, pr, param, mine, u);
}

void pf_step_take(struct pf_step *s)
{
    struct fork_probe pr;
    struct step_plan p = { 0 };
    bool sst = !strcmp(pf_step_value(s, "take-checkpoint", "board"), "sst");
    bool probed = pf_fork_probe(s->c, s->gem5, &pr);
    if (probed && own_config(s, &pr, sst ? FORK_TAKE_FOR_SST : FORK_TAKE_GEM5_ONLY) &&
        pf_step_plan(s, &p) == 0) {
        const char *rel = pf_fork_rel(s, fork_config(&p));
        pf_fork_findings(s->c, &pr, &rel, 1);
        pf_run_config(s, &p, p.config);
        take_dir(s, &p, rel);
        take_cpu(s, &pr, rel, sst);
    }
    step_plan_free(&p);
    fork_probe_free(&pr);
}

struct ckpt *pf_restore_ckpt(struct pf_step *s, const char *board, char *ckpt)
{
    struct step_ctx sc = { .w = s->w, .def = s->def };
    char err[ERR_LEN];
    if (step_pick_ckpt(&sc, board, ckpt, err) != 0) {
        pf_add(s->c, PF_FAIL, "cpt-dir", NULL, 0, "%s", err);
        return NULL;
    }
    return pf_cpt_dir(s->c, ckpt) ? pf_checkpoint(s->c, ckpt, NULL) : NULL;
}

void pf_step_restore_gem5(struct pf_step *s)
{
    struct fork_probe pr;
    struct step_plan p = { 0 };
    char ckpt[4200];
    struct ckpt *ck = pf_restore_ckpt(s, "gem5-only", ckpt);
    if (!ck)
        return;
    pf_cpt_kvm(s->c, ck, PF_INFO, ": gem5 restores its state onto the cores the config builds");
    ckpt_close(ck);
    if (pf_fork_probe(s->c, s->gem5, &pr) && own_config(s, &pr, FORK_RESTORE_GEM5) &&
        pf_step_plan(s, &p) == 0) {
        const char *rel = pf_fork_rel(s, fork_config(&p));
        pf_fork_findings(s->c, &pr, &rel, 1);
        pf_run_config(s, &p, p.config);
    }
    step_plan_free(&p);
    fork_probe_free(&pr);
}

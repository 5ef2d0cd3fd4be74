/* Inside the per-step pre-flight checks: the step being checked in its workspace, and the
 * checks of the steps that run gem5 (take, restore in gem5, restore in SST). */
#ifndef GW_PREFLIGHT_STEP_H
#define GW_PREFLIGHT_STEP_H

#include "core/kb/preflight_impl.h"
#include "core/workflow/steps.h"

struct pf_step {
    struct pf_ctx *c;
    struct ws *w;
    const struct step_def *def;
    char gem5[4200];          /* the workspace's gem5 folder */
};

/* Another step's value of a parameter (its setting or default). */
const char *pf_step_value(const struct pf_step *s, const char *step, const char *name);

/* The first command of the plan that is act, or NULL. */
const struct step_cmd *pf_plan_cmd(const struct step_plan *p, enum step_act act);
/* path relative to the workspace's gem5 folder (path itself when outside it). */
const char *pf_fork_rel(const struct pf_step *s, const char *path);
/* The step's plan; -1 after a fail line (step-plan) saying why it cannot be planned. */
int pf_step_plan(struct pf_step *s, struct step_plan *p);
/* The guest paths of the config gem5 runs (config, or the fork's one the plan copies with
 * the workspace's kernel, bootloader and disk). */
void pf_run_config(struct pf_step *s, const struct step_plan *p, const char *config);
/* The checkpoint a restore reads (its folder into ckpt, 4200 bytes), checked and opened
 * (ckpt_close it); NULL after a fail line when there is none or it cannot be read. */
struct ckpt *pf_restore_ckpt(struct pf_step *s, const char *board, char *ckpt);

void pf_step_take(struct pf_step *s);
void pf_step_restore_gem5(struct pf_step *s);
void pf_step_restore_sst(struct pf_step *s);

#endif

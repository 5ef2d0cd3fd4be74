/* Internals of the dashboard shared by dashboard.c (state, keys, running a step) and
 * dash_draw.c (the panes, the pre-flight findings, the doctor and tip line). */
#ifndef GW_TUI_DASH_IMPL_H
#define GW_TUI_DASH_IMPL_H

#include "tui/dash_preflight.h"
#include "tui/tui.h"

#include "core/kb/kb.h"
#include "core/util/err.h"
#include "core/workflow/doctor.h"
#include "core/workflow/steps.h"
#include "core/workflow/workspace.h"

#define NSTEPS_MAX DPF_STEPS

struct dash {
    struct ws *w;
    size_t n, sel;
    enum step_status status[NSTEPS_MAX];
    char why[NSTEPS_MAX][256];
    struct step_plan plan;            /* of the selected step */
    int planned;
    char plan_err[ERR_LEN];
    char values[1024];                /* the selected step's parameters, name=value */
    struct doctor_check host[6];      /* the host checks, read once at open */
    size_t nhost;
    char doctor[700];                 /* their summary: the first problem, how many */
    int doctor_slot;
    unsigned tip, gen;                /* gen: the jobs' generation last read */
    unsigned fixes;                   /* the fixes applied (t->kb_fixes) when last read */
    const struct kb *kb;              /* the session's, or NULL */
    struct dpf pf;                    /* each step's pre-flight findings */
    long run_pending;                 /* r while its checks ran: the step to run after */
    size_t ask_step;                  /* the step "run anyway?" is about */
};

/* The entry the tip names: the selected step's worst finding's, else the one the newest
 * failed run of this workspace matched (*job: that job, else -1); NULL for neither. */
const struct kb_entry *dash_tip_entry(const struct tui *t, const struct dash *d, int *job);

/* "kb-id: what it found" (the id first: short, and what t looks up; without it when
 * with_id is 0), the workspace's paths relative to it. */
void dash_finding_text(const struct dash *d, const struct pf_finding *f, int with_id,
                       char *buf, size_t cap);
void dash_draw(struct tui *t, const void *priv, struct tui_rect b);

#endif

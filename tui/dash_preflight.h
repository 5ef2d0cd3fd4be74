/* The dashboard's pre-flight findings: each step's checks run once in a worker thread
 * (one may run python, or read a checkpoint's stores), kept per step until marked stale. */
#ifndef GW_TUI_DASH_PREFLIGHT_H
#define GW_TUI_DASH_PREFLIGHT_H

#include "core/kb/preflight.h"
#include "core/util/err.h"

#include <limits.h>
#include <stddef.h>

#define DPF_STEPS 16

enum dpf_state { DPF_NONE, DPF_CHECKING, DPF_DONE };

struct dpf_step {
    enum dpf_state state;
    int stale;                   /* shown until the new findings replace them */
    int ok;                      /* the checks ran (else err says why not) */
    struct pf_report rep;
    char err[ERR_LEN];
};

struct dpf_job;                  /* the worker's own state (dash_preflight.c) */

struct dpf {
    struct dpf_step steps[DPF_STEPS];
    char root[PATH_MAX];
    struct dpf_job *job;         /* the worker checking step `cur`, or NULL */
    size_t cur;
    int cur_stale;               /* marked stale while it ran: its findings come stale */
    long want;                   /* the step to check next, -1 */
    char want_id[48];
};

void dpf_init(struct dpf *p, const char *root);
/* Asks for step i's findings (id: its name): starts the worker unless they are known
 * and fresh, or the worker is busy (then it checks this step next). */
void dpf_want(struct dpf *p, size_t i, const char *id);
/* Collects what the worker found: 1 when findings arrived (redraw), else 0; then starts
 * the step waiting, if any. */
int dpf_poll(struct dpf *p);
/* Every step's findings are checked again when next wanted (still shown meanwhile). */
void dpf_stale_all(struct dpf *p);
const struct dpf_step *dpf_get(const struct dpf *p, size_t i);
/* Frees the findings; a worker still running is left to end by itself (nothing waits). */
void dpf_free(struct dpf *p);

#endif

/* Internals of the step runner shared by runner.c (sequencing, records) and
 * runner_cmd.c (starting and following one command). */
#ifndef GW_RUNNER_IMPL_H
#define GW_RUNNER_IMPL_H

#include "core/workflow/eta.h"
#include "core/workflow/git.h"
#include "core/workflow/job.h"
#include "core/workflow/runner.h"
#include "core/workflow/steps.h"

#include <limits.h>
#include <pthread.h>

struct runner {
    struct ws *w;
    const struct step_def *def;
    struct step_plan plan;
    runev_fn fn;
    void *arg;
    size_t cur;                       /* the command running now */
    long run_id;                      /* its entry in the workspace's history */
    char log[PATH_MAX + 64];
    struct job *job;
    struct prog_parser *parser;
    struct git_job *git;
    pthread_mutex_t mu;               /* guards gp: the clone reports from its thread */
    struct git_progress gp;
    bool gp_new, cancel, finished;
    int last_git_phase;
    struct eta eta;
    double cmd_t0;
    char totals[PATH_MAX + 64], key[8192];
    struct runner_result res;
};

void runner_emit(struct runner *r, struct runev *ev);
/* A RUNEV_NOTE with text. */
void runner_note(struct runner *r, const char *text);
/* Starts command r->cur; file actions run to their end at once. 0, or -1 with err. */
int runner_cmd_start(struct runner *r, char *err);
/* Follows the running command: 1 running, 0 ended (then *ok, *code, msg are set). */
int runner_cmd_pump(struct runner *r, bool *ok, int *code, char *msg, size_t cap);
void runner_cmd_cancel(struct runner *r);
/* Actions gem5wb does itself (copy, disk-image folder, SST script, config copy). */
int runner_action(struct runner *r, const struct step_cmd *c, char *err);

#endif

/* Running a step: its commands one after another (programs as jobs, clones in a worker,
 * file actions), recorded in the workspace, resumable after a failure, cancellable. */
#ifndef GW_RUNNER_H
#define GW_RUNNER_H

#include "core/workflow/progress/progress.h"
#include "core/workflow/workspace.h"

#include <stdbool.h>
#include <stddef.h>

enum runev_kind {
    RUNEV_NOTE,               /* something to know before or while it runs (text) */
    RUNEV_CMD,                /* a command starts: text = title, argv/cwd set */
    RUNEV_PROGRESS,           /* fraction (of this command, -1 unknown), phase, text = item */
    RUNEV_DIAG,               /* a warning or error picked out of the output */
    RUNEV_LINE,               /* one line of output, as the program wrote it */
    RUNEV_CMD_END,            /* a command ended: ok, text = how */
    RUNEV_DONE,               /* the step ended: ok, text = summary */
};

struct runev {
    enum runev_kind kind;
    const char *step;
    size_t cmd, ncmds;        /* which command (0-based) of how many */
    double fraction;          /* RUNEV_PROGRESS; -1 when unknown */
    double eta;               /* seconds left of this command, -1 when unknown */
    const char *phase;
    const char *text;
    enum prog_sev sev;        /* RUNEV_DIAG */
    bool ok;                  /* RUNEV_CMD_END, RUNEV_DONE */
    const char *const *argv;  /* RUNEV_CMD */
    const char *cwd;          /* RUNEV_CMD */
    bool by_gem5wb;           /* RUNEV_CMD: an action gem5wb does itself, argv its inputs */
    const char *parser;       /* RUNEV_CMD: the parser reading its output ("sst"), or NULL */
};

typedef void (*runev_fn)(void *arg, const struct runev *ev);

struct runner;

/* Plans the step and starts its first command (or, when the same inputs failed or were
 * cancelled part-way, the first command that did not finish, unless restart is set). Holds
 * the workspace's run lock until runner_free. */
int runner_start(struct ws *w, const char *step, const char *const *sets, bool restart,
                 runev_fn fn, void *arg, struct runner **out, char *err);
/* fds to poll (0..2); pump at least every 100 ms too (clones report from a thread). */
int runner_fds(const struct runner *r, int fds[2]);
/* Advances: reads output, starts the next command. 1 while running, 0 when the step ended. */
int runner_pump(struct runner *r);
void runner_cancel(struct runner *r);

struct runner_result {
    bool ok, cancelled;
    size_t failed_cmd;        /* index of the command that failed */
    int exit_code;            /* of the failed command (-signal when killed) */
    char message[512];        /* what happened, as a sentence */
};
void runner_result(const struct runner *r, struct runner_result *out);
void runner_free(struct runner *r);

#endif

/* What gem5wb exec and gem5wb parse share: the state of one run through a progress parser,
 * and the build totals it reads before and records after (cli/exec_totals.c). */
#ifndef GW_CLI_EXEC_H
#define GW_CLI_EXEC_H

#include "core/util/err.h"
#include "core/workflow/eta.h"
#include "core/workflow/progress/progress.h"

#include <stdbool.h>
#include <stdint.h>

struct run {
    const char *parser, *log, *workspace;
    uint64_t total;                 /* --total, or the remembered count */
    bool total_known, estimate, no_remember;
    bool json, tty, timed;          /* timed: a live run (ETA), not a replayed log */
    struct prog_parser *p;
    uint64_t warnings, errors;
    bool done, failed;
    char detail[256];
    struct eta eta;
    double t0;                      /* monotonic start, seconds */
    char totals[4096];              /* totals file, "" when not remembering */
    char key[8192];
};

/* Monotonic clock in seconds. */
double run_now(void);
/* Looks up the remembered total of argv's build (cwd, parser) unless --total or
 * --no-remember was given; a damaged totals file is reported on stderr and skipped. */
void run_totals_load(struct run *r, const char *const *argv);
/* Records the count of a build that exited 0 having counted items. */
void run_totals_save(struct run *r, const char *const *argv, int code);

#endif

/* Build totals for gem5wb exec: the item count an earlier run of the same build printed
 * (or a dry run counted) becomes this run's total, so scons and make show a percentage. */
#include "cli/exec.h"

#include "core/workflow/totals.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

double run_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Only parsers that count items have totals worth keeping. */
static bool counts_items(const char *parser)
{
    return !strcmp(parser, "scons") || !strcmp(parser, "make");
}

void run_totals_load(struct run *r, const char *const *argv)
{
    char err[ERR_LEN], cwd[4096];
    r->totals[0] = '\0';
    if (r->no_remember || !counts_items(r->parser) || !getcwd(cwd, sizeof cwd))
        return;
    if (totals_path(r->workspace, r->totals, sizeof r->totals, err) != 0 ||
        totals_key(r->parser, cwd, argv, r->key, sizeof r->key) != 0) {
        r->totals[0] = '\0';
        return;
    }
    if (r->total_known)
        return;
    struct totals_entry e;
    int rc = totals_get(r->totals, r->key, &e, err);
    if (rc < 0) {
        fprintf(stderr, "gem5wb exec: warning: %s\n", err);
        r->totals[0] = '\0';               /* never overwrite a file we cannot read */
    } else if (rc == 1) {
        r->total = e.items;
        r->total_known = true;
        r->estimate = e.estimate;
        prog_set_total(r->p, r->total);
    }
}

void run_totals_save(struct run *r, const char *const *argv, int code)
{
    char err[ERR_LEN];
    uint64_t items = prog_count(r->p);
    if (!r->totals[0] || code != 0 || r->failed || items == 0)
        return;
    if (totals_record(r->totals, r->key, items, run_now() - r->t0, totals_is_dry_run(argv),
                      err) != 0)
        fprintf(stderr, "gem5wb exec: warning: %s\n", err);
}

/* Progress from SST runs: heartbeats, the gem5 component's lines, SST FATAL errors, OpenMPI's
 * fatal-handler block (MPI_ERR_COUNT), and "Simulation is complete, simulated time: ...". */
#include "core/workflow/progress/progress_impl.h"

#include <string.h>

int prog_sst_line(struct prog_parser *p, const char *s, struct prog_event *ev)
{
    const char *m;
    if (!*s)
        return 0;
    bool first = !p->phase;              /* first output: SST has started */
    if (first)
        ev->phase = "setup";
    if (prog_prefix(s, "Simulation is complete, simulated time: ")) {
        ev->done = true;
        ev->fraction = 1;
        prog_set(ev->detail, s + 40);
        return 1;
    }
    /* OpenMPI: "[host:pid] *** An error occurred in MPI_Isend" ... "*** MPI_ERR_COUNT: ..." */
    if ((m = strstr(s, "An error occurred in MPI_")) || (m = strstr(s, "MPI_ERR_"))) {
        prog_diag(ev, PROG_ERROR, m);
        ev->failed = true;
        return 1;
    }
    if ((m = strstr(s, "FATAL: "))) {
        prog_diag(ev, PROG_ERROR, m);
        ev->failed = true;
        return 1;
    }
    if (prog_prefix(s, "Error: ") || prog_prefix(s, "Bad rank: ") ||
        prog_prefix(s, "Failed to canonicalize path [")) {   /* a missing config file */
        prog_diag(ev, PROG_ERROR, s);
        return 1;
    }
    if (prog_prefix(s, "EMERGENCY SHUTDOWN")) {
        prog_diag(ev, PROG_ERROR, s);
        ev->failed = true;
        return 1;
    }
    if (prog_prefix(s, "WARNING: ")) {
        prog_diag(ev, PROG_WARNING, s);
        return 1;
    }
    if (prog_prefix(s, "# Simulation Heartbeat: Simulated Time ")) {
        ev->phase = "simulate";
        const char *t = s + 39, *e = strstr(t, " (");
        prog_copy(ev->item, sizeof ev->item, t, e ? (size_t)(e - t) : strlen(t));
        return 1;
    }
    if (strstr(s, "->Component is being setup.")) {
        ev->phase = "setup";
        return 1;
    }
    if (strstr(s, "Entering event queue @ ")) {
        ev->phase = "simulate";
        return 1;
    }
    /* gem5 inside SST: `exiting: curTick()=<t> cause=`<cause>` code=<n>` for every exit event. */
    if (prog_prefix(s, "exiting: curTick()=") && (m = strstr(s, "cause=`"))) {
        const char *e = strchr(m + 7, '`');
        prog_copy(ev->detail, sizeof ev->detail, m + 7, e ? (size_t)(e - m - 7) : strlen(m + 7));
        return 1;
    }
    if (prog_gem5_log(p, s, ev))
        return 1;
    return first;
}

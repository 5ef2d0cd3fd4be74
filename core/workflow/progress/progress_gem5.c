/* Progress from gem5 runs: the startup banner, `file:line: level: msg` log lines, the
 * simulated tick from "Entering event queue"/"Exiting @ tick", checkpoint take/restore lines. */
#include "core/workflow/progress/progress_impl.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const struct { const char *level; enum prog_sev sev; bool fails; } levels[] = {
    {"info: ", PROG_INFO, false},   {"warn: ", PROG_WARNING, false},
    {"hack: ", PROG_WARNING, false}, {"fatal: ", PROG_ERROR, true},
    {"panic: ", PROG_ERROR, true},
};

/* Returns the level index if s starts with "<level>: ", else -1. */
static int level_at(const char *s)
{
    for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++)
        if (prog_prefix(s, levels[i].level))
            return (int)i;
    return -1;
}

int prog_gem5_log(struct prog_parser *p, const char *s, struct prog_event *ev)
{
    (void)p;
    int lv = level_at(s);              /* Python messages carry no location */
    if (lv < 0) {
        /* C++ messages: `<file>:<line>: <level>: ` with a file name free of spaces. */
        const char *c = s + strcspn(s, ": ");
        if (*c != ':' || c == s || !isdigit((unsigned char)c[1]))
            return 0;
        c++;
        while (isdigit((unsigned char)*c))
            c++;
        if (c[0] != ':' || c[1] != ' ' || (lv = level_at(c + 2)) < 0)
            return 0;
    }
    prog_diag(ev, levels[lv].sev, s);
    if (levels[lv].fails)
        ev->failed = true;
    return 1;
}

/* Parses a decimal tick at s; returns false if there is none. */
static bool tick_at(const char *s, uint64_t *tick)
{
    if (!isdigit((unsigned char)*s))
        return false;
    *tick = strtoull(s, NULL, 10);
    return true;
}

static void at_tick(struct prog_parser *p, struct prog_event *ev, uint64_t tick)
{
    p->tick = tick;
    ev->fraction = prog_ratio(tick, p->total);
}

int prog_gem5_line(struct prog_parser *p, const char *s, struct prog_event *ev)
{
    const char *m;
    uint64_t tick;
    if (!*s)
        return 0;
    if (prog_prefix(s, "gem5 Simulator System")) {
        ev->phase = "boot";
        return 1;
    }
    if (prog_prefix(s, "Exiting @ tick ") && tick_at(s + 15, &tick)) {
        at_tick(p, ev, tick);
        ev->done = true;               /* one simulate() call ended; the script may go on */
        if ((m = strstr(s, " because "))) {
            prog_set(ev->detail, m + 9);
            size_t n = strlen(ev->detail);
            if (n && ev->detail[n - 1] == '.')   /* stdlib examples add a full stop */
                ev->detail[n - 1] = '\0';
        }
        return 1;
    }
    if ((m = strstr(s, "Entering event queue @ ")) && tick_at(m + 23, &tick)) {
        ev->phase = "simulate";
        at_tick(p, ev, tick);
        return 1;
    }
    if (prog_prefix(s, "Beginning simulation at tick ") && tick_at(s + 29, &tick)) {
        ev->phase = "simulate";
        at_tick(p, ev, tick);
        return 1;
    }
    if (prog_prefix(s, "Writing checkpoint")) {
        ev->phase = "checkpoint";
        return 1;
    }
    /* Lines from our run scripts and configs/common/Simulation.py. */
    if (prog_prefix(s, "Taking checkpoint into ")) {
        ev->phase = "checkpoint";
        prog_set(ev->detail, s + 23);
        return 1;
    }
    if (prog_prefix(s, "Checkpoint written at tick ") && tick_at(s + 27, &tick)) {
        at_tick(p, ev, tick);
        prog_set(ev->item, s);
        return 1;
    }
    if (prog_prefix(s, "Restoring checkpoint from ") || prog_prefix(s, "Resuming from ")) {
        ev->phase = "restore";
        prog_set(ev->detail, strstr(s, "from ") + 5);
        return 1;
    }
    if (prog_gem5_log(p, s, ev))
        return 1;
    if (prog_prefix(s, "gem5 has encountered a segmentation fault!") ||
        prog_prefix(s, "Program aborted") || prog_prefix(s, "Traceback (most recent call last)")) {
        prog_diag(ev, PROG_ERROR, s);
        ev->failed = true;
        return 1;
    }
    /* main.py before any simulation: a missing script, optparse's "gem5.opt: error: ..." */
    if ((prog_prefix(s, "Script ") && strstr(s, " not found")) || strstr(s, ": error: ")) {
        prog_diag(ev, PROG_ERROR, s);
        ev->failed = true;
        return 1;
    }
    if (strstr(s, ": Listening for connections on ")) {
        prog_diag(ev, PROG_INFO, s);
        return 1;
    }
    return 0;
}

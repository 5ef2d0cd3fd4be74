/* Progress from scons builds: gem5's ` [     CXX] src -> target` lines, util/m5's
 * `CXX target` lines, SCons's own status and error lines, and compiler diagnostics. */
#include "core/workflow/progress/progress_impl.h"

#include <string.h>

/* util/m5's SConstruct prints `<TOOL> <target>[, <target>...]` with no brackets. */
static const char *const m5_tools[] = {"CXX", "SHCXX", "CC", "SHCC", "LINK", "SHLINK", "AS",
                                       "ASPP", "AR", "RANLIB", "JAR", "TEST", "QEMU_TEST", NULL};

static bool is_link(const char *tool, size_t n)
{
    return (n == 4 && !strncmp(tool, "LINK", 4)) || (n == 6 && !strncmp(tool, "SHLINK", 6));
}

static int target(struct prog_parser *p, struct prog_event *ev, const char *tool, size_t tn,
                  const char *tgt, size_t len)
{
    p->count++;
    ev->phase = is_link(tool, tn) ? "link" : "compile";
    prog_copy(ev->item, sizeof ev->item, tgt, len);
    ev->fraction = prog_frac(p->count, p->total);
    return 1;
}

/* gem5: " [%8s] " + sources + " -> " + targets; the tool is right-aligned so may have spaces. */
static int gem5_action(struct prog_parser *p, const char *s, struct prog_event *ev)
{
    if (s[0] != ' ' || s[1] != '[')
        return -1;
    const char *close = strchr(s + 2, ']');
    const char *arrow = close ? strstr(close, " -> ") : NULL;
    if (!close || close[1] != ' ' || !arrow)
        return -1;
    const char *tool = s + 2;
    while (*tool == ' ')
        tool++;
    const char *tgt = arrow + 4;
    return target(p, ev, tool, (size_t)(close - tool), tgt, strlen(tgt));
}

static int m5_action(struct prog_parser *p, const char *s, struct prog_event *ev)
{
    for (size_t i = 0; m5_tools[i]; i++) {
        size_t n = strlen(m5_tools[i]);
        if (strncmp(s, m5_tools[i], n) != 0 || s[n] != ' ' || s[n + 1] == ' ' || !s[n + 1])
            continue;
        const char *tgt = s + n + 1;
        if (strchr(tgt, ' ') && !strstr(tgt, ", "))
            return -1;                   /* prose such as "CC is not set", not an action */
        const char *comma = strstr(tgt, ", ");
        return target(p, ev, m5_tools[i], n, tgt, comma ? (size_t)(comma - tgt) : strlen(tgt));
    }
    return -1;
}

int prog_scons_line(struct prog_parser *p, const char *s, struct prog_event *ev)
{
    int r;
    if (!*s)
        return 0;
    if ((r = gem5_action(p, s, ev)) >= 0 || (r = m5_action(p, s, ev)) >= 0)
        return r;
    if (!strcmp(s, "scons: Reading SConscript files ...")) {
        ev->phase = "configure";
        return 1;
    }
    if (!strcmp(s, "scons: Building targets ...")) {
        ev->phase = "compile";
        ev->fraction = prog_frac(p->count, p->total);
        return 1;
    }
    if (!strcmp(s, "scons: done building targets.")) {
        ev->done = true;
        ev->fraction = 1;
        return 1;
    }
    if (prog_prefix(s, "Checking ")) {   /* SConstruct's configure checks */
        ev->phase = "configure";
        prog_set(ev->item, s + 9);
        return 1;
    }
    if (prog_prefix(s, "scons: *** ") || prog_prefix(s, "Error: ")) {
        prog_diag(ev, PROG_ERROR, s);
        ev->failed = true;
        return 1;
    }
    if (!strcmp(s, "scons: building terminated because of errors.") ||
        !strcmp(s, "scons: Build interrupted.")) {
        ev->failed = true;
        return 1;
    }
    if (strstr(s, ": error: ") || prog_prefix(s, "error: ") || strstr(s, ": fatal error: ")) {
        prog_diag(ev, PROG_ERROR, s);
        return 1;
    }
    /* "*** Summary of Warnings ***" repeats earlier warnings: report them once only. */
    if (!strcmp(s, "*** Summary of Warnings ***")) {
        p->state = 1;
        return 0;
    }
    if (!p->state && (strstr(s, ": warning: ") || prog_prefix(s, "Warning: ") ||
                      strstr(s, ": Warning: ") || prog_prefix(s, "warning: "))) {
        prog_diag(ev, PROG_WARNING, s);
        return 1;
    }
    return 0;
}

/* Progress from autotools builds: configure's `checking ...` lines and errors, automake's
 * silent `  CXX      target` rules, libtool compile lines, make's `*** ... Error` lines. */
#include "core/workflow/progress/progress_impl.h"

#include <ctype.h>
#include <string.h>

/* automake silent rules: two spaces, the tool, padding, the target. */
static int silent_rule(struct prog_parser *p, const char *s, struct prog_event *ev)
{
    static const struct { const char *tool; const char *phase; bool count; } rules[] = {
        {"CXXLD", "link", false}, {"CCLD", "link", false}, {"CXX", "compile", true},
        {"CC", "compile", true},  {"GEN", "compile", false}, {"AR", "link", false},
    };
    if (s[0] != ' ' || s[1] != ' ')
        return -1;
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
        size_t n = strlen(rules[i].tool);
        if (strncmp(s + 2, rules[i].tool, n) != 0 || s[2 + n] != ' ')
            continue;
        const char *tgt = s + 2 + n;
        while (*tgt == ' ')
            tgt++;
        if (!*tgt)
            return -1;
        if (rules[i].count)
            p->count++;
        ev->phase = rules[i].phase;
        prog_set(ev->item, tgt);
        ev->fraction = prog_frac(p->count, p->total);
        return 1;
    }
    return -1;
}

/* `libtool: compile:  g++ ... -o .libs/x.o` (verbose builds): the item is the -o argument. */
static int libtool_compile(struct prog_parser *p, const char *s, struct prog_event *ev)
{
    if (!prog_prefix(s, "libtool: compile:"))
        return -1;
    p->count++;
    ev->phase = "compile";
    const char *o = strstr(s, " -o ");
    if (o) {
        o += 4;
        size_t n = strcspn(o, " ");
        prog_copy(ev->item, sizeof ev->item, o, n);
    }
    ev->fraction = prog_frac(p->count, p->total);
    return 1;
}

/* `make: *** ...` or `make[3]: *** ...`. */
static bool make_stars(const char *s)
{
    if (!prog_prefix(s, "make"))
        return false;
    s += 4;
    if (*s == '[') {
        s++;
        while (isdigit((unsigned char)*s))
            s++;
        if (*s++ != ']')
            return false;
    }
    return prog_prefix(s, ": *** ");
}

int prog_make_line(struct prog_parser *p, const char *s, struct prog_event *ev)
{
    int r;
    const char *e;
    if (!*s)
        return 0;
    if ((r = silent_rule(p, s, ev)) >= 0 || (r = libtool_compile(p, s, ev)) >= 0)
        return r;
    /* The error may follow a check's "..." on the same line. */
    if ((e = strstr(s, "configure: error: "))) {
        prog_diag(ev, PROG_ERROR, e);
        ev->failed = true;
        return 1;
    }
    if ((e = strstr(s, "configure: WARNING: "))) {
        prog_diag(ev, PROG_WARNING, e);
        return 1;
    }
    if (prog_prefix(s, "checking ")) {
        ev->phase = "configure";
        const char *dots = strstr(s, "...");
        prog_copy(ev->item, sizeof ev->item, s + 9, dots ? (size_t)(dots - s - 9) : strlen(s + 9));
        return 1;
    }
    if (prog_prefix(s, "config.status: creating ")) {
        ev->phase = "configure";
        prog_set(ev->item, s + 24);
        return 1;
    }
    if (make_stars(s)) {
        prog_diag(ev, PROG_ERROR, s);
        ev->failed = true;
        return 1;
    }
    if (prog_prefix(s, "Making install in ")) {
        ev->phase = "install";
        prog_set(ev->item, s + 18);
        return 1;
    }
    if (strstr(s, ": error: ") || prog_prefix(s, "error: ") || strstr(s, ": fatal error: ")) {
        prog_diag(ev, PROG_ERROR, s);
        return 1;
    }
    if (strstr(s, ": warning: ") || prog_prefix(s, "warning: ")) {
        prog_diag(ev, PROG_WARNING, s);
        return 1;
    }
    return 0;
}

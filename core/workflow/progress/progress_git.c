/* Progress from `git clone --progress`: "Cloning into", the `Stage:  NN% (a/b)` counters
 * (redrawn with \r, so callers should split on \r as well as \n), fatal/error/warning lines. */
#include "core/workflow/progress/progress_impl.h"

#include <stdlib.h>
#include <string.h>

static const struct { const char *label; const char *phase; } stages[] = {
    {"Enumerating objects: ", "prepare"}, {"Counting objects: ", "prepare"},
    {"Compressing objects: ", "prepare"}, {"Receiving objects: ", "receive"},
    {"Resolving deltas: ", "resolve"},    {"Updating files: ", "checkout"},
};

/* `<label> NN% (a/b)...`: the fraction is a/b, which is finer than the percentage. */
static int stage(const char *s, struct prog_event *ev)
{
    for (size_t i = 0; i < sizeof stages / sizeof stages[0]; i++) {
        if (!prog_prefix(s, stages[i].label))
            continue;
        size_t ln = strlen(stages[i].label) - 2;
        ev->phase = stages[i].phase;
        prog_copy(ev->item, sizeof ev->item, s, ln);
        const char *paren = strstr(s, "% (");
        if (paren) {
            char *e;
            unsigned long long a = strtoull(paren + 3, &e, 10), b;
            if (*e == '/' && (b = strtoull(e + 1, &e, 10)) > 0 && *e == ')')
                ev->fraction = prog_ratio(a, b);
        }
        /* The last step of a clone that checks out files is "Updating files: ..., done." */
        if (!strcmp(stages[i].phase, "checkout") && strstr(s, ", done."))
            ev->done = true;
        return 1;
    }
    return 0;
}

int prog_git_line(struct prog_parser *p, const char *s, struct prog_event *ev)
{
    char *line = p->buf;                 /* s is p->buf: trimmed in place */
    size_t n = strlen(s);
    while (n && line[n - 1] == ' ')      /* in a pipe git pads with spaces, not ESC[K */
        n--;
    if (!n)
        return 0;
    line[n] = '\0';
    const char *t = prog_prefix(line, "remote: ") ? line + 8 : line;
    if (prog_prefix(line, "Cloning into '")) {
        ev->phase = "clone";
        const char *q = strchr(line + 14, '\'');
        prog_copy(ev->item, sizeof ev->item, line + 14, q ? (size_t)(q - line - 14) : n - 14);
        return 1;
    }
    if (stage(t, ev))
        return 1;
    if (prog_prefix(t, "fatal: ")) {
        prog_diag(ev, PROG_ERROR, line);
        ev->failed = true;
        return 1;
    }
    if (prog_prefix(t, "error: ")) {
        prog_diag(ev, PROG_ERROR, line);
        return 1;
    }
    if (prog_prefix(t, "warning: ")) {
        prog_diag(ev, PROG_WARNING, line);
        return 1;
    }
    return 0;
}

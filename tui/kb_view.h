/* The troubleshooting view (t on the dashboard, :kb, k in a job): the knowledge base's
 * known issues as a list with search, the selected one's detail, and Apply of its fix. */
#ifndef GW_TUI_KB_VIEW_H
#define GW_TUI_KB_VIEW_H

#include "tui/tui.h"

#include <stddef.h>

struct kb;

/* Something seen here that points at an entry: a matching log line ("line 12: ..."), a
 * pre-flight finding ("fail: ..."). Shown in the entry's detail, under seen_in. */
struct tui_kb_seen {
    const char *id;          /* the entry's id */
    const char *text;        /* one line */
};

/* What tui_push(&tui_kb_view, arg) takes; every field may be 0/NULL (the view copies). */
struct tui_kb_arg {
    const char *query;       /* the search to start with (blank-separated words) */
    const char *select;      /* the entry to select first */
    const char *workspace;   /* where Apply works (NULL: --workspace, else found from here) */
    const char *seen_in;     /* "the log of restore-sst (job 2, exit 1)" */
    const struct tui_kb_seen *seen;
    size_t nseen;
    int only_seen;           /* list only the entries something was seen for */
};

extern const struct tui_view_ops tui_kb_view;

/* The session's knowledge base, loaded on first use (docs/kb.json built in, or
 * $GEM5WB_KB); NULL when it cannot be read, said once on the message line. */
const struct kb *tui_kb(struct tui *t);
/* End of session (after the jobs, whose matchers point into it). */
void tui_kb_free(struct tui *t);

#endif

/* Internals of the step form shared by step_form.c (loading, editing, keys) and
 * step_form_draw.c (layout and drawing). */
#ifndef GW_TUI_STEP_FORM_IMPL_H
#define GW_TUI_STEP_FORM_IMPL_H

#include "tui/tui.h"

#include "core/workflow/steps.h"

#include <stddef.h>

#define VALUE_MAX 512
#define HEAD_H 5            /* the step box: summary, status, needs */
#define CMDS_MIN_H 8        /* the command box keeps this many rows when parameters are many */

struct fparam {
    const struct step_param *p;
    char value[VALUE_MAX];  /* "" when unset with no default */
    char def[VALUE_MAX];    /* what it would be without the workspace's setting */
    int set, has_value, has_def;
};

/* One logical line of the command box, wrapped when drawn. */
struct fline {
    int slot, indent;
    char *text;
};

struct form {
    struct ws *w;
    const struct step_def *d;
    struct fparam *params;
    size_t np, sel, top;
    enum step_status status;
    char why[512], needs[512];
    struct fline *lines;
    size_t nlines, cap_lines;
    int cmd_top;                /* first row of the command box shown */
    struct tui_rect body;       /* the last layout, for scrolling in actions */
};

/* The three boxes in body b: the step, its parameters, its command lines. */
void sf_layout(const struct form *f, struct tui_rect b, struct tui_rect *head,
               struct tui_rect *params, struct tui_rect *cmds);
/* Rows the command lines take wrapped at width. */
int sf_cmd_rows(const struct form *f, int width);
void sf_draw(struct tui *t, const void *priv, struct tui_rect b);

#endif

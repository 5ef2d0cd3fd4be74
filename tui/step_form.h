/* The step form: one workflow step's parameters (value, default, help), edited in place
 * with inline validation and saved to the workspace, its exact command lines, and Run. */
#ifndef GW_TUI_STEP_FORM_H
#define GW_TUI_STEP_FORM_H

#include "tui/tui.h"

/* What tui_push takes for the form (both copied at open). */
struct tui_step_form_arg {
    const char *root;   /* the workspace folder */
    const char *step;   /* a step id of step_table, e.g. "build-gem5" */
};

extern const struct tui_view_ops tui_step_form_view;   /* arg: struct tui_step_form_arg */

#endif

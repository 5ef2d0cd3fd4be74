/* The diff view: a checkpoint against a second one, store by store (ranges that differ,
 * with next/previous change) and m5.cpt key by key; Enter shows a change in hex. */
#ifndef GW_TUI_DIFF_H
#define GW_TUI_DIFF_H

#include "tui/tui.h"

struct ckpt;

struct tui_diff_arg {
    struct ckpt *ck;         /* borrowed: the inspector's checkpoint */
    const char *other;       /* the second checkpoint's folder (copied by the view) */
};

extern const struct tui_view_ops tui_diff_view;  /* arg: a struct tui_diff_arg */

#endif

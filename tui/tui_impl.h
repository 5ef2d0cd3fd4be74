/* Internals of the workbench frame shared by tui.c (session, loop, view stack),
 * tui_frame.c (title, hints, help, key dispatch) and tui_draw.c (text and boxes). */
#ifndef GW_TUI_IMPL_H
#define GW_TUI_IMPL_H

#include "tui/tui.h"

#include <limits.h>

#define MIN_COLS 80
#define MIN_ROWS 24
#define TEXT_MAX 512   /* widest text run drawn at once, in characters */
#define TUI_STACK_MAX 8

struct tui_slot {
    const struct tui_view_ops *view;
    void *priv;                  /* the view's state, owned by the frame */
};

struct tui {
    int ascii;                   /* ASCII glyphs only */
    int help;                    /* the help overlay is up */
    int rows, cols;
    char where[PATH_MAX + 2];    /* working directory, "~" for $HOME */
    char msg[512];
    int msg_slot;
    struct tui_slot stack[TUI_STACK_MAX];   /* the views, the top one on screen */
    int depth;
};

static inline struct tui_slot *tui_top(struct tui *t)
{
    return &t->stack[t->depth - 1];
}

/* Display columns of s (at most max characters). */
int tui_text_width(const struct tui *t, const char *s, int max);

/* The frame around the top view: drawing, layout after a resize, one key. */
void tui_frame_draw(struct tui *t);
void tui_frame_layout(struct tui *t);
int tui_frame_key(struct tui *t, int ch);
struct tui_rect tui_body_rect(const struct tui *t);

#endif

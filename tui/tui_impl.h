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

#define TUI_HINTS_MAX 24

/* Where a key's hint is on the bottom line, for mouse clicks. */
struct tui_hint {
    int x0, x1, key;
};

struct tui_slot {
    const struct tui_view_ops *view;
    void *priv;                  /* the view's state, owned by the frame */
};

struct tui {
    int ascii;                   /* ASCII glyphs only */
    int help;                    /* the help overlay is up */
    int help_top, help_max;      /* its first row shown, and the last first row */
    int rows, cols;
    char where[PATH_MAX + 2];    /* working directory, "~" for $HOME */
    char msg[512];
    int msg_slot;
    struct tui_slot stack[TUI_STACK_MAX];   /* the views, the top one on screen */
    int depth;
    struct tui_jobs *jobs;       /* running and ended jobs (tui/jobs.c) */
    struct kb *kb;               /* the knowledge base, loaded on first use (kb_view.c) */
    int kb_tried;                /* loading it was tried (a failure is said once) */
    unsigned kb_fixes;           /* fixes applied this session: what views read changed */
    struct tui_modal *modal;     /* a prompt or a confirmation is up (tui_prompt.c) */
    const char *workspace;       /* --workspace, or NULL */
    char theme[64];              /* the theme's name, as settings keep it */
    const char *themes_dir;      /* --themes-dir or NULL (theme.h's search) */
    int mouse;                   /* mouse reporting is on */
    struct tui_hint hints[TUI_HINTS_MAX];
    int nhints;
};

/* A KEY_MOUSE from getch: clicks on the hint bar work as the key, wheel and clicks in
 * the body go to the view (the wheel as Up/Down when it has no mouse handler). */
int tui_frame_mouse(struct tui *t);
/* Turns mouse reporting on or off (settings.c); t->mouse says whether it is on. */
void tui_mouse_enable(struct tui *t, int on);

/* Keys for a modal prompt or dialog (tui_prompt.c): TUI_* flags, or 0 when none is up. */
int tui_modal_key(struct tui *t, int ch);
/* Draws the prompt or dialog over the frame, when one is up. */
void tui_modal_draw(struct tui *t);
/* Frees it (end of session). */
void tui_modal_free(struct tui *t);

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

/* The curses workbench: its options and entry point, then the small interface between
 * the frame (tui.c: loop, title, message line, hint bar, help) and the views (home.c). */
#ifndef GW_TUI_H
#define GW_TUI_H

#include <stddef.h>

struct tui_options {
    const char *theme;       /* name or path; NULL = "default" */
    int ascii;               /* ASCII line drawing even in a UTF-8 locale */
    int max_frames;          /* >0: draw this many frames, then exit (headless tests) */
    const char *themes_dir;  /* NULL: $GEM5WB_THEMES, ./themes, <exe>/../share/gem5wb/themes */
    const char *inspect;     /* a checkpoint folder: open straight into the inspector */
    const char *workspace;   /* NULL: $GEM5WB_WORKSPACE or the one found from here */
};
#define TUI_OPTIONS_INIT { NULL, 0, 0, NULL, NULL, NULL }

/* Runs the workbench until the user quits; the terminal is restored on every way out.
 * Returns 0; 1 when the terminal cannot be used and 2 for a theme that cannot be
 * loaded (a message on stderr); 128+N when signal N (SIGINT, SIGTERM, SIGHUP) ended it. */
int tui_run(const struct tui_options *opts);

/* ---- Between the frame and the views ------------------------------------------- */

/* Actions the frame handles itself; a view numbers its own from TUI_ACT_VIEW. */
enum tui_action { TUI_ACT_NONE, TUI_ACT_QUIT, TUI_ACT_HELP, TUI_ACT_REDRAW, TUI_ACT_BACK,
                  TUI_ACT_VIEW };

/* What a view's action handler asks of the frame. */
enum { TUI_HANDLED = 1, TUI_REDRAW = 2, TUI_QUIT = 4 };

#define TUI_KEYS_MAX 3

/* One row of a view's key table, which is the only place a key is bound: the frame
 * dispatches with it and draws both the hint bar and the `?` help from it. */
struct tui_key {
    int keys[TUI_KEYS_MAX];   /* curses key codes; 0 ends the list early */
    const char *label;        /* short, for the hint bar: "quit" */
    const char *help;         /* longer, for the help overlay */
    int action;               /* enum tui_action or the view's own */
    int in_bar;               /* shown in the hint bar (the help lists every row) */
};

struct tui_rect {
    int y, x, h, w;
};

struct tui;   /* the frame; views reach it only through the calls below */

/* A view, as a table of operations set with designated initializers. The frame
 * allocates and zeroes priv_size bytes of private state for it. */
struct tui_view_ops {
    const char *name;
    size_t priv_size;
    const struct tui_key *keys;
    size_t key_count;
    /* arg: what tui_push was given (a checkpoint folder, a step...); -1 with a message
     * set by tui_message when the view cannot open */
    int  (*open)(struct tui *t, void *priv, const void *arg);
    void (*resize)(struct tui *t, void *priv, struct tui_rect body);
    void (*draw)(struct tui *t, const void *priv, struct tui_rect body);
    int  (*action)(struct tui *t, void *priv, int action);          /* TUI_* flags */
    void (*done)(void *priv);
    /* Optional, for views that follow work (jobs, decoding): the fds to wait on (POLLIN),
     * and a tick called on every turn of the loop (at least every 50 ms while any view
     * has one) that returns TUI_REDRAW when something changed. */
    int  (*fds)(const void *priv, int *fds, int max);
    int  (*tick)(struct tui *t, void *priv);
    /* Optional: the view is on top again after the one above it closed. */
    void (*resume)(struct tui *t, void *priv);
    /* Optional: a mouse event in the body (screen row y, column x, enum tui_mouse).
     * Without it the wheel scrolls as the Up/Down keys do. Returns TUI_* flags. */
    int  (*mouse)(struct tui *t, void *priv, int y, int x, int what);
};

enum tui_mouse { TUI_MOUSE_CLICK, TUI_MOUSE_DOUBLE, TUI_MOUSE_WHEEL_UP, TUI_MOUSE_WHEEL_DOWN };

/* Opens a view over the current one (Esc or q, bound to TUI_ACT_BACK, returns). 0, or
 * -1 when it cannot open (its message is on the message line). */
int tui_push(struct tui *t, const struct tui_view_ops *view, const void *arg);
/* Closes the top view; closing the last one ends the workbench. */
void tui_pop(struct tui *t);

extern const struct tui_view_ops tui_home_view;
extern const struct tui_view_ops tui_inspect_view;   /* arg: a checkpoint folder */
extern const struct tui_view_ops tui_dashboard_view; /* arg: a workspace folder or NULL */
extern const struct tui_view_ops tui_job_view;       /* arg: { workspace root, step id } */
extern const struct tui_view_ops tui_history_view;   /* arg: a workspace folder */
extern const struct tui_view_ops tui_settings_view;  /* arg: NULL (tui/settings.c) */

/* ---- Prompts and dialogs (tui_prompt.c): modal while up, answered by callbacks ---- */

/* A one-line text prompt on the message line. Keys: editing (Left/Right, Home/End,
 * Backspace, Delete, ^U, ^W), Up/Down recall earlier answers to the same label, Tab
 * completes, Enter accepts (only when check passes), Esc cancels (done is not called). */
struct tui_prompt_spec {
    const char *label;           /* "goto address: " (copied) */
    const char *initial;         /* NULL: empty (copied) */
    /* Optional, on Tab: writes the completed text to out (cap bytes) and the candidates,
     * blank-separated, to list; returns how many candidates there are. */
    int  (*complete)(void *ctx, const char *text, char *out, size_t cap, char *list,
                     size_t list_cap);
    /* Optional, after every key: 0, or -1 with why (shown in the error colour on the
     * hint bar) when the text is not acceptable; Enter is then refused. */
    int  (*check)(void *ctx, const char *text, char *why, size_t cap);
    void (*done)(struct tui *t, void *ctx, const char *text);   /* Enter */
    void *ctx;                   /* must live until done or cancel (a view's priv) */
};
int tui_prompt(struct tui *t, const struct tui_prompt_spec *spec);

/* Completers for a prompt that takes one path as typed (prompt_paths.c): the folders,
 * or the files and folders, whose names start with what is typed of the last part. */
int tui_complete_dirs(void *ctx, const char *text, char *out, size_t cap, char *list,
                      size_t list_cap);
int tui_complete_files(void *ctx, const char *text, char *out, size_t cap, char *list,
                       size_t list_cap);

/* A box over the body with a title and lines of text (what will change), answered
 * with y (done(yes=1)) or n/Esc (done(yes=0)). A body taller than the screen scrolls
 * with Up/Down and PgUp/PgDn; other keys are ignored while it is up. */
struct tui_confirm_spec {
    const char *title;           /* "Commit 2 bytes to store8?" (copied) */
    const char *body;            /* lines separated by '\n' (copied) */
    void (*done)(struct tui *t, void *ctx, int yes);
    void *ctx;
};
int tui_confirm(struct tui *t, const struct tui_confirm_spec *spec);

/* Switches the theme by name or path at once (the settings view and :theme); 0 or -1
 * with the reason on the message line. */
int tui_set_theme(struct tui *t, const char *name);

/* Whether the frame draws ASCII only (views pick their glyphs by it). */
int tui_ascii(const struct tui *t);

/* Sets the message line until the next key. slot is an enum theme_slot. */
void tui_message(struct tui *t, int slot, const char *fmt, ...)
    __attribute__((format(__printf__, 3, 4)));

/* Draws s at (y, x) in at most `width` columns, cropped by display width with a
 * trailing "…" ("~" in ASCII) and control characters shown as '?'. With pad set, the
 * rest of the width is filled with blanks. Returns the columns written. */
int tui_text(const struct tui *t, int y, int x, int width, int slot, const char *s, int pad);

/* Byte length of the first line of s when wrapped at width columns: it ends after the
 * last blank that fits, or mid-word when a word is wider than the line. */
size_t tui_wrap(const char *s, int width);
/* As tui_wrap, but a word that does not fit (a path) starts on this line when less than
 * half of it is used, cut where the line ends. */
size_t tui_wrap_fill(const char *s, int width);

/* Fills width columns of row y with blanks in slot's colours. */
void tui_fill(int y, int x, int width, int slot);

/* A box around r in the border slot, with an optional title on the top line and an
 * optional right-aligned note on the bottom line; UTF-8 or ASCII lines. */
void tui_box(const struct tui *t, struct tui_rect r, const char *title, const char *note);

/* The glyph marking the selected row: "▸", or ">" in ASCII. */
const char *tui_marker(const struct tui *t);

#endif

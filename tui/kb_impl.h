/* Internals of the troubleshooting view shared by kb_view.c (list, search, keys),
 * kb_detail.c (the selected entry laid out as wrapped rows, and drawing) and kb_apply.c. */
#ifndef GW_TUI_KB_IMPL_H
#define GW_TUI_KB_IMPL_H

#include "tui/kb_view.h"

#include "core/kb/kb.h"
#include "core/kb/kb_fix.h"

#include <limits.h>
#include <stddef.h>

/* One row of the detail pane, already wrapped to its width. */
struct kbv_row {
    int slot;                /* enum theme_slot */
    char *text;
};

struct kbv_seen {
    char id[64];
    char *text;
};

/* Apply in progress: the answers given so far, then the plan the confirmation shows. */
struct kbv_apply {
    const struct kb_entry *e;
    int asked;               /* questions of the action answered */
    char file[PATH_MAX], checkpoint[PATH_MAX], from[PATH_MAX];
    struct kb_fix_plan plan;
    int planned;
};

struct kbv {
    const struct kb *kb;
    size_t *shown, nshown;   /* indexes into kb->entries that pass the filter */
    size_t sel, top;         /* in shown */
    int list_rows;           /* entries on screen */
    char query[256];
    char workspace[PATH_MAX];
    char seen_in[256];
    struct kbv_seen *seen;
    size_t nseen;
    int only_seen;
    struct kbv_row *rows;    /* the selected entry's detail */
    size_t nrows;
    size_t dtop;             /* its first row on screen */
    int detail_h, width;     /* detail rows on screen and their width */
    int body_h, body_w;      /* the body they share */
    struct kbv_apply apply;
};

const struct kb_entry *kbv_selected(const struct kbv *v);
/* Lays the selected entry's detail out again (selection or width changed). */
void kbv_layout(struct kbv *v);
void kbv_rows_free(struct kbv *v);
void kbv_draw(struct tui *t, const void *priv, struct tui_rect b);
/* The list box's height in a body of height h (the detail takes the rest). */
int kbv_list_height(const struct kbv *v, int h);

/* a: asks what the selected entry's action needs, plans it, confirms, applies. */
void kbv_apply_start(struct tui *t, struct kbv *v);
void kbv_apply_free(struct kbv *v);

#endif

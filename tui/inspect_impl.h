/* The inside of the inspector view, shared by its files: the section tree, the panes'
 * drawing, the memory map with its background decode, the prompts, and the mouse. */
#ifndef GW_TUI_INSPECT_IMPL_H
#define GW_TUI_INSPECT_IMPL_H

#include "tui/tui.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/util/err.h"

struct ckpt;
struct pmem;

/* Panes in Tab order. */
enum ins_pane { INS_TREE, INS_STORES, INS_MAP, INS_KEYS, INS_NPANES };

/* One row of the section tree, in preorder: a section, a group of sections sharing a
 * dotted prefix, or both ("board" is a section and the parent of "board.processor"). */
struct ins_node {
    char *label;              /* the name's part below the parent ("processor.cores0") */
    char *path;               /* the full dotted name */
    long sec;                 /* section index, or -1 for a pure group */
    int depth;
    bool open;
    size_t end;               /* index after the node's subtree */
};

/* The map pane's cells for the selected store, computed when the page map is known. */
struct ins_map {
    size_t store;             /* which store the cells are for */
    bool ready;               /* page map known, cells filled */
    bool failed;
    char note[ERR_LEN];       /* "decoding 64%" or the decode's error */
    uint64_t size;            /* store bytes the cells cover */
    uint64_t cell_bytes;      /* a power of two, at least a page */
    size_t ncells, cols, rows;
    uint8_t *shade;           /* 0 none .. 4 full, per cell */
    size_t cursor, top;       /* cursor cell, first row shown */
};

struct inspect {
    struct ckpt *ck;
    char *dir;                /* the folder, for reopening */
    enum ins_pane pane;
    struct ins_node *nodes;
    size_t nnodes;
    size_t *vis;              /* visible node indexes */
    size_t nvis, row, row_top;
    size_t store, store_top;
    size_t key, key_top;
    int tree_rows, store_rows, key_rows;
    struct tui_rect body;     /* last body, for the mouse */
    struct pmem **pm;         /* one per store, opened when first touched */
    size_t npm;
    struct ins_map map;
    char edit_sec[512], edit_key[256];   /* what the edit prompt changes */
    bool reopen_pending;      /* a store operation changed the checkpoint on disk */
    bool covered;             /* a view we pushed (holding ck) is above us */
};

/* Layout: header row; the tree at the left; stores, map and keys at the right. */
struct ins_panes {
    struct tui_rect tree, stores, map, keys;
};
struct ins_panes ins_panes_of(const struct inspect *in, struct tui_rect b);

/* ---- inspect_tree.c ---- */
int ins_tree_build(struct inspect *in);            /* -1: out of memory */
void ins_tree_free(struct inspect *in);
void ins_tree_refresh(struct inspect *in);         /* recomputes the visible rows */
const struct ins_node *ins_tree_sel(const struct inspect *in);   /* NULL when empty */
long ins_tree_section(const struct inspect *in);   /* selected section or -1 */
/* Opens (1), closes (0) or toggles (-1) the selected group; Left on a closed node or a
 * leaf goes to its parent. Returns 1 when something changed. */
int ins_tree_open(struct inspect *in, int how);
/* Selects the row of section `sec`, opening the groups above it. */
void ins_tree_select_section(struct inspect *in, long sec);
/* The store whose section is `sec`, or -1. */
long ins_store_of_section(const struct inspect *in, long sec);

/* ---- inspect_draw.c ---- */
void ins_draw_header(const struct tui *t, const struct inspect *in, struct tui_rect b);
void ins_draw_tree(const struct tui *t, const struct inspect *in, struct tui_rect r);
void ins_draw_stores(const struct tui *t, const struct inspect *in, struct tui_rect r);
void ins_draw_keys(const struct tui *t, const struct inspect *in, struct tui_rect r);
void ins_move_sel(size_t *sel, size_t *top, size_t n, long delta, int rows);

/* ---- inspect_map.c ---- */
/* Opens and starts the selected store's decode when needed, polls it, and refills the
 * cells; returns TUI_REDRAW when what the pane shows changed. */
int ins_map_update(struct tui *t, struct inspect *in);
void ins_map_layout(struct inspect *in, struct tui_rect r);   /* cells for the pane */
void ins_draw_map(const struct tui *t, const struct inspect *in, struct tui_rect r);
void ins_map_move(struct inspect *in, long dcol, long drow);
uint64_t ins_map_cursor_offset(const struct inspect *in);
/* The store's pmem, opened (not decoded) when first asked for; NULL with err. */
struct pmem *ins_pmem_get(struct inspect *in, size_t store, char *err);
void ins_map_close_all(struct inspect *in);        /* closes every pmem, drops cells */

/* ---- inspect_prompts.c ---- */
void ins_hex(struct tui *t, struct inspect *in, size_t store, uint64_t offset);
void ins_goto(struct tui *t, struct inspect *in);
void ins_diff(struct tui *t, struct inspect *in);
void ins_edit(struct tui *t, struct inspect *in);
void ins_store_op(struct tui *t, struct inspect *in, int op);
/* Opens the checkpoint again after it changed on disk; close_stores drops the pmems. */
int ins_reopen(struct tui *t, struct inspect *in, bool close_stores);

/* ---- inspect_mouse.c ---- */
int ins_mouse(struct tui *t, void *priv, int y, int x, int what);
int ins_enter(struct tui *t, struct inspect *in);  /* Enter in the focused pane */

#endif

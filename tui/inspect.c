/* The inspector view (gem5wb inspect DIR): a checkpoint's summary, its m5.cpt sections as
 * a tree with the keys of the selected one, its stores and a memory map of the selected
 * store; the keys here lead to the hex, diff and store-operation views. */
#include "tui/inspect_impl.h"
#include "tui/store_ops.h"
#include "tui/theme.h"

#include "core/checkpoint/checkpoint.h"
#include "core/checkpoint/cpt.h"
#include "core/util/err.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

enum { INS_UP = TUI_ACT_VIEW, INS_DOWN, INS_LEFT, INS_RIGHT, INS_PAGE_UP, INS_PAGE_DOWN,
       INS_PANE, INS_KEYS_DOWN, INS_KEYS_UP, INS_ENTER, INS_GOTO, INS_DIFF, INS_EDIT,
       INS_REPLACE, INS_RESIZE, INS_EXPORT, INS_IMPORT, INS_HOME, INS_END };

static const struct tui_key inspect_keys[] = {
    { { KEY_UP, 'k' },    "up",      "move up in the pane",             INS_UP,        0 },
    { { KEY_DOWN, 'j' },  "down",    "move down in the pane",           INS_DOWN,      0 },
    { { KEY_LEFT, 'h' },  "close",   "close a group of sections (map: cell left)", INS_LEFT, 0 },
    { { KEY_RIGHT, 'l' }, "open",    "open a group of sections (map: cell right)", INS_RIGHT, 0 },
    { { KEY_PPAGE },      "page up", "one page up",                     INS_PAGE_UP,   0 },
    { { KEY_NPAGE, ' ' }, "page dn", "one page down",                   INS_PAGE_DOWN, 0 },
    { { KEY_HOME, KEY_FIND }, "first", "first row", INS_HOME, 0 },
    { { KEY_END, KEY_SELECT }, "last",   "last row",                        INS_END,       0 },
    { { '\t' },           "pane",    "switch between sections and stores, the map and the keys",
      INS_PANE, 1 },
    { { '\n', '\r', KEY_ENTER }, "hex view", "open or close a group; on a store or a map "
      "cell: the hex view; on a key: edit it", INS_ENTER, 1 },
    { { 'g' },            "goto",    "go to an address (0x80001000, store8+0x1000, +4KiB) in "
      "the hex view", INS_GOTO, 1 },
    { { 'e' },            "edit",    "edit the selected key's value in m5.cpt (a backup is "
      "kept)", INS_EDIT, 1 },
    { { 'D' },            "diff",    "diff with a second checkpoint",   INS_DIFF,      1 },
    { { 'R' },            "replace", "replace the selected store from another checkpoint",
      INS_REPLACE, 1 },
    { { 'Z' },            "resize",  "resize the selected store",       INS_RESIZE,    0 },
    { { 'X' },            "export",  "export the selected store to a raw file", INS_EXPORT, 0 },
    { { 'I' },            "import",  "import a raw file into the selected store", INS_IMPORT, 0 },
    { { ']' },            "keys+",   "scroll the section's keys down",  INS_KEYS_DOWN, 0 },
    { { '[' },            "keys-",   "scroll the section's keys up",    INS_KEYS_UP,   0 },
    { { '?' },            "help",    "show or hide this help",          TUI_ACT_HELP,  1 },
    { { 'L' - '@' },      "redraw",  "redraw the screen",               TUI_ACT_REDRAW, 0 },
    { { 'q', 27 },        "back",    "close the inspector",             TUI_ACT_BACK,  1 },
};

static int inspect_open(struct tui *t, void *priv, const void *arg)
{
    struct inspect *in = priv;
    char err[ERR_LEN];
    if (!(in->dir = strdup(arg))) {
        tui_message(t, THEME_ERROR, "out of memory opening %s", (const char *)arg);
        return -1;
    }
    if (ckpt_open(arg, NULL, &in->ck, err) != 0) {
        tui_message(t, THEME_ERROR, "%s", err);
        free(in->dir);
        return -1;
    }
    in->tree_rows = in->store_rows = in->key_rows = 1;
    if (ins_tree_build(in) != 0) {
        tui_message(t, THEME_ERROR, "out of memory reading the sections of %s", in->dir);
        ckpt_close(in->ck);
        free(in->dir);
        return -1;
    }
    in->map.store = (size_t)-1;
    ins_map_update(t, in);
    return 0;
}

static void inspect_done(void *priv)
{
    struct inspect *in = priv;
    ins_map_close_all(in);
    free(in->pm);
    ins_tree_free(in);
    ckpt_close(in->ck);
    free(in->dir);
}

struct ins_panes ins_panes_of(const struct inspect *in, struct tui_rect b)
{
    int left = b.w * 30 / 100, right = b.w - left, avail = b.h - 1;
    int stores_h = (int)in->ck->nstores + 3, map_h = avail >= 22 ? 6 : avail >= 16 ? 5 : 4;
    if (stores_h > avail * 2 / 5)
        stores_h = avail * 2 / 5 < 4 ? 4 : avail * 2 / 5;
    int keys_h = avail - stores_h - map_h;
    struct ins_panes p = {
        { b.y + 1, b.x, avail, left },
        { b.y + 1, b.x + left, stores_h, right },
        { b.y + 1 + stores_h, b.x + left, map_h, right },
        { b.y + 1 + stores_h + map_h, b.x + left, keys_h, right },
    };
    return p;
}

static int rows_in(int h, int chrome)
{
    return h - chrome > 0 ? h - chrome : 1;
}

static void inspect_resize(struct tui *t, void *priv, struct tui_rect body)
{
    struct inspect *in = priv;
    struct ins_panes p = ins_panes_of(in, body);
    in->body = body;
    in->tree_rows = rows_in(p.tree.h, 2);
    in->store_rows = rows_in(p.stores.h, 3);
    in->key_rows = rows_in(p.keys.h, 2);
    ins_map_layout(in, p.map);
    ins_map_update(t, in);
}

static size_t key_count(const struct inspect *in)
{
    long s = ins_tree_section(in);
    return s >= 0 ? cpt_entry_count(in->ck->cpt, (size_t)s) : 0;
}

/* Up/Down/Page/Home/End in the focused pane. */
static int move_in_pane(struct tui *t, struct inspect *in, long d)
{
    if (in->pane == INS_TREE) {
        size_t was = in->row;
        ins_move_sel(&in->row, &in->row_top, in->nvis, d, in->tree_rows);
        if (in->row != was)
            in->key = in->key_top = 0;
    } else if (in->pane == INS_STORES) {
        ins_move_sel(&in->store, &in->store_top, in->ck->nstores, d, in->store_rows);
        ins_map_update(t, in);
    } else if (in->pane == INS_KEYS) {
        ins_move_sel(&in->key, &in->key_top, key_count(in), d, in->key_rows);
    } else {
        ins_map_move(in, 0, d);
    }
    return TUI_HANDLED;
}

static int left_right(struct inspect *in, int right)
{
    if (in->pane == INS_MAP)
        ins_map_move(in, right ? 1 : -1, 0);
    else if (in->pane == INS_TREE && ins_tree_open(in, right))
        in->key = in->key_top = 0;
    return TUI_HANDLED;
}

static long step_of(const struct inspect *in, int action)
{
    int page = in->pane == INS_TREE ? in->tree_rows : in->pane == INS_STORES ? in->store_rows
             : in->pane == INS_KEYS ? in->key_rows : (int)(in->map.rows ? in->map.rows : 1);
    switch (action) {
    case INS_UP:        return -1;
    case INS_DOWN:      return 1;
    case INS_PAGE_UP:   return -page;
    case INS_PAGE_DOWN: return page;
    case INS_HOME:      return -(1L << 40);
    case INS_END:       return 1L << 40;
    }
    return 0;
}

static int inspect_action(struct tui *t, void *priv, int action)
{
    struct inspect *in = priv;
    long d = step_of(in, action);
    if (d)
        return move_in_pane(t, in, d);
    switch (action) {
    case INS_LEFT:      return left_right(in, 0);
    case INS_RIGHT:     return left_right(in, 1);
    case INS_PANE:      in->pane = (in->pane + 1) % INS_NPANES; ins_map_update(t, in); break;
    case INS_KEYS_DOWN:
        if (in->key_top + (size_t)in->key_rows < key_count(in))
            in->key_top++;
        break;
    case INS_KEYS_UP:   if (in->key_top) in->key_top--; break;
    case INS_ENTER:     return ins_enter(t, in);
    case INS_GOTO:      ins_goto(t, in); break;
    case INS_DIFF:      ins_diff(t, in); break;
    case INS_EDIT:      ins_edit(t, in); break;
    case INS_REPLACE:   ins_store_op(t, in, TUI_STORE_REPLACE); break;
    case INS_RESIZE:    ins_store_op(t, in, TUI_STORE_RESIZE); break;
    case INS_EXPORT:    ins_store_op(t, in, TUI_STORE_EXPORT); break;
    case INS_IMPORT:    ins_store_op(t, in, TUI_STORE_IMPORT); break;
    default:            return 0;
    }
    return TUI_HANDLED;
}

static int inspect_tick(struct tui *t, void *priv)
{
    return ins_map_update(t, priv);
}

static void inspect_resume(struct tui *t, void *priv)
{
    struct inspect *in = priv;
    in->covered = false;
    in->map.ready = false;   /* the hex view may have written the store: count again */
    ins_map_update(t, in);
}

static void inspect_draw(struct tui *t, const void *priv, struct tui_rect body)
{
    const struct inspect *in = priv;
    struct ins_panes p = ins_panes_of(in, body);
    ins_draw_header(t, in, body);
    ins_draw_tree(t, in, p.tree);
    ins_draw_stores(t, in, p.stores);
    ins_draw_map(t, in, p.map);
    ins_draw_keys(t, in, p.keys);
}

const struct tui_view_ops tui_inspect_view = {
    .name = "inspect",
    .priv_size = sizeof(struct inspect),
    .keys = inspect_keys,
    .key_count = sizeof inspect_keys / sizeof inspect_keys[0],
    .open = inspect_open,
    .resize = inspect_resize,
    .draw = inspect_draw,
    .action = inspect_action,
    .done = inspect_done,
    .tick = inspect_tick,
    .resume = inspect_resume,
    .mouse = ins_mouse,
};

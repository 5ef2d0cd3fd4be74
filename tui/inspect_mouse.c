/* The inspector's Enter and mouse: a click selects the row or cell under it (and focuses
 * its pane), a double click acts as Enter, the wheel scrolls the pane under it. */
#include "tui/inspect_impl.h"

#include "core/checkpoint/checkpoint.h"
#include "core/checkpoint/cpt.h"

int ins_enter(struct tui *t, struct inspect *in)
{
    const struct ins_node *n = ins_tree_sel(in);
    long store;
    switch (in->pane) {
    case INS_TREE:
        if (n && n->end > (size_t)(n - in->nodes) + 1) {
            ins_tree_open(in, -1);
            in->key = in->key_top = 0;
        } else if ((store = ins_store_of_section(in, n ? n->sec : -1)) >= 0) {
            ins_hex(t, in, (size_t)store, 0);
        } else {
            in->pane = INS_KEYS;   /* a section's keys are where its values are edited */
        }
        break;
    case INS_STORES:
        ins_hex(t, in, in->store, 0);
        break;
    case INS_MAP:
        ins_hex(t, in, in->store, ins_map_cursor_offset(in));
        break;
    default:
        ins_edit(t, in);
        break;
    }
    return TUI_HANDLED;
}

static bool inside(struct tui_rect r, int y, int x)
{
    return y > r.y && y < r.y + r.h - 1 && x > r.x && x < r.x + r.w - 1;
}

static void wheel(struct tui *t, struct inspect *in, enum ins_pane pane, int dir)
{
    long sec = ins_tree_section(in);
    size_t keys = sec >= 0 ? cpt_entry_count(in->ck->cpt, (size_t)sec) : 0;
    for (int i = 0; i < 3; i++) {
        if (pane == INS_TREE)
            ins_move_sel(&in->row, &in->row_top, in->nvis, dir, in->tree_rows);
        else if (pane == INS_STORES)
            ins_move_sel(&in->store, &in->store_top, in->ck->nstores, dir, in->store_rows);
        else if (pane == INS_KEYS && dir > 0 && in->key_top + (size_t)in->key_rows < keys)
            in->key_top++;
        else if (pane == INS_KEYS && dir < 0 && in->key_top)
            in->key_top--;
    }
    if (pane == INS_TREE)
        in->key = in->key_top = 0;
    ins_map_update(t, in);
}

/* Selects the row or cell at (y, x) of pane p; 0 when there is nothing there. */
static int pick(struct tui *t, struct inspect *in, enum ins_pane p, struct tui_rect r, int y,
                int x)
{
    size_t row = (size_t)(y - r.y - 1);
    in->pane = p;
    if (p == INS_TREE && in->row_top + row < in->nvis) {
        if (in->row != in->row_top + row)
            in->key = in->key_top = 0;
        in->row = in->row_top + row;
    } else if (p == INS_STORES && row >= 1 && in->store_top + row - 1 < in->ck->nstores) {
        in->store = in->store_top + row - 1;
        ins_map_update(t, in);
    } else if (p == INS_MAP && in->map.ready && x >= r.x + 2) {
        size_t cell = (in->map.top + row) * in->map.cols + (size_t)(x - r.x - 2);
        if (x - r.x - 2 >= (int)in->map.cols || cell >= in->map.ncells)
            return 0;
        in->map.cursor = cell;
    } else if (p == INS_KEYS && ins_tree_section(in) >= 0 &&
               in->key_top + row < cpt_entry_count(in->ck->cpt, (size_t)ins_tree_section(in))) {
        in->key = in->key_top + row;
    } else {
        return 0;
    }
    return 1;
}

int ins_mouse(struct tui *t, void *priv, int y, int x, int what)
{
    struct inspect *in = priv;
    struct ins_panes ps = ins_panes_of(in, in->body);
    struct tui_rect rs[INS_NPANES] = { ps.tree, ps.stores, ps.map, ps.keys };
    for (int p = 0; p < INS_NPANES; p++) {
        if (!inside(rs[p], y, x))
            continue;
        if (what == TUI_MOUSE_WHEEL_UP || what == TUI_MOUSE_WHEEL_DOWN) {
            wheel(t, in, (enum ins_pane)p, what == TUI_MOUSE_WHEEL_UP ? -1 : 1);
            return TUI_HANDLED;
        }
        if (!pick(t, in, (enum ins_pane)p, rs[p], y, x))
            return TUI_HANDLED;
        return what == TUI_MOUSE_DOUBLE ? ins_enter(t, in) : TUI_HANDLED;
    }
    return 0;
}

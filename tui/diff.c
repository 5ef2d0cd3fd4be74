/* The diff view: this checkpoint against another. m5.cpt is compared at once; the stores
 * are compared by a worker thread (diff_work.c) that fills a list under a mutex while the
 * view's tick copies what is new; here are the rows, the view's operations and its keys. */
#include "tui/diff_impl.h"
#include "tui/hex.h"
#include "tui/theme.h"

#include "core/checkpoint/checkpoint.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

/* ---- The rows: m5.cpt changes, then each store with its findings ------------------ */

static void rows_add(struct diffv *v, enum drow_kind kind, size_t i)
{
    if (v->nrows == v->rows_cap) {
        size_t cap = v->rows_cap ? v->rows_cap * 2 : 64;
        struct drow *p = realloc(v->rows, sizeof *p * cap);
        if (!p)
            return;   /* the list is cut short; the counts stay right */
        v->rows = p;
        v->rows_cap = cap;
    }
    v->rows[v->nrows++] = (struct drow){ kind, i };
}

bool diff_size_finding(const struct dstore *d)
{
    return d->have_sizes && d->size_a != d->size_b;
}

static void rows_build(struct diffv *v)
{
    size_t r = 0;
    v->nrows = 0;
    rows_add(v, ROW_CPT_HEAD, 0);
    for (size_t i = 0; i < v->cpt.n; i++)
        rows_add(v, ROW_CPT, i);
    for (size_t s = 0; s < v->job->nstores; s++) {
        size_t kept = 0;
        rows_add(v, ROW_STORE, s);
        if (diff_size_finding(&v->stores[s]))
            rows_add(v, ROW_SIZE, s);
        for (; r < v->nranges && v->ranges[r].store == s; r++, kept++)
            rows_add(v, ROW_RANGE, r);
        if (v->stores[s].state == DS_DIFF && v->stores[s].ranges > kept)
            rows_add(v, ROW_MORE, s);
    }
}

bool diff_selectable(const struct diffv *v, const struct drow *r)
{
    return r->kind == ROW_CPT || r->kind == ROW_SIZE || r->kind == ROW_RANGE ||
           (r->kind == ROW_STORE && (v->stores[r->i].state == DS_MISSING ||
                                     v->stores[r->i].state == DS_ERROR));
}

/* The first selectable row from `from` going in direction dir, or SIZE_MAX. */
static size_t find_sel(const struct diffv *v, size_t from, int dir)
{
    for (size_t i = from; i < v->nrows; i += (size_t)(long)dir)
        if (diff_selectable(v, &v->rows[i]))
            return i;
    return SIZE_MAX;
}

static void keep_visible(struct diffv *v)
{
    size_t rows = v->list_rows > 0 ? (size_t)v->list_rows : 1;
    if (v->sel == SIZE_MAX)
        return;
    if (v->sel < v->top)
        v->top = v->sel;
    if (v->sel >= v->top + rows)
        v->top = v->sel - rows + 1;
}

static int diff_tick(struct tui *t, void *priv)
{
    (void)t;
    struct diffv *v = priv;
    bool moved;
    if (!v->job)
        return 0;
    bool changed = diff_work_copy(v, &moved);
    if (changed) {
        rows_build(v);
        if (v->sel == SIZE_MAX && (v->sel = find_sel(v, 0, 1)) != SIZE_MAX)
            keep_visible(v);
    }
    return changed || moved ? TUI_REDRAW : 0;
}

/* ---- Opening and closing --------------------------------------------------------- */

static void diff_stop(struct diffv *v)
{
    diff_work_stop(v);
    cpt_diff_free(&v->cpt);
    ckpt_close(v->other);
    v->other = NULL;
    free(v->stores);
    free(v->ranges);
    free(v->rows);
    v->stores = NULL, v->ranges = NULL, v->rows = NULL;
    v->nranges = v->cap = v->nrows = v->rows_cap = 0;
}

/* Opens the other checkpoint, compares m5.cpt and starts the worker on the stores. */
static int diff_start(struct tui *t, struct diffv *v)
{
    char err[ERR_LEN];
    if (ckpt_open(v->other_dir, NULL, &v->other, err) != 0) {
        tui_message(t, THEME_ERROR, "%s", err);
        return -1;
    }
    /* out of memory only cuts the list short: the heading still counts every change */
    (void)cpt_diff_compare(&v->cpt, v->ck->cpt, v->other->cpt, err);
    size_t n = v->ck->nstores > v->other->nstores ? v->ck->nstores : v->other->nstores;
    int rc = diff_work_start(v, n);
    if (rc != 0) {
        tui_message(t, THEME_ERROR, "cannot start comparing the stores: %s", strerror(rc));
        return -1;
    }
    v->gen = 0;
    v->step = v->job->step;
    v->finished = false;
    v->error[0] = '\0';
    v->sel = SIZE_MAX;
    v->top = 0;
    rows_build(v);
    v->sel = find_sel(v, 0, 1);
    return 0;
}

static int diff_open(struct tui *t, void *priv, const void *arg)
{
    const struct tui_diff_arg *a = arg;
    struct diffv *v = priv;
    v->ck = a->ck;
    v->other_dir = strdup(a->other);
    v->list_rows = 1;
    if (!v->other_dir) {
        tui_message(t, THEME_ERROR, "out of memory opening the diff");
        return -1;
    }
    if (diff_start(t, v) != 0) {
        diff_stop(v);
        free(v->other_dir);
        return -1;
    }
    return 0;
}

static void diff_done(void *priv)
{
    struct diffv *v = priv;
    diff_stop(v);
    free(v->other_dir);
}

static void diff_resize(struct tui *t, void *priv, struct tui_rect body)
{
    (void)t;
    struct diffv *v = priv;
    int rows = diff_list_rows(body);
    v->list_rows = rows > 0 ? rows : 1;
    keep_visible(v);
}

/* ---- Keys ------------------------------------------------------------------------ */

enum { DF_NEXT = TUI_ACT_VIEW, DF_PREV, DF_PAGE_DOWN, DF_PAGE_UP, DF_FIRST, DF_LAST, DF_HEX,
       DF_HEX_OTHER, DF_AGAIN };

static const struct tui_key diff_keys[] = {
    { { 'n', 'j', KEY_DOWN },    "next",    "next change",                          DF_NEXT,      1 },
    { { 'N', 'k', KEY_UP },      "prev",    "previous change",                      DF_PREV,      1 },
    { { KEY_NPAGE, ' ' },        "page dn", "changes a page further down",          DF_PAGE_DOWN, 0 },
    { { KEY_PPAGE },             "page up", "changes a page further up",            DF_PAGE_UP,   0 },
    { { 'g', KEY_HOME },         "first",   "first change",                         DF_FIRST,     0 },
    { { 'G', KEY_END },          "last",    "last change",                          DF_LAST,      0 },
    { { '\n', '\r', KEY_ENTER }, "hex",     "hex view of this checkpoint at the selected range",
      DF_HEX, 1 },
    { { 'o' },                   "other",   "hex view of the other checkpoint at the selected range",
      DF_HEX_OTHER, 1 },
    { { 'r' },                   "again",   "compare again (after an edit)",        DF_AGAIN,     1 },
    { { '?' },                   "help",    "show or hide this help",               TUI_ACT_HELP, 1 },
    { { 'L' - '@' },             "redraw",  "redraw the screen",                    TUI_ACT_REDRAW, 0 },
    { { 'q', 27 },               "back",    "close the diff",                       TUI_ACT_BACK, 1 },
};

static void sel_step(struct tui *t, struct diffv *v, size_t from, int dir)
{
    size_t next = find_sel(v, from, dir);
    if (next == SIZE_MAX && v->sel != SIZE_MAX) {
        tui_message(t, THEME_DIM, "no more changes %s%s", dir > 0 ? "below" : "above",
                    v->finished ? "" : " yet (still comparing)");
        return;
    }
    v->sel = next;
    keep_visible(v);
}

static void sel_page(struct tui *t, struct diffv *v, int dir)
{
    size_t page = (size_t)v->list_rows, from = v->sel == SIZE_MAX ? 0 : v->sel;
    from = dir > 0 ? (from + page < v->nrows ? from + page : v->nrows - 1)
                   : (from > page ? from - page : 0);
    size_t next = find_sel(v, from, dir);
    sel_step(t, v, next == SIZE_MAX ? from : next, next == SIZE_MAX ? -dir : dir);
}

static void open_hex(struct tui *t, struct diffv *v, bool other)
{
    const struct drow *row = v->sel < v->nrows ? &v->rows[v->sel] : NULL;
    if (!row || row->kind != ROW_RANGE) {
        tui_message(t, THEME_DIM, "select a memory range first (n/N): the hex view shows one");
        return;
    }
    const struct drange *d = &v->ranges[row->i];
    struct ckpt *ck = other ? v->other : v->ck;
    if (d->store >= ck->nstores) {
        tui_message(t, THEME_ERROR, "%s has no store%zu", ck->dir, d->store);
        return;
    }
    tui_push(t, &tui_hex_view, &(struct tui_hex_arg){ ck, d->store, NULL, d->off });
}

static int diff_action(struct tui *t, void *priv, int action)
{
    struct diffv *v = priv;
    size_t from = v->sel == SIZE_MAX ? 0 : v->sel;
    switch (action) {
    case DF_NEXT:      sel_step(t, v, v->sel == SIZE_MAX ? 0 : from + 1, 1); break;
    case DF_PREV:      sel_step(t, v, v->sel == SIZE_MAX ? 0 : from - 1, -1); break;
    case DF_PAGE_DOWN: sel_page(t, v, 1); break;
    case DF_PAGE_UP:   sel_page(t, v, -1); break;
    case DF_FIRST:     sel_step(t, v, 0, 1); break;
    case DF_LAST:      sel_step(t, v, v->nrows ? v->nrows - 1 : 0, -1); break;
    case DF_HEX:       open_hex(t, v, false); break;
    case DF_HEX_OTHER: open_hex(t, v, true); break;
    case DF_AGAIN:
        diff_stop(v);
        if (diff_start(t, v) != 0) {
            tui_pop(t);   /* frees v: nothing below may touch it */
            return TUI_REDRAW;
        }
        tui_message(t, THEME_DIM, "comparing again");
        break;
    default:
        return 0;
    }
    return TUI_HANDLED;
}

const struct tui_view_ops tui_diff_view = {
    .name = "diff",
    .priv_size = sizeof(struct diffv),
    .keys = diff_keys,
    .key_count = sizeof diff_keys / sizeof diff_keys[0],
    .open = diff_open,
    .resize = diff_resize,
    .draw = diff_draw,
    .action = diff_action,
    .done = diff_done,
    .tick = diff_tick,
};

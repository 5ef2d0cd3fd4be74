/* The hex view of one checkpoint store: its keys, opening (and switching) the store, the
 * cursor and scrolling, and the rows on screen, read without waiting on the decode. */
#include "tui/hex_impl.h"
#include "tui/theme.h"

#include "core/util/fileio.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { HX_UP = TUI_ACT_VIEW, HX_DOWN, HX_LEFT, HX_RIGHT, HX_PGUP, HX_PGDN, HX_HOME, HX_END,
       HX_GOTO, HX_FIND, HX_NEXT, HX_PREV, HX_EDIT, HX_UNDO, HX_WRITE, HX_BACK, HX_DIGIT };

#define DIGIT(c, C, v, help) { { c, C }, "digit", help, HX_DIGIT + v, 0 }

static const struct tui_key hex_keys[] = {
    { { 'g' },            "goto",   "go to 0x80001000, store8+0x1000, +0x40 or 2GiB", HX_GOTO,
      1 },
    { { '/' },            "find",   "find text, or bytes: hex:de ad be ef, 0xdeadbeef", HX_FIND,
      1 },
    { { 'n' },            "next",   "next match after the cursor (wraps around)", HX_NEXT, 1 },
    { { 'N' },            "prev",   "previous match before the cursor (wraps)", HX_PREV, 1 },
    { { 'i', '\n', '\r' }, "edit",  "edit mode on/off: hex digits overwrite bytes", HX_EDIT, 1 },
    { { 'u' },            "undo",   "undo the last byte edited", HX_UNDO, 1 },
    { { 'w' },            "commit", "write the changes to the store file (asks first)",
      HX_WRITE, 1 },
    { { '?' },            "help",   "show or hide this help", TUI_ACT_HELP, 1 },
    { { 'q', 27 },        "back",   "end edit mode or a search; close (asks if edited)",
      HX_BACK, 1 },
    { { KEY_UP, 'k' },    "up",     "one row up", HX_UP, 0 },
    { { KEY_DOWN, 'j' },  "down",   "one row down", HX_DOWN, 0 },
    { { KEY_LEFT, 'h' },  "left",   "one byte left", HX_LEFT, 0 },
    { { KEY_RIGHT, 'l' }, "right",  "one byte right", HX_RIGHT, 0 },
    { { KEY_PPAGE },      "page up", "one screen up", HX_PGUP, 0 },
    { { KEY_NPAGE, ' ' }, "page dn", "one screen down", HX_PGDN, 0 },
    { { KEY_HOME },       "home",   "start of the row", HX_HOME, 0 },
    { { KEY_END },        "end",    "end of the row", HX_END, 0 },
    { { 'L' - '@' },      "redraw", "redraw the screen", TUI_ACT_REDRAW, 0 },
    /* one row per digit: an action says which; the help explains them on the first */
    DIGIT('0', 0, 0, "0-9 a-f in edit mode: a nibble at the cursor"), DIGIT('1', 0, 1, ""),
    DIGIT('2', 0, 2, ""), DIGIT('3', 0, 3, ""), DIGIT('4', 0, 4, ""), DIGIT('5', 0, 5, ""),
    DIGIT('6', 0, 6, ""), DIGIT('7', 0, 7, ""), DIGIT('8', 0, 8, ""), DIGIT('9', 0, 9, ""),
    DIGIT('a', 'A', 10, ""), DIGIT('b', 'B', 11, ""), DIGIT('c', 'C', 12, ""),
    DIGIT('d', 'D', 13, ""), DIGIT('e', 'E', 14, ""), DIGIT('f', 'F', 15, ""),
};

/* ---- The store ---------------------------------------------------------------- */

const char *hex_store_file(const struct hex *h)
{
    const char *p = h->ck->stores[h->store].file_path, *slash = p ? strrchr(p, '/') : NULL;
    return slash ? slash + 1 : p ? p : "?";
}

static void refresh_size(struct hex *h)
{
    struct pmem_info info;
    pmem_info(h->pm, &info);
    if (info.size_known) {
        h->size = info.size;
        h->size_final = info.decoded;
    }
    if (h->cur >= h->size)
        h->cur = h->size ? h->size - 1 : 0;
}

static void release(struct hex *h)
{
    pmem_edits_free(h->ed);
    if (h->own_pm)
        pmem_close(h->pm);
    h->ed = NULL;
    h->pm = NULL;
}

static int open_store(struct tui *t, struct hex *h, size_t store, struct pmem *borrowed)
{
    char err[ERR_LEN];
    struct pmem *pm = borrowed;
    struct pmem_edits *ed;
    if (!pm && ckpt_mem_open(h->ck, store, &pm, err) != 0) {
        tui_message(t, THEME_ERROR, "%s", err);
        return -1;
    }
    if (pmem_edits_new(pm, &ed, err) != 0) {
        if (!borrowed)
            pmem_close(pm);
        tui_message(t, THEME_ERROR, "%s", err);
        return -1;
    }
    release(h);
    const struct ckpt_store *s = &h->ck->stores[store];
    *h = (struct hex){ .ck = h->ck, .store = store, .pm = pm, .own_pm = !borrowed, .ed = ed,
                       .size = s->have_size ? s->range_size : 0, .rows = h->rows,
                       .win = h->win, .win_orig = h->win_orig,
                       .win_changed = h->win_changed, .win_cap = h->win_cap,
                       .decode_pct = -1 };
    refresh_size(h);
    struct ckpt_loc loc;
    h->have_addr = ckpt_mem_locate(h->ck, (long)store, 0, 1, &loc, err) == 0 && loc.have_addr;
    h->base = h->have_addr ? loc.addr : 0;
    uint64_t last = h->base + (h->size ? h->size - 1 : 0);
    for (h->addr_w = 8; h->addr_w < 16 && last >> (4 * h->addr_w); h->addr_w++)
        ;
    file_backup_path(s->file_path, h->backup, sizeof h->backup);
    pmem_start(pm, err);   /* decode behind the screen; a failure shows on the rows */
    return 0;
}

int hex_switch_store(struct tui *t, struct hex *h, size_t store)
{
    uint8_t pat[HEX_PAT_MAX];
    size_t len = h->pat_len;
    char text[sizeof h->pat_text];
    memcpy(pat, h->pat, sizeof pat);   /* the pattern carries over to the other store */
    memcpy(text, h->pat_text, sizeof text);
    if (open_store(t, h, store, NULL) != 0)
        return -1;
    memcpy(h->pat, pat, sizeof pat);
    memcpy(h->pat_text, text, sizeof text);
    h->pat_len = len;
    return 0;
}

/* ---- The rows on screen ------------------------------------------------------- */

struct give_up {
    bool gave_up;
    uint64_t done, total;
};

/* pmem_wait's progress callback: stop at its first wake-up instead of waiting it out. */
static int give_up(void *arg, uint64_t done, uint64_t total)
{
    struct give_up *g = arg;
    *g = (struct give_up){ true, done, total };
    return 1;
}

static int grow_window(struct hex *h, size_t want)
{
    uint8_t *w = realloc(h->win, want), *o = w ? realloc(h->win_orig, want) : NULL;
    bool *c = o ? realloc(h->win_changed, want * sizeof *c) : NULL;
    h->win = w ? w : h->win;
    h->win_orig = o ? o : h->win_orig;
    h->win_changed = c ? c : h->win_changed;
    if (!c) {
        snprintf(h->win_err, sizeof h->win_err, "out of memory for %zu bytes", want);
        return -1;
    }
    h->win_cap = want;
    return 0;
}

void hex_fetch(struct hex *h)
{
    if (h->commit.running)
        return;   /* the commit owns the session until it ends */
    char err[ERR_LEN];
    size_t want = (size_t)h->rows * HEX_COLS;
    h->win_ok = false;
    h->win_err[0] = '\0';
    if (want > h->win_cap && grow_window(h, want) != 0)
        return;
    uint64_t off = h->top, len = off < h->size ? h->size - off : 0;
    len = len < want ? len : want;
    struct give_up g = { 0 };
    if (len && pmem_wait(h->pm, off + len, give_up, &g, err) != 0) {
        if (g.gave_up)   /* not decoded that far yet: the tick asks again */
            h->decode_pct = g.total ? (int)(g.done * 100 / g.total) : 0;
        else
            snprintf(h->win_err, sizeof h->win_err, "%s", err);
        return;
    }
    if (len && pmem_edits_read(h->ed, off, h->win, (size_t)len, err) != 0) {
        uint64_t was = h->size;
        refresh_size(h);   /* the store decoded shorter than range_size says */
        if (h->size < was) {
            hex_show(h, h->cur, false);
            return;
        }
        snprintf(h->win_err, sizeof h->win_err, "%s", err);
        return;
    }
    for (size_t i = 0; i < len; i++) {
        h->win_orig[i] = h->win[i];
        h->win_changed[i] = pmem_edits_changed(h->ed, off + i, &h->win_orig[i]);
    }
    h->win_len = (size_t)len;
    h->win_ok = true;
}

void hex_show(struct hex *h, uint64_t off, bool center)
{
    uint64_t page = (uint64_t)h->rows * HEX_COLS;
    h->cur = off < h->size ? off : h->size ? h->size - 1 : 0;
    uint64_t row = h->cur - h->cur % HEX_COLS;
    if (row < h->top || row >= h->top + page) {
        uint64_t back = center ? (uint64_t)(h->rows / 2) * HEX_COLS : row < h->top ? 0
                                                                    : page - HEX_COLS;
        h->top = row > back ? row - back : 0;
    }
    h->low = false;
    hex_fetch(h);
}

/* ---- The view ----------------------------------------------------------------- */

static int hex_open(struct tui *t, void *priv, const void *arg)
{
    struct hex *h = priv;
    const struct tui_hex_arg *a = arg;
    h->ck = a->ck;
    h->rows = 1;
    if (a->store >= a->ck->nstores) {
        tui_message(t, THEME_ERROR, "%s has no store%zu (it has %zu stores)", a->ck->dir,
                    a->store, a->ck->nstores);
        return -1;
    }
    if (open_store(t, h, a->store, a->pm) != 0)
        return -1;
    hex_show(h, a->offset, true);
    return 0;
}

static void hex_done(void *priv)
{
    struct hex *h = priv;
    hex_commit_wait(h);
    release(h);
    free(h->win);
    free(h->win_orig);
    free(h->win_changed);
}

static void hex_resize(struct tui *t, void *priv, struct tui_rect body)
{
    (void)t;
    struct hex *h = priv;
    h->rows = body.h - HEX_TOP > 1 ? body.h - HEX_TOP : 1;
    hex_show(h, h->cur, false);
}

static int move_by(struct hex *h, int action)
{
    uint64_t c = h->cur, page = (uint64_t)h->rows * HEX_COLS, last = h->size ? h->size - 1 : 0;
    switch (action) {
    case HX_UP:    c = c >= HEX_COLS ? c - HEX_COLS : c; break;
    case HX_DOWN:  c = c + HEX_COLS <= last ? c + HEX_COLS : c; break;
    case HX_LEFT:  c = c ? c - 1 : 0; break;
    case HX_RIGHT: c = c < last ? c + 1 : c; break;
    case HX_PGUP:
        c = c >= page ? c - page : c % HEX_COLS;
        h->top = h->top >= page ? h->top - page : 0;
        break;
    case HX_PGDN:
        c = c + page <= last ? c + page : c;
        h->top = h->top + page <= last - last % HEX_COLS ? h->top + page : h->top;
        break;
    case HX_HOME:  c -= c % HEX_COLS; break;
    case HX_END:   c = c - c % HEX_COLS + HEX_COLS - 1 <= last ? c - c % HEX_COLS + HEX_COLS - 1
                                                              : last; break;
    default:       return 0;
    }
    hex_show(h, c, false);
    return TUI_HANDLED;
}

static int hex_action(struct tui *t, void *priv, int action)
{
    struct hex *h = priv;
    if (h->commit.running) {
        tui_message(t, THEME_WARNING, "committing %s: wait until it is written",
                    hex_store_file(h));
        return TUI_HANDLED;
    }
    if (action >= HX_DIGIT && action < HX_DIGIT + 16)
        return hex_digit(t, h, action - HX_DIGIT);
    switch (action) {
    case HX_GOTO:  hex_goto(t, h); return TUI_HANDLED;
    case HX_FIND:  hex_find_prompt(t, h); return TUI_HANDLED;
    case HX_NEXT:  hex_find_start(t, h, false); return TUI_HANDLED;
    case HX_PREV:  hex_find_start(t, h, true); return TUI_HANDLED;
    case HX_EDIT:
        h->edit = !h->edit;
        h->low = false;
        tui_message(t, THEME_DIM, h->edit ? "edit mode: hex digits overwrite the byte at the "
                    "cursor (u undoes, w commits, i or Esc ends)" : "edit mode off");
        return TUI_HANDLED;
    case HX_UNDO:  return hex_undo(t, h);
    case HX_WRITE: return hex_write(t, h);
    case HX_BACK:  return hex_back(t, h);
    default:       return move_by(h, action);
    }
}

static int hex_tick(struct tui *t, void *priv)
{
    struct hex *h = priv;
    int flags = hex_commit_tick(t, h) | hex_find_tick(t, h);
    uint64_t done, total;
    int state = PMEM_IDLE, pct = h->decode_pct;
    char err[ERR_LEN];
    if (pmem_progress(h->pm, &done, &total, &state, err) == 0 && state == PMEM_RUNNING)
        h->decode_pct = total ? (int)(done * 100 / total) : 0;
    else
        h->decode_pct = -1;
    if (!h->size_final && (state == PMEM_DONE || state == PMEM_FAILED)) {
        refresh_size(h);
        h->size_final = true;
        bool low = h->low;
        if (!h->commit.running)
            hex_show(h, h->cur, false);   /* the rows past a size first unknown */
        h->low = low;
        flags |= TUI_REDRAW;
    }
    if (!h->win_ok && !h->win_err[0] && !h->commit.running) {
        hex_fetch(h);
        flags |= h->win_ok || h->win_err[0] ? TUI_REDRAW : 0;
    }
    return flags | (pct != h->decode_pct ? TUI_REDRAW : 0);
}

const struct tui_view_ops tui_hex_view = {
    .name = "hex", .priv_size = sizeof(struct hex), .keys = hex_keys,
    .key_count = sizeof hex_keys / sizeof hex_keys[0], .open = hex_open, .resize = hex_resize,
    .draw = hex_draw, .action = hex_action, .done = hex_done, .tick = hex_tick,
};

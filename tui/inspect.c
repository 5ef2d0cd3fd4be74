/* The inspector view (gem5wb inspect DIR): a checkpoint's summary, its m5.cpt sections
 * with the keys of the selected one, and its stores with the memory and range of each. */
#include "tui/tui.h"
#include "tui/theme.h"

#include "core/checkpoint/checkpoint.h"
#include "core/checkpoint/cpt.h"
#include "core/util/err.h"
#include "core/util/size.h"

#include <curses.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

struct inspect {
    struct ckpt *ck;
    int pane;                 /* 0 sections, 1 stores */
    size_t sec, sec_top, store, store_top, key_top;
    int sec_rows, store_rows, key_rows;
};

enum { INS_UP = TUI_ACT_VIEW, INS_DOWN, INS_PAGE_UP, INS_PAGE_DOWN, INS_PANE, INS_KEYS_DOWN,
       INS_KEYS_UP };

static const struct tui_key inspect_keys[] = {
    { { KEY_UP, 'k' },    "up",      "move up in the pane",             INS_UP,        1 },
    { { KEY_DOWN, 'j' },  "down",    "move down in the pane",           INS_DOWN,      1 },
    { { KEY_PPAGE },      "page up", "one page up",                     INS_PAGE_UP,   0 },
    { { KEY_NPAGE, ' ' }, "page dn", "one page down",                   INS_PAGE_DOWN, 0 },
    { { '\t' },           "pane",    "switch between sections and stores", INS_PANE,   1 },
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
    if (ckpt_open(arg, NULL, &in->ck, err) != 0) {
        tui_message(t, THEME_ERROR, "%s", err);
        return -1;
    }
    in->sec_rows = in->store_rows = in->key_rows = 1;
    return 0;
}

static void inspect_done(void *priv)
{
    struct inspect *in = priv;
    ckpt_close(in->ck);
}

/* Layout: header row, sections at the left, stores above the keys at the right. */
struct panes {
    struct tui_rect sections, stores, keys;
};

static struct panes panes_of(const struct inspect *in, struct tui_rect b)
{
    int left = b.w * 30 / 100, right = b.w - left;
    int stores_h = (int)in->ck->nstores + 3;
    if (stores_h > (b.h - 1) / 2)
        stores_h = (b.h - 1) / 2;
    struct panes p = {
        { b.y + 1, b.x, b.h - 1, left },
        { b.y + 1, b.x + left, stores_h, right },
        { b.y + 1 + stores_h, b.x + left, b.h - 1 - stores_h, right },
    };
    return p;
}

static void inspect_resize(struct tui *t, void *priv, struct tui_rect body)
{
    (void)t;
    struct inspect *in = priv;
    struct panes p = panes_of(in, body);
    in->sec_rows = p.sections.h - 2 > 0 ? p.sections.h - 2 : 1;
    in->store_rows = p.stores.h - 3 > 0 ? p.stores.h - 3 : 1;
    in->key_rows = p.keys.h - 2 > 0 ? p.keys.h - 2 : 1;
}

/* Moves sel by delta within n rows and scrolls top to keep it on a page of rows. */
static void move_sel(size_t *sel, size_t *top, size_t n, long delta, int rows)
{
    long s = (long)*sel + delta;
    s = s < 0 ? 0 : s >= (long)n ? (long)n - 1 : s;
    *sel = s < 0 ? 0 : (size_t)s;
    if (*sel < *top)
        *top = *sel;
    if (*sel >= *top + (size_t)rows)
        *top = *sel - (size_t)rows + 1;
}

static int inspect_action(struct tui *t, void *priv, int action)
{
    (void)t;
    struct inspect *in = priv;
    size_t nsec = cpt_section_count(in->ck->cpt), nkeys = cpt_entry_count(in->ck->cpt, in->sec);
    int page = in->pane ? in->store_rows : in->sec_rows;
    long d = action == INS_UP ? -1 : action == INS_DOWN ? 1 : action == INS_PAGE_UP ? -page
           : action == INS_PAGE_DOWN ? page : 0;
    if (action == INS_PANE)
        in->pane = !in->pane;
    else if (action == INS_KEYS_DOWN && in->key_top + (size_t)in->key_rows < nkeys)
        in->key_top++;
    else if (action == INS_KEYS_UP && in->key_top)
        in->key_top--;
    else if (d && in->pane)
        move_sel(&in->store, &in->store_top, in->ck->nstores, d, in->store_rows);
    else if (d) {
        move_sel(&in->sec, &in->sec_top, nsec, d, in->sec_rows);
        in->key_top = 0;
    } else
        return 0;
    return TUI_HANDLED;
}

static void draw_header(const struct tui *t, const struct inspect *in, struct tui_rect b)
{
    char line[1024], types[128] = "";
    const struct ckpt *ck = in->ck;
    if (ck->ncpus && ck->cpus[0].type[0])
        snprintf(types, sizeof types, " (%s)", ck->cpus[0].type);
    snprintf(line, sizeof line, "%s   tick %" PRIu64 "   %s   %zu CPU%s%s   %zu stores%s",
             ck->dir, ck->have_tick ? ck->tick : 0, ck->isa, ck->ncpus,
             ck->ncpus == 1 ? "" : "s", types, ck->nstores,
             ck->map.known ? "" : "   (no config: ranges unknown)");
    tui_text(t, b.y, b.x + 1, b.w - 2, THEME_NORMAL, line, 1);
}

static void draw_sections(const struct tui *t, const struct inspect *in, struct tui_rect r)
{
    const struct cpt *c = in->ck->cpt;
    size_t n = cpt_section_count(c);
    char note[32];
    snprintf(note, sizeof note, "%zu of %zu", n ? in->sec + 1 : 0, n);
    tui_box(t, r, "Sections", note);
    for (int i = 0; i < r.h - 2 && in->sec_top + (size_t)i < n; i++) {
        size_t s = in->sec_top + (size_t)i;
        int sel = s == in->sec, slot = sel ? (in->pane == 0 ? THEME_SELECTED : THEME_DIM)
                                           : THEME_NORMAL;
        tui_fill(r.y + 1 + i, r.x + 1, r.w - 2, slot);
        if (sel)
            tui_text(t, r.y + 1 + i, r.x + 1, 1, slot, tui_marker(t), 0);
        tui_text(t, r.y + 1 + i, r.x + 3, r.w - 4, slot, cpt_section_name(c, s), 0);
    }
}

static void store_line(const struct ckpt *ck, size_t i, char *buf, size_t cap)
{
    const struct ckpt_store *s = &ck->stores[i];
    const struct mm_store *m = s->map_index >= 0 ? &ck->map.stores[s->map_index] : NULL;
    char size[32], range[64] = "range unknown";
    size_format(s->have_size ? s->range_size : 0, size, sizeof size);
    if (m)
        snprintf(range, sizeof range, "0x%" PRIx64 "-0x%" PRIx64, m->start, m->end - 1);
    snprintf(buf, cap, "%-2u %-22.22s %8s %-6s %-23s %s", s->section, m ? m->name : "?",
             size, m && m->role == MM_ROLE_REMOTE ? "remote" : "", range,
             s->filename ? s->filename : "(no file)");
}

static void draw_stores(const struct tui *t, const struct inspect *in, struct tui_rect r)
{
    char line[512];
    tui_box(t, r, "Stores", NULL);
    tui_text(t, r.y + 1, r.x + 2, r.w - 4, THEME_DIM,
             "#  memory                     size role   range                   file",
             0);
    for (int i = 0; i < r.h - 3 && in->store_top + (size_t)i < in->ck->nstores; i++) {
        size_t s = in->store_top + (size_t)i;
        int sel = s == in->store, slot = sel && in->pane == 1 ? THEME_SELECTED : THEME_NORMAL;
        store_line(in->ck, s, line, sizeof line);
        tui_fill(r.y + 2 + i, r.x + 1, r.w - 2, slot);
        tui_text(t, r.y + 2 + i, r.x + 2, r.w - 4, slot, line, 0);
    }
}

static void draw_keys(const struct tui *t, const struct inspect *in, struct tui_rect r)
{
    const struct cpt *c = in->ck->cpt;
    size_t n = cpt_section_count(c) ? cpt_entry_count(c, in->sec) : 0;
    char title[160], note[48], line[1024];
    snprintf(title, sizeof title, "[%s]", n || cpt_section_count(c) ?
             cpt_section_name(c, in->sec) : "");
    snprintf(note, sizeof note, "%zu keys, line %zu", n,
             cpt_section_count(c) ? cpt_section_line(c, in->sec) : 0);
    tui_box(t, r, title, note);
    for (int i = 0; i < r.h - 2 && in->key_top + (size_t)i < n; i++) {
        size_t k = in->key_top + (size_t)i;
        snprintf(line, sizeof line, "%s=%s", cpt_entry_key(c, in->sec, k),
                 cpt_entry_value(c, in->sec, k));
        tui_text(t, r.y + 1 + i, r.x + 2, r.w - 4, THEME_NORMAL, line, 0);
    }
}

static void inspect_draw(struct tui *t, const void *priv, struct tui_rect body)
{
    const struct inspect *in = priv;
    struct panes p = panes_of(in, body);
    draw_header(t, in, body);
    draw_sections(t, in, p.sections);
    draw_stores(t, in, p.stores);
    draw_keys(t, in, p.keys);
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
};

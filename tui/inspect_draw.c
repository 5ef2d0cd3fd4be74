/* Drawing the inspector's summary line, section tree, stores and keys panes. */
#include "tui/inspect_impl.h"
#include "tui/theme.h"

#include "core/checkpoint/checkpoint.h"
#include "core/checkpoint/cpt.h"
#include "core/util/size.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

void ins_move_sel(size_t *sel, size_t *top, size_t n, long delta, int rows)
{
    long s = (long)*sel + delta;
    s = s < 0 ? 0 : s >= (long)n ? (long)n - 1 : s;
    *sel = s < 0 ? 0 : (size_t)s;
    if (*sel < *top)
        *top = *sel;
    if (*sel >= *top + (size_t)rows)
        *top = *sel - (size_t)rows + 1;
}

/* The slot of a row: selected in the focused pane, dimmed in the others. */
static int row_slot(const struct inspect *in, enum ins_pane pane, int selected)
{
    return !selected ? THEME_NORMAL : in->pane == pane ? THEME_SELECTED : THEME_DIM;
}

void ins_draw_header(const struct tui *t, const struct inspect *in, struct tui_rect b)
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

void ins_draw_tree(const struct tui *t, const struct inspect *in, struct tui_rect r)
{
    char note[32], line[600];
    snprintf(note, sizeof note, "%zu of %zu", in->nvis ? in->row + 1 : 0, in->nvis);
    tui_box(t, r, "Sections", note);
    int ascii = tui_ascii(t);
    for (int i = 0; i < r.h - 2 && in->row_top + (size_t)i < in->nvis; i++) {
        size_t row = in->row_top + (size_t)i, k = in->vis[row];
        const struct ins_node *n = &in->nodes[k];
        int sel = row == in->row, slot = row_slot(in, INS_TREE, sel), y = r.y + 1 + i;
        const char *sign = n->end == k + 1 ? " " : n->open ? (ascii ? "-" : "▾")
                                                           : (ascii ? "+" : "▸");
        tui_fill(y, r.x + 1, r.w - 2, slot);
        if (sel)
            tui_text(t, y, r.x + 1, 1, slot, tui_marker(t), 0);
        int indent = 2 * n->depth < r.w / 2 ? 2 * n->depth : r.w / 2;
        snprintf(line, sizeof line, "%*s%s %s", indent, "", sign, n->label);
        tui_text(t, y, r.x + 3, r.w - 4, slot, line, 0);
    }
}

/* A memory's name in w columns: when too long, its first part and as many of its last
 * parts as fit ("board.…non_trusted_sram"), so that rows stay told apart. */
static void short_name(const struct tui *t, const char *name, int w, char *buf, size_t cap)
{
    int len = (int)strlen(name);
    const char *dot = strchr(name, '.'), *ell = tui_ascii(t) ? "~" : "…";
    snprintf(buf, cap, "%s", name);
    if (len <= w || !dot)
        return;
    int head = (int)(dot - name) + 1;
    for (const char *p = dot; p; p = strchr(p + 1, '.'))
        if (head + 1 + (int)strlen(p + 1) <= w) {
            snprintf(buf, cap, "%.*s%s%s", head, name, ell, p + 1);
            return;
        }
}

/* Columns of a name: its characters (names are ASCII but for the ellipsis). */
static int columns(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xc0) != 0x80;
    return n;
}

/* Column width of the memory names: the longest, within what the pane leaves. */
static int name_width(const struct ckpt *ck, int avail)
{
    int w = 1;
    for (size_t i = 0; i < ck->nstores; i++) {
        long m = ck->stores[i].map_index;
        int len = m >= 0 ? (int)strlen(ck->map.stores[m].name) : 1;
        w = len > w ? len : w;
    }
    avail -= 43;   /* "#  " and the size, role and range columns */
    return w < avail ? w : avail > 12 ? avail : 12;
}

/* One store's row; the file name only when it fits whole (it repeats the section). */
static void store_line(const struct tui *t, const struct ckpt *ck, size_t i, int namew,
                       int width, char *buf, size_t cap)
{
    const struct ckpt_store *s = &ck->stores[i];
    const struct mm_store *m = s->map_index >= 0 ? &ck->map.stores[s->map_index] : NULL;
    char size[32], range[64] = "range unknown", name[256];
    size_format(s->have_size ? s->range_size : 0, size, sizeof size);
    if (m)
        snprintf(range, sizeof range, "0x%" PRIx64 "-0x%" PRIx64, m->start, m->end - 1);
    short_name(t, m ? m->name : "?", namew, name, sizeof name);
    int pad = namew - columns(name);
    int n = snprintf(buf, cap, "%-2u %s%*s %8s %-6s %-23s", s->section, name,
                     pad > 0 ? pad : 0, "", size, m && m->role == MM_ROLE_REMOTE ? "remote" : "",
                     range);
    const char *file = s->filename ? s->filename : "(no file)";
    if (n > 0 && (size_t)n < cap && n + 1 + (int)strlen(file) <= width)
        snprintf(buf + n, cap - (size_t)n, " %s", file);
}

void ins_draw_stores(const struct tui *t, const struct inspect *in, struct tui_rect r)
{
    char line[512], note[32];
    snprintf(note, sizeof note, "store %zu of %zu", in->ck->nstores ? in->store + 1 : 0,
             in->ck->nstores);
    tui_box(t, r, "Stores", note);
    int namew = name_width(in->ck, r.w - 4);
    int n = snprintf(line, sizeof line, "#  %-*s     size role   range", namew, "memory");
    if (n + 20 + 26 <= r.w - 4)
        snprintf(line + n, sizeof line - (size_t)n, "                   file");
    tui_text(t, r.y + 1, r.x + 2, r.w - 4, THEME_DIM, line, 0);
    for (int i = 0; i < r.h - 3 && in->store_top + (size_t)i < in->ck->nstores; i++) {
        size_t s = in->store_top + (size_t)i;
        int sel = s == in->store, slot = row_slot(in, INS_STORES, sel), y = r.y + 2 + i;
        store_line(t, in->ck, s, namew, r.w - 4, line, sizeof line);
        tui_fill(y, r.x + 1, r.w - 2, slot);
        if (sel)
            tui_text(t, y, r.x + 1, 1, slot, tui_marker(t), 0);
        tui_text(t, y, r.x + 2, r.w - 4, slot, line, 0);
    }
}

/* A group: the sections below it, as a hint of what opening it shows. */
static void draw_group(const struct tui *t, const struct inspect *in, struct tui_rect r,
                       const struct ins_node *n)
{
    char title[600], note[48];
    size_t k = (size_t)(n - in->nodes), count = 0;
    for (size_t i = k + 1; i < n->end; i++)
        count += in->nodes[i].sec >= 0;
    snprintf(title, sizeof title, "[%s]", n->path);
    snprintf(note, sizeof note, "group of %zu sections", count);
    tui_box(t, r, title, note);
    int row = 0;
    for (size_t i = k + 1; i < n->end && row < r.h - 2; i++)
        if (in->nodes[i].sec >= 0)
            tui_text(t, r.y + 1 + row++, r.x + 2, r.w - 4, THEME_DIM,
                     cpt_section_name(in->ck->cpt, (size_t)in->nodes[i].sec), 0);
}

void ins_draw_keys(const struct tui *t, const struct inspect *in, struct tui_rect r)
{
    const struct cpt *c = in->ck->cpt;
    const struct ins_node *n = ins_tree_sel(in);
    if (n && n->sec < 0) {
        draw_group(t, in, r, n);
        return;
    }
    size_t sec = n ? (size_t)n->sec : 0, count = n ? cpt_entry_count(c, sec) : 0;
    char title[600], note[64], line[1024];
    snprintf(title, sizeof title, "[%s]", n ? n->path : "");
    snprintf(note, sizeof note, "%zu keys, line %zu", count, n ? cpt_section_line(c, sec) : 0);
    tui_box(t, r, title, note);
    for (int i = 0; i < r.h - 2 && in->key_top + (size_t)i < count; i++) {
        size_t k = in->key_top + (size_t)i;
        int sel = k == in->key && in->pane == INS_KEYS, y = r.y + 1 + i;
        int slot = sel ? THEME_SELECTED : THEME_NORMAL;
        snprintf(line, sizeof line, "%s=%s", cpt_entry_key(c, sec, k),
                 cpt_entry_value(c, sec, k));
        tui_fill(y, r.x + 1, r.w - 2, slot);
        if (sel)
            tui_text(t, y, r.x + 1, 1, slot, tui_marker(t), 0);
        tui_text(t, y, r.x + 2, r.w - 4, slot, line, 0);
    }
}

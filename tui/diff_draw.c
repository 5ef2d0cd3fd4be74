/* Drawing the diff view: the two checkpoints and the progress at the top, the list of
 * differences, and the selected one in detail (a range with both sides' bytes). */
#include "tui/diff_impl.h"
#include "tui/theme.h"

#include "core/checkpoint/checkpoint.h"
#include "core/checkpoint/ckpt_mem.h"
#include "core/util/size.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define DETAIL_H 9

struct layout {
    struct tui_rect head, list, detail;
};

static struct layout layout_of(struct tui_rect b)
{
    int list_h = b.h - 3 - DETAIL_H;
    return (struct layout){ { b.y, b.x, 3, b.w }, { b.y + 3, b.x, list_h, b.w },
                            { b.y + 3 + list_h, b.x, DETAIL_H, b.w } };
}

static const struct mm_store *mapped(const struct ckpt *ck, size_t store)
{
    long mi = store < ck->nstores ? ck->stores[store].map_index : -1;
    return mi >= 0 && (size_t)mi < ck->map.nstores ? &ck->map.stores[mi] : NULL;
}

static const char *memory_name(const struct diffv *v, size_t store)
{
    const struct mm_store *m = mapped(v->ck, store);
    if (!m && v->other)
        m = mapped(v->other, store);
    return m ? m->name : "";
}

/* The memory column: as wide as the longest name, within reason. */
static int name_width(const struct diffv *v)
{
    size_t w = 6;
    for (size_t i = 0; i < v->job->nstores; i++)
        if (strlen(memory_name(v, i)) > w)
            w = strlen(memory_name(v, i));
    return w > 40 ? 40 : (int)w;
}

static const char *ellipsis(const struct tui *t)
{
    return tui_ascii(t) ? "..." : "\u2026";
}

static void side_line(const struct tui *t, const char *label, const struct ckpt *ck,
                      const struct ckpt *than, int y, struct tui_rect b)
{
    char line[1200];
    bool differs = ck->have_tick != than->have_tick || ck->tick != than->tick;
    snprintf(line, sizeof line, "%-6s %s   tick %" PRIu64 "%s   %zu stores", label, ck->dir,
             ck->have_tick ? ck->tick : 0, differs ? " (differs)" : "", ck->nstores);
    tui_text(t, y, b.x + 1, b.w - 2, THEME_NORMAL, line, 1);
}

struct totals {
    size_t differ, errors, pairs;
    uint64_t ranges, bytes;
};

static struct totals totals_of(const struct diffv *v)
{
    struct totals s = { .pairs = v->job->nstores };
    for (size_t i = 0; i < v->job->nstores; i++) {
        const struct dstore *d = &v->stores[i];
        s.differ += d->state == DS_DIFF || d->state == DS_MISSING;
        s.errors += d->state == DS_ERROR;
        s.ranges += d->ranges;
        s.bytes += d->bytes;
    }
    return s;
}

static void status_line(const struct tui *t, const struct diffv *v, int y, struct tui_rect b)
{
    char line[ERR_LEN + 128], cpt[64];
    if (v->error[0]) {
        snprintf(line, sizeof line, "could not compare the stores: %s", v->error);
        tui_text(t, y, b.x + 1, b.w - 2, THEME_ERROR, line, 1);
        return;
    }
    if (!v->finished) {
        char pct[16] = "";
        if (v->total)
            snprintf(pct, sizeof pct, " %" PRIu64 "%%", v->done * 100 / v->total);
        snprintf(line, sizeof line, "comparing store%zu%s%s (%s)", v->cur, ellipsis(t), pct,
                 v->step);
        tui_text(t, y, b.x + 1, b.w - 2, THEME_WARNING, line, 1);
        return;
    }
    struct totals s = totals_of(v);
    snprintf(cpt, sizeof cpt, v->cpt.total ? "%zu difference%s" : "identical", v->cpt.total,
             v->cpt.total == 1 ? "" : "s");
    snprintf(line, sizeof line, "done: %" PRIu64 " range%s (%" PRIu64 " bytes) differ in %zu of "
             "%zu stores%s; m5.cpt: %s", s.ranges, s.ranges == 1 ? "" : "s", s.bytes, s.differ,
             s.pairs, s.errors ? " (some could not be compared)" : "", cpt);
    bool same = !s.differ && !s.errors && !v->cpt.total;
    tui_text(t, y, b.x + 1, b.w - 2, same ? THEME_OK : THEME_NORMAL, line, 1);
}

static void draw_head(const struct tui *t, const struct diffv *v, struct tui_rect r)
{
    side_line(t, "this", v->ck, v->other, r.y, r);
    side_line(t, "other", v->other, v->ck, r.y + 1, r);
    status_line(t, v, r.y + 2, r);
}

static void cpt_text(const struct tui *t, const struct cpt_diff_change *c, char *buf, size_t cap)
{
    const char *arrow = tui_ascii(t) ? "->" : "\u2192";
    if (!c->key)
        snprintf(buf, cap, "  %c [%s] section only %s", c->kind, c->sec,
                 c->kind == '+' ? "in the other" : "here");
    else if (c->kind == '~')
        snprintf(buf, cap, "  ~ [%s] %s: %s %s %s", c->sec, c->key, c->old, arrow, c->new_);
    else
        snprintf(buf, cap, "  %c [%s] %s=%s (only %s)", c->kind, c->sec, c->key,
                 c->kind == '+' ? c->new_ : c->old, c->kind == '+' ? "in the other" : "here");
}

static void state_text(const struct tui *t, const struct diffv *v, size_t s, char *buf,
                       size_t cap)
{
    const struct dstore *d = &v->stores[s];
    switch (d->state) {
    case DS_WAIT:  snprintf(buf, cap, "waiting"); break;
    case DS_RUN:   snprintf(buf, cap, "comparing%s", ellipsis(t)); break;
    case DS_SAME:  snprintf(buf, cap, "identical files"); break;
    case DS_EQUAL: snprintf(buf, cap, "same contents"); break;
    case DS_DIFF:
        if (d->ranges == 0)
            snprintf(buf, cap, "sizes differ; the common part is equal");
        else
            snprintf(buf, cap, "%" PRIu64 " range%s, %" PRIu64 " %s%s", d->ranges,
                     d->ranges == 1 ? "" : "s", d->bytes, d->bytes == 1 ? "byte differs"
                     : "bytes differ", diff_size_finding(d) ? "; sizes differ" : "");
        break;
    case DS_MISSING: snprintf(buf, cap, "%s", d->note); break;
    case DS_ERROR:   snprintf(buf, cap, "cannot compare: %s", d->note); break;
    }
}

static int row_text(const struct tui *t, const struct diffv *v, const struct drow *r,
                    char *buf, size_t cap)
{
    char a[32], b[32], st[ERR_LEN + 32];
    switch (r->kind) {
    case ROW_CPT_HEAD:
        snprintf(buf, cap, v->cpt.total ? "m5.cpt: %zu difference%s" : "m5.cpt: identical",
                 v->cpt.total, v->cpt.total == 1 ? "" : "s");
        return THEME_HEADING;
    case ROW_CPT:
        cpt_text(t, &v->cpt.v[r->i], buf, cap);
        return THEME_NORMAL;
    case ROW_STORE: {
        const struct dstore *d = &v->stores[r->i];
        state_text(t, v, r->i, st, sizeof st);
        snprintf(buf, cap, "store%-3zu %-*s  %-9s %s", r->i, name_width(v), memory_name(v, r->i),
                 d->have_sizes ? size_format(d->size_a, a, sizeof a) : "", st);
        return d->state == DS_ERROR ? THEME_ERROR : d->state == DS_WAIT ? THEME_DIM
                                                                        : THEME_HEADING;
    }
    case ROW_SIZE: {
        const struct dstore *d = &v->stores[r->i];
        snprintf(buf, cap, "  size differs: %s here, %s in the other (the first %s compared)",
                 size_format(d->size_a, a, sizeof a), size_format(d->size_b, b, sizeof b),
                 d->size_a < d->size_b ? a : b);
        return THEME_WARNING;
    }
    case ROW_RANGE: {
        const struct drange *d = &v->ranges[r->i];
        const struct mm_store *m = mapped(v->ck, d->store);
        uint64_t at = m ? m->start + d->off : d->off;
        snprintf(buf, cap, "  0x%" PRIx64 "-0x%" PRIx64 "  store%zu+0x%" PRIx64 "  %" PRIu64
                 " byte%s", at, at + d->len - 1, d->store, d->off, d->len,
                 d->len == 1 ? "" : "s");
        return THEME_NORMAL;
    }
    case ROW_MORE:
        snprintf(buf, cap, "  %s %" PRIu64 " more ranges not listed (the first %d are kept)",
                 ellipsis(t), v->stores[r->i].ranges, MAX_RANGES);
        return THEME_DIM;
    }
    return THEME_NORMAL;
}

/* Which change the selection is (1-based) and how many there are. */
static void change_count(const struct diffv *v, size_t *index, size_t *total)
{
    *index = *total = 0;
    for (size_t i = 0; i < v->nrows; i++)
        if (diff_selectable(v, &v->rows[i])) {
            (*total)++;
            if (i == v->sel)
                *index = *total;
        }
}

static void draw_list(const struct tui *t, const struct diffv *v, struct tui_rect r)
{
    char note[64], line[2048];
    size_t index, total;
    change_count(v, &index, &total);
    snprintf(note, sizeof note, "change %zu of %zu", index, total);
    tui_box(t, r, "Differences", note);
    for (int i = 0; i < r.h - 2 && v->top + (size_t)i < v->nrows; i++) {
        size_t k = v->top + (size_t)i;
        int slot = row_text(t, v, &v->rows[k], line, sizeof line);
        bool sel = k == v->sel;
        if (sel)
            slot = THEME_SELECTED;
        tui_fill(r.y + 1 + i, r.x + 1, r.w - 2, slot);
        if (sel)
            tui_text(t, r.y + 1 + i, r.x + 1, 1, slot, tui_marker(t), 0);
        tui_text(t, r.y + 1 + i, r.x + 2, r.w - 3, slot, line, 0);
    }
}

/* Draws text over the rows from y on, wrapped at the box's width; returns the next row. */
static int draw_wrapped(const struct tui *t, struct tui_rect r, int y, int slot,
                        const char *text)
{
    int w = r.w - 4;
    while (*text && y < r.y + r.h - 1) {
        size_t n = tui_wrap(text, w);
        char part[1024];
        snprintf(part, sizeof part, "%.*s", (int)(n < sizeof part ? n : sizeof part - 1), text);
        tui_text(t, y++, r.x + 2, w, slot, part, 0);
        for (text += n; *text == ' '; text++)
            ;
    }
    return y;
}

/* Eight bytes of one side, '*' and the warning colour on those that differ. */
static int draw_bytes(const struct tui *t, int y, int x, const uint8_t *p, const uint8_t *q,
                      size_t from, size_t n, bool ascii_col)
{
    char text[10] = "        ";
    for (size_t k = 0; k < 8; k++) {
        size_t i = from + k;
        char cell[8] = "   ";
        bool differs = i < n && p[i] != q[i];
        if (i < n) {
            snprintf(cell, sizeof cell, "%c%02x", differs ? '*' : ' ', p[i]);
            text[k] = p[i] >= 32 && p[i] < 127 ? (char)p[i] : '.';
        }
        tui_text(t, y, x + 3 * (int)k, 3, differs ? THEME_WARNING : THEME_NORMAL, cell, 0);
    }
    x += 24;
    if (ascii_col)
        tui_text(t, y, x + 1, 8, THEME_DIM, text, 0);
    return x + (ascii_col ? 9 : 0);
}

static void draw_preview(const struct tui *t, const struct diffv *v, const struct drange *d,
                         struct tui_rect r, int y)
{
    bool ascii_col = r.w - 4 >= 86;
    const struct mm_store *m = mapped(v->ck, d->store);
    const char *bar = tui_ascii(t) ? " | " : " \u2502 ";
    int half = 24 + (ascii_col ? 9 : 0);
    tui_text(t, y, r.x + 2, 16, THEME_DIM, m ? "address" : "offset", 0);
    tui_text(t, y, r.x + 19, half, THEME_DIM, "this checkpoint", 0);
    tui_text(t, y++, r.x + 19 + half + 2, half, THEME_DIM, "the other", 0);
    for (size_t row = 0; row * 8 < d->n && y < r.y + r.h - 1; row++, y++) {
        char at[32];
        uint64_t off = d->base + row * 8;
        snprintf(at, sizeof at, "0x%" PRIx64, m ? m->start + off : off);
        tui_text(t, y, r.x + 2, 16, THEME_DIM, at, 0);
        int x = draw_bytes(t, y, r.x + 18, d->a, d->b, row * 8, d->n, ascii_col);
        tui_text(t, y, x, 3, THEME_BORDER, bar, 0);
        draw_bytes(t, y, x + 2, d->b, d->a, row * 8, d->n, ascii_col);
    }
}

static void detail_range(const struct tui *t, const struct diffv *v, const struct drange *d,
                         struct tui_rect r)
{
    struct ckpt_loc loc;
    char where[512], line[700], err[ERR_LEN];
    if (ckpt_mem_locate(v->ck, (long)d->store, d->off, 1, &loc, err) == 0)
        ckpt_loc_text(&loc, where, sizeof where);
    else
        snprintf(where, sizeof where, "store%zu+0x%" PRIx64, d->store, d->off);
    snprintf(line, sizeof line, "at %s", where);
    tui_text(t, r.y + 1, r.x + 2, r.w - 4, THEME_NORMAL, line, 0);
    snprintf(line, sizeof line, "%" PRIu64 " %s (store offsets 0x%" PRIx64 "-0x%" PRIx64
             ")   Enter: hex view here   o: in the other", d->len,
             d->len == 1 ? "byte differs" : "bytes differ", d->off, d->off + d->len - 1);
    tui_text(t, r.y + 2, r.x + 2, r.w - 4, THEME_NORMAL, line, 0);
    draw_preview(t, v, d, r, r.y + 3);
}

static void detail_cpt(const struct tui *t, const struct cpt_diff_change *c, struct tui_rect r)
{
    char line[4096];
    int y = r.y + 1;
    snprintf(line, sizeof line, "section [%s]%s%s", c->sec, c->key ? ", key " : "",
             c->key ? c->key : "");
    y = draw_wrapped(t, r, y, THEME_HEADING, line);
    if (!c->key) {
        draw_wrapped(t, r, y, THEME_NORMAL, c->kind == '+' ? "only in the other checkpoint"
                                                           : "only in this checkpoint");
        return;
    }
    snprintf(line, sizeof line, "here:  %s", c->old ? c->old : "(no such key)");
    y = draw_wrapped(t, r, y, THEME_NORMAL, line);
    snprintf(line, sizeof line, "other: %s", c->new_ ? c->new_ : "(no such key)");
    draw_wrapped(t, r, y, THEME_NORMAL, line);
}

static void detail_store(const struct tui *t, const struct diffv *v, const struct drow *row,
                         struct tui_rect r)
{
    const struct dstore *d = &v->stores[row->i];
    char line[ERR_LEN + 400], a[32], b[32];
    if (row->kind == ROW_SIZE)
        snprintf(line, sizeof line, "store%zu decodes to %s here and %s in the other; only the "
                 "first %s were compared. gem5 restores a store only at the size its config "
                 "gives the memory (gem5wb cpt resize-store changes a store's size).", row->i,
                 size_format(d->size_a, a, sizeof a), size_format(d->size_b, b, sizeof b),
                 d->size_a < d->size_b ? a : b);
    else
        snprintf(line, sizeof line, "store%zu: %s", row->i, d->note);
    draw_wrapped(t, r, r.y + 1, d->state == DS_ERROR ? THEME_ERROR : THEME_NORMAL, line);
}

static void draw_detail(const struct tui *t, const struct diffv *v, struct tui_rect r)
{
    tui_box(t, r, "Selected", NULL);
    if (v->sel == SIZE_MAX || v->sel >= v->nrows) {
        draw_wrapped(t, r, r.y + 1, THEME_DIM, v->finished
                     ? "No differences to show." : "Differences appear here as they are found.");
        return;
    }
    const struct drow *row = &v->rows[v->sel];
    if (row->kind == ROW_RANGE)
        detail_range(t, v, &v->ranges[row->i], r);
    else if (row->kind == ROW_CPT)
        detail_cpt(t, &v->cpt.v[row->i], r);
    else
        detail_store(t, v, row, r);
}

void diff_draw(struct tui *t, const void *priv, struct tui_rect body)
{
    const struct diffv *v = priv;
    struct layout l = layout_of(body);
    if (!v->job)
        return;
    draw_head(t, v, l.head);
    draw_list(t, v, l.list);
    draw_detail(t, v, l.detail);
}

int diff_list_rows(struct tui_rect body)
{
    return layout_of(body).list.h - 2;
}

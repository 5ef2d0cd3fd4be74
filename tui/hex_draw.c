/* Drawing the hex view: a header naming the store, a line about the cursor, then rows of
 * address | 16 bytes | ASCII with the cursor, changed bytes and the last match marked. */
#include "tui/hex_impl.h"
#include "tui/theme.h"

#include "core/util/size.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* What the view is busy with, for the header's right end ("" when idle). */
static void status_text(const struct hex *h, char *buf, size_t len)
{
    buf[0] = '\0';
    if (h->commit.running) {
        uint64_t done = atomic_load(&h->commit.done), total = atomic_load(&h->commit.total);
        snprintf(buf, len, "committing %d%%", total ? (int)(done * 100 / total) : 0);
    } else if (h->find.on && h->decode_pct >= 0) {
        snprintf(buf, len, "searching: decoding %d%%", h->decode_pct);
    } else if (h->find.on) {
        uint64_t span = h->size ? h->size : 1, at = h->find.pos;
        int pct = (int)((h->find.backward ? span - at : at) * 100 / span);
        snprintf(buf, len, "searching%s %d%% (Esc stops)", h->find.wrapped ? " (wrapped)" : "",
                 pct);
    } else if (h->decode_pct >= 0) {
        snprintf(buf, len, "decoding %d%%", h->decode_pct);
    }
}

static void draw_header(const struct tui *t, const struct hex *h, struct tui_rect b)
{
    const struct ckpt_store *s = &h->ck->stores[h->store];
    const struct mm_store *m = s->map_index >= 0 ? &h->ck->map.stores[s->map_index] : NULL;
    char name[32], range[80], size[32], line[1024];
    snprintf(name, sizeof name, "store%u", s->section);
    if (h->have_addr)
        snprintf(range, sizeof range, "0x%" PRIx64 "-0x%" PRIx64, h->base,
                 h->base + (h->size ? h->size - 1 : 0));
    else
        snprintf(range, sizeof range, "offsets 0x0-0x%" PRIx64 " (%s)", h->size ? h->size - 1 : 0,
                 h->ck->map.known ? "not in the address map" : "no config: addresses unknown");
    snprintf(line, sizeof line, "%s   %s   %s   %s", m ? m->name : "(memory unknown)", range,
             size_format(h->size, size, sizeof size), hex_store_file(h));
    int nw = (int)strlen(name);
    tui_fill(b.y, b.x, b.w, THEME_NORMAL);
    tui_text(t, b.y, b.x + 1, nw, THEME_HEADING, name, 0);
    tui_text(t, b.y, b.x + nw + 4, b.w - nw - 5, THEME_NORMAL, line, 0);
}

/* "cursor 0x80001000 (store8+0x1000, board.local_memory)  0x41 'A' 65  was 0x00" */
static void draw_cursor_line(const struct tui *t, const struct hex *h, struct tui_rect b)
{
    char at[512], err[ERR_LEN], line[768] = "";
    struct ckpt_loc loc;
    if (ckpt_mem_locate(h->ck, (long)h->store, h->cur, 1, &loc, err) == 0)
        ckpt_loc_text(&loc, at, sizeof at);
    else
        snprintf(at, sizeof at, "store%zu+0x%" PRIx64, h->store, h->cur);
    size_t i = (size_t)(h->cur - h->top);
    if (h->win_ok && h->cur >= h->top && i < h->win_len) {
        uint8_t v = h->win[i];
        char c[8] = "";
        if (v >= 0x20 && v < 0x7f)
            snprintf(c, sizeof c, " '%c'", v);
        snprintf(line, sizeof line, "   0x%02x%s %u", v, c, v);
        if (h->win_changed[i])
            snprintf(line + strlen(line), sizeof line - strlen(line), "   was 0x%02x",
                     h->win_orig[i]);
    }
    tui_fill(b.y + 1, b.x, b.w, THEME_NORMAL);
    tui_text(t, b.y + 1, b.x + 1, 7, THEME_DIM, "cursor", 0);
    int x = b.x + 8;
    x += tui_text(t, b.y + 1, x, b.w - 9, THEME_NORMAL, at, 0);
    tui_text(t, b.y + 1, x, b.x + b.w - 1 - x, THEME_NORMAL, line, 0);
}

/* The mode and the pending changes at the left, what the view is busy with at the right. */
static void draw_status(const struct tui *t, const struct hex *h, struct tui_rect b)
{
    char left[256] = "", busy[96];
    int y = b.y + 2, x = b.x + 1;
    tui_fill(y, b.x, b.w, THEME_NORMAL);
    status_text(h, busy, sizeof busy);
    int bw = (int)strlen(busy), room = b.w - bw - 3;
    if (h->edit) {
        x += tui_text(t, y, x, room, THEME_WARNING, "EDIT", 0) + 1;
        x += tui_text(t, y, x, b.x + room - x, THEME_NORMAL, h->low ? "low nibble next"
                                                                    : "hex digits overwrite",
                      0) + 3;
    }
    if (h->changed)
        snprintf(left, sizeof left, "%" PRIu64 " byte%s changed in %zu range%s, not committed "
                 "(w commits, u undoes)", h->changed, h->changed == 1 ? "" : "s", h->nranges,
                 h->nranges == 1 ? "" : "s");
    else
        snprintf(left, sizeof left, "no changes%s", h->edit ? "" : " (i edits)");
    tui_text(t, y, x, b.x + room - x, h->changed ? THEME_WARNING : THEME_DIM, left, 0);
    if (bw)
        tui_text(t, y, b.x + b.w - bw - 1, bw, THEME_WARNING, busy, 0);
}

/* Column of byte i of a row, from the hex area's start. */
static int byte_x(int i)
{
    return 3 * i + (i >= 8);
}

static void draw_columns(const struct tui *t, const struct hex *h, struct tui_rect b, int hx)
{
    char buf[8];
    int y = b.y + 3;
    tui_fill(y, b.x, b.w, THEME_NORMAL);
    tui_text(t, y, b.x + 1, h->addr_w, THEME_DIM, h->have_addr ? "address" : "offset", 0);
    for (int i = 0; i < HEX_COLS; i++) {
        snprintf(buf, sizeof buf, "%02x", i);
        tui_text(t, y, hx + byte_x(i), 2, THEME_DIM, buf, 0);
    }
    tui_text(t, y, hx + 51, b.x + b.w - hx - 51, THEME_DIM, "0123456789abcdef", 0);
}

static int byte_slot(const struct hex *h, uint64_t off, size_t i)
{
    if (off == h->cur)
        return THEME_SELECTED;
    if (h->win_changed[i])
        return THEME_WARNING;
    if (h->have_match && off >= h->match && off - h->match < h->pat_len)
        return THEME_OK;
    return h->win[i] ? THEME_NORMAL : THEME_DIM;
}

static void draw_row(const struct tui *t, const struct hex *h, int y, uint64_t off,
                     struct tui_rect b, int hx)
{
    const char *bar = tui_ascii(t) ? "|" : "\u2502";
    char buf[32];
    int aw = b.x + b.w - hx - 51;   /* room for the ASCII column */
    snprintf(buf, sizeof buf, "%0*" PRIx64, h->addr_w, (h->have_addr ? h->base : 0) + off);
    tui_text(t, y, b.x + 1, h->addr_w, off / HEX_COLS == h->cur / HEX_COLS ? THEME_HEADING
                                                                          : THEME_NORMAL,
             buf, 0);
    tui_text(t, y, hx - 2, 1, THEME_BORDER, bar, 0);
    tui_text(t, y, hx + 49, 1, THEME_BORDER, bar, 0);
    bool marked = false;
    for (int i = 0; i < HEX_COLS && off + (uint64_t)i < h->size; i++) {
        size_t k = (size_t)(off - h->top) + (size_t)i;
        if (!h->win_ok || k >= h->win_len) {   /* still decoding there */
            tui_text(t, y, hx + byte_x(i), 2, THEME_DIM, tui_ascii(t) ? ".." : "\u00b7\u00b7", 0);
            continue;
        }
        int slot = byte_slot(h, off + (uint64_t)i, k);
        uint8_t v = h->win[k];
        marked |= h->win_changed[k];
        snprintf(buf, sizeof buf, "%02x", v);
        tui_text(t, y, hx + byte_x(i), 2, slot, buf, 0);
        snprintf(buf, sizeof buf, "%c", v >= 0x20 && v < 0x7f ? v : '.');
        if (i < aw)
            tui_text(t, y, hx + 51 + i, 1, slot, buf, 0);
    }
    if (marked)   /* not by colour alone: the row is starred */
        tui_text(t, y, b.x, 1, THEME_WARNING, "*", 0);
}

void hex_draw(struct tui *t, const void *priv, struct tui_rect b)
{
    const struct hex *h = priv;
    int hx = b.x + 1 + h->addr_w + 3;
    draw_header(t, h, b);
    draw_cursor_line(t, h, b);
    draw_status(t, h, b);
    draw_columns(t, h, b, hx);
    for (int r = 0; r < h->rows && r + HEX_TOP < b.h; r++) {
        uint64_t off = h->top + (uint64_t)r * HEX_COLS;
        int y = b.y + HEX_TOP + r;
        tui_fill(y, b.x, b.w, THEME_NORMAL);
        if (r == 0 && h->win_err[0])
            tui_text(t, y, b.x + 1, b.w - 2, THEME_ERROR, h->win_err, 0);
        else if (off < h->size && !h->win_err[0])
            draw_row(t, h, y, off, b, hx);
    }
}

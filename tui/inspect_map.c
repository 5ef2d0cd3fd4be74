/* The inspector's memory map: the selected store as cells shaded by their share of
 * non-zero pages, from a page map the store's background decode (or its cache) gives. */
#include "tui/inspect_impl.h"
#include "tui/theme.h"

#include "core/checkpoint/checkpoint.h"
#include "core/checkpoint/ckpt_mem.h"
#include "core/pmem/pmem.h"
#include "core/util/err.h"
#include "core/util/size.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pmem *ins_pmem_get(struct inspect *in, size_t store, char *err)
{
    if (store >= in->ck->nstores) {
        err_set(err, "%s has no store %zu", in->dir, store);
        return NULL;
    }
    if (!in->pm) {
        if (!(in->pm = calloc(in->ck->nstores, sizeof *in->pm))) {
            err_set(err, "out of memory opening the stores of %s", in->dir);
            return NULL;
        }
        in->npm = in->ck->nstores;
    }
    if (!in->pm[store] && ckpt_mem_open(in->ck, store, &in->pm[store], err) != 0)
        return NULL;
    return in->pm[store];
}

void ins_map_close_all(struct inspect *in)
{
    for (size_t i = 0; i < in->npm; i++)
        pmem_close(in->pm[i]);
    free(in->pm);
    in->pm = NULL;
    in->npm = 0;
    free(in->map.shade);
    in->map.shade = NULL;
    in->map.ready = in->map.failed = false;
    in->map.store = (size_t)-1;
}

void ins_map_layout(struct inspect *in, struct tui_rect r)
{
    size_t cols = r.w > 6 ? (size_t)(r.w - 4) : 1, rows = r.h > 3 ? (size_t)(r.h - 2) : 1;
    if (cols != in->map.cols || rows != in->map.rows) {
        in->map.cols = cols;
        in->map.rows = rows;
        in->map.ready = false;   /* cells are sized for the pane: count them again */
    }
}

/* Non-zero pages among [from, to). */
static uint64_t count_bits(const uint64_t *bits, uint64_t from, uint64_t to)
{
    uint64_t n = 0, p = from;
    for (; p < to && p % 64; p++)
        n += (bits[p / 64] >> (p % 64)) & 1;
    for (; p + 64 <= to; p += 64)
        n += (uint64_t)__builtin_popcountll(bits[p / 64]);
    for (; p < to; p++)
        n += (bits[p / 64] >> (p % 64)) & 1;
    return n;
}

static uint8_t level_of(uint64_t nonzero, uint64_t pages)
{
    if (!nonzero)
        return 0;
    return nonzero * 4 <= pages ? 1 : nonzero * 2 <= pages ? 2 : nonzero * 4 <= pages * 3 ? 3 : 4;
}

/* Fills the cells from the page map: as few bytes per cell as fit the pane. */
static int fill_cells(struct ins_map *m, struct pmem *pm, uint64_t size, char *err)
{
    uint64_t cursor_off = m->cursor * m->cell_bytes, npages;
    const uint64_t *bits = pmem_page_bits(pm, &npages);
    uint64_t cap = m->cols * m->rows, cell = PMEM_PAGE;
    while ((size + cell - 1) / cell > cap && cell < (1ull << 62))
        cell *= 2;
    size_t n = (size_t)((size + cell - 1) / cell);
    uint8_t *shade = calloc(n ? n : 1, 1);
    if (!shade)
        return err_set(err, "out of memory drawing the memory map");
    uint64_t ppc = cell / PMEM_PAGE;
    for (size_t i = 0; i < n && bits; i++) {
        uint64_t from = i * ppc, to = from + ppc < npages ? from + ppc : npages;
        shade[i] = from < to ? level_of(count_bits(bits, from, to), to - from) : 0;
    }
    free(m->shade);
    m->shade = shade;
    m->size = size;
    m->cell_bytes = cell;
    m->ncells = n;
    m->cursor = n ? (size_t)(cursor_off / cell < n ? cursor_off / cell : n - 1) : 0;
    m->top = 0;
    m->ready = true;
    return 0;
}

static void set_note(struct ins_map *m, int *changed, const char *fmt, uint64_t a, uint64_t b)
{
    char note[sizeof m->note];
    snprintf(note, sizeof note, fmt, a, b);
    if (strcmp(note, m->note) != 0) {
        snprintf(m->note, sizeof m->note, "%s", note);
        *changed = TUI_REDRAW;
    }
}

static void fail_note(struct ins_map *m, const char *err)
{
    snprintf(m->note, sizeof m->note, "%s", err);
    m->failed = true;
}

/* Opens and starts the selected store, or reads how far its decode is. */
static int poll_store(struct inspect *in, int changed)
{
    struct ins_map *m = &in->map;
    char err[ERR_LEN];
    if (!m->cols || !m->rows)
        return changed;   /* not laid out yet: resize comes right after open */
    struct pmem *pm = ins_pmem_get(in, m->store, err);
    if (!pm)
        return fail_note(m, err), TUI_REDRAW;
    struct pmem_info info;
    uint64_t done, total;
    int state;
    pmem_info(pm, &info);
    if (pmem_progress(pm, &done, &total, &state, err) != 0)
        return fail_note(m, err), TUI_REDRAW;
    if (info.map_from_cache || state == PMEM_DONE) {
        if (fill_cells(m, pm, info.size, err) != 0)
            return fail_note(m, err), TUI_REDRAW;
        m->note[0] = '\0';
        return TUI_REDRAW;
    }
    if (state == PMEM_IDLE && pmem_start(pm, err) != 0)
        return fail_note(m, err), TUI_REDRAW;
    set_note(m, &changed, "decoding %" PRIu64 "%%", total ? done * 100 / total : 0, 0);
    return changed;
}

int ins_map_update(struct tui *t, struct inspect *in)
{
    int changed = 0;
    if (in->reopen_pending && !in->covered) {   /* never free ck under a view using it */
        ins_reopen(t, in, true);
        changed = TUI_REDRAW;
    }
    struct ins_map *m = &in->map;
    if (!in->ck->nstores) {
        snprintf(m->note, sizeof m->note, "no stores");
        return changed;
    }
    if (m->store != in->store) {
        free(m->shade);
        m->shade = NULL;
        m->ready = m->failed = false;
        m->cursor = m->top = m->ncells = 0;
        m->cell_bytes = PMEM_PAGE;
        m->note[0] = '\0';
        m->store = in->store;
        changed = TUI_REDRAW;
    }
    if (m->ready || m->failed)
        return changed;
    return poll_store(in, changed);
}

void ins_map_move(struct inspect *in, long dcol, long drow)
{
    struct ins_map *m = &in->map;
    if (!m->ready || !m->ncells)
        return;
    long c = (long)m->cursor + dcol + drow * (long)m->cols;
    if (drow && (c < 0 || c >= (long)m->ncells))   /* Page/Home/End: to the first/last */
        c = c < 0 ? (long)(m->cursor % m->cols) : (long)m->ncells - 1;
    m->cursor = c < 0 ? 0 : c >= (long)m->ncells ? m->ncells - 1 : (size_t)c;
}

uint64_t ins_map_cursor_offset(const struct inspect *in)
{
    return in->map.ready ? in->map.cursor * in->map.cell_bytes : 0;
}

/* ---- drawing ---- */

static const char *glyph(const struct tui *t, uint8_t level)
{
    static const char *utf8[] = { " ", "░", "▒", "▓", "█" }, *ascii[] = { " ", ".", ":", "#", "#" };
    return (tui_ascii(t) ? ascii : utf8)[level > 4 ? 4 : level];
}

/* The note of a ready map: the cursor's cell when focused, else the legend. */
static void ready_note(const struct inspect *in, char *note, size_t cap)
{
    const struct ins_map *m = &in->map;
    if (in->pane != INS_MAP) {
        snprintf(note, cap, "shade = non-zero pages");
        return;
    }
    uint64_t off = m->cursor * m->cell_bytes;
    uint64_t end = off + m->cell_bytes < m->size ? off + m->cell_bytes : m->size;
    static const char *share[] = { "all zero", "<= 1/4 non-zero", "<= 1/2 non-zero",
                                   "<= 3/4 non-zero", "> 3/4 non-zero" };
    snprintf(note, cap, "cell %zu: +0x%" PRIx64 "-0x%" PRIx64 " %s", m->cursor, off, end - 1,
             share[m->shade[m->cursor]]);
}

/* Before the map is known: a bar of the decode's progress. */
static void draw_pending(const struct tui *t, const struct inspect *in, struct tui_rect r)
{
    const struct ins_map *m = &in->map;
    const struct ckpt_store *s = &in->ck->stores[in->store];
    char line[512], size[32];
    unsigned pct = 0;
    if (m->failed) {   /* the whole sentence: it names the file and what is wrong */
        const char *p = m->note;
        for (int row = 1; row < r.h - 1 && *p; row++) {
            size_t n = tui_wrap(p, r.w - 4);
            snprintf(line, sizeof line, "%.*s", (int)n, p);
            tui_text(t, r.y + row, r.x + 2, r.w - 4, THEME_ERROR, line, 0);
            for (p += n; *p == ' '; p++)
                ;
            if (!n)
                break;
        }
        return;
    }
    if (sscanf(m->note, "decoding %u%%", &pct) != 1)
        return;
    int w = r.w - 6 > 0 ? r.w - 6 : 0, full = (int)(pct > 100 ? 100 : pct) * w / 100;
    char bar[1024] = "";
    size_t used = 0;
    for (int i = 0; i < w && used + 4 < sizeof bar; i++)
        used += (size_t)snprintf(bar + used, sizeof bar - used, "%s",
                                 i < full ? (tui_ascii(t) ? "#" : "█")
                                          : (tui_ascii(t) ? "-" : "░"));
    size_format(s->file_bytes, size, sizeof size);
    snprintf(line, sizeof line, "decoding %s (%s) for its page map",
             s->filename ? s->filename : "the store", size);
    tui_text(t, r.y + 1, r.x + 2, r.w - 4, THEME_DIM, line, 0);
    if (r.h > 3)
        tui_text(t, r.y + 2, r.x + 2, r.w - 4, THEME_OK, bar, 0);
}

void ins_draw_map(const struct tui *t, const struct inspect *in, struct tui_rect r)
{
    const struct ins_map *m = &in->map;
    char title[256], note[ERR_LEN], size[32], cell[32];
    const struct ckpt_store *s = in->store < in->ck->nstores ? &in->ck->stores[in->store]
                                                              : NULL;
    if (m->ready) {
        size_format(m->size, size, sizeof size);
        size_format(m->cell_bytes, cell, sizeof cell);
        snprintf(title, sizeof title, "Memory map: store%u (%s, 1 cell = %s)",
                 s ? s->section : 0, size, cell);
        ready_note(in, note, sizeof note);
    } else {
        snprintf(title, sizeof title, "Memory map: store%u", s ? s->section : 0);
        snprintf(note, sizeof note, "%s", m->failed ? "cannot read the store" : m->note);
    }
    tui_box(t, r, title, note);
    if (!m->ready) {
        if (s)
            draw_pending(t, in, r);
        return;
    }
    for (size_t i = m->top * m->cols; i < m->ncells; i++) {
        size_t row = i / m->cols - m->top, col = i % m->cols;
        if (row >= (size_t)(r.h - 2))
            break;
        int slot = i == m->cursor && in->pane == INS_MAP ? THEME_SELECTED : THEME_NORMAL;
        tui_text(t, r.y + 1 + (int)row, r.x + 2 + (int)col, 1, slot, glyph(t, m->shade[i]), 0);
    }
}

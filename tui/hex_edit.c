/* Editing in the hex view: nibbles typed at the cursor into the edit session, undo, the
 * commit (a confirmation listing what will be written, then a thread so keys still answer),
 * and leaving with edits pending. */
#include "tui/hex_impl.h"
#include "tui/theme.h"

#include "core/util/fileio.h"
#include "core/util/size.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define LIST_MAX 8   /* ranges listed in the confirmation */

void hex_note_edits(struct hex *h)
{
    const struct pmem_range *r;
    h->changed = pmem_edits_count(h->ed);
    h->nranges = pmem_edits_ranges(h->ed, &r);
}

int hex_digit(struct tui *t, struct hex *h, int value)
{
    char err[ERR_LEN];
    if (!h->edit) {
        tui_message(t, THEME_DIM, "press i (or Enter) to edit: hex digits then overwrite the "
                    "byte at the cursor");
        return TUI_HANDLED;
    }
    size_t k = (size_t)(h->cur - h->top);
    if (!h->win_ok || h->cur < h->top || k >= h->win_len) {
        tui_message(t, THEME_WARNING, "this part of the store is still decoding: edit it in "
                    "a moment");
        return TUI_HANDLED;
    }
    uint8_t v = h->win[k];
    v = h->low ? (uint8_t)((v & 0xf0) | value) : (uint8_t)((value << 4) | (v & 0x0f));
    /* both nibbles of a byte are one undo step */
    if (pmem_edits_set(h->ed, h->cur, &v, 1, h->low, err) != 0) {
        tui_message(t, THEME_ERROR, "%s", err);
        return TUI_HANDLED;
    }
    hex_note_edits(h);
    if (!h->low) {
        h->low = true;
        hex_fetch(h);
    } else {
        hex_show(h, h->cur + 1 < h->size ? h->cur + 1 : h->cur, false);   /* clears low */
    }
    return TUI_HANDLED;
}

int hex_undo(struct tui *t, struct hex *h)
{
    uint64_t at;
    if (!pmem_edits_undo(h->ed, &at)) {
        tui_message(t, THEME_DIM, "nothing to undo");
        return TUI_HANDLED;
    }
    hex_note_edits(h);
    hex_show(h, at, false);
    tui_message(t, THEME_NORMAL, "undone at store%zu+0x%" PRIx64 "; %" PRIu64 " byte%s still "
                "changed", h->store, at, h->changed, h->changed == 1 ? "" : "s");
    return TUI_HANDLED;
}

/* ---- Commit ------------------------------------------------------------------- */

static int progress(void *arg, uint64_t done, uint64_t total)
{
    struct hex *h = arg;
    atomic_store(&h->commit.done, done);
    atomic_store(&h->commit.total, total);
    return 0;
}

static void *commit_main(void *arg)
{
    struct hex *h = arg;
    h->commit.rc = pmem_edits_apply(h->ed, progress, h, &h->commit.stats, h->commit.err);
    atomic_store(&h->commit.finished, true);
    return NULL;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void commit_answer(struct tui *t, void *ctx, int yes)
{
    struct hex *h = ctx;
    if (!yes) {
        tui_message(t, THEME_DIM, "nothing written: the edits are still pending (u undoes)");
        return;
    }
    h->find.on = false;   /* the session is the commit's until it ends */
    h->commit = (struct hex_commit){ .bytes = h->changed, .ranges = h->nranges,
                                     .started = now_s() };
    atomic_init(&h->commit.finished, false);
    atomic_init(&h->commit.done, 0);
    atomic_init(&h->commit.total, 0);
    h->commit.running = true;
    int rc = pthread_create(&h->commit.thread, NULL, commit_main, h);
    if (rc != 0) {
        h->commit.running = false;
        tui_message(t, THEME_ERROR, "cannot start the commit: %s", strerror(rc));
    }
}

/* "  0x80001000-0x80001001  store8+0x1000  2 bytes" per range, then the files. */
static char *commit_body(const struct hex *h, const struct pmem_range *r, size_t n)
{
    size_t cap = 2 * 4200 + LIST_MAX * 160 + 512;   /* two paths, the ranges, words */
    char *body = malloc(cap), sz[32];
    if (!body)
        return NULL;
    const struct ckpt_store *s = &h->ck->stores[h->store];
    const char *mem = s->map_index >= 0 ? h->ck->map.stores[s->map_index].name : "?";
    size_t used = (size_t)snprintf(body, cap, "%" PRIu64 " byte%s changed in %zu range%s of "
                                   "store%zu (%s):\n", h->changed, h->changed == 1 ? "" : "s",
                                   n, n == 1 ? "" : "s", h->store, mem);
    for (size_t i = 0; i < n && i < LIST_MAX && used < cap; i++) {
        uint64_t a = (h->have_addr ? h->base : 0) + r[i].off;
        used += (size_t)snprintf(body + used, cap - used, "  0x%" PRIx64 "-0x%" PRIx64
                                 "   store%zu+0x%" PRIx64 "   %" PRIu64 " byte%s\n", a,
                                 a + r[i].len - 1, h->store, r[i].off, r[i].len,
                                 r[i].len == 1 ? "" : "s");
    }
    if (n > LIST_MAX && used < cap)
        used += (size_t)snprintf(body + used, cap - used, "  ... and %zu more ranges\n",
                                 n - LIST_MAX);
    bool had = access(h->backup, F_OK) == 0;
    if (used < cap)
        snprintf(body + used, cap - used, "The store file is rewritten (%s of memory as chunked "
                 "gzip members, which gem5 reads as before):\n  %s\n%s\n  %s",
                 size_format(h->size, sz, sizeof sz), h->ck->stores[h->store].file_path,
                 had ? "The backup made before the first edit stays as it is:"
                     : "The original is kept as the backup:", h->backup);
    return body;
}

/* gem5 pads or cuts a store whose size is not range_size; writing it would hide that. */
static int size_mismatch(struct tui *t, const struct hex *h)
{
    const struct ckpt_store *s = &h->ck->stores[h->store];
    if (!h->size_final || !s->have_size || s->range_size == h->size)
        return 0;
    tui_message(t, THEME_ERROR, "%s decodes to %" PRIu64 " bytes but range_size is %" PRIu64
                ": fix the size first (gem5wb cpt resize-store); nothing was written",
                hex_store_file(h), h->size, s->range_size);
    return -1;
}

int hex_write(struct tui *t, struct hex *h)
{
    const struct pmem_range *r;
    hex_note_edits(h);
    if (h->changed == 0) {
        tui_message(t, THEME_DIM, "nothing to commit: no byte differs from the store");
        return TUI_HANDLED;
    }
    if (size_mismatch(t, h) != 0)
        return TUI_HANDLED;
    size_t n = pmem_edits_ranges(h->ed, &r);
    char title[128], *body = commit_body(h, r, n);
    if (!body) {
        tui_message(t, THEME_ERROR, "out of memory listing the changes");
        return TUI_HANDLED;
    }
    snprintf(title, sizeof title, "Commit %" PRIu64 " byte%s to store%zu?", h->changed,
             h->changed == 1 ? "" : "s", h->store);
    tui_confirm(t, &(struct tui_confirm_spec){ .title = title, .body = body,
                                               .done = commit_answer, .ctx = h });
    free(body);
    return TUI_HANDLED;
}

static void commit_ended(struct tui *t, struct hex *h)
{
    pthread_join(h->commit.thread, NULL);
    h->commit.running = false;
    hex_note_edits(h);
    hex_fetch(h);
    if (h->commit.rc != 0) {
        tui_message(t, THEME_ERROR, "%s; the edits are still pending", h->commit.err);
        return;
    }
    tui_message(t, THEME_OK, "committed %" PRIu64 " byte%s to %s in %.2f s; the original is "
                "kept as its %s", h->commit.bytes, h->commit.bytes == 1 ? "" : "s",
                hex_store_file(h), now_s() - h->commit.started, FILE_BACKUP_SUFFIX);
}

int hex_commit_tick(struct tui *t, struct hex *h)
{
    if (!h->commit.running)
        return 0;
    if (atomic_load(&h->commit.finished))
        commit_ended(t, h);
    return TUI_REDRAW;   /* the percentage moves */
}

void hex_commit_wait(struct hex *h)
{
    if (h->commit.running)
        pthread_join(h->commit.thread, NULL);
    h->commit.running = false;
}

/* ---- Leaving ------------------------------------------------------------------ */

static void leave_answer(struct tui *t, void *ctx, int yes)
{
    (void)ctx;
    if (yes)
        tui_pop(t);
}

int hex_back(struct tui *t, struct hex *h)
{
    if (h->edit) {
        h->edit = h->low = false;
        tui_message(t, THEME_DIM, "edit mode off");
        return TUI_HANDLED;
    }
    if (h->find.on) {
        h->find.on = false;
        tui_message(t, THEME_DIM, "search stopped");
        return TUI_HANDLED;
    }
    if (h->changed == 0) {
        tui_pop(t);   /* h is gone now */
        return TUI_HANDLED;
    }
    char title[128], body[512];
    snprintf(title, sizeof title, "Leave store%zu without committing?", h->store);
    snprintf(body, sizeof body, "%" PRIu64 " changed byte%s in %zu range%s will be dropped; "
             "%s stays as it is.\nAnswer n, then w to commit them.", h->changed,
             h->changed == 1 ? "" : "s", h->nranges, h->nranges == 1 ? "" : "s",
             hex_store_file(h));
    tui_confirm(t, &(struct tui_confirm_spec){ .title = title, .body = body,
                                               .done = leave_answer, .ctx = h });
    return TUI_HANDLED;
}

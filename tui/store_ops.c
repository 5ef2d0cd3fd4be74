/* The inspector's store operations as dialogs: a prompt (with completion and a live check),
 * a confirmation listing what will be written and kept, then the work in a thread behind
 * a small modal "busy" view with a progress bar and cancel. */
#include "tui/store_ops.h"
#include "tui/theme.h"

#include "core/checkpoint/checkpoint.h"
#include "core/checkpoint/ckpt_mem.h"
#include "core/checkpoint/store_io.h"
#include "core/util/err.h"
#include "core/util/fileio.h"
#include "core/util/size.h"

#include <curses.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define PATH_CAP 4096

/* What the worker does: one core call with these arguments. */
struct work {
    enum tui_store_op op;
    char dir[PATH_CAP];
    unsigned n;                  /* the store (index into ck->stores) */
    char from[PATH_CAP];         /* replace: the source folder; export/import: the file */
    unsigned m;                  /* replace: the source's store */
    uint64_t size;               /* resize */
    bool set_size, force;
};

/* The dialog chain under way: prompts are modal, so there is one at a time. It is static
 * because a prompt cancelled with Esc never calls back to free anything. */
static struct {
    struct ckpt *ck;             /* borrowed from the inspector */
    tui_store_changed_fn changed;
    void *ctx;
    struct work w;
    uint64_t dropped;            /* resize: non-zero bytes the first try would drop */
} dlg;

static const char *op_verb(enum tui_store_op op)
{
    switch (op) {
    case TUI_STORE_REPLACE: return "replacing";
    case TUI_STORE_RESIZE:  return "resizing";
    case TUI_STORE_EXPORT:  return "exporting";
    case TUI_STORE_IMPORT:  return "importing";
    }
    return "working";
}

/* Appends to a confirmation's body. */
static void addf(char *buf, size_t cap, const char *fmt, ...) __attribute__((format(__printf__, 3, 4)));
static void addf(char *buf, size_t cap, const char *fmt, ...)
{
    size_t used = strlen(buf);
    va_list ap;
    va_start(ap, fmt);
    if (used < cap)
        vsnprintf(buf + used, cap - used, fmt, ap);
    va_end(ap);
}

/* "4GiB" when a binary unit is exact, else the byte count: text size_parse reads back. */
static char *size_exact(uint64_t v, char *buf, size_t cap)
{
    static const char *units[] = { "", "KiB", "MiB", "GiB", "TiB" };
    int u = 0;
    while (u < 4 && v && v % 1024 == 0)
        v /= 1024, u++;
    snprintf(buf, cap, "%" PRIu64 "%s", v, units[u]);
    return buf;
}

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The backups a commit will keep, as confirmation lines. */
static void backup_lines(char *body, size_t cap, const char *store_path, bool cpt_too)
{
    char bak[PATH_CAP + 32], cpt[PATH_CAP + 16];
    file_backup_path(store_path, bak, sizeof bak);
    addf(body, cap, "backup    %s%s\n", bak, access(bak, F_OK) == 0
         ? " (one is there already: the first original stays)" : "");
    if (cpt_too && path_join(cpt, sizeof cpt, dlg.ck->dir, "m5.cpt") == 0)
        addf(body, cap, "backup    %s%s\n", cpt, FILE_BACKUP_SUFFIX);
}

/* ---- The busy view: the work in a thread, a bar, Esc cancels -------------------- */

struct busy {
    struct work w;
    pthread_t thread;
    bool running;                /* to be joined */
    atomic_int cancel, finished;
    pthread_mutex_t mu;          /* guards step, done, total */
    const char *step;
    uint64_t done, total;
    int shown_pct;
    int rc;
    char err[ERR_LEN];
    struct ckpt_edit_result edit;
    struct store_io_result io;
};

static int busy_progress(void *arg, const char *step, uint64_t done, uint64_t total)
{
    struct busy *b = arg;
    pthread_mutex_lock(&b->mu);
    b->step = step;
    b->done = done;
    b->total = total;
    pthread_mutex_unlock(&b->mu);
    return atomic_load(&b->cancel);
}

static void *busy_main(void *arg)
{
    struct busy *b = arg;
    const struct work *w = &b->w;
    struct ckpt_progress pr = { busy_progress, b };
    switch (w->op) {
    case TUI_STORE_REPLACE:
        b->rc = ckpt_replace_store(w->dir, NULL, w->n, w->from, w->m, w->set_size, &pr,
                                   &b->edit, b->err);
        break;
    case TUI_STORE_RESIZE:
        b->rc = ckpt_resize_store(w->dir, NULL, w->n, w->size, w->force, &pr, &b->edit, b->err);
        break;
    case TUI_STORE_EXPORT:
        b->rc = store_io_export(w->dir, NULL, w->n, w->from, w->force, &pr, &b->io, b->err);
        break;
    case TUI_STORE_IMPORT:
        b->rc = store_io_import(w->dir, NULL, w->n, w->from, w->set_size, &pr, &b->io, b->err);
        break;
    }
    atomic_store(&b->finished, 1);
    return NULL;
}

static int busy_open(struct tui *t, void *priv, const void *arg)
{
    struct busy *b = priv;
    b->w = *(const struct work *)arg;
    b->step = "starting";
    b->shown_pct = -1;
    atomic_init(&b->cancel, 0);
    atomic_init(&b->finished, 0);
    pthread_mutex_init(&b->mu, NULL);
    int rc = pthread_create(&b->thread, NULL, busy_main, b);
    if (rc != 0) {
        pthread_mutex_destroy(&b->mu);
        tui_message(t, THEME_ERROR, "cannot start %s store%u: %s", op_verb(b->w.op), b->w.n,
                    strerror(rc));
        return -1;
    }
    b->running = true;
    tui_message(t, THEME_DIM, "%s store%u%s", op_verb(b->w.op), b->w.n,
                tui_ascii(t) ? "..." : "\u2026");
    return 0;
}

/* Closing (also when the workbench quits): cancel and wait, since the thread uses priv. */
static void busy_done(void *priv)
{
    struct busy *b = priv;
    if (b->running) {
        atomic_store(&b->cancel, 1);
        pthread_join(b->thread, NULL);
    }
    pthread_mutex_destroy(&b->mu);
}

static const char *op_title(enum tui_store_op op)
{
    switch (op) {
    case TUI_STORE_REPLACE: return "Replacing";
    case TUI_STORE_RESIZE:  return "Resizing";
    case TUI_STORE_EXPORT:  return "Exporting";
    case TUI_STORE_IMPORT:  return "Importing";
    }
    return "Working on";
}

static void bar_text(const struct tui *t, char *buf, size_t cap, int width, uint64_t done,
                     uint64_t total)
{
    int fill = total ? (int)((double)done / (double)total * width) : 0;
    buf[0] = '\0';
    for (int i = 0; i < width; i++)
        addf(buf, cap, "%s", i < fill ? (tui_ascii(t) ? "#" : "\u2588")
                                      : (tui_ascii(t) ? "." : "\u2591"));
}

static void busy_draw(struct tui *t, const void *priv, struct tui_rect body)
{
    struct busy *b = (struct busy *)priv;   /* only the mutex is touched */
    int w = body.w - 8 < 90 ? body.w - 8 : 90, h = 7;
    struct tui_rect r = { body.y + (body.h - h) / 2, body.x + (body.w - w) / 2, h, w };
    char title[64], line[PATH_CAP + 128], bar[400], a[32], c[32];
    pthread_mutex_lock(&b->mu);
    const char *step = b->step;
    uint64_t done = b->done, total = b->total;
    pthread_mutex_unlock(&b->mu);
    snprintf(title, sizeof title, "%s store%u", op_title(b->w.op), b->w.n);
    tui_box(t, r, title, "Esc cancels");
    if (b->w.op == TUI_STORE_RESIZE)
        snprintf(line, sizeof line, "to %s", size_format(b->w.size, a, sizeof a));
    else
        snprintf(line, sizeof line, "%s %s", b->w.op == TUI_STORE_EXPORT ? "to" : "from",
                 b->w.from);
    tui_text(t, r.y + 1, r.x + 2, r.w - 4, THEME_NORMAL, line, 0);
    bool chunks = !strcmp(step, "encoding");
    bar_text(t, bar, sizeof bar, r.w - 40 > 10 ? r.w - 40 : 10, done, total);
    snprintf(line, sizeof line, "%-10s %s %3d%%  %s of %s%s", step, bar,
             total ? (int)(done * 100 / total) : 0, chunks ? size_exact(done, a, sizeof a)
             : size_format(done, a, sizeof a), chunks ? size_exact(total, c, sizeof c)
             : size_format(total, c, sizeof c), chunks ? " chunks" : "");
    tui_text(t, r.y + 3, r.x + 2, r.w - 4, THEME_NORMAL, line, 0);
    tui_text(t, r.y + 5, r.x + 2, r.w - 4, THEME_DIM, atomic_load(&b->cancel)
             ? "cancelling: the checkpoint stays as it was"
             : "Nothing changes on disk until the last step; a cancel leaves all as it was.", 0);
}

/* The outcome as one line for the message bar, in *slot's colour. */
static void result_text(const struct busy *b, char *msg, size_t cap, int *slot)
{
    char s1[32], s2[32], bak[PATH_CAP + 32];
    const char *warning = "", *store = b->w.op == TUI_STORE_EXPORT || b->w.op ==
                          TUI_STORE_IMPORT ? b->io.store_path : b->edit.store_path;
    *slot = b->rc ? THEME_ERROR : THEME_OK;
    msg[0] = '\0';
    if (b->rc != 0) {
        snprintf(msg, cap, "%s", b->err);
        return;
    }
    file_backup_path(store, bak, sizeof bak);
    switch (b->w.op) {
    case TUI_STORE_REPLACE:
        addf(msg, cap, "store%u is now a copy of %s: %s written", b->w.n, b->edit.source_path,
             size_format(b->edit.bytes_written, s1, sizeof s1));
        warning = b->edit.warning;
        break;
    case TUI_STORE_RESIZE:
        addf(msg, cap, b->edit.unchanged ? "store%u is already %s: nothing changed"
             : "store%u resized to %s: %s written", b->w.n,
             size_format(b->edit.new_size, s1, sizeof s1),
             size_format(b->edit.bytes_written, s2, sizeof s2));
        warning = b->edit.warning;
        break;
    case TUI_STORE_EXPORT:
        addf(msg, cap, "store%u exported to %s: %s (%s of data)", b->w.n, b->io.file,
             size_format(b->io.bytes, s1, sizeof s1),
             size_format(b->io.bytes_written, s2, sizeof s2));
        if (b->io.replaced)
            addf(msg, cap, "; the old file is kept as %s", b->io.backup);
        warning = b->io.warning;
        break;
    case TUI_STORE_IMPORT:
        addf(msg, cap, "%s imported as store%u: %s written", b->io.file, b->w.n,
             size_format(b->io.bytes_written, s2, sizeof s2));
        warning = b->io.warning;
        break;
    }
    if (b->w.op != TUI_STORE_EXPORT && !b->edit.unchanged && access(bak, F_OK) == 0)
        addf(msg, cap, "; original kept as %s", bak);
    if (*warning) {
        addf(msg, cap, "; warning: %s", warning);
        *slot = THEME_WARNING;
    }
}

static void confirm_drop(struct tui *t);

static int busy_tick(struct tui *t, void *priv)
{
    struct busy *b = priv;
    if (!atomic_load(&b->finished)) {
        pthread_mutex_lock(&b->mu);
        int pct = b->total ? (int)(b->done * 100 / b->total) : -1;
        pthread_mutex_unlock(&b->mu);
        bool moved = pct != b->shown_pct;
        b->shown_pct = pct;
        return moved ? TUI_REDRAW : 0;
    }
    pthread_join(b->thread, NULL);
    b->running = false;
    char msg[2 * PATH_CAP];
    int slot;
    result_text(b, msg, sizeof msg, &slot);
    bool ask = b->rc != 0 && b->w.op == TUI_STORE_RESIZE && !b->w.force &&
               b->edit.dropped_nonzero > 0 && !atomic_load(&b->cancel);
    dlg.dropped = b->edit.dropped_nonzero;
    tui_pop(t);   /* frees b */
    /* After every outcome, not only a change: the frame does not redraw for a view that
     * closed itself in its tick, and the inspector redraws when it reopens (cheaply). */
    if (dlg.changed)
        dlg.changed(t, dlg.ctx);
    if (ask)
        confirm_drop(t);
    else
        tui_message(t, slot, "%s", msg);
    return TUI_REDRAW;
}

enum { BUSY_CANCEL = TUI_ACT_VIEW };

static const struct tui_key busy_keys[] = {
    { { 27, 'q', 'c' }, "cancel", "cancel: nothing changes until the new files are renamed in",
      BUSY_CANCEL, 1 },
};

static int busy_action(struct tui *t, void *priv, int action)
{
    struct busy *b = priv;
    if (action != BUSY_CANCEL)
        return 0;
    atomic_store(&b->cancel, 1);
    tui_message(t, THEME_WARNING, "cancelling %s store%u", op_verb(b->w.op), b->w.n);
    return TUI_HANDLED;
}

static const struct tui_view_ops busy_view = {
    .name = "store operation",
    .priv_size = sizeof(struct busy),
    .keys = busy_keys,
    .key_count = sizeof busy_keys / sizeof busy_keys[0],
    .open = busy_open,
    .draw = busy_draw,
    .action = busy_action,
    .done = busy_done,
    .tick = busy_tick,
};

static void start_work(struct tui *t)
{
    tui_push(t, &busy_view, &dlg.w);
}

static void confirm_done(struct tui *t, void *ctx, int yes)
{
    (void)ctx;
    if (yes)
        start_work(t);
    else
        tui_message(t, THEME_DIM, "nothing was changed");
}

static void drop_done(struct tui *t, void *ctx, int yes)
{
    dlg.w.force = yes;
    confirm_done(t, ctx, yes);
}

static void confirm_drop(struct tui *t)
{
    char title[128], body[1024], sz[32];
    snprintf(title, sizeof title, "Drop %" PRIu64 " non-zero bytes of store%u?", dlg.dropped,
             dlg.w.n);
    snprintf(body, sizeof body, "Shrinking store%u to %s cuts off %" PRIu64 " bytes that are "
             "not zero: the new store will not have them. The backup keeps the original.\n",
             dlg.w.n, size_format(dlg.w.size, sz, sizeof sz), dlg.dropped);
    tui_confirm(t, &(struct tui_confirm_spec){ title, body, drop_done, &dlg });
}

static void ask(struct tui *t, const char *title, const char *body)
{
    tui_confirm(t, &(struct tui_confirm_spec){ title, body, confirm_done, &dlg });
}

/* "range_size" line: unchanged, or the change and what gem5 needs for it. */
static void size_line(char *body, size_t cap, const struct ckpt_store *s, uint64_t size)
{
    if (s->have_size && s->range_size == size) {
        addf(body, cap, "range_size unchanged (%" PRIu64 ")\n", size);
        return;
    }
    addf(body, cap, "range_size %s%" PRIu64 " -> %" PRIu64 " (set in m5.cpt too)\n",
         s->have_size ? "" : "missing, not ", s->have_size ? s->range_size : 0, size);
    const struct mm_store *m = s->map_index >= 0 && dlg.ck->map.known
                               ? &dlg.ck->map.stores[s->map_index] : NULL;
    if (m && m->end - m->start != size)
        addf(body, cap, "warning   the config gives %s %" PRIu64 " bytes: gem5 would stop with "
             "\"Memory range size has changed!\" unless the config changes too\n", m->name,
             m->end - m->start);
}

/* ---- Replace --------------------------------------------------------------------- */

/* FOLDER[:M] (or :storeM); a folder whose name has a colon is taken whole if it exists. */
static int split_from(const char *text, char *dir, size_t cap, unsigned *m, char *why,
                      size_t wcap)
{
    const char *colon = strrchr(text, ':');
    snprintf(dir, cap, "%s", text);
    *m = dlg.w.n;
    if (!colon || is_dir(text))
        return 0;
    const char *p = strncmp(colon + 1, "store", 5) == 0 ? colon + 6 : colon + 1;
    char *end;
    unsigned long v = strtoul(p, &end, 10);
    if (*p < '0' || *p > '9' || *end || v > 100000)
        return snprintf(why, wcap, "after ':' give the source's store number, as :8"), -1;
    snprintf(dir, cap, "%.*s", (int)(colon - text), text);
    *m = (unsigned)v;
    return 0;
}

static int replace_check(void *ctx, const char *text, char *why, size_t cap)
{
    (void)ctx;
    char dir[PATH_CAP], cpt[PATH_CAP + 16];
    unsigned m;
    if (!*text)
        return snprintf(why, cap, "a checkpoint folder (with an m5.cpt), :M for its store M"), -1;
    if (split_from(text, dir, sizeof dir, &m, why, cap) != 0)
        return -1;
    snprintf(cpt, sizeof cpt, "%s/m5.cpt", dir);
    if (access(cpt, F_OK) != 0)
        return snprintf(why, cap, "%s has no m5.cpt", dir), -1;
    return 0;
}

/* The source's decoded size: the page-map cache knows it when the store was opened before;
 * otherwise its range_size stands in (the copy checks the real size). */
static uint64_t source_size(const struct ckpt_store *s, bool *known)
{
    struct pmem *pm;
    struct pmem_info info = { 0 };
    char err[ERR_LEN];
    struct pmem_open_opts o = { .size_hint = s->have_size ? s->range_size : 0 };
    if (pmem_open(s->file_path, &o, &pm, err) == 0) {
        pmem_info(pm, &info);
        pmem_close(pm);
    }
    *known = info.size_known;
    return info.size_known ? info.size : s->range_size;
}

static void replace_body(const struct ckpt *src, unsigned m, char *body, size_t cap)
{
    const struct ckpt_store *s = &src->stores[m], *d = &dlg.ck->stores[dlg.w.n];
    char s1[32], s2[32], target[PATH_CAP + 64], name[300];
    bool known;
    uint64_t size = source_size(s, &known);
    snprintf(name, sizeof name, "%s.physmem.store%u.pmem", dlg.ck->system, dlg.w.n);
    snprintf(target, sizeof target, "%s/%s", dlg.ck->dir, name);
    dlg.w.set_size = !d->have_size || d->range_size != size;
    addf(body, cap, "source    %s (%s file)\n", s->file_path,
         size_format(s->file_bytes, s1, sizeof s1));
    addf(body, cap, "          decodes to %s (%" PRIu64 " bytes, %s)\n",
         size_format(size, s2, sizeof s2), size, known ? "from its page-map cache"
         : "its range_size: the copy checks the real size");
    addf(body, cap, "target    %s (replaced by a copy)\n", target);
    size_line(body, cap, d, size);
    if (!d->filename || strcmp(d->filename, name) != 0)
        addf(body, cap, "filename  %s -> %s (set in m5.cpt)\n", d->filename ? d->filename
             : "(none)", name);
    backup_lines(body, cap, target, dlg.w.set_size || !d->filename ||
                 strcmp(d->filename, name) != 0);
}

static void replace_done(struct tui *t, void *ctx, const char *text)
{
    (void)ctx;
    char why[256], err[ERR_LEN], title[PATH_CAP + 64], body[4 * PATH_CAP] = "";
    struct ckpt *src;
    if (split_from(text, dlg.w.from, sizeof dlg.w.from, &dlg.w.m, why, sizeof why) != 0) {
        tui_message(t, THEME_ERROR, "%s", why);
        return;
    }
    if (ckpt_open(dlg.w.from, NULL, &src, err) != 0) {
        tui_message(t, THEME_ERROR, "%s", err);
        return;
    }
    if (dlg.w.m >= src->nstores || !src->stores[dlg.w.m].file_exists) {
        tui_message(t, THEME_ERROR, dlg.w.m >= src->nstores ? "%s has no store%u to copy"
                    : "%s: the file of store%u is missing", src->dir, dlg.w.m);
        ckpt_close(src);
        return;
    }
    replace_body(src, dlg.w.m, body, sizeof body);
    snprintf(title, sizeof title, "Replace store%u with store%u of %s?", dlg.w.n, dlg.w.m,
             src->dir);
    ckpt_close(src);
    ask(t, title, body);
}

/* ---- Resize ---------------------------------------------------------------------- */

static int resize_check(void *ctx, const char *text, char *why, size_t cap)
{
    (void)ctx;
    uint64_t size;
    char err[ERR_LEN];
    if (size_parse(text, &size, "the size", err) != 0)
        return snprintf(why, cap, "%s (4GiB, 512MiB, 0x80000000)", err), -1;
    if (size == 0 || size % 8)
        return snprintf(why, cap, "%s is not a non-empty multiple of 8 bytes (gem5 asserts it)",
                        text), -1;
    return 0;
}

static void resize_done(struct tui *t, void *ctx, const char *text)
{
    (void)ctx;
    const struct ckpt_store *s = &dlg.ck->stores[dlg.w.n];
    char err[ERR_LEN], title[128], body[2 * PATH_CAP] = "", s1[32], s2[32];
    if (size_parse(text, &dlg.w.size, "the size", err) != 0) {
        tui_message(t, THEME_ERROR, "%s", err);
        return;
    }
    uint64_t old = s->have_size ? s->range_size : 0;
    if (s->have_size && old == dlg.w.size) {
        tui_message(t, THEME_DIM, "store%u is already %s: nothing to do", dlg.w.n,
                    size_format(old, s1, sizeof s1));
        return;
    }
    addf(body, sizeof body, "store     %s (rewritten as gzip members)\n", s->file_path);
    size_line(body, sizeof body, s, dlg.w.size);
    if (dlg.w.size > old)
        addf(body, sizeof body, "growing   %s of zeros are added at the end\n",
             size_format(dlg.w.size - old, s1, sizeof s1));
    else
        addf(body, sizeof body, "shrinking the last %s are dropped; if any of them is not zero "
             "you are asked again\n", size_format(old - dlg.w.size, s1, sizeof s1));
    backup_lines(body, sizeof body, s->file_path, true);
    snprintf(title, sizeof title, "Resize store%u from %s to %s?", dlg.w.n,
             size_format(old, s1, sizeof s1), size_format(dlg.w.size, s2, sizeof s2));
    dlg.w.force = false;
    ask(t, title, body);
}

/* ---- Export and import ----------------------------------------------------------- */

static int export_check(void *ctx, const char *text, char *why, size_t cap)
{
    (void)ctx;
    char parent[PATH_CAP];
    if (!*text)
        return snprintf(why, cap, "the raw file to write"), -1;
    if (is_dir(text))
        return snprintf(why, cap, "%s is a folder: add a file name", text), -1;
    path_parent(text, parent, sizeof parent);
    if (!is_dir(parent))
        return snprintf(why, cap, "no folder %s", parent), -1;
    return 0;
}

static void export_done(struct tui *t, void *ctx, const char *text)
{
    (void)ctx;
    const struct ckpt_store *s = &dlg.ck->stores[dlg.w.n];
    char title[PATH_CAP + 64], body[3 * PATH_CAP] = "", s1[32], s2[32];
    struct stat st;
    snprintf(dlg.w.from, sizeof dlg.w.from, "%s", text);
    dlg.w.force = stat(text, &st) == 0;
    addf(body, sizeof body, "store     %s (%s file, %s)\n", s->file_path,
         size_format(s->file_bytes, s1, sizeof s1), size_format(s->range_size, s2, sizeof s2));
    addf(body, sizeof body, "file      %s: the decoded bytes, zero pages left as holes\n", text);
    if (dlg.w.force)
        addf(body, sizeof body, "replaces  %s (%s); the original is kept as %s%s\n", text,
             size_format((uint64_t)st.st_size, s1, sizeof s1), text, FILE_BACKUP_SUFFIX);
    addf(body, sizeof body, "The checkpoint itself does not change.\n");
    snprintf(title, sizeof title, "Export store%u to %s?", dlg.w.n, text);
    ask(t, title, body);
}

static int import_check(void *ctx, const char *text, char *why, size_t cap)
{
    (void)ctx;
    struct stat st;
    if (!*text)
        return snprintf(why, cap, "the raw image to import"), -1;
    if (stat(text, &st) != 0 || !S_ISREG(st.st_mode))
        return snprintf(why, cap, "%s is not a file", text), -1;
    if (st.st_size == 0 || st.st_size % 8)
        return snprintf(why, cap, "%s is %lld bytes: a store is a non-empty multiple of 8 "
                        "bytes", text, (long long)st.st_size), -1;
    return 0;
}

static void import_done(struct tui *t, void *ctx, const char *text)
{
    (void)ctx;
    const struct ckpt_store *s = &dlg.ck->stores[dlg.w.n];
    char title[PATH_CAP + 64], body[3 * PATH_CAP] = "", s1[32], target[PATH_CAP + 300];
    struct stat st;
    if (stat(text, &st) != 0) {
        tui_message(t, THEME_ERROR, "%s: cannot read it", text);
        return;
    }
    uint64_t size = (uint64_t)st.st_size;
    bool keep_name = s->filename && *s->filename && !strchr(s->filename, '/');
    snprintf(dlg.w.from, sizeof dlg.w.from, "%s", text);
    dlg.w.set_size = !s->have_size || s->range_size != size;
    if (keep_name)
        snprintf(target, sizeof target, "%s", s->file_path);
    else
        snprintf(target, sizeof target, "%s/%s.physmem.store%u.pmem", dlg.ck->dir,
                 dlg.ck->system, dlg.w.n);
    addf(body, sizeof body, "file      %s (a raw image of %s)\n", text,
         size_format(size, s1, sizeof s1));
    addf(body, sizeof body, "store     %s (rewritten as gzip members)\n", target);
    size_line(body, sizeof body, s, size);
    backup_lines(body, sizeof body, target, dlg.w.set_size || !keep_name);
    snprintf(title, sizeof title, "Import %s as store%u?", text, dlg.w.n);
    ask(t, title, body);
}

/* ---- Entry ----------------------------------------------------------------------- */

void tui_store_op(struct tui *t, struct ckpt *ck, size_t store, enum tui_store_op op,
                  tui_store_changed_fn changed, void *ctx)
{
    char label[128], initial[64] = "";
    if (store >= ck->nstores) {
        tui_message(t, THEME_ERROR, "%s has no store%zu", ck->dir, store);
        return;
    }
    const struct ckpt_store *s = &ck->stores[store];
    if ((op == TUI_STORE_EXPORT || op == TUI_STORE_RESIZE) && !s->file_exists) {
        tui_message(t, THEME_ERROR, "store%zu has no file to %s (%s)", store,
                    op == TUI_STORE_EXPORT ? "export" : "resize",
                    s->file_path ? s->file_path : "no filename key in m5.cpt");
        return;
    }
    dlg.ck = ck;
    dlg.changed = changed;
    dlg.ctx = ctx;
    dlg.w = (struct work){ .op = op, .n = (unsigned)store };
    snprintf(dlg.w.dir, sizeof dlg.w.dir, "%s", ck->dir);
    struct tui_prompt_spec p = { .label = label, .initial = initial, .ctx = &dlg };
    switch (op) {
    case TUI_STORE_REPLACE:
        snprintf(label, sizeof label, "replace store %zu with (checkpoint folder[:store M]): ",
                 store);
        p.complete = tui_complete_dirs, p.check = replace_check, p.done = replace_done;
        break;
    case TUI_STORE_RESIZE:
        snprintf(label, sizeof label, "new size for store %zu: ", store);
        size_exact(s->range_size, initial, sizeof initial);
        p.check = resize_check, p.done = resize_done;
        break;
    case TUI_STORE_EXPORT:
        snprintf(label, sizeof label, "export store %zu to raw file: ", store);
        snprintf(initial, sizeof initial, "store%zu.raw", store);
        p.complete = tui_complete_files, p.check = export_check, p.done = export_done;
        break;
    case TUI_STORE_IMPORT:
        snprintf(label, sizeof label, "import into store %zu from raw file: ", store);
        p.complete = tui_complete_files, p.check = import_check, p.done = import_done;
        break;
    }
    tui_prompt(t, &p);
}

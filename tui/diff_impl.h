/* Inside the diff view, shared by its files: diff.c (view, rows, keys, actions),
 * diff_work.c (the worker thread comparing the stores) and diff_draw.c. */
#ifndef GW_TUI_DIFF_IMPL_H
#define GW_TUI_DIFF_IMPL_H

#include "tui/diff.h"

#include "core/checkpoint/cpt_diff.h"
#include "core/util/err.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PREVIEW 32              /* bytes of each side kept per range for the preview */
#define MAX_RANGES 50000        /* ranges listed; the counts go on past it */

/* ---- What the worker finds, store pair by store pair --------------------------- */

enum dstate { DS_WAIT, DS_RUN, DS_SAME, DS_EQUAL, DS_DIFF, DS_MISSING, DS_ERROR };

struct dstore {
    enum dstate state;
    bool have_sizes;
    uint64_t size_a, size_b;    /* decoded (or range_size for identical files) */
    uint64_t ranges, bytes;     /* all of them, listed or not */
    char note[ERR_LEN];         /* why it is missing or failed */
};

struct drange {
    size_t store;
    uint64_t off, len;
    uint64_t base;              /* store offset of a[0]: off rounded down to 8 */
    uint8_t n;                  /* preview bytes valid */
    uint8_t a[PREVIEW], b[PREVIEW];
};

/* Shared by the view and its worker; everything below mu is read and written under it. */
struct diff_work {
    atomic_int cancel;
    char *dir_a, *dir_b;        /* the worker opens its own checkpoints */
    size_t nstores;
    pthread_mutex_t mu;
    unsigned gen;               /* bumped on every change of stores or ranges */
    struct dstore *stores;
    struct drange *ranges;
    size_t nranges, cap;
    size_t cur;                 /* the pair being compared */
    const char *step;           /* "checking", "decoding", "comparing" */
    uint64_t done, total;
    bool finished;
    char error[ERR_LEN];        /* the worker could not start comparing */
};

/* ---- The view's state: its own copies of what the worker found, and the rows ---- */

enum drow_kind { ROW_CPT_HEAD, ROW_CPT, ROW_STORE, ROW_SIZE, ROW_RANGE, ROW_MORE };

struct drow {
    enum drow_kind kind;
    size_t i;                   /* the change, store or range */
};

struct diffv {
    struct ckpt *ck;            /* borrowed: the inspector's */
    struct ckpt *other;         /* owned */
    char *other_dir;
    struct cpt_diff cpt;
    struct diff_work *job;
    pthread_t thread;
    bool running;               /* the thread is still to be joined */
    unsigned gen;               /* job->gen last copied */
    struct dstore *stores;      /* copies, job->nstores of them */
    struct drange *ranges;
    size_t nranges, cap;
    const char *step;
    uint64_t done, total;
    size_t cur;
    bool finished;
    char error[ERR_LEN];
    struct drow *rows;
    size_t nrows, rows_cap;
    size_t sel, top;            /* sel == SIZE_MAX: nothing selected yet */
    int list_rows;
};

/* diff.c */
bool diff_size_finding(const struct dstore *d);   /* sizes known and different */
bool diff_selectable(const struct diffv *v, const struct drow *r);

/* diff_work.c */
/* Starts the worker on n store pairs of v->ck and v->other: 0, or an errno value. */
int diff_work_start(struct diffv *v, size_t n);
/* Cancels and joins a running worker and frees it. */
void diff_work_stop(struct diffv *v);
/* Copies what is new from the worker; true when the stores or ranges changed, *moved
 * when only the progress did. Joins the worker once it has finished. */
bool diff_work_copy(struct diffv *v, bool *moved);

/* diff_draw.c */
void diff_draw(struct tui *t, const void *priv, struct tui_rect body);
int diff_list_rows(struct tui_rect body);         /* rows of changes the list shows */

#endif

/* The diff view's worker: a thread that opens both checkpoints again and compares their
 * stores pair by pair (decoding takes seconds on GiB stores), publishing states and
 * ranges under a mutex; the view's tick copies what is new. */
#include "tui/diff_impl.h"

#include "core/checkpoint/checkpoint.h"
#include "core/checkpoint/ckpt_mem.h"
#include "core/pmem/pmem_diff.h"
#include "core/util/filecmp.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


static void work_publish(struct diff_work *j, size_t i, const struct dstore *d)
{
    pthread_mutex_lock(&j->mu);
    j->stores[i] = *d;
    j->cur = i;
    j->gen++;
    pthread_mutex_unlock(&j->mu);
}

static void work_step(struct diff_work *j, const char *step, uint64_t done, uint64_t total)
{
    pthread_mutex_lock(&j->mu);
    j->step = step;
    j->done = done;
    j->total = total;
    pthread_mutex_unlock(&j->mu);
}

/* Decoding both sides reports as one step over both files. */
struct decode_prog {
    struct diff_work *j;
    uint64_t base, total;
};

static int on_decode(void *arg, const char *step, uint64_t done, uint64_t total)
{
    struct decode_prog *p = arg;
    (void)step, (void)total;
    work_step(p->j, "decoding", p->base + done, p->total);
    return atomic_load(&p->j->cancel);
}

/* file_same_bytes' progress: the bar says "checking", Esc cancels. */
static int on_check(void *arg, uint64_t done, uint64_t total)
{
    struct diff_work *j = arg;
    work_step(j, "checking", done, total);
    return atomic_load(&j->cancel);
}

struct ranger {
    struct diff_work *j;
    size_t store;
    const uint8_t *a, *b;       /* the decoded images */
    uint64_t size;              /* the smaller of the two */
};

/* pmem_diff's callback: keeps the range with the first bytes of both sides. */
static int on_range(void *arg, uint64_t off, uint64_t len)
{
    struct ranger *r = arg;
    struct diff_work *j = r->j;
    struct drange d = { .store = r->store, .off = off, .len = len, .base = off & ~7ull };
    uint64_t left = r->size - d.base;
    d.n = (uint8_t)(left < PREVIEW ? left : PREVIEW);
    memcpy(d.a, r->a + d.base, d.n);
    memcpy(d.b, r->b + d.base, d.n);
    pthread_mutex_lock(&j->mu);
    if (j->nranges == j->cap && j->cap < MAX_RANGES) {
        size_t cap = j->cap ? j->cap * 2 : 64;
        struct drange *p = realloc(j->ranges, sizeof *p * cap);
        if (p)
            j->ranges = p, j->cap = cap;
    }
    if (j->nranges < j->cap)
        j->ranges[j->nranges++] = d;
    j->gen++;
    pthread_mutex_unlock(&j->mu);
    return atomic_load(&j->cancel);
}

static int diff_stores(struct diff_work *j, const struct ckpt *a, const struct ckpt *b, size_t i,
                       struct dstore *d, char *err)
{
    struct pmem *pa = NULL, *pb = NULL;
    struct decode_prog dp = { j, 0, a->stores[i].file_bytes + b->stores[i].file_bytes };
    struct ckpt_progress pr = { on_decode, &dp };
    int rc = ckpt_mem_open(a, i, &pa, err);
    if (rc == 0)
        rc = ckpt_mem_open(b, i, &pb, err);
    if (rc == 0)
        rc = ckpt_mem_decode(pa, &pr, err);
    dp.base = a->stores[i].file_bytes;
    if (rc == 0)
        rc = ckpt_mem_decode(pb, &pr, err);
    struct pmem_diff_stats st;
    if (rc == 0) {
        struct pmem_info ia, ib;
        pmem_info(pa, &ia);
        pmem_info(pb, &ib);
        struct ranger r = { j, i, pmem_data(pa), pmem_data(pb),
                            ia.size < ib.size ? ia.size : ib.size };
        work_step(j, "comparing", 0, 0);
        rc = pmem_diff(pa, pb, 0, on_range, &r, &st, err);
    }
    if (rc == 0) {
        *d = (struct dstore){ .have_sizes = true, .size_a = st.size_a, .size_b = st.size_b,
                              .ranges = st.ranges, .bytes = st.bytes };
        d->state = st.ranges || st.size_a != st.size_b ? DS_DIFF : DS_EQUAL;
    }
    pmem_close(pa);
    pmem_close(pb);
    return rc;
}

static void compare_pair(struct diff_work *j, const struct ckpt *a, const struct ckpt *b, size_t i)
{
    struct dstore d = { .state = DS_RUN };
    char err[ERR_LEN];
    work_publish(j, i, &d);
    if (i >= a->nstores || i >= b->nstores) {
        d.state = DS_MISSING;
        snprintf(d.note, sizeof d.note, "only in %s", i >= a->nstores ? "the other checkpoint"
                                                                     : "this checkpoint");
    } else if (!a->stores[i].file_exists || !b->stores[i].file_exists) {
        const struct ckpt_store *s = !a->stores[i].file_exists ? &a->stores[i] : &b->stores[i];
        d.state = DS_ERROR;
        snprintf(d.note, sizeof d.note, "store file %s is missing",
                 s->file_path ? s->file_path : s->section_name);
    } else {
        int same = file_same_bytes(a->stores[i].file_path, b->stores[i].file_path, on_check, j, err);
        if (same == 1)
            d = (struct dstore){ .state = DS_SAME, .have_sizes = true,
                                 .size_a = a->stores[i].range_size,
                                 .size_b = b->stores[i].range_size };
        else if (same < 0 || diff_stores(j, a, b, i, &d, err) != 0)
            d = (struct dstore){ .state = DS_ERROR };
        if (d.state == DS_ERROR)
            snprintf(d.note, sizeof d.note, "%s", err);
    }
    work_publish(j, i, &d);
}

static void *work_main(void *arg)
{
    struct diff_work *j = arg;
    struct ckpt *a = NULL, *b = NULL;
    char err[ERR_LEN] = "";
    if (ckpt_open(j->dir_a, NULL, &a, err) == 0 && ckpt_open(j->dir_b, NULL, &b, err) == 0)
        for (size_t i = 0; i < j->nstores && !atomic_load(&j->cancel); i++)
            compare_pair(j, a, b, i);
    ckpt_close(a);
    ckpt_close(b);
    pthread_mutex_lock(&j->mu);
    snprintf(j->error, sizeof j->error, "%s", err);
    j->finished = true;
    j->gen++;
    pthread_mutex_unlock(&j->mu);
    return NULL;
}

static void work_free(struct diff_work *j)
{
    if (!j)
        return;
    pthread_mutex_destroy(&j->mu);
    free(j->dir_a);
    free(j->dir_b);
    free(j->stores);
    free(j->ranges);
    free(j);
}

static struct diff_work *work_new(const char *a, const char *b, size_t nstores)
{
    struct diff_work *j = calloc(1, sizeof *j);
    if (!j)
        return NULL;
    pthread_mutex_init(&j->mu, NULL);
    atomic_init(&j->cancel, 0);
    j->dir_a = strdup(a);
    j->dir_b = strdup(b);
    j->nstores = nstores;
    j->stores = calloc(nstores ? nstores : 1, sizeof *j->stores);
    j->step = "waiting";
    if (!j->dir_a || !j->dir_b || !j->stores) {
        work_free(j);
        return NULL;
    }
    return j;
}

/* ---- Copying from the worker ---------------------------------------------------- */

static void copy_ranges(struct diffv *v, const struct diff_work *j)
{
    if (j->nranges == v->nranges)
        return;
    if (j->nranges > v->cap) {
        struct drange *p = realloc(v->ranges, sizeof *p * j->nranges);
        if (!p)
            return;   /* shown on the next tick, with memory again */
        v->ranges = p;
        v->cap = j->nranges;
    }
    memcpy(v->ranges + v->nranges, j->ranges + v->nranges,
           sizeof *v->ranges * (j->nranges - v->nranges));
    v->nranges = j->nranges;
}

bool diff_work_copy(struct diffv *v, bool *moved)
{
    struct diff_work *j = v->job;
    pthread_mutex_lock(&j->mu);
    bool changed = j->gen != v->gen;
    uint64_t pct = v->total ? v->done * 100 / v->total : 0;
    *moved = j->step != v->step || (j->total ? j->done * 100 / j->total : 0) != pct;
    if (changed) {
        memcpy(v->stores, j->stores, sizeof *v->stores * j->nstores);
        copy_ranges(v, j);
        v->gen = j->gen;
        v->finished = j->finished;
        snprintf(v->error, sizeof v->error, "%s", j->error);
    }
    v->step = j->step;
    v->done = j->done;
    v->total = j->total;
    v->cur = j->cur;
    pthread_mutex_unlock(&j->mu);
    if (v->finished && v->running) {
        pthread_join(v->thread, NULL);
        v->running = false;
    }
    return changed;
}

/* ---- Starting and stopping -------------------------------------------------------- */

int diff_work_start(struct diffv *v, size_t n)
{
    v->job = work_new(v->ck->dir, v->other->dir, n);
    v->stores = calloc(n ? n : 1, sizeof *v->stores);
    int rc = v->job && v->stores ? pthread_create(&v->thread, NULL, work_main, v->job) : ENOMEM;
    v->running = rc == 0;
    return rc;
}

void diff_work_stop(struct diffv *v)
{
    if (v->job && v->running) {
        atomic_store(&v->job->cancel, 1);
        pthread_join(v->thread, NULL);
    }
    v->running = false;
    work_free(v->job);
    v->job = NULL;
}

/* The decoder's page stage on a second thread: a decoded buffer is checked page by page
 * (zero or not) and its non-zero runs handed to the sink, overlapping the inflater. */
#include "core/pmem/pmem_emit.h"
#include "core/pmem/pmem_crc.h"
#include "core/util/err.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define QUEUE 8   /* buffers in flight: dense stretches take the page thread longer */

struct emitter {
    const struct pmem_decode_sink *sink;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct slot {
        uint8_t *buf;           /* owned while queued */
        size_t len;
        uint64_t base;
        struct emit_mark *marks;   /* owned, grown as needed */
        size_t nmarks, cap;
    } q[QUEUE];                 /* in stream order from head */
    unsigned head, queued;
    uint8_t *spare[QUEUE];      /* owned: free buffers */
    unsigned nspare, allocated; /* buffers made so far (made as needed: small stores need
                                   one) */
    size_t cap;
    uint64_t nonzero;
    const char *path;
    bool check_crc;
    uint32_t crc;               /* of the current member's bytes so far */
    bool stop, failed;
    char err[ERR_LEN];
};

/* Hands the non-zero pages among len bytes at stream offset base to the sink. */
static int emit_pages(struct emitter *e, const uint8_t *buf, size_t len, uint64_t base,
                      char *err)
{
    size_t run = 0, off = 0;
    while (off < len) {
        size_t n = len - off < PMEM_PAGE ? len - off : PMEM_PAGE;
        bool zero = pmem_page_is_zero(buf + off, n);
        if (!zero) {
            e->nonzero++;
            run += n;
        }
        if ((zero || off + n == len) && run > 0) {
            size_t start = zero ? off - run : off + n - run;
            if (e->sink->pages(e->sink->arg, base + start, buf + start, run, err) != 0)
                return -1;
            run = 0;
        }
        off += n;
    }
    if (e->sink->decoded)
        e->sink->decoded(e->sink->arg, base + len);
    return 0;
}

/* CRCs the buffer's bytes member by member, checking each member that ends in it. */
static int check_crcs(struct emitter *e, const struct slot *sl, char *err)
{
    uint64_t pos = sl->base;
    for (size_t i = 0; i < sl->nmarks; i++) {
        const struct emit_mark *m = &sl->marks[i];
        e->crc = pmem_crc32(e->crc, sl->buf + (pos - sl->base), (size_t)(m->end - pos));
        pos = m->end;
        if (e->crc != m->want_crc)
            return err_set(err, "%s: gzip member %u is corrupt at compressed offset %llu "
                           "(incorrect data check: the CRC-32 does not match)", e->path,
                           m->member, (unsigned long long)m->trailer_off);
        e->crc = 0;
    }
    e->crc = pmem_crc32(e->crc, sl->buf + (pos - sl->base), (size_t)(sl->base + sl->len - pos));
    return 0;
}

static void *emit_main(void *arg)
{
    struct emitter *e = arg;
    char err[ERR_LEN] = "";
    pthread_mutex_lock(&e->mu);
    for (;;) {
        while (!e->queued && !e->stop)
            pthread_cond_wait(&e->cv, &e->mu);
        if (!e->queued)
            break;
        struct slot *sl = &e->q[e->head];
        uint8_t *buf = sl->buf;
        bool skip = e->failed;
        pthread_mutex_unlock(&e->mu);
        int rc = skip ? 0 : emit_pages(e, buf, sl->len, sl->base, err);
        if (rc == 0 && !skip && e->check_crc)
            rc = check_crcs(e, sl, err);
        pthread_mutex_lock(&e->mu);
        if (rc != 0) {
            e->failed = true;
            snprintf(e->err, sizeof e->err, "%s", err);
        }
        e->head = (e->head + 1) % QUEUE;
        e->queued--;
        e->spare[e->nspare++] = buf;
        pthread_cond_broadcast(&e->cv);
    }
    pthread_mutex_unlock(&e->mu);
    return NULL;
}

int emitter_start(struct emitter **out, const struct pmem_decode_sink *sink, size_t cap,
                  const char *path, char *err)
{
    struct emitter *e = calloc(1, sizeof *e);
    if (!e)
        return err_set(err, "%s: out of memory for the decode buffers", path);
    e->cap = cap;
    e->allocated = 1;   /* the caller's */
    e->sink = sink;
    e->path = path;
    pthread_mutex_init(&e->mu, NULL);
    pthread_cond_init(&e->cv, NULL);
    int rc = pthread_create(&e->thread, NULL, emit_main, e);
    if (rc != 0) {
        free(e);
        return err_sys(err, rc, "%s: cannot start the decoder's page thread", path);
    }
    *out = e;
    return 0;
}

void emitter_check_crc(struct emitter *e, bool on)
{
    e->check_crc = on;
}

/* Copies the marks into the slot (the caller holds mu; the slot is free). */
static int keep_marks(struct emitter *e, struct slot *sl, const struct emit_mark *marks,
                      size_t n, char *err)
{
    if (n > sl->cap) {
        struct emit_mark *p = realloc(sl->marks, n * sizeof *p);
        if (!p)
            return err_set(err, "%s: out of memory for the member table", e->path);
        sl->marks = p;
        sl->cap = n;
    }
    if (n)
        memcpy(sl->marks, marks, n * sizeof *marks);
    sl->nmarks = n;
    return 0;
}

int emitter_push(struct emitter *e, uint8_t **buf, size_t len, uint64_t base,
                 const struct emit_mark *marks, size_t nmarks, bool last, char *err)
{
    pthread_mutex_lock(&e->mu);
    if (!last && !e->nspare && e->allocated < QUEUE && (e->spare[0] = malloc(e->cap))) {
        e->nspare = 1;
        e->allocated++;
    }
    while (!last && !e->nspare && !e->failed)
        pthread_cond_wait(&e->cv, &e->mu);
    int rc = e->failed ? err_set(err, "%s", e->err) : 0;
    unsigned tail = (e->head + e->queued) % QUEUE;
    if (rc == 0)
        rc = keep_marks(e, &e->q[tail], marks, nmarks, err);
    if (rc == 0) {
        e->q[tail].buf = *buf;
        e->q[tail].len = len;
        e->q[tail].base = base;
        e->queued++;
        *buf = last ? NULL : e->spare[--e->nspare];
        pthread_cond_broadcast(&e->cv);
    }
    pthread_mutex_unlock(&e->mu);
    return rc;
}

int emitter_finish(struct emitter *e, uint64_t *nonzero_pages, char *err)
{
    if (!e)
        return 0;
    pthread_mutex_lock(&e->mu);
    while (e->queued)
        pthread_cond_wait(&e->cv, &e->mu);
    int rc = e->failed ? err_set(err, "%s", e->err) : 0;
    e->stop = true;
    pthread_cond_broadcast(&e->cv);
    pthread_mutex_unlock(&e->mu);
    pthread_join(e->thread, NULL);
    if (nonzero_pages)
        *nonzero_pages = e->nonzero;
    while (e->nspare)
        free(e->spare[--e->nspare]);
    for (unsigned i = 0; i < QUEUE; i++)
        free(e->q[i].marks);
    pthread_mutex_destroy(&e->mu);
    pthread_cond_destroy(&e->cv);
    free(e);
    return rc;
}

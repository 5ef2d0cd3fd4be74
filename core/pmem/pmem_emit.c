/* The decoder's page stage on a second thread: a decoded buffer is checked page by page
 * (zero or not) and its non-zero runs handed to the sink, overlapping the inflater. */
#include "core/pmem/pmem_emit.h"
#include "core/util/err.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

struct emitter {
    const struct pmem_decode_sink *sink;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    uint8_t *work;              /* the buffer being checked (owned while busy) */
    uint8_t *spare;             /* owned: the free buffer */
    size_t len;
    uint64_t base, nonzero;
    bool busy, stop, failed;
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

static void *emit_main(void *arg)
{
    struct emitter *e = arg;
    char err[ERR_LEN] = "";
    pthread_mutex_lock(&e->mu);
    for (;;) {
        while (!e->busy && !e->stop)
            pthread_cond_wait(&e->cv, &e->mu);
        if (!e->busy)
            break;
        pthread_mutex_unlock(&e->mu);
        int rc = e->failed ? 0 : emit_pages(e, e->work, e->len, e->base, err);
        pthread_mutex_lock(&e->mu);
        if (rc != 0) {
            e->failed = true;
            snprintf(e->err, sizeof e->err, "%s", err);
        }
        e->busy = false;
        pthread_cond_broadcast(&e->cv);
    }
    pthread_mutex_unlock(&e->mu);
    return NULL;
}

int emitter_start(struct emitter **out, const struct pmem_decode_sink *sink, size_t cap,
                  const char *path, char *err)
{
    struct emitter *e = calloc(1, sizeof *e);
    if (!e || !(e->spare = malloc(cap))) {
        free(e);
        return err_set(err, "%s: out of memory for the decode buffers", path);
    }
    e->sink = sink;
    pthread_mutex_init(&e->mu, NULL);
    pthread_cond_init(&e->cv, NULL);
    int rc = pthread_create(&e->thread, NULL, emit_main, e);
    if (rc != 0) {
        free(e->spare);
        free(e);
        return err_sys(err, rc, "%s: cannot start the decoder's page thread", path);
    }
    *out = e;
    return 0;
}

/* Waits until the worker is idle; the caller holds mu. */
static int wait_idle(struct emitter *e, char *err)
{
    while (e->busy)
        pthread_cond_wait(&e->cv, &e->mu);
    return e->failed ? err_set(err, "%s", e->err) : 0;
}

int emitter_push(struct emitter *e, uint8_t **buf, size_t len, uint64_t base, char *err)
{
    pthread_mutex_lock(&e->mu);
    int rc = wait_idle(e, err);
    if (rc == 0) {
        uint8_t *free_buf = e->work ? e->work : e->spare;
        if (!e->work)
            e->spare = NULL;
        e->work = *buf;
        e->len = len;
        e->base = base;
        e->busy = true;
        *buf = free_buf;
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
    int rc = wait_idle(e, err);
    e->stop = true;
    pthread_cond_broadcast(&e->cv);
    pthread_mutex_unlock(&e->mu);
    pthread_join(e->thread, NULL);
    if (nonzero_pages)
        *nonzero_pages = e->nonzero;
    free(e->work);
    free(e->spare);
    pthread_mutex_destroy(&e->mu);
    pthread_cond_destroy(&e->cv);
    free(e);
    return rc;
}

/* Committing a store: chunks encoded in parallel as gzip members (all-zero chunks from one
 * precomputed member, unchanged chunks of a chunked store copied), written in order. */
#include "core/pmem/pmem_impl.h"
#include "core/pmem/pmem_encode.h"
#include "core/util/fileio.h"
#include "core/util/txn.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SLOTS 16u
#define MAX_THREADS 8u

enum kind { K_ENCODE, K_ZERO, K_COPY };
enum state { S_EMPTY, S_BUSY, S_READY };

struct slot {
    enum state state;
    enum kind kind;
    uint8_t *buf;         /* owned: the encoded member */
    size_t len, cap;
};

struct commit {
    struct pmem *pm;
    int fd;
    bool reuse;           /* the file is chunked and unchanged: copy clean chunks */
    uint64_t nchunks;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    uint64_t next_claim, next_write;
    struct slot slots[SLOTS];
    bool failed;
    char err[ERR_LEN];
    struct pmem_member *out;   /* owned until handed to pm */
    uint64_t copy_off, copy_len;   /* clean members not yet copied: one contiguous run */
    uint8_t *wbuf;                 /* owned: small members gathered into larger writes */
    size_t wlen;
};

#define WBUF (128u << 10)   /* small: each first touch of a fresh page costs a fault */

static uint64_t chunk_len(const struct commit *c, uint64_t i)
{
    uint64_t start = i * PMEM_CHUNK, size = c->pm->size;
    return size - start < PMEM_CHUNK ? size - start : PMEM_CHUNK;
}

static bool chunk_zero(const struct commit *c, uint64_t i)
{
    if (chunk_len(c, i) != PMEM_CHUNK)
        return false;
    /* a chunk is 1024 pages, a whole number of page-map words */
    const uint64_t per = PMEM_CHUNK / PMEM_PAGE / 64, *w = c->pm->bits + i * per;
    for (uint64_t k = 0; k < per; k++)
        if (w[k])
            return false;
    return true;
}

static enum kind classify(const struct commit *c, uint64_t i)
{
    if (c->reuse && !c->pm->dirty[i] && i < c->pm->nmembers &&
        c->pm->members[i].out_len == chunk_len(c, i))
        return K_COPY;
    return chunk_zero(c, i) ? K_ZERO : K_ENCODE;
}

static void fail(struct commit *c, const char *err)
{
    if (!c->failed)
        snprintf(c->err, sizeof c->err, "%s", err);
    c->failed = true;
    pthread_cond_broadcast(&c->cv);
}

static int fill_slot(struct commit *c, struct pmem_encoder *e, struct slot *s, uint64_t i,
                     char *err)
{
    s->kind = classify(c, i);
    if (s->kind != K_ENCODE)
        return 0;
    const uint8_t *m;
    size_t n;
    if (pmem_encode_pages(e, c->pm->img + i * PMEM_CHUNK, (size_t)chunk_len(c, i), c->pm->bits,
                          i * (PMEM_CHUNK / PMEM_PAGE), &m, &n, err) != 0)
        return -1;
    if (n > s->cap) {
        uint8_t *p = realloc(s->buf, n);
        if (!p)
            return err_set(err, "out of memory for an encoded chunk");
        s->buf = p;
        s->cap = n;
    }
    memcpy(s->buf, m, n);
    s->len = n;
    return 0;
}

static void *worker(void *arg)
{
    struct commit *c = arg;
    char err[ERR_LEN] = "";
    struct pmem_encoder *e = pmem_encoder_new(c->pm->opts.backend);
    pthread_mutex_lock(&c->mu);
    if (!e)
        fail(c, "out of memory for a compressor");
    while (!c->failed) {
        while (!c->failed && c->next_claim < c->nchunks && c->next_claim - c->next_write >= SLOTS)
            pthread_cond_wait(&c->cv, &c->mu);
        if (c->failed || c->next_claim >= c->nchunks)
            break;
        uint64_t i = c->next_claim++;
        struct slot *s = &c->slots[i % SLOTS];
        s->state = S_BUSY;
        pthread_mutex_unlock(&c->mu);
        int rc = fill_slot(c, e, s, i, err);
        pthread_mutex_lock(&c->mu);
        if (rc != 0)
            fail(c, err);
        s->state = S_READY;
        pthread_cond_broadcast(&c->cv);
    }
    pthread_mutex_unlock(&c->mu);
    pmem_encoder_free(e);
    return NULL;
}

static int write_all(int fd, const uint8_t *p, size_t len, const char *path, char *err)
{
    while (len > 0) {
        ssize_t w = write(fd, p, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return err_sys(err, errno, "%s: cannot write the new store (nothing was changed)",
                           path);
        p += w;
        len -= (size_t)w;
    }
    return 0;
}

/* Copies the pending run of clean members from the current file: in the kernel where it
 * can, in one go for neighbouring members. */
static int wbuf_flush(struct commit *c, char *err)
{
    int rc = write_all(c->fd, c->wbuf, c->wlen, c->pm->path, err);
    c->wlen = 0;
    return rc;
}

/* Writes through the buffer: hundreds of 4 KiB zero members become a few writes. */
static int put_bytes(struct commit *c, const uint8_t *p, size_t n, char *err)
{
    if (c->wlen + n > WBUF && wbuf_flush(c, err) != 0)
        return -1;
    if (n > WBUF)
        return write_all(c->fd, p, n, c->pm->path, err);
    memcpy(c->wbuf + c->wlen, p, n);
    c->wlen += n;
    return 0;
}

static int copy_pending(struct commit *c, char *err)
{
    if (c->wlen && wbuf_flush(c, err) != 0)   /* the copy goes to the file's offset */
        return -1;
    off_t in = (off_t)c->copy_off;
    uint64_t left = c->copy_len;
    c->copy_len = 0;
    while (left > 0) {
        /* 8 MiB at a time, each handed to writeback at once, so the disk writes while
         * the rest is copied and the final fsync has little left to wait for */
        off_t out = lseek(c->fd, 0, SEEK_CUR);
        ssize_t n = copy_file_range(c->pm->fd, &in, c->fd, NULL, left < (8u << 20) ? left : 8u << 20, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        sync_file_range(c->fd, out, n, SYNC_FILE_RANGE_WRITE);
        left -= (uint64_t)n;
    }
    uint8_t buf[1 << 16];
    while (left > 0) {   /* no copy_file_range here (or it stopped): plain reads */
        ssize_t n = pread(c->pm->fd, buf, left < sizeof buf ? left : sizeof buf, in);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return err_sys(err, n < 0 ? errno : EIO, "%s: cannot read the store's chunk at "
                           "offset %lld", c->pm->path, (long long)in);
        if (write_all(c->fd, buf, (size_t)n, c->pm->path, err) != 0)
            return -1;
        in += n;
        left -= (uint64_t)n;
    }
    return 0;
}

static int write_chunk(struct commit *c, uint64_t i, struct slot *s, uint64_t *at,
                       struct pmem_commit_stats *st, char *err)
{
    const uint8_t *p = s->buf;
    size_t n = s->len;
    int rc = 0;
    if (s->kind == K_COPY) {
        const struct pmem_member *m = &c->pm->members[i];
        n = (size_t)m->in_len;
        if (c->copy_len && c->copy_off + c->copy_len != m->in_off)
            rc = copy_pending(c, err);
        if (!c->copy_len)
            c->copy_off = m->in_off;
        c->copy_len += m->in_len;
        st->copied++;
    } else {
        if (s->kind == K_ZERO && pmem_zero_member(&p, &n, err) != 0)
            return -1;
        if (c->copy_len && copy_pending(c, err) != 0)
            return -1;
        rc = put_bytes(c, p, n, err);
        s->kind == K_ZERO ? st->zero++ : st->encoded++;
    }
    c->out[i] = (struct pmem_member){ .in_off = *at, .in_len = n, .out_off = i * PMEM_CHUNK,
                                      .out_len = chunk_len(c, i) };
    *at += n;
    return rc;
}

static int write_in_order(struct commit *c, pmem_progress_fn progress, void *arg,
                          struct pmem_commit_stats *st, char *err)
{
    uint64_t at = 0;
    for (uint64_t i = 0; i < c->nchunks; i++) {
        struct slot *s = &c->slots[i % SLOTS];
        pthread_mutex_lock(&c->mu);
        while (!c->failed && !(s->state == S_READY && c->next_claim > i))
            pthread_cond_wait(&c->cv, &c->mu);
        bool failed = c->failed;
        pthread_mutex_unlock(&c->mu);
        if (failed)
            return err_set(err, "%s", c->err);
        int rc = write_chunk(c, i, s, &at, st, err);
        pthread_mutex_lock(&c->mu);
        s->state = S_EMPTY;
        c->next_write++;
        if (rc != 0)
            fail(c, err);
        pthread_cond_broadcast(&c->cv);
        pthread_mutex_unlock(&c->mu);
        if (rc != 0)
            return -1;
        if (progress && progress(arg, i + 1, c->nchunks) != 0) {
            pthread_mutex_lock(&c->mu);
            fail(c, "cancelled");
            pthread_mutex_unlock(&c->mu);
            return err_set(err, "%s: commit cancelled; nothing was changed", c->pm->path);
        }
    }
    st->bytes_written = at;
    if (c->copy_len && copy_pending(c, err) != 0)
        return -1;
    return c->wlen ? wbuf_flush(c, err) : 0;
}

/* Chunks of the current file may be copied only if it is still the file decoded. */
static bool file_unchanged(struct pmem *pm)
{
    struct stat now, at_path;
    return fstat(pm->fd, &now) == 0 && stat(pm->path, &at_path) == 0 &&
           now.st_ino == pm->st.st_ino && now.st_dev == pm->st.st_dev &&
           now.st_size == pm->st.st_size && now.st_mtim.tv_sec == pm->st.st_mtim.tv_sec &&
           now.st_mtim.tv_nsec == pm->st.st_mtim.tv_nsec && at_path.st_ino == now.st_ino &&
           at_path.st_dev == now.st_dev;
}

static unsigned thread_count(uint64_t nchunks)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned t = n < 1 ? 1u : n > (long)MAX_THREADS ? MAX_THREADS : (unsigned)n;
    return nchunks < t ? (nchunks ? (unsigned)nchunks : 1u) : t;
}

static int run_pipeline(struct commit *c, pmem_progress_fn progress, void *arg,
                        struct pmem_commit_stats *st, char *err)
{
    pthread_t th[MAX_THREADS];
    unsigned started = 0;
    for (; started < st->threads; started++)
        if (pthread_create(&th[started], NULL, worker, c) != 0)
            break;
    int rc = started ? write_in_order(c, progress, arg, st, err)
                     : err_set(err, "%s: cannot start the compression threads", c->pm->path);
    pthread_mutex_lock(&c->mu);
    if (rc != 0)
        fail(c, err);
    pthread_mutex_unlock(&c->mu);
    for (unsigned i = 0; i < started; i++)
        pthread_join(th[i], NULL);
    st->threads = started;
    return rc;
}

int pmem_encode_to(struct pmem *pm, int fd, pmem_progress_fn progress, void *arg,
                   struct pmem_commit_stats *stats, char *err)
{
    struct pmem_commit_stats st = { 0 };
    if (pmem_wait(pm, UINT64_MAX, NULL, NULL, err) != 0)
        return -1;
    struct commit c = { .pm = pm, .fd = fd, .reuse = pmem_is_chunked(pm) && file_unchanged(pm),
                        .nchunks = (pm->size + PMEM_CHUNK - 1) / PMEM_CHUNK };
    const uint8_t *zm;
    size_t zn;
    if (pmem_zero_member(&zm, &zn, err) != 0)
        return -1;
    if (c.nchunks == 0)   /* an empty store is still one (empty) gzip member */
        c.nchunks = 1;
    st.chunks = c.nchunks;
    st.threads = thread_count(c.nchunks);
    c.out = calloc(c.nchunks ? c.nchunks : 1, sizeof *c.out);
    c.wbuf = malloc(WBUF);
    if (!c.out || !c.wbuf) {
        free(c.out);
        free(c.wbuf);
        return err_set(err, "%s: out of memory for the member table", pm->path);
    }
    pthread_mutex_init(&c.mu, NULL);
    pthread_cond_init(&c.cv, NULL);
    int rc = run_pipeline(&c, progress, arg, &st, err);
    for (unsigned i = 0; i < SLOTS; i++)
        free(c.slots[i].buf);
    free(c.wbuf);
    pthread_mutex_destroy(&c.mu);
    pthread_cond_destroy(&c.cv);
    free(pm->pending);
    pm->pending = rc == 0 ? c.out : NULL;   /* the new file's; pmem_committed takes it */
    pm->npending = rc == 0 ? (size_t)c.nchunks : 0;
    if (rc != 0)
        free(c.out);
    if (stats)
        *stats = st;
    return rc;
}

int pmem_committed(struct pmem *pm, char *err)
{
    int fd = open(pm->path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        if (fd >= 0)
            close(fd);
        return err_sys(err, errno, "%s: cannot reopen the committed store", pm->path);
    }
    close(pm->fd);
    pm->fd = fd;
    pm->st = st;
    free(pm->members);
    pm->members = pm->pending;
    pm->nmembers = pm->members_cap = pm->npending;
    pm->pending = NULL;
    pm->npending = 0;
    pm->dec.members = (unsigned)pm->nmembers;
    pm->dec.file_bytes = (uint64_t)st.st_size;
    pm->dec.decoded_bytes = pm->size;
    pm->dec.raw = pm->dec.trailing_garbage = false;
    pm->dec.garbage_offset = 0;
    pm->dec.nonzero_pages = pm->nonzero_pages;
    memset(pm->dirty, 0, pm->cap / PMEM_CHUNK);
    pm->any_dirty = false;
    if (!pm->opts.no_cache)
        pmem_cache_save(pm);
    return 0;
}

int pmem_commit(struct pmem *pm, bool force, pmem_progress_fn progress, void *arg,
                struct pmem_commit_stats *stats, char *err)
{
    if (stats)
        *stats = (struct pmem_commit_stats){ 0 };
    if (!pm->any_dirty && !force)
        return 0;
    char dir[4096];
    path_parent(pm->path, dir, sizeof dir);
    const char *name = strrchr(pm->path, '/') ? strrchr(pm->path, '/') + 1 : pm->path;
    struct txn *t;
    int fd;
    if (txn_begin(dir, &t, err) != 0)
        return -1;
    if (txn_file(t, name, &fd, err) != 0 ||
        pmem_encode_to(pm, fd, progress, arg, stats, err) != 0) {
        txn_abort(t);
        return -1;
    }
    if (txn_commit(t, 1, err) != 0)   /* frees t either way */
        return -1;
    return pmem_committed(pm, err);
}

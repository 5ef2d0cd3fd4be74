/* The sparse image of one store: an anonymous mapping written only where pages are
 * non-zero, filled by a background decode that readers wait on only as far as they read. */
#include "core/pmem/pmem_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

static uint64_t round_up(uint64_t v, uint64_t to)
{
    return (v + to - 1) / to * to;
}

int pmem_reserve(struct pmem *pm, uint64_t end, char *err)
{
    if (end <= pm->cap && pm->img)
        return 0;
    uint64_t cap = round_up(end > pm->cap * 2 ? end : pm->cap * 2, PMEM_CHUNK);
    if (cap == 0)
        cap = PMEM_CHUNK;
    void *img = pm->img ? mremap(pm->img, pm->cap, cap, MREMAP_MAYMOVE)
                        : mmap(NULL, cap, PROT_READ | PROT_WRITE,
                               MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (img == MAP_FAILED)
        return err_sys(err, errno, "%s: cannot reserve %llu bytes of address space for the "
                       "image", pm->path, (unsigned long long)cap);
    uint64_t words = pmem_pages_of(cap) / 64 + 1, old_words = pmem_pages_of(pm->cap) / 64 + 1;
    uint64_t *bits = realloc(pm->bits, words * sizeof *bits);
    uint8_t *dirty = bits ? realloc(pm->dirty, cap / PMEM_CHUNK) : NULL;
    if (bits)
        pm->bits = bits;
    pm->img = img;
    if (!bits || !dirty) {
        pm->cap = cap;   /* the mapping did grow */
        return err_set(err, "%s: out of memory for the page map", pm->path);
    }
    if (!pm->cap)
        old_words = 0;
    memset(bits + old_words, 0, (words - old_words) * sizeof *bits);
    memset(dirty + pm->cap / PMEM_CHUNK, 0, (cap - pm->cap) / PMEM_CHUNK);
    pm->dirty = dirty;
    pm->cap = cap;
    return 0;
}

/* ---- the decode thread's sink ---- */

static int sink_pages(void *arg, uint64_t off, const uint8_t *buf, size_t len, char *err)
{
    struct pmem *pm = arg;
    if (off + len > pm->cap) {
        pthread_mutex_lock(&pm->mu);   /* readers copy under the lock: the map may move */
        int rc = pmem_reserve(pm, off + len, err);
        pthread_mutex_unlock(&pm->mu);
        if (rc != 0)
            return -1;
    }
#ifdef MADV_POPULATE_WRITE
    /* one call maps the run's pages: a fault per page costs far more in a VM */
    madvise(pm->img + off, len, MADV_POPULATE_WRITE);
#endif
    memcpy(pm->img + off, buf, len);
    if (!pm->map_known)
        for (uint64_t p = off / PMEM_PAGE; p < pmem_pages_of(off + len); p++)
            pmem_bit_set(pm->bits, p, true);
    return 0;
}

static void sink_decoded(void *arg, uint64_t upto)
{
    struct pmem *pm = arg;
    pthread_mutex_lock(&pm->mu);
    pm->watermark = upto;
    pthread_cond_broadcast(&pm->cv);
    pthread_mutex_unlock(&pm->mu);
}

static int sink_member(void *arg, const struct pmem_member *m, char *err)
{
    struct pmem *pm = arg;   /* built aside: the cache may have given a table already */
    if (pm->nfound == pm->found_cap) {
        size_t cap = pm->found_cap ? pm->found_cap * 2 : 64;
        struct pmem_member *p = realloc(pm->found, cap * sizeof *p);
        if (!p)
            return err_set(err, "%s: out of memory for the member table", pm->path);
        pm->found = p;
        pm->found_cap = cap;
    }
    pm->found[pm->nfound++] = *m;
    return 0;
}

static int sink_progress(void *arg, uint64_t done, uint64_t total)
{
    struct pmem *pm = arg;
    (void)total;
    pthread_mutex_lock(&pm->mu);
    pm->file_done = done;
    bool cancel = pm->cancel;
    pthread_mutex_unlock(&pm->mu);
    return cancel;
}

void *pmem_decode_main(void *arg)
{
    struct pmem *pm = arg;
    struct pmem_decode_sink sink = { .pages = sink_pages, .decoded = sink_decoded,
                                     .member = sink_member, .progress = sink_progress,
                                     .arg = pm, .size_hint = pm->opts.size_hint };
    char err[ERR_LEN] = "";
    struct pmem_decoded dec;
    int rc = pmem_decode_fd(pm->fd, pm->path, pm->opts.backend, &sink, &dec, err);
    pthread_mutex_lock(&pm->mu);
    pm->dec = dec;
    if (rc != 0) {
        pm->failed = true;
        snprintf(pm->derr, sizeof pm->derr, "%s", err);
    } else {
        pm->size = dec.decoded_bytes;
        pm->size_known = true;
        pm->nonzero_pages = dec.nonzero_pages;
        pm->watermark = dec.decoded_bytes;
        pm->map_known = true;
        free(pm->members);
        pm->members = pm->found;
        pm->nmembers = pm->members_cap = pm->nfound;
        pm->found = NULL;
        pm->nfound = pm->found_cap = 0;
    }
    pm->done = true;
    pthread_cond_broadcast(&pm->cv);
    pthread_mutex_unlock(&pm->mu);
    if (rc == 0 && !pm->map_from_cache && !pm->opts.no_cache)
        pmem_cache_save(pm);
    return NULL;
}

/* ---- open, close ---- */

/* A first guess of the size: range_size, the raw file's size, or a single member's
 * ISIZE; the mapping grows if the data turns out longer. */
static uint64_t size_guess(struct pmem *pm)
{
    uint64_t guess = pm->opts.size_hint;
    uint8_t b[4];
    if (pread(pm->fd, b, 2, 0) == 2 && !(b[0] == 0x1f && b[1] == 0x8b))
        return guess > (uint64_t)pm->st.st_size ? guess : (uint64_t)pm->st.st_size;
    if (pm->st.st_size >= 18 && pread(pm->fd, b, 4, pm->st.st_size - 4) == 4) {
        uint64_t isize = b[0] | (uint64_t)b[1] << 8 | (uint64_t)b[2] << 16 |
                         (uint64_t)b[3] << 24;
        if (isize > guess)
            guess = isize;
    }
    return guess;
}

int pmem_open(const char *path, const struct pmem_open_opts *opts, struct pmem **out,
              char *err)
{
    *out = NULL;
    struct pmem *pm = calloc(1, sizeof *pm);
    if (!pm)
        return err_set(err, "%s: out of memory", path);
    pm->fd = -1;
    if (!(pm->path = strdup(path))) {
        free(pm);
        return err_set(err, "%s: out of memory", path);
    }
    if (opts)
        pm->opts = *opts;
    pthread_mutex_init(&pm->mu, NULL);
    pthread_cond_init(&pm->cv, NULL);
    pm->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (pm->fd < 0) {
        err_sys(err, errno, "%s: cannot open the store", path);
        pmem_close(pm);
        return -1;
    }
    if (fstat(pm->fd, &pm->st) != 0 || !S_ISREG(pm->st.st_mode)) {
        err_set(err, "%s: not a regular file", path);
        pmem_close(pm);
        return -1;
    }
    if (!pm->opts.no_cache && pmem_cache_load(pm) == 1) {
        pm->map_known = pm->map_from_cache = pm->size_known = true;
    } else if (pmem_reserve(pm, size_guess(pm), err) != 0) {
        pmem_close(pm);
        return -1;
    }
    *out = pm;
    return 0;
}

void pmem_close(struct pmem *pm)
{
    if (!pm)
        return;
    if (pm->thread_live) {
        pthread_mutex_lock(&pm->mu);
        pm->cancel = true;
        pthread_mutex_unlock(&pm->mu);
        pthread_join(pm->thread, NULL);
    }
    if (pm->img)
        munmap(pm->img, pm->cap);
    if (pm->fd >= 0)
        close(pm->fd);
    pthread_mutex_destroy(&pm->mu);
    pthread_cond_destroy(&pm->cv);
    free(pm->bits);
    free(pm->dirty);
    free(pm->members);
    free(pm->found);
    free(pm->pending);
    free(pm->path);
    free(pm);
}

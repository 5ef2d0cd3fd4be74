/* Using a store's image: start and wait for the decode, the page map, reads, writes and
 * resizing. Reads wait only until the decode has passed what they read. */
#include "core/pmem/pmem_impl.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>


int pmem_start(struct pmem *pm, char *err)
{
    pthread_mutex_lock(&pm->mu);
    int rc = 0;
    if (!pm->started) {
        if (pm->map_from_cache && !pm->img)
            rc = pmem_reserve(pm, pm->size, err);
        if (rc == 0 && (rc = pthread_create(&pm->thread, NULL, pmem_decode_main, pm)) != 0)
            rc = err_sys(err, rc, "%s: cannot start the decode thread", pm->path);
        pm->started = rc == 0;
        pm->thread_live = rc == 0;
    }
    pthread_mutex_unlock(&pm->mu);
    return rc;
}

static int decode_failed(struct pmem *pm, char *err)
{
    return err_set(err, "%s", pm->derr);
}

int pmem_wait(struct pmem *pm, uint64_t end, pmem_progress_fn progress, void *arg,
              char *err)
{
    if (pmem_start(pm, err) != 0)
        return -1;
    pthread_mutex_lock(&pm->mu);
    while (!pm->done && pm->watermark < end) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += 100 * 1000000L;   /* wake for progress ten times a second */
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&pm->cv, &pm->mu, &ts);
        if (progress && !pm->done && progress(arg, pm->file_done, (uint64_t)pm->st.st_size)) {
            pthread_mutex_unlock(&pm->mu);
            return err_set(err, "%s: cancelled", pm->path);
        }
    }
    bool failed = pm->failed;
    pthread_mutex_unlock(&pm->mu);
    if (failed)
        return decode_failed(pm, err);
    if (progress && end == UINT64_MAX)
        progress(arg, (uint64_t)pm->st.st_size, (uint64_t)pm->st.st_size);
    return 0;
}

int pmem_map(struct pmem *pm, pmem_progress_fn progress, void *arg, char *err)
{
    if (pm->map_from_cache)
        return 0;
    return pmem_wait(pm, UINT64_MAX, progress, arg, err);
}

int pmem_progress(struct pmem *pm, uint64_t *done, uint64_t *total, int *state, char *err)
{
    pthread_mutex_lock(&pm->mu);
    *total = (uint64_t)pm->st.st_size;
    *done = pm->done && !pm->failed ? *total : pm->file_done;
    *state = !pm->started ? PMEM_IDLE : !pm->done ? PMEM_RUNNING
           : pm->failed ? PMEM_FAILED : PMEM_DONE;
    if (pm->failed)
        err_set(err, "%s", pm->derr);
    pthread_mutex_unlock(&pm->mu);
    return *state == PMEM_FAILED ? -1 : 0;
}

void pmem_info(struct pmem *pm, struct pmem_info *out)
{
    pthread_mutex_lock(&pm->mu);
    *out = (struct pmem_info){
        .path = pm->path, .file_bytes = (uint64_t)pm->st.st_size,
        .size_known = pm->size_known, .size = pm->size, .pages = pmem_pages_of(pm->size),
        .nonzero_pages = pm->nonzero_pages, .members = pm->dec.members, .raw = pm->dec.raw,
        .trailing_garbage = pm->dec.trailing_garbage,
        .garbage_offset = pm->dec.garbage_offset, .decoded = pm->done && !pm->failed,
        .map_from_cache = pm->map_from_cache, .dirty = pm->any_dirty,
        .backend = pm->dec.backend,
    };
    out->chunked = pm->map_known && pmem_is_chunked(pm);
    pthread_mutex_unlock(&pm->mu);
}

const uint64_t *pmem_page_bits(struct pmem *pm, uint64_t *npages)
{
    *npages = pmem_pages_of(pm->size);
    return pm->bits;
}

bool pmem_page_nonzero(struct pmem *pm, uint64_t page)
{
    return page < pmem_pages_of(pm->size) && pmem_bit(pm->bits, page);
}

const uint8_t *pmem_data(struct pmem *pm)
{
    return pm->img;
}

static int out_of_range(struct pmem *pm, uint64_t off, uint64_t len, char *err)
{
    return err_set(err, "%s: bytes 0x%llx-0x%llx are past the end of the store (%llu bytes, "
                   "offsets 0x0-0x%llx)", pm->path, (unsigned long long)off,
                   (unsigned long long)(off + len - 1), (unsigned long long)pm->size,
                   (unsigned long long)(pm->size ? pm->size - 1 : 0));
}

int pmem_read(struct pmem *pm, uint64_t off, void *buf, size_t len, char *err)
{
    if (off + len < off)
        return out_of_range(pm, off, len, err);
    if (pmem_wait(pm, off + len, NULL, NULL, err) != 0)
        return -1;
    pthread_mutex_lock(&pm->mu);   /* the decode may still move the mapping */
    int rc = 0;
    if (pm->done && off + len > pm->size)
        rc = out_of_range(pm, off, len, err);
    else
        memcpy(buf, pm->img + off, len);
    pthread_mutex_unlock(&pm->mu);
    return rc;
}

/* Recomputes the page map over [off, off+len) after a change. */
static void remap_pages(struct pmem *pm, uint64_t off, uint64_t len)
{
    for (uint64_t p = off / PMEM_PAGE; p < pmem_pages_of(off + len); p++) {
        uint64_t start = p * PMEM_PAGE;
        size_t n = pm->size - start < PMEM_PAGE ? (size_t)(pm->size - start) : PMEM_PAGE;
        bool was = pmem_bit(pm->bits, p), now = !pmem_page_is_zero(pm->img + start, n);
        pmem_bit_set(pm->bits, p, now);
        pm->nonzero_pages += (uint64_t)now - (uint64_t)was;
    }
}

static void mark_dirty(struct pmem *pm, uint64_t off, uint64_t len)
{
    for (uint64_t c = off / PMEM_CHUNK; c <= (off + len - 1) / PMEM_CHUNK; c++)
        pm->dirty[c] = 1;
    pm->any_dirty = true;
}

int pmem_write(struct pmem *pm, uint64_t off, const void *buf, size_t len, char *err)
{
    if (pmem_wait(pm, UINT64_MAX, NULL, NULL, err) != 0)
        return -1;
    if (len == 0)
        return 0;
    if (off + len < off || off + len > pm->size)
        return out_of_range(pm, off, len, err);
    memcpy(pm->img + off, buf, len);
    remap_pages(pm, off, len);
    mark_dirty(pm, off, len);
    return 0;
}

/* Non-zero bytes in [from, to) of the image, looking only at non-zero pages. */
static uint64_t nonzero_bytes(struct pmem *pm, uint64_t from, uint64_t to)
{
    uint64_t n = 0;
    for (uint64_t off = from; off < to;) {
        uint64_t p = off / PMEM_PAGE, end = (p + 1) * PMEM_PAGE < to ? (p + 1) * PMEM_PAGE : to;
        if (pmem_bit(pm->bits, p))
            for (uint64_t i = off; i < end; i++)
                n += pm->img[i] != 0;
        off = end;
    }
    return n;
}

int pmem_resize(struct pmem *pm, uint64_t size, uint64_t *dropped_nonzero, char *err)
{
    if (pmem_wait(pm, UINT64_MAX, NULL, NULL, err) != 0)
        return -1;
    uint64_t old = pm->size, lost = size < old ? nonzero_bytes(pm, size, old) : 0;
    if (dropped_nonzero)
        *dropped_nonzero = lost;
    if (pmem_reserve(pm, size, err) != 0)
        return -1;
    if (size < old) {
        /* zero the dropped tail so a later grow reads zeros; whole pages go back */
        uint64_t first_whole = (size + PMEM_PAGE - 1) / PMEM_PAGE * PMEM_PAGE;
        memset(pm->img + size, 0, (first_whole < old ? first_whole : old) - size);
        if (first_whole < old)
            madvise(pm->img + first_whole, old - first_whole, MADV_DONTNEED);
        pm->size = size;
        remap_pages(pm, size - size % PMEM_PAGE, size % PMEM_PAGE);
        for (uint64_t p = pmem_pages_of(size); p < pmem_pages_of(old); p++)
            if (pmem_bit(pm->bits, p)) {
                pmem_bit_set(pm->bits, p, false);
                pm->nonzero_pages--;
            }
    }
    pm->size = size;
    uint64_t from = size < old ? size : old, to = size < old ? old : size;
    if (to > from)
        mark_dirty(pm, from - from % PMEM_CHUNK, to - (from - from % PMEM_CHUNK));
    pm->any_dirty = true;
    return 0;
}

bool pmem_is_chunked(const struct pmem *pm)
{
    if (pm->dec.raw || pm->dec.trailing_garbage || pm->nmembers == 0)
        return false;
    for (size_t i = 0; i < pm->nmembers; i++) {
        const struct pmem_member *m = &pm->members[i];
        bool last = i + 1 == pm->nmembers;
        if (m->out_off != (uint64_t)i * PMEM_CHUNK ||
            (last ? m->out_len > PMEM_CHUNK || m->out_len == 0 : m->out_len != PMEM_CHUNK))
            return false;
    }
    return true;
}

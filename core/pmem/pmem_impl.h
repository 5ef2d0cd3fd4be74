/* The inside of a struct pmem, shared by the memory engine's files (image, find, cache,
 * encode, commit). Not for other modules. */
#ifndef GW_PMEM_IMPL_H
#define GW_PMEM_IMPL_H

#include "core/pmem/pmem.h"
#include "core/util/err.h"

#include <pthread.h>
#include <sys/stat.h>

struct pmem {
    char *path;
    int fd;
    struct stat st;                /* identity of the file the image came from */
    struct pmem_open_opts opts;

    pthread_mutex_t mu;            /* guards the fields below that the decoder changes */
    pthread_cond_t cv;
    uint8_t *img;                  /* anonymous NORESERVE mapping of cap bytes */
    uint64_t cap;
    uint64_t *bits;                /* page map, cap/PAGE bits */
    uint8_t *dirty;                /* per chunk, cap/CHUNK entries */

    bool map_known, map_from_cache;
    bool size_known;
    uint64_t size, nonzero_pages;
    struct pmem_member *members;
    size_t nmembers, members_cap;
    struct pmem_member *found;     /* the member table the decode is building */
    size_t nfound, found_cap;
    struct pmem_member *pending;   /* the member table of a file written, not committed */
    size_t npending;
    struct pmem_decoded dec;       /* totals, valid once done */

    bool started, done, failed, cancel, thread_live;
    uint64_t watermark;            /* decoded through here */
    uint64_t file_done;            /* file bytes read, for progress */
    char derr[ERR_LEN];            /* the decode's error when failed */
    pthread_t thread;
    bool any_dirty;
};

static inline uint64_t pmem_pages_of(uint64_t bytes)
{
    return (bytes + PMEM_PAGE - 1) / PMEM_PAGE;
}

static inline void pmem_bit_set(uint64_t *bits, uint64_t page, bool on)
{
    if (on)
        bits[page / 64] |= 1ull << (page % 64);
    else
        bits[page / 64] &= ~(1ull << (page % 64));
}

static inline bool pmem_bit(const uint64_t *bits, uint64_t page)
{
    return (bits[page / 64] >> (page % 64)) & 1;
}

/* Grows the mapping, page map and dirty flags to hold `end` bytes (caller holds mu or
 * is the only thread). */
int pmem_reserve(struct pmem *pm, uint64_t end, char *err);

/* The decode thread's body (pmem_image.c), started by pmem_start. */
void *pmem_decode_main(void *arg);

/* The page-map cache (pmem_cache.c), keyed by device, inode, size and mtime. */
int pmem_cache_load(struct pmem *pm);      /* 1 hit (fields filled), 0 miss */
void pmem_cache_save(struct pmem *pm);     /* best effort */

/* True when the file's members are exactly one per PMEM_CHUNK of the stream. */
bool pmem_is_chunked(const struct pmem *pm);

#endif

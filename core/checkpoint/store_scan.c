/* Integrity scan of one gem5 physical-memory store: decodes it the way zlib's gzread does
 * (gem5's restore path) through the memory engine's decoder, keeping only the counts. */
#include "core/checkpoint/store.h"
#include "core/pmem/pmem_decode.h"
#include "core/util/err.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

static int ignore_pages(void *arg, uint64_t off, const uint8_t *buf, size_t len, char *err)
{
    (void)arg, (void)off, (void)buf, (void)len, (void)err;
    return 0;
}

struct scan_progress {
    store_progress_fn fn;
    void *arg;
};

static int forward_progress(void *arg, uint64_t done, uint64_t total)
{
    struct scan_progress *p = arg;
    return p->fn ? p->fn(p->arg, done, total) : 0;
}

int store_scan(const char *path, struct store_scan *out, store_progress_fn progress,
               void *arg, char *err)
{
    *out = (struct store_scan){ 0 };
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return err_sys(err, errno, "%s: cannot open the store", path);
    struct scan_progress p = { progress, arg };
    struct pmem_decode_sink sink = { .pages = ignore_pages, .progress = forward_progress,
                                     .arg = &p };
    struct pmem_decoded d;
    int rc = pmem_decode_fd(fd, path, PMEM_BACKEND_AUTO, &sink, &d, err);
    close(fd);
    out->file_bytes = d.file_bytes;
    out->decoded_bytes = d.decoded_bytes;
    out->members = d.members;
    out->raw = d.raw;
    out->trailing_garbage = d.trailing_garbage;
    out->garbage_offset = d.garbage_offset;
    out->nonzero_pages = d.nonzero_pages;
    return rc;
}

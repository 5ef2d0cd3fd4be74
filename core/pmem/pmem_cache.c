/* The page-map cache: a store's decoded size, member table and page map, kept under a
 * name made of the file's identity so that reopening an unchanged store decodes nothing. */
#include "core/pmem/pmem_impl.h"
#include "core/util/fileio.h"

#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CACHE_MAGIC "GW5PMAP1"
#define CACHE_MAX (64u << 20)   /* a 2 TiB store's map is 64 MiB */

struct cache_head {
    char magic[8];
    uint64_t dev, ino, file_bytes, mtime_sec, mtime_nsec;   /* the key again, checked */
    uint64_t size, nonzero_pages, members, nmembers, garbage_offset;
    uint32_t raw, trailing_garbage;
};

/* $GEM5WB_CACHE_DIR, else $XDG_CACHE_HOME/gem5wb/pagemaps, else ~/.cache/gem5wb/pagemaps. */
static int cache_dir(char *buf, size_t len)
{
    const char *dir = getenv("GEM5WB_CACHE_DIR"), *xdg = getenv("XDG_CACHE_HOME");
    const char *home = getenv("HOME");
    int n;
    if (dir && *dir)
        n = snprintf(buf, len, "%s", dir);
    else if (xdg && *xdg)
        n = snprintf(buf, len, "%s/gem5wb/pagemaps", xdg);
    else if (home && *home)
        n = snprintf(buf, len, "%s/.cache/gem5wb/pagemaps", home);
    else
        return -1;
    return n > 0 && (size_t)n < len ? 0 : -1;
}

static int cache_path(const struct pmem *pm, char *buf, size_t len)
{
    char dir[PATH_MAX];
    if (cache_dir(dir, sizeof dir) != 0)
        return -1;
    int n = snprintf(buf, len, "%s/%llx-%llx-%llx-%lld.%09ld.map", dir,
                     (unsigned long long)pm->st.st_dev, (unsigned long long)pm->st.st_ino,
                     (unsigned long long)pm->st.st_size, (long long)pm->st.st_mtim.tv_sec,
                     (long)pm->st.st_mtim.tv_nsec);
    return n > 0 && (size_t)n < len ? 0 : -1;
}

static void head_key(const struct pmem *pm, struct cache_head *h)
{
    memcpy(h->magic, CACHE_MAGIC, 8);
    h->dev = pm->st.st_dev;
    h->ino = pm->st.st_ino;
    h->file_bytes = (uint64_t)pm->st.st_size;
    h->mtime_sec = (uint64_t)pm->st.st_mtim.tv_sec;
    h->mtime_nsec = (uint64_t)pm->st.st_mtim.tv_nsec;
}

static size_t words_of(uint64_t size)
{
    return (size_t)(pmem_pages_of(size) / 64 + 1);
}

/* Takes a cached entry into pm when it is whole and its key matches. */
static int cache_take(struct pmem *pm, const char *data, size_t len)
{
    struct cache_head h, want;
    if (len < sizeof h)
        return 0;
    memcpy(&h, data, sizeof h);
    head_key(pm, &want);
    if (memcmp(h.magic, want.magic, 8) != 0 || h.dev != want.dev || h.ino != want.ino ||
        h.file_bytes != want.file_bytes || h.mtime_sec != want.mtime_sec ||
        h.mtime_nsec != want.mtime_nsec || h.nmembers > len / sizeof(struct pmem_member))
        return 0;
    size_t mbytes = (size_t)h.nmembers * sizeof(struct pmem_member);
    size_t bbytes = words_of(h.size) * sizeof(uint64_t);
    if (len != sizeof h + mbytes + bbytes)
        return 0;
    char err[ERR_LEN];
    struct pmem_member *members = malloc(mbytes ? mbytes : 1);
    if (!members || pmem_reserve(pm, h.size ? h.size : 1, err) != 0) {
        free(members);
        return 0;
    }
    memcpy(members, data + sizeof h, mbytes);
    memcpy(pm->bits, data + sizeof h + mbytes, bbytes);
    pm->members = members;
    pm->nmembers = pm->members_cap = (size_t)h.nmembers;
    pm->size = h.size;
    pm->nonzero_pages = h.nonzero_pages;
    pm->dec = (struct pmem_decoded){
        .file_bytes = h.file_bytes, .decoded_bytes = h.size, .members = (unsigned)h.members,
        .raw = h.raw, .trailing_garbage = h.trailing_garbage,
        .garbage_offset = h.garbage_offset, .nonzero_pages = h.nonzero_pages,
    };
    return 1;
}

int pmem_cache_load(struct pmem *pm)
{
    char path[PATH_MAX], err[ERR_LEN];
    char *data;
    size_t len;
    if (cache_path(pm, path, sizeof path) != 0 ||
        file_read_all(path, CACHE_MAX, &data, &len, err) != 0)
        return 0;
    int hit = cache_take(pm, data, len);
    free(data);
    return hit;
}

/* Temp and rename, without fsync: a cache entry lost or cut short by a crash is only
 * refused (its length no longer matches) and rebuilt; a commit should not wait for it. */
static void cache_write(const char *path, const void *buf, size_t len)
{
    char tmp[PATH_MAX + 16];
    if (snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid()) >= (int)sizeof tmp)
        return;
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return;
    bool ok = write(fd, buf, len) == (ssize_t)len;
    ok = close(fd) == 0 && ok;
    if (!ok || rename(tmp, path) != 0)
        unlink(tmp);
}

void pmem_cache_save(struct pmem *pm)
{
    char path[PATH_MAX], dir[PATH_MAX], err[ERR_LEN];
    if (cache_path(pm, path, sizeof path) != 0 || cache_dir(dir, sizeof dir) != 0 ||
        dir_create(dir, err) != 0)
        return;
    struct cache_head h = { 0 };
    head_key(pm, &h);
    h.size = pm->size;
    h.nonzero_pages = pm->nonzero_pages;
    h.members = pm->dec.members;
    h.nmembers = pm->nmembers;
    h.garbage_offset = pm->dec.garbage_offset;
    h.raw = pm->dec.raw;
    h.trailing_garbage = pm->dec.trailing_garbage;
    size_t mbytes = pm->nmembers * sizeof(struct pmem_member);
    size_t bbytes = words_of(pm->size) * sizeof(uint64_t);
    size_t len = sizeof h + mbytes + bbytes;
    if (len > CACHE_MAX)
        return;
    char *buf = malloc(len);
    if (!buf)
        return;
    memcpy(buf, &h, sizeof h);
    memcpy(buf + sizeof h, pm->members, mbytes);
    memcpy(buf + sizeof h + mbytes, pm->bits, bbytes);
    cache_write(path, buf, len);
    free(buf);
}

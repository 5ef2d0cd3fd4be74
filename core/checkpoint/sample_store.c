/* Store contents of a sample checkpoint: zeros, with a few recognisable pages (a text
 * banner per store, and a STREAM-like array of doubles in the remote memory). */
#include "core/checkpoint/memmap.h"
#include "core/checkpoint/sample.h"
#include "core/util/err.h"
#include "core/util/fileio.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#define PAGE 4096u
#define STREAM_OFFSET 0x100000ULL     /* where the remote array starts */
#define STREAM_PAGES 16u

struct fill_ctx {
    const struct mm_store *store;
    size_t index;
    uint64_t size;
};

static void text_page(uint8_t *p, const struct fill_ctx *c, uint64_t off)
{
    char line[160];
    size_t pos = 0;
    while (pos < PAGE) {
        int n = snprintf(line, sizeof line, "gem5wb sample: store%zu %s (%s) page 0x%" PRIx64
                         " address 0x%" PRIx64 "\n", c->index, c->store->name,
                         mm_role_name(c->store->role), off, c->store->start + off);
        size_t take = (size_t)n < PAGE - pos ? (size_t)n : PAGE - pos;
        memcpy(p + pos, line, take);
        pos += take;
    }
}

static void stream_page(uint8_t *p, uint64_t off)
{
    double v[PAGE / sizeof(double)];
    uint64_t first = (off - STREAM_OFFSET) / sizeof(double);
    for (size_t i = 0; i < PAGE / sizeof(double); i++)
        v[i] = 1.5 * (double)(first + i);
    memcpy(p, v, PAGE);
}

/* Which pages hold data: the first page and one in the middle of every store, and the
 * STREAM array in remote memory. */
static int page_kind(const struct fill_ctx *c, uint64_t off)
{
    if (off == 0 || off == (c->size / 2) / PAGE * PAGE)
        return 1;
    if (c->store->role == MM_ROLE_REMOTE && off >= STREAM_OFFSET &&
        off < STREAM_OFFSET + STREAM_PAGES * PAGE && off + PAGE <= c->size)
        return 2;
    return 0;
}

static int fill(void *arg, uint64_t offset, uint8_t *buf, size_t len, char *err)
{
    (void)err;
    const struct fill_ctx *c = arg;
    int any = 0;
    for (uint64_t off = offset; off < offset + len; off += PAGE) {
        int kind = page_kind(c, off);
        if (kind && !any) {
            memset(buf, 0, len);
            any = 1;
        }
        if (kind == 1 && off - offset + PAGE <= len)
            text_page(buf + (off - offset), c, off);
        else if (kind == 2 && off - offset + PAGE <= len)
            stream_page(buf + (off - offset), off);
    }
    return any;
}

int sample_stores_write(const char *cptdir, const char *system, const struct memmap *map,
                        enum store_gz_mode gz, char *err)
{
    for (size_t i = 0; i < map->nstores; i++) {
        char name[512], path[4096];
        snprintf(name, sizeof name, "%s.physmem.store%zu.pmem", system, i);
        if (path_join(path, sizeof path, cptdir, name) != 0)
            return err_set(err, "path '%s' is too long", cptdir);
        struct fill_ctx c = {&map->stores[i], i, map->stores[i].end - map->stores[i].start};
        if (store_write(path, c.size, fill, &c, gz, err) != 0)
            return -1;
    }
    return 0;
}

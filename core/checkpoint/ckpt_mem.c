/* A checkpoint's memory by physical address: locating a range in one store (through the
 * memory map and each section's store_id), opening the store's image, reads and writes. */
#include "core/checkpoint/ckpt_mem.h"
#include "core/util/err.h"
#include "core/util/fileio.h"
#include "core/util/size.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int ckpt_step_progress(void *arg, uint64_t done, uint64_t total)
{
    const struct ckpt_step *s = arg;
    return s && s->pr && s->pr->fn ? s->pr->fn(s->pr->arg, s->name, done, total) : 0;
}

static const struct mm_store *mapped(const struct ckpt *ck, size_t i)
{
    long mi = ck->stores[i].map_index;
    return mi >= 0 && (size_t)mi < ck->map.nstores ? &ck->map.stores[mi] : NULL;
}

/* The section whose store_id restores into map store ms, or -1. */
static long section_of(const struct ckpt *ck, size_t ms)
{
    for (size_t i = 0; i < ck->nstores; i++)
        if (ck->stores[i].map_index == (long)ms)
            return (long)i;
    return -1;
}

/* "store8 = board.local_memory (0x80000000-0x83ffffff)" */
static char *store_text(const struct ckpt *ck, size_t ms, char *buf, size_t len)
{
    const struct mm_store *m = &ck->map.stores[ms];
    long sec = section_of(ck, ms);
    char id[32];
    if (sec >= 0)
        snprintf(id, sizeof id, "store%ld", sec);
    else
        snprintf(id, sizeof id, "map store %zu", ms);
    snprintf(buf, len, "%s = %s (0x%" PRIx64 "-0x%" PRIx64 ")", id, m->name, m->start,
             m->end - 1);
    return buf;
}

/* Names the store closest to addr, and how far away it is. */
static int nearest(const struct ckpt *ck, uint64_t addr, char *err)
{
    size_t best = 0;
    uint64_t best_dist = UINT64_MAX;
    bool below = false;
    for (size_t i = 0; i < ck->map.nstores; i++) {
        const struct mm_store *m = &ck->map.stores[i];
        bool b = addr < m->start;
        uint64_t d = b ? m->start - addr : addr - (m->end - 1);
        if (m->end > m->start && d < best_dist) {
            best = i, best_dist = d, below = b;
        }
    }
    if (best_dist == UINT64_MAX)
        return err_set(err, "no store of %s covers address 0x%" PRIx64 ": the memory map "
                       "has no stores", ck->dir, addr);
    char what[512], dist[32];
    return err_set(err, "no store of %s covers address 0x%" PRIx64 ": the nearest is %s, "
                   "0x%" PRIx64 " bytes (%s) %s", ck->dir, addr,
                   store_text(ck, best, what, sizeof what), best_dist,
                   size_format(best_dist, dist, sizeof dist),
                   below ? "below its start" : "above its last byte");
}

static int past_end(const char *what, uint64_t off, uint64_t len, uint64_t size, char *err)
{
    char sz[32];
    return err_set(err, "%s is %s (offsets 0x0-0x%" PRIx64 "): 0x%" PRIx64 " bytes from "
                   "offset 0x%" PRIx64 " run 0x%" PRIx64 " bytes past its end; a range must "
                   "lie in one store", what, size_format(size, sz, sizeof sz),
                   size ? size - 1 : 0, len, off, off + len - size);
}

static void fill_addr(const struct ckpt *ck, struct ckpt_loc *out)
{
    const struct mm_store *m = mapped(ck, out->store);
    if (m && out->offset < m->end - m->start) {
        out->have_addr = true;
        out->addr = m->start + out->offset;
        out->memory = m->name;
    }
}

static int by_store(const struct ckpt *ck, long n, uint64_t off, uint64_t len,
                    struct ckpt_loc *out, char *err)
{
    if (n < 0 || (size_t)n >= ck->nstores)
        return err_set(err, "%s has %zu stores (store0-store%zu): there is no store%ld",
                       ck->dir, ck->nstores, ck->nstores ? ck->nstores - 1 : 0, n);
    const struct ckpt_store *s = &ck->stores[n];
    if (!s->have_size)
        return err_set(err, "[%s] of %s has no usable range_size: the store's size is "
                       "unknown", s->section_name ? s->section_name : "?", ck->cpt_path);
    char what[64];
    snprintf(what, sizeof what, "store%ld", n);
    if (off + len < off || off + len > s->range_size)
        return past_end(what, off, len, s->range_size, err);
    *out = (struct ckpt_loc){ .store = (size_t)n, .offset = off, .len = len };
    fill_addr(ck, out);
    return 0;
}

static int by_addr(const struct ckpt *ck, uint64_t addr, uint64_t len, struct ckpt_loc *out,
                   char *err)
{
    size_t ms;
    uint64_t off;
    if (!ck->map.known)
        return err_set(err, "the address map of %s is unknown: no config.json or config.ini "
                       "beside it (give one with --config, or an offset with --store N)",
                       ck->dir);
    if (memmap_lookup(&ck->map, addr, &ms, &off, NULL) != 0)
        return nearest(ck, addr, err);
    const struct mm_store *m = &ck->map.stores[ms];
    char what[512];
    if (addr + len < addr || addr + len > m->end)
        return past_end(store_text(ck, ms, what, sizeof what), off, len, m->end - m->start,
                        err);
    long sec = section_of(ck, ms);
    if (sec < 0)
        return err_set(err, "address 0x%" PRIx64 " is in %s, but no [storeN] section of %s "
                       "has its store_id=%zu", addr, m->name, ck->cpt_path, ms);
    return by_store(ck, sec, off, len, out, err);
}

int ckpt_mem_locate(const struct ckpt *ck, long store, uint64_t where, uint64_t len,
                    struct ckpt_loc *out, char *err)
{
    if (len == 0)
        return err_set(err, "an empty range (length 0) is in no store");
    return store == CKPT_BY_ADDR ? by_addr(ck, where, len, out, err)
                                 : by_store(ck, store, where, len, out, err);
}

char *ckpt_loc_text(const struct ckpt_loc *loc, char *buf, size_t len)
{
    if (loc->have_addr)
        snprintf(buf, len, "0x%" PRIx64 " (store%zu+0x%" PRIx64 ", %s)", loc->addr, loc->store,
                 loc->offset, loc->memory);
    else
        snprintf(buf, len, "store%zu+0x%" PRIx64, loc->store, loc->offset);
    return buf;
}

int ckpt_mem_open(const struct ckpt *ck, size_t store, struct pmem **out, char *err)
{
    *out = NULL;
    if (store >= ck->nstores)
        return err_set(err, "%s has %zu stores: there is no store%zu", ck->dir, ck->nstores,
                       store);
    const struct ckpt_store *s = &ck->stores[store];
    if (!s->file_path)
        return err_set(err, "[%s] of %s has no filename key: store%zu has no file",
                       s->section_name ? s->section_name : "?", ck->cpt_path, store);
    if (!s->file_exists)
        return err_set(err, "store file %s is missing", s->file_path);
    struct pmem_open_opts o = { .size_hint = s->have_size ? s->range_size : 0 };
    return pmem_open(s->file_path, &o, out, err);
}

int ckpt_mem_decode(struct pmem *pm, const struct ckpt_progress *pr, char *err)
{
    struct ckpt_step st = { pr, "decoding" };
    return pmem_wait(pm, UINT64_MAX, ckpt_step_progress, &st, err);
}

int ckpt_mem_read(const struct ckpt *ck, long store, uint64_t where, void *buf, size_t len,
                  struct ckpt_loc *loc, char *err)
{
    struct pmem *pm;
    if (ckpt_mem_locate(ck, store, where, len, loc, err) != 0 ||
        ckpt_mem_open(ck, loc->store, &pm, err) != 0)
        return -1;
    int rc = pmem_read(pm, loc->offset, buf, len, err);
    pmem_close(pm);
    return rc;
}

/* Counts the bytes that differ and where the first and last are. */
static void count_changes(const uint8_t *old, const uint8_t *now, size_t len, uint64_t base,
                          struct ckpt_write_result *res)
{
    for (size_t i = 0; i < len; i++)
        if (old[i] != now[i]) {
            if (res->changed++ == 0)
                res->first_changed = base + i;
            res->last_changed = base + i;
        }
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A store whose decoded size is not its range_size is refused: writing it would carry
 * the mismatch (gem5 pads or cuts such a store silently) into a freshly committed file. */
static int check_size(const struct ckpt *ck, size_t i, struct pmem *pm, char *err)
{
    const struct ckpt_store *s = &ck->stores[i];
    struct pmem_info info;
    pmem_info(pm, &info);
    if (!s->have_size || info.size == s->range_size)
        return 0;
    return err_set(err, "%s decodes to %llu bytes but range_size in m5.cpt is %llu; fix the "
                   "size first (gem5wb cpt resize-store %s %u %llu); nothing was changed",
                   s->file_path, (unsigned long long)info.size,
                   (unsigned long long)s->range_size, ck->dir, s->section,
                   (unsigned long long)s->range_size);
}

static int write_commit(const struct ckpt *ck, struct pmem *pm, const void *buf, size_t len,
                        const struct ckpt_progress *pr, struct ckpt_write_result *res, char *err)
{
    uint8_t *old = malloc(len);
    if (!old)
        return err_set(err, "out of memory for %zu bytes", len);
    int rc = ckpt_mem_decode(pm, pr, err);
    if (rc == 0)
        rc = check_size(ck, res->loc.store, pm, err);
    if (rc == 0)
        rc = pmem_read(pm, res->loc.offset, old, len, err);
    if (rc == 0)
        count_changes(old, buf, len, res->loc.offset, res);
    free(old);
    if (rc != 0 || res->changed == 0)
        return rc;   /* an unchanged store is not rewritten */
    if (pmem_write(pm, res->loc.offset, buf, len, err) != 0)
        return -1;
    struct ckpt_step st = { pr, "encoding" };
    double t0 = now_s();
    if (pmem_commit(pm, false, ckpt_step_progress, &st, &res->stats, err) != 0)
        return -1;
    res->seconds = now_s() - t0;
    res->committed = true;
    return 0;
}

int ckpt_mem_write(const struct ckpt *ck, long store, uint64_t where, const void *buf,
                   size_t len, const struct ckpt_progress *pr, struct ckpt_write_result *res,
                   char *err)
{
    *res = (struct ckpt_write_result){ 0 };
    struct pmem *pm;
    if (ckpt_mem_locate(ck, store, where, len, &res->loc, err) != 0 ||
        ckpt_mem_open(ck, res->loc.store, &pm, err) != 0)
        return -1;
    file_backup_path(ck->stores[res->loc.store].file_path, res->backup, sizeof res->backup);
    int rc = write_commit(ck, pm, buf, len, pr, res, err);
    pmem_close(pm);
    return rc;
}

/* gem5's PhysicalMemory constructor, replayed on a config file: which memories get
 * backing stores, in which order, and which address range each store covers. */
#include "core/checkpoint/memmap.h"
#include "core/checkpoint/runcfg.h"
#include "core/util/err.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *mm_role_name(enum mm_role role)
{
    switch (role) {
    case MM_ROLE_REMOTE: return "remote";
    case MM_ROLE_PLATFORM: return "platform";
    default: return "local";
    }
}

static int parse_field(const char **p, uint64_t *out)
{
    char *end;
    errno = 0;
    if (**p < '0' || **p > '9')
        return -1;
    *out = strtoull(*p, &end, 10);
    if (errno || (*end != ':' && *end != '\0'))
        return -1;
    *p = *end == ':' ? end + 1 : end;
    return 0;
}

int memmap_parse_range(const char *text, struct mm_range *out, char *err)
{
    memset(out, 0, sizeof *out);
    const char *p = text;
    uint64_t f[2 + 1 + MM_MAX_MASKS];
    unsigned n = 0;
    size_t tl = strlen(text);
    while (*p && n < sizeof f / sizeof f[0])
        if (parse_field(&p, &f[n++]) != 0)
            goto bad;
    if (*p || n == 3 || n < 2 || text[tl - 1] == ':')
        goto bad;
    out->start = f[0];
    out->end = f[1];
    /* Exclusive ends of real memories are even; gem5 before v21 wrote start+size-1. */
    if (out->end & 1) {
        out->end += 1;
        out->inclusive_end = true;
    }
    if (out->end <= out->start)
        goto bad;
    if (n > 2) {
        out->match = f[2];
        out->nmasks = n - 3;
        memcpy(out->masks, &f[3], out->nmasks * sizeof f[0]);
    }
    return 0;
bad:
    return err_set(err, "address range '%s' is not of the form start:end "
                   "or start:end:match:mask", text);
}

static bool is_true(const char *v) { return v && !strcmp(v, "true"); }

static int mems_add(struct memmap *m, const struct runcfg *cfg, long obj, char *err)
{
    const char *range = runcfg_param(cfg, (size_t)obj, "range");
    const char *path = runcfg_path(cfg, (size_t)obj);
    if (!range)
        return err_set(err, "%s: memory %s has no 'range'", runcfg_file(cfg), path);
    struct mm_memory *mm = &m->mems[m->nmems];
    memset(mm, 0, sizeof *mm);
    char why[ERR_LEN];
    if (memmap_parse_range(range, &mm->range, why) != 0)
        return err_set(err, "%s: [%s] %s", runcfg_file(cfg), path, why);
    mm->path = strdup(path);
    mm->type = strdup(runcfg_type(cfg, (size_t)obj));
    mm->in_addr_map = is_true(runcfg_param(cfg, (size_t)obj, "in_addr_map"));
    mm->null = is_true(runcfg_param(cfg, (size_t)obj, "null"));
    mm->store = -1;
    m->nmems++;
    if (!mm->path || !mm->type)
        return err_set(err, "out of memory");
    return 0;
}

static bool under(const char *path, const char *system)
{
    size_t n = strlen(system);
    return !strncmp(path, system, n) && path[n] == '.';
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The system's `memories` param, or every memory-like object under it, sorted by path
 * as gem5's Self.all default sorts them. */
static int collect_memories(struct memmap *m, const struct runcfg *cfg, long sys, char *err)
{
    size_t cap = runcfg_count(cfg);
    m->mems = calloc(cap ? cap : 1, sizeof *m->mems);
    if (!m->mems)
        return err_set(err, "out of memory");
    const char *list = runcfg_param(cfg, (size_t)sys, "memories");
    if (list) {
        char *copy = strdup(list), *save = NULL;
        int rc = copy ? 0 : err_set(err, "out of memory");
        for (char *t = copy ? strtok_r(copy, " ", &save) : NULL; t && rc == 0;
             t = strtok_r(NULL, " ", &save)) {
            long obj = runcfg_find(cfg, t);
            if (obj < 0)
                rc = err_set(err, "%s: memory %s listed in [%s] memories is not in the config",
                             runcfg_file(cfg), t, m->system);
            else
                rc = mems_add(m, cfg, obj, err);
        }
        free(copy);
        return rc;
    }
    const char **paths = calloc(cap ? cap : 1, sizeof *paths);
    size_t np = 0;
    if (!paths)
        return err_set(err, "out of memory");
    for (size_t i = 0; i < cap; i++)
        if (under(runcfg_path(cfg, i), m->system) && runcfg_param(cfg, i, "range") &&
            runcfg_param(cfg, i, "in_addr_map"))
            paths[np++] = runcfg_path(cfg, i);
    qsort(paths, np, sizeof *paths, cmp_str);
    int rc = 0;
    for (size_t i = 0; i < np && rc == 0; i++)
        rc = mems_add(m, cfg, runcfg_find(cfg, paths[i]), err);
    free(paths);
    return rc;
}

static enum mm_role role_of(const struct mm_memory *mm)
{
    if (!strcmp(mm->type, "OutgoingRequestBridge") || !strcmp(mm->type, "ExternalMemory") ||
        strstr(mm->path, "remote"))
        return MM_ROLE_REMOTE;
    if (strstr(mm->path, "realview."))
        return MM_ROLE_PLATFORM;
    return MM_ROLE_LOCAL;
}

/* The channels' common parent: board.local_memory for its mem_ctrl0/1.dram; when that
 * parent is the system itself, the channels' common stem (system.mem_ctrls). */
static char *store_name(const struct memmap *m, const size_t *idx, size_t n)
{
    const char *first = m->mems[idx[0]].path;
    size_t len = strlen(first);
    for (size_t i = 1; i < n; i++) {
        const char *p = m->mems[idx[i]].path;
        size_t k = 0;
        while (k < len && p[k] == first[k])
            k++;
        len = k;
    }
    if (n == 1)
        return strdup(first);
    size_t cut = len;
    while (cut > 0 && first[cut] != '.')
        cut--;
    if (cut > 0 && memchr(first, '.', cut))
        return strndup(first, cut);
    while (len > 0 && (isdigit((unsigned char)first[len - 1]) || first[len - 1] == '_'))
        len--;
    return strndup(first, len);
}

static int store_add(struct memmap *m, const size_t *idx, size_t n, uint64_t start,
                     uint64_t end, char *err)
{
    struct mm_store *s = &m->stores[m->nstores];
    memset(s, 0, sizeof *s);
    s->mems = malloc(n * sizeof *s->mems);
    s->name = store_name(m, idx, n);
    if (!s->mems || !s->name) {
        free(s->mems);
        free(s->name);
        return err_set(err, "out of memory");
    }
    memcpy(s->mems, idx, n * sizeof *idx);
    s->nmems = n;
    s->start = start;
    s->end = end;
    s->in_addr_map = m->mems[idx[0]].in_addr_map;
    s->role = MM_ROLE_LOCAL;
    for (size_t i = 0; i < n; i++) {
        m->mems[idx[i]].store = (long)m->nstores;
        enum mm_role r = role_of(&m->mems[idx[i]]);
        if (r == MM_ROLE_REMOTE || (r == MM_ROLE_PLATFORM && s->role == MM_ROLE_LOCAL))
            s->role = r;
    }
    m->nstores++;
    return 0;
}

static int problem(struct memmap *m, const char *fmt, ...) __attribute__((format(__printf__, 2, 3)));
static int problem(struct memmap *m, const char *fmt, ...)
{
    char buf[ERR_LEN];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    char **p = realloc(m->problems, (m->nproblems + 1) * sizeof *p);
    if (!p)
        return -1;
    m->problems = p;
    if (!(p[m->nproblems] = strdup(buf)))
        return -1;
    m->nproblems++;
    return 0;
}

/* gem5's AddrRange order: start address, then interleave match. */
static int cmp_addr(const void *a, const void *b, void *ctx)
{
    const struct memmap *m = ctx;
    const struct mm_range *x = &m->mems[*(const size_t *)a].range;
    const struct mm_range *y = &m->mems[*(const size_t *)b].range;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x->match < y->match ? -1 : x->match > y->match;
}

static bool merges_with(const struct mm_range *a, const struct mm_range *b)
{
    return a->start == b->start && a->end == b->end && a->nmasks == b->nmasks &&
           !memcmp(a->masks, b->masks, a->nmasks * sizeof a->masks[0]);
}

/* Interleaved channels collected so far become one store (gem5's AddrRange(vector)). */
static int flush_intlv(struct memmap *m, size_t *run, size_t *n, char *err)
{
    if (*n == 0)
        return 0;
    const struct mm_range *r = &m->mems[run[0]].range;
    uint64_t end = r->end;
    if (*n == 1)
        end = r->start + ((r->end - r->start) >> r->nmasks);
    else if (*n != (size_t)1 << r->nmasks)
        problem(m, "Got %zu ranges spanning %u interleaving bits (%s)", *n, r->nmasks,
                m->mems[run[0]].path);
    for (size_t i = 0; i < *n && *n > 1; i++)
        if (m->mems[run[i]].range.match != i)
            problem(m, "Expected interleave match %zu but got %" PRIu64 " when merging (%s)",
                    i, m->mems[run[i]].range.match, m->mems[run[i]].path);
    int rc = store_add(m, run, *n, r->start, end, err);
    *n = 0;
    return rc;
}

static bool overlaps(const struct mm_range *a, const struct mm_range *b)
{
    if (a->nmasks && merges_with(a, b) && a->match != b->match)
        return false;
    return a->start < b->end && b->start < a->end;
}

static int build_stores(struct memmap *m, char *err)
{
    m->stores = calloc(m->nmems ? m->nmems : 1, sizeof *m->stores);
    size_t *order = calloc(m->nmems ? m->nmems : 1, sizeof *order);
    size_t *run = calloc(m->nmems ? m->nmems : 1, sizeof *run);
    size_t norder = 0, nrun = 0;
    int rc = (m->stores && order && run) ? 0 : err_set(err, "out of memory");
    for (size_t i = 0; i < m->nmems && rc == 0; i++) {
        struct mm_memory *mm = &m->mems[i];
        if (mm->in_addr_map)
            order[norder++] = i;
        else if (!mm->null) {   /* the fork skips null memories here too */
            if (mm->range.nmasks)
                problem(m, "Memory %s that is not in the global address map cannot be "
                        "interleaved", mm->path);
            rc = store_add(m, &i, 1, mm->range.start, mm->range.end, err);
        }
    }
    qsort_r(order, norder, sizeof *order, cmp_addr, m);
    for (size_t k = 0; k < norder && rc == 0; k++) {
        const struct mm_memory *mm = &m->mems[order[k]];
        if (k > 0 && overlaps(&m->mems[order[k - 1]].range, &mm->range))
            problem(m, "Memory address range for %s is overlapping", mm->path);
        if (mm->null)
            continue;
        /* gem5 gives a plain range its store at once, even while interleaved channels
         * seen before it still wait to be merged: those come after it. */
        if (!mm->range.nmasks) {
            rc = store_add(m, &order[k], 1, mm->range.start, mm->range.end, err);
            continue;
        }
        if (nrun && !merges_with(&m->mems[run[nrun - 1]].range, &mm->range))
            rc = flush_intlv(m, run, &nrun, err);
        run[nrun++] = order[k];
    }
    if (rc == 0)
        rc = flush_intlv(m, run, &nrun, err);
    free(order);
    free(run);
    return rc;
}

int memmap_derive(const struct runcfg *cfg, const char *system, struct memmap *out, char *err)
{
    memset(out, 0, sizeof *out);
    out->config_file = strdup(runcfg_file(cfg));
    out->system = strdup(system);
    if (!out->config_file || !out->system)
        return err_set(err, "out of memory");
    long sys = runcfg_find(cfg, system);
    if (sys < 0) {
        memmap_free(out);
        return err_set(err, "%s has no object '%s', the system whose memory the checkpoint "
                       "holds: is it the config of another run? (give the right one with "
                       "--config)", runcfg_file(cfg), system);
    }
    if (collect_memories(out, cfg, sys, err) != 0 || build_stores(out, err) != 0) {
        memmap_free(out);
        return -1;
    }
    out->known = true;
    return 0;
}

void memmap_free(struct memmap *m)
{
    for (size_t i = 0; i < m->nmems; i++) {
        free(m->mems[i].path);
        free(m->mems[i].type);
    }
    for (size_t i = 0; i < m->nstores; i++) {
        free(m->stores[i].name);
        free(m->stores[i].mems);
    }
    for (size_t i = 0; i < m->nproblems; i++)
        free(m->problems[i]);
    free(m->problems);
    free(m->mems);
    free(m->stores);
    free(m->config_file);
    free(m->system);
    memset(m, 0, sizeof *m);
}

/* Which channel of an interleaved store serves addr: bit i of the match is the parity
 * of addr & mask_i. */
static long channel_of(const struct memmap *m, const struct mm_store *s, uint64_t addr)
{
    for (size_t i = 0; i < s->nmems; i++) {
        const struct mm_range *r = &m->mems[s->mems[i]].range;
        uint64_t match = 0;
        for (unsigned b = 0; b < r->nmasks; b++)
            match |= (uint64_t)(__builtin_popcountll(addr & r->masks[b]) & 1) << b;
        if (match == r->match)
            return (long)s->mems[i];
    }
    return -1;
}

int memmap_lookup(const struct memmap *m, uint64_t addr, size_t *store, uint64_t *offset,
                  long *memory)
{
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < m->nstores; i++) {
            const struct mm_store *s = &m->stores[i];
            if (s->in_addr_map != (pass == 0) || addr < s->start || addr >= s->end)
                continue;
            *store = i;
            *offset = addr - s->start;
            if (memory)
                *memory = channel_of(m, s, addr);
            return 0;
        }
    return -1;
}

int memmap_address(const struct memmap *m, size_t store, uint64_t offset, uint64_t *addr)
{
    if (store >= m->nstores || offset >= m->stores[store].end - m->stores[store].start)
        return -1;
    *addr = m->stores[store].start + offset;
    return 0;
}

/* `gem5wb mem find`: where bytes (a string or hex) occur in a checkpoint's memory, in
 * physical address order; only the windows around non-zero pages are searched. */
#include "cli/args.h"
#include "cli/cmds.h"
#include "cli/mem_common.h"
#include "cli/progress.h"
#include "core/util/err.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_MAX 1000

struct find_opts {
    const char *cmd;
    long store;
    bool hex, all, have_from;
    uint64_t max, from;
};

struct hits {
    struct ckpt_loc *v;
    size_t n, want;      /* want: stop after this many (max + 1 tells "more") */
};

static int on_option(void *ctx, int val, const char *arg)
{
    struct find_opts *o = ctx;
    switch (val) {
    case MEMCLI_OPT_STORE: return memcli_store_opt(o->cmd, arg, &o->store);
    case MEMCLI_OPT_STRING: o->hex = false; return 0;
    case MEMCLI_OPT_HEX: o->hex = true; return 0;
    case MEMCLI_OPT_ALL: o->all = true; return 0;
    case MEMCLI_OPT_MAX: return memcli_count_opt(o->cmd, "--max", arg, &o->max);
    case MEMCLI_OPT_FROM:
        o->have_from = true;
        return cli_number(o->cmd, arg, "--from", &o->from) == 0 ? 0 : CLI_USAGE;
    default: return CLI_USAGE;
    }
}

static const struct option find_options[] = {
    {"store", required_argument, NULL, MEMCLI_OPT_STORE},
    {"string", no_argument, NULL, MEMCLI_OPT_STRING},
    {"hex", no_argument, NULL, MEMCLI_OPT_HEX},
    {"all", no_argument, NULL, MEMCLI_OPT_ALL},
    {"max", required_argument, NULL, MEMCLI_OPT_MAX},
    {"from", required_argument, NULL, MEMCLI_OPT_FROM},
    {0, 0, 0, 0},
};

/* Sort key: stores the map places first, by start address; the rest in section order. */
static uint64_t start_of(const struct ckpt *ck, size_t i)
{
    long mi = ck->stores[i].map_index;
    return mi >= 0 ? ck->map.stores[mi].start : UINT64_MAX;
}

static const struct ckpt *sort_ck;

static int by_start(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    uint64_t sx = start_of(sort_ck, x), sy = start_of(sort_ck, y);
    return sx != sy ? (sx < sy ? -1 : 1) : (x < y ? -1 : x > y);
}

/* Where to start in store i, or -1 to skip it (it lies wholly below --from). */
static int64_t first_offset(const struct find_opts *o, const struct ckpt *ck, size_t i)
{
    if (o->store != CKPT_BY_ADDR || !o->have_from)
        return o->store != CKPT_BY_ADDR ? (int64_t)o->from : 0;
    long mi = ck->stores[i].map_index;
    if (mi < 0)
        return -1;
    const struct mm_store *m = &ck->map.stores[mi];
    return o->from <= m->start ? 0 : o->from < m->end ? (int64_t)(o->from - m->start) : -1;
}

static int add_hit(const struct ckpt *ck, size_t store, uint64_t off, size_t len,
                   struct hits *h)
{
    struct ckpt_loc *v = realloc(h->v, (h->n + 1) * sizeof *v);
    if (!v)
        return -1;
    h->v = v;
    v[h->n] = (struct ckpt_loc){ .store = store, .offset = off, .len = len };
    long mi = ck->stores[store].map_index;
    if (mi >= 0 && off < ck->map.stores[mi].end - ck->map.stores[mi].start) {
        v[h->n].have_addr = true;
        v[h->n].addr = ck->map.stores[mi].start + off;
        v[h->n].memory = ck->map.stores[mi].name;
    }
    h->n++;
    return 0;
}

static int search_store(const struct ckpt *ck, size_t i, uint64_t from, const uint8_t *pat,
                        size_t len, struct hits *h, struct progress *bar, char *err)
{
    struct pmem *pm;
    struct ckpt_progress pr = progress_of(bar);
    if (ckpt_mem_open(ck, i, &pm, err) != 0)
        return -1;
    int rc = ckpt_mem_decode(pm, &pr, err);
    uint64_t hit;
    while (rc == 0 && h->n < h->want) {
        int found = pmem_find(pm, pat, len, from, &hit, err);
        if (found <= 0) {
            rc = found;
            break;
        }
        rc = add_hit(ck, i, hit, len, h) == 0 ? 0 : err_set(err, "out of memory");
        from = hit + 1;
    }
    pmem_close(pm);
    return rc;
}

static int search(const struct find_opts *o, const struct ckpt *ck, const uint8_t *pat,
                  size_t len, struct hits *h, char *err)
{
    size_t n = o->store != CKPT_BY_ADDR ? 1 : ck->nstores;
    size_t *order = calloc(n ? n : 1, sizeof *order);
    if (!order)
        return err_set(err, "out of memory");
    for (size_t i = 0; i < n; i++)
        order[i] = o->store != CKPT_BY_ADDR ? (size_t)o->store : i;
    sort_ck = ck;
    qsort(order, n, sizeof *order, by_start);
    struct progress bar;
    progress_init(&bar);
    int rc = 0;
    for (size_t k = 0; rc == 0 && k < n && h->n < h->want; k++) {
        int64_t from = first_offset(o, ck, order[k]);
        if (from >= 0)
            rc = search_store(ck, order[k], (uint64_t)from, pat, len, h, &bar, err);
    }
    progress_end(&bar);
    free(order);
    return rc;
}

static int report(const struct find_opts *o, const struct args *a, const uint8_t *pat,
                  size_t len, const struct hits *h)
{
    bool truncated = o->all && h->n > o->max;
    size_t shown = truncated ? (size_t)o->max : h->n;
    int code = h->n ? CLI_OK : CLI_FAIL;
    if (a->common.json) {
        cJSON *doc = cJSON_CreateObject();
        char *hex = memcli_hex_string(pat, len);
        cJSON_AddBoolToObject(doc, "found", h->n > 0);
        cJSON_AddStringToObject(doc, "pattern_hex", hex ? hex : "");
        free(hex);
        cJSON *arr = cJSON_AddArrayToObject(doc, "hits");
        for (size_t i = 0; i < shown; i++) {
            cJSON *j = cJSON_CreateObject();
            memcli_loc_json(j, &h->v[i]);
            cJSON_AddItemToArray(arr, j);
        }
        cli_json_u64(doc, "count", shown);
        cJSON_AddBoolToObject(doc, "truncated", truncated);
        return cli_json_out(doc, code);
    }
    char where[512];
    for (size_t i = 0; i < shown; i++)
        printf("%s\n", ckpt_loc_text(&h->v[i], where, sizeof where));
    if (!h->n)
        return cli_fail("the pattern (%zu bytes) was not found in %s%s", len, a->pos[0],
                        o->have_from ? " at or after --from" : "");
    if (o->all)
        printf("%zu hit%s%s\n", shown, shown == 1 ? "" : "s",
               truncated ? " (stopped at --max; there are more)" : "");
    return code;
}

int cmd_mem_find(int argc, char **argv)
{
    struct find_opts o = { .cmd = "mem find", .store = CKPT_BY_ADDR, .max = DEFAULT_MAX };
    struct args a;
    int rc = args_parse(o.cmd, argc, argv, find_options, on_option, &o, 2, 2, &a);
    if (rc >= 0)
        return rc;
    uint8_t *pat = NULL;
    size_t len = strlen(a.pos[1]);
    char err[ERR_LEN];
    if (o.hex && memcli_parse_hex(a.pos[1], &pat, &len, err) != 0)
        return cli_usage_error(o.cmd, "PATTERN '%s': %s", a.pos[1], err);
    if (!o.hex && len == 0)
        return cli_usage_error(o.cmd, "PATTERN is empty");
    struct ckpt *ck;
    if ((rc = memcli_open(a.common.json, a.pos[0], a.common.config, &ck)) != 0) {
        free(pat);
        return rc;
    }
    struct hits h = { .want = o.all ? (size_t)o.max + 1 : 1 };
    const uint8_t *p = pat ? pat : (const uint8_t *)a.pos[1];
    if (o.store != CKPT_BY_ADDR && (size_t)o.store >= ck->nstores)
        rc = err_set(err, "%s has %zu stores: there is no store%ld", a.pos[0], ck->nstores,
                     o.store);
    else if (o.store == CKPT_BY_ADDR && o.have_from && !ck->map.known)
        rc = err_set(err, "the address map of %s is unknown, so --from has no meaning (give "
                     "the config with --config, or search one store with --store N)", a.pos[0]);
    else
        rc = search(&o, ck, p, len, &h, err);
    rc = rc == 0 ? report(&o, &a, p, len, &h) : cli_error(a.common.json, err);
    ckpt_close(ck);   /* the hits point at its memory names */
    free(h.v);
    free(pat);
    return rc;
}

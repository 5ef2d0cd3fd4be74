/* `gem5wb mem map`: each store's page map (non-zero pages as runs of physical addresses,
 * zero ranges) and, for the remote memory, what the darchr SST bridge would load of it. */
#include "cli/args.h"
#include "cli/cmds.h"
#include "cli/mem_common.h"
#include "cli/progress.h"
#include "core/pmem/pmem_sst.h"
#include "core/util/err.h"
#include "core/util/size.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_RUNS 32

struct map_opts {
    const char *cmd;
    long store;
    uint64_t max;
};

/* What one store's page map says. */
struct page_map {
    uint64_t size, nonzero_pages, nonzero_bytes, runs;
    uint64_t zero_ranges, zero_bytes, largest_zero, largest_zero_at;   /* store offsets */
    uint64_t *run_off, *run_len;   /* the first `max` runs */
    size_t nlisted;
};

static int on_option(void *ctx, int val, const char *arg)
{
    struct map_opts *o = ctx;
    if (val == MEMCLI_OPT_STORE)
        return memcli_store_opt(o->cmd, arg, &o->store);
    if (val == MEMCLI_OPT_MAX)
        return memcli_count_opt(o->cmd, "--max", arg, &o->max);
    return CLI_USAGE;
}

static const struct option map_options[] = {
    {"store", required_argument, NULL, MEMCLI_OPT_STORE},
    {"max", required_argument, NULL, MEMCLI_OPT_MAX},
    {0, 0, 0, 0},
};

static void add_zero(struct page_map *pm, uint64_t off, uint64_t len)
{
    if (len == 0)
        return;
    pm->zero_ranges++;
    pm->zero_bytes += len;
    if (len > pm->largest_zero)
        pm->largest_zero = len, pm->largest_zero_at = off;
}

static void add_run(struct page_map *pm, uint64_t off, uint64_t len, uint64_t max)
{
    pm->runs++;
    pm->nonzero_bytes += len;
    if (pm->nlisted < max) {
        pm->run_off[pm->nlisted] = off;
        pm->run_len[pm->nlisted++] = len;
    }
}

/* Walks the page bits into runs of non-zero pages and the zero ranges between them. */
static int walk(struct pmem *p, uint64_t size, uint64_t max, struct page_map *pm)
{
    uint64_t npages;
    const uint64_t *bits = pmem_page_bits(p, &npages);
    *pm = (struct page_map){ .size = size };
    pm->run_off = calloc(max, sizeof *pm->run_off);
    pm->run_len = calloc(max, sizeof *pm->run_len);
    if (!pm->run_off || !pm->run_len)
        return -1;
    uint64_t zero_from = 0;
    for (uint64_t q = 0; q < npages;) {
        if (!(bits[q / 64] >> (q % 64) & 1)) {
            q++;
            continue;
        }
        uint64_t r = q;
        while (r < npages && (bits[r / 64] >> (r % 64) & 1))
            r++;
        uint64_t start = q * PMEM_PAGE, end = r * PMEM_PAGE < size ? r * PMEM_PAGE : size;
        add_zero(pm, zero_from, start - zero_from);
        add_run(pm, start, end - start, max);
        pm->nonzero_pages += r - q;
        zero_from = end;
        q = r;
    }
    add_zero(pm, zero_from, size - zero_from);
    return 0;
}

static const struct mm_store *mapped(const struct ckpt *ck, size_t i)
{
    long mi = ck->stores[i].map_index;
    return mi >= 0 ? &ck->map.stores[mi] : NULL;
}

/* The remote memory, or the store the old bridges read by its hard-coded name (store0). */
static bool is_remote(const struct ckpt *ck, size_t i)
{
    const struct mm_store *m = mapped(ck, i);
    return m && (m->role == MM_ROLE_REMOTE ||
                 (i == 0 && !strcmp(ck->map.mems[m->mems[0]].type, "OutgoingRequestBridge")));
}

/* The backdoor bridge sends the memory's own store (its range); the older ones the file. */
static uint64_t sst_size(const struct ckpt *ck, size_t i, enum pmem_bridge b, uint64_t decoded)
{
    const struct mm_store *m = mapped(ck, i);
    return b == PMEM_BRIDGE_BACKDOOR && m ? m->end - m->start : decoded;
}

static cJSON *sst_json(const struct ckpt *ck, size_t i, uint64_t decoded)
{
    cJSON *arr = cJSON_CreateArray();
    for (int b = PMEM_BRIDGE_BACKDOOR; b <= PMEM_BRIDGE_INITDATA_64; b++) {
        struct pmem_sst_init s;
        uint64_t size = sst_size(ck, i, (enum pmem_bridge)b, decoded);
        pmem_sst_predict(size, (enum pmem_bridge)b, &s);
        cJSON *j = cJSON_CreateObject();
        cJSON_AddStringToObject(j, "bridge", pmem_bridge_name(s.bridge));
        cJSON_AddStringToObject(j, "commits", pmem_bridge_commits(s.bridge));
        cli_json_u64(j, "store_bytes", size);
        cli_json_u64(j, "bytes_sent", s.bytes_sent);
        cli_json_u64(j, "writes", s.events);
        cli_json_u64(j, "write_bytes", s.event_bytes);
        cli_json_u64(j, "phases", s.phases);
        cli_json_u64(j, "largest_phase", s.largest_phase);
        cJSON_AddBoolToObject(j, "exceeds_mpi", s.exceeds_mpi);
        cli_json_u64(j, "dropped", s.dropped);
        cJSON_AddBoolToObject(j, "loads_nothing", s.loads_nothing);
        cJSON_AddItemToArray(arr, j);
    }
    return arr;
}

static void sst_text(const struct ckpt *ck, size_t i, uint64_t decoded)
{
    printf("  SST init load of this remote store by the darchr bridge:\n");
    for (int b = PMEM_BRIDGE_BACKDOOR; b <= PMEM_BRIDGE_INITDATA_64; b++) {
        struct pmem_sst_init s;
        char sent[32], piece[32], big[32], drop[32];
        pmem_sst_predict(sst_size(ck, i, (enum pmem_bridge)b, decoded), (enum pmem_bridge)b, &s);
        printf("    %-11s (%s): %s in %" PRIu64 " writes of %s, %" PRIu64 " phase%s, largest "
               "phase %s\n", pmem_bridge_name(s.bridge), pmem_bridge_commits(s.bridge),
               size_format(s.bytes_sent, sent, sizeof sent), s.events,
               size_format(s.event_bytes, piece, sizeof piece), s.phases,
               s.phases == 1 ? "" : "s", size_format(s.largest_phase, big, sizeof big));
        if (s.loads_nothing)
            printf("      loads nothing below 1 GiB: SST's memory starts all zero\n");
        else if (s.dropped)
            printf("      drops the last %s (only whole GiB are sent)\n",
                   size_format(s.dropped, drop, sizeof drop));
        if (s.exceeds_mpi)
            printf("      one init phase carries more than 2^31-1 bytes: MPI_ERR_COUNT when SST "
                   "runs under mpirun with several ranks\n");
    }
}

static cJSON *store_json(const struct ckpt *ck, size_t i, const struct page_map *pm)
{
    const struct mm_store *m = mapped(ck, i);
    cJSON *j = cJSON_CreateObject();
    cJSON_AddNumberToObject(j, "index", (double)i);
    cJSON_AddStringToObject(j, "file", ck->stores[i].file_path ? ck->stores[i].file_path : "");
    cJSON_AddStringToObject(j, "memory", m ? m->name : "");
    cJSON_AddStringToObject(j, "role", m ? mm_role_name(m->role) : "");
    if (m)
        cli_json_hex(j, "start", m->start);
    else
        cJSON_AddNullToObject(j, "start");
    cli_json_u64(j, "size", pm->size);
    cli_json_u64(j, "nonzero_pages", pm->nonzero_pages);
    cli_json_u64(j, "nonzero_bytes", pm->nonzero_bytes);
    cli_json_u64(j, "zero_ranges", pm->zero_ranges);
    cli_json_u64(j, "zero_bytes", pm->zero_bytes);
    cli_json_u64(j, "largest_zero", pm->largest_zero);
    cli_json_hex(j, "largest_zero_offset", pm->largest_zero_at);
    cJSON *runs = cJSON_AddArrayToObject(j, "runs");
    for (size_t k = 0; k < pm->nlisted; k++) {
        cJSON *r = cJSON_CreateObject();
        cli_json_hex(r, "offset", pm->run_off[k]);
        if (m)
            cli_json_hex(r, "address", m->start + pm->run_off[k]);
        cli_json_u64(r, "length", pm->run_len[k]);
        cJSON_AddItemToArray(runs, r);
    }
    cli_json_u64(j, "runs_total", pm->runs);
    cJSON_AddBoolToObject(j, "runs_truncated", pm->runs > pm->nlisted);
    if (is_remote(ck, i))
        cJSON_AddItemToObject(j, "sst", sst_json(ck, i, pm->size));
    return j;
}

static void store_text(const struct ckpt *ck, size_t i, const struct page_map *pm)
{
    const struct mm_store *m = mapped(ck, i);
    uint64_t base = m ? m->start : 0;
    char a[32], b[32], c[32];
    printf("store%zu  %s  %s  ", i, m ? m->name : "(range unknown)",
           m ? mm_role_name(m->role) : "");
    if (m)
        printf("0x%" PRIx64 "-0x%" PRIx64 "  ", m->start, m->end - 1);
    printf("%s  %s\n", size_format(pm->size, a, sizeof a), ck->stores[i].file_path);
    printf("  non-zero  %" PRIu64 " pages (%s, %.2f%%) in %" PRIu64 " run%s\n", pm->nonzero_pages,
           memcli_size(pm->nonzero_bytes, a, sizeof a),
           pm->size ? 100.0 * (double)pm->nonzero_bytes / (double)pm->size : 0.0, pm->runs,
           pm->runs == 1 ? "" : "s");
    printf("  zero      %" PRIu64 " range%s, %s", pm->zero_ranges, pm->zero_ranges == 1 ? "" : "s",
           memcli_size(pm->zero_bytes, b, sizeof b));
    if (pm->zero_ranges)
        printf("; largest %s at %s0x%" PRIx64, memcli_size(pm->largest_zero, c, sizeof c),
               m ? "" : "+", base + pm->largest_zero_at);
    putchar('\n');
    for (size_t k = 0; k < pm->nlisted; k++)
        printf("  %s %s0x%" PRIx64 "-0x%" PRIx64 "  %s\n", k ? "        " : "runs    ",
               m ? "" : "+", base + pm->run_off[k], base + pm->run_off[k] + pm->run_len[k] - 1,
               size_format(pm->run_len[k], a, sizeof a));
    if (pm->runs > pm->nlisted)
        printf("           ... and %" PRIu64 " more runs (--max N lists more)\n",
               pm->runs - pm->nlisted);
    if (is_remote(ck, i))
        sst_text(ck, i, pm->size);
}

/* Maps store i and adds it to doc (JSON) or prints it. */
static int one_store(const struct map_opts *o, const struct ckpt *ck, size_t i, cJSON *arr,
                     struct progress *bar, char *err)
{
    struct pmem *p;
    struct ckpt_progress pr = progress_of(bar);
    struct ckpt_step st = { &pr, "decoding" };
    struct page_map pm = { 0 };
    if (ckpt_mem_open(ck, i, &p, err) != 0)
        return -1;
    int rc = pmem_map(p, ckpt_step_progress, &st, err);
    if (rc == 0) {
        struct pmem_info info;
        pmem_info(p, &info);
        rc = walk(p, info.size, o->max, &pm) == 0 ? 0 : err_set(err, "out of memory");
    }
    progress_end(bar);
    if (rc == 0 && arr)
        cJSON_AddItemToArray(arr, store_json(ck, i, &pm));
    else if (rc == 0)
        store_text(ck, i, &pm);
    free(pm.run_off);
    free(pm.run_len);
    pmem_close(p);
    return rc;
}

static void store_error(cJSON *arr, size_t i, const char *err)
{
    if (!arr) {
        printf("store%zu  cannot be mapped\n", i);
        fprintf(stderr, "gem5wb: %s\n", err);
        return;
    }
    cJSON *j = cJSON_CreateObject();
    cJSON_AddNumberToObject(j, "index", (double)i);
    cJSON_AddStringToObject(j, "error", err);
    cJSON_AddItemToArray(arr, j);
}

int cmd_mem_map(int argc, char **argv)
{
    struct map_opts o = { .cmd = "mem map", .store = CKPT_BY_ADDR, .max = DEFAULT_RUNS };
    struct args a;
    struct ckpt *ck;
    char err[ERR_LEN];
    int rc = args_parse(o.cmd, argc, argv, map_options, on_option, &o, 1, 1, &a);
    if (rc >= 0 || (rc = memcli_open(a.common.json, a.pos[0], a.common.config, &ck)) != 0)
        return rc;
    cJSON *doc = a.common.json ? cJSON_CreateObject() : NULL;
    cJSON *arr = doc ? cJSON_AddArrayToObject(doc, "stores") : NULL;
    struct progress bar;
    progress_init(&bar);
    if (o.store != CKPT_BY_ADDR && (size_t)o.store >= ck->nstores)
        rc = err_set(err, "%s has %zu stores: there is no store%ld", a.pos[0], ck->nstores,
                     o.store);
    if (rc != 0) {
        ckpt_close(ck);
        cJSON_Delete(doc);
        return cli_error(a.common.json, err);
    }
    int failed = 0;
    for (size_t i = 0; i < ck->nstores; i++)
        if (o.store == CKPT_BY_ADDR || (size_t)o.store == i) {
            if (!doc && o.store == CKPT_BY_ADDR && i)
                putchar('\n');
            if (one_store(&o, ck, i, arr, &bar, err) == 0)
                continue;
            failed++;   /* one bad store does not hide the others */
            store_error(arr, i, err);
        }
    ckpt_close(ck);
    if (doc)
        cJSON_AddBoolToObject(doc, "ok", !failed);
    return doc ? cli_json_out(doc, failed ? CLI_FAIL : CLI_OK) : failed ? CLI_FAIL : CLI_OK;
}

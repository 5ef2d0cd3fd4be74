/* `gem5wb mem diff`: which bytes of memory differ between two checkpoints, store by store
 * (paired by section number); byte-identical store files are not decoded at all. */
#include "cli/args.h"
#include "cli/cmds.h"
#include "cli/mem_common.h"
#include "cli/progress.h"
#include "core/pmem/pmem_diff.h"
#include "core/util/err.h"
#include "core/util/filecmp.h"
#include "core/util/size.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEFAULT_MAX 100

struct diff_opts {
    const char *cmd;
    long store;
    uint64_t max;
};

/* The ranges of one store pair. */
struct ranges {
    uint64_t *off, *len;
    size_t n, max;
};

/* What one store pair came to. */
struct pair {
    size_t index;
    const char *missing;      /* "DIR1"/"DIR2": the store is only in the other */
    bool identical_files, equal;
    struct pmem_diff_stats st;
    struct ranges r;
};

static int on_option(void *ctx, int val, const char *arg)
{
    struct diff_opts *o = ctx;
    if (val == MEMCLI_OPT_STORE)
        return memcli_store_opt(o->cmd, arg, &o->store);
    if (val == MEMCLI_OPT_MAX)
        return memcli_count_opt(o->cmd, "--max", arg, &o->max);
    return CLI_USAGE;
}

static const struct option diff_options[] = {
    {"store", required_argument, NULL, MEMCLI_OPT_STORE},
    {"max", required_argument, NULL, MEMCLI_OPT_MAX},
    {0, 0, 0, 0},
};

static int on_range(void *arg, uint64_t off, uint64_t len)
{
    struct ranges *r = arg;
    if (r->n < r->max) {
        r->off[r->n] = off;
        r->len[r->n++] = len;
    }
    return 0;
}

static int decode_and_diff(const struct ckpt *c1, const struct ckpt *c2, struct pair *p,
                           struct progress *bar, char *err)
{
    struct pmem *a = NULL, *b = NULL;
    struct ckpt_progress pr = progress_of(bar);
    int rc = ckpt_mem_open(c1, p->index, &a, err);
    if (rc == 0)
        rc = ckpt_mem_open(c2, p->index, &b, err);
    if (rc == 0)
        rc = ckpt_mem_decode(a, &pr, err);
    if (rc == 0)
        rc = ckpt_mem_decode(b, &pr, err);
    if (rc == 0)
        rc = pmem_diff(a, b, 0, on_range, &p->r, &p->st, err);
    p->equal = rc == 0 && p->st.ranges == 0 && p->st.size_a == p->st.size_b;
    pmem_close(a);
    pmem_close(b);
    return rc;
}

static int compare(const struct ckpt *c1, const struct ckpt *c2, struct pair *p,
                   struct progress *bar, char *err)
{
    if (p->index >= c1->nstores || p->index >= c2->nstores) {
        p->missing = p->index >= c1->nstores ? "DIR1" : "DIR2";
        return 0;
    }
    const struct ckpt_store *a = &c1->stores[p->index], *b = &c2->stores[p->index];
    if (!a->file_exists || !b->file_exists)
        return err_set(err, "store file %s is missing",
                       !a->file_exists ? (a->file_path ? a->file_path : a->section_name)
                                       : (b->file_path ? b->file_path : b->section_name));
    int same = file_same_bytes(a->file_path, b->file_path, NULL, NULL, err);
    if (same < 0)
        return -1;
    if (same) {
        p->identical_files = p->equal = true;
        return 0;
    }
    return decode_and_diff(c1, c2, p, bar, err);
}

static const struct mm_store *mapped(const struct ckpt *ck, size_t i)
{
    long mi = i < ck->nstores ? ck->stores[i].map_index : -1;
    return mi >= 0 ? &ck->map.stores[mi] : NULL;
}

static cJSON *pair_json(const struct ckpt *c1, const struct pair *p)
{
    const struct mm_store *m = mapped(c1, p->index);
    cJSON *j = cJSON_CreateObject();
    cJSON_AddNumberToObject(j, "index", (double)p->index);
    cJSON_AddStringToObject(j, "memory", m ? m->name : "");
    cJSON_AddBoolToObject(j, "equal", p->equal);
    cJSON_AddBoolToObject(j, "identical_files", p->identical_files);
    if (p->missing)
        cJSON_AddStringToObject(j, "missing_in", p->missing);
    if (p->identical_files || p->missing)
        return j;
    cli_json_u64(j, "size_a", p->st.size_a);
    cli_json_u64(j, "size_b", p->st.size_b);
    cli_json_u64(j, "ranges_total", p->st.ranges);
    cli_json_u64(j, "bytes", p->st.bytes);
    cJSON_AddBoolToObject(j, "truncated", p->st.ranges > p->r.n);
    cJSON *arr = cJSON_AddArrayToObject(j, "ranges");
    for (size_t k = 0; k < p->r.n; k++) {
        cJSON *r = cJSON_CreateObject();
        if (m)
            cli_json_hex(r, "address", m->start + p->r.off[k]);
        else
            cJSON_AddNullToObject(r, "address");
        cli_json_hex(r, "offset", p->r.off[k]);
        cli_json_u64(r, "length", p->r.len[k]);
        cJSON_AddItemToArray(arr, r);
    }
    return j;
}

static void pair_text(const struct ckpt *c1, const struct pair *p)
{
    const struct mm_store *m = mapped(c1, p->index);
    char a[32], b[32];
    printf("store%zu  %s: ", p->index, m ? m->name : "(range unknown)");
    if (p->missing) {
        printf("only in %s\n", p->missing[3] == '1' ? "DIR2" : "DIR1");
        return;
    }
    if (p->identical_files || p->equal) {
        printf("%s\n", p->identical_files ? "identical files" : "same contents (files differ)");
        return;
    }
    printf("%" PRIu64 " range%s, %" PRIu64 " bytes differ\n", p->st.ranges,
           p->st.ranges == 1 ? "" : "s", p->st.bytes);
    if (p->st.size_a != p->st.size_b)
        printf("  sizes differ: %s in DIR1, %s in DIR2 (compared over the smaller)\n",
               size_format(p->st.size_a, a, sizeof a), size_format(p->st.size_b, b, sizeof b));
    for (size_t k = 0; k < p->r.n; k++) {
        uint64_t o = p->r.off[k], e = o + p->r.len[k] - 1;
        if (m)
            printf("  0x%" PRIx64 "-0x%" PRIx64 "  store%zu+0x%" PRIx64 "  %" PRIu64 " bytes\n",
                   m->start + o, m->start + e, p->index, o, p->r.len[k]);
        else
            printf("  store%zu+0x%" PRIx64 "-0x%" PRIx64 "  %" PRIu64 " bytes\n", p->index, o, e,
                   p->r.len[k]);
    }
    if (p->st.ranges > p->r.n)
        printf("  ... and %" PRIu64 " more ranges (--max N lists more)\n",
               p->st.ranges - p->r.n);
}

/* Compares every pair (or the one of --store) and prints them as it goes. */
static int diff_all(const struct diff_opts *o, const struct ckpt *c1, const struct ckpt *c2,
                    cJSON *arr, uint64_t tot[3], char *err)
{
    size_t n = c1->nstores > c2->nstores ? c1->nstores : c2->nstores;
    struct progress bar;
    progress_init(&bar);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        if (o->store != CKPT_BY_ADDR && (size_t)o->store != i)
            continue;
        struct pair p = { .index = i, .r = { .max = (size_t)o->max } };
        p.r.off = calloc(p.r.max, sizeof *p.r.off);
        p.r.len = calloc(p.r.max, sizeof *p.r.len);
        rc = p.r.off && p.r.len ? compare(c1, c2, &p, &bar, err) : err_set(err, "out of memory");
        progress_end(&bar);
        if (rc == 0) {
            tot[0] += !p.equal;
            tot[1] += p.st.ranges;
            tot[2] += p.st.bytes;
            if (arr)
                cJSON_AddItemToArray(arr, pair_json(c1, &p));
            else
                pair_text(c1, &p);
        }
        free(p.r.off);
        free(p.r.len);
    }
    return rc;
}

static int run(const struct diff_opts *o, const struct args *a, struct ckpt *c1,
               struct ckpt *c2)
{
    char err[ERR_LEN];
    uint64_t tot[3] = { 0 };   /* stores differing, ranges, bytes */
    size_t n = c1->nstores > c2->nstores ? c1->nstores : c2->nstores;
    if (o->store != CKPT_BY_ADDR && (size_t)o->store >= n)
        return cli_error(a->common.json, "there is no such store in either checkpoint");
    cJSON *doc = a->common.json ? cJSON_CreateObject() : NULL;
    cJSON *arr = doc ? cJSON_AddArrayToObject(doc, "stores") : NULL;
    if (diff_all(o, c1, c2, arr, tot, err) != 0) {
        cJSON_Delete(doc);
        return cli_error(a->common.json, err);
    }
    if (doc) {
        cJSON_AddBoolToObject(doc, "equal", tot[0] == 0);
        cli_json_u64(doc, "stores_differing", tot[0]);
        cli_json_u64(doc, "ranges", tot[1]);
        cli_json_u64(doc, "bytes", tot[2]);
        return cli_json_out(doc, CLI_OK);
    }
    if (tot[0] == 0)
        printf("\nthe memories are equal\n");
    else
        printf("\n%" PRIu64 " store%s: %" PRIu64 " range%s, %" PRIu64 " bytes\n", tot[0],
               tot[0] == 1 ? " differs" : "s differ", tot[1], tot[1] == 1 ? "" : "s", tot[2]);
    return CLI_OK;
}

int cmd_mem_diff(int argc, char **argv)
{
    struct diff_opts o = { .cmd = "mem diff", .store = CKPT_BY_ADDR, .max = DEFAULT_MAX };
    struct args a;
    struct ckpt *c1, *c2;
    int rc = args_parse(o.cmd, argc, argv, diff_options, on_option, &o, 2, 2, &a);
    if (rc >= 0 || (rc = memcli_open(a.common.json, a.pos[0], a.common.config, &c1)) != 0)
        return rc;
    if ((rc = memcli_open(a.common.json, a.pos[1], NULL, &c2)) != 0) {
        ckpt_close(c1);
        return rc;
    }
    rc = run(&o, &a, c1, c2);
    ckpt_close(c1);
    ckpt_close(c2);
    return rc;
}

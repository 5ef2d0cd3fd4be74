/* `gem5wb mem write` and `gem5wb mem import`: bytes into a checkpoint's memory at a
 * physical address (or store offset), then the store is committed (chunked gzip members,
 * atomically, the original kept as "<store>.gem5wb-backup"). */
#include "cli/args.h"
#include "cli/cmds.h"
#include "cli/mem_common.h"
#include "cli/progress.h"
#include "core/util/err.h"
#include "core/util/fileio.h"
#include "core/util/size.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IMPORT_MAX ((size_t)64 << 30)

struct write_opts {
    const char *cmd;
    long store;
    const char *hex, *string, *file;
    int sources;
};

static int on_option(void *ctx, int val, const char *arg)
{
    struct write_opts *o = ctx;
    switch (val) {
    case MEMCLI_OPT_STORE: return memcli_store_opt(o->cmd, arg, &o->store);
    case MEMCLI_OPT_HEX: o->hex = arg; break;
    case MEMCLI_OPT_STRING: o->string = arg; break;
    case MEMCLI_OPT_FILE: o->file = arg; break;
    default: return CLI_USAGE;
    }
    o->sources++;
    return 0;
}

static const struct option write_options[] = {
    {"store", required_argument, NULL, MEMCLI_OPT_STORE},
    {"hex", required_argument, NULL, MEMCLI_OPT_HEX},
    {"string", required_argument, NULL, MEMCLI_OPT_STRING},
    {"file", required_argument, NULL, MEMCLI_OPT_FILE},
    {0, 0, 0, 0},
};
static const struct option import_options[] = {
    {"store", required_argument, NULL, MEMCLI_OPT_STORE},
    {0, 0, 0, 0},
};

/* The bytes to write (malloc'ed in *buf); 0, or -1 with err. */
static int load_bytes(const struct write_opts *o, uint8_t **buf, size_t *len, char *err)
{
    if (o->hex)
        return memcli_parse_hex(o->hex, buf, len, err);
    if (o->string) {
        *len = strlen(o->string);
        *buf = (uint8_t *)strdup(o->string);
        return *buf ? 0 : err_set(err, "out of memory");
    }
    char *data;
    if (file_read_all(o->file, IMPORT_MAX, &data, len, err) != 0)
        return -1;
    *buf = (uint8_t *)data;
    return 0;
}

static void report_json(const struct ckpt *ck, const struct ckpt_write_result *r, size_t len)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddBoolToObject(doc, "ok", 1);
    memcli_loc_json(doc, &r->loc);
    cli_json_u64(doc, "length", len);
    cli_json_u64(doc, "changed", r->changed);
    if (r->changed) {
        cli_json_hex(doc, "first_changed", r->first_changed);
        cli_json_hex(doc, "last_changed", r->last_changed);
    }
    cJSON_AddBoolToObject(doc, "committed", r->committed);
    cJSON_AddStringToObject(doc, "file", ck->stores[r->loc.store].file_path);
    if (r->committed) {
        cJSON_AddStringToObject(doc, "backup", r->backup);
        cJSON *c = cJSON_AddObjectToObject(doc, "commit");
        cli_json_u64(c, "chunks", r->stats.chunks);
        cli_json_u64(c, "encoded", r->stats.encoded);
        cli_json_u64(c, "copied", r->stats.copied);
        cli_json_u64(c, "zero", r->stats.zero);
        cli_json_u64(c, "bytes_written", r->stats.bytes_written);
        cJSON_AddNumberToObject(c, "threads", r->stats.threads);
        cJSON_AddNumberToObject(c, "seconds", r->seconds);
    }
    cli_json_out(doc, CLI_OK);
}

static void report_text(const struct ckpt *ck, const struct ckpt_write_result *r, size_t len)
{
    char where[512], sz[32];
    printf("wrote %zu bytes at %s: ", len, ckpt_loc_text(&r->loc, where, sizeof where));
    if (!r->changed) {
        printf("no byte changed, so %s was not rewritten\n", ck->stores[r->loc.store].file_path);
        return;
    }
    printf("%" PRIu64 " byte%s changed (store offsets 0x%" PRIx64 "-0x%" PRIx64 ")\n",
           r->changed, r->changed == 1 ? "" : "s", r->first_changed, r->last_changed);
    printf("committed %s: %" PRIu64 " chunks (%" PRIu64 " encoded, %" PRIu64 " copied, %"
           PRIu64 " zero), %s written in %.2f s with %u thread%s\noriginal kept as %s\n",
           ck->stores[r->loc.store].file_path, r->stats.chunks, r->stats.encoded,
           r->stats.copied, r->stats.zero, size_format(r->stats.bytes_written, sz, sizeof sz),
           r->seconds, r->stats.threads, r->stats.threads == 1 ? "" : "s", r->backup);
}

/* Writes and commits; a.pos[0] is DIR, a.pos[1] ADDR. */
static int run(const struct write_opts *o, const struct args *a)
{
    uint64_t where;
    uint8_t *buf = NULL;
    size_t len = 0;
    char err[ERR_LEN];
    struct ckpt *ck;
    if (cli_number(o->cmd, a->pos[1], "ADDR", &where) != 0)
        return CLI_USAGE;
    if (load_bytes(o, &buf, &len, err) != 0)   /* bad hex is a usage error, a file a failure */
        return o->hex ? cli_usage_error(o->cmd, "--hex '%s': %s", o->hex, err)
                      : cli_error(a->common.json, err);
    int rc = len ? memcli_open(a->common.json, a->pos[0], a->common.config, &ck) : 0;
    if (rc != 0 || len == 0) {
        free(buf);
        return rc ? rc : cli_error(a->common.json, "nothing to write: the data is empty");
    }
    struct progress bar;
    struct ckpt_write_result res;
    progress_init(&bar);
    struct ckpt_progress pr = progress_of(&bar);
    rc = ckpt_mem_write(ck, o->store, where, buf, len, &pr, &res, err);
    progress_end(&bar);
    free(buf);
    if (rc == 0 && a->common.json)
        report_json(ck, &res, len);
    else if (rc == 0)
        report_text(ck, &res, len);
    ckpt_close(ck);
    return rc == 0 ? CLI_OK : cli_error(a->common.json, err);
}

int cmd_mem_write(int argc, char **argv)
{
    struct write_opts o = { .cmd = "mem write", .store = CKPT_BY_ADDR };
    struct args a;
    int rc = args_parse(o.cmd, argc, argv, write_options, on_option, &o, 2, 2, &a);
    if (rc >= 0)
        return rc;
    if (o.sources != 1)
        return cli_usage_error(o.cmd, "give the bytes once: --hex BYTES, --string TEXT or "
                               "--file F");
    return run(&o, &a);
}

int cmd_mem_import(int argc, char **argv)
{
    struct write_opts o = { .cmd = "mem import", .store = CKPT_BY_ADDR };
    struct args a;
    int rc = args_parse(o.cmd, argc, argv, import_options, on_option, &o, 3, 3, &a);
    if (rc >= 0)
        return rc;
    o.file = a.pos[2];
    return run(&o, &a);
}

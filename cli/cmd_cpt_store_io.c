/* `gem5wb cpt export-store|import-store`: a whole store as a raw memory image, out to a
 * file (atomically, refusing to overwrite) and back in (store and m5.cpt in one commit). */
#include "cli/args.h"
#include "cli/cmds.h"
#include "cli/mem_common.h"
#include "cli/progress.h"
#include "core/checkpoint/store_io.h"
#include "core/util/err.h"
#include "core/util/fileio.h"
#include "core/util/size.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const struct option export_options[] = {
    {"force", no_argument, NULL, MEMCLI_OPT_FORCE},
    {0, 0, 0, 0},
};

static const struct option import_options[] = {
    {"set-size", no_argument, NULL, MEMCLI_OPT_SET_SIZE},
    {0, 0, 0, 0},
};

/* Parses DIR N FILE; returns -1 to go on, or the exit code. */
static int parse(const char *cmd, int argc, char **argv, const struct option *opts,
                 struct memcli_flags *o, struct args *a, unsigned *n)
{
    long v;
    int rc = args_parse(cmd, argc, argv, opts, memcli_flag_option, o, 3, 3, a);
    if (rc >= 0)
        return rc;
    if (memcli_store_opt(cmd, a->pos[1], &v) != 0)
        return CLI_USAGE;
    *n = (unsigned)v;
    return -1;
}

static void json_warning(cJSON *doc, const struct store_io_result *r)
{
    if (r->warning[0])
        cJSON_AddStringToObject(doc, "warning", r->warning);
    else
        cJSON_AddNullToObject(doc, "warning");
}

/* ---- export ---- */

static int export_report(const struct args *a, unsigned n, const struct store_io_result *r)
{
    char s1[32], s2[32];
    if (a->common.json) {
        cJSON *doc = cJSON_CreateObject();
        cJSON_AddBoolToObject(doc, "ok", 1);
        cJSON_AddNumberToObject(doc, "store", n);
        cJSON_AddStringToObject(doc, "store_file", r->store_path);
        cJSON_AddStringToObject(doc, "file", r->file);
        cli_json_u64(doc, "bytes", r->bytes);
        cli_json_u64(doc, "nonzero_pages", r->nonzero_pages);
        cli_json_u64(doc, "bytes_written", r->bytes_written);
        cJSON_AddBoolToObject(doc, "replaced", r->replaced);
        if (r->replaced)
            cJSON_AddStringToObject(doc, "backup", r->backup);
        else
            cJSON_AddNullToObject(doc, "backup");
        json_warning(doc, r);
        return cli_json_out(doc, CLI_OK);
    }
    printf("wrote store%u of %s (%s decoded from %s) to %s: %s of non-zero pages, the "
           "rest left as holes\n", n, a->pos[0], size_format(r->bytes, s1, sizeof s1),
           r->store_path, r->file, memcli_size(r->bytes_written, s2, sizeof s2));
    if (r->replaced)
        printf("the file it replaced is kept as %s (the first backup is kept)\n", r->backup);
    if (r->warning[0])
        printf("warning: %s\n", r->warning);
    return CLI_OK;
}

typedef int (*io_fn)(const char *dir, const char *config, unsigned n, const char *file,
                     bool flag, const struct ckpt_progress *pr, struct store_io_result *res,
                     char *err);
typedef int (*io_report)(const struct args *a, unsigned n, const struct store_io_result *r);

/* Parses DIR N FILE, runs fn with a progress bar and reports. The one flag each takes:
 * export --force, import --set-size. */
static int run_io(const char *cmd, int argc, char **argv, const struct option *opts, io_fn fn,
                  io_report report)
{
    struct memcli_flags o = { 0 };
    struct args a;
    unsigned n;
    char err[ERR_LEN];
    int rc = parse(cmd, argc, argv, opts, &o, &a, &n);
    if (rc >= 0)
        return rc;
    struct progress bar;
    struct store_io_result res;
    progress_init(&bar);
    struct ckpt_progress pr = progress_of(&bar);
    rc = fn(a.pos[0], a.common.config, n, a.pos[2], o.force || o.set_size, &pr, &res, err);
    progress_end(&bar);
    return rc == 0 ? report(&a, n, &res) : cli_error(a.common.json, err);
}

int cmd_cpt_export_store(int argc, char **argv)
{
    return run_io("cpt export-store", argc, argv, export_options, store_io_export,
                  export_report);
}

/* ---- import ---- */

static void import_json(unsigned n, const struct store_io_result *r)
{
    char bak[4200];
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddBoolToObject(doc, "ok", 1);
    cJSON_AddNumberToObject(doc, "store", n);
    cJSON_AddStringToObject(doc, "file", r->store_path);
    cJSON_AddStringToObject(doc, "source", r->file);
    file_backup_path(r->store_path, bak, sizeof bak);
    if (access(bak, F_OK) == 0)
        cJSON_AddStringToObject(doc, "backup", bak);
    else
        cJSON_AddNullToObject(doc, "backup");
    cli_json_u64(doc, "old_size", r->old_size);
    cli_json_u64(doc, "new_size", r->new_size);
    cli_json_u64(doc, "nonzero_pages", r->nonzero_pages);
    cli_json_u64(doc, "bytes_written", r->bytes_written);
    cli_json_u64(doc, "chunks", r->chunks);
    cli_json_u64(doc, "zero_chunks", r->zero_chunks);
    cJSON_AddBoolToObject(doc, "cpt_changed", r->cpt_changed);
    if (r->old_filename[0])
        cJSON_AddStringToObject(doc, "old_filename", r->old_filename);
    json_warning(doc, r);
    cli_json_out(doc, CLI_OK);
}

static int import_report(const struct args *a, unsigned n, const struct store_io_result *r)
{
    char s1[32], s2[32];
    if (a->common.json) {
        import_json(n, r);
        return CLI_OK;
    }
    printf("store%u of %s is now the image %s (%s, %" PRIu64 " non-zero pages)\n", n,
           a->pos[0], r->file, size_format(r->bytes, s1, sizeof s1), r->nonzero_pages);
    printf("wrote %s: %" PRIu64 " chunks (%" PRIu64 " zero), %s\n", r->store_path, r->chunks,
           r->zero_chunks, memcli_size(r->bytes_written, s2, sizeof s2));
    memcli_commit_text(a->pos[0], r->store_path, r->cpt_changed, r->old_size, r->new_size,
                       r->old_filename, r->warning);
    return CLI_OK;
}

int cmd_cpt_import_store(int argc, char **argv)
{
    return run_io("cpt import-store", argc, argv, import_options, store_io_import,
                  import_report);
}

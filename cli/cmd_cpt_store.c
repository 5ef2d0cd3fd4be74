/* `gem5wb cpt replace-store|resize-store|drop-backup`: store edits that rewrite a store
 * file and m5.cpt in one commit (originals kept as backups), and removing the backups. */
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
#include <sys/stat.h>

static const struct option replace_options[] = {
    {"set-size", no_argument, NULL, MEMCLI_OPT_SET_SIZE},
    {0, 0, 0, 0},
};

static const struct option resize_options[] = {
    {"force", no_argument, NULL, MEMCLI_OPT_FORCE},
    {0, 0, 0, 0},
};

static int store_number(const char *cmd, const char *text, unsigned *n)
{
    long v;
    if (memcli_store_opt(cmd, text, &v) != 0)
        return CLI_USAGE;
    *n = (unsigned)v;
    return 0;
}

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* FROM_DIR[:M]: a folder named with a colon is taken whole when it exists. */
static int split_from(const char *cmd, const char *text, unsigned n, char *dir, size_t len,
                      unsigned *m)
{
    const char *colon = strrchr(text, ':');
    snprintf(dir, len, "%s", text);
    *m = n;
    if (!colon || is_dir(text))
        return 0;
    if (store_number(cmd, colon + 1, m) != 0)
        return CLI_USAGE;
    snprintf(dir, len, "%.*s", (int)(colon - text), text);
    return 0;
}

static void edit_json_common(cJSON *doc, unsigned n, const struct ckpt_edit_result *r)
{
    char bak[4200];
    cJSON_AddBoolToObject(doc, "ok", 1);
    cJSON_AddNumberToObject(doc, "store", n);
    cJSON_AddStringToObject(doc, "file", r->store_path);
    file_backup_path(r->store_path, bak, sizeof bak);
    cJSON_AddStringToObject(doc, "backup", r->unchanged ? "" : bak);
    cli_json_u64(doc, "old_size", r->old_size);
    cli_json_u64(doc, "new_size", r->new_size);
    cli_json_u64(doc, "bytes_written", r->bytes_written);
    cJSON_AddBoolToObject(doc, "cpt_changed", r->cpt_changed);
    if (r->warning[0])
        cJSON_AddStringToObject(doc, "warning", r->warning);
    else
        cJSON_AddNullToObject(doc, "warning");
}

static int replace_report(const struct args *a, unsigned n, const struct ckpt_edit_result *r)
{
    char s1[32], s2[32];
    if (a->common.json) {
        cJSON *doc = cJSON_CreateObject();
        edit_json_common(doc, n, r);
        cJSON_AddStringToObject(doc, "source", r->source_path);
        cli_json_u64(doc, "decoded_size", r->decoded_size);
        if (r->old_filename[0])
            cJSON_AddStringToObject(doc, "old_filename", r->old_filename);
        return cli_json_out(doc, CLI_OK);
    }
    printf("store%u of %s is now a copy of %s (%s decoded, %s file)\n", n, a->pos[0],
           r->source_path, size_format(r->decoded_size, s1, sizeof s1),
           size_format(r->bytes_written, s2, sizeof s2));
    memcli_commit_text(a->pos[0], r->store_path, r->cpt_changed, r->old_size, r->new_size,
                       r->old_filename, r->warning);
    return CLI_OK;
}

int cmd_cpt_replace_store(int argc, char **argv)
{
    const char *cmd = "cpt replace-store";
    struct memcli_flags o = { 0 };
    struct args a;
    unsigned n, m;
    char from[4096], err[ERR_LEN];
    int rc = args_parse(cmd, argc, argv, replace_options, memcli_flag_option, &o, 3, 3, &a);
    if (rc >= 0 || (rc = store_number(cmd, a.pos[1], &n)) != 0 ||
        (rc = split_from(cmd, a.pos[2], n, from, sizeof from, &m)) != 0)
        return rc;
    struct progress bar;
    struct ckpt_edit_result res;
    progress_init(&bar);
    struct ckpt_progress pr = progress_of(&bar);
    rc = ckpt_replace_store(a.pos[0], a.common.config, n, from, m, o.set_size, &pr, &res, err);
    progress_end(&bar);
    return rc == 0 ? replace_report(&a, n, &res) : cli_error(a.common.json, err);
}

static int resize_report(const struct args *a, unsigned n, const struct ckpt_edit_result *r)
{
    char s1[32], s2[32], s3[32];
    if (a->common.json) {
        cJSON *doc = cJSON_CreateObject();
        edit_json_common(doc, n, r);
        cJSON_AddBoolToObject(doc, "unchanged", r->unchanged);
        cli_json_u64(doc, "decoded_size", r->decoded_size);
        cli_json_u64(doc, "dropped_nonzero", r->dropped_nonzero);
        cli_json_u64(doc, "chunks", r->stats.chunks);
        cli_json_u64(doc, "encoded", r->stats.encoded);
        cli_json_u64(doc, "copied", r->stats.copied);
        cli_json_u64(doc, "zero", r->stats.zero);
        return cli_json_out(doc, CLI_OK);
    }
    if (r->unchanged) {
        printf("store%u of %s is already %s: nothing changed\n", n, a->pos[0],
               size_format(r->new_size, s1, sizeof s1));
        return CLI_OK;
    }
    printf("store%u of %s resized from %s to %s (range_size %" PRIu64 " -> %" PRIu64 ")\n", n,
           a->pos[0], size_format(r->decoded_size, s1, sizeof s1),
           size_format(r->new_size, s2, sizeof s2), r->old_size, r->new_size);
    if (r->dropped_nonzero)
        printf("dropped %" PRIu64 " non-zero bytes (--force)\n", r->dropped_nonzero);
    printf("wrote %s: %" PRIu64 " chunks (%" PRIu64 " encoded, %" PRIu64 " copied, %" PRIu64
           " zero), %s\n", r->store_path, r->stats.chunks, r->stats.encoded, r->stats.copied,
           r->stats.zero, size_format(r->bytes_written, s3, sizeof s3));
    /* range_size is in the line above; a resize keeps the filename */
    memcli_commit_text(a->pos[0], r->store_path, r->cpt_changed, 0, 0, "", r->warning);
    return CLI_OK;
}

int cmd_cpt_resize_store(int argc, char **argv)
{
    const char *cmd = "cpt resize-store";
    struct memcli_flags o = { 0 };
    struct args a;
    unsigned n;
    uint64_t size;
    char err[ERR_LEN];
    int rc = args_parse(cmd, argc, argv, resize_options, memcli_flag_option, &o, 3, 3, &a);
    if (rc >= 0 || (rc = store_number(cmd, a.pos[1], &n)) != 0)
        return rc;
    if (cli_number(cmd, a.pos[2], "SIZE", &size) != 0)
        return CLI_USAGE;
    if (size == 0 || size % 8)
        return cli_usage_error(cmd, "SIZE %s is not a non-empty multiple of 8 bytes (gem5 "
                               "asserts on it)", a.pos[2]);
    struct progress bar;
    struct ckpt_edit_result res;
    progress_init(&bar);
    struct ckpt_progress pr = progress_of(&bar);
    rc = ckpt_resize_store(a.pos[0], a.common.config, n, size, o.force, &pr, &res, err);
    progress_end(&bar);
    return rc == 0 ? resize_report(&a, n, &res) : cli_error(a.common.json, err);
}

/* ---- drop-backup ---- */

static void on_backup(void *arg, const char *name, uint64_t bytes, bool freed)
{
    char sz[32];
    if (arg)
        cJSON_AddItemToArray(arg, cJSON_CreateString(name));
    else
        printf("removed %s (%s%s)\n", name, size_format(bytes, sz, sizeof sz),
               freed ? "" : ", a hard link: its data is still in use");
}

int cmd_cpt_drop_backup(int argc, char **argv)
{
    struct args a;
    uint64_t files, bytes;
    char err[ERR_LEN], sz[32];
    int rc = args_parse("cpt drop-backup", argc, argv, NULL, NULL, NULL, 1, 1, &a);
    if (rc >= 0)
        return rc;
    cJSON *doc = a.common.json ? cJSON_CreateObject() : NULL;
    cJSON *arr = doc ? cJSON_AddArrayToObject(doc, "removed") : NULL;
    if (ckpt_drop_backups(a.pos[0], on_backup, arr, &files, &bytes, err) != 0) {
        cJSON_Delete(doc);
        return cli_error(a.common.json, err);
    }
    if (doc) {
        cJSON_AddBoolToObject(doc, "ok", 1);
        cli_json_u64(doc, "files", files);
        cli_json_u64(doc, "bytes_freed", bytes);
        return cli_json_out(doc, CLI_OK);
    }
    if (files == 0)
        printf("no *%s files in %s\n", FILE_BACKUP_SUFFIX, a.pos[0]);
    else
        printf("%" PRIu64 " backup%s removed, %s freed\n", files, files == 1 ? "" : "s",
               size_format(bytes, sz, sizeof sz));
    return CLI_OK;
}

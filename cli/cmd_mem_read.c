/* `gem5wb mem read` and `gem5wb mem export`: bytes of a checkpoint's memory by physical
 * address (or store offset) as a hex dump, raw on stdout, JSON, or into a file. */
#include "cli/args.h"
#include "cli/cmds.h"
#include "cli/mem_common.h"
#include "cli/progress.h"
#include "core/util/err.h"
#include "core/util/fileio.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define READ_STEP (1u << 20)          /* streamed in pieces: LEN may be gigabytes */
#define JSON_MAX (16u << 20)          /* --json holds all the hex in memory */

struct read_opts {
    const char *cmd;
    long store;
    bool raw;
};

static int on_option(void *ctx, int val, const char *arg)
{
    struct read_opts *o = ctx;
    if (val == MEMCLI_OPT_STORE)
        return memcli_store_opt(o->cmd, arg, &o->store);
    if (val == MEMCLI_OPT_RAW)
        o->raw = true;
    return 0;
}

static const struct option read_options[] = {
    {"store", required_argument, NULL, MEMCLI_OPT_STORE},
    {"raw", no_argument, NULL, MEMCLI_OPT_RAW},
    {0, 0, 0, 0},
};
static const struct option export_options[] = {
    {"store", required_argument, NULL, MEMCLI_OPT_STORE},
    {0, 0, 0, 0},
};

/* One line: address, 16 bytes in two groups of 8, and the printable ones. */
static void dump_line(uint64_t at, int width, const uint8_t *p, size_t n)
{
    char ascii[17];
    printf("%0*" PRIx64 " ", width, at);
    for (size_t i = 0; i < 16; i++) {
        if (i % 8 == 0)
            putchar(' ');
        if (i < n)
            printf("%02x ", p[i]);
        else
            fputs("   ", stdout);
        ascii[i] = i < n ? (p[i] >= 0x20 && p[i] < 0x7f ? (char)p[i] : '.') : '\0';
    }
    ascii[n] = '\0';
    printf(" |%s|\n", ascii);
}

static int hex_width(uint64_t last)
{
    int w = 1;
    while (last >>= 4)
        w++;
    return w < 8 ? 8 : w;
}

/* Streams [loc) to stdout as a dump (or raw), READ_STEP at a time. */
static int stream(struct pmem *pm, const struct ckpt_loc *loc, bool raw, char *err)
{
    uint8_t *buf = malloc(READ_STEP);
    if (!buf)
        return err_set(err, "out of memory");
    uint64_t base = loc->have_addr ? loc->addr : loc->offset;
    int width = hex_width(base + loc->len - 1), rc = 0;
    for (uint64_t done = 0; rc == 0 && done < loc->len;) {
        size_t n = loc->len - done < READ_STEP ? (size_t)(loc->len - done) : READ_STEP;
        rc = pmem_read(pm, loc->offset + done, buf, n, err);
        if (rc == 0 && raw && fwrite(buf, 1, n, stdout) != n)
            rc = err_sys(err, errno, "cannot write to stdout");
        for (size_t i = 0; rc == 0 && !raw && i < n; i += 16)
            dump_line(base + done + i, width, buf + i, n - i < 16 ? n - i : 16);
        done += n;
    }
    free(buf);
    return rc;
}

static int read_json(struct pmem *pm, const struct ckpt_loc *loc, char *err)
{
    if (loc->len > JSON_MAX)
        return err_set(err, "--json reads at most %u bytes; use --raw or mem export for %"
                       PRIu64, JSON_MAX, loc->len);
    uint8_t *buf = malloc((size_t)loc->len);
    char *hex = NULL;
    int rc = buf ? pmem_read(pm, loc->offset, buf, (size_t)loc->len, err)
                 : err_set(err, "out of memory");
    if (rc == 0 && !(hex = memcli_hex_string(buf, (size_t)loc->len)))
        rc = err_set(err, "out of memory");
    free(buf);
    if (rc != 0)
        return rc;
    cJSON *doc = cJSON_CreateObject();
    memcli_loc_json(doc, loc);
    cli_json_u64(doc, "length", loc->len);
    cJSON_AddStringToObject(doc, "hex", hex);
    free(hex);
    cli_json_out(doc, CLI_OK);
    return 0;
}

/* Parses DIR ADDR LEN (+ more positionals), opens the checkpoint and locates the range.
 * Returns -1 to go on (with *ck open), or the exit code. */
static int prepare(struct read_opts *o, int argc, char **argv, int npos, struct args *a,
                   struct ckpt **ck, struct ckpt_loc *loc)
{
    uint64_t where, len;
    char err[ERR_LEN];
    int rc = args_parse(o->cmd, argc, argv, npos == 3 ? read_options : export_options,
                        on_option, o, npos, npos, a);
    if (rc >= 0)
        return rc;
    if (cli_number(o->cmd, a->pos[1], "ADDR", &where) != 0 ||
        cli_number(o->cmd, a->pos[2], "LEN", &len) != 0)
        return CLI_USAGE;
    if (len == 0)
        return cli_usage_error(o->cmd, "LEN must be at least 1 byte");
    if (o->raw && a->common.json)
        return cli_usage_error(o->cmd, "--raw and --json cannot be used together");
    if ((rc = memcli_open(a->common.json, a->pos[0], a->common.config, ck)) != 0)
        return rc;
    if (ckpt_mem_locate(*ck, o->store, where, len, loc, err) == 0)
        return -1;
    ckpt_close(*ck);
    return cli_error(a->common.json, err);
}

int cmd_mem_read(int argc, char **argv)
{
    struct read_opts o = { .cmd = "mem read", .store = CKPT_BY_ADDR };
    struct args a;
    struct ckpt *ck;
    struct ckpt_loc loc;
    struct pmem *pm = NULL;
    char err[ERR_LEN];
    int rc = prepare(&o, argc, argv, 3, &a, &ck, &loc);
    if (rc >= 0)
        return rc;
    rc = ckpt_mem_open(ck, loc.store, &pm, err);
    if (rc == 0)
        rc = a.common.json ? read_json(pm, &loc, err) : stream(pm, &loc, o.raw, err);
    if (rc == 0 && !a.common.json && fflush(stdout) != 0)
        rc = err_sys(err, errno, "cannot write to stdout");
    pmem_close(pm);
    ckpt_close(ck);
    return rc == 0 ? CLI_OK : cli_error(a.common.json, err);
}

/* ---- export ---- */

static int write_fd(int fd, const uint8_t *p, size_t n, const char *path, char *err)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return err_sys(err, errno, "%s: cannot write", path);
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

static int export_to(struct pmem *pm, const struct ckpt_loc *loc, const char *path,
                     struct progress *bar, char *err)
{
    struct ckpt_progress pr = progress_of(bar);
    struct ckpt_step st = { &pr, "decoding" };
    char tmp[4096];
    uint8_t *buf = malloc(READ_STEP);
    if (!buf)
        return err_set(err, "out of memory");
    if (pmem_wait(pm, loc->offset + loc->len, ckpt_step_progress, &st, err) != 0) {
        free(buf);
        return -1;
    }
    int fd = file_tmp_open(path, tmp, sizeof tmp, err), rc = fd < 0 ? -1 : 0;
    for (uint64_t done = 0; rc == 0 && done < loc->len;) {
        size_t n = loc->len - done < READ_STEP ? (size_t)(loc->len - done) : READ_STEP;
        rc = pmem_read(pm, loc->offset + done, buf, n, err);
        if (rc == 0)
            rc = write_fd(fd, buf, n, path, err);
        done += n;
        progress_step(bar, "writing", done, loc->len);
    }
    free(buf);
    if (fd >= 0 && rc != 0)
        file_tmp_abort(fd, tmp);
    else if (fd >= 0)
        rc = file_tmp_commit(fd, tmp, path, 0, err);
    return rc;
}

static int export_report(const struct args *a, const struct ckpt_loc *loc)
{
    char where[512];
    if (!a->common.json) {
        printf("wrote %" PRIu64 " bytes from %s to %s\n", loc->len,
               ckpt_loc_text(loc, where, sizeof where), a->pos[3]);
        return CLI_OK;
    }
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddBoolToObject(doc, "ok", 1);
    memcli_loc_json(doc, loc);
    cli_json_u64(doc, "length", loc->len);
    cJSON_AddStringToObject(doc, "file", a->pos[3]);
    return cli_json_out(doc, CLI_OK);
}

int cmd_mem_export(int argc, char **argv)
{
    struct read_opts o = { .cmd = "mem export", .store = CKPT_BY_ADDR };
    struct args a;
    struct ckpt *ck;
    struct ckpt_loc loc;
    struct pmem *pm = NULL;
    struct progress bar;
    char err[ERR_LEN];
    int rc = prepare(&o, argc, argv, 4, &a, &ck, &loc);
    if (rc >= 0)
        return rc;
    progress_init(&bar);
    rc = ckpt_mem_open(ck, loc.store, &pm, err);
    if (rc == 0)
        rc = export_to(pm, &loc, a.pos[3], &bar, err);
    progress_end(&bar);
    pmem_close(pm);
    rc = rc == 0 ? export_report(&a, &loc) : cli_error(a.common.json, err);
    ckpt_close(ck);   /* loc names its memory */
    return rc;
}

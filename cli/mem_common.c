/* Helpers of the memory commands: options, opening the checkpoint, hex strings, JSON. */
#include "cli/mem_common.h"
#include "core/util/err.h"
#include "core/util/fileio.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int memcli_store_opt(const char *cmd, const char *arg, long *store)
{
    char *end;
    const char *p = !strncmp(arg, "store", 5) ? arg + 5 : arg;   /* "8" or "store8" */
    unsigned long n = strtoul(p, &end, 10);
    if (!isdigit((unsigned char)*p) || *end || n > 100000)
        return cli_usage_error(cmd, "'%s' is not a store number (the N of storeN)", arg);
    *store = (long)n;
    return 0;
}

int memcli_count_opt(const char *cmd, const char *opt, const char *arg, uint64_t *out)
{
    if (cli_number(cmd, arg, opt, out) != 0)
        return CLI_USAGE;
    if (*out == 0)
        return cli_usage_error(cmd, "%s must be at least 1", opt);
    return 0;
}

int memcli_open(bool json, const char *dir, const char *config, struct ckpt **ck)
{
    char err[ERR_LEN];
    if (ckpt_open(dir, config, ck, err) == 0)
        return 0;
    return cli_error(json, err);
}

static int hex_val(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

int memcli_parse_hex(const char *text, uint8_t **buf, size_t *len, char *err)
{
    size_t n = 0, cap = strlen(text) / 2 + 1;
    uint8_t *out = malloc(cap);
    int hi = -1;
    if (!out)
        return err_set(err, "out of memory");
    if (text[0] == '0' && (text[1] == 'x' || text[1] == 'X'))
        text += 2;
    for (const char *p = text; *p; p++) {
        if (*p == ' ' || *p == ':' || *p == '_' || *p == '\t' || *p == '\n')
            continue;
        int v = hex_val(*p);
        if (v < 0) {
            free(out);
            return err_set(err, "'%c' is not a hex digit (give bytes as \"de ad be ef\")", *p);
        }
        if (hi < 0) {
            hi = v;
        } else {
            out[n++] = (uint8_t)(hi << 4 | v);
            hi = -1;
        }
    }
    if (hi >= 0 || n == 0) {
        free(out);
        return err_set(err, n == 0 && hi < 0 ? "no bytes given"
                                             : "an odd number of hex digits: each byte is two");
    }
    *buf = out;
    *len = n;
    return 0;
}

void memcli_loc_json(cJSON *obj, const struct ckpt_loc *loc)
{
    cJSON_AddNumberToObject(obj, "store", (double)loc->store);
    if (loc->have_addr)
        cli_json_hex(obj, "address", loc->addr);
    else
        cJSON_AddNullToObject(obj, "address");
    cli_json_hex(obj, "offset", loc->offset);
    if (loc->memory)
        cJSON_AddStringToObject(obj, "memory", loc->memory);
    else
        cJSON_AddNullToObject(obj, "memory");
}

char *memcli_hex_string(const uint8_t *p, size_t n)
{
    static const char digits[] = "0123456789abcdef";
    char *s = malloc(n * 2 + 1);
    if (!s)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        s[2 * i] = digits[p[i] >> 4];
        s[2 * i + 1] = digits[p[i] & 15];
    }
    s[n * 2] = '\0';
    return s;
}

char *memcli_size(uint64_t bytes, char *buf, size_t len)
{
    static const char *units[] = {"KiB", "MiB", "GiB", "TiB"};
    if (bytes < 1024) {
        snprintf(buf, len, "%" PRIu64 " B", bytes);
        return buf;
    }
    double v = (double)bytes / 1024;
    int u = 0;
    while (v >= 1023.95 && u < 3) {   /* "1024.0 MiB" reads as "1.0 GiB" */
        v /= 1024;
        u++;
    }
    snprintf(buf, len, "%.1f %s", v, units[u]);
    return buf;
}

int memcli_flag_option(void *ctx, int val, const char *arg)
{
    struct memcli_flags *o = ctx;
    (void)arg;
    if (val == MEMCLI_OPT_SET_SIZE)
        o->set_size = true;
    else if (val == MEMCLI_OPT_FORCE)
        o->force = true;
    else
        return CLI_USAGE;
    return 0;
}

void memcli_commit_text(const char *dir, const char *store_path, bool cpt_changed,
                        uint64_t old_size, uint64_t new_size, const char *old_filename,
                        const char *warning)
{
    char bak[4200], cpt[4096];
    const char *base = strrchr(store_path, '/');
    if (old_size != new_size)
        printf("m5.cpt: range_size %" PRIu64 " -> %" PRIu64 "\n", old_size, new_size);
    if (old_filename[0])
        printf("m5.cpt: filename %s -> %s\n", old_filename, base ? base + 1 : store_path);
    file_backup_path(store_path, bak, sizeof bak);
    bool store_bak = access(bak, F_OK) == 0;
    if (store_bak)
        printf("original kept as %s", bak);
    if (cpt_changed && path_join(cpt, sizeof cpt, dir, "m5.cpt") == 0)
        printf("%s%s%s", store_bak ? " and " : "original kept as ", cpt, FILE_BACKUP_SUFFIX);
    if (store_bak || cpt_changed)
        printf(" (the first backup is kept; gem5wb cpt drop-backup removes them)\n");
    if (warning[0])
        printf("warning: %s\n", warning);
}

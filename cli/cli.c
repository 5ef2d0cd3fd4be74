/* Shared CLI plumbing: messages with the right exit codes, and JSON printing. */
#include "cli/cli.h"
#include "cli/commands.h"
#include "core/util/err.h"
#include "core/util/size.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct cli_command *find(const char *cmd)
{
    for (size_t i = 0; i < cli_command_count; i++)
        if (!strcmp(cli_commands[i].name, cmd))
            return &cli_commands[i];
    return NULL;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "gem5wb %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    const struct cli_command *c = find(cmd);
    if (c)
        fprintf(stderr, "\nusage: gem5wb %s %s\n", c->name, c->usage);
    else
        fputc('\n', stderr);
    return CLI_USAGE;
}

int cli_fail(const char *fmt, ...)
{
    va_list ap;
    fputs("gem5wb: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return CLI_FAIL;
}

int cli_help(const char *cmd)
{
    const struct cli_command *c = find(cmd);
    if (!c)
        return CLI_USAGE;
    printf("usage: gem5wb %s %s\n\n%s\n\n%s\nexample:\n  %s\n", c->name, c->usage, c->summary,
           c->details ? c->details : "", c->example);
    return CLI_OK;
}

static int json_print(cJSON *doc, int code, bool pretty)
{
    char *text = pretty ? cJSON_Print(doc) : cJSON_PrintUnformatted(doc);
    cJSON_Delete(doc);
    if (!text)
        return cli_fail("out of memory while printing JSON");
    puts(text);
    fflush(stdout);
    free(text);
    return code;
}

int cli_json_out(cJSON *doc, int code)
{
    return json_print(doc, code, true);
}

int cli_json_line(cJSON *doc, int code)
{
    return json_print(doc, code, false);
}

int cli_json_fail(const char *text)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddBoolToObject(doc, "ok", 0);
    cJSON_AddStringToObject(doc, "error", text);
    fprintf(stderr, "gem5wb: %s\n", text);
    return cli_json_out(doc, CLI_FAIL);
}

int cli_error(bool json, const char *text)
{
    return json ? cli_json_fail(text) : cli_fail("%s", text);
}

void cli_json_u64(cJSON *obj, const char *key, uint64_t v)
{
    cJSON_AddNumberToObject(obj, key, (double)v);
}

void cli_json_hex(cJSON *obj, const char *key, uint64_t v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "0x%" PRIx64, v);
    cJSON_AddStringToObject(obj, key, buf);
}

int cli_number(const char *cmd, const char *text, const char *what, uint64_t *out)
{
    char err[ERR_LEN];
    if (size_parse(text, out, what, err) == 0)
        return 0;
    cli_usage_error(cmd, "%s", err);
    return -1;
}

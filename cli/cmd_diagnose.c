/* gem5wb diagnose LOGFILE: the known issues a saved log shows, each with its matching lines
 * and their numbers, why it happens and how to fix it. Exit 0 when something matched; 1
 * when nothing did or the log cannot be read (the message says which). */
#include "cli/args.h"
#include "cli/cli.h"
#include "cli/cmds.h"
#include "cli/kb_print.h"
#include "cli/textwrap.h"
#include "core/kb/kb_match.h"
#include "core/util/err.h"

#include <stdio.h>

enum { O_TOOL = 1 };

static int on_option(void *ctx, int val, const char *arg)
{
    if (val == O_TOOL && !kb_tool_known(arg))
        return cli_usage_error("diagnose", "unknown tool '%s' (one of gem5, sst, scons, make, "
                               "configure, packer, git, guest, gem5wb)", arg);
    *(const char **)ctx = arg;
    return 0;
}

static cJSON *hit_json(const struct kb_hit *h)
{
    cJSON *o = kbp_entry_json(h->entry, true), *lines = cJSON_CreateArray();
    cJSON_AddNumberToObject(o, "count", (double)h->count);
    for (size_t i = 0; i < h->nlines; i++) {
        cJSON *l = cJSON_CreateObject();
        cJSON_AddNumberToObject(l, "line", (double)h->lines[i].line_no);
        cJSON_AddStringToObject(l, "text", h->lines[i].text);
        cJSON_AddItemToArray(lines, l);
    }
    cJSON_AddItemToObject(o, "lines", lines);
    return o;
}

static int json_report(const char *path, const char *tool, bool guessed,
                       const struct kb_matcher *m)
{
    size_t n;
    const struct kb_hit *hits = kb_matcher_hits(m, &n);
    cJSON *doc = cJSON_CreateObject(), *list = cJSON_CreateArray();
    cJSON_AddStringToObject(doc, "file", path);
    if (tool)
        cJSON_AddStringToObject(doc, "tool", tool);
    else
        cJSON_AddNullToObject(doc, "tool");
    cJSON_AddBoolToObject(doc, "tool_guessed", guessed && tool);
    cJSON_AddNumberToObject(doc, "lines", (double)kb_matcher_line_count(m));
    cJSON_AddBoolToObject(doc, "matched", n > 0);
    for (size_t i = 0; i < n; i++)
        cJSON_AddItemToArray(list, hit_json(&hits[i]));
    cJSON_AddItemToObject(doc, "hits", list);
    return cli_json_out(doc, n ? CLI_OK : CLI_FAIL);
}

static void print_hit(const struct kb_hit *h, int width)
{
    printf("\n* %s  [%s]  %s\n", h->entry->id, h->entry->kind, h->entry->title);
    for (size_t i = 0; i < h->nlines; i++)
        printf("  line %zu: %s\n", h->lines[i].line_no, h->lines[i].text);
    if (h->count > h->nlines)
        printf("  (%zu more matching lines)\n", h->count - h->nlines);
    kbp_print_advice(h->entry, width);
}

static int text_report(const char *path, const char *tool, bool guessed,
                       const struct kb_matcher *m)
{
    const char *how = tool && guessed ? " (the log says so; --tool to choose)" : "";
    size_t n, lines = kb_matcher_line_count(m);
    const struct kb_hit *hits = kb_matcher_hits(m, &n);
    if (!n) {
        printf("%s: no known issue matches its %zu lines%s%s%s (gem5wb kb list shows the "
               "known ones)\n", path, lines, tool ? " as output of " : "", tool ? tool : "", how);
        return CLI_FAIL;
    }
    printf("%s: %zu known issue%s in %zu lines%s%s%s\n", path, n, n == 1 ? "" : "s", lines,
           tool ? " of " : "", tool ? tool : "", how);
    int width = textwrap_width();
    for (size_t i = 0; i < n; i++)
        print_hit(&hits[i], width);
    return CLI_OK;
}

int cmd_diagnose(int argc, char **argv)
{
    static const struct option extra[] = { { "tool", required_argument, NULL, O_TOOL },
                                           { 0, 0, 0, 0 } };
    const char *tool = NULL;
    struct args a;
    struct kb kb;
    struct kb_matcher *m;
    char err[ERR_LEN];
    int rc = args_parse("diagnose", argc, argv, extra, on_option, &tool, 1, 1, &a);
    if (rc >= 0 || (rc = kbp_load(&kb, a.common.json)) != CLI_OK)
        return rc;
    bool guessed = !tool;   /* without --tool, the log's own marks say whose it is */
    if ((guessed && kb_guess_tool(a.pos[0], &tool, err) != 0) ||
        kb_match_file(&kb, a.pos[0], tool, &m, err) != 0) {
        kb_free(&kb);
        return cli_error(a.common.json, err);
    }
    rc = a.common.json ? json_report(a.pos[0], tool, guessed, m)
                       : text_report(a.pos[0], tool, guessed, m);
    kb_matcher_free(m);
    kb_free(&kb);
    return rc;
}

/* gem5wb kb list and kb show: the knowledge base of known issues, filtered by the tool
 * whose output shows them, the step they concern or words, and one entry in full. */
#include "cli/args.h"
#include "cli/cli.h"
#include "cli/cmds.h"
#include "cli/kb_print.h"

#include <stdio.h>
#include <string.h>

enum { O_TOOL = 1, O_STEP, O_SEARCH };

struct list_opts {
    const char *tool, *step, *search;
};

static int on_option(void *ctx, int val, const char *arg)
{
    struct list_opts *o = ctx;
    if (val == O_TOOL && !kb_tool_known(arg))
        return cli_usage_error("kb list", "unknown tool '%s' (one of gem5, sst, scons, make, "
                               "configure, packer, git, guest, gem5wb)", arg);
    if (val == O_TOOL)
        o->tool = arg;
    else if (val == O_STEP)
        o->step = arg;
    else if (val == O_SEARCH)
        o->search = arg;
    return 0;
}

static bool wanted(const struct kb_entry *e, const struct list_opts *o)
{
    return (!o->tool || kb_entry_has_tool(e, o->tool)) &&
           (!o->step || kb_entry_has_step(e, o->step)) && kb_entry_matches_query(e, o->search);
}

static void print_row(const struct kb_entry *e)
{
    char tools[64] = "";
    for (size_t i = 0; i < e->ntools; i++) {
        size_t n = strlen(tools);
        snprintf(tools + n, sizeof tools - n, "%s%s", i ? "," : "", e->tools[i]);
    }
    printf("%-26s %-4s %-15s %s\n", e->id, e->kind, tools, e->title);
}

int cmd_kb_list(int argc, char **argv)
{
    static const struct option extra[] = { { "tool", required_argument, NULL, O_TOOL },
                                           { "step", required_argument, NULL, O_STEP },
                                           { "search", required_argument, NULL, O_SEARCH },
                                           { 0, 0, 0, 0 } };
    struct list_opts o = { 0 };
    struct args a;
    struct kb kb;
    int rc = args_parse("kb list", argc, argv, extra, on_option, &o, 0, 0, &a);
    if (rc >= 0 || (rc = kbp_load(&kb, a.common.json)) != CLI_OK)
        return rc;
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "source", kb.source);
    cJSON *list = cJSON_AddArrayToObject(doc, "entries");
    size_t shown = 0;
    for (size_t i = 0; i < kb.n; i++) {
        if (!wanted(&kb.entries[i], &o))
            continue;
        shown++;
        if (a.common.json)
            cJSON_AddItemToArray(list, kbp_entry_json(&kb.entries[i], false));
        else
            print_row(&kb.entries[i]);
    }
    if (!a.common.json)
        printf("%zu of %zu entries (%s); gem5wb kb show ID for one in full\n", shown, kb.n,
               kb.source);
    kb_free(&kb);
    if (a.common.json)
        return cli_json_out(doc, CLI_OK);
    cJSON_Delete(doc);
    return CLI_OK;
}

int cmd_kb_show(int argc, char **argv)
{
    struct args a;
    struct kb kb;
    int rc = args_parse("kb show", argc, argv, NULL, NULL, NULL, 1, 1, &a);
    if (rc >= 0 || (rc = kbp_load(&kb, a.common.json)) != CLI_OK)
        return rc;
    const struct kb_entry *e = kb_find(&kb, a.pos[0]);
    if (!e) {
        char msg[512];
        snprintf(msg, sizeof msg, "the knowledge base has no entry '%s' (gem5wb kb list shows "
                 "the ids)", a.pos[0]);
        kb_free(&kb);
        return cli_error(a.common.json, msg);
    }
    if (a.common.json) {
        cJSON *doc = kbp_entry_json(e, true);
        kb_free(&kb);
        return cli_json_out(doc, CLI_OK);
    }
    kbp_print_entry(e);
    kb_free(&kb);
    return CLI_OK;
}

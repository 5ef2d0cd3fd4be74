/* gem5wb init: makes (or reopens) a workspace folder laid out as the hack-back README
 * lays it out, with .gem5wb/state.json, and says what to run next. */
#include "cli/args.h"
#include "cli/cli.h"
#include "cli/cmds.h"
#include "core/util/err.h"
#include "core/workflow/workspace.h"

#include <stdio.h>

int cmd_init(int argc, char **argv)
{
    struct args a;
    int rc = args_parse("init", argc, argv, NULL, NULL, NULL, 0, 1, &a);
    if (rc >= 0)
        return rc;
    char err[ERR_LEN];
    struct ws *w;
    if (ws_init(a.npos ? a.pos[0] : ".", &w, err) != 0)
        return cli_error(a.common.json, err);
    if (a.common.json) {
        cJSON *doc = cJSON_CreateObject();
        cJSON_AddStringToObject(doc, "workspace", w->root);
        cJSON *l = cJSON_AddArrayToObject(doc, "folders");
        for (int i = 0; ws_layout[i]; i++)
            cJSON_AddItemToArray(l, cJSON_CreateString(ws_layout[i]));
        ws_close(w);
        return cli_json_out(doc, CLI_OK);
    }
    printf("workspace %s\n", w->root);
    for (int i = 0; ws_layout[i]; i++)
        printf("  %s/\n", ws_layout[i]);
    printf("next: cd into it and run `gem5wb steps`, then `gem5wb run clone`\n");
    ws_close(w);
    return CLI_OK;
}

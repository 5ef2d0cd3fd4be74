/* gem5wb steps and gem5wb set: the workflow's steps with their status, one step's
 * parameters (value and where it comes from) and exact commands; setting a parameter. */
#include "cli/cli.h"
#include "cli/cmds.h"
#include "cli/steps_view.h"
#include "cli/wscli.h"
#include "core/util/err.h"
#include "core/workflow/steps.h"

#include <stdio.h>
#include <string.h>

static int on_ws(void *ctx, int val, const char *arg)
{
    if (val == WSCLI_O_WORKSPACE)
        *(const char **)ctx = arg;
    return 0;
}

static const struct option ws_options[] = { WSCLI_OPTION, { 0, 0, 0, 0 } };

static int list_steps(struct ws *w, bool json)
{
    cJSON *doc = json ? cJSON_CreateArray() : NULL;
    for (size_t i = 0; step_table[i]; i++) {
        const struct step_def *d = step_table[i];
        char why[512];
        enum step_status s = step_status(w, d, why, sizeof why);
        if (json) {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "id", d->id);
            cJSON_AddStringToObject(o, "title", d->title);
            cJSON_AddStringToObject(o, "status", step_status_name(s));
            cJSON_AddStringToObject(o, "why", why);
            cJSON_AddItemToArray(doc, o);
        } else {
            printf("%2zu  %-19s %-9s %s%s%s\n", i + 1, d->id, step_status_name(s), d->title,
                   *why ? ": " : "", why);
        }
    }
    return json ? cli_json_out(doc, CLI_OK) : CLI_OK;
}

static int show_step(struct ws *w, const struct step_def *d, bool json)
{
    char err[ERR_LEN], key[160];
    struct step_ctx c = { .w = w, .def = d };
    cJSON *doc = json ? cJSON_CreateObject() : NULL, *params = NULL;
    if (json) {
        cJSON_AddStringToObject(doc, "id", d->id);
        cJSON_AddStringToObject(doc, "title", d->title);
        cJSON_AddStringToObject(doc, "summary", d->summary);
        cJSON_AddStringToObject(doc, "written_for", d->written_for);
        params = cJSON_AddArrayToObject(doc, "params");
    } else {
        printf("%s: %s\n  %s\n  written for: %s\n  parameters:\n", d->id, d->title,
               d->summary, d->written_for);
    }
    for (const struct step_param *p = d->params; p && p->name; p++) {
        const char *v = step_value(&c, p->name);
        snprintf(key, sizeof key, "%s.%s", d->id, p->name);
        const char *from = ws_setting(w, key) ? "set" : v ? "default" : "unset";
        if (json) {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "name", p->name);
            if (v)
                cJSON_AddStringToObject(o, "value", v);
            cJSON_AddStringToObject(o, "from", from);
            cJSON_AddStringToObject(o, "help", p->help);
            cJSON_AddItemToArray(params, o);
        } else {
            printf("    %-14s %-28s (%s) %s\n", p->name, v ? v : "-", from, p->help);
        }
    }
    struct step_plan plan;
    int rc = step_plan(w, d, NULL, &plan, err);
    if (json) {
        if (rc == 0)
            cJSON_AddItemToObject(doc, "plan", steps_plan_json(&plan));
        else
            cJSON_AddStringToObject(doc, "cannot_plan", err);
    } else if (rc == 0) {
        printf("  commands:\n");
        steps_print_plan(&plan);
    } else {
        printf("  cannot plan it yet: %s\n", err);
    }
    if (rc == 0)
        step_plan_free(&plan);
    return json ? cli_json_out(doc, CLI_OK) : CLI_OK;
}

int cmd_steps(int argc, char **argv)
{
    const char *dir = NULL;
    struct args a;
    struct ws *w;
    int rc = args_parse("steps", argc, argv, ws_options, on_ws, &dir, 0, 1, &a);
    if (rc >= 0 || (rc = wscli_open(dir, a.common.json, &w)) != CLI_OK)
        return rc;
    const struct step_def *d = a.npos ? step_find(a.pos[0]) : NULL;
    if (a.npos && !d) {
        ws_close(w);
        return cli_usage_error("steps", "there is no step '%s'", a.pos[0]);
    }
    rc = d ? show_step(w, d, a.common.json) : list_steps(w, a.common.json);
    ws_close(w);
    return rc;
}

int cmd_set(int argc, char **argv)
{
    const char *dir = NULL;
    struct args a;
    struct ws *w;
    int rc = args_parse("set", argc, argv, ws_options, on_ws, &dir, 1, 2, &a);
    if (rc >= 0)
        return rc;
    const char *dot = strchr(a.pos[0], '.');
    char id[64], err[ERR_LEN];
    if (!dot || (size_t)(dot - a.pos[0]) >= sizeof id)
        return cli_usage_error("set", "give STEP.PARAM, e.g. take-checkpoint.local_memory");
    snprintf(id, sizeof id, "%.*s", (int)(dot - a.pos[0]), a.pos[0]);
    const struct step_def *d = step_find(id);
    if (!d)
        return cli_usage_error("set", "there is no step '%s'", id);
    if (a.npos == 2 && step_param_check(d, dot + 1, a.pos[1], err) != 0)
        return cli_error(a.common.json, err);
    if (a.npos == 1 && !step_param_find(d, dot + 1))
        return cli_usage_error("set", "step %s has no parameter '%s'", id, dot + 1);
    if ((rc = wscli_open(dir, a.common.json, &w)) != CLI_OK)
        return rc;
    if (a.npos == 2)
        ws_set_setting(w, a.pos[0], a.pos[1]);
    else
        ws_unset_setting(w, a.pos[0]);
    rc = ws_save(w, err);
    ws_close(w);
    if (rc != 0)
        return cli_error(a.common.json, err);
    if (!a.common.json) {
        printf(a.npos == 2 ? "%s = %s\n" : "%s back to its default\n", a.pos[0], a.pos[1]);
        return CLI_OK;
    }
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "key", a.pos[0]);
    if (a.npos == 2)
        cJSON_AddStringToObject(doc, "value", a.pos[1]);
    return cli_json_out(doc, CLI_OK);
}

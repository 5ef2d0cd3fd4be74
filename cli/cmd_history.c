/* gem5wb status, history and log: what the workspace knows — each step's state and why,
 * the checkpoints with their lineage, every run with its command, and a run's log. */
#include "cli/cli.h"
#include "cli/cmds.h"
#include "cli/steps_view.h"
#include "cli/wscli.h"
#include "core/util/err.h"
#include "core/workflow/steps.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { O_STEP = 1, O_RUN, O_FOLLOW };

struct hist_opts {
    const char *dir, *step;
    long run;
    bool follow;
};

static int on_option(void *ctx, int val, const char *arg)
{
    struct hist_opts *o = ctx;
    if (val == WSCLI_O_WORKSPACE)
        o->dir = arg;
    else if (val == O_STEP)
        o->step = arg;
    else if (val == O_RUN)
        o->run = strtol(arg, NULL, 10);
    else if (val == O_FOLLOW)
        o->follow = true;
    return 0;
}

static const char *str(const cJSON *o, const char *name)
{
    const cJSON *v = cJSON_GetObjectItem(o, name);
    return cJSON_IsString(v) ? v->valuestring : "";
}

static double num(const cJSON *o, const char *name, double def)
{
    const cJSON *v = cJSON_GetObjectItem(o, name);
    return cJSON_IsNumber(v) ? v->valuedouble : def;
}

static void when(double t, char *buf, size_t cap)
{
    time_t s = (time_t)t;
    struct tm tm;
    if (t <= 0 || !localtime_r(&s, &tm) || !strftime(buf, cap, "%Y-%m-%d %H:%M:%S", &tm))
        snprintf(buf, cap, "-");
}

static void print_run(const cJSON *r)
{
    char start[32];
    when(num(r, "start", 0), start, sizeof start);
    printf("#%-4.0f %s  %-18s %-9s", num(r, "id", 0), start, str(r, "step"), str(r, "status"));
    if (cJSON_GetObjectItem(r, "exit"))
        printf(" exit %.0f", num(r, "exit", 0));
    else if (cJSON_GetObjectItem(r, "signal"))
        printf(" signal %.0f", num(r, "signal", 0));
    printf(" %.1fs  ", num(r, "seconds", 0));
    const cJSON *argv = cJSON_GetObjectItem(r, "argv");
    char *list[64];
    size_t n = 0;
    const cJSON *a;
    cJSON_ArrayForEach(a, argv)
        if (n < 63 && cJSON_IsString(a))
            list[n++] = a->valuestring;
    list[n] = NULL;
    steps_print_argv(list);
    printf("\n      in %s; log %s\n", str(r, "cwd"), str(r, "log"));
}

int cmd_history(int argc, char **argv)
{
    static const struct option extra[] = { { "step", required_argument, NULL, O_STEP },
                                           WSCLI_OPTION, { 0, 0, 0, 0 } };
    struct hist_opts o = { 0 };
    struct args a;
    struct ws *w;
    int rc = args_parse("history", argc, argv, extra, on_option, &o, 0, 0, &a);
    if (rc >= 0 || (rc = wscli_open(o.dir, a.common.json, &w)) != CLI_OK)
        return rc;
    cJSON *out = cJSON_CreateArray(), *r;
    cJSON_ArrayForEach(r, cJSON_GetObjectItem(w->state, "runs")) {
        if (o.step && strcmp(str(r, "step"), o.step) != 0)
            continue;
        if (a.common.json)
            cJSON_AddItemToArray(out, cJSON_Duplicate(r, 1));
        else
            print_run(r);
    }
    ws_close(w);
    if (a.common.json)
        return cli_json_out(out, CLI_OK);
    cJSON_Delete(out);
    return CLI_OK;
}

static void print_ckpt(const cJSON *c)
{
    char taken[32];
    when(num(c, "taken", 0), taken, sizeof taken);
    printf("  %s\n    taken %s by %s (run #%.0f) at commit %.10s, board %s, config %s\n",
           str(c, "path"), taken, str(c, "step"), num(c, "run", 0), str(c, "commit"),
           str(c, "board"), str(c, "config"));
    const cJSON *r;
    cJSON_ArrayForEach(r, cJSON_GetObjectItem(c, "restored")) {
        char t[32];
        when(num(r, "when", 0), t, sizeof t);
        printf("    restored %s by %s (run #%.0f)\n", t, str(r, "step"), num(r, "run", 0));
    }
}

int cmd_status(int argc, char **argv)
{
    static const struct option extra[] = { WSCLI_OPTION, { 0, 0, 0, 0 } };
    struct hist_opts o = { 0 };
    struct args a;
    struct ws *w;
    int rc = args_parse("status", argc, argv, extra, on_option, &o, 0, 0, &a);
    if (rc >= 0 || (rc = wscli_open(o.dir, a.common.json, &w)) != CLI_OK)
        return rc;
    cJSON *doc = cJSON_CreateObject(), *steps = cJSON_AddArrayToObject(doc, "steps");
    cJSON_AddStringToObject(doc, "workspace", w->root);
    cJSON_AddStringToObject(doc, "commit", str(ws_step(w, "clone"), "commit"));
    if (!a.common.json)
        printf("workspace %s\nfork commit %s\n", w->root, *str(ws_step(w, "clone"), "commit")
               ? str(ws_step(w, "clone"), "commit") : "(not cloned)");
    for (size_t i = 0; step_table[i]; i++) {
        char why[512];
        enum step_status s = step_status(w, step_table[i], why, sizeof why);
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "id", step_table[i]->id);
        cJSON_AddStringToObject(e, "status", step_status_name(s));
        cJSON_AddStringToObject(e, "why", why);
        cJSON_AddItemToArray(steps, e);
        if (!a.common.json)
            printf("  %-19s %-9s %s\n", step_table[i]->id, step_status_name(s), why);
    }
    cJSON_AddItemToObject(doc, "checkpoints",
                          cJSON_Duplicate(cJSON_GetObjectItem(w->state, "checkpoints"), 1));
    const cJSON *c;
    if (!a.common.json && cJSON_GetArraySize(cJSON_GetObjectItem(w->state, "checkpoints")))
        printf("checkpoints:\n");
    cJSON_ArrayForEach(c, cJSON_GetObjectItem(w->state, "checkpoints"))
        if (!a.common.json)
            print_ckpt(c);
    ws_close(w);
    if (a.common.json)
        return cli_json_out(doc, CLI_OK);
    cJSON_Delete(doc);
    return CLI_OK;
}

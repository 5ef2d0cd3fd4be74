/* gem5wb doctor: whether this machine can run the workflow (a table of checks with fixes, or
 * JSON); with --step or --file, the pre-flight findings of a step or file (doctor_preflight.c). */
#include "cli/args.h"
#include "cli/cli.h"
#include "cli/cmds.h"
#include "cli/doctor_preflight.h"
#include "cli/textwrap.h"
#include "cli/wscli.h"
#include "core/workflow/steps.h"
#include "core/util/err.h"
#include "core/workflow/doctor.h"
#include "core/workflow/workspace.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TITLE_W 24
#define MARK_W 6
#define FIX_INDENT 11

static const char *mark(enum doctor_status s)
{
    return s == DOCTOR_FAIL ? "FAIL" : s == DOCTOR_WARN ? "WARN" : "OK";
}

/* One line of the table; its fix under it when it is a problem. */
static void render_check(const struct doctor_check *c, int width)
{
    int col = printf("%-*s%-*s ", MARK_W, mark(c->status), TITLE_W - 1, c->title);
    textwrap_print(c->detail, col, MARK_W + TITLE_W, width);
    if (c->status != DOCTOR_OK && c->fix[0]) {
        col = printf("%*sfix: ", MARK_W, "");
        textwrap_print(c->fix, col, FIX_INDENT, width);
    }
}

static const char *section_of(const struct doctor_check *c)
{
    return !strncmp(c->id, "tool-", 5) ? "Tools" : !strncmp(c->id, "step-", 5) ? "Steps"
                                                                            : "System";
}

/* One line per workflow step: can its programs run here? (Counts as the other checks.) */
static int add_steps(struct doctor_report *r, char *err)
{
    for (size_t i = 0; step_table[i]; i++) {
        const struct step_def *d = step_table[i];
        struct doctor_check c;
        if (!d->tools[0])
            continue;                  /* runs what earlier steps build */
        if (doctor_tools_need(r, d->tools, 8, &c, err) != 0)
            return -1;
        snprintf(c.id, sizeof c.id, "step-%s", d->id);
        snprintf(c.title, sizeof c.title, "%s", d->id);
        if (doctor_report_add(r, &c, err) != 0)
            return -1;
    }
    return 0;
}

static int render_text(const struct doctor_report *r)
{
    int width = textwrap_width();
    const char *section = NULL;
    printf("gem5wb doctor: %s\n", r->workspace);
    for (size_t i = 0; i < r->nchecks; i++) {
        if (!section || strcmp(section, section_of(&r->checks[i]))) {
            section = section_of(&r->checks[i]);
            printf("\n%s\n", section);
        }
        render_check(&r->checks[i], width);
    }
    printf("\n%zu ok, %zu warnings, %zu problems\n", r->ok, r->warnings, r->problems);
    return r->problems ? CLI_FAIL : CLI_OK;
}

static cJSON *check_json(const struct doctor_check *c)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "id", c->id);
    cJSON_AddStringToObject(o, "title", c->title);
    cJSON_AddStringToObject(o, "status", doctor_status_name(c->status));
    cJSON_AddStringToObject(o, "detail", c->detail);
    cJSON_AddStringToObject(o, "fix", c->fix);
    return o;
}

static cJSON *tool_json(const struct doctor_tool *t)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "name", t->name);
    cJSON_AddBoolToObject(o, "found", t->found);
    cJSON_AddStringToObject(o, "path", t->path);
    cJSON_AddStringToObject(o, "version", t->version);
    cJSON_AddStringToObject(o, "first_line", t->first_line);
    cJSON_AddBoolToObject(o, "timed_out", t->timed_out);
    return o;
}

static int render_json(const struct doctor_report *r)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "workspace", r->workspace);
    cJSON *checks = cJSON_AddArrayToObject(doc, "checks");
    for (size_t i = 0; i < r->nchecks; i++)
        cJSON_AddItemToArray(checks, check_json(&r->checks[i]));
    cJSON *tools = cJSON_AddArrayToObject(doc, "tools");
    for (size_t i = 0; i < r->ntools; i++)
        cJSON_AddItemToArray(tools, tool_json(&r->tools[i]));
    cJSON_AddNumberToObject(doc, "ok", (double)r->ok);
    cJSON_AddNumberToObject(doc, "warnings", (double)r->warnings);
    cJSON_AddNumberToObject(doc, "problems", (double)r->problems);
    return cli_json_out(doc, r->problems ? CLI_FAIL : CLI_OK);
}

enum { O_STEP = 1, O_FILE };

struct doctor_opts {
    const char *step, *file, *workspace;
};

static int on_option(void *ctx, int val, const char *arg)
{
    struct doctor_opts *o = ctx;
    if (val == O_STEP)
        o->step = arg;
    else if (val == O_FILE)
        o->file = arg;
    else if (val == WSCLI_O_WORKSPACE)
        o->workspace = arg;
    return 0;
}

int cmd_doctor(int argc, char **argv)
{
    static const struct option extra[] = { { "step", required_argument, NULL, O_STEP },
                                           { "file", required_argument, NULL, O_FILE },
                                           WSCLI_OPTION, { 0, 0, 0, 0 } };
    struct doctor_opts o = { 0 };
    struct args a;
    int rc = args_parse("doctor", argc, argv, extra, on_option, &o, 0, 1, &a);
    if (rc >= 0)
        return rc;
    if (o.step && o.file)
        return cli_usage_error("doctor", "give --step or --file, not both");
    if ((o.file || (!o.step && o.workspace)) && a.npos > 0)
        return cli_usage_error("doctor", "%s takes no DIR", o.file ? "--file" : "--workspace");
    if (o.step || o.file)
        return doctor_preflight(o.step, o.file, o.workspace ? o.workspace
                                                            : a.npos ? a.pos[0] : NULL,
                                a.common.json);
    char err[ERR_LEN], dir[4096] = ".";
    struct ws *w;
    if (a.npos > 0 || o.workspace)
        snprintf(dir, sizeof dir, "%s", a.npos > 0 ? a.pos[0] : o.workspace);
    else if (ws_open(NULL, &w, err) == 0) {     /* the workspace here, if there is one */
        snprintf(dir, sizeof dir, "%s", w->root);
        ws_close(w);
    }
    struct doctor_report *r;
    if (doctor_run(dir, &r, err) != 0)
        return cli_error(a.common.json, err);
    if (add_steps(r, err) != 0) {
        doctor_report_free(r);
        return cli_error(a.common.json, err);
    }
    rc = a.common.json ? render_json(r) : render_text(r);
    doctor_report_free(r);
    return rc;
}

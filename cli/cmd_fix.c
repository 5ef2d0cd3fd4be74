/* `gem5wb fix ID`: the fix of a knowledge-base entry, planned and shown (a diff or what
 * will change), then applied after a yes (--yes, or an answer on a terminal). */
#include "cli/args.h"
#include "cli/cli.h"
#include "cli/cmds.h"
#include "cli/wscli.h"
#include "core/kb/kb_fix.h"
#include "core/util/err.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char CMD[] = "fix";

enum { O_FILE = 1, O_CKPT, O_FROM, O_DRY, O_YES };

struct fix_opts {
    struct kb_fix_opts k;
    bool dry_run, yes;
};

static int on_option(void *ctx, int val, const char *arg)
{
    struct fix_opts *o = ctx;
    switch (val) {
    case O_FILE: o->k.file = arg; return 0;
    case O_CKPT: o->k.checkpoint = arg; return 0;
    case O_FROM: o->k.from = arg; return 0;
    case O_DRY: o->dry_run = true; return 0;
    case O_YES: o->yes = true; return 0;
    case WSCLI_O_WORKSPACE: o->k.workspace = arg; return 0;
    }
    return CLI_USAGE;
}

/* An entry gem5wb cannot fix itself: its steps, and exit 1. */
static int manual(const struct kb_entry *e, bool json)
{
    char msg[ERR_LEN];
    snprintf(msg, sizeof msg, "%s has no fix gem5wb applies: follow its fix steps by hand", e->id);
    if (json) {
        cJSON *doc = cJSON_CreateObject();
        cJSON_AddBoolToObject(doc, "ok", 0);
        cJSON_AddStringToObject(doc, "id", e->id);
        cJSON_AddStringToObject(doc, "error", msg);
        cJSON *steps = cJSON_AddArrayToObject(doc, "fix");
        for (size_t i = 0; i < e->nfix; i++)
            cJSON_AddItemToArray(steps, cJSON_CreateString(e->fix[i]));
        return cli_json_out(doc, CLI_FAIL);
    }
    printf("%s: %s\n%s. What to do:\n", e->id, e->title, msg);
    for (size_t i = 0; i < e->nfix; i++)
        printf("  %zu. %s\n", i + 1, e->fix[i]);
    return CLI_FAIL;
}

static cJSON *plan_json(const struct kb_fix_plan *p, const struct fix_opts *o)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddBoolToObject(doc, "ok", 1);
    cJSON_AddStringToObject(doc, "id", p->entry->id);
    cJSON_AddStringToObject(doc, "title", p->entry->title);
    cJSON_AddStringToObject(doc, "action", p->action);
    cJSON_AddStringToObject(doc, "what", p->what);
    if (p->has_preview) {
        cJSON_AddStringToObject(doc, "file", p->pv.path);
        cJSON_AddStringToObject(doc, "diff", p->pv.diff);
        cJSON_AddStringToObject(doc, "fingerprint", p->pv.fingerprint);
    } else {
        cJSON_AddNullToObject(doc, "file");
        cJSON_AddNullToObject(doc, "diff");
        cJSON_AddNullToObject(doc, "fingerprint");
    }
    cJSON_AddBoolToObject(doc, "nothing_to_change", p->noop);
    cJSON_AddBoolToObject(doc, "dry_run", o->dry_run);
    cJSON_AddBoolToObject(doc, "applied", 0);
    return doc;
}

static void plan_text(const struct kb_fix_plan *p)
{
    printf("%s: %s\nfix (%s): %s\n", p->entry->id, p->entry->title, p->action, p->what);
    if (p->has_preview && p->pv.diff[0])
        fputs(p->pv.diff, stdout);
}

/* Whether to go on: --yes, or "y" typed on a terminal. err: why not, for the user. */
static bool confirmed(const struct fix_opts *o, char *err)
{
    char line[64];
    if (o->yes)
        return true;
    if (!isatty(STDIN_FILENO)) {
        snprintf(err, ERR_LEN, "not applied: there is no terminal to ask; add --yes to apply "
                 "this fix (or --dry-run to only show it)");
        return false;
    }
    fflush(stdout);
    fputs("apply? [y/N] ", stderr);
    fflush(stderr);
    bool yes = fgets(line, sizeof line, stdin) && (!strcmp(line, "y\n") || !strcmp(line, "yes\n")
                                                   || !strcmp(line, "Y\n"));
    if (!yes)
        snprintf(err, ERR_LEN, "not applied: nothing was changed");
    return yes;
}

/* Prints the result (JSON doc or text) once the plan was shown. */
static int finish(cJSON *doc, int code, const char *key, const char *text)
{
    if (!doc) {
        if (code == CLI_OK)
            printf("%s\n", text);
        else
            fprintf(stderr, "gem5wb: %s\n", text);
        return code;
    }
    if (code != CLI_OK)
        cJSON_ReplaceItemInObjectCaseSensitive(doc, "ok", cJSON_CreateFalse());
    cJSON_AddStringToObject(doc, key, text);
    return cli_json_out(doc, code);
}

static int run(struct kb_fix_plan *p, const struct fix_opts *o, bool json)
{
    char done[8192], err[ERR_LEN];
    cJSON *doc = json ? plan_json(p, o) : NULL;
    if (!json)
        plan_text(p);
    if (p->noop || o->dry_run) {
        if (doc)
            return cli_json_out(doc, CLI_OK);
        if (o->dry_run && !p->noop)
            printf("dry run: nothing was changed\n");
        return CLI_OK;
    }
    if (!confirmed(o, err))
        return finish(doc, CLI_FAIL, "error", err);
    if (kb_fix_apply(p, done, sizeof done, err) != 0)
        return finish(doc, CLI_FAIL, "error", err);
    if (doc)
        cJSON_ReplaceItemInObjectCaseSensitive(doc, "applied", cJSON_CreateTrue());
    return finish(doc, CLI_OK, "done", done);
}

int cmd_fix(int argc, char **argv)
{
    static const struct option extra[] = {
        {"file", required_argument, NULL, O_FILE}, {"checkpoint", required_argument, NULL, O_CKPT},
        {"from", required_argument, NULL, O_FROM}, {"dry-run", no_argument, NULL, O_DRY},
        {"yes", no_argument, NULL, O_YES}, WSCLI_OPTION, {0, 0, 0, 0},
    };
    struct fix_opts o = { 0 };
    struct args a;
    struct kb kb;
    struct kb_fix_plan p;
    char err[ERR_LEN];
    int rc = args_parse(CMD, argc, argv, extra, on_option, &o, 1, 1, &a);
    if (rc >= 0)
        return rc;
    if (kb_load_default(&kb, err) != 0)
        return cli_error(a.common.json, err);
    const struct kb_entry *e = kb_find(&kb, a.pos[0]);
    if (!e)
        rc = cli_usage_error(CMD, "there is no knowledge-base entry '%s'", a.pos[0]);
    else if (!e->action || !e->action[0])
        rc = manual(e, a.common.json);
    else if (kb_fix_plan(e, &o.k, &p, err) != 0)
        rc = cli_error(a.common.json, err);
    else {
        rc = run(&p, &o, a.common.json);
        kb_fix_plan_free(&p);
    }
    kb_free(&kb);
    return rc;
}

/* set-param STEP.PARAM=VALUE: a step parameter set in the workspace, as `gem5wb set` does,
 * checked against the parameter's type; refused when it changed between plan and apply. */
#include "core/kb/kb_fix_impl.h"

#include "core/util/err.h"
#include "core/workflow/steps.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct param_fix {
    struct ws *w;
    char key[128];             /* "restore-sst.ranks" */
    char value[256];
    char *old_setting;         /* the workspace's setting at plan time, NULL when unset */
};

void kb_fix_free_param(void *priv)
{
    struct param_fix *f = priv;
    ws_close(f->w);
    free(f->old_setting);
    free(f);
}

/* "STEP.PARAM=VALUE" into its parts, the step found and the value checked. */
static int parse(const char *args, struct param_fix *f, const struct step_def **d,
                 const char **param, char *err)
{
    const char *eq = strchr(args, '='), *dot = strchr(args, '.');
    if (!eq || !dot || dot > eq || (size_t)(eq - args) >= sizeof f->key ||
        strlen(eq + 1) >= sizeof f->value)
        return err_set(err, "set-param needs STEP.PARAM=VALUE, not \"%s\" (kb.json)", args);
    snprintf(f->key, sizeof f->key, "%.*s", (int)(eq - args), args);
    snprintf(f->value, sizeof f->value, "%s", eq + 1);
    f->key[dot - args] = '\0';
    *d = step_find(f->key);
    f->key[dot - args] = '.';
    if (!*d)
        return err_set(err, "set-param %s: there is no step '%.*s'", args, (int)(dot - args), args);
    *param = f->key + (dot - args) + 1;
    return step_param_check(*d, *param, f->value, err);
}

int kb_fix_plan_param(const char *args, const struct kb_fix_opts *o, struct kb_fix_plan *p,
                      char *err)
{
    struct param_fix *f = calloc(1, sizeof *f);
    const struct step_def *d = NULL;
    const char *param = NULL;
    if (!f)
        return err_set(err, "out of memory");
    p->priv = f;
    if (parse(args, f, &d, &param, err) != 0 ||
        kb_fix_ws_open(o, "set-param", "a workspace", &f->w, err) != 0)
        return -1;
    const char *set = ws_setting(f->w, f->key);
    if (set && !(f->old_setting = strdup(set)))
        return err_set(err, "out of memory");
    const struct step_param *sp = step_param_find(d, param);
    const char *old = set ? set : sp->def;
    p->noop = old && !strcmp(old, f->value);
    kb_fix_say(p, "%s %s in the workspace %s: %s (%s) -> %s", p->noop ? "keep" : "set", f->key,
               f->w->root, old ? old : "unset", set ? "set" : "default", f->value);
    if (p->noop)
        kb_fix_say(p, "; it already has that value");
    return 0;
}

static bool same(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

int kb_fix_apply_param(struct kb_fix_plan *p, char *done, size_t cap, char *err)
{
    struct param_fix *f = p->priv;
    if (ws_reload(f->w, err) != 0)
        return -1;
    if (!same(ws_setting(f->w, f->key), f->old_setting))
        return err_set(err, "%s changed in %s since the plan (it is now %s); plan the fix again",
                       f->key, f->w->root, ws_setting(f->w, f->key) ? ws_setting(f->w, f->key)
                       : "unset");
    ws_set_setting(f->w, f->key, f->value);
    if (ws_save(f->w, err) != 0)
        return -1;
    if (f->old_setting)
        snprintf(done, cap, "set %s = %s in %s/" WS_STATE "; it was %s (`gem5wb set %s %s` "
                 "restores it)", f->key, f->value, f->w->root, f->old_setting, f->key, f->old_setting);
    else
        snprintf(done, cap, "set %s = %s in %s/" WS_STATE "; it had its default (`gem5wb set "
                 "%s` returns to it)", f->key, f->value, f->w->root, f->key);
    return 0;
}

/* The fix actions of knowledge-base entries: the entry's "action" split into its name and
 * arguments, dispatched to the action's planner, and file edits applied through patch.h. */
#include "core/kb/kb_fix_impl.h"

#include "core/util/err.h"
#include "core/util/fileio.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char *const kb_fix_actions[] = {
    "set-param", "replace-remote-store", "patch-sst-script", "fork-syntax-patch",
    "m5cpt-line-ends", "m5cpt-octal", NULL,
};

static const struct kb_fix_action table[] = {
    {"set-param", kb_fix_plan_param, kb_fix_apply_param, kb_fix_free_param},
    {"replace-remote-store", kb_fix_plan_store, kb_fix_apply_store, free},
    {"patch-sst-script", kb_fix_plan_sst, NULL, NULL},
    {"fork-syntax-patch", kb_fix_plan_syntax, NULL, NULL},
    {"m5cpt-line-ends", kb_fix_plan_crlf, NULL, NULL},
    {"m5cpt-octal", kb_fix_plan_octal, NULL, NULL},
};

static const struct kb_fix_action *find_action(const char *name)
{
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (!strcmp(table[i].name, name))
            return &table[i];
    return NULL;
}

int kb_fix_plan(const struct kb_entry *e, const struct kb_fix_opts *o, struct kb_fix_plan *p,
                char *err)
{
    static const struct kb_fix_opts none;
    memset(p, 0, sizeof *p);
    p->entry = e;
    const char *text = e->action ? e->action + strspn(e->action, " ") : "";
    size_t w = strcspn(text, " ");
    if (w == 0)
        return err_set(err, "%s has no fix gem5wb applies: follow its fix steps by hand", e->id);
    if (w >= sizeof p->action)
        return err_set(err, "%s: its action \"%s\" is not one gem5wb knows", e->id, text);
    memcpy(p->action, text, w);
    const struct kb_fix_action *a = find_action(p->action);
    if (!a)
        return err_set(err, "%s: its action \"%s\" is not one gem5wb knows (a newer kb.json?)",
                       e->id, p->action);
    if (a->plan(text + w + strspn(text + w, " "), o ? o : &none, p, err) != 0) {
        kb_fix_plan_free(p);
        return -1;
    }
    return 0;
}

/* A file edit: written only if the file still has the bytes the plan was made from. */
static int apply_edit(struct kb_fix_plan *p, char *done, size_t cap, char *err)
{
    char backup[4200];
    struct stat st;
    file_backup_path(p->pv.path, backup, sizeof backup);
    bool had = stat(backup, &st) == 0;      /* patch_apply keeps the first original only */
    if (patch_apply(p->pv.path, p->pv.new_data, p->pv.new_len, p->pv.fingerprint, backup,
                    sizeof backup, err) != 0)
        return -1;
    if (!backup[0])
        snprintf(done, cap, "wrote %s (a new file: no backup)", p->pv.path);
    else if (had)
        snprintf(done, cap, "wrote %s; %s still holds the file as it was before gem5wb's first "
                 "edit", p->pv.path, backup);
    else
        snprintf(done, cap, "wrote %s; the original is kept as %s", p->pv.path, backup);
    return 0;
}

int kb_fix_apply(struct kb_fix_plan *p, char *done, size_t cap, char *err)
{
    const struct kb_fix_action *a = find_action(p->action);
    if (!a)
        return err_set(err, "this fix was not planned (kb_fix_plan first)");
    if (p->noop) {
        snprintf(done, cap, "nothing to change: %s", p->what);
        return 0;
    }
    return a->apply ? a->apply(p, done, cap, err) : apply_edit(p, done, cap, err);
}

void kb_fix_plan_free(struct kb_fix_plan *p)
{
    const struct kb_fix_action *a = find_action(p->action);
    if (p->has_preview)
        patch_preview_free(&p->pv);
    if (a && a->free_priv && p->priv)
        a->free_priv(p->priv);
    p->priv = NULL;
    p->has_preview = false;
}

void kb_fix_say(struct kb_fix_plan *p, const char *fmt, ...)
{
    size_t at = strlen(p->what), cap = sizeof p->what;
    if (at + 4 >= cap)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(p->what + at, cap - at, fmt, ap);
    va_end(ap);
    if (n >= 0 && (size_t)n >= cap - at)
        memcpy(p->what + cap - 4, "...", 4);   /* cut: say so rather than end mid-word */
}

int kb_fix_preview(struct kb_fix_plan *p, const char *path, const char *orig, size_t len,
                   const struct patch_edit *edits, size_t n, char *err)
{
    if (patch_preview(path, orig, len, true, edits, n, &p->pv, err) != 0)
        return -1;
    p->has_preview = true;
    p->noop = !p->pv.diff[0];
    return 0;
}

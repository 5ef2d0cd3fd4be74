/* patch-sst-script: the fork's SST restore script (the workspace's, or --file) pointed at the
 * checkpoint (--checkpoint, or the workspace's), through sstscript.h as `gem5wb patch-sst`. */
#include "core/kb/kb_fix_impl.h"

#include "core/util/err.h"
#include "core/workflow/fork.h"
#include "core/workflow/sstscript.h"

#include <stdio.h>
#include <string.h>

/* The workspace's SST script: its restore-sst.script setting, else the one the fork's
 * probe chooses at the checked-out commit. */
static int ws_script(const struct kb_fix_opts *o, char *out, size_t cap, char *err)
{
    struct ws *w;
    char gem5[KB_FIX_PATH];
    struct fork_choice ch;
    if (kb_fix_ws_open(o, "patch-sst-script", "the SST script (give --file SCRIPT)", &w, err) != 0)
        return -1;
    const char *set = ws_setting(w, "restore-sst.script");
    int rc = ws_path(w, "gem5", gem5, sizeof gem5) == 0 ? 0 : err_set(err, "%s: path too long",
                                                                     w->root);
    if (rc == 0 && !set)
        rc = fork_find_config(gem5, FORK_RESTORE_SST_SCRIPT, &ch, err);
    if (rc == 0 && (size_t)snprintf(out, cap, "%s/%s", gem5, set ? set : ch.path) >= cap)
        rc = err_set(err, "%s: path too long", gem5);
    ws_close(w);
    return rc;
}

static void describe(struct kb_fix_plan *p, const struct sst_result *r, const char *ckpt)
{
    kb_fix_say(p, "point %s at the checkpoint %s", r->pv.path, ckpt);
    for (size_t i = 0; i < r->nchanges; i++)
        kb_fix_say(p, "%s line %u %s: %s -> %s", i ? ";" : ":", r->changes[i].line,
                   r->changes[i].name, r->changes[i].old_value, r->changes[i].new_value);
    if (!r->pv.diff[0])
        kb_fix_say(p, ": it already does, nothing to change");
    for (size_t i = 0; i < r->nwarnings; i++)
        kb_fix_say(p, "\nwarning: %s", r->warnings[i]);
}

int kb_fix_plan_sst(const char *args, const struct kb_fix_opts *o, struct kb_fix_plan *p,
                    char *err)
{
    (void)args;
    char script[KB_FIX_PATH], ckpt[KB_FIX_PATH];
    struct sst_opts so = { 0 };
    struct sst_facts f;
    struct sst_result r;
    if (o->file)
        snprintf(script, sizeof script, "%s", o->file);
    else if (ws_script(o, script, sizeof script, err) != 0)
        return -1;
    if (kb_fix_checkpoint(o, "patch-sst-script", ckpt, sizeof ckpt, err) != 0 ||
        sstscript_facts(ckpt, &so, &f, err) != 0)
        return -1;
    int rc = sstscript_preview(script, &f, &so, &r, err);
    if (rc == 0) {
        describe(p, &r, f.ckpt_dir);
        p->pv = r.pv;                        /* the plan owns the preview from here */
        memset(&r.pv, 0, sizeof r.pv);
        p->has_preview = true;
        p->noop = !p->pv.diff[0];
        sstscript_result_free(&r);
    }
    sstscript_facts_free(&f);
    return rc;
}

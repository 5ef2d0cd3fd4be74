/* Internals shared by kb_fix*.c: one row per action (plan, apply, free), and finding what
 * an action works on (the workspace, its newest checkpoint, a checkpoint's m5.cpt). */
#ifndef GW_KB_FIX_IMPL_H
#define GW_KB_FIX_IMPL_H

#include "core/kb/kb_fix.h"
#include "core/workflow/workspace.h"

#include <stddef.h>

#define KB_FIX_PATH 4096

struct kb_fix_action {
    const char *name;
    /* args: what follows the action's name in the entry ("" when nothing) */
    int (*plan)(const char *args, const struct kb_fix_opts *o, struct kb_fix_plan *p,
                char *err);
    /* NULL: the plan is a file edit, applied from p->pv by kb_fix_apply itself */
    int (*apply)(struct kb_fix_plan *p, char *done, size_t cap, char *err);
    void (*free_priv)(void *priv);
};

int kb_fix_plan_param(const char *args, const struct kb_fix_opts *o, struct kb_fix_plan *p,
                      char *err);
int kb_fix_apply_param(struct kb_fix_plan *p, char *done, size_t cap, char *err);
void kb_fix_free_param(void *priv);

int kb_fix_plan_store(const char *args, const struct kb_fix_opts *o, struct kb_fix_plan *p,
                      char *err);
int kb_fix_apply_store(struct kb_fix_plan *p, char *done, size_t cap, char *err);

int kb_fix_plan_sst(const char *args, const struct kb_fix_opts *o, struct kb_fix_plan *p,
                    char *err);
int kb_fix_plan_syntax(const char *args, const struct kb_fix_opts *o, struct kb_fix_plan *p,
                       char *err);
int kb_fix_plan_crlf(const char *args, const struct kb_fix_opts *o, struct kb_fix_plan *p,
                     char *err);
int kb_fix_plan_octal(const char *args, const struct kb_fix_opts *o, struct kb_fix_plan *p,
                      char *err);

/* Opens o->workspace (NULL: $GEM5WB_WORKSPACE or the nearest one); on failure err says
 * the action needs `what` and how to give it instead. */
int kb_fix_ws_open(const struct kb_fix_opts *o, const char *action, const char *what,
                   struct ws **w, char *err);
/* The checkpoint an action concerns: --checkpoint, else the workspace's restore-sst
 * checkpoint setting, else its newest checkpoint taken on the SST board. */
int kb_fix_checkpoint(const struct kb_fix_opts *o, const char *action, char *out, size_t cap,
                      char *err);
/* The m5.cpt to edit: --file (a checkpoint folder means its m5.cpt), else the checkpoint's. */
int kb_fix_cpt_file(const struct kb_fix_opts *o, const char *action, char *out, size_t cap,
                    char *err);

/* Previews edits of path's bytes (orig, as read) into p->pv; no change sets p->noop. */
int kb_fix_preview(struct kb_fix_plan *p, const char *path, const char *orig, size_t len,
                   const struct patch_edit *edits, size_t n, char *err);

/* Appends formatted text to p->what, ending with "..." when it no longer fits. */
void kb_fix_say(struct kb_fix_plan *p, const char *fmt, ...)
    __attribute__((format(__printf__, 2, 3)));

#endif

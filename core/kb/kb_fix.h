/* The fixes gem5wb applies for knowledge-base entries (their "action"): planned first,
 * with a diff or a description of what will change, then applied atomically with a backup. */
#ifndef GW_KB_FIX_H
#define GW_KB_FIX_H

#include "core/kb/kb.h"
#include "core/workflow/patch.h"

#include <stdbool.h>
#include <stddef.h>

/* What an action works on; each action says which it needs when one is missing. */
struct kb_fix_opts {
    const char *workspace;    /* the workspace folder (its fork, steps and checkpoints) */
    const char *file;         /* --file: the file to fix (a config, SST script, m5.cpt) */
    const char *checkpoint;   /* --checkpoint: the checkpoint folder it concerns */
    const char *from;         /* --from: a second checkpoint (the atomic one for KVM) */
};

struct kb_fix_plan {
    const struct kb_entry *entry;
    char action[48];          /* the action's name, as in the entry */
    char what[1024];          /* what applying does, in words a user can check */
    bool has_preview;         /* a file edit: the diff and fingerprint are in pv */
    bool noop;                /* nothing to change (what says why): apply writes nothing */
    struct patch_preview pv;
    void *priv;               /* the action's own state */
};

/* The action names kb.json may use, NULL-terminated (the tests check every entry's). */
extern const char *const kb_fix_actions[];

/* Plans the entry's action: nothing is written. Fails with a sentence when the entry has
 * no action, or what it needs (a file, a checkpoint) is missing or does not apply. */
int kb_fix_plan(const struct kb_entry *e, const struct kb_fix_opts *o, struct kb_fix_plan *p,
                char *err);
/* Applies a plan (a file edit is refused when the file changed since the plan); done
 * gets what was written and where the backup is. */
int kb_fix_apply(struct kb_fix_plan *p, char *done, size_t cap, char *err);
void kb_fix_plan_free(struct kb_fix_plan *p);

#endif

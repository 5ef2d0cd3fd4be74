/* Apply (a) in the troubleshooting view: the paths the entry's fix works on are asked
 * (Enter alone lets gem5wb pick, as `gem5wb fix` does), then the plan's words and diff
 * are confirmed, and y writes it; the message line says what was written and kept. */
#include "tui/kb_impl.h"
#include "tui/theme.h"
#include "tui/tui_impl.h"

#include "core/util/err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define DIFF_LINES 400       /* lines of a diff the confirmation carries */

enum { Q_FILE, Q_CHECKPOINT, Q_FROM };

/* The paths `gem5wb fix` takes (--file, --checkpoint, --from) by action, in the order
 * they are asked; an action not listed needs only the workspace. */
static const struct question {
    const char *action;
    int field;
    int dirs, required;      /* folders only; Enter alone is refused */
    const char *label;
} questions[] = {
    { "m5cpt-line-ends", Q_FILE, 0, 0,
      "m5.cpt or its checkpoint folder (Enter: the workspace's checkpoint): " },
    { "m5cpt-octal", Q_FILE, 0, 0,
      "m5.cpt or its checkpoint folder (Enter: the workspace's checkpoint): " },
    { "replace-remote-store", Q_CHECKPOINT, 1, 0,
      "the KVM checkpoint to fix (Enter: the workspace's): " },
    { "replace-remote-store", Q_FROM, 1, 1,
      "the ATOMIC checkpoint of the same setup, whose remote store is copied: " },
    { "patch-sst-script", Q_CHECKPOINT, 1, 0,
      "the checkpoint the SST script restores (Enter: the workspace's): " },
};
#define NQUESTIONS (sizeof questions / sizeof questions[0])

static char *answer_of(struct kbv_apply *a, int field)
{
    return field == Q_FILE ? a->file : field == Q_CHECKPOINT ? a->checkpoint : a->from;
}

/* The action's question number `n`, or NULL when it has no more. */
static const struct question *question(const struct kb_entry *e, int n)
{
    size_t len = strcspn(e->action, " ");
    for (size_t i = 0; i < NQUESTIONS; i++)
        if (strlen(questions[i].action) == len && !strncmp(questions[i].action, e->action, len)
            && n-- == 0)
            return &questions[i];
    return NULL;
}

void kbv_apply_free(struct kbv *v)
{
    if (v->apply.planned)
        kb_fix_plan_free(&v->apply.plan);
    v->apply.planned = 0;
}

static void answer(struct tui *t, void *ctx, int yes)
{
    struct kbv *v = ctx;
    char done[4400], err[ERR_LEN];
    if (!yes)
        tui_message(t, THEME_DIM, "nothing written");
    else if (kb_fix_apply(&v->apply.plan, done, sizeof done, err) != 0)
        tui_message(t, THEME_ERROR, "%s", err);
    else {
        tui_message(t, THEME_OK, "%s: %s", v->apply.e->id, done);
        t->kb_fixes++;
    }
    kbv_apply_free(v);
}

/* The plan's words, then its diff (the first DIFF_LINES lines, and how many more). */
static char *confirm_body(const struct kb_fix_plan *p)
{
    const char *diff = p->has_preview ? p->pv.diff : "";
    size_t len = strlen(p->what) + strlen(diff) + 256;
    char *body = malloc(len);
    if (!body)
        return NULL;
    int n = snprintf(body, len, "%s\n", p->what);
    const char *d = diff;
    for (int lines = 0; *d && lines < DIFF_LINES; lines++)
        d += strcspn(d, "\n") + (d[strcspn(d, "\n")] == '\n');
    n += snprintf(body + n, len - (size_t)n, "%.*s", (int)(d - diff), diff);
    size_t more = 0;
    for (const char *q = d; *q; q++)
        more += *q == '\n';
    if (*d)
        snprintf(body + n, len - (size_t)n, "... and %zu more lines of the diff (`gem5wb fix "
                 "%s --dry-run` shows them all)\n", more + (d[strlen(d) - 1] != '\n'),
                 p->entry->id);
    return body;
}

static void plan_and_confirm(struct tui *t, struct kbv *v)
{
    struct kbv_apply *a = &v->apply;
    char err[ERR_LEN], title[160];
    struct kb_fix_opts o = {
        .workspace = v->workspace[0] ? v->workspace : t->workspace,
        .file = a->file[0] ? a->file : NULL,
        .checkpoint = a->checkpoint[0] ? a->checkpoint : NULL,
        .from = a->from[0] ? a->from : NULL,
    };
    kbv_apply_free(v);
    if (kb_fix_plan(a->e, &o, &a->plan, err) != 0) {
        tui_message(t, THEME_ERROR, "%s", err);
        return;
    }
    a->planned = 1;
    if (a->plan.noop) {
        tui_message(t, THEME_OK, "nothing to change: %s", a->plan.what);
        kbv_apply_free(v);
        return;
    }
    char *body = confirm_body(&a->plan);
    snprintf(title, sizeof title, "Apply the fix of %s (%s)?", a->e->id, a->plan.action);
    if (!body || tui_confirm(t, &(struct tui_confirm_spec){ .title = title, .body = body,
                                                             .done = answer, .ctx = v }) != 0)
        kbv_apply_free(v);
    if (!body)
        tui_message(t, THEME_ERROR, "out of memory showing the fix");
    free(body);
}

static void ask_next(struct tui *t, struct kbv *v);

static int path_check(void *ctx, const char *text, char *why, size_t cap)
{
    struct kbv *v = ctx;
    const struct question *q = question(v->apply.e, v->apply.asked);
    struct stat st;
    if (!*text && q && q->required)
        return snprintf(why, cap, "a checkpoint folder (Tab completes)"), -1;
    if (*text && stat(text, &st) != 0)
        return snprintf(why, cap, "%s does not exist", text), -1;
    if (*text && q && q->dirs && !S_ISDIR(st.st_mode))
        return snprintf(why, cap, "%s is not a folder", text), -1;
    return 0;
}

static void path_done(struct tui *t, void *ctx, const char *text)
{
    struct kbv *v = ctx;
    const struct question *q = question(v->apply.e, v->apply.asked);
    snprintf(answer_of(&v->apply, q->field), PATH_MAX, "%s", text);
    v->apply.asked++;
    ask_next(t, v);
}

static void ask_next(struct tui *t, struct kbv *v)
{
    const struct question *q = question(v->apply.e, v->apply.asked);
    if (!q) {
        plan_and_confirm(t, v);
        return;
    }
    tui_prompt(t, &(struct tui_prompt_spec){ .label = q->label, .check = path_check,
                                             .complete = q->dirs ? tui_complete_dirs
                                                                 : tui_complete_files,
                                             .done = path_done, .ctx = v });
}

void kbv_apply_start(struct tui *t, struct kbv *v)
{
    const struct kb_entry *e = kbv_selected(v);
    if (!e)
        return;
    if (!e->action[0]) {
        tui_message(t, THEME_WARNING, "%s has no fix gem5wb applies: follow its Fix steps",
                    e->id);
        return;
    }
    kbv_apply_free(v);
    memset(&v->apply, 0, sizeof v->apply);
    v->apply.e = e;
    ask_next(t, v);
}

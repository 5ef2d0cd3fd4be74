/* The dashboard (gem5wb in a workspace): the workflow's steps as a checklist with their
 * status and why, the selected step's commands and pre-flight findings, the checkpoints,
 * the host's doctor warnings and a tip. Enter opens a step's form, r runs it (asking
 * first when a finding predicts a failure), t shows the known issues. */
#include "tui/dash_impl.h"
#include "tui/command.h"
#include "tui/jobs.h"
#include "tui/kb_view.h"
#include "tui/step_form.h"
#include "tui/theme.h"
#include "tui/tui_impl.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

enum { DASH_UP = TUI_ACT_VIEW, DASH_DOWN, DASH_OPEN, DASH_RUN, DASH_REFRESH, DASH_INSPECT,
       DASH_HISTORY, DASH_LOG, DASH_DOCTOR, DASH_KB };

static const struct tui_key dash_keys[] = {
    { { KEY_UP, 'k' },   "up",      "previous step",                        DASH_UP,      0 },
    { { KEY_DOWN, 'j' }, "down",    "next step",                            DASH_DOWN,    0 },
    { { '\n', KEY_ENTER }, "open",  "open the step: its parameters, exact command line and "
      "Run (while it runs: its job)", DASH_OPEN, 1 },
    { { 'r' },           "run",     "run the selected step and follow it",  DASH_RUN,     1 },
    { { 'R' },           "refresh", "read the workspace again (after a run from a shell)",
      DASH_REFRESH, 1 },
    { { 'i' },           "inspect", "open the newest checkpoint in the inspector", DASH_INSPECT, 1 },
    { { 'h' },           "history", "every run: command, result, log",      DASH_HISTORY, 0 },
    { { 'o' },           "log",     "the command log: every argv gem5wb ran", DASH_LOG,   0 },
    { { 'd' },           "doctor",  "run gem5wb doctor here: tools, versions, KVM, disk, memory",
      DASH_DOCTOR, 1 },
    { { 't' },           "troubleshoot", "the known issues, at the one the tip names (a "
      "pre-flight finding of the step, or what a failed run matched)", DASH_KB, 1 },
    { { '?' },           "help",    "show or hide this help",               TUI_ACT_HELP, 1 },
    { { 'L' - '@' },     "redraw",  "redraw the screen",                    TUI_ACT_REDRAW, 0 },
    { { 'q', 27 },       "quit",    "leave gem5wb",                         TUI_ACT_QUIT, 1 },
};

/* "set here: jobs=5": the parameters the workspace sets (the form shows them all). */
static void values_selected(struct dash *d)
{
    const struct step_def *s = step_table[d->sel];
    char key[160];
    size_t len = 0;
    d->values[0] = '\0';
    for (const struct step_param *p = s->params; p && p->name && len < sizeof d->values; p++) {
        snprintf(key, sizeof key, "%s.%s", s->id, p->name);
        const char *v = ws_setting(d->w, key);
        if (v)
            len += (size_t)snprintf(d->values + len, sizeof d->values - len, "%s%s=%s",
                                    len ? "  " : "set here: ", p->name, v);
    }
    if (!len && s->params && s->params[0].name)
        snprintf(d->values, sizeof d->values, "parameters at their defaults");
}

static void plan_selected(struct dash *d)
{
    if (d->planned)
        step_plan_free(&d->plan);
    d->planned = step_plan(d->w, step_table[d->sel], NULL, &d->plan, d->plan_err) == 0;
    values_selected(d);
    dpf_want(&d->pf, d->sel, step_table[d->sel]->id);
}

static void dash_reload(struct dash *d)
{
    char err[ERR_LEN];
    ws_reload(d->w, err);
    for (d->n = 0; step_table[d->n] && d->n < NSTEPS_MAX; d->n++)
        d->status[d->n] = step_status(d->w, step_table[d->n], d->why[d->n], sizeof d->why[0]);
    plan_selected(d);
}

/* The host checks that cost nothing (no tool is run): the first problem and how many. */
static void doctor_read(struct dash *d)
{
    struct doctor_check *c = d->host;
    struct utsname u;
    size_t n = 0, bad = 0, first = 0;
    doctor_check_kvm(&c[n++]);
    doctor_check_disk(d->w->root, &c[n++]);
    doctor_check_memory(&c[n++]);
    doctor_check_perf(&c[n++]);
    doctor_check_cpus(&c[n++]);
    if (uname(&u) == 0)
        doctor_check_arch(u.machine, &c[n++]);
    d->nhost = n;
    for (size_t i = 0; i < n; i++)
        if (c[i].status != DOCTOR_OK && (!bad++ || c[i].status > c[first].status))
            first = i;
    d->doctor_slot = !bad ? THEME_DIM : c[first].status == DOCTOR_FAIL ? THEME_ERROR
                   : THEME_WARNING;
    if (!bad)
        snprintf(d->doctor, sizeof d->doctor, "doctor: the host checks pass (d checks the "
                 "tools too)");
    else
        snprintf(d->doctor, sizeof d->doctor, "doctor (%zu warning%s, d for all): %s: %s", bad,
                 bad == 1 ? "" : "s", c[first].title, c[first].detail);
}

static int dash_open(struct tui *t, void *priv, const void *arg)
{
    struct dash *d = priv;
    char err[ERR_LEN];
    if (ws_open(arg, &d->w, err) != 0) {
        tui_message(t, THEME_ERROR, "%s", err);
        return -1;
    }
    d->gen = tui_jobs_generation(t);
    d->kb = tui_kb(t);
    d->run_pending = -1;
    d->fixes = t->kb_fixes;
    dpf_init(&d->pf, d->w->root);
    dash_reload(d);
    doctor_read(d);
    return 0;
}

static void dash_done(void *priv)
{
    struct dash *d = priv;
    dpf_free(&d->pf);
    if (d->planned)
        step_plan_free(&d->plan);
    ws_close(d->w);
}

/* The newest checkpoint the workspace knows, or NULL. */
static const char *newest_checkpoint(const struct dash *d)
{
    const cJSON *list = cJSON_GetObjectItem(d->w->state, "checkpoints");
    const cJSON *last = cJSON_GetArrayItem(list, cJSON_GetArraySize(list) - 1);
    const cJSON *path = cJSON_GetObjectItem(last, "path");
    return cJSON_IsString(path) ? path->valuestring : NULL;
}

static void open_step(struct tui *t, struct dash *d)
{
    const char *id = step_table[d->sel]->id;
    int job = tui_jobs_find_step(t, d->w->root, id);
    if (job >= 0) {
        tui_job_show(t, job);
        return;
    }
    struct tui_step_form_arg a = { d->w->root, id };
    tui_push(t, &tui_step_form_view, &a);
}

static void open_inspect(struct tui *t, struct dash *d)
{
    const char *ckpt = newest_checkpoint(d);
    if (!ckpt)
        tui_message(t, THEME_WARNING, "no checkpoint in this workspace yet: run "
                    "take-checkpoint first");
    else
        tui_push(t, &tui_inspect_view, ckpt);
}

/* ---- Running past the pre-flight findings, and the known issues ---------------- */

static void run_answer(struct tui *t, void *ctx, int yes)
{
    struct dash *d = ctx;
    if (yes)
        tui_job_start_step(t, d->w->root, step_table[d->ask_step]->id);
    else
        tui_message(t, THEME_DIM, "not run: t explains the findings");
}

/* "- ID: WHAT" lines of step i's fail findings; how many. */
static int fail_lines(const struct dash *d, size_t i, char *out, size_t cap)
{
    const struct dpf_step *s = dpf_get(&d->pf, i);
    char text[900];
    size_t len = 0;
    int n = 0;
    out[0] = '\0';
    for (size_t k = 0; s && k < s->rep.n && len < cap; k++) {
        const struct pf_finding *f = &s->rep.items[k];
        if (f->sev != PF_FAIL)
            continue;
        dash_finding_text(d, f, 1, text, sizeof text);
        len += (size_t)snprintf(out + len, cap - len, "- %s\n", text);
        n++;
    }
    return n;
}

/* r: runs step i, after its pre-flight checks (waited for when they still run), asking
 * first when one of them fails. While a step of the workspace runs, r shows it or says
 * why it cannot start (the run lock) without waiting. */
static void run_step(struct tui *t, struct dash *d, size_t i)
{
    const char *id = step_table[i]->id;
    const struct dpf_step *s = dpf_get(&d->pf, i);
    char body[4096], title[128];
    if (tui_jobs_find_step(t, d->w->root, NULL) >= 0) {
        tui_job_start_step(t, d->w->root, id);
        return;
    }
    if (s && (s->state != DPF_DONE || s->stale)) {
        d->run_pending = (long)i;
        dpf_want(&d->pf, i, id);
        tui_message(t, THEME_MESSAGE, "checking %s before it runs\u2026", id);
        return;
    }
    int len = snprintf(body, sizeof body, "The pre-flight checks predict %s will fail (t on "
                       "the dashboard explains each):\n", id);
    int n = fail_lines(d, i, body + len, sizeof body - (size_t)len);
    if (!n) {
        tui_job_start_step(t, d->w->root, id);
        return;
    }
    snprintf(title, sizeof title, "Run %s anyway? %d check%s failed", id, n, n == 1 ? "" : "s");
    d->ask_step = i;
    tui_confirm(t, &(struct tui_confirm_spec){ .title = title, .body = body,
                                               .done = run_answer, .ctx = d });
}

/* t: the known issues. The tip's entry selected, with the findings that name entries; a
 * tip from a failed run shows what that run matched. */
static void troubleshoot(struct tui *t, struct dash *d)
{
    int job;
    const struct kb_entry *e = dash_tip_entry(t, d, &job);
    const struct dpf_step *s = dpf_get(&d->pf, d->sel);
    struct tui_kb_seen seen[32];
    char text[32][800], what[780], where[160];
    size_t n = 0;
    if (e && job >= 0) {
        tui_job_kb_show(t, job);
        return;
    }
    for (size_t i = 0; s && i < s->rep.n && n < 32; i++) {
        const struct pf_finding *f = &s->rep.items[i];
        if (f->sev < PF_WARN || !f->kb_id[0])
            continue;
        dash_finding_text(d, f, 0, what, sizeof what);
        snprintf(text[n], sizeof text[n], "%s: %s", pf_sev_name(f->sev), what);
        seen[n] = (struct tui_kb_seen){ f->kb_id, text[n] };
        n++;
    }
    snprintf(where, sizeof where, "the pre-flight checks of %s", step_table[d->sel]->id);
    tui_push(t, &tui_kb_view, &(struct tui_kb_arg){ .select = e ? e->id : NULL,
                                                    .workspace = d->w->root, .seen_in = where,
                                                    .seen = seen, .nseen = n });
}

static int dash_action(struct tui *t, void *priv, int action)
{
    struct dash *d = priv;
    char *doctor[] = { "doctor", d->w->root };
    switch (action) {
    case DASH_UP:
    case DASH_DOWN:
        if ((action == DASH_UP && d->sel == 0) || (action == DASH_DOWN && d->sel + 1 >= d->n))
            return TUI_HANDLED;
        d->sel += action == DASH_UP ? (size_t)-1 : 1;
        plan_selected(d);
        return TUI_HANDLED;
    case DASH_OPEN:    open_step(t, d); return TUI_HANDLED;
    case DASH_RUN:     run_step(t, d, d->sel); return TUI_HANDLED;
    case DASH_KB:      troubleshoot(t, d); return TUI_HANDLED;
    case DASH_HISTORY: tui_push(t, &tui_history_view, d->w->root); return TUI_HANDLED;
    case DASH_LOG:     tui_push(t, &tui_cmdlog_view, d->w->root); return TUI_HANDLED;
    case DASH_DOCTOR:  tui_command_run(t, doctor, 2); return TUI_HANDLED;
    case DASH_INSPECT: open_inspect(t, d); return TUI_HANDLED;
    case DASH_REFRESH:
        dpf_stale_all(&d->pf);
        dash_reload(d);
        tui_message(t, THEME_MESSAGE, "read %s again", d->w->root);
        return TUI_HANDLED;
    }
    return 0;
}

static void dash_resume(struct tui *t, void *priv)
{
    struct dash *d = priv;
    d->tip++;
    if (d->fixes != t->kb_fixes || d->gen != tui_jobs_generation(t))
        dpf_stale_all(&d->pf);        /* a fix or a run changed what the checks read */
    d->gen = tui_jobs_generation(t);
    d->fixes = t->kb_fixes;
    dash_reload(d);                   /* a step ran: its status and the lineage changed */
}

/* A job started or ended: the step states changed (read only then, not on every turn).
 * Pre-flight findings that arrived are shown; a run waiting for them goes on. */
static int dash_tick(struct tui *t, void *priv)
{
    struct dash *d = priv;
    unsigned gen = tui_jobs_generation(t);
    int redraw = 0;
    if (dpf_poll(&d->pf)) {
        dpf_want(&d->pf, d->sel, step_table[d->sel]->id);   /* stale meanwhile: again */
        long i = d->run_pending;
        const struct dpf_step *s = i >= 0 ? dpf_get(&d->pf, (size_t)i) : NULL;
        if (s && s->state == DPF_DONE && !s->stale) {
            d->run_pending = -1;
            run_step(t, d, (size_t)i);
        } else if (s) {
            dpf_want(&d->pf, (size_t)i, step_table[i]->id);
        }
        redraw = TUI_REDRAW;
    }
    if (gen == d->gen)
        return redraw;
    d->gen = gen;
    dpf_stale_all(&d->pf);            /* a run started or ended: it may have changed files */
    dash_reload(d);
    return TUI_REDRAW;
}

const struct tui_view_ops tui_dashboard_view = {
    .name = "dashboard",
    .priv_size = sizeof(struct dash),
    .keys = dash_keys,
    .key_count = sizeof dash_keys / sizeof dash_keys[0],
    .open = dash_open,
    .draw = dash_draw,
    .action = dash_action,
    .done = dash_done,
    .resume = dash_resume,
    .tick = dash_tick,
};

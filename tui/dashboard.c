/* The dashboard (gem5wb in a workspace): the workflow's steps as a checklist with their
 * status and why, the selected step's commands, the checkpoints, the host's doctor
 * warnings and a tip. Enter opens a step's form, r runs it. */
#include "tui/tui.h"
#include "tui/command.h"
#include "tui/jobs.h"
#include "tui/step_form.h"
#include "tui/theme.h"

#include "core/util/err.h"
#include "core/workflow/doctor.h"
#include "core/workflow/steps.h"
#include "core/workflow/workspace.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#define NSTEPS_MAX 16

struct dash {
    struct ws *w;
    size_t n, sel;
    enum step_status status[NSTEPS_MAX];
    char why[NSTEPS_MAX][256];
    struct step_plan plan;            /* of the selected step */
    int planned;
    char plan_err[ERR_LEN];
    char values[1024];                /* the selected step's parameters, name=value */
    struct doctor_check host[6];      /* the host checks, read once at open */
    size_t nhost;
    char doctor[700];                 /* their summary: the first problem, how many */
    int doctor_slot;
    unsigned tip, gen;                /* gen: the jobs' generation last read */
};

enum { DASH_UP = TUI_ACT_VIEW, DASH_DOWN, DASH_OPEN, DASH_RUN, DASH_REFRESH, DASH_INSPECT,
       DASH_HISTORY, DASH_LOG, DASH_DOCTOR };

static const struct tui_key dash_keys[] = {
    { { KEY_UP, 'k' },   "up",      "previous step",                        DASH_UP,      0 },
    { { KEY_DOWN, 'j' }, "down",    "next step",                            DASH_DOWN,    0 },
    { { '\n', KEY_ENTER }, "open",  "open the step: its parameters, exact command line and "
      "Run (while it runs: its job)", DASH_OPEN, 1 },
    { { 'r' },           "run",     "run the selected step and follow it",  DASH_RUN,     1 },
    { { 'R' },           "refresh", "read the workspace again (after a run from a shell)",
      DASH_REFRESH, 1 },
    { { 'i' },           "inspect", "open the newest checkpoint in the inspector", DASH_INSPECT, 1 },
    { { 'h' },           "history", "every run: command, result, log",      DASH_HISTORY, 1 },
    { { 'o' },           "log",     "the command log: every argv gem5wb ran", DASH_LOG,   1 },
    { { 'd' },           "doctor",  "run gem5wb doctor here: tools, versions, KVM, disk, memory",
      DASH_DOCTOR, 1 },
    { { '?' },           "help",    "show or hide this help",               TUI_ACT_HELP, 1 },
    { { 'L' - '@' },     "redraw",  "redraw the screen",                    TUI_ACT_REDRAW, 0 },
    { { 'q', 27 },       "quit",    "leave gem5wb",                         TUI_ACT_QUIT, 1 },
};

static const char *const tips[] = {
    "Enter opens a step", "press : for commands", "? lists the keys", "r runs a step",
    ":theme NAME recolours", "o lists every command run", "Tab completes after :",
};
#define NTIPS (sizeof tips / sizeof tips[0])

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
    dash_reload(d);
    doctor_read(d);
    return 0;
}

static void dash_done(void *priv)
{
    struct dash *d = priv;
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
    case DASH_RUN:     tui_job_start_step(t, d->w->root, step_table[d->sel]->id); return TUI_HANDLED;
    case DASH_HISTORY: tui_push(t, &tui_history_view, d->w->root); return TUI_HANDLED;
    case DASH_LOG:     tui_push(t, &tui_cmdlog_view, d->w->root); return TUI_HANDLED;
    case DASH_DOCTOR:  tui_command_run(t, doctor, 2); return TUI_HANDLED;
    case DASH_INSPECT: open_inspect(t, d); return TUI_HANDLED;
    case DASH_REFRESH:
        dash_reload(d);
        tui_message(t, THEME_MESSAGE, "read %s again", d->w->root);
        return TUI_HANDLED;
    }
    return 0;
}

static const char *mark(const struct tui *t, enum step_status s, int *slot)
{
    static const char *const utf8[] = { "\u25cb", "\u25b6", "\u2714", "\u2718", "\u2718",
                                        "~", "!" };
    static const char *const ascii[] = { "[ ]", "[>]", "[x]", "[F]", "[C]", "[~]", "[!]" };
    *slot = s == STEP_OK ? THEME_OK : s == STEP_FAILED ? THEME_ERROR
          : s == STEP_NEW ? THEME_DIM : THEME_WARNING;
    return tui_ascii(t) ? ascii[s] : utf8[s];
}

static void draw_steps(struct tui *t, const struct dash *d, struct tui_rect r)
{
    tui_box(t, r, "Workflow", d->w->root);
    for (size_t i = 0; i < d->n && (int)i < r.h - 2; i++) {
        int y = r.y + 1 + (int)i, sel = i == d->sel, slot;
        int job = tui_jobs_find_step(t, d->w->root, step_table[i]->id);
        enum step_status s = job >= 0 ? STEP_RUNNING : d->status[i];
        const char *m = mark(t, s, &slot);
        char info[320];
        tui_fill(y, r.x + 1, r.w - 2, sel ? THEME_SELECTED : THEME_NORMAL);
        tui_text(t, y, r.x + 1, 1, THEME_SELECTED, sel ? tui_marker(t) : " ", 0);
        tui_text(t, y, r.x + 3, 3, sel ? THEME_SELECTED : slot, m, 0);
        tui_text(t, y, r.x + 7, 19, sel ? THEME_SELECTED : THEME_NORMAL, step_table[i]->id, 0);
        if (job >= 0)
            snprintf(info, sizeof info, "running   job %d: Enter follows it", job + 1);
        else
            snprintf(info, sizeof info, "%-9s %s", step_status_name(s), d->why[i]);
        tui_text(t, y, r.x + 27, r.w - 29, sel ? THEME_SELECTED : job >= 0 ? THEME_WARNING
                 : THEME_DIM, info, 0);
    }
}

/* text over as many lines as it needs (up to bottom); returns the next free row. */
static int wrapped(const struct tui *t, int y, int x, int w, int bottom, int slot,
                   const char *text)
{
    char part[1024];
    while (*text && y < bottom) {
        size_t n = tui_wrap(text, w);
        if (!n)
            n = strlen(text);
        snprintf(part, sizeof part, "%.*s", (int)(n < sizeof part ? n : sizeof part - 1), text);
        tui_text(t, y++, x, w, slot, part, 0);
        text += n;
        while (*text == ' ')
            text++;
    }
    return y;
}

/* "needs clone ✔  build-gem5 ○": the earlier steps and whether they are done. */
static void needs_line(const struct tui *t, const struct dash *d, char *out, size_t cap)
{
    const struct step_def *s = step_table[d->sel];
    size_t len = (size_t)snprintf(out, cap, "needs");
    for (size_t i = 0; i < 4 && s->needs[i] && len < cap; i++) {
        size_t k = 0;
        while (k < d->n && strcmp(step_table[k]->id, s->needs[i]))
            k++;
        int slot;
        len += (size_t)snprintf(out + len, cap - len, " %s %s", s->needs[i],
                                k < d->n ? mark(t, d->status[k], &slot) : "?");
    }
    if (!s->needs[0])
        snprintf(out, cap, "needs no earlier step");
}

/* The selected step: what it does, its parameters, notes, exact commands, what proves it
 * done. */
static void draw_step(const struct tui *t, const struct dash *d, struct tui_rect r)
{
    const struct step_def *s = step_table[d->sel];
    char line[1024];
    int y = r.y + 1, bottom = r.y + r.h - 1, w = r.w - 4;
    tui_box(t, r, s->title, "Enter: edit, run");
    y = wrapped(t, y, r.x + 2, w, bottom, THEME_NORMAL, s->summary);
    needs_line(t, d, line, sizeof line);
    y = wrapped(t, y, r.x + 2, w, bottom, THEME_DIM, line);
    if (d->values[0])
        y = wrapped(t, y, r.x + 2, w, bottom, THEME_DIM, d->values);
    if (!d->planned) {
        wrapped(t, y, r.x + 2, w, bottom, THEME_WARNING, d->plan_err);
        return;
    }
    for (size_t i = 0; i < d->plan.nnotes && y < bottom; i++)
        y = wrapped(t, y, r.x + 2, w, bottom, THEME_WARNING, d->plan.notes[i]);
    for (size_t i = 0; i < d->plan.ncmds && y < bottom; i++) {
        const struct step_cmd *c = &d->plan.cmds[i];
        size_t len = (size_t)snprintf(line, sizeof line, "%zu. ", i + 1);
        for (size_t a = 0; c->act == ACT_EXEC && c->argv[a] && len < sizeof line; a++)
            len += (size_t)snprintf(line + len, sizeof line - len, "%s ", c->argv[a]);
        if (c->act != ACT_EXEC)
            snprintf(line + len, sizeof line - len, "%s (done by gem5wb)", c->title);
        y = wrapped(t, y, r.x + 2, w, bottom, THEME_NORMAL, line);
    }
    for (size_t i = 0; i < d->plan.nartifacts && y < bottom; i++) {
        snprintf(line, sizeof line, "done when: %s", d->plan.artifacts[i]);
        y = wrapped(t, y, r.x + 2, w, bottom, THEME_DIM, line);
    }
}

static void draw_checkpoints(const struct tui *t, const struct dash *d, struct tui_rect r)
{
    const cJSON *list = cJSON_GetObjectItem(d->w->state, "checkpoints"), *c;
    char line[1024];
    int y = r.y + 1;
    tui_box(t, r, "Checkpoints", NULL);
    cJSON_ArrayForEach(c, list) {
        if (y >= r.y + r.h - 1)
            break;
        const cJSON *p = cJSON_GetObjectItem(c, "path"), *b = cJSON_GetObjectItem(c, "board");
        const cJSON *run = cJSON_GetObjectItem(c, "run");
        snprintf(line, sizeof line, "%s   board %s   from run #%.0f   restored %d times",
                 cJSON_IsString(p) ? p->valuestring : "?", cJSON_IsString(b) ? b->valuestring
                 : "?", cJSON_IsNumber(run) ? run->valuedouble : 0,
                 cJSON_GetArraySize(cJSON_GetObjectItem(c, "restored")));
        tui_text(t, y++, r.x + 2, r.w - 4, THEME_NORMAL, line, 0);
    }
    if (y == r.y + 1)
        tui_text(t, y, r.x + 2, r.w - 4, THEME_DIM, "none yet (take-checkpoint makes them)", 0);
}

/* Each host check: its status as a word (colour only helps), title and finding. */
static void draw_host(const struct tui *t, const struct dash *d, struct tui_rect r)
{
    static const int slots[] = { THEME_OK, THEME_WARNING, THEME_ERROR };
    char line[700];
    tui_box(t, r, "This machine", "d: gem5wb doctor");
    for (size_t i = 0; i < d->nhost && (int)i < r.h - 2; i++) {
        const struct doctor_check *c = &d->host[i];
        snprintf(line, sizeof line, "%-13s %s", c->id, c->detail);
        tui_text(t, r.y + 1 + (int)i, r.x + 2, 4, slots[c->status],
                 doctor_status_name(c->status), 0);
        tui_text(t, r.y + 1 + (int)i, r.x + 7, r.w - 9, THEME_NORMAL, line, 0);
    }
}

/* The last row: the doctor's first warning at the left, a tip at the right. */
static void draw_status(const struct tui *t, const struct dash *d, int y, int x, int w)
{
    char tip[128];
    snprintf(tip, sizeof tip, "tip: %s", tips[d->tip % NTIPS]);
    int tw = (int)strlen(tip) < w / 3 ? (int)strlen(tip) : w / 3;
    tui_text(t, y, x + 1, w - tw - 4, d->doctor_slot, d->doctor, 0);
    tui_text(t, y, x + w - tw - 1, tw, THEME_DIM, tip, 0);
}

static void dash_draw(struct tui *t, const void *priv, struct tui_rect b)
{
    const struct dash *d = priv;
    int nck = cJSON_GetArraySize(cJSON_GetObjectItem(d->w->state, "checkpoints"));
    int ck_h = nck + 2 < 3 ? 3 : nck + 2 > 6 ? 6 : nck + 2;
    int top_h = b.h - 1 - ck_h, left = b.w / 2;
    if (top_h < (int)d->n + 2 && b.h - 1 - (int)d->n - 2 >= 3) {
        top_h = (int)d->n + 2;          /* the checklist first, the checkpoints squeezed */
        ck_h = b.h - 1 - top_h;
    }
    int steps_h = (int)d->n + 2, host_h = top_h - steps_h;
    if (host_h < 4)
        steps_h = top_h, host_h = 0;    /* no room: the checklist alone */
    draw_steps(t, d, (struct tui_rect){ b.y, b.x, steps_h, left });
    if (host_h)
        draw_host(t, d, (struct tui_rect){ b.y + steps_h, b.x, host_h, left });
    draw_step(t, d, (struct tui_rect){ b.y, b.x + left, top_h, b.w - left });
    draw_checkpoints(t, d, (struct tui_rect){ b.y + top_h, b.x, ck_h, b.w });
    draw_status(t, d, b.y + b.h - 1, b.x, b.w);
}

static void dash_resume(struct tui *t, void *priv)
{
    struct dash *d = priv;
    d->tip++;
    d->gen = tui_jobs_generation(t);
    dash_reload(d);                   /* a step ran: its status and the lineage changed */
}

/* A job started or ended: the step states changed (read only then, not on every turn). */
static int dash_tick(struct tui *t, void *priv)
{
    struct dash *d = priv;
    unsigned gen = tui_jobs_generation(t);
    if (gen == d->gen)
        return 0;
    d->gen = gen;
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

/* The dashboard (gem5wb in a workspace): the workflow's steps as a checklist with their
 * status and why, the selected step's commands and parameters, and the checkpoints. */
#include "tui/tui.h"
#include "tui/theme.h"

#include "core/util/err.h"
#include "core/workflow/steps.h"
#include "core/workflow/workspace.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NSTEPS_MAX 16

struct dash {
    struct ws *w;
    size_t n, sel;
    enum step_status status[NSTEPS_MAX];
    char why[NSTEPS_MAX][256];
    struct step_plan plan;            /* of the selected step */
    int planned;
    char plan_err[ERR_LEN];
};

enum { DASH_UP = TUI_ACT_VIEW, DASH_DOWN, DASH_RUN, DASH_REFRESH, DASH_INSPECT, DASH_HISTORY };

static const struct tui_key dash_keys[] = {
    { { KEY_UP, 'k' },   "up",      "previous step",                        DASH_UP,      1 },
    { { KEY_DOWN, 'j' }, "down",    "next step",                            DASH_DOWN,    1 },
    { { 'r', '\n', KEY_ENTER }, "run", "run the selected step and follow it",   DASH_RUN,     1 },
    { { 'R' },           "refresh", "read the workspace again (after a run from a shell)",
      DASH_REFRESH, 1 },
    { { 'i' },           "inspect", "open the newest checkpoint in the inspector", DASH_INSPECT, 1 },
    { { 'h' },           "history", "every run: command, result, log",      DASH_HISTORY, 1 },
    { { '?' },           "help",    "show or hide this help",               TUI_ACT_HELP, 1 },
    { { 'L' - '@' },     "redraw",  "redraw the screen",                    TUI_ACT_REDRAW, 0 },
    { { 'q', 27 },       "quit",    "leave gem5wb",                         TUI_ACT_QUIT, 1 },
};

static void plan_selected(struct dash *d)
{
    if (d->planned)
        step_plan_free(&d->plan);
    d->planned = step_plan(d->w, step_table[d->sel], NULL, &d->plan, d->plan_err) == 0;
}

static void dash_reload(struct dash *d)
{
    char err[ERR_LEN];
    ws_reload(d->w, err);
    for (d->n = 0; step_table[d->n] && d->n < NSTEPS_MAX; d->n++)
        d->status[d->n] = step_status(d->w, step_table[d->n], d->why[d->n], sizeof d->why[0]);
    plan_selected(d);
}

static int dash_open(struct tui *t, void *priv, const void *arg)
{
    struct dash *d = priv;
    char err[ERR_LEN];
    if (ws_open(arg, &d->w, err) != 0) {
        tui_message(t, THEME_ERROR, "%s", err);
        return -1;
    }
    dash_reload(d);
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

static int dash_action(struct tui *t, void *priv, int action)
{
    struct dash *d = priv;
    const char *ckpt;
    switch (action) {
    case DASH_UP:
    case DASH_DOWN:
        if ((action == DASH_UP && d->sel == 0) || (action == DASH_DOWN && d->sel + 1 >= d->n))
            return TUI_HANDLED;
        d->sel += action == DASH_UP ? (size_t)-1 : 1;
        plan_selected(d);
        return TUI_HANDLED;
    case DASH_RUN: {
        const char *args[] = { d->w->root, step_table[d->sel]->id };
        tui_push(t, &tui_job_view, args);
        return TUI_HANDLED;
    }
    case DASH_HISTORY:
        tui_push(t, &tui_history_view, d->w->root);
        return TUI_HANDLED;
    case DASH_REFRESH:
        dash_reload(d);
        tui_message(t, THEME_MESSAGE, "read %s again", d->w->root);
        return TUI_HANDLED;
    case DASH_INSPECT:
        if (!(ckpt = newest_checkpoint(d)))
            tui_message(t, THEME_WARNING, "no checkpoint in this workspace yet: run "
                        "take-checkpoint first");
        else
            tui_push(t, &tui_inspect_view, ckpt);
        return TUI_HANDLED;
    }
    return 0;
}

static const char *mark(const struct tui *t, enum step_status s, int *slot)
{
    static const char *const utf8[] = { "\u25cb", "\u25b6", "\u2714", "\u2718", "\u2718",
                                        "~", "!" };
    static const char *const ascii[] = { "[ ]", "[>]", "[x]", "[F]", "[C]", "[~]", "[!]" };
    *slot = s == STEP_OK ? THEME_NORMAL : s == STEP_FAILED ? THEME_ERROR
          : s == STEP_NEW ? THEME_DIM : THEME_WARNING;
    return tui_ascii(t) ? ascii[s] : utf8[s];
}

static void draw_steps(const struct tui *t, const struct dash *d, struct tui_rect r)
{
    tui_box(t, r, "Workflow", d->w->root);
    for (size_t i = 0; i < d->n && (int)i < r.h - 2; i++) {
        int y = r.y + 1 + (int)i, sel = i == d->sel, slot;
        const char *m = mark(t, d->status[i], &slot);
        tui_fill(y, r.x + 1, r.w - 2, sel ? THEME_SELECTED : THEME_NORMAL);
        tui_text(t, y, r.x + 1, 1, THEME_SELECTED, sel ? tui_marker(t) : " ", 0);
        tui_text(t, y, r.x + 3, 3, sel ? THEME_SELECTED : slot, m, 0);
        tui_text(t, y, r.x + 7, 19, sel ? THEME_SELECTED : THEME_NORMAL, step_table[i]->id, 0);
        char info[320];
        snprintf(info, sizeof info, "%-9s %s", step_status_name(d->status[i]), d->why[i]);
        tui_text(t, y, r.x + 27, r.w - 29, sel ? THEME_SELECTED : THEME_DIM, info, 0);
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

/* The selected step: what it does, its notes, its exact commands, what proves it done. */
static void draw_step(const struct tui *t, const struct dash *d, struct tui_rect r)
{
    const struct step_def *s = step_table[d->sel];
    char line[1024];
    int y = r.y + 1, bottom = r.y + r.h - 1, w = r.w - 4;
    tui_box(t, r, s->title, s->id);
    y = wrapped(t, y, r.x + 2, w, bottom, THEME_NORMAL, s->summary);
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

static void dash_draw(struct tui *t, const void *priv, struct tui_rect b)
{
    const struct dash *d = priv;
    int steps_h = (int)d->n + 2, ck_h = b.h - steps_h > 6 ? 6 : b.h - steps_h;
    int left = b.w / 2;
    draw_steps(t, d, (struct tui_rect){ b.y, b.x, steps_h, left });
    draw_step(t, d, (struct tui_rect){ b.y, b.x + left, b.h - ck_h, b.w - left });
    draw_checkpoints(t, d, (struct tui_rect){ b.y + b.h - ck_h, b.x, ck_h, left });
}

static void dash_resume(struct tui *t, void *priv)
{
    (void)t;
    dash_reload(priv);                /* a step ran: its status and the lineage changed */
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
};

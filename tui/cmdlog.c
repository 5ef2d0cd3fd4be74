/* The command log: every argv gem5wb ran this session (each command of each step, each
 * : command) with time, folder, result and duration, after the workspace's earlier runs;
 * the selected one in full below, shell-quoted, ready to copy. */
#include "tui/jobs_impl.h"
#include "tui/tui_impl.h"
#include "tui/theme.h"

#include "core/util/err.h"
#include "core/util/shquote.h"
#include "core/workflow/eta.h"
#include "core/workflow/workspace.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct cmdlog {
    struct tui_cmdrec *hist;         /* the workspace's runs before this session (owned) */
    int nhist;
    char root[PATH_MAX];
    int sel, top, rows;              /* rows: entries on screen */
    int at_end;                      /* the newest is selected: stay on it as more come */
    unsigned seen;
};

enum { CL_UP = TUI_ACT_VIEW, CL_DOWN, CL_PGUP, CL_PGDN, CL_HOME, CL_END, CL_JOB };

static const struct tui_key cmdlog_keys[] = {
    { { KEY_UP, 'k' },    "up",     "earlier command",                  CL_UP, 1 },
    { { KEY_DOWN, 'j' },  "down",   "later command",                    CL_DOWN, 1 },
    { { KEY_PPAGE },      "page up", "a page earlier",                  CL_PGUP, 0 },
    { { KEY_NPAGE },      "page down", "a page later",                  CL_PGDN, 0 },
    { { KEY_HOME, 'g' },  "first",  "the oldest command",               CL_HOME, 0 },
    { { KEY_END, 'G' },   "last",   "the newest command",               CL_END, 0 },
    { { '\n', KEY_ENTER }, "job",   "show the job that ran it (this session)", CL_JOB, 1 },
    { { '?' },            "help",   "show or hide this help",           TUI_ACT_HELP, 1 },
    { { 'L' - '@' },      "redraw", "redraw the screen",                TUI_ACT_REDRAW, 0 },
    { { 'q', 27 },        "back",   "back",                             TUI_ACT_BACK, 1 },
};

static const char *str(const cJSON *o, const char *name)
{
    const cJSON *v = cJSON_GetObjectItem(o, name);
    return cJSON_IsString(v) ? v->valuestring : "";
}

static double num(const cJSON *o, const char *name, double dflt)
{
    const cJSON *v = cJSON_GetObjectItem(o, name);
    return cJSON_IsNumber(v) ? v->valuedouble : dflt;
}

static int hist_state(const char *status)
{
    return !strcmp(status, "ok") ? TJ_DONE : !strcmp(status, "cancelled") ? TJ_CANCELLED
         : !strcmp(status, "running") ? TJ_RUNNING : TJ_FAILED;
}

/* One run of state.json as a record; 0, or -1 out of memory. */
static int hist_rec(const cJSON *run, struct tui_cmdrec *r)
{
    const char *argv[256];
    int n = 0;
    const cJSON *a;
    cJSON_ArrayForEach(a, cJSON_GetObjectItem(run, "argv"))
        if (cJSON_IsString(a) && n < 255)
            argv[n++] = a->valuestring;
    argv[n] = NULL;
    *r = (struct tui_cmdrec){ .start = num(run, "start", 0), .seconds = num(run, "seconds", -1),
                              .job = -1, .state = hist_state(str(run, "status")),
                              .exited = cJSON_GetObjectItem(run, "exit") != NULL,
                              .code = (int)num(run, "exit", 0), .sig = (int)num(run, "signal", 0) };
    snprintf(r->source, sizeof r->source, "%s", str(run, "step"));
    r->argv = shell_quote_argv(argv);
    r->cwd = strdup(str(run, "cwd"));
    r->log = strdup(str(run, "log"));
    if (r->argv && r->cwd && r->log)
        return 0;
    free(r->argv), free(r->cwd), free(r->log);
    return -1;
}

static void load_history(struct cmdlog *c, const char *dir, double before)
{
    struct ws *w;
    char err[ERR_LEN];
    if (ws_open(dir, &w, err) != 0)
        return;                       /* no workspace: this session's commands only */
    snprintf(c->root, sizeof c->root, "%s", w->root);
    const cJSON *runs = cJSON_GetObjectItem(w->state, "runs"), *run;
    c->hist = calloc((size_t)cJSON_GetArraySize(runs) + 1, sizeof *c->hist);
    cJSON_ArrayForEach(run, runs)
        if (c->hist && num(run, "start", 0) < before && hist_rec(run, &c->hist[c->nhist]) == 0)
            c->nhist++;
    ws_close(w);
}

static int total(const struct tui *t, const struct cmdlog *c)
{
    return c->nhist + (t->jobs ? t->jobs->ncmds : 0);
}

static const struct tui_cmdrec *entry(const struct tui *t, const struct cmdlog *c, int i)
{
    return i < c->nhist ? &c->hist[i] : &t->jobs->cmds[i - c->nhist];
}

static void cmdlog_resize(struct tui *t, void *priv, struct tui_rect b)
{
    (void)t;
    struct cmdlog *c = priv;
    c->rows = (b.h - 2 - 5) / 2 > 1 ? (b.h - 2 - 5) / 2 : 1;   /* 5: the detail below */
}

static void select_entry(const struct tui *t, struct cmdlog *c, int sel)
{
    int n = total(t, c);
    c->sel = sel < 0 ? 0 : sel >= n ? n - 1 : sel;
    if (c->sel < 0)
        c->sel = 0;
    c->at_end = c->sel >= n - 1;
    if (c->sel < c->top)
        c->top = c->sel;
    if (c->sel >= c->top + c->rows)
        c->top = c->sel - c->rows + 1;
}

static int cmdlog_open(struct tui *t, void *priv, const void *arg)
{
    struct cmdlog *c = priv;
    struct tui_jobs *js = tui_jobs_get(t);
    load_history(c, arg ? arg : t->workspace, js ? js->session_start : ws_now());
    cmdlog_resize(t, c, tui_body_rect(t));
    select_entry(t, c, total(t, c) - 1);
    c->seen = tui_jobs_generation(t);
    return 0;
}

static void cmdlog_done(void *priv)
{
    struct cmdlog *c = priv;
    cmdlog_recs_free(c->hist, c->nhist);
}

static int cmdlog_tick(struct tui *t, void *priv)
{
    struct cmdlog *c = priv;
    if (tui_jobs_generation(t) == c->seen)
        return 0;
    c->seen = tui_jobs_generation(t);
    if (c->at_end)
        select_entry(t, c, total(t, c) - 1);
    return TUI_REDRAW;
}

static int cmdlog_action(struct tui *t, void *priv, int action)
{
    struct cmdlog *c = priv;
    int page = c->rows > 1 ? c->rows - 1 : 1;
    switch (action) {
    case CL_UP:   select_entry(t, c, c->sel - 1); break;
    case CL_DOWN: select_entry(t, c, c->sel + 1); break;
    case CL_PGUP: select_entry(t, c, c->sel - page); break;
    case CL_PGDN: select_entry(t, c, c->sel + page); break;
    case CL_HOME: select_entry(t, c, 0); break;
    case CL_END:  select_entry(t, c, total(t, c) - 1); break;
    case CL_JOB:
        if (c->sel < total(t, c) && entry(t, c, c->sel)->job >= 0)
            tui_job_show(t, entry(t, c, c->sel)->job);
        else
            tui_message(t, THEME_DIM, "that command ran before this session: h on the "
                        "dashboard has its log");
        break;
    default:
        return 0;
    }
    return TUI_HANDLED;
}

/* "ok, exit 0", "failed, exit 2", "killed, signal 9", "cancelled", "running". */
static void result_text(const struct tui_cmdrec *r, char *buf, size_t cap, int *slot)
{
    *slot = r->state == TJ_DONE ? THEME_OK : r->state == TJ_RUNNING ? THEME_NORMAL
          : r->state == TJ_CANCELLED ? THEME_WARNING : THEME_ERROR;
    if (r->state == TJ_RUNNING)
        snprintf(buf, cap, "running");
    else if (r->state == TJ_CANCELLED)
        snprintf(buf, cap, "cancelled");
    else if (r->exited || !r->sig)
        snprintf(buf, cap, "%s, exit %d", r->state == TJ_DONE ? "ok" : "failed", r->code);
    else
        snprintf(buf, cap, "killed, signal %d", r->sig);
}

static void draw_entry(const struct tui *t, const struct tui_cmdrec *r, int sel, int y,
                       struct tui_rect box)
{
    char when[32], result[64], took[32], line[2 * PATH_MAX];
    int slot, base = sel ? THEME_SELECTED : THEME_NORMAL;
    time_t s = (time_t)r->start;
    struct tm tm;
    localtime_r(&s, &tm);
    strftime(when, sizeof when, r->job < 0 ? "%m-%d %H:%M" : "%H:%M:%S", &tm);
    result_text(r, result, sizeof result, &slot);
    eta_format(r->seconds >= 0 ? r->seconds : ws_now() - r->start, took, sizeof took);
    tui_fill(y, box.x + 1, box.w - 2, base);
    tui_fill(y + 1, box.x + 1, box.w - 2, base);
    tui_text(t, y, box.x + 1, 1, base, sel ? tui_marker(t) : " ", 0);
    tui_text(t, y, box.x + 3, 11, r->job < 0 && !sel ? THEME_DIM : base, when, 0);
    tui_text(t, y, box.x + 15, 22, base, r->source, 0);
    tui_text(t, y, box.x + 38, 17, sel ? base : slot, result, 0);
    snprintf(line, sizeof line, "%6s  %s", took, r->cwd);
    tui_text(t, y, box.x + 55, box.w - 57, base, line, 0);
    snprintf(line, sizeof line, "%s %s", r->by_gem5wb ? "gem5wb itself:" : "$", r->argv);
    tui_text(t, y + 1, box.x + 5, box.w - 7, sel ? base : r->by_gem5wb ? THEME_DIM
                                                                         : THEME_NORMAL, line, 0);
}

/* The selected command in full: `cd DIR && ARGV`, wrapped, and its log. */
static void draw_detail(const struct tui *t, const struct tui_cmdrec *r, int y, int x, int w,
                        int h)
{
    size_t qlen = 4 * strlen(r->cwd) + 3, len = qlen + strlen(r->argv) + 16;
    char *cmd = malloc(len), *dir = malloc(qlen), line[TEXT_MAX];
    if (!cmd || !dir || shell_quote(r->cwd, dir, qlen) < 0) {
        free(cmd);
        free(dir);
        return;
    }
    snprintf(cmd, len, "cd %s && %s", dir, r->argv);
    free(dir);
    const char *p = cmd;
    for (int row = 0; row < h - 1 && *p; row++) {
        size_t n = tui_wrap(p, w);
        snprintf(line, sizeof line, "%.*s", (int)(n < sizeof line ? n : sizeof line - 1), p);
        tui_text(t, y + row, x, w, THEME_NORMAL, line, 1);
        p += n ? n : strlen(p);
        while (*p == ' ')
            p++;
    }
    free(cmd);
    snprintf(line, sizeof line, "log: %s", r->log[0] ? r->log : "(kept in the job view only)");
    tui_text(t, y + h - 1, x, w, THEME_DIM, line, 1);
}

static void cmdlog_draw(struct tui *t, const void *priv, struct tui_rect b)
{
    const struct cmdlog *c = priv;
    int n = total(t, c), session = n - c->nhist;
    char title[PATH_MAX + 96];
    struct tui_rect box = { b.y, b.x, b.h - 5, b.w };
    if (c->nhist || c->root[0])
        snprintf(title, sizeof title, "Command log: %d this session, %d earlier in %s",
                 session, c->nhist, c->root);
    else
        snprintf(title, sizeof title, "Command log: %d this session", session);
    tui_box(t, box, title, n ? "Enter: its job" : NULL);
    if (!n)
        tui_text(t, box.y + 1, box.x + 2, box.w - 4, THEME_DIM, "(nothing run yet: r on a "
                 "step or a : command adds a line here)", 0);
    for (int i = c->top, y = box.y + 1; i < n && y + 1 < box.y + box.h - 1; i++, y += 2)
        draw_entry(t, entry(t, c, i), i == c->sel, y, box);
    if (c->sel < n)
        draw_detail(t, entry(t, c, c->sel), box.y + box.h, b.x + 1, b.w - 2, 5);
}

const struct tui_view_ops tui_cmdlog_view = {
    .name = "command log",
    .priv_size = sizeof(struct cmdlog),
    .keys = cmdlog_keys,
    .key_count = sizeof cmdlog_keys / sizeof cmdlog_keys[0],
    .open = cmdlog_open,
    .resize = cmdlog_resize,
    .draw = cmdlog_draw,
    .action = cmdlog_action,
    .done = cmdlog_done,
    .tick = cmdlog_tick,
};

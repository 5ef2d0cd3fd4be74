/* The jobs of this session (:jobs): state, what runs, times, warnings and errors;
 * Enter shows one in the job view, c cancels the selected one (asks first). */
#include "tui/jobs_impl.h"
#include "tui/tui_impl.h"
#include "tui/theme.h"

#include "core/workflow/eta.h"
#include "core/workflow/workspace.h"

#include <curses.h>
#include <stdio.h>
#include <time.h>

struct joblist {
    int sel, top;
    unsigned seen;
    long seen_sec;
};

enum { JL_UP = TUI_ACT_VIEW, JL_DOWN, JL_SHOW, JL_CANCEL };

static const struct tui_key joblist_keys[] = {
    { { KEY_UP, 'k' },     "up",     "previous job",                       JL_UP, 1 },
    { { KEY_DOWN, 'j' },   "down",   "next job",                           JL_DOWN, 1 },
    { { '\n', KEY_ENTER }, "show",   "follow the selected job",            JL_SHOW, 1 },
    { { 'c' },             "cancel", "stop the selected job (asks first)", JL_CANCEL, 1 },
    { { '?' },             "help",   "show or hide this help",             TUI_ACT_HELP, 1 },
    { { 'L' - '@' },       "redraw", "redraw the screen",                  TUI_ACT_REDRAW, 0 },
    { { 'q', 27 },         "back",   "back",                               TUI_ACT_BACK, 1 },
};

static int joblist_open(struct tui *t, void *priv, const void *arg)
{
    (void)arg;
    struct joblist *l = priv;
    l->sel = tui_jobs_count(t) - 1 > 0 ? tui_jobs_count(t) - 1 : 0;
    return 0;
}

/* Redraws when a job starts or ends, and each second for the running times. */
static int joblist_tick(struct tui *t, void *priv)
{
    struct joblist *l = priv;
    long sec = (long)ws_now();
    if (tui_jobs_generation(t) == l->seen && (sec == l->seen_sec || !tui_jobs_running(t)))
        return 0;
    l->seen = tui_jobs_generation(t);
    l->seen_sec = sec;
    return TUI_REDRAW;
}

static int joblist_action(struct tui *t, void *priv, int action)
{
    struct joblist *l = priv;
    int n = tui_jobs_count(t);
    switch (action) {
    case JL_UP:     l->sel -= l->sel > 0; break;
    case JL_DOWN:   l->sel += l->sel + 1 < n; break;
    case JL_SHOW:   if (n) tui_job_show(t, l->sel); break;
    case JL_CANCEL: if (n) tui_jobs_ask_cancel(t, l->sel); break;
    default:        return 0;
    }
    return TUI_HANDLED;
}

static void joblist_draw(struct tui *t, const void *priv, struct tui_rect b)
{
    static const char *const states[] = { "running", "done", "failed", "cancelled" };
    static const int slots[] = { THEME_NORMAL, THEME_OK, THEME_ERROR, THEME_WARNING };
    const struct joblist *l = priv;
    int n = tui_jobs_count(t), rows = b.h - 2;
    char title[64], line[1400], when[16], took[32];
    snprintf(title, sizeof title, "Jobs: %d running, %d in all", tui_jobs_running(t), n);
    tui_box(t, b, title, NULL);
    if (!n)
        tui_text(t, b.y + 1, b.x + 2, b.w - 4, THEME_DIM, "(no job yet: r on a step, or a "
                 ": command)", 0);
    int top = l->sel >= rows ? l->sel - rows + 1 : 0;
    for (int i = top; i < n && i - top < rows; i++) {
        const struct tui_job *j = tui_jobs_at(t, i);
        int y = b.y + 1 + i - top, sel = i == l->sel, base = sel ? THEME_SELECTED : THEME_NORMAL;
        time_t s = (time_t)j->t0;
        struct tm tm;
        localtime_r(&s, &tm);
        strftime(when, sizeof when, "%H:%M:%S", &tm);
        eta_format((j->state == TJ_RUNNING ? ws_now() : j->t1) - j->t0, took, sizeof took);
        tui_fill(y, b.x + 1, b.w - 2, base);
        tui_text(t, y, b.x + 1, 1, base, sel ? tui_marker(t) : " ", 0);
        snprintf(line, sizeof line, "%2d  %s  %6s", i + 1, when, took);
        tui_text(t, y, b.x + 3, 24, base, line, 0);
        tui_text(t, y, b.x + 28, 10, sel ? base : slots[j->state], states[j->state], 0);
        snprintf(line, sizeof line, "%3dW %3dE  %s  %s", j->warnings, j->errors, j->title,
                 j->kind == TJ_STEP ? j->cmd : "");
        tui_text(t, y, b.x + 39, b.w - 41, base, line, 0);
    }
}

const struct tui_view_ops tui_jobs_view = {
    .name = "jobs",
    .priv_size = sizeof(struct joblist),
    .keys = joblist_keys,
    .key_count = sizeof joblist_keys / sizeof joblist_keys[0],
    .open = joblist_open,
    .draw = joblist_draw,
    .action = joblist_action,
    .tick = joblist_tick,
};

/* The job view: one workflow step running, followed live: a bar with percent and ETA (an
 * activity spinner when the total is unknown), the current item, warnings and errors
 * counted, the log's last lines; Ctrl-C or c cancels (asks first), Esc goes back. */
#include "tui/tui.h"
#include "tui/theme.h"

#include "core/util/err.h"
#include "core/workflow/eta.h"
#include "core/workflow/runner.h"
#include "core/workflow/workspace.h"

#include <curses.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LOG_LINES 512
#define LINE_MAX_CHARS 300

struct job {
    struct ws *w;
    struct runner *r;
    char step[64], cmd[512], item[256], phase[32], done_msg[512];
    double fraction, eta;
    int warnings, errors, spin, finished, ok, confirm;
    char lines[LOG_LINES][LINE_MAX_CHARS];
    int nlines, head;                 /* ring of the last lines, head = next slot */
    int dirty;
};

enum { JOB_CANCEL = TUI_ACT_VIEW, JOB_YES, JOB_NO };

static const struct tui_key job_keys[] = {
    { { 'c', 'C' - '@' }, "cancel", "stop the step and everything it started (asks first)",
      JOB_CANCEL, 1 },
    { { 'y' },            "yes",    "confirm the cancel",                    JOB_YES, 0 },
    { { 'n' },            "no",     "keep it running",                       JOB_NO, 0 },
    { { '?' },            "help",   "show or hide this help",                TUI_ACT_HELP, 1 },
    { { 'L' - '@' },      "redraw", "redraw the screen",                     TUI_ACT_REDRAW, 0 },
    { { 'q', 27 },        "back",   "back to the dashboard (once the step has ended)",
      TUI_ACT_BACK, 1 },
};

static void add_line(struct job *j, const char *text)
{
    snprintf(j->lines[j->head], LINE_MAX_CHARS, "%.*s", LINE_MAX_CHARS - 1, text);
    j->head = (j->head + 1) % LOG_LINES;
    if (j->nlines < LOG_LINES)
        j->nlines++;
}

static void on_event(void *arg, const struct runev *ev)
{
    struct job *j = arg;
    char text[LINE_MAX_CHARS + 600];
    j->dirty = 1;
    switch (ev->kind) {
    case RUNEV_CMD:
        snprintf(j->cmd, sizeof j->cmd, "[%zu/%zu] %s", ev->cmd + 1, ev->ncmds, ev->text);
        j->fraction = -1, j->eta = -1, j->item[0] = '\0';
        snprintf(text, sizeof text, "==> %s", j->cmd);
        add_line(j, text);
        break;
    case RUNEV_PROGRESS:
        j->fraction = ev->fraction;
        j->eta = ev->eta;
        snprintf(j->phase, sizeof j->phase, "%s", ev->phase ? ev->phase : "");
        if (ev->text && *ev->text)
            snprintf(j->item, sizeof j->item, "%s", ev->text);
        break;
    case RUNEV_DIAG:
        j->warnings += ev->sev == PROG_WARNING;
        j->errors += ev->sev == PROG_ERROR;
        break;
    case RUNEV_LINE:
        add_line(j, ev->text);
        break;
    case RUNEV_NOTE:
        snprintf(text, sizeof text, "note: %s", ev->text);
        add_line(j, text);
        break;
    case RUNEV_CMD_END:
        if (!ev->ok)
            add_line(j, ev->text);
        break;
    case RUNEV_DONE:
        j->finished = 1;
        j->ok = ev->ok;
        snprintf(j->done_msg, sizeof j->done_msg, "%s", ev->text);
        break;
    }
}

static int job_open(struct tui *t, void *priv, const void *arg)
{
    struct job *j = priv;
    const char *const *a = arg;              /* { workspace root, step } */
    char err[ERR_LEN];
    snprintf(j->step, sizeof j->step, "%s", a[1]);
    j->fraction = j->eta = -1;
    if (ws_open(a[0], &j->w, err) != 0 ||
        runner_start(j->w, a[1], NULL, false, on_event, j, &j->r, err) != 0) {
        ws_close(j->w);
        tui_message(t, THEME_ERROR, "%s", err);
        return -1;
    }
    return 0;
}

static void job_done(void *priv)
{
    struct job *j = priv;
    if (j->r && !j->finished) {              /* leaving while it runs stops it */
        runner_cancel(j->r);
        while (runner_pump(j->r) == 1)
            poll(NULL, 0, 20);               /* SIGKILL follows the grace period */
    }
    runner_free(j->r);
    ws_close(j->w);
}

static int job_fds(const void *priv, int *fds, int max)
{
    const struct job *j = priv;
    int mine[2], n = j->finished ? 0 : runner_fds(j->r, mine);
    for (int i = 0; i < n && i < max; i++)
        fds[i] = mine[i];
    return n < max ? n : max;
}

static int job_tick(struct tui *t, void *priv)
{
    (void)t;
    struct job *j = priv;
    if (!j->finished)
        runner_pump(j->r);
    j->spin++;
    int redraw = j->dirty || !j->finished;
    j->dirty = 0;
    return redraw ? TUI_REDRAW : 0;
}

static int job_action(struct tui *t, void *priv, int action)
{
    struct job *j = priv;
    if (action == JOB_CANCEL && !j->finished) {
        j->confirm = 1;
        tui_message(t, THEME_WARNING, "cancel %s and everything it started? y/n", j->step);
    } else if (action == JOB_YES && j->confirm) {
        j->confirm = 0;
        runner_cancel(j->r);
        tui_message(t, THEME_MESSAGE, "cancelling %s...", j->step);
    } else if (action == JOB_NO) {
        j->confirm = 0;
    } else {
        return 0;
    }
    return TUI_HANDLED;
}

static void draw_bar(const struct tui *t, const struct job *j, int y, int x, int w)
{
    char right[96] = "", eta[32];
    int bar = w - 24;
    if (j->fraction >= 0) {
        int full = (int)(j->fraction * bar + 0.5);
        for (int i = 0; i < bar; i++)
            tui_text(t, y, x + i, 1, i < full ? THEME_SELECTED : THEME_DIM,
                     tui_ascii(t) ? (i < full ? "#" : ".") : (i < full ? "\u2588" : "\u2591"), 0);
        eta_format(j->eta, eta, sizeof eta);
        snprintf(right, sizeof right, "%3.0f%%  ETA %s", 100 * j->fraction, eta);
    } else {
        static const char *const spin[] = { "|", "/", "-", "\\" };
        snprintf(right, sizeof right, "%s working", spin[j->spin / 4 % 4]);
    }
    if (j->finished && j->ok)
        snprintf(right, sizeof right, "%s", j->fraction >= 1 ? "100%  done" : "done");
    else if (j->finished)
        snprintf(right, sizeof right, "ended");
    tui_text(t, y, x + bar + 2, 22, THEME_NORMAL, right, 0);
}

static void job_draw(struct tui *t, const void *priv, struct tui_rect b)
{
    const struct job *j = priv;
    char line[640];
    snprintf(line, sizeof line, "%s  %s", j->step, j->cmd);
    tui_text(t, b.y, b.x + 1, b.w - 2, THEME_NORMAL, line, 1);
    draw_bar(t, j, b.y + 1, b.x + 1, b.w - 2);
    snprintf(line, sizeof line, "%s %s   warnings %d  errors %d", j->phase, j->item,
             j->warnings, j->errors);
    tui_text(t, b.y + 2, b.x + 1, b.w - 2, THEME_NORMAL, line, 1);
    struct tui_rect box = { b.y + 3, b.x, b.h - 3, b.w };
    tui_box(t, box, j->finished ? (j->ok ? "Log: done" : "Log: failed") : "Log (follow)",
            j->finished ? j->done_msg : NULL);
    int rows = box.h - 2, first = j->nlines > rows ? j->nlines - rows : 0;
    for (int i = first; i < j->nlines; i++) {
        int idx = (j->head - j->nlines + i + LOG_LINES) % LOG_LINES;
        const char *s = j->lines[idx];
        int slot = strstr(s, "error") ? THEME_ERROR : strstr(s, "warning") ? THEME_WARNING
                                                                           : THEME_NORMAL;
        tui_text(t, box.y + 1 + i - first, box.x + 1, box.w - 2, slot, s, 0);
    }
}

const struct tui_view_ops tui_job_view = {
    .name = "job",
    .priv_size = sizeof(struct job),
    .keys = job_keys,
    .key_count = sizeof job_keys / sizeof job_keys[0],
    .open = job_open,
    .draw = job_draw,
    .action = job_action,
    .done = job_done,
    .fds = job_fds,
    .tick = job_tick,
};

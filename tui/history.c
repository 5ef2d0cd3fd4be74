/* The history view (h on the dashboard): every run of the workspace, newest first, with
 * when, step, result and command; the selected run's folder, environment and log tail. */
#include "tui/tui.h"
#include "tui/theme.h"

#include "core/util/err.h"
#include "core/workflow/workspace.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define TAIL_LINES 12

struct history {
    struct ws *w;
    int n;                           /* runs */
    int sel, top, rows;
    char tail[TAIL_LINES][256];      /* the selected run's last log lines */
    int ntail;
};

enum { HIST_UP = TUI_ACT_VIEW, HIST_DOWN };

static const struct tui_key history_keys[] = {
    { { KEY_UP, 'k' },   "up",     "newer run",              HIST_UP,        1 },
    { { KEY_DOWN, 'j' }, "down",   "older run",              HIST_DOWN,      1 },
    { { '?' },           "help",   "show or hide this help", TUI_ACT_HELP,   1 },
    { { 'L' - '@' },     "redraw", "redraw the screen",      TUI_ACT_REDRAW, 0 },
    { { 'q', 27 },       "back",   "back to the dashboard",  TUI_ACT_BACK,   1 },
};

/* Run i of the list, newest first. */
static const cJSON *run_at(const struct history *h, int i)
{
    return cJSON_GetArrayItem(cJSON_GetObjectItem(h->w->state, "runs"), h->n - 1 - i);
}

static const char *str(const cJSON *o, const char *name)
{
    const cJSON *v = cJSON_GetObjectItem(o, name);
    return cJSON_IsString(v) ? v->valuestring : "";
}

/* The last TAIL_LINES lines of the selected run's log. */
static void read_tail(struct history *h)
{
    h->ntail = 0;
    FILE *f = h->n ? fopen(str(run_at(h, h->sel), "log"), "r") : NULL;
    char line[256];
    int total = 0;
    while (f && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        snprintf(h->tail[total % TAIL_LINES], sizeof h->tail[0], "%s", line);
        total++;
    }
    if (f)
        fclose(f);
    h->ntail = total < TAIL_LINES ? total : TAIL_LINES;
    if (total > TAIL_LINES) {                 /* rotate the ring into order */
        char tmp[TAIL_LINES][256];
        for (int i = 0; i < TAIL_LINES; i++)
            memcpy(tmp[i], h->tail[(total + i) % TAIL_LINES], sizeof tmp[i]);
        memcpy(h->tail, tmp, sizeof tmp);
    }
}

static int history_open(struct tui *t, void *priv, const void *arg)
{
    struct history *h = priv;
    char err[ERR_LEN];
    if (ws_open(arg, &h->w, err) != 0) {
        tui_message(t, THEME_ERROR, "%s", err);
        return -1;
    }
    h->n = cJSON_GetArraySize(cJSON_GetObjectItem(h->w->state, "runs"));
    h->rows = 1;
    read_tail(h);
    return 0;
}

static void history_done(void *priv)
{
    struct history *h = priv;
    ws_close(h->w);
}

static void history_resize(struct tui *t, void *priv, struct tui_rect b)
{
    (void)t;
    struct history *h = priv;
    h->rows = b.h - TAIL_LINES - 6 > 1 ? b.h - TAIL_LINES - 6 : 1;
}

static int history_action(struct tui *t, void *priv, int action)
{
    (void)t;
    struct history *h = priv;
    int to = h->sel + (action == HIST_UP ? -1 : action == HIST_DOWN ? 1 : 0);
    if (action != HIST_UP && action != HIST_DOWN)
        return 0;
    if (to >= 0 && to < h->n) {
        h->sel = to;
        h->top = h->sel < h->top ? h->sel : h->sel >= h->top + h->rows ? h->sel - h->rows + 1
                                                                         : h->top;
        read_tail(h);
    }
    return TUI_HANDLED;
}

/* "#12  2026-11-24 14:02  build-gem5  ok (exit 0)  41.2 s  scons build/ARM/gem5.opt -j 2" */
static void run_line(const cJSON *r, char *buf, size_t cap)
{
    const cJSON *id = cJSON_GetObjectItem(r, "id"), *start = cJSON_GetObjectItem(r, "start");
    const cJSON *code = cJSON_GetObjectItem(r, "exit"), *sig = cJSON_GetObjectItem(r, "signal");
    const cJSON *secs = cJSON_GetObjectItem(r, "seconds"), *a;
    char when[32] = "-", how[32] = "", argv[512] = "";
    time_t s = cJSON_IsNumber(start) ? (time_t)start->valuedouble : 0;
    struct tm tm;
    if (s && localtime_r(&s, &tm))
        strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
    if (cJSON_IsNumber(code))
        snprintf(how, sizeof how, " (exit %d)", code->valueint);
    else if (cJSON_IsNumber(sig))
        snprintf(how, sizeof how, " (signal %d)", sig->valueint);
    size_t len = 0;
    cJSON_ArrayForEach(a, cJSON_GetObjectItem(r, "argv"))
        if (cJSON_IsString(a) && len < sizeof argv)
            len += (size_t)snprintf(argv + len, sizeof argv - len, "%s ", a->valuestring);
    char result[64], took[32] = "-";
    snprintf(result, sizeof result, "%s%s", str(r, "status"), how);
    if (cJSON_IsNumber(secs) && (cJSON_IsNumber(code) || cJSON_IsNumber(sig)))
        snprintf(took, sizeof took, "%.1f s", secs->valuedouble);   /* a running one has none */
    snprintf(buf, cap, "#%-4.0f %s  %-18s %-16s %8s  %s", cJSON_IsNumber(id) ?
             id->valuedouble : 0, when, str(r, "step"), result, took, argv);
}

static void history_draw(struct tui *t, const void *priv, struct tui_rect b)
{
    const struct history *h = priv;
    char line[1024], note[32];
    struct tui_rect list = { b.y, b.x, h->rows + 2, b.w };
    snprintf(note, sizeof note, "%d runs", h->n);
    tui_box(t, list, "History", note);
    for (int i = 0; i < h->rows && h->top + i < h->n; i++) {
        const cJSON *r = run_at(h, h->top + i);
        int sel = h->top + i == h->sel, failed = strcmp(str(r, "status"), "ok") != 0;
        run_line(r, line, sizeof line);
        tui_fill(list.y + 1 + i, list.x + 1, list.w - 2, sel ? THEME_SELECTED : THEME_NORMAL);
        tui_text(t, list.y + 1 + i, list.x + 2, list.w - 4, sel ? THEME_SELECTED : failed ?
                 THEME_WARNING : THEME_NORMAL, line, 0);
    }
    struct tui_rect d = { b.y + list.h, b.x, b.h - list.h, b.w };
    const cJSON *r = h->n ? run_at(h, h->sel) : NULL;
    tui_box(t, d, r ? str(r, "log") : "no runs yet", r ? str(r, "cwd") : NULL);
    for (int i = 0; i < h->ntail && i < d.h - 2; i++)
        tui_text(t, d.y + 1 + i, d.x + 2, d.w - 4, THEME_NORMAL, h->tail[i], 0);
}

const struct tui_view_ops tui_history_view = {
    .name = "history",
    .priv_size = sizeof(struct history),
    .keys = history_keys,
    .key_count = sizeof history_keys / sizeof history_keys[0],
    .open = history_open,
    .resize = history_resize,
    .draw = history_draw,
    .action = history_action,
    .done = history_done,
};

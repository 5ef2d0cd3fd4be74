/* The job view: one job of the registry followed live (bar, item, warnings, the known
 * issue its output matched, its log) with scrolling, a follow mode that pauses when
 * scrolled up, search, a warnings-only filter, cancel with confirmation, Tab to the other
 * jobs and k to the known issues. Leaving keeps it running. */
#include "tui/jobs_impl.h"
#include "tui/tui_impl.h"
#include "tui/theme.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

enum { JV_UP = TUI_ACT_VIEW, JV_DOWN, JV_PGUP, JV_PGDN, JV_HOME, JV_END, JV_FOLLOW,
       JV_SEARCH, JV_NEXT, JV_PREV, JV_DIAG, JV_CANCEL, JV_TAB, JV_BTAB, JV_KB };

static const struct tui_key job_keys[] = {
    { { '/' },            "search",   "find a text in the log (ignoring case)",     JV_SEARCH, 1 },
    { { 'n' },            "next",     "next line with the text",                    JV_NEXT, 1 },
    { { 'N' },            "prev",     "previous line with the text",                JV_PREV, 0 },
    { { 'f' },            "follow",   "follow the newest lines again",              JV_FOLLOW, 1 },
    { { 'w' },            "warnings", "show only warnings and errors, or every line", JV_DIAG, 1 },
    { { 'c' },            "cancel",   "stop the job and everything it started (asks first)",
      JV_CANCEL, 1 },
    { { '\t' },           "next job", "show the next job of this session",         JV_TAB, 1 },
    { { 'q', 27 },        "back",     "back (the job keeps running)",        TUI_ACT_BACK, 1 },
    { { '?' },            "help",     "show or hide this help",              TUI_ACT_HELP, 1 },
    { { KEY_BTAB },       "prev job", "show the previous job",                      JV_BTAB, 0 },
    { { 'k' },            "known issues", "the known issues its output matched, with "
      "their lines (the whole knowledge base when none did)", JV_KB, 0 },
    { { KEY_UP },         "up",       "scroll up a line (pauses following)",        JV_UP, 0 },
    { { KEY_DOWN, 'j' },  "down",     "scroll down a line (at the end: follow)",    JV_DOWN, 0 },
    { { KEY_PPAGE, 'b' }, "page up",  "scroll up a page",                           JV_PGUP, 0 },
    { { KEY_NPAGE, ' ' }, "page down", "scroll down a page",                        JV_PGDN, 0 },
    { { KEY_HOME, 'g' },  "top",      "the oldest line kept",                       JV_HOME, 0 },
    { { KEY_END, 'G' },   "end",      "the newest line, following again",           JV_FOLLOW, 0 },
    { { 'C' - '@' },      "cancel",   "as c",                                       JV_CANCEL, 0 },
    { { 'L' - '@' },      "redraw",   "redraw the screen",                   TUI_ACT_REDRAW, 0 },
};

static const struct tui_job *shown(const struct tui *t, const struct jview *v)
{
    return tui_jobs_at(t, v->idx);
}

/* The log rows that fit under the header (which grows by the known-issue line). */
static void fit_rows(struct jview *v, const struct tui_job *j)
{
    int rows = v->body_h - 2 - (j ? jview_head_rows(j) : 3);
    v->rows = rows > 1 ? rows : 1;
}

/* The first line of the page that ends with the newest shown line. */
static int64_t last_page(const struct jview *v, const struct tui_job *j)
{
    int64_t n = (int64_t)j->log.seq, first = -1;
    for (int i = 0; i < v->rows && (n = jlog_next(&j->log, n, -1, v->only_diag)) >= 0; i++)
        first = n;
    return first;
}

int64_t jview_first(const struct jview *v, const struct tui_job *j)
{
    const struct jlog *l = &j->log;
    int64_t end = last_page(v, j), top = v->top;
    if (v->follow || top >= end)      /* paused near the end: the page stays full */
        return end;
    if (top < (int64_t)jlog_first(l))       /* scrolled out of the ring meanwhile */
        return jlog_next(l, (int64_t)jlog_first(l) - 1, 1, v->only_diag);
    const struct jlog_line *ln = jlog_get(l, (uint64_t)top);
    return ln && jlog_shown(ln, v->only_diag) ? top : jlog_next(l, top, 1, v->only_diag);
}

static void show_job(struct jview *v, int idx)
{
    v->idx = idx;
    v->follow = 1;
    v->match = -1;
    v->seen_gen = (unsigned)-1;
}

static void pause_at(struct jview *v, const struct tui_job *j, int64_t top)
{
    if (v->follow)
        v->paused_at = j->log.seq;
    v->follow = 0;
    v->top = top;
}

/* Scrolls by n shown lines (negative: up); reaching the newest page follows again. */
static void scroll_by(struct jview *v, const struct tui_job *j, int n)
{
    int64_t top = jview_first(v, j), end_top = last_page(v, j);
    int down = n > 0;
    if (top < 0)
        return;
    for (int64_t next; n < 0 && (next = jlog_next(&j->log, top, -1, v->only_diag)) >= 0; n++)
        top = next;
    for (int64_t next; n > 0 && top < end_top &&
                       (next = jlog_next(&j->log, top, 1, v->only_diag)) >= 0; n--)
        top = next;
    if (top < end_top)
        pause_at(v, j, top);
    else if (down)
        v->follow = 1;
}

/* Puts line n on screen, a third of the way down. */
static void reveal(struct jview *v, const struct tui_job *j, int64_t n)
{
    int64_t top = n, first = jview_first(v, j);
    int inside = 0;
    for (int i = 0; first >= 0 && i < v->rows; i++) {
        inside |= first == n;
        first = jlog_next(&j->log, first, 1, v->only_diag);
    }
    if (inside && !v->follow)
        return;
    for (int i = 0, up = v->rows / 3; i < up; i++) {
        int64_t prev = jlog_next(&j->log, top, -1, v->only_diag);
        if (prev < 0)
            break;
        top = prev;
    }
    int64_t end = last_page(v, j);
    pause_at(v, j, top > end ? end : top);  /* near the end: a full page, not blank lines */
}

static void find(struct tui *t, struct jview *v, int dir)
{
    const struct tui_job *j = shown(t, v);
    if (!v->pat[0]) {
        tui_message(t, THEME_DIM, "nothing to find yet: / asks for a text");
        return;
    }
    int total;
    int64_t from = v->match >= 0 ? v->match : jview_first(v, j) - (dir > 0);
    int64_t n = jlog_find(&j->log, from, dir, v->pat, v->only_diag, &total);
    if (n < 0) {
        tui_message(t, THEME_WARNING, "\"%s\" is in none of the %zu lines kept%s", v->pat,
                    j->log.count, v->only_diag ? " (warnings and errors only: w shows all)" : "");
        v->match = -1;
        return;
    }
    v->match = n;
    reveal(v, j, n);
    tui_message(t, THEME_MESSAGE, "\"%s\": line %lld, %d line%s match (n next, N previous)",
                v->pat, (long long)n + 1, total, total == 1 ? "" : "s");
}

static void search_done(struct tui *t, void *ctx, const char *text)
{
    struct jview *v = ctx;
    snprintf(v->pat, sizeof v->pat, "%s", text);
    v->match = -1;
    find(t, v, 1);
}

static void ask_search(struct tui *t, struct jview *v)
{
    struct tui_prompt_spec p = { .label = "find in the log: ", .initial = v->pat,
                                 .done = search_done, .ctx = v };
    tui_prompt(t, &p);
}

static int job_action(struct tui *t, void *priv, int action)
{
    struct jview *v = priv;
    const struct tui_job *j = shown(t, v);
    int n = tui_jobs_count(t), page = v->rows > 1 ? v->rows - 1 : 1;
    if (!j)
        return 0;
    switch (action) {
    case JV_UP:     scroll_by(v, j, -1); break;
    case JV_DOWN:   scroll_by(v, j, 1); break;
    case JV_PGUP:   scroll_by(v, j, -page); break;
    case JV_PGDN:   scroll_by(v, j, page); break;
    case JV_HOME:   pause_at(v, j, (int64_t)jlog_first(&j->log)); break;
    case JV_FOLLOW: v->follow = 1; break;
    case JV_SEARCH: ask_search(t, v); break;
    case JV_NEXT:   find(t, v, 1); break;
    case JV_PREV:   find(t, v, -1); break;
    case JV_DIAG:   v->only_diag = !v->only_diag; break;
    case JV_CANCEL: tui_jobs_ask_cancel(t, v->idx); break;
    case JV_TAB:    show_job(v, (v->idx + 1) % n); break;
    case JV_BTAB:   show_job(v, (v->idx + n - 1) % n); break;
    case JV_KB:     tui_job_kb_show(t, v->idx); break;
    default:        return 0;
    }
    fit_rows(v, shown(t, v));         /* another job may have a known-issue line */
    if ((action == JV_TAB || action == JV_BTAB) && n == 1)
        tui_message(t, THEME_DIM, "this is the only job of this session");
    return TUI_HANDLED;
}

static long spin_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 4 + ts.tv_nsec / 250000000L;
}

/* Redraws when the job shown changed, and four times a second for the spinner. */
static int job_tick(struct tui *t, void *priv)
{
    struct jview *v = priv;
    const struct tui_job *j = shown(t, v);
    int redraw = 0;
    if (j && j->gen != v->seen_gen) {
        v->seen_gen = j->gen;
        fit_rows(v, j);
        redraw = 1;
    }
    if (j && j->state == TJ_RUNNING && j->fraction < 0 && spin_now() != v->seen_spin) {
        v->seen_spin = spin_now();
        redraw = 1;
    }
    return redraw ? TUI_REDRAW : 0;
}

static void job_resize(struct tui *t, void *priv, struct tui_rect body)
{
    struct jview *v = priv;
    v->body_h = body.h;
    fit_rows(v, shown(t, v));
}

static void job_draw(struct tui *t, const void *priv, struct tui_rect b)
{
    jview_draw(t, priv, b);
}

static int open_index(struct tui *t, struct jview *v, int idx)
{
    if (!tui_jobs_at(t, idx)) {
        tui_message(t, THEME_ERROR, "there is no job %d", idx + 1);
        return -1;
    }
    show_job(v, idx);
    v->body_h = tui_body_rect(t).h;
    fit_rows(v, shown(t, v));
    return 0;
}

/* arg { workspace root, step }: starts the step (or finds it running) and shows it. */
static int job_open_step(struct tui *t, void *priv, const void *arg)
{
    const char *const *a = arg;
    int idx = tui_jobs_start_step(t, a[0], a[1]);
    return idx < 0 ? -1 : open_index(t, priv, idx);
}

/* arg: const int *, the job's index. */
static int job_open_index(struct tui *t, void *priv, const void *arg)
{
    return open_index(t, priv, *(const int *)arg);
}

#define JOB_VIEW_OPS(open_fn) \
    .name = "job", .priv_size = sizeof(struct jview), .keys = job_keys, \
    .key_count = sizeof job_keys / sizeof job_keys[0], .open = open_fn, \
    .resize = job_resize, .draw = job_draw, .action = job_action, .tick = job_tick

const struct tui_view_ops tui_job_view = { JOB_VIEW_OPS(job_open_step) };
static const struct tui_view_ops job_index_view = { JOB_VIEW_OPS(job_open_index) };

int tui_job_show(struct tui *t, int index)
{
    struct tui_slot *top = t->depth ? tui_top(t) : NULL;
    if (top && (top->view == &tui_job_view || top->view == &job_index_view))
        return open_index(t, top->priv, index);
    return tui_push(t, &job_index_view, &index);
}

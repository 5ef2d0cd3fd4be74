/* Drawing the job view: the job's command and times, the bar (percent and ETA, or a
 * spinner), the current item with warnings and errors, and the log page it shows. */
#include "tui/jobs_impl.h"
#include "tui/tui_impl.h"
#include "tui/theme.h"

#include "core/workflow/eta.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static const char *const state_name[] = { "running", "done", "failed", "cancelled" };

static void clock_text(double when, char *buf, size_t cap)
{
    time_t s = (time_t)when;
    struct tm tm;
    localtime_r(&s, &tm);
    strftime(buf, cap, "%H:%M:%S", &tm);
}

/* left, then right-aligned right, on one row of width w. */
static void two_sides(const struct tui *t, int y, int x, int w, int slot, const char *left,
                      int rslot, const char *right)
{
    int rw = tui_text_width(t, right, w / 2);
    tui_text(t, y, x, w - rw - 2, slot, left, 1);
    tui_text(t, y, x + w - rw, rw, rslot, right, 0);
}

static void draw_head(struct tui *t, const struct jview *v, const struct tui_job *j,
                      int y, int x, int w)
{
    char left[1300], right[96], t0[16], t1[16];
    snprintf(left, sizeof left, "%s  %s", j->title, j->cmd);
    clock_text(j->t0, t0, sizeof t0);
    clock_text(j->t1, t1, sizeof t1);
    if (j->state == TJ_RUNNING)
        snprintf(right, sizeof right, "job %d of %d  started %s", v->idx + 1,
                 tui_jobs_count(t), t0);
    else
        snprintf(right, sizeof right, "job %d of %d  %s to %s", v->idx + 1,
                 tui_jobs_count(t), t0, t1);
    two_sides(t, y, x, w, THEME_NORMAL, left, THEME_DIM, right);
}

/* n copies of glyph g into buf. */
static void repeat(char *buf, size_t cap, const char *g, int n)
{
    size_t len = strlen(g), used = 0;
    for (int i = 0; i < n && used + len < cap; i++, used += len)
        memcpy(buf + used, g, len);
    buf[used] = '\0';
}

static void draw_bar(const struct tui *t, const struct tui_job *j, int y, int x, int w)
{
    static const char *const spin[] = { "|", "/", "-", "\\" };
    char right[64], eta[32], cells[4 * 512];
    int bar = w - 24;
    if (j->state != TJ_RUNNING)
        snprintf(right, sizeof right, "%s%s",
                 j->state == TJ_DONE && j->fraction >= 1 ? "100%  " : "", state_name[j->state]);
    else if (j->fraction >= 0) {
        eta_format(j->eta, eta, sizeof eta);
        snprintf(right, sizeof right, "%3.0f%%  ETA %s", 100 * j->fraction, eta);
    } else {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        long quarter = (long)ts.tv_sec * 4 + ts.tv_nsec / 250000000L;
        snprintf(right, sizeof right, "%s working", spin[quarter % 4]);
    }
    double f = j->state == TJ_DONE ? 1 : j->fraction;
    int full = f >= 0 ? (int)(f * bar + 0.5) : 0;
    if (bar > 512)
        bar = 512;
    repeat(cells, sizeof cells, tui_ascii(t) ? "#" : "\u2588", full);
    tui_text(t, y, x, full, THEME_SELECTED, cells, 0);
    repeat(cells, sizeof cells, tui_ascii(t) ? "." : "\u2591", bar - full);
    tui_text(t, y, x + full, bar - full, THEME_DIM, cells, 0);
    tui_text(t, y, x + bar + 2, w - bar - 2, THEME_NORMAL, right, 1);
}

static void draw_item(const struct tui *t, const struct tui_job *j, int y, int x, int w)
{
    char left[600], right[64];
    if (j->state == TJ_RUNNING)
        snprintf(left, sizeof left, "now: %s%s%s", j->phase, j->phase[0] ? " " : "", j->item);
    else
        snprintf(left, sizeof left, "%s", j->done_msg);
    snprintf(right, sizeof right, "warnings %d  errors %d", j->warnings, j->errors);
    two_sides(t, y, x, w, j->state == TJ_FAILED ? THEME_ERROR : THEME_NORMAL, left,
              j->errors ? THEME_ERROR : j->warnings ? THEME_WARNING : THEME_NORMAL, right);
}

static void box_title(const struct jview *v, const struct tui_job *j, char *buf, size_t cap)
{
    const char *what = v->only_diag ? "Warnings and errors" : "Log";
    if (j->state != TJ_RUNNING)
        snprintf(buf, cap, "%s: %s%s", what, state_name[j->state], v->follow ? "" : " (scrolled)");
    else if (v->follow)
        snprintf(buf, cap, "%s (follow)", what);
    else
        snprintf(buf, cap, "%s (paused, %llu new lines)", what,
                 (unsigned long long)(j->log.seq - v->paused_at));
}

static int sev_slot(int sev)
{
    static const int slot[] = { THEME_NORMAL, THEME_WARNING, THEME_ERROR, THEME_HEADING,
                                THEME_DIM };
    return slot[sev];
}

/* The search text inside a matching line, drawn over it. */
static void draw_hit(const struct tui *t, const struct jview *v, const char *s, int y, int x,
                     int w)
{
    const char *hit = strcasestr(s, v->pat);
    char before[JLOG_LINE_MAX + 1], word[sizeof v->pat];
    if (!hit)
        return;
    snprintf(before, sizeof before, "%.*s", (int)(hit - s), s);
    snprintf(word, sizeof word, "%.*s", (int)strlen(v->pat), hit);
    int col = tui_text_width(t, before, w);
    if (col < w)
        tui_text(t, y, x + col, w - col, THEME_SELECTED, word, 0);
}

static void draw_line(const struct tui *t, const struct jview *v, const struct jlog_line *ln,
                      int64_t n, int y, int x, int w)
{
    const char *gutter = " ";
    int gslot = sev_slot(ln->sev);
    if (n == v->match)
        gutter = tui_marker(t), gslot = THEME_SELECTED;
    else if (ln->sev == JLOG_ERROR)
        gutter = tui_ascii(t) ? "x" : "\u2718";
    else if (ln->sev == JLOG_WARNING)
        gutter = "!";
    tui_text(t, y, x, 1, gslot, gutter, 0);
    tui_text(t, y, x + 2, w - 2, sev_slot(ln->sev), ln->text, 0);
    if (n == v->match)
        draw_hit(t, v, ln->text, y, x + 2, w - 2);
}

static void draw_log(struct tui *t, const struct jview *v, const struct tui_job *j,
                     struct tui_rect box)
{
    char title[128];
    box_title(v, j, title, sizeof title);
    tui_box(t, box, title, j->state == TJ_RUNNING ? j->log_path : NULL);
    int64_t n = jview_first(v, j);
    if (n < 0)
        tui_text(t, box.y + 1, box.x + 2, box.w - 4, THEME_DIM,
                 v->only_diag ? "(no warnings or errors so far; w shows every line)"
                              : "(no output yet)", 0);
    for (int row = 0; n >= 0 && row < box.h - 2; row++) {
        draw_line(t, v, jlog_get(&j->log, (uint64_t)n), n, box.y + 1 + row, box.x + 1,
                  box.w - 2);
        n = jlog_next(&j->log, n, 1, v->only_diag);
    }
}

int jview_head_rows(const struct tui_job *j)
{
    char line[8];
    const char *tail;
    return job_kb_issue(j, line, sizeof line, &tail) >= 0 ? 4 : 3;
}

/* "known issue: TITLE (k: details)": the title gives way, the key stays. */
static void draw_issue(const struct tui *t, const struct tui_job *j, int y, int x, int w)
{
    char line[600];
    const char *tail;
    int slot = job_kb_issue(j, line, sizeof line, &tail);
    int tw = tui_text_width(t, tail, w);
    int used = tui_text(t, y, x, w - tw, slot, line, 0);
    tui_text(t, y, x + used, tw, slot, tail, 0);
}

void jview_draw(struct tui *t, const struct jview *v, struct tui_rect b)
{
    const struct tui_job *j = tui_jobs_at(t, v->idx);
    if (!j)
        return;
    int head = jview_head_rows(j);
    draw_head(t, v, j, b.y, b.x + 1, b.w - 2);
    draw_bar(t, j, b.y + 1, b.x + 1, b.w - 2);
    draw_item(t, j, b.y + 2, b.x + 1, b.w - 2);
    if (head > 3)
        draw_issue(t, j, b.y + 3, b.x + 1, b.w - 2);
    draw_log(t, v, j, (struct tui_rect){ b.y + head, b.x, b.h - head, b.w });
}

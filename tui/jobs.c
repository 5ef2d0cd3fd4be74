/* The jobs registry: workflow steps and commands from the : prompt (started in
 * jobs_start.c), several at once, pumped by the loop whichever view is up; ending them. */
#include "tui/jobs_impl.h"
#include "tui/kb_view.h"
#include "tui/tui_impl.h"
#include "tui/theme.h"

#include "core/util/err.h"
#include "core/workflow/job.h"
#include "core/workflow/runner.h"
#include "core/workflow/workspace.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define FREE_WAIT_MS (JOB_GRACE_DEFAULT_MS + 2000)   /* cancel, then SIGKILL, then reaped */

struct tui_jobs *tui_jobs_get(struct tui *t)
{
    if (!t->jobs && (t->jobs = calloc(1, sizeof *t->jobs))) {
        t->jobs->session_start = ws_now();
        t->jobs->kb = tui_kb(t);
    }
    return t->jobs;
}

struct tui_job *tui_jobs_at(const struct tui *t, int i)
{
    return t->jobs && i >= 0 && i < t->jobs->n ? t->jobs->list[i] : NULL;
}

int tui_jobs_count(const struct tui *t)
{
    return t->jobs ? t->jobs->n : 0;
}

int tui_jobs_running(const struct tui *t)
{
    int n = 0;
    for (int i = 0; i < tui_jobs_count(t); i++)
        n += t->jobs->list[i]->state == TJ_RUNNING;
    return n;
}

unsigned tui_jobs_generation(const struct tui *t)
{
    return t->jobs ? t->jobs->gen : 0;
}

int tui_jobs_find_step(const struct tui *t, const char *root, const char *step)
{
    for (int i = tui_jobs_count(t) - 1; i >= 0; i--) {
        const struct tui_job *j = t->jobs->list[i];
        if (j->kind == TJ_STEP && j->state == TJ_RUNNING && !strcmp(j->root, root) &&
            (!step || !strcmp(j->title, step)))
            return i;
    }
    return -1;
}

/* ---- Pumping and ending ---------------------------------------------------------- */

int tui_jobs_fds(const struct tui *t, int *fds, int max)
{
    int n = 0;
    for (int i = 0; i < tui_jobs_count(t); i++) {
        const struct tui_job *j = t->jobs->list[i];
        int mine[2], k = 0;
        if (j->state != TJ_RUNNING)
            continue;
        k = j->r ? runner_fds(j->r, mine) : j->j ? job_fds(j->j, mine) : 0;
        for (int m = 0; m < k && n < max; m++)
            fds[n++] = mine[m];
    }
    return n;
}

static void step_ended(struct tui_job *j)
{
    struct runner_result res;
    runner_result(j->r, &res);
    j->state = res.ok ? TJ_DONE : res.cancelled ? TJ_CANCELLED : TJ_FAILED;
    j->exit_code = res.exit_code < 0 ? 0 : res.exit_code;
    j->sig = res.exit_code < 0 ? -res.exit_code : 0;
    if (!j->done_msg[0])
        snprintf(j->done_msg, sizeof j->done_msg, "%s", res.message);
    runner_free(j->r);                /* releases the workspace's run lock */
    ws_close(j->w);
    j->r = NULL, j->w = NULL;
}

static void argv_ended(struct tui_job *j)
{
    struct job_result res;
    job_result(j->j, &res);
    j->state = res.cancelled ? TJ_CANCELLED : res.exited && !res.exit_code ? TJ_DONE : TJ_FAILED;
    j->exit_code = res.exited ? res.exit_code : 0;
    j->sig = res.exited ? 0 : res.signal;
    if (res.cancelled)
        snprintf(j->done_msg, sizeof j->done_msg, "cancelled after %.1f s", res.seconds);
    else if (res.exited)
        snprintf(j->done_msg, sizeof j->done_msg, "exited with %d after %.1f s",
                 res.exit_code, res.seconds);
    else
        snprintf(j->done_msg, sizeof j->done_msg, "killed by signal %d after %.1f s",
                 res.signal, res.seconds);
    cmdlog_end(j->js, j->cmdrec, (int)j->state, res.exited, res.exit_code, res.signal,
               res.seconds);
    j->cmdrec = -1;
    job_free(j->j);
    j->j = NULL;
}

/* Reads what job j has written; 1 when it ended now. */
static int pump_one(struct tui_job *j)
{
    char err[ERR_LEN];
    if (j->r ? runner_pump(j->r) != 0 : job_pump(j->j, err) != 0)
        return 0;
    if (j->r)
        step_ended(j);
    else
        argv_ended(j);
    j->t1 = ws_now();
    j->gen++;
    j->js->gen++;
    return 1;
}

static void say_ended(struct tui *t, const struct tui_job *j)
{
    static const char *const how[] = { "running", "done", "failed", "cancelled" };
    tui_message(t, j->state == TJ_DONE ? THEME_OK : j->state == TJ_FAILED ? THEME_ERROR
                                                                         : THEME_WARNING,
                "job %d, %s: %s after %.0f s%s%s", j->index + 1, j->title, how[j->state],
                j->t1 - j->t0, j->state == TJ_FAILED ? ": " : "",
                j->state == TJ_FAILED ? j->done_msg : "");
}

int tui_jobs_tick(struct tui *t)
{
    int flags = 0;
    for (int i = 0; i < tui_jobs_count(t); i++) {
        struct tui_job *j = t->jobs->list[i];
        if (j->state == TJ_RUNNING && pump_one(j)) {
            say_ended(t, j);
            flags |= TUI_REDRAW;
        }
    }
    int running = tui_jobs_running(t);
    if (t->jobs && running != t->jobs->running_seen) {   /* the title counts them */
        t->jobs->running_seen = running;
        flags |= TUI_REDRAW;
    }
    return flags;
}

void tui_jobs_cancel(struct tui *t, int i)
{
    struct tui_job *j = tui_jobs_at(t, i);
    if (!j || j->state != TJ_RUNNING)
        return;
    if (j->r)
        runner_cancel(j->r);
    else if (j->j)
        job_cancel(j->j);
    tui_job_add_line(j, "cancelling: SIGTERM to everything it started, SIGKILL after 3 s",
                     JLOG_NOTE);
}

static void cancel_answer(struct tui *t, void *ctx, int yes)
{
    struct tui_job *j = ctx;
    if (!yes || j->state != TJ_RUNNING)
        return;
    tui_jobs_cancel(t, j->index);
    tui_message(t, THEME_MESSAGE, "cancelling %s...", j->title);
}

void tui_jobs_ask_cancel(struct tui *t, int i)
{
    struct tui_job *j = tui_jobs_at(t, i);
    if (!j || j->state != TJ_RUNNING) {
        tui_message(t, THEME_DIM, "that job has ended already");
        return;
    }
    char title[256], body[PATH_MAX + 512];
    snprintf(title, sizeof title, "Cancel %s?", j->title);
    snprintf(body, sizeof body, "cancel %s and everything it started? y/n\n"
             "Its programs get SIGTERM, and SIGKILL after 3 s.\n%s%s", j->title,
             j->log_path[0] ? "The log so far stays in " : "", j->log_path);
    struct tui_confirm_spec c = { .title = title, .body = body, .done = cancel_answer,
                                  .ctx = j };
    tui_confirm(t, &c);
}

/* ---- Quitting ---------------------------------------------------------------------- */

static void quit_answer(struct tui *t, void *ctx, int yes)
{
    (void)ctx;
    if (yes && t->jobs)
        t->jobs->quit_yes = 1;
}

int tui_jobs_confirm_quit(struct tui *t)
{
    int running = tui_jobs_running(t);
    if (!running || t->jobs->quit_yes)
        return 1;
    char title[128], body[1200] = "";
    snprintf(title, sizeof title, "Quit and cancel %d running job%s?", running,
             running == 1 ? "" : "s");
    for (int i = 0; i < t->jobs->n; i++) {
        const struct tui_job *j = t->jobs->list[i];
        size_t used = strlen(body);
        if (j->state == TJ_RUNNING)
            snprintf(body + used, sizeof body - used, "job %d: %s, running for %.0f s\n",
                     i + 1, j->title, ws_now() - j->t0);
    }
    size_t used = strlen(body);
    snprintf(body + used, sizeof body - used, "Their programs get SIGTERM, and SIGKILL "
             "after 3 s; a step resumes where it stopped when run again.");
    struct tui_confirm_spec c = { .title = title, .body = body, .done = quit_answer };
    tui_confirm(t, &c);               /* refused while another question is up: no quit */
    return 0;
}

int tui_jobs_quit_confirmed(const struct tui *t)
{
    return t->jobs && t->jobs->quit_yes;
}

/* Every running job is cancelled and pumped until it ended (its step recorded as
 * cancelled), then freed: no process is left behind. */
void tui_jobs_free(struct tui *t)
{
    struct tui_jobs *js = t->jobs;
    if (!js)
        return;
    for (int i = 0; i < js->n; i++)
        tui_jobs_cancel(t, i);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (;;) {
        for (int i = 0; i < js->n; i++)
            if (js->list[i]->state == TJ_RUNNING)
                pump_one(js->list[i]);
        struct pollfd p[64];
        int fds[64], n = tui_jobs_fds(t, fds, 64);
        for (int i = 0; i < n; i++)
            p[i] = (struct pollfd){ .fd = fds[i], .events = POLLIN };
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        long ms = (now.tv_sec - t0.tv_sec) * 1000 + (now.tv_nsec - t0.tv_nsec) / 1000000;
        if (!tui_jobs_running(t) || ms > FREE_WAIT_MS)
            break;
        poll(p, (nfds_t)n, 20);
    }
    for (int i = 0; i < js->n; i++) {
        struct tui_job *j = js->list[i];
        runner_free(j->r);            /* a job past the deadline is killed and reaped here */
        ws_close(j->w);
        job_free(j->j);
        job_kb_free(j);
        jlog_free(&j->log);
        free(j);
    }
    free(js->list);
    cmdlog_free(js);
    free(js);
    t->jobs = NULL;
}

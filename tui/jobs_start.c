/* Starting jobs: a workflow step through the step runner (its events become the job's
 * log, progress and command log records), or a gem5wb command as a plain job. */
#include "tui/jobs_impl.h"
#include "tui/tui_impl.h"
#include "tui/theme.h"

#include "core/util/shquote.h"
#include "core/util/err.h"
#include "core/workflow/job.h"
#include "core/workflow/runner.h"
#include "core/workflow/workspace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct tui_job *job_new(struct tui_jobs *js, enum tui_job_kind kind, const char *title)
{
    if (js->n == js->cap) {
        int cap = js->cap ? 2 * js->cap : 8;
        struct tui_job **l = realloc(js->list, (size_t)cap * sizeof *l);
        if (!l)
            return NULL;
        js->list = l, js->cap = cap;
    }
    struct tui_job *j = calloc(1, sizeof *j);
    if (!j)
        return NULL;
    *j = (struct tui_job){ .js = js, .index = js->n, .kind = kind, .state = TJ_RUNNING,
                           .fraction = -1, .eta = -1, .t0 = ws_now(), .cmdrec = -1 };
    snprintf(j->title, sizeof j->title, "%s", title);
    js->list[js->n++] = j;
    js->gen++;
    return j;
}

/* Drops the newest job again (it could not start and left nothing worth keeping). */
static void job_drop(struct tui_jobs *js, struct tui_job *j)
{
    job_kb_free(j);
    jlog_free(&j->log);
    free(j);
    js->n--;
}

void tui_job_add_line(struct tui_job *j, const char *text, int sev)
{
    job_kb_line(j, text);
    jlog_add(&j->log, text, sev);
    j->gen++;
}

/* ---- Steps: runner events ------------------------------------------------------- */

/* The newest run in the step's workspace: the command that just started or ended. */
static const cJSON *newest_run(const struct tui_job *j)
{
    const cJSON *runs = cJSON_GetObjectItem(j->w->state, "runs");
    return cJSON_GetArrayItem(runs, cJSON_GetArraySize(runs) - 1);
}

static double num(const cJSON *o, const char *name, double dflt)
{
    const cJSON *v = cJSON_GetObjectItem(o, name);
    return cJSON_IsNumber(v) ? v->valuedouble : dflt;
}

static void step_cmd(struct tui_job *j, const struct runev *ev)
{
    char text[1200];
    snprintf(j->cmd, sizeof j->cmd, "[%zu/%zu] %s", ev->cmd + 1, ev->ncmds, ev->text);
    job_kb_command(j, ev->by_gem5wb ? "gem5wb" : ev->parser);
    j->fraction = j->eta = -1;
    j->item[0] = j->phase[0] = '\0';
    snprintf(text, sizeof text, "==> %s", j->cmd);
    tui_job_add_line(j, text, JLOG_CMD);
    const cJSON *log = cJSON_GetObjectItem(newest_run(j), "log");
    snprintf(j->log_path, sizeof j->log_path, "%s", cJSON_IsString(log) ? log->valuestring : "");
    j->cmdrec = cmdlog_begin(j->js, j->index, j->title, ev->argv, ev->cwd, j->log_path,
                             ev->by_gem5wb);
}

static void step_cmd_end(struct tui_job *j, const struct runev *ev)
{
    if (!ev->ok)
        tui_job_add_line(j, ev->text, JLOG_ERROR);
    const cJSON *run = newest_run(j);
    const cJSON *status = cJSON_GetObjectItem(run, "status");
    int state = ev->ok ? TJ_DONE : TJ_FAILED;
    if (cJSON_IsString(status) && !strcmp(status->valuestring, "cancelled"))
        state = TJ_CANCELLED;
    int exited = cJSON_GetObjectItem(run, "exit") != NULL;
    cmdlog_end(j->js, j->cmdrec, state, exited, (int)num(run, "exit", ev->ok ? 0 : 1),
               (int)num(run, "signal", 0), num(run, "seconds", 0));
    j->cmdrec = -1;
}

static void on_event(void *arg, const struct runev *ev)
{
    struct tui_job *j = arg;
    char text[1200];
    j->gen++;
    switch (ev->kind) {
    case RUNEV_CMD:
        step_cmd(j, ev);
        break;
    case RUNEV_PROGRESS:
        j->fraction = ev->fraction;
        j->eta = ev->eta;
        snprintf(j->phase, sizeof j->phase, "%s", ev->phase ? ev->phase : "");
        if (ev->text && *ev->text)
            snprintf(j->item, sizeof j->item, "%s", ev->text);
        break;
    case RUNEV_DIAG:                  /* about the line just added (runner_cmd.c) */
        j->warnings += ev->sev == PROG_WARNING;
        j->errors += ev->sev == PROG_ERROR;
        if (ev->sev != PROG_INFO)
            jlog_mark_last(&j->log, ev->sev == PROG_ERROR ? JLOG_ERROR : JLOG_WARNING);
        break;
    case RUNEV_LINE:
        tui_job_add_line(j, ev->text, JLOG_PLAIN);
        break;
    case RUNEV_NOTE:
        snprintf(text, sizeof text, "note: %s", ev->text);
        tui_job_add_line(j, text, JLOG_NOTE);
        break;
    case RUNEV_CMD_END:
        step_cmd_end(j, ev);
        break;
    case RUNEV_DONE:
        snprintf(j->done_msg, sizeof j->done_msg, "%s", ev->text);
        break;
    }
}

/* A running step of the same workspace holds its run lock: say which, and what to do. */
static int lock_taken(struct tui *t, const char *root, const char *step)
{
    int i = tui_jobs_find_step(t, root, NULL);
    if (i < 0)
        return 0;
    tui_message(t, THEME_ERROR, "%s is running in this workspace (job %d): one step at a "
                "time; wait for it or cancel it (c in its view), then run %s",
                t->jobs->list[i]->title, i + 1, step);
    return 1;
}

int tui_jobs_start_step(struct tui *t, const char *root, const char *step)
{
    char err[ERR_LEN];
    struct ws *w;
    struct tui_jobs *js = tui_jobs_get(t);
    if (!js)
        return tui_message(t, THEME_ERROR, "out of memory starting %s", step), -1;
    if (ws_open(root, &w, err) != 0)
        return tui_message(t, THEME_ERROR, "%s", err), -1;
    int running = tui_jobs_find_step(t, w->root, step);
    if (running >= 0 || lock_taken(t, w->root, step)) {
        ws_close(w);
        return running;
    }
    struct tui_job *j = job_new(js, TJ_STEP, step);
    if (!j) {
        ws_close(w);
        return tui_message(t, THEME_ERROR, "out of memory starting %s", step), -1;
    }
    snprintf(j->root, sizeof j->root, "%s", w->root);
    j->w = w;
    if (runner_start(w, step, NULL, false, on_event, j, &j->r, err) == 0)
        return j->index;
    tui_message(t, THEME_ERROR, "%s", err);
    ws_close(w);
    j->w = NULL;
    if (j->cmdrec < 0) {              /* nothing ran: no job to keep */
        job_drop(js, j);
        return -1;
    }
    if (j->cmdrec >= 0)               /* its program could not start: keep the record */
        cmdlog_end(js, j->cmdrec, TJ_FAILED, 1, 127, 0, 0);
    tui_job_add_line(j, err, JLOG_ERROR);
    snprintf(j->done_msg, sizeof j->done_msg, "%s", err);
    j->state = TJ_FAILED;
    j->t1 = ws_now();
    return j->index;
}

/* ---- Commands from the : prompt --------------------------------------------------- */

/* gem5wb's commands have no parser of their own: their words say what a line is. */
static int guess_sev(const char *s)
{
    if (strcasestr(s, "error") || strcasestr(s, "fatal") || strcasestr(s, "panic"))
        return JLOG_ERROR;
    return strcasestr(s, "warning") ? JLOG_WARNING : JLOG_PLAIN;
}

static void on_line(void *arg, int stream, const char *line, size_t len, unsigned flags)
{
    (void)stream, (void)len, (void)flags;
    struct tui_job *j = arg;
    int sev = guess_sev(line);
    j->warnings += sev == JLOG_WARNING;
    j->errors += sev == JLOG_ERROR;
    tui_job_add_line(j, line, sev);
}

int tui_jobs_start_argv(struct tui *t, const char *title, char *const argv[], const char *cwd)
{
    char err[ERR_LEN], here[PATH_MAX];
    struct tui_jobs *js = tui_jobs_get(t);
    struct tui_job *j = js ? job_new(js, TJ_ARGV, title) : NULL;
    if (!j)
        return tui_message(t, THEME_ERROR, "out of memory starting %s", title), -1;
    job_kb_command(j, "gem5wb");      /* gem5wb's own output: what its kb patterns name */
    if (!cwd)
        cwd = getcwd(here, sizeof here) ? here : ".";
    char *quoted = shell_quote_argv((const char *const *)argv);
    snprintf(j->cmd, sizeof j->cmd, "%s", quoted ? quoted : argv[0]);
    free(quoted);
    char source[180];
    snprintf(source, sizeof source, ":%s", title);
    j->cmdrec = cmdlog_begin(js, j->index, source, (const char *const *)argv, cwd, "", 0);
    struct job_spec spec = { .argv = (const char *const *)argv, .cwd = cwd };
    if (job_start(&spec, on_line, j, &j->j, err) == 0)
        return j->index;
    tui_message(t, THEME_ERROR, "%s", err);
    cmdlog_end(js, j->cmdrec, TJ_FAILED, 1, 127, 0, 0);
    j->cmdrec = -1;
    tui_job_add_line(j, err, JLOG_ERROR);
    snprintf(j->done_msg, sizeof j->done_msg, "%s", err);
    j->state = TJ_FAILED;
    j->t1 = ws_now();
    return j->index;
}

int tui_job_start_step(struct tui *t, const char *root, const char *step)
{
    int i = tui_jobs_start_step(t, root, step);
    return i < 0 ? -1 : tui_job_show(t, i);
}

int tui_job_start_argv(struct tui *t, const char *title, char *const argv[], const char *cwd)
{
    int i = tui_jobs_start_argv(t, title, argv, cwd);
    return i < 0 ? -1 : tui_job_show(t, i);
}


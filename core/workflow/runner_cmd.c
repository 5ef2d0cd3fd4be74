/* One command of a step: a program run as a job with its tool's parser (and remembered
 * totals for scons and make), or a libgit2 clone in a worker, or an action done here. */
#include "core/workflow/runner_impl.h"

#include "core/util/err.h"
#include "core/workflow/totals.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void progress(struct runner *r, const struct prog_event *pe)
{
    struct runev ev = { .kind = RUNEV_PROGRESS, .fraction = pe->fraction, .eta = -1,
                        .phase = pe->phase, .text = pe->item };
    if (pe->fraction >= 0 && !pe->done) {
        double t = now();
        eta_add(&r->eta, t, pe->fraction);
        ev.eta = eta_left(&r->eta, t);
    }
    runner_emit(r, &ev);
    if (pe->has_diag) {
        struct runev d = { .kind = RUNEV_DIAG, .text = pe->diag, .sev = pe->sev,
                           .fraction = -1, .eta = -1 };
        runner_emit(r, &d);
    }
}

static void on_line(void *arg, int stream, const char *line, size_t len, unsigned flags)
{
    (void)stream, (void)flags, (void)len;
    struct runner *r = arg;
    struct runev ev = { .kind = RUNEV_LINE, .text = line, .fraction = -1, .eta = -1 };
    runner_emit(r, &ev);
    struct prog_event pe;
    if (r->parser && prog_feed(r->parser, line, len, &pe) == 1)
        progress(r, &pe);
}

/* scons and make: the count an earlier build printed is this one's total. */
static void load_total(struct runner *r, const struct step_cmd *c)
{
    struct totals_entry e;
    char err[ERR_LEN];
    r->totals[0] = '\0';
    if (!c->parser || (strcmp(c->parser, "scons") && strcmp(c->parser, "make")))
        return;
    if (ws_path(r->w, TOTALS_FILE, r->totals, sizeof r->totals) != 0 ||
        totals_key(c->parser, c->cwd, (const char *const *)c->argv, r->key, sizeof r->key)) {
        r->totals[0] = '\0';
        return;
    }
    if (totals_get(r->totals, r->key, &e, err) == 1)
        prog_set_total(r->parser, e.items);
}

static void save_total(struct runner *r, const struct step_cmd *c)
{
    char err[ERR_LEN];
    uint64_t n = r->parser ? prog_count(r->parser) : 0;
    if (r->totals[0] && n)
        totals_record(r->totals, r->key, n, now() - r->cmd_t0,
                      totals_is_dry_run((const char *const *)c->argv), err);
}

static int start_exec(struct runner *r, const struct step_cmd *c, char *err)
{
    if (c->parser && !(r->parser = prog_new(c->parser, err)))
        return -1;
    load_total(r, c);
    struct job_spec spec = { .argv = (const char *const *)c->argv, .cwd = c->cwd,
                             .env_set = (const char *const *)c->env, .log_path = r->log };
    return job_start(&spec, on_line, r, &r->job, err);
}

static int on_git(void *arg, const struct git_progress *p)
{
    struct runner *r = arg;
    pthread_mutex_lock(&r->mu);
    r->gp = *p;
    r->gp_new = true;
    pthread_mutex_unlock(&r->mu);
    return 0;
}

static const char *commit_of(struct runner *r)
{
    const cJSON *v = cJSON_GetObjectItem(ws_step(r->w, "clone"), "commit");
    return cJSON_IsString(v) ? v->valuestring : "";
}

int runner_cmd_start(struct runner *r, char *err)
{
    const struct step_cmd *c = &r->plan.cmds[r->cur];
    r->run_id = ws_run_begin(r->w, r->def->id, c->title, (const char *const *)c->argv, c->cwd,
                             (const char *const *)c->env, "", commit_of(r));
    ws_log_path(r->w, r->def->id, r->run_id, r->log, sizeof r->log);
    cJSON *run = ws_run(r->w, r->run_id);
    cJSON_DeleteItemFromObject(run, "log");
    cJSON_AddStringToObject(run, "log", r->log);
    struct runev ev = { .kind = RUNEV_CMD, .text = c->title, .argv = (const char *const *)c->argv,
                        .cwd = c->cwd, .fraction = -1, .eta = -1,
                        .by_gem5wb = c->act != ACT_EXEC, .parser = c->parser };
    runner_emit(r, &ev);
    eta_init(&r->eta, 60);
    r->cmd_t0 = now();
    if (ws_save(r->w, err) != 0)
        return -1;
    switch (c->act) {
    case ACT_EXEC:
        return start_exec(r, c, err);
    case ACT_CLONE:
        r->last_git_phase = -1;
        return gw_git_start(c->argv[0], c->argv[1], c->cwd, on_git, r, &r->git, err);
    default:
        return 0;                      /* done in runner_cmd_pump, on the face's loop */
    }
}

static int pump_exec(struct runner *r, bool *ok, int *code, char *msg, size_t cap)
{
    char err[ERR_LEN];
    if (job_pump(r->job, err) != 0)
        return 1;
    struct job_result res;
    job_result(r->job, &res);
    job_free(r->job);
    r->job = NULL;
    *ok = res.exited && res.exit_code == 0;
    *code = res.exited ? res.exit_code : -res.signal;
    ws_run_end(r->w, r->run_id, res.exited, res.exit_code, res.signal, res.seconds,
               res.cancelled);
    if (*ok)
        save_total(r, &r->plan.cmds[r->cur]);
    prog_free(r->parser);
    r->parser = NULL;
    if (res.cancelled)
        snprintf(msg, cap, "cancelled; the log is %s", r->log);
    else if (res.exited)
        snprintf(msg, cap, "%s exited with %d after %.1f s%s%s", r->plan.cmds[r->cur].argv[0],
                 res.exit_code, res.seconds, *ok ? "" : "; the log is ", *ok ? "" : r->log);
    else
        snprintf(msg, cap, "%s was killed by signal %d; the log is %s",
                 r->plan.cmds[r->cur].argv[0], res.signal, r->log);
    return 0;
}

static void git_event(struct runner *r)
{
    static const char *const phases[] = { "connect", "objects", "deltas", "checkout", "done" };
    pthread_mutex_lock(&r->mu);
    struct git_progress p = r->gp;
    bool fresh = r->gp_new;
    r->gp_new = false;
    pthread_mutex_unlock(&r->mu);
    if (!fresh)
        return;
    char item[128];
    snprintf(item, sizeof item, "objects %llu/%llu, %.1f MiB",
             (unsigned long long)p.objects_received, (unsigned long long)p.objects_total,
             (double)p.bytes_received / 1048576.0);
    struct prog_event pe = { .fraction = p.fraction, .phase = phases[p.phase] };
    snprintf(pe.item, sizeof pe.item, "%s", item);
    progress(r, &pe);
}

static int pump_clone(struct runner *r, bool *ok, int *code, char *msg, size_t cap)
{
    git_event(r);
    if (gw_git_poll(r->git) == 1)
        return 1;
    struct git_result gr;
    char err[ERR_LEN];
    int rc = gw_git_finish(r->git, &gr, err);
    r->git = NULL;
    *ok = rc == 0;
    *code = rc;
    ws_run_end(r->w, r->run_id, true, rc ? 1 : 0, 0, now() - r->cmd_t0, r->cancel);
    if (rc == 0) {
        cJSON *st = ws_step(r->w, "clone");
        cJSON_DeleteItemFromObject(st, "commit");
        cJSON_AddStringToObject(st, "commit", gr.commit);
        snprintf(msg, cap, "%s %s: commit %s", gr.fetched ? "fetched" : "cloned",
                 r->plan.cmds[r->cur].argv[1], gr.commit);
        cJSON *run = ws_run(r->w, r->run_id);
        cJSON_DeleteItemFromObject(run, "commit");
        cJSON_AddStringToObject(run, "commit", gr.commit);
    } else {
        snprintf(msg, cap, "%s", err);
    }
    return 0;
}

int runner_cmd_pump(struct runner *r, bool *ok, int *code, char *msg, size_t cap)
{
    const struct step_cmd *c = &r->plan.cmds[r->cur];
    if (c->act == ACT_EXEC)
        return pump_exec(r, ok, code, msg, cap);
    if (c->act == ACT_CLONE)
        return pump_clone(r, ok, code, msg, cap);
    char err[ERR_LEN];
    *ok = runner_action(r, c, err) == 0;
    *code = *ok ? 0 : 1;
    ws_run_end(r->w, r->run_id, true, *code, 0, now() - r->cmd_t0, false);
    snprintf(msg, cap, "%s", *ok ? c->title : err);
    return 0;
}

void runner_cmd_cancel(struct runner *r)
{
    if (r->job)
        job_cancel(r->job);
    if (r->git)
        gw_git_cancel(r->git);
}

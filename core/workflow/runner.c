/* The step runner: plans a step, resumes after the last command that finished with the
 * same inputs, runs the rest in order, and records runs, step states and lineage. */
#include "core/workflow/runner_impl.h"

#include "core/util/err.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void runner_emit(struct runner *r, struct runev *ev)
{
    ev->step = r->def->id;
    ev->cmd = r->cur;
    ev->ncmds = r->plan.ncmds;
    if (r->fn)
        r->fn(r->arg, ev);
}

void runner_note(struct runner *r, const char *text)
{
    struct runev ev = { .kind = RUNEV_NOTE, .text = text, .fraction = -1, .eta = -1 };
    runner_emit(r, &ev);
}

static void set_str(cJSON *o, const char *name, const char *v)
{
    cJSON_DeleteItemFromObject(o, name);
    cJSON_AddStringToObject(o, name, v);
}

static void set_num(cJSON *o, const char *name, double v)
{
    cJSON_DeleteItemFromObject(o, name);
    cJSON_AddNumberToObject(o, name, v);
}

/* The first command to run: after those that finished last time with these inputs. */
static size_t resume_at(struct runner *r, bool restart)
{
    cJSON *st = ws_step(r->w, r->def->id);
    const cJSON *in = cJSON_GetObjectItem(st, "inputs"), *done = cJSON_GetObjectItem(st, "done_cmds");
    const cJSON *status = cJSON_GetObjectItem(st, "status");
    if (restart || !cJSON_IsString(in) || strcmp(in->valuestring, r->plan.inputs) != 0 ||
        !cJSON_IsNumber(done) || !cJSON_IsString(status) || !strcmp(status->valuestring, "ok"))
        return 0;
    size_t n = (size_t)done->valuedouble;
    return n < r->plan.ncmds ? n : 0;
}

static void record_start(struct runner *r, const char *const *sets)
{
    cJSON *st = ws_step(r->w, r->def->id);
    set_str(st, "status", "running");
    set_str(st, "inputs", r->plan.inputs);
    set_num(st, "started", ws_now());
    set_num(st, "pid", (double)getpid());
    set_num(st, "done_cmds", (double)r->cur);
    const cJSON *commit = cJSON_GetObjectItem(ws_step(r->w, "clone"), "commit");
    char at[41];                      /* a copy: for the clone step it is st's own item */
    snprintf(at, sizeof at, "%s", cJSON_IsString(commit) ? commit->valuestring : "");
    set_str(st, "commit", at);
    cJSON *params = cJSON_CreateObject();
    struct step_ctx c = { .w = r->w, .def = r->def, .sets = sets };
    for (const struct step_param *p = r->def->params; p && p->name; p++) {
        const char *v = step_value(&c, p->name);
        if (v)
            cJSON_AddStringToObject(params, p->name, v);
    }
    cJSON_DeleteItemFromObject(st, "params");
    cJSON_AddItemToObject(st, "params", params);
}

int runner_start(struct ws *w, const char *step, const char *const *sets, bool restart,
                 runev_fn fn, void *arg, struct runner **out, char *err)
{
    const struct step_def *d = step_find(step);
    if (!d)
        return err_set(err, "there is no step '%s' (see `gem5wb steps`)", step);
    if (ws_lock(w, err) != 0)
        return -1;
    struct runner *r = calloc(1, sizeof *r);
    if (!r) {
        ws_unlock(w);
        return err_set(err, "out of memory starting %s", step);
    }
    *r = (struct runner){ .w = w, .def = d, .fn = fn, .arg = arg, .last_git_phase = -1 };
    pthread_mutex_init(&r->mu, NULL);
    if (ws_reload(w, err) != 0 || step_plan(w, d, sets, &r->plan, err) != 0) {
        runner_free(r);
        return -1;
    }
    for (size_t i = 0; i < r->plan.nnotes; i++)
        runner_note(r, r->plan.notes[i]);
    r->cur = resume_at(r, restart);
    if (r->cur) {
        char text[512];
        snprintf(text, sizeof text, "resuming at command %zu of %zu (%s): the ones before it "
                 "finished last time with the same inputs", r->cur + 1, r->plan.ncmds,
                 r->plan.cmds[r->cur].title);
        runner_note(r, text);
    }
    record_start(r, sets);
    if (ws_save(w, err) != 0 || runner_cmd_start(r, err) != 0) {
        char ignored[ERR_LEN];               /* the first error is the news */
        set_str(ws_step(w, d->id), "status", "failed");
        ws_save(w, ignored);
        runner_free(r);
        return -1;
    }
    *out = r;
    return 0;
}

int runner_fds(const struct runner *r, int fds[2])
{
    return r->job && !r->finished ? job_fds(r->job, fds) : 0;
}

/* Lineage of checkpoints, and the clone's commit, once a step succeeded. */
static void record_outputs(struct runner *r)
{
    const cJSON *run = ws_run(r->w, r->run_id);
    const cJSON *commit = cJSON_GetObjectItem(run, "commit");
    const char *c = cJSON_IsString(commit) ? commit->valuestring : "";
    if (r->plan.ckpt_out) {
        ws_ckpt_made(r->w, r->plan.ckpt_out, r->def->id, r->run_id, c, r->plan.config,
                     ws_setting(r->w, "take-checkpoint.disk"), r->plan.board);
        cJSON_AddItemToObject(ws_ckpt(r->w, r->plan.ckpt_out), "argv",
                              cJSON_Duplicate(cJSON_GetObjectItem(run, "argv"), 1));
    }
    if (r->plan.ckpt_in)
        ws_ckpt_restored(r->w, r->plan.ckpt_in, r->def->id, r->run_id);
}

/* What this run made, for the status: a later plan names the next run's folders. */
static void record_artifacts(const struct runner *r, cJSON *st)
{
    cJSON *list = cJSON_CreateArray();
    for (size_t i = 0; list && i < r->plan.nartifacts; i++)
        cJSON_AddItemToArray(list, cJSON_CreateString(r->plan.artifacts[i]));
    cJSON_DeleteItemFromObject(st, "artifacts");
    if (list)
        cJSON_AddItemToObject(st, "artifacts", list);
}

static void finish(struct runner *r, bool ok, const char *msg)
{
    char err[ERR_LEN];
    for (size_t i = 0; ok && i < r->plan.nartifacts; i++)
        if (!step_exists(r->plan.artifacts[i], false)) {
            snprintf(r->res.message, sizeof r->res.message, "%s finished, but %s is not "
                     "there", r->def->id, r->plan.artifacts[i]);
            msg = r->res.message;
            ok = false;
        }
    cJSON *st = ws_step(r->w, r->def->id);
    set_str(st, "status", ok ? "ok" : r->cancel ? "cancelled" : "failed");
    set_num(st, "ended", ws_now());
    set_num(st, "run", (double)r->run_id);
    if (ok) {
        record_outputs(r);
        record_artifacts(r, st);
    }
    r->res.ok = ok;
    r->res.cancelled = r->cancel && !ok;
    if (msg != r->res.message)
        snprintf(r->res.message, sizeof r->res.message, "%s", msg);
    if (ws_save(r->w, err) != 0 && ok) {
        r->res.ok = false;
        snprintf(r->res.message, sizeof r->res.message, "%s", err);
    }
    r->finished = true;
    struct runev ev = { .kind = RUNEV_DONE, .ok = r->res.ok, .text = r->res.message,
                        .fraction = -1, .eta = -1 };
    runner_emit(r, &ev);
}

/* A command ended: record it, then start the next one or end the step. */
static void command_ended(struct runner *r, bool ok, int code, const char *msg)
{
    char err[ERR_LEN];
    struct runev ev = { .kind = RUNEV_CMD_END, .ok = ok, .text = msg, .fraction = -1, .eta = -1 };
    runner_emit(r, &ev);
    if (!ok) {
        r->res.failed_cmd = r->cur;
        r->res.exit_code = code;
        finish(r, false, msg);
        return;
    }
    set_num(ws_step(r->w, r->def->id), "done_cmds", (double)(r->cur + 1));
    if (++r->cur == r->plan.ncmds) {
        char done[256];
        snprintf(done, sizeof done, "%s done", r->def->id);
        finish(r, true, done);
        return;
    }
    if (ws_save(r->w, err) != 0 || runner_cmd_start(r, err) != 0) {
        r->res.failed_cmd = r->cur;
        finish(r, false, err);
    }
}

int runner_pump(struct runner *r)
{
    if (r->finished)
        return 0;
    bool ok = false;
    int code = 0;
    char msg[512];
    if (runner_cmd_pump(r, &ok, &code, msg, sizeof msg) == 0)
        command_ended(r, ok, code, msg);
    return r->finished ? 0 : 1;
}

void runner_cancel(struct runner *r)
{
    r->cancel = true;
    runner_cmd_cancel(r);
}

void runner_result(const struct runner *r, struct runner_result *out)
{
    *out = r->res;
}

void runner_free(struct runner *r)
{
    if (!r)
        return;
    if (r->job)
        job_free(r->job);
    if (r->git) {
        struct git_result gr;
        char err[ERR_LEN];
        gw_git_cancel(r->git);
        gw_git_finish(r->git, &gr, err);
    }
    prog_free(r->parser);
    step_plan_free(&r->plan);
    pthread_mutex_destroy(&r->mu);
    ws_unlock(r->w);
    free(r);
}

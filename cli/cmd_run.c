/* gem5wb run STEP: runs one workflow step (or, with --dry-run, shows its exact commands),
 * with a status line and the warnings and errors on a terminal, JSON lines with --json. */
#include "cli/cli.h"
#include "cli/cmds.h"
#include "cli/steps_view.h"
#include "cli/wscli.h"
#include "core/kb/kb.h"
#include "core/kb/preflight.h"
#include "core/util/err.h"
#include "core/workflow/eta.h"
#include "core/workflow/runner.h"
#include "core/workflow/steps.h"

#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

enum { O_SET = 1, O_DRY, O_RESTART, O_VERBOSE, O_NO_PREFLIGHT };

#define MAX_SETS 32

struct run_opts {
    const char *dir;
    const char *sets[MAX_SETS + 1];
    int nsets;
    bool dry, restart, verbose, json, tty, no_preflight;
};

static int on_option(void *ctx, int val, const char *arg)
{
    struct run_opts *o = ctx;
    if (val == WSCLI_O_WORKSPACE)
        o->dir = arg;
    else if (val == O_DRY)
        o->dry = true;
    else if (val == O_RESTART)
        o->restart = true;
    else if (val == O_VERBOSE)
        o->verbose = true;
    else if (val == O_NO_PREFLIGHT)
        o->no_preflight = true;
    else if (val == O_SET && o->nsets < MAX_SETS)
        o->sets[o->nsets++] = arg;
    else if (val == O_SET)
        return cli_usage_error("run", "at most %d --set options", MAX_SETS);
    return 0;
}

static const char *kind_name(enum runev_kind k)
{
    static const char *const n[] = { "note", "command", "progress", "diagnostic", "line",
                                     "command_end", "done" };
    return n[k];
}

static void json_event(const struct runev *ev)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "event", kind_name(ev->kind));
    cJSON_AddStringToObject(o, "step", ev->step);
    cJSON_AddNumberToObject(o, "cmd", (double)ev->cmd);
    cJSON_AddNumberToObject(o, "ncmds", (double)ev->ncmds);
    if (ev->text)
        cJSON_AddStringToObject(o, "text", ev->text);
    if (ev->kind == RUNEV_PROGRESS) {
        cJSON_AddNumberToObject(o, "fraction", ev->fraction);
        if (ev->phase)
            cJSON_AddStringToObject(o, "phase", ev->phase);
        if (ev->eta >= 0)
            cJSON_AddNumberToObject(o, "eta_s", (double)(long long)(ev->eta + 0.5));
    }
    if (ev->kind == RUNEV_DIAG)
        cJSON_AddStringToObject(o, "severity", ev->sev == PROG_ERROR ? "error" : ev->sev ==
                                PROG_WARNING ? "warning" : "info");
    if (ev->kind == RUNEV_CMD_END || ev->kind == RUNEV_DONE)
        cJSON_AddBoolToObject(o, "ok", ev->ok);
    if (ev->kind == RUNEV_CMD) {
        cJSON *a = cJSON_AddArrayToObject(o, "argv");
        for (size_t i = 0; ev->argv && ev->argv[i]; i++)
            cJSON_AddItemToArray(a, cJSON_CreateString(ev->argv[i]));
        cJSON_AddStringToObject(o, "cwd", ev->cwd);
        cJSON_AddBoolToObject(o, "by_gem5wb", ev->by_gem5wb);
    }
    cli_json_line(o, CLI_OK);
}

static void status_line(const struct runev *ev)
{
    char left[32] = "";
    fputs("\r\033[K", stderr);
    if (ev->fraction >= 0)
        fprintf(stderr, "[%3.0f%%] ", 100 * ev->fraction);
    if (ev->eta >= 0) {
        eta_format(ev->eta, left, sizeof left);
        fprintf(stderr, "ETA %s ", left);
    }
    fprintf(stderr, "%s %.60s", ev->phase ? ev->phase : "", ev->text ? ev->text : "");
}

static void text_event(struct run_opts *o, const struct runev *ev)
{
    if (ev->kind == RUNEV_PROGRESS) {
        if (o->tty)
            status_line(ev);
        return;
    }
    if (ev->kind == RUNEV_LINE && !o->verbose)
        return;
    if (o->tty)
        fputs("\r\033[K", stderr);
    if (ev->kind == RUNEV_NOTE)
        fprintf(stderr, "note: %s\n", ev->text);
    else if (ev->kind == RUNEV_DIAG && ev->sev != PROG_INFO)
        fprintf(stderr, "%s: %s\n", ev->sev == PROG_ERROR ? "error" : "warning", ev->text);
    else if (ev->kind == RUNEV_LINE)
        fprintf(stderr, "%s\n", ev->text);
    else if (ev->kind == RUNEV_CMD) {
        printf("==> %s [%zu/%zu] %s", ev->step, ev->cmd + 1, ev->ncmds, ev->text);
        if (!ev->by_gem5wb) {
            printf(": ");
            steps_print_argv((char **)ev->argv);
        }
        printf("\n");
        fflush(stdout);
    } else if (ev->kind == RUNEV_CMD_END && !ev->ok)
        fprintf(stderr, "%s\n", ev->text);
    else if (ev->kind == RUNEV_DONE)
        printf("%s: %s\n", ev->ok ? "ok" : "failed", ev->text);
}

static void on_event(void *arg, const struct runev *ev)
{
    struct run_opts *o = arg;
    if (o->json)
        json_event(ev);
    else
        text_event(o, ev);
}

/* The step's pre-flight checks, before it runs: what predicts a known issue informs, the
 * run goes on (the tools' own output is the final word). */
static void preflight_run(const struct ws *w, const char *step, struct pf_report *r,
                          bool json)
{
    struct kb kb;
    char err[ERR_LEN];
    bool have_kb = kb_load_default(&kb, err) == 0;
    if (preflight_step(w->root, step, have_kb ? &kb : NULL, r, err) != 0 && !json)
        fprintf(stderr, "note: the pre-flight checks of %s did not run: %s\n", step, err);
    if (have_kb)
        kb_free(&kb);
}

/* Text before the run starts; JSON lines once it has (a refused run prints one document). */
static void preflight_print(const struct pf_report *r, const char *step, bool json)
{
    for (size_t i = 0; i < r->n; i++) {
        const struct pf_finding *f = &r->items[i];
        if (f->sev < PF_WARN)
            continue;
        if (!json) {
            fprintf(stderr, "pre-flight %s: %s%s%s%s\n", pf_sev_name(f->sev), f->what,
                    f->kb_id[0] ? " (gem5wb kb show " : "", f->kb_id, f->kb_id[0] ? ")" : "");
            continue;
        }
        cJSON *j = cJSON_CreateObject();
        cJSON_AddStringToObject(j, "event", "preflight");
        cJSON_AddStringToObject(j, "step", step);
        cJSON_AddStringToObject(j, "severity", pf_sev_name(f->sev));
        cJSON_AddStringToObject(j, "check", f->check);
        cJSON_AddStringToObject(j, "kb", f->kb_id);
        cJSON_AddStringToObject(j, "what", f->what);
        cli_json_line(j, CLI_OK);
    }
}

static volatile sig_atomic_t interrupted;

static void on_interrupt(int sig)
{
    (void)sig;
    interrupted = 1;
}

static int drive(struct runner *r)
{
    struct sigaction sa = { .sa_handler = on_interrupt };
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    bool cancelled = false;
    while (runner_pump(r) == 1) {
        if (interrupted && !cancelled) {
            runner_cancel(r);
            cancelled = true;
        }
        int fds[2], n = runner_fds(r, fds);
        struct pollfd p[2] = { { .fd = n > 0 ? fds[0] : -1, .events = POLLIN },
                               { .fd = n > 1 ? fds[1] : -1, .events = POLLIN } };
        poll(p, 2, 100);
    }
    struct runner_result res;
    runner_result(r, &res);
    return res.ok ? CLI_OK : CLI_FAIL;
}

static int dry_run(struct ws *w, struct run_opts *o, const char *step)
{
    char err[ERR_LEN];
    struct step_plan plan;
    const struct step_def *d = step_find(step);
    if (!d)
        return cli_usage_error("run", "there is no step '%s' (see `gem5wb steps`)", step);
    if (step_plan(w, d, o->sets, &plan, err) != 0)
        return cli_error(o->json, err);
    if (o->json) {
        cJSON *doc = steps_plan_json(&plan);
        cJSON_AddStringToObject(doc, "step", step);
        step_plan_free(&plan);
        return cli_json_out(doc, CLI_OK);
    }
    printf("%s would run:\n", step);
    steps_print_plan(&plan);
    step_plan_free(&plan);
    return CLI_OK;
}

int cmd_run(int argc, char **argv)
{
    static const struct option extra[] = {
        { "set", required_argument, NULL, O_SET }, { "dry-run", no_argument, NULL, O_DRY },
        { "restart", no_argument, NULL, O_RESTART }, { "verbose", no_argument, NULL, O_VERBOSE },
        { "no-preflight", no_argument, NULL, O_NO_PREFLIGHT }, WSCLI_OPTION, { 0, 0, 0, 0 } };
    struct run_opts o = { .tty = isatty(2) };
    struct args a;
    struct ws *w;
    int rc = args_parse("run", argc, argv, extra, on_option, &o, 1, 1, &a);
    if (rc >= 0 || (rc = wscli_open(o.dir, a.common.json, &w)) != CLI_OK)
        return rc;
    o.json = a.common.json;
    if (o.dry) {
        rc = dry_run(w, &o, a.pos[0]);
        ws_close(w);
        return rc;
    }
    char err[ERR_LEN];
    struct runner *r;
    struct pf_report pf = { 0 };
    if (!o.no_preflight && step_find(a.pos[0]))
        preflight_run(w, a.pos[0], &pf, o.json);
    if (!o.json)
        preflight_print(&pf, a.pos[0], false);
    if (runner_start(w, a.pos[0], o.sets, o.restart, on_event, &o, &r, err) != 0) {
        pf_report_free(&pf);
        ws_close(w);
        return cli_error(o.json, err);
    }
    if (o.json)
        preflight_print(&pf, a.pos[0], true);
    pf_report_free(&pf);
    rc = drive(r);
    runner_free(r);
    ws_close(w);
    return rc;
}

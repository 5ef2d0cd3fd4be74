/* gem5wb exec and gem5wb parse: run a program (or replay a log) through a tool's progress
 * parser, showing its progress, phase and diagnostics, or JSON lines with --json. */
#include "cli/args.h"
#include "cli/cli.h"
#include "cli/cmds.h"
#include "cli/exec.h"
#include "core/util/err.h"
#include "core/workflow/job.h"
#include "core/workflow/progress/progress.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { O_PARSER = 1, O_TOTAL, O_LOG, O_WORKSPACE, O_NO_REMEMBER };

static int on_option(void *ctx, int val, const char *arg)
{
    struct run *r = ctx;
    if (val == O_PARSER)
        r->parser = arg;
    else if (val == O_LOG)
        r->log = arg;
    else if (val == O_WORKSPACE)
        r->workspace = arg;
    else if (val == O_NO_REMEMBER)
        r->no_remember = true;
    else if (val == O_TOTAL) {
        r->total_known = true;
        return cli_number("exec", arg, "--total", &r->total) == 0 ? 0 : CLI_USAGE;
    }
    return 0;
}

static void json_event(const struct prog_event *ev, double eta)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "event", "progress");
    cJSON_AddNumberToObject(o, "fraction", ev->fraction);
    if (ev->phase)
        cJSON_AddStringToObject(o, "phase", ev->phase);
    cJSON_AddStringToObject(o, "item", ev->item);
    if (ev->has_diag) {
        static const char *const sev[] = { "info", "warning", "error" };
        cJSON_AddStringToObject(o, "severity", sev[ev->sev]);
        cJSON_AddStringToObject(o, "diagnostic", ev->diag);
    }
    cJSON_AddBoolToObject(o, "done", ev->done);
    cJSON_AddBoolToObject(o, "failed", ev->failed);
    if (ev->detail[0])
        cJSON_AddStringToObject(o, "detail", ev->detail);
    if (eta >= 0)
        cJSON_AddNumberToObject(o, "eta_s", (double)(long long)(eta + 0.5));
    cli_json_line(o, CLI_OK);
}

/* Diagnostics as lines on stderr; on a terminal a status line redrawn under them. */
static void text_event(struct run *r, const struct prog_event *ev, double eta)
{
    if (r->tty)
        fputs("\r\033[K", stderr);
    if (ev->has_diag && ev->sev != PROG_INFO)
        fprintf(stderr, "%s: %s\n", ev->sev == PROG_ERROR ? "error" : "warning", ev->diag);
    if (r->tty) {
        if (ev->fraction >= 0)
            fprintf(stderr, "[%3.0f%%%s] ", 100 * ev->fraction, r->estimate ? "~" : "");
        if (eta >= 0) {
            char left[32];
            eta_format(eta, left, sizeof left);
            fprintf(stderr, "ETA %s ", left);
        }
        fprintf(stderr, "%s %.60s", ev->phase ? ev->phase : "", ev->item);
    }
}

static void feed(struct run *r, const char *line, size_t len)
{
    struct prog_event ev;
    if (prog_feed(r->p, line, len, &ev) != 1)
        return;
    r->warnings += ev.has_diag && ev.sev == PROG_WARNING;
    r->errors += ev.has_diag && ev.sev == PROG_ERROR;
    r->done |= ev.done;
    r->failed |= ev.failed;
    if (ev.detail[0])
        snprintf(r->detail, sizeof r->detail, "%s", ev.detail);
    double eta = -1;
    if (r->timed && ev.fraction >= 0 && !ev.done) {
        double now = run_now();
        eta_add(&r->eta, now, ev.fraction);
        eta = eta_left(&r->eta, now);
    }
    if (r->json)
        json_event(&ev, eta);
    else
        text_event(r, &ev, eta);
}

static void on_line(void *arg, int stream, const char *line, size_t len, unsigned flags)
{
    (void)stream, (void)flags;
    feed(arg, line, len);
}

/* " (of 3449 expected)" when a total was known. */
static const char *expected(const struct run *r, char *buf, size_t cap)
{
    buf[0] = '\0';
    if (r->total_known)
        snprintf(buf, cap, " (of %s%llu expected)", r->estimate ? "~" : "",
                 (unsigned long long)r->total);
    return buf;
}

static int summary(struct run *r, const char *what, int code)
{
    char of[64];
    if (r->tty && !r->json)
        fputs("\r\033[K", stderr);
    if (r->json)
        printf("{\"event\":\"summary\",\"parser\":\"%s\",\"items\":%llu,\"total\":%llu,"
               "\"estimate\":%s,\"warnings\":%llu,\"errors\":%llu,\"done\":%s,\"failed\":%s,"
               "\"exit\":%d}\n", r->parser, (unsigned long long)prog_count(r->p),
               (unsigned long long)r->total, r->estimate ? "true" : "false",
               (unsigned long long)r->warnings,
               (unsigned long long)r->errors, r->done ? "true" : "false",
               r->failed ? "true" : "false", code);
    else
        printf("%s: %llu items%s, %llu warnings, %llu errors%s%s%s%s\n", what,
               (unsigned long long)prog_count(r->p), expected(r, of, sizeof of),
               (unsigned long long)r->warnings,
               (unsigned long long)r->errors, r->done ? ", done" : "",
               r->failed ? ", failed" : "", r->detail[0] ? ": " : "", r->detail);
    prog_free(r->p);
    return code;
}

static const struct option run_options[] = {
    { "parser", required_argument, NULL, O_PARSER },
    { "total", required_argument, NULL, O_TOTAL },
    { "log", required_argument, NULL, O_LOG },
    { 0, 0, 0, 0 },
};

static const struct option exec_options[] = {
    { "parser", required_argument, NULL, O_PARSER },
    { "total", required_argument, NULL, O_TOTAL },
    { "log", required_argument, NULL, O_LOG },
    { "workspace", required_argument, NULL, O_WORKSPACE },
    { "no-remember", no_argument, NULL, O_NO_REMEMBER },
    { 0, 0, 0, 0 },
};

static int start_parser(const char *cmd, struct run *r)
{
    char err[ERR_LEN];
    if (!r->parser)
        return cli_usage_error(cmd, "--parser NAME is required");
    if (!(r->p = prog_new(r->parser, err)))
        return cli_usage_error(cmd, "%s", err);
    if (r->total)
        prog_set_total(r->p, r->total);
    r->tty = isatty(2);
    return -1;
}

int cmd_parse(int argc, char **argv)
{
    struct run r = { 0 };
    struct args a;
    int rc = args_parse("parse", argc, argv, run_options, on_option, &r, 1, 1, &a);
    if (rc >= 0 || (rc = start_parser("parse", &r)) >= 0)
        return rc;
    r.json = a.common.json;
    FILE *f = fopen(a.pos[0], "rb");
    if (!f) {
        char err[ERR_LEN];
        err_sys(err, errno, "%s: cannot open the log", a.pos[0]);
        prog_free(r.p);
        return cli_error(r.json, err);
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, f)) > 0)
        feed(&r, line, (size_t)n - (line[n - 1] == '\n'));
    free(line);
    fclose(f);
    return summary(&r, a.pos[0], CLI_OK);
}

static volatile sig_atomic_t interrupted;

static void on_interrupt(int sig)
{
    (void)sig;
    interrupted = 1;
}

/* Runs the job to its end; Ctrl-C (or SIGTERM) cancels it, which stops its whole group. */
static int run_job(struct run *r, char **prog, char *err, int *code)
{
    const char *const *argv = (const char *const *)prog;
    struct job_spec spec = { .argv = argv, .log_path = r->log };
    struct job *j;
    run_totals_load(r, argv);
    r->timed = true;
    r->t0 = run_now();
    eta_init(&r->eta, 60);
    if (job_start(&spec, on_line, r, &j, err) != 0)
        return -1;
    struct sigaction sa = { .sa_handler = on_interrupt };
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    int rc;
    while ((rc = job_wait(j, 100, err)) == 1)
        if (interrupted)
            job_cancel(j);
    struct job_result res;
    job_result(j, &res);
    job_free(j);
    *code = res.exited ? res.exit_code : 128 + res.signal;
    if (rc == 0)
        run_totals_save(r, argv, *code);
    return rc;
}

int cmd_exec(int argc, char **argv)
{
    int sep = 1;
    while (sep < argc && strcmp(argv[sep], "--") != 0)
        sep++;
    struct run r = { 0 };
    struct args a;
    int rc = args_parse("exec", sep, argv, exec_options, on_option, &r, 0, 0, &a);
    if (rc >= 0)
        return rc;
    if (sep + 1 >= argc)
        return cli_usage_error("exec", "give the program after --");
    if ((rc = start_parser("exec", &r)) >= 0)
        return rc;
    r.json = a.common.json;
    char err[ERR_LEN];
    int code = 0;
    if (run_job(&r, argv + sep + 1, err, &code) != 0) {
        prog_free(r.p);
        return cli_error(r.json, err);
    }
    return summary(&r, argv[sep + 1], code);
}

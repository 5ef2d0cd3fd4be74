/* gem5wb clone: clones darchr's gem5 fork (or any repository) at a branch with libgit2,
 * progress on stderr (a line per step on a terminal, JSON lines with --json). */
#include "cli/args.h"
#include "cli/cli.h"
#include "cli/cmds.h"
#include "core/util/err.h"
#include "core/workflow/git.h"

#include <cjson/cJSON.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { O_BRANCH = 1, O_CLEAN };

struct clone_opts {
    const char *branch;
    bool json, tty, clean;
    double last;
};

static int on_option(void *ctx, int val, const char *arg)
{
    struct clone_opts *o = ctx;
    if (val == O_BRANCH)
        o->branch = arg;
    else if (val == O_CLEAN)
        o->clean = true;
    return 0;
}

static volatile sig_atomic_t interrupted;

static void on_interrupt(int sig)
{
    (void)sig;
    interrupted = 1;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *phase_name(enum git_phase p)
{
    static const char *const names[] = { "connect", "objects", "deltas", "checkout", "done" };
    return names[p];
}

/* At most ten updates a second: a line on stderr (redrawn on a terminal), or a JSON line
 * on stdout with --json. */
static int on_progress(void *arg, const struct git_progress *p)
{
    struct clone_opts *o = arg;
    if (interrupted)
        return 1;                    /* Ctrl-C: stop at this step, the clone can resume */
    double t = now();
    if (p->phase != GITP_DONE && t - o->last < 0.1)
        return 0;
    o->last = t;
    if (o->json) {
        printf("{\"event\":\"progress\",\"phase\":\"%s\",\"fraction\":%.4f,\"objects\":%llu,"
               "\"objects_total\":%llu,\"bytes\":%llu}\n", phase_name(p->phase), p->fraction,
               (unsigned long long)p->objects_received, (unsigned long long)p->objects_total,
               (unsigned long long)p->bytes_received);
        fflush(stdout);
    } else if (o->tty) {
        fprintf(stderr, "\r%-9s %5.1f%%  objects %llu/%llu  %.1f MiB\033[K", phase_name(p->phase),
                100 * p->fraction, (unsigned long long)p->objects_received,
                (unsigned long long)p->objects_total, (double)p->bytes_received / 1048576.0);
    }
    return 0;
}

/* --clean [DIR]: removes an unfinished clone gem5wb left (DIR is the last positional). */
static int clean(const struct clone_opts *o, const struct args *a)
{
    char err[ERR_LEN];
    const char *dir = a->npos > 0 ? a->pos[a->npos - 1] : "gem5";
    if (gw_git_clean(dir, err) != 0)
        return cli_error(o->json, err);
    if (!o->json) {
        printf("removed the unfinished clone %s\n", dir);
        return CLI_OK;
    }
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "event", "cleaned");
    cJSON_AddStringToObject(doc, "dir", dir);
    return cli_json_line(doc, CLI_OK);
}

int cmd_clone(int argc, char **argv)
{
    static const struct option extra[] = { { "branch", required_argument, NULL, O_BRANCH },
                                           { "clean", no_argument, NULL, O_CLEAN },
                                           { 0, 0, 0, 0 } };
    struct clone_opts o = { .branch = GIT_DEFAULT_BRANCH, .tty = isatty(2) };
    struct args a;
    int rc = args_parse("clone", argc, argv, extra, on_option, &o, 0, 2, &a);
    if (rc >= 0)
        return rc;
    o.json = a.common.json;
    char err[ERR_LEN];
    if (o.clean)
        return clean(&o, &a);
    const char *url = a.npos > 0 ? a.pos[0] : GIT_DEFAULT_URL;
    const char *dir = a.npos > 1 ? a.pos[1] : "gem5";
    struct git_result res;
    struct sigaction sa = { .sa_handler = on_interrupt };
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    rc = gw_git_sync(url, o.branch, dir, on_progress, &o, &res, err);
    if (o.tty && !o.json)
        fputs("\r\033[K", stderr);
    if (rc != 0)
        return cli_error(o.json, err);
    if (o.json) {   /* the last of the JSON lines */
        cJSON *doc = cJSON_CreateObject();
        cJSON_AddStringToObject(doc, "event", "done");
        cJSON_AddStringToObject(doc, "url", url);
        cJSON_AddStringToObject(doc, "branch", o.branch);
        cJSON_AddStringToObject(doc, "dir", dir);
        cJSON_AddStringToObject(doc, "commit", res.commit);
        cJSON_AddBoolToObject(doc, "fetched", res.fetched);
        cJSON_AddBoolToObject(doc, "resumed", res.resumed);
        return cli_json_line(doc, CLI_OK);
    }
    printf("%s %s at %s into %s: commit %s\n",
           res.fetched ? "fetched" : res.resumed ? "resumed and cloned" : "cloned", url,
           o.branch, dir, res.commit);
    return CLI_OK;
}

/* gem5wb log STEP: the full output of a step's latest run (or run N), and with --follow
 * the rest as it is written, until that run ends. */
#include "cli/cli.h"
#include "cli/cmds.h"
#include "cli/wscli.h"
#include "core/util/err.h"
#include "core/workflow/steps.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { O_RUN = 1, O_FOLLOW };

struct log_opts {
    const char *dir;
    long run;
    bool follow;
};

static int on_option(void *ctx, int val, const char *arg)
{
    struct log_opts *o = ctx;
    char *end;
    if (val == WSCLI_O_WORKSPACE)
        o->dir = arg;
    else if (val == O_FOLLOW)
        o->follow = true;
    else if (val == O_RUN && ((o->run = strtol(arg, &end, 10)) <= 0 || *end))
        return cli_usage_error("log", "--run takes a run number (see `gem5wb history`)");
    return 0;
}

/* The latest run of step (or run id when given). */
static const cJSON *find_run(struct ws *w, const char *step, long id)
{
    const cJSON *r, *found = NULL;
    cJSON_ArrayForEach(r, cJSON_GetObjectItem(w->state, "runs")) {
        const cJSON *s = cJSON_GetObjectItem(r, "step"), *n = cJSON_GetObjectItem(r, "id");
        if (id ? cJSON_IsNumber(n) && (long)n->valuedouble == id
               : cJSON_IsString(s) && !strcmp(s->valuestring, step))
            found = r;
    }
    return found;
}

static bool still_running(struct ws *w, long id)
{
    char err[ERR_LEN];
    if (ws_reload(w, err) != 0)
        return false;
    const cJSON *s = cJSON_GetObjectItem(ws_run(w, id), "status");
    return cJSON_IsString(s) && !strcmp(s->valuestring, "running");
}

static void copy_out(FILE *f)
{
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        fwrite(buf, 1, n, stdout);
    fflush(stdout);
    clearerr(f);
}

static int show(struct ws *w, const cJSON *run, bool follow)
{
    const cJSON *log = cJSON_GetObjectItem(run, "log");
    long id = (long)cJSON_GetObjectItem(run, "id")->valuedouble;
    char path[4200];
    snprintf(path, sizeof path, "%s", cJSON_IsString(log) ? log->valuestring : "");
    FILE *f = fopen(path, "rb");
    if (!f)
        return cli_fail("%s: cannot open the log of run #%ld: %s", path, id, strerror(errno));
    copy_out(f);
    while (follow && still_running(w, id)) {
        poll(NULL, 0, 200);            /* wait for more output or the run's end */
        copy_out(f);
    }
    copy_out(f);
    fclose(f);
    return CLI_OK;
}

int cmd_log(int argc, char **argv)
{
    static const struct option extra[] = { { "run", required_argument, NULL, O_RUN },
                                           { "follow", no_argument, NULL, O_FOLLOW },
                                           WSCLI_OPTION, { 0, 0, 0, 0 } };
    struct log_opts o = { 0 };
    struct args a;
    struct ws *w;
    int rc = args_parse("log", argc, argv, extra, on_option, &o, 0, 1, &a);
    if (rc >= 0)
        return rc;
    if (!a.npos && !o.run)
        return cli_usage_error("log", "give a STEP or --run N");
    if (a.npos && !step_find(a.pos[0]))
        return cli_usage_error("log", "there is no step '%s'", a.pos[0]);
    if ((rc = wscli_open(o.dir, false, &w)) != CLI_OK)
        return rc;
    const cJSON *run = find_run(w, a.npos ? a.pos[0] : "", o.run);
    if (!run)
        rc = cli_fail("%s has not run yet in %s", o.run ? "that run" : a.pos[0], w->root);
    else
        rc = show(w, run, o.follow);
    ws_close(w);
    return rc;
}

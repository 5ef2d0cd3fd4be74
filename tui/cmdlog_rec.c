/* The command log's records: every argv this session ran, shell-quoted, with its folder,
 * start, and how it ended (the view is cmdlog.c). */
#include "tui/jobs_impl.h"

#include "core/util/shquote.h"
#include "core/workflow/workspace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cmdlog_begin(struct tui_jobs *js, int job, const char *source, const char *const *argv,
                 const char *cwd, const char *log, int by_gem5wb)
{
    if (js->ncmds == js->cmds_cap) {
        int cap = js->cmds_cap ? 2 * js->cmds_cap : 16;
        struct tui_cmdrec *c = realloc(js->cmds, (size_t)cap * sizeof *c);
        if (!c)
            return -1;
        js->cmds = c, js->cmds_cap = cap;
    }
    struct tui_cmdrec *r = &js->cmds[js->ncmds];
    *r = (struct tui_cmdrec){ .start = ws_now(), .seconds = -1, .job = job,
                              .by_gem5wb = by_gem5wb, .state = TJ_RUNNING };
    snprintf(r->source, sizeof r->source, "%s", source);
    r->argv = shell_quote_argv(argv);
    r->cwd = strdup(cwd ? cwd : "");
    r->log = strdup(log ? log : "");
    if (!r->argv || !r->cwd || !r->log) {
        free(r->argv), free(r->cwd), free(r->log);
        return -1;
    }
    js->gen++;
    return js->ncmds++;
}

void cmdlog_end(struct tui_jobs *js, int rec, int state, int exited, int code, int sig,
                double seconds)
{
    if (rec < 0 || rec >= js->ncmds)
        return;
    struct tui_cmdrec *r = &js->cmds[rec];
    r->state = state, r->exited = exited, r->code = code, r->sig = sig;
    r->seconds = seconds > 0 ? seconds : ws_now() - r->start;
    js->gen++;
}

void cmdlog_recs_free(struct tui_cmdrec *c, int n)
{
    for (int i = 0; i < n; i++)
        free(c[i].argv), free(c[i].cwd), free(c[i].log);
    free(c);
}

void cmdlog_free(struct tui_jobs *js)
{
    cmdlog_recs_free(js->cmds, js->ncmds);
    js->cmds = NULL;
    js->ncmds = js->cmds_cap = 0;
}

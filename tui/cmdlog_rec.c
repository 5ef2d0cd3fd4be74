/* The command log's records: every argv this session ran, shell-quoted, with its folder,
 * start, and how it ended (the view is cmdlog.c). */
#include "tui/jobs_impl.h"

#include "core/workflow/workspace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cmdlog_needs_quotes(const char *s)
{
    if (!*s)
        return 1;
    for (; *s; s++)
        if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                    "_@%+=:,./-", *s))
            return 1;
    return 0;
}

char *cmdlog_quote(const char *const *argv)
{
    size_t cap = 1;
    for (size_t i = 0; argv && argv[i]; i++)
        cap += 4 * strlen(argv[i]) + 3;
    char *out = malloc(cap), *p = out;
    if (!out)
        return NULL;
    for (size_t i = 0; argv && argv[i]; i++) {
        if (i)
            *p++ = ' ';
        if (!cmdlog_needs_quotes(argv[i])) {
            p = stpcpy(p, argv[i]);
            continue;
        }
        *p++ = '\'';
        for (const char *s = argv[i]; *s; s++)
            p = *s == '\'' ? stpcpy(p, "'\\''") : (*p = *s, p + 1);
        *p++ = '\'';
    }
    *p = '\0';
    return out;
}

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
    r->argv = cmdlog_quote(argv);
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

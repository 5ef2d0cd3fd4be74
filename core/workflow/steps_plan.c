/* Building a step's plan: commands with their argv, cwd and environment, the artifacts
 * that prove it done, notes to show first. Every string is owned by the plan. */
#include "core/workflow/steps_impl.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char **dup_list(const char *const *list)
{
    size_t n = 0;
    while (list && list[n])
        n++;
    char **out = calloc(n + 1, sizeof *out);
    for (size_t i = 0; out && i < n; i++)
        out[i] = strdup(list[i]);
    return out;
}

static void free_list(char **list)
{
    for (size_t i = 0; list && list[i]; i++)
        free(list[i]);
    free(list);
}

struct step_cmd *plan_cmd(struct step_plan *p, enum step_act act, const char *title,
                          const char *cwd, const char *parser, const char *const *env,
                          const char *const *argv)
{
    struct step_cmd *cmds = realloc(p->cmds, (p->ncmds + 1) * sizeof *cmds);
    if (!cmds)
        abort();                       /* out of memory while planning: nothing to save */
    p->cmds = cmds;
    struct step_cmd *c = &cmds[p->ncmds++];
    *c = (struct step_cmd){ .act = act, .parser = parser };
    c->title = strdup(title);
    c->cwd = strdup(cwd ? cwd : ".");
    c->argv = dup_list(argv);
    c->env = dup_list(env);
    return c;
}

struct step_cmd *plan_exec(struct step_plan *p, const char *title, const char *cwd,
                           const char *parser, const char *const *env, ...)
{
    const char *argv[32];
    size_t n = 0;
    va_list ap;
    va_start(ap, env);
    for (const char *a; n < 31 && (a = va_arg(ap, const char *));)
        argv[n++] = a;
    va_end(ap);
    argv[n] = NULL;
    return plan_cmd(p, ACT_EXEC, title, cwd, parser, env, argv);
}

static char *vformat(const char *fmt, va_list ap)
{
    char *s = NULL;
    if (vasprintf(&s, fmt, ap) < 0)
        abort();
    return s;
}

static void push(char ***list, size_t *n, char *s)
{
    char **l = realloc(*list, (*n + 2) * sizeof *l);
    if (!l)
        abort();
    l[(*n)++] = s;
    l[*n] = NULL;
    *list = l;
}

void plan_artifact(struct step_plan *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    push(&p->artifacts, &p->nartifacts, vformat(fmt, ap));
    va_end(ap);
}

void plan_note(struct step_plan *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    push(&p->notes, &p->nnotes, vformat(fmt, ap));
    va_end(ap);
}

void plan_set(char **field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    free(*field);
    *field = vformat(fmt, ap);
    va_end(ap);
}

void step_plan_free(struct step_plan *p)
{
    for (size_t i = 0; i < p->ncmds; i++) {
        free(p->cmds[i].title);
        free(p->cmds[i].cwd);
        free_list(p->cmds[i].argv);
        free_list(p->cmds[i].env);
    }
    free(p->cmds);
    free_list(p->artifacts);
    free_list(p->notes);
    free(p->ckpt_out);
    free(p->ckpt_in);
    free(p->config);
    free(p->board);
    *p = (struct step_plan){ 0 };
}

void step_ws_path(const struct step_ctx *c, const char *rel, char *buf)
{
    ws_path(c->w, rel, buf, STEP_PATH_MAX);
}

bool step_exists(const char *path, bool want_exec)
{
    struct stat st;
    return stat(path, &st) == 0 && (!want_exec || access(path, X_OK) == 0);
}

/* Showing a step's plan on a terminal: each command with its folder and environment,
 * quoted so that it can be pasted into a shell. */
#include "cli/steps_view.h"
#include "core/util/shquote.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Prints argv as a shell would need it quoted, so it can be pasted. */
void steps_print_argv(char **argv)
{
    char *line = shell_quote_argv((const char *const *)argv);
    fputs(line ? line : "(out of memory)", stdout);
    free(line);
}

/* An environment override as the user would write it: "PATH=X:$PATH" for an extension. */
static void print_env(const char *e)
{
    const char *eq = strchr(e, '=');
    char name[64];
    snprintf(name, sizeof name, "%.*s", eq ? (int)(eq - e) : 0, e);
    const char *cur = eq ? getenv(name) : NULL;
    size_t n = cur ? strlen(cur) : 0, len = strlen(e);
    if (cur && *cur && len > n + 1 && !strcmp(e + len - n, cur) && e[len - n - 1] == ':') {
        char head[8192];
        snprintf(head, sizeof head, "%.*s", (int)(len - n - 1), e);
        char *one[] = { head, NULL };
        steps_print_argv(one);
        printf(":$%s ", name);
        return;
    }
    char *one[] = { (char *)e, NULL };
    steps_print_argv(one);
    putchar(' ');
}

void steps_print_plan(const struct step_plan *p)
{
    for (size_t i = 0; i < p->nnotes; i++)
        printf("  note: %s\n", p->notes[i]);
    for (size_t i = 0; i < p->ncmds; i++) {
        const struct step_cmd *c = &p->cmds[i];
        if (c->act != ACT_EXEC) {        /* gem5wb does it itself: no command to show */
            printf("  %zu. %s (done by gem5wb)\n", i + 1, c->title);
            continue;
        }
        printf("  %zu. %s\n     (cd ", i + 1, c->title);
        char *cwd[] = { c->cwd, NULL };
        steps_print_argv(cwd);
        printf(" && ");
        for (size_t e = 0; c->env && c->env[e]; e++)
            print_env(c->env[e]);
        steps_print_argv(c->argv);
        printf(")\n");
    }
    for (size_t i = 0; i < p->nartifacts; i++)
        printf("  done when: %s\n", p->artifacts[i]);
}


static cJSON *strings(char **list)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; list && list[i]; i++)
        cJSON_AddItemToArray(a, cJSON_CreateString(list[i]));
    return a;
}

cJSON *steps_plan_json(const struct step_plan *p)
{
    cJSON *o = cJSON_CreateObject(), *cmds = cJSON_AddArrayToObject(o, "commands");
    for (size_t i = 0; i < p->ncmds; i++) {
        cJSON *c = cJSON_CreateObject();
        cJSON_AddStringToObject(c, "title", p->cmds[i].title);
        cJSON_AddItemToObject(c, "argv", strings(p->cmds[i].argv));
        cJSON_AddStringToObject(c, "cwd", p->cmds[i].cwd);
        cJSON_AddItemToObject(c, "env", strings(p->cmds[i].env));
        if (p->cmds[i].parser)
            cJSON_AddStringToObject(c, "parser", p->cmds[i].parser);
        cJSON_AddBoolToObject(c, "by_gem5wb", p->cmds[i].act != ACT_EXEC);
        cJSON_AddItemToArray(cmds, c);
    }
    cJSON_AddItemToObject(o, "artifacts", strings(p->artifacts));
    cJSON_AddItemToObject(o, "notes", strings(p->notes));
    cJSON_AddStringToObject(o, "inputs", p->inputs);
    return o;
}


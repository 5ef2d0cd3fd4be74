/* Knowledge-base entries shown by the CLI: JSON objects with every field, and the text of
 * kb show and diagnose (what you see, why, the fix in steps, the command that applies it). */
#include "cli/kb_print.h"

#include "cli/cli.h"
#include "cli/textwrap.h"
#include "core/util/err.h"

#include <stdio.h>
#include <string.h>

int kbp_load(struct kb *kb, bool json)
{
    char err[ERR_LEN];
    if (kb_load_default(kb, err) == 0)
        return CLI_OK;
    return cli_error(json, err);
}

static cJSON *str_array(char *const *list, size_t n)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; i < n; i++)
        cJSON_AddItemToArray(a, cJSON_CreateString(list[i]));
    return a;
}

static void add_commits(cJSON *o, const struct kb_entry *e)
{
    if (!e->commit_from && !e->commit_to && !e->commit_text)
        return;
    cJSON *c = cJSON_AddObjectToObject(o, "commits");
    if (e->commit_from)
        cJSON_AddStringToObject(c, "from", e->commit_from);
    if (e->commit_to)
        cJSON_AddStringToObject(c, "to", e->commit_to);
    if (e->commit_text)
        cJSON_AddStringToObject(c, "text", e->commit_text);
}

static void add_details(cJSON *o, const struct kb_entry *e)
{
    add_commits(o, e);
    cJSON *pats = cJSON_AddArrayToObject(o, "patterns");
    for (size_t i = 0; i < e->npatterns; i++) {
        cJSON *p = cJSON_CreateObject();
        cJSON_AddStringToObject(p, "tool", e->patterns[i].tool);
        cJSON_AddStringToObject(p, "text", e->patterns[i].text);
        if (e->patterns[i].regex)
            cJSON_AddStringToObject(p, "regex", e->patterns[i].regex);
        cJSON_AddItemToArray(pats, p);
    }
    cJSON_AddStringToObject(o, "explain", e->explain);
    cJSON_AddItemToObject(o, "fix", str_array(e->fix, e->nfix));
    cJSON *ev = cJSON_AddArrayToObject(o, "evidence");
    for (size_t i = 0; i < e->nevidence; i++) {
        cJSON *x = cJSON_CreateObject();
        cJSON_AddStringToObject(x, "file", e->evidence[i].file);
        cJSON_AddStringToObject(x, "line", e->evidence[i].line);
        cJSON_AddItemToArray(ev, x);
    }
}

cJSON *kbp_entry_json(const struct kb_entry *e, bool full)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "id", e->id);
    cJSON_AddStringToObject(o, "title", e->title);
    cJSON_AddStringToObject(o, "kind", e->kind);
    cJSON_AddItemToObject(o, "tools", str_array(e->tools, e->ntools));
    cJSON_AddItemToObject(o, "steps", str_array(e->steps, e->nsteps));
    cJSON_AddStringToObject(o, "preflight", e->preflight);
    cJSON_AddStringToObject(o, "action", e->action);
    if (full)
        add_details(o, e);
    return o;
}

void kbp_commits(const struct kb_entry *e, char *buf, size_t cap)
{
    const char *f = e->commit_from, *t = e->commit_to, *x = e->commit_text;
    int n = 0;
    if (f && t)
        n = snprintf(buf, cap, "from %s up to %s (not included)", f, t);
    else if (f)
        n = snprintf(buf, cap, "from %s on", f);
    else if (t)
        n = snprintf(buf, cap, "before %s", t);
    else
        buf[0] = '\0';
    if (x && n >= 0 && (size_t)n < cap)
        snprintf(buf + n, cap - (size_t)n, "%s%s", n ? "; " : "", x);
}

static void list_line(const char *label, char *const *list, size_t n)
{
    printf("  %-9s", label);
    for (size_t i = 0; i < n; i++)
        printf("%s%s", i ? ", " : "", list[i]);
    printf("%s\n", n ? "" : "-");
}

void kbp_print_advice(const struct kb_entry *e, int width)
{
    printf("  why:     ");
    textwrap_print(e->explain, 11, 11, width);
    for (size_t i = 0; i < e->nfix; i++) {
        printf("  %s %zu. ", i ? "        " : "fix:    ", i + 1);
        textwrap_print(e->fix[i], 14, 14, width);
    }
    if (*e->action)
        printf("  apply:   gem5wb fix %s   (%s)\n", e->id, e->action);
}

static void print_patterns(const struct kb_entry *e)
{
    for (size_t i = 0; i < e->npatterns; i++) {
        const struct kb_pattern *p = &e->patterns[i];
        printf("  %s \"%s\"", i ? "        " : "output: ", p->text);
        if (p->regex)
            printf(" and /%s/", p->regex);
        printf(" (%s)\n", *p->tool ? p->tool : "any tool");
    }
}

void kbp_print_entry(const struct kb_entry *e)
{
    char commits[1024];
    int width = textwrap_width();
    printf("%s  [%s]  %s\n", e->id, e->kind, e->title);
    list_line("tools:", e->tools, e->ntools);
    list_line("steps:", e->steps, e->nsteps);
    kbp_commits(e, commits, sizeof commits);
    if (*commits) {
        printf("  commits: ");
        textwrap_print(commits, 11, 11, width);
    }
    print_patterns(e);
    kbp_print_advice(e, width);
    if (*e->preflight)
        printf("  pre-flight check: %s (gem5wb doctor --step STEP or --file FILE)\n", e->preflight);
    for (size_t i = 0; i < e->nevidence; i++)
        printf("  %s %s: %s\n", i ? "        " : "seen in:", e->evidence[i].file,
               e->evidence[i].line);
}

/* gem5wb kb markdown: docs/troubleshooting.md written from the loaded knowledge base, one
 * section per entry (commits, tools and steps, the output that shows it, why, the fix, the
 * command that applies it, the pre-flight check that predicts it), so the page cannot drift. */
#include "cli/args.h"
#include "cli/cli.h"
#include "cli/cmds.h"
#include "cli/kb_print.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Inline code; text holding a backtick needs the double-backtick form. */
static void code(FILE *out, const char *s)
{
    if (strchr(s, '`'))
        fprintf(out, "`` %s ``", s);
    else
        fprintf(out, "`%s`", s);
}

/* Prose: a <word> outside `code` would be taken for an HTML tag and vanish. */
static void text(FILE *out, const char *s)
{
    bool in_code = false;
    for (; *s; s++) {
        in_code ^= *s == '`';
        if (*s == '<' && !in_code)
            fputs("&lt;", out);
        else
            fputc(*s, out);
    }
}

static void words(FILE *out, char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        fprintf(out, "%s%s", i ? ", " : "", list[i]);
    if (!n)
        fprintf(out, "-");
}

static void intro(FILE *out, const struct kb *kb)
{
    fprintf(out, "# Troubleshooting: the known issues\n\n"
                 "Generated from docs/kb.json by `gem5wb kb markdown` (`make kb-docs`); do not\n"
                 "edit. `gem5wb diagnose LOGFILE` finds these issues in a log, the workbench\n"
                 "shows them beside a failed job, `gem5wb kb show ID` prints one, and\n"
                 "`gem5wb fix ID` applies the fixes gem5wb knows how to make. Kinds: fail (the\n"
                 "output shows a failure), warn (a sign of trouble ahead), info (what the output\n"
                 "means). To add an entry, edit docs/kb.json (its fields are described in\n"
                 "core/kb/kb.h): tests/test_kb_evidence.c checks that its evidence, captured\n"
                 "output, shows it.\n\n"
                 "| id | kind | issue |\n|---|---|---|\n");
    for (size_t i = 0; i < kb->n; i++) {
        fprintf(out, "| [%s](#%s) | %s | ", kb->entries[i].id, kb->entries[i].id,
                kb->entries[i].kind);
        text(out, kb->entries[i].title);
        fprintf(out, " |\n");
    }
}

static void facts(FILE *out, const struct kb_entry *e)
{
    char commits[1024];
    kbp_commits(e, commits, sizeof commits);
    fprintf(out, "## %s\n\n**", e->id);
    text(out, e->title);
    fprintf(out, "** (%s)\n\n", e->kind);
    if (*commits) {
        fprintf(out, "- Applies to the fork's commits ");
        text(out, commits);
        fprintf(out, "\n");
    }
    fprintf(out, "- Output of: ");
    words(out, e->tools, e->ntools);
    fprintf(out, "\n- Steps: ");
    words(out, e->steps, e->nsteps);
    fprintf(out, "\n\nWhat you see: a line containing the text (and matching the regular "
                 "expression, where one is given):\n\n");
    for (size_t i = 0; i < e->npatterns; i++) {
        const struct kb_pattern *p = &e->patterns[i];
        fprintf(out, "- ");
        code(out, p->text);
        if (p->regex) {
            fprintf(out, " and ");
            code(out, p->regex);
        }
        fprintf(out, " (%s)\n", *p->tool ? p->tool : "any tool");
    }
}

static void advice(FILE *out, const struct kb_entry *e)
{
    fprintf(out, "\nWhy: ");
    text(out, e->explain);
    fprintf(out, "\n\nFix:\n\n");
    for (size_t i = 0; i < e->nfix; i++) {
        fprintf(out, "%zu. ", i + 1);
        text(out, e->fix[i]);
        fprintf(out, "\n");
    }
    if (*e->action)
        fprintf(out, "\nApply it with `gem5wb fix %s` (%s).\n", e->id, e->action);
    if (*e->preflight)
        fprintf(out, "\nPredicted by the pre-flight check `%s`: `gem5wb doctor --step STEP` (or "
                "`--file FILE`) reports it before a run.\n", e->preflight);
    fprintf(out, "\nSeen in:\n\n");
    for (size_t i = 0; i < e->nevidence; i++) {
        fprintf(out, "- %s: ", e->evidence[i].file);
        code(out, e->evidence[i].line);
        fprintf(out, "\n");
    }
}

static void write_page(FILE *out, const struct kb *kb)
{
    intro(out, kb);
    for (size_t i = 0; i < kb->n; i++) {
        fprintf(out, "\n");
        facts(out, &kb->entries[i]);
        advice(out, &kb->entries[i]);
    }
}

int cmd_kb_markdown(int argc, char **argv)
{
    struct args a;
    struct kb kb;
    int rc = args_parse("kb markdown", argc, argv, NULL, NULL, NULL, 0, 0, &a);
    if (rc >= 0 || (rc = kbp_load(&kb, a.common.json)) != CLI_OK)
        return rc;
    if (!a.common.json) {
        write_page(stdout, &kb);
        kb_free(&kb);
        return CLI_OK;
    }
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    if (!mem) {
        kb_free(&kb);
        return cli_error(true, "out of memory writing the page");
    }
    write_page(mem, &kb);
    fclose(mem);
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "source", kb.source);
    cJSON_AddStringToObject(doc, "markdown", text);
    free(text);
    kb_free(&kb);
    return cli_json_out(doc, CLI_OK);
}

/* One entry of kb.json checked field by field: every field present and of its type, no
 * unknown or repeated field, ids, tools, commits and evidence paths of their syntax, and
 * regexes that compile. Errors name the entry: "docs/kb.json: entry 4 (id): ...". */
#include "core/kb/kb_impl.h"

#include "core/util/err.h"

#include <ctype.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const fields[] = { "id", "title", "kind", "tools", "steps", "commits",
                                      "patterns", "preflight", "explain", "fix", "action",
                                      "evidence", NULL };

bool kb_is_id(const char *s, size_t len)
{
    if (!len || s[0] == '-' || s[len - 1] == '-')
        return false;
    for (size_t i = 0; i < len; i++) {
        bool word = islower((unsigned char)s[i]) || isdigit((unsigned char)s[i]);
        if (!word && (s[i] != '-' || s[i + 1] == '-'))
            return false;
    }
    return true;
}

static bool is_commit(const char *s)
{
    size_t n = strspn(s, "0123456789abcdef");
    return n >= 7 && n <= 40 && !s[n];
}

static bool in_list(const char *const *list, const char *s)
{
    for (size_t i = 0; list[i]; i++)
        if (!strcmp(list[i], s))
            return true;
    return false;
}

/* Unknown or repeated fields: a typo must not silently drop what it was meant to say. */
static int check_names(const cJSON *obj, const char *const *known, const char *ctx,
                       const char *what, char *err)
{
    for (const cJSON *c = obj->child; c; c = c->next) {
        if (!in_list(known, c->string))
            return err_set(err, "%s: unknown field '%s'%s%s", ctx, c->string, *what ? " in " : "",
                           what);
        for (const cJSON *d = obj->child; d != c; d = d->next)
            if (!strcmp(d->string, c->string))
                return err_set(err, "%s: field '%s'%s%s appears twice", ctx, c->string,
                               *what ? " of " : "", what);
    }
    return 0;
}

/* A string field into a malloc'ed copy; empty only when may_be_empty. */
static int get_str(const cJSON *obj, const char *name, bool may_be_empty, const char *ctx,
                   char **out, char *err)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (!v)
        return err_set(err, "%s: field '%s' is missing", ctx, name);
    if (!cJSON_IsString(v))
        return err_set(err, "%s: field '%s' must be a string", ctx, name);
    if (!may_be_empty && !*v->valuestring)
        return err_set(err, "%s: field '%s' is empty", ctx, name);
    if (!(*out = strdup(v->valuestring)))
        return err_set(err, "%s: out of memory", ctx);
    return 0;
}

/* An array of non-empty strings; check (may be NULL) vets each one. */
static int get_list(const cJSON *obj, const char *name, bool need_one, const char *ctx,
                    bool (*check)(const char *), char ***out, size_t *n, char *err)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name), *s;
    if (!v)
        return err_set(err, "%s: field '%s' is missing", ctx, name);
    if (!cJSON_IsArray(v))
        return err_set(err, "%s: field '%s' must be an array of strings", ctx, name);
    if (need_one && !cJSON_GetArraySize(v))
        return err_set(err, "%s: field '%s' is empty", ctx, name);
    if (!(*out = calloc((size_t)cJSON_GetArraySize(v) + 1, sizeof **out)))
        return err_set(err, "%s: out of memory", ctx);
    cJSON_ArrayForEach(s, v) {
        if (!cJSON_IsString(s) || !*s->valuestring)
            return err_set(err, "%s: field '%s' holds something other than a non-empty string",
                           ctx, name);
        if (check && !check(s->valuestring))
            return err_set(err, "%s: '%s' in field '%s' is not valid here", ctx,
                           s->valuestring, name);
        if (!((*out)[(*n)++] = strdup(s->valuestring)))
            return err_set(err, "%s: out of memory", ctx);
    }
    return 0;
}

static bool is_tool(const char *s) { return kb_tool_known(s); }
static bool is_step(const char *s) { return kb_is_id(s, strlen(s)); }

/* The array field `name`, each item an object handed to one(). */
static int get_objects(const cJSON *obj, const char *name, const char *ctx, size_t size,
                       void **out, size_t *n, char *err,
                       int (*one)(const cJSON *, const char *, void *, char *))
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name), *o;
    if (!v)
        return err_set(err, "%s: field '%s' is missing", ctx, name);
    if (!cJSON_IsArray(v) || !cJSON_GetArraySize(v))
        return err_set(err, "%s: field '%s' must be a non-empty array of objects", ctx, name);
    if (!(*out = calloc((size_t)cJSON_GetArraySize(v), size)))
        return err_set(err, "%s: out of memory", ctx);
    cJSON_ArrayForEach(o, v) {
        char where[ERR_LEN];
        snprintf(where, sizeof where, "%s: %s %zu", ctx, name, *n + 1);
        if (!cJSON_IsObject(o))
            return err_set(err, "%s is not an object", where);
        if (one(o, where, (char *)*out + (*n)++ * size, err) != 0)
            return -1;
    }
    return 0;
}

static int one_pattern(const cJSON *o, const char *where, void *item, char *err)
{
    static const char *const names[] = { "tool", "text", "regex", NULL };
    struct kb_pattern *p = item;
    if (check_names(o, names, where, "", err) != 0 ||
        get_str(o, "tool", true, where, &p->tool, err) != 0 ||
        get_str(o, "text", false, where, &p->text, err) != 0)
        return -1;
    if (strlen(p->text) < 2)
        return err_set(err, "%s: text '%s' is shorter than 2 characters, too short to look for",
                       where, p->text);
    if (*p->tool && !kb_tool_known(p->tool))
        return err_set(err, "%s: tool '%s' is not one of the job parsers", where, p->tool);
    if (!cJSON_GetObjectItemCaseSensitive(o, "regex"))
        return 0;
    if (get_str(o, "regex", false, where, &p->regex, err) != 0)
        return -1;
    regex_t *re = calloc(1, sizeof *re);
    int rc = re ? regcomp(re, p->regex, REG_EXTENDED | REG_NOSUB) : REG_ESPACE;
    if (rc != 0) {
        char why[160] = "out of memory";
        if (re)
            regerror(rc, re, why, sizeof why);
        free(re);
        return err_set(err, "%s: the regex '%s' does not compile: %s", where, p->regex, why);
    }
    p->compiled = re;
    return 0;
}

static int one_evidence(const cJSON *o, const char *where, void *item, char *err)
{
    static const char *const names[] = { "file", "line", NULL };
    struct kb_evidence *ev = item;
    if (check_names(o, names, where, "", err) != 0 ||
        get_str(o, "file", false, where, &ev->file, err) != 0 ||
        get_str(o, "line", false, where, &ev->line, err) != 0)
        return -1;
    if (strncmp(ev->file, "fixtures/", 9) && strncmp(ev->file, "tests/kb/", 9))
        return err_set(err, "%s: file '%s' is neither under fixtures/ nor tests/kb/", where,
                       ev->file);
    return 0;
}

static int get_commit(const cJSON *c, const char *name, const char *ctx, char **out, char *err)
{
    if (!cJSON_GetObjectItemCaseSensitive(c, name))
        return 0;
    if (get_str(c, name, false, ctx, out, err) != 0)
        return -1;
    if (strcmp(name, "text") && !is_commit(*out))
        return err_set(err, "%s: commits.%s '%s' is not a commit hash (7 to 40 lower-case hex "
                       "digits)", ctx, name, *out);
    return 0;
}

static int get_commits(const cJSON *obj, const char *ctx, struct kb_entry *e, char *err)
{
    static const char *const names[] = { "from", "to", "text", NULL };
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(obj, "commits");
    if (!c)
        return 0;
    if (!cJSON_IsObject(c))
        return err_set(err, "%s: field 'commits' must be an object", ctx);
    if (check_names(c, names, ctx, "commits", err) != 0)
        return -1;
    return get_commit(c, "from", ctx, &e->commit_from, err) || get_commit(c, "to", ctx,
           &e->commit_to, err) || get_commit(c, "text", ctx, &e->commit_text, err) ? -1 : 0;
}

/* id first, so every later error names the entry. */
static int get_id(const cJSON *obj, const char *ctx, struct kb_entry *e, char *named, size_t cap,
                  char *err)
{
    if (get_str(obj, "id", false, ctx, &e->id, err) != 0)
        return -1;
    if (!kb_is_id(e->id, strlen(e->id)))
        return err_set(err, "%s: id '%s' is not lower-case words joined by dashes", ctx, e->id);
    snprintf(named, cap, "%s (%s)", ctx, e->id);
    return 0;
}

static int get_kind(const cJSON *obj, const char *ctx, struct kb_entry *e, char *err)
{
    static const char *const kinds[] = { "fail", "warn", "info", NULL };
    if (get_str(obj, "kind", false, ctx, &e->kind, err) != 0)
        return -1;
    if (!in_list(kinds, e->kind))
        return err_set(err, "%s: kind '%s' is not fail, warn or info", ctx, e->kind);
    return 0;
}

/* "" or an id; an action is an id, then its arguments. */
static int get_ref(const cJSON *obj, const char *name, const char *ctx, char **out, char *err)
{
    if (get_str(obj, name, true, ctx, out, err) != 0)
        return -1;
    if (**out && !kb_is_id(*out, strcspn(*out, " ")))
        return err_set(err, "%s: %s '%s' does not start with a name of lower-case words and "
                       "dashes", ctx, name, *out);
    return 0;
}

int kb_entry_parse(const cJSON *obj, const char *ctx, struct kb_entry *e, char *err)
{
    char at[ERR_LEN];
    void *pats = NULL, *evs = NULL;
    if (!cJSON_IsObject(obj))
        return err_set(err, "%s is not an object", ctx);
    if (get_id(obj, ctx, e, at, sizeof at, err) != 0 || check_names(obj, fields, at, "", err) != 0)
        return -1;
    int rc = get_str(obj, "title", false, at, &e->title, err) || get_kind(obj, at, e, err) ||
             get_list(obj, "tools", true, at, is_tool, &e->tools, &e->ntools, err) ||
             get_list(obj, "steps", false, at, is_step, &e->steps, &e->nsteps, err) ||
             get_commits(obj, at, e, err) ||
             get_objects(obj, "patterns", at, sizeof(struct kb_pattern), &pats, &e->npatterns, err,
                         one_pattern) ||
             get_ref(obj, "preflight", at, &e->preflight, err) ||
             get_str(obj, "explain", false, at, &e->explain, err) ||
             get_list(obj, "fix", true, at, NULL, &e->fix, &e->nfix, err) ||
             get_ref(obj, "action", at, &e->action, err) ||
             get_objects(obj, "evidence", at, sizeof(struct kb_evidence), &evs, &e->nevidence, err,
                         one_evidence);
    e->patterns = pats;
    e->evidence = evs;
    return rc ? -1 : 0;
}

static void free_list(char **list, size_t n)
{
    for (size_t i = 0; list && i < n; i++)
        free(list[i]);
    free(list);
}

void kb_entry_free(struct kb_entry *e)
{
    free(e->id), free(e->title), free(e->kind), free(e->explain), free(e->preflight);
    free(e->action), free(e->commit_from), free(e->commit_to), free(e->commit_text);
    free_list(e->tools, e->ntools);
    free_list(e->steps, e->nsteps);
    free_list(e->fix, e->nfix);
    for (size_t i = 0; e->patterns && i < e->npatterns; i++) {
        struct kb_pattern *p = &e->patterns[i];
        if (p->compiled)
            regfree(p->compiled);
        free(p->compiled), free(p->tool), free(p->text), free(p->regex);
    }
    for (size_t i = 0; e->evidence && i < e->nevidence; i++)
        free(e->evidence[i].file), free(e->evidence[i].line);
    free(e->patterns);
    free(e->evidence);
    memset(e, 0, sizeof *e);
}

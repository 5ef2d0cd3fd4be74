/* The knowledge base as a whole: kb.json read (a file, $GEM5WB_KB, or the built-in copy),
 * its envelope checked, unique ids, and lookups by id, tool, step and words. */
#include "core/kb/kb_impl.h"

#include "core/util/err.h"
#include "core/util/fileio.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define KB_MAX_BYTES (16u << 20)
#define KB_BUILTIN "built-in"

const char *const kb_tool_names[] = { "gem5", "sst", "scons", "make", "configure", "packer",
                                      "git", "guest", "gem5wb", NULL };

bool kb_tool_known(const char *t)
{
    for (size_t i = 0; t && kb_tool_names[i]; i++)
        if (!strcmp(kb_tool_names[i], t))
            return true;
    return false;
}

/* How errors name the source: the built-in copy is still docs/kb.json to a reader. */
static const char *shown(const char *source)
{
    return strcmp(source, KB_BUILTIN) ? source : "built-in docs/kb.json";
}

static int json_error(const char *text, size_t len, const char *source, char *err)
{
    const char *at = cJSON_GetErrorPtr();
    if (!at || at < text || at > text + len)
        return err_set(err, "%s: not valid JSON", shown(source));
    size_t line = 1;
    for (const char *p = text; p < at; p++)
        line += *p == '\n';
    return err_set(err, "%s: line %zu: not valid JSON", shown(source), line);
}

static int check_envelope(const cJSON *doc, const char *name, char *err)
{
    if (!cJSON_IsObject(doc))
        return err_set(err, "%s: the top level must be an object {\"version\": 1, \"entries\": "
                       "[...]}", name);
    for (const cJSON *c = doc->child; c; c = c->next)
        if (strcmp(c->string, "version") && strcmp(c->string, "entries"))
            return err_set(err, "%s: unknown top-level field '%s'", name, c->string);
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(doc, "version");
    if (!cJSON_IsNumber(v) || v->valuedouble != 1)
        return err_set(err, "%s: \"version\" must be 1", name);
    if (!cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(doc, "entries")))
        return err_set(err, "%s: \"entries\" must be an array", name);
    return 0;
}

static int parse_entries(const cJSON *doc, const char *name, struct kb *kb, char *err)
{
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(doc, "entries"), *o;
    if (!(kb->entries = calloc((size_t)cJSON_GetArraySize(list) + 1, sizeof *kb->entries)))
        return err_set(err, "%s: out of memory", name);
    cJSON_ArrayForEach(o, list) {
        char ctx[ERR_LEN];
        snprintf(ctx, sizeof ctx, "%s: entry %zu", name, kb->n + 1);
        struct kb_entry *e = &kb->entries[kb->n++];
        if (kb_entry_parse(o, ctx, e, err) != 0)
            return -1;
        for (size_t i = 0; i + 1 < kb->n; i++)
            if (!strcmp(kb->entries[i].id, e->id))
                return err_set(err, "%s (%s): id already used by entry %zu", ctx, e->id, i + 1);
    }
    return 0;
}

int kb_parse(const char *text, size_t len, const char *source, struct kb *kb, char *err)
{
    memset(kb, 0, sizeof *kb);
    snprintf(kb->source, sizeof kb->source, "%s", source);
    cJSON *doc = cJSON_ParseWithLength(text, len);
    if (!doc)
        return json_error(text, len, source, err);
    int rc = check_envelope(doc, shown(source), err);
    if (rc == 0)
        rc = parse_entries(doc, shown(source), kb, err);
    cJSON_Delete(doc);
    if (rc != 0)
        kb_free(kb);
    return rc;
}

int kb_load(const char *path, struct kb *kb, char *err)
{
    char *text;
    size_t len;
    memset(kb, 0, sizeof *kb);
    if (file_read_all(path, KB_MAX_BYTES, &text, &len, err) != 0)
        return -1;
    int rc = kb_parse(text, len, path, kb, err);
    free(text);
    return rc;
}

int kb_load_default(struct kb *kb, char *err)
{
    const char *path = getenv("GEM5WB_KB");
    if (path && *path)
        return kb_load(path, kb, err);
    return kb_parse(kb_builtin_json, kb_builtin_len, KB_BUILTIN, kb, err);
}

void kb_free(struct kb *kb)
{
    for (size_t i = 0; kb->entries && i < kb->n; i++)
        kb_entry_free(&kb->entries[i]);
    free(kb->entries);
    kb->entries = NULL;
    kb->n = 0;
}

const struct kb_entry *kb_find(const struct kb *kb, const char *id)
{
    for (size_t i = 0; id && i < kb->n; i++)
        if (!strcmp(kb->entries[i].id, id))
            return &kb->entries[i];
    return NULL;
}

static bool list_has(char *const *list, size_t n, const char *s)
{
    for (size_t i = 0; s && i < n; i++)
        if (!strcmp(list[i], s))
            return true;
    return false;
}

bool kb_entry_has_tool(const struct kb_entry *e, const char *tool)
{
    return list_has(e->tools, e->ntools, tool);
}

bool kb_entry_has_step(const struct kb_entry *e, const char *step)
{
    return list_has(e->steps, e->nsteps, step);
}

/* word at the start of a word of text, any case: "mpi" finds "MPI_ERR_COUNT" and
 * "sst-mpi", not "compile". */
static bool has_word(const char *text, const char *word)
{
    for (const char *p = text; (p = strcasestr(p, word)) != NULL; p++)
        if (p == text || !isalnum((unsigned char)p[-1]))
            return true;
    return false;
}

static bool any_has(char *const *list, size_t n, const char *word)
{
    for (size_t i = 0; i < n; i++)
        if (has_word(list[i], word))
            return true;
    return false;
}

static bool entry_has_word(const struct kb_entry *e, const char *word)
{
    return has_word(e->id, word) || has_word(e->title, word) || has_word(e->explain, word) ||
           any_has(e->fix, e->nfix, word) || any_has(e->tools, e->ntools, word) ||
           any_has(e->steps, e->nsteps, word);
}

bool kb_entry_matches_query(const struct kb_entry *e, const char *query)
{
    char word[256];
    for (const char *q = query ? query : ""; *q;) {
        q += strspn(q, " \t\n");
        size_t n = strcspn(q, " \t\n");
        if (!n)
            break;
        snprintf(word, sizeof word, "%.*s", (int)(n < sizeof word ? n : sizeof word - 1), q);
        if (!entry_has_word(e, word))
            return false;
        q += n;
    }
    return true;
}

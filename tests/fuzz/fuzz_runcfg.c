/* libFuzzer target for the run configuration reader (core/checkpoint/runcfg.h): each input
 * is a config.json or config.ini, given to runcfg_parse. A config.ini must read exactly as
 * the m5.cpt model reads it (same accept/reject and message, one object per section, the
 * type and the first value of each key); a config.json must hold one object per JSON
 * object with string "path" and "type", in document order, with its string and bool
 * members as params. Any violated invariant abort()s, so libFuzzer records the input.
 *
 * fuzz-seeds: config.ini config.json *.cpt
 */
#include "core/checkpoint/cpt.h"
#include "core/checkpoint/runcfg.h"
#include "core/util/err.h"

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAME "fuzz.cfg"
#define MAX_PARAM_CHECKS 1024

static void violated(const char *fmt, ...) __attribute__((format(__printf__, 1, 2), noreturn));

static void violated(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("fuzz_runcfg: invariant violated: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    abort();
}

#define CHECK(cond, ...) do { if (!(cond)) violated(__VA_ARGS__); } while (0)

static const char *str(const char *s) { return s ? s : "(null)"; }

/* ---- config.ini: compared with the m5.cpt model ---- */

static void check_ini(const struct runcfg *cfg, const char *err, const char *text, size_t size)
{
    char err2[ERR_LEN] = "";
    struct cpt *c = cpt_parse(NAME, text, size, err2);
    CHECK((cfg != NULL) == (c != NULL), "runcfg_parse %s but cpt_parse %s (%s%s)",
          cfg ? "accepted" : "refused", c ? "accepts" : "refuses", err, err2);
    if (!c) {
        CHECK(strcmp(err, err2) == 0, "runcfg error '%s' differs from the m5.cpt one '%s'", err,
              err2);
        return;
    }
    size_t n = cpt_section_count(c), checks = 0;
    CHECK(runcfg_count(cfg) == n, "%zu objects for %zu sections", runcfg_count(cfg), n);
    for (size_t i = 0; i < n; i++) {
        const char *sec = cpt_section_name(c, i), *type = cpt_get(c, sec, "type");
        CHECK(strcmp(runcfg_path(cfg, i), sec) == 0, "object %zu is '%s', section '%s'", i,
              runcfg_path(cfg, i), sec);
        CHECK(strcmp(runcfg_type(cfg, i), type ? type : "") == 0,
              "object %s has type '%s', the section says '%s'", sec, runcfg_type(cfg, i),
              str(type));
        CHECK(runcfg_find(cfg, sec) == (long)i, "runcfg_find('%s') = %ld, not %zu", sec,
              runcfg_find(cfg, sec), i);
        for (size_t k = 0; k < cpt_entry_count(c, i) && checks < MAX_PARAM_CHECKS; k++, checks++) {
            const char *key = cpt_entry_key(c, i, k);
            if (strcmp(key, "type") == 0)
                continue;
            size_t first = k;     /* the first line of the key wins */
            for (size_t j = 0; j < k; j++)
                if (strcmp(cpt_entry_key(c, i, j), key) == 0) {
                    first = j;
                    break;
                }
            const char *want = cpt_entry_value(c, i, first), *got = runcfg_param(cfg, i, key);
            CHECK(got && strcmp(got, want) == 0, "[%s] param %s is '%s', the file's first is '%s'",
                  sec, key, str(got), want);
        }
    }
    cpt_free(c);
}

/* ---- config.json: compared with a walk of cJSON's own tree ---- */

struct walk {
    const struct runcfg *cfg;
    size_t at, checks;
};

static void check_params(struct walk *w, size_t i, const cJSON *node)
{
    const cJSON *m;
    cJSON_ArrayForEach(m, node) {
        if (w->checks++ >= MAX_PARAM_CHECKS)
            return;
        if (!strcmp(m->string, "path") || !strcmp(m->string, "type"))
            continue;
        const char *got = runcfg_param(w->cfg, i, m->string);
        /* with a repeated member the first one wins: only check unique ones */
        const cJSON *dup = node->child;
        while (dup && (dup == m || strcmp(dup->string, m->string) != 0))
            dup = dup->next;
        if (dup)
            continue;
        if (cJSON_IsString(m))
            CHECK(got && strcmp(got, m->valuestring) == 0, "%s param %s is '%s', JSON has '%s'",
                  runcfg_path(w->cfg, i), m->string, str(got), m->valuestring);
        else if (cJSON_IsBool(m))
            CHECK(got && strcmp(got, cJSON_IsTrue(m) ? "true" : "false") == 0,
                  "%s param %s is '%s' for a bool", runcfg_path(w->cfg, i), m->string, str(got));
        else if (cJSON_IsNumber(m))
            CHECK(got && *got, "%s param %s is missing for a number", runcfg_path(w->cfg, i),
                  m->string);
        else if (cJSON_IsNull(m))
            CHECK(!got, "%s param %s is '%s' for a null", runcfg_path(w->cfg, i), m->string, got);
    }
}

static void walk_json(struct walk *w, const cJSON *node)
{
    if (cJSON_IsObject(node)) {
        const cJSON *path = cJSON_GetObjectItemCaseSensitive(node, "path");
        const cJSON *type = cJSON_GetObjectItemCaseSensitive(node, "type");
        if (cJSON_IsString(path) && cJSON_IsString(type)) {
            size_t i = w->at++;
            CHECK(i < runcfg_count(w->cfg), "more JSON objects than the %zu read",
                  runcfg_count(w->cfg));
            CHECK(strcmp(runcfg_path(w->cfg, i), path->valuestring) == 0 &&
                  strcmp(runcfg_type(w->cfg, i), type->valuestring) == 0,
                  "object %zu is %s (%s), JSON has %s (%s)", i, runcfg_path(w->cfg, i),
                  runcfg_type(w->cfg, i), path->valuestring, type->valuestring);
            CHECK(runcfg_param(w->cfg, i, "path") == NULL && runcfg_param(w->cfg, i, "type") == NULL,
                  "object %s has path or type as a param", path->valuestring);
            check_params(w, i, node);
        }
    }
    if (cJSON_IsObject(node) || cJSON_IsArray(node)) {
        const cJSON *e;
        cJSON_ArrayForEach(e, node)
            walk_json(w, e);
    }
}

static void check_json(const struct runcfg *cfg, const char *err, const char *text, size_t size)
{
    cJSON *root = cJSON_ParseWithLength(text, size);
    CHECK((cfg != NULL) == (root != NULL), "runcfg_parse %s JSON that cJSON %s (%s)",
          cfg ? "accepted" : "refused", root ? "accepts" : "refuses", err);
    if (!root) {
        CHECK(strncmp(err, NAME ": not valid JSON", strlen(NAME ": not valid JSON")) == 0,
              "JSON error message '%s'", err);
        return;
    }
    struct walk w = { .cfg = cfg };
    walk_json(&w, root);
    CHECK(w.at == runcfg_count(cfg), "%zu objects read, JSON has %zu", runcfg_count(cfg), w.at);
    cJSON_Delete(root);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* runcfg.h has both "NUL-terminated at text[len]" and not: give it the terminator. */
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    char err[ERR_LEN] = "";
    struct runcfg *cfg = runcfg_parse(NAME, text, size, err);
    if (cfg) {
        CHECK(strcmp(runcfg_file(cfg), NAME) == 0, "runcfg_file is '%s'", runcfg_file(cfg));
        for (size_t i = 0; i < runcfg_count(cfg); i++) {
            const char *path = runcfg_path(cfg, i), *type = runcfg_type(cfg, i);
            CHECK(path && type, "object %zu has no path or type", i);
            long f = runcfg_find(cfg, path);
            CHECK(f >= 0 && (size_t)f <= i && strcmp(runcfg_path(cfg, (size_t)f), path) == 0,
                  "runcfg_find('%s') = %ld for object %zu", path, f, i);
            CHECK(runcfg_param(cfg, i, "type") == NULL, "object %s has type as a param", path);
        }
        CHECK(runcfg_find(cfg, "\x01 no such object") == -1, "runcfg_find of a missing object");
    } else {
        CHECK(strnlen(err, ERR_LEN) < ERR_LEN && strncmp(err, NAME ":", strlen(NAME ":")) == 0,
              "error '%s' does not name the file", err);
    }
    size_t p = 0;
    while (p < size && (text[p] == ' ' || text[p] == '\n' || text[p] == '\t' || text[p] == '\r'))
        p++;
    if (p < size && text[p] == '{')
        check_json(cfg, err, text, size);
    else
        check_ini(cfg, err, text, size);
    runcfg_free(cfg);
    free(text);
    return 0;
}

/* Loads config.json / config.ini into one flat table of objects, so the memory map
 * and the CPU summary read both formats through the same calls. */
#include "core/checkpoint/runcfg.h"
#include "core/checkpoint/cpt.h"
#include "core/util/err.h"
#include "core/util/fileio.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define RUNCFG_MAX_FILE (256u << 20)

struct param { char *key; char *value; };

struct object {
    char *path;
    char *type;
    struct param *params;
    size_t nparams, cap;
};

struct runcfg {
    char *file;
    struct object *objs;
    size_t n, cap;
};

static struct object *obj_add(struct runcfg *cfg, const char *path, const char *type)
{
    if (cfg->n == cfg->cap) {
        size_t cap = cfg->cap ? cfg->cap * 2 : 64;
        struct object *o = realloc(cfg->objs, cap * sizeof *o);
        if (!o)
            return NULL;
        cfg->objs = o;
        cfg->cap = cap;
    }
    struct object *o = &cfg->objs[cfg->n];
    memset(o, 0, sizeof *o);
    o->path = strdup(path);
    o->type = strdup(type ? type : "");
    if (!o->path || !o->type) {
        free(o->path);
        free(o->type);
        return NULL;
    }
    cfg->n++;
    return o;
}

/* Takes ownership of value. */
static int param_add(struct object *o, const char *key, char *value)
{
    if (!value)
        return -1;
    if (o->nparams == o->cap) {
        size_t cap = o->cap ? o->cap * 2 : 16;
        struct param *p = realloc(o->params, cap * sizeof *p);
        if (!p) {
            free(value);
            return -1;
        }
        o->params = p;
        o->cap = cap;
    }
    o->params[o->nparams].key = strdup(key);
    if (!o->params[o->nparams].key) {
        free(value);
        return -1;
    }
    o->params[o->nparams++].value = value;
    return 0;
}

void runcfg_free(struct runcfg *cfg)
{
    if (!cfg)
        return;
    for (size_t i = 0; i < cfg->n; i++) {
        struct object *o = &cfg->objs[i];
        for (size_t k = 0; k < o->nparams; k++) {
            free(o->params[k].key);
            free(o->params[k].value);
        }
        free(o->params);
        free(o->path);
        free(o->type);
    }
    free(cfg->objs);
    free(cfg->file);
    free(cfg);
}

/* ---- JSON ---- */

/* One scalar as config.ini would print it; NULL for objects and nulls. */
static char *json_scalar(const cJSON *v)
{
    char buf[64];
    if (cJSON_IsString(v))
        return strdup(v->valuestring);
    if (cJSON_IsBool(v))
        return strdup(cJSON_IsTrue(v) ? "true" : "false");
    if (cJSON_IsNumber(v)) {
        /* cJSON keeps numbers as doubles: integral ones print as integers (exactly, up
         * to 2^53), only after a range check, since casting a double out of range is
         * undefined (gem5's MaxTick, 2^64-1, is out of long long's range) */
        double d = v->valuedouble;
        if (d >= -9.2e18 && d <= 9.2e18 && d == (double)(long long)d)
            snprintf(buf, sizeof buf, "%lld", (long long)d);
        else if (d == floor(d) && fabs(d) < 1e20)
            snprintf(buf, sizeof buf, "%.0f", d);
        else
            snprintf(buf, sizeof buf, "%.6f", d);
        return strdup(buf);
    }
    return NULL;
}

/* A list of scalars joined by spaces, as config.ini writes vector params. */
static char *json_list(const cJSON *arr)
{
    size_t len = 1;
    char *out = calloc(1, 1);
    const cJSON *e;
    cJSON_ArrayForEach(e, arr) {
        char *s = json_scalar(e);
        if (!s)
            continue;
        size_t sl = strlen(s);
        char *n = out ? realloc(out, len + sl + 1) : NULL;
        if (!n) {
            free(s);
            free(out);
            return NULL;
        }
        out = n;
        if (len > 1)
            strcat(out, " ");
        strcat(out, s);
        len += sl + (len > 1);
        free(s);
    }
    return out;
}

static int json_walk(struct runcfg *cfg, const cJSON *node);

/* A list holding objects is a vector of children, not a param. */
static int json_has_objects(const cJSON *arr)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, arr)
        if (cJSON_IsObject(e) || cJSON_IsArray(e))
            return 1;
    return 0;
}

static int json_object(struct runcfg *cfg, const cJSON *node)
{
    const cJSON *path = cJSON_GetObjectItemCaseSensitive(node, "path");
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(node, "type");
    struct object *o = NULL;
    if (cJSON_IsString(path) && cJSON_IsString(type)) {
        o = obj_add(cfg, path->valuestring, type->valuestring);
        if (!o)
            return -1;
    }
    size_t self = o ? cfg->n - 1 : 0;
    const cJSON *m;
    cJSON_ArrayForEach(m, node) {
        if (cJSON_IsObject(m) || (cJSON_IsArray(m) && json_has_objects(m))) {
            if (json_walk(cfg, m) != 0)
                return -1;
            continue;
        }
        if (!o || !strcmp(m->string, "path") || !strcmp(m->string, "type"))
            continue;
        char *v = cJSON_IsArray(m) ? json_list(m) : json_scalar(m);
        /* children may have grown the table: re-take our object by index */
        if (v && param_add(&cfg->objs[self], m->string, v) != 0)
            return -1;
    }
    return 0;
}

static int json_walk(struct runcfg *cfg, const cJSON *node)
{
    if (cJSON_IsObject(node))
        return json_object(cfg, node);
    if (cJSON_IsArray(node)) {
        const cJSON *e;
        cJSON_ArrayForEach(e, node)
            if (json_walk(cfg, e) != 0)
                return -1;
    }
    return 0;
}

static int load_json(struct runcfg *cfg, const char *text, size_t len, char *err)
{
    cJSON *root = cJSON_ParseWithLength(text, len);
    if (!root) {
        const char *at = cJSON_GetErrorPtr();
        long off = at ? (long)(at - text) : -1;
        return err_set(err, "%s: not valid JSON (error near byte %ld)", cfg->file, off);
    }
    int rc = json_walk(cfg, root);
    cJSON_Delete(root);
    if (rc != 0)
        return err_set(err, "%s: out of memory while reading the config", cfg->file);
    return 0;
}

/* ---- INI: the same format as m5.cpt, so the m5.cpt model reads it ---- */

static int load_ini(struct runcfg *cfg, const char *text, size_t len, char *err)
{
    struct cpt *ini = cpt_parse(cfg->file, text, len, err);
    if (!ini)
        return -1;
    for (size_t s = 0; s < cpt_section_count(ini); s++) {
        const char *name = cpt_section_name(ini, s);
        const char *type = cpt_get(ini, name, "type");
        struct object *o = obj_add(cfg, name, type);
        if (!o)
            goto oom;
        size_t self = cfg->n - 1;
        for (size_t k = 0; k < cpt_entry_count(ini, s); k++) {
            const char *key = cpt_entry_key(ini, s, k);
            if (!strcmp(key, "type"))
                continue;
            if (param_add(&cfg->objs[self], key, strdup(cpt_entry_value(ini, s, k))) != 0)
                goto oom;
        }
    }
    cpt_free(ini);
    return 0;
oom:
    cpt_free(ini);
    return err_set(err, "%s: out of memory while reading the config", cfg->file);
}

struct runcfg *runcfg_parse(const char *name, const char *text, size_t len, char *err)
{
    struct runcfg *cfg = calloc(1, sizeof *cfg);
    if (!cfg || !(cfg->file = strdup(name))) {
        free(cfg);
        err_set(err, "out of memory reading '%s'", name);
        return NULL;
    }
    const char *p = text;
    while (p < text + len && (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r'))
        p++;
    int rc = p < text + len && *p == '{' ? load_json(cfg, text, len, err)
                                          : load_ini(cfg, text, len, err);
    if (rc != 0) {
        runcfg_free(cfg);
        return NULL;
    }
    return cfg;
}

struct runcfg *runcfg_load(const char *path, char *err)
{
    char *text;
    size_t len;
    if (file_read_all(path, RUNCFG_MAX_FILE, &text, &len, err) != 0)
        return NULL;
    struct runcfg *cfg = runcfg_parse(path, text, len, err);
    free(text);
    return cfg;
}

int runcfg_find_beside(const char *dir, char *buf, size_t len)
{
    static const char *names[] = {"config.json", "config.ini"};
    char parent[4096];
    path_parent(dir, parent, sizeof parent);
    const char *dirs[] = {dir, parent};
    for (size_t d = 0; d < 2; d++)
        for (size_t n = 0; n < 2; n++)
            if (path_join(buf, len, dirs[d], names[n]) == 0 && access(buf, R_OK) == 0)
                return 0;
    return -1;
}

const char *runcfg_file(const struct runcfg *cfg) { return cfg->file; }
size_t runcfg_count(const struct runcfg *cfg) { return cfg->n; }
const char *runcfg_path(const struct runcfg *cfg, size_t i) { return cfg->objs[i].path; }
const char *runcfg_type(const struct runcfg *cfg, size_t i) { return cfg->objs[i].type; }

long runcfg_find(const struct runcfg *cfg, const char *path)
{
    for (size_t i = 0; i < cfg->n; i++)
        if (!strcmp(cfg->objs[i].path, path))
            return (long)i;
    return -1;
}

const char *runcfg_param(const struct runcfg *cfg, size_t i, const char *key)
{
    const struct object *o = &cfg->objs[i];
    for (size_t k = 0; k < o->nparams; k++)
        if (!strcmp(o->params[k].key, key))
            return o->params[k].value;
    return NULL;
}

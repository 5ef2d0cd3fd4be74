/* config.json and config.ini for a sample layout, in the shapes gem5 writes them:
 * nested objects keyed by attribute (vectors as lists) and path-sorted ini sections. */
#include "core/checkpoint/sample.h"
#include "core/util/err.h"
#include "core/util/fileio.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* gem5 names root's children without a "root." prefix: root -> board -> board.x */
static bool is_child(const char *parent, const char *path)
{
    if (!strcmp(parent, "root"))
        return strcmp(path, "root") && !strchr(path, '.');
    size_t n = strlen(parent);
    return !strncmp(path, parent, n) && path[n] == '.' && !strchr(path + n + 1, '.');
}

static const char *obj_name(const struct sample_obj *o)
{
    const char *dot = strrchr(o->path, '.');
    return dot ? dot + 1 : o->path;
}

static cJSON *param_json(const struct sample_param *p)
{
    switch (p->kind) {
    case SP_INT: return cJSON_CreateNumber(strtod(p->value, NULL));
    case SP_BOOL: return cJSON_CreateBool(!strcmp(p->value, "true"));
    case SP_STR: return cJSON_CreateString(p->value);
    case SP_LIST: break;
    }
    cJSON *arr = cJSON_CreateArray();
    char *copy = strdup(p->value), *save = NULL;
    for (char *t = copy ? strtok_r(copy, " ", &save) : NULL; t; t = strtok_r(NULL, " ", &save))
        cJSON_AddItemToArray(arr, cJSON_CreateString(t));
    free(copy);
    return arr;
}

static cJSON *obj_json(const struct sample_layout *l, unsigned idx)
{
    const struct sample_obj *o = &l->objs[idx];
    cJSON *j = cJSON_CreateObject();
    char cxx[128];
    bool mem = o->is_memory || !strcmp(o->type, "MemCtrl");
    snprintf(cxx, sizeof cxx, "gem5::%s%s", mem ? "memory::" : "", o->type);
    cJSON_AddStringToObject(j, "type", o->type);
    cJSON_AddStringToObject(j, "cxx_class", cxx);
    cJSON_AddStringToObject(j, "name", obj_name(o));
    cJSON_AddStringToObject(j, "path", o->path);
    for (unsigned k = 0; k < o->nparams; k++)
        cJSON_AddItemToObject(j, o->params[k].key, param_json(&o->params[k]));
    for (unsigned c = 0; c < l->n; c++) {
        const struct sample_obj *ch = &l->objs[c];
        if (!is_child(o->path, ch->path) || cJSON_GetObjectItemCaseSensitive(j, ch->attr))
            continue;
        unsigned same = 0;
        for (unsigned s = 0; s < l->n; s++)
            same += is_child(o->path, l->objs[s].path) && !strcmp(l->objs[s].attr, ch->attr);
        if (same == 1) {
            cJSON_AddItemToObject(j, ch->attr, obj_json(l, c));
            continue;
        }
        cJSON *arr = cJSON_AddArrayToObject(j, ch->attr);
        for (unsigned s = 0; s < l->n; s++)
            if (is_child(o->path, l->objs[s].path) && !strcmp(l->objs[s].attr, ch->attr))
                cJSON_AddItemToArray(arr, obj_json(l, s));
    }
    return j;
}

static int cmp_obj(const void *a, const void *b)
{
    return strcmp((*(const struct sample_obj *const *)a)->path,
                  (*(const struct sample_obj *const *)b)->path);
}

static int cmp_param(const void *a, const void *b)
{
    return strcmp(((const struct sample_param *)a)->key, ((const struct sample_param *)b)->key);
}

static void ini_object(FILE *f, const struct sample_layout *l, const struct sample_obj *o)
{
    fprintf(f, "[%s]\ntype=%s\n", o->path, o->type);
    const char *sep = "children=";
    for (unsigned c = 0; c < l->n; c++)
        if (is_child(o->path, l->objs[c].path)) {
            fprintf(f, "%s%s", sep, obj_name(&l->objs[c]));
            sep = " ";
        }
    if (*sep == ' ')
        fputc('\n', f);
    struct sample_param sorted[12];
    memcpy(sorted, o->params, o->nparams * sizeof sorted[0]);
    qsort(sorted, o->nparams, sizeof sorted[0], cmp_param);
    for (unsigned k = 0; k < o->nparams; k++)
        fprintf(f, "%s=%s\n", sorted[k].key, sorted[k].value);
    fputc('\n', f);
}

/* config.ini: objects in path order, each followed by an empty line (print_ini). */
char *sample_config_ini(const struct sample_layout *l, size_t *len)
{
    char *buf = NULL;
    FILE *f = open_memstream(&buf, len);
    if (!f)
        return NULL;
    const struct sample_obj *order[SAMPLE_MAX_OBJS];
    for (unsigned i = 0; i < l->n; i++)
        order[i] = &l->objs[i];
    qsort(order, l->n, sizeof order[0], cmp_obj);
    for (unsigned i = 0; i < l->n; i++)
        ini_object(f, l, order[i]);
    fclose(f);
    return buf;
}

int sample_config_write(const char *outdir, const struct sample_layout *l,
                        const struct sample_opts *o, char *err)
{
    char path[4096];
    int rc = 0;
    if (!o->ini_only) {
        cJSON *root = obj_json(l, 0);
        char *text = cJSON_Print(root);
        cJSON_Delete(root);
        if (!text || path_join(path, sizeof path, outdir, "config.json") != 0)
            rc = err_set(err, "cannot build config.json for '%s'", outdir);
        else
            rc = file_replace(path, text, strlen(text), 0, err);
        free(text);
    }
    if (rc == 0 && !o->json_only) {
        size_t len = 0;
        char *text = sample_config_ini(l, &len);
        if (!text || path_join(path, sizeof path, outdir, "config.ini") != 0)
            rc = err_set(err, "cannot build config.ini for '%s'", outdir);
        else
            rc = file_replace(path, text, len, 0, err);
        free(text);
    }
    return rc;
}

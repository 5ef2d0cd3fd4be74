/* `gem5wb cpt sections|get|set`: read and edit m5.cpt keys; a set rewrites the file
 * atomically and keeps the original as m5.cpt.gem5wb-backup. */
#include "cli/args.h"
#include "cli/cmds.h"
#include "core/checkpoint/cpt.h"
#include "core/util/err.h"
#include "core/util/fileio.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Parses the command's arguments and loads DIR/m5.cpt into *c (path in `path`).
 * Returns -1 to go on, or the exit code to return. */
static int open_cpt(const char *cmd, int argc, char **argv, int npos, struct args *a,
                    char *path, size_t len, struct cpt **c)
{
    int rc = args_parse(cmd, argc, argv, NULL, NULL, NULL, npos, npos, a);
    if (rc >= 0)
        return rc;
    char err[ERR_LEN];
    if (path_join(path, len, a->pos[0], "m5.cpt") != 0)
        return cli_error(a->common.json, "the checkpoint path is too long");
    *c = cpt_load(path, err);
    return *c ? -1 : cli_error(a->common.json, err);
}

int cmd_cpt_sections(int argc, char **argv)
{
    struct args a;
    struct cpt *c;
    char path[4096];
    int rc = open_cpt("cpt sections", argc, argv, 1, &a, path, sizeof path, &c);
    if (rc >= 0)
        return rc;
    cJSON *doc = a.common.json ? cJSON_CreateObject() : NULL;
    cJSON *arr = doc ? cJSON_AddArrayToObject(doc, "sections") : NULL;
    for (size_t i = 0; i < cpt_section_count(c); i++) {
        if (!doc) {
            printf("%6zu  %-50s %zu keys\n", cpt_section_line(c, i), cpt_section_name(c, i),
                   cpt_entry_count(c, i));
            continue;
        }
        cJSON *s = cJSON_CreateObject();
        cJSON_AddStringToObject(s, "name", cpt_section_name(c, i));
        cJSON_AddNumberToObject(s, "line", (double)cpt_section_line(c, i));
        cJSON_AddNumberToObject(s, "keys", (double)cpt_entry_count(c, i));
        cJSON_AddItemToArray(arr, s);
    }
    cpt_free(c);
    return doc ? cli_json_out(doc, CLI_OK) : CLI_OK;
}

int cmd_cpt_get(int argc, char **argv)
{
    struct args a;
    struct cpt *c;
    char path[4096], err[ERR_LEN];
    int rc = open_cpt("cpt get", argc, argv, 3, &a, path, sizeof path, &c);
    if (rc >= 0)
        return rc;
    const char *v = cpt_get(c, a.pos[1], a.pos[2]);
    if (!v) {
        if (cpt_section_find(c, a.pos[1]) < 0)
            err_set(err, "%s has no section [%s]", path, a.pos[1]);
        else
            err_set(err, "%s: section [%s] has no key '%s'", path, a.pos[1], a.pos[2]);
        cpt_free(c);
        return cli_error(a.common.json, err);
    }
    if (a.common.json) {
        cJSON *doc = cJSON_CreateObject();
        cJSON_AddStringToObject(doc, "section", a.pos[1]);
        cJSON_AddStringToObject(doc, "key", a.pos[2]);
        cJSON_AddStringToObject(doc, "value", v);
        cpt_free(c);
        return cli_json_out(doc, CLI_OK);
    }
    puts(v);
    cpt_free(c);
    return CLI_OK;
}

int cmd_cpt_set(int argc, char **argv)
{
    struct args a;
    struct cpt *c;
    char err[ERR_LEN], path[4096], bak[4200];
    int rc = open_cpt("cpt set", argc, argv, 4, &a, path, sizeof path, &c);
    if (rc >= 0)
        return rc;
    const char *old = cpt_get(c, a.pos[1], a.pos[2]);
    char *before = old ? strdup(old) : NULL;
    if (cpt_set(c, a.pos[1], a.pos[2], a.pos[3], err) != 0 || cpt_save(c, path, err) != 0) {
        free(before);
        cpt_free(c);
        return cli_error(a.common.json, err);
    }
    cpt_free(c);
    file_backup_path(path, bak, sizeof bak);
    if (a.common.json) {
        cJSON *doc = cJSON_CreateObject();
        cJSON_AddBoolToObject(doc, "ok", 1);
        cJSON_AddStringToObject(doc, "file", path);
        cJSON_AddStringToObject(doc, "backup", bak);
        cJSON_AddStringToObject(doc, "section", a.pos[1]);
        cJSON_AddStringToObject(doc, "key", a.pos[2]);
        if (before)
            cJSON_AddStringToObject(doc, "old_value", before);
        else
            cJSON_AddNullToObject(doc, "old_value");
        cJSON_AddStringToObject(doc, "value", a.pos[3]);
        free(before);
        return cli_json_out(doc, CLI_OK);
    }
    printf("[%s] %s=%s (was %s%s%s) in %s; original kept as %s\n", a.pos[1], a.pos[2], a.pos[3],
           before ? "'" : "", before ? before : "not set", before ? "'" : "", path, bak);
    free(before);
    return CLI_OK;
}

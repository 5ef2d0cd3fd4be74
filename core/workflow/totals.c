/* The totals file: {"version": 1, "builds": {KEY: {"items", "last_items", "seconds",
 * "estimate"}}} in the workspace, read with cJSON and replaced atomically. */
#include "core/workflow/totals.h"

#include "core/util/err.h"
#include "core/util/fileio.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define TOTALS_MAX_BYTES (4u << 20)

static bool is_number(const char *s)
{
    if (!s || !*s)
        return false;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s) && *s != '.')
            return false;
    return true;
}

static bool is_dry(const char *a)
{
    static const char *const dry[] = { "-n", "--dry-run", "--just-print", "--recon",
                                       "--no-exec", NULL };
    for (int i = 0; dry[i]; i++)
        if (!strcmp(a, dry[i]))
            return true;
    return false;
}

/* Options that change how, not what, scons and make build. Returns how many argv entries
 * the option at a takes (1, or 2 with a separate number), 0 if a is not one of them. */
static int ignored(const char *a, const char *next)
{
    static const char *const flags[] = { "-k", "--keep-going", "-s", "--silent", "--quiet",
                                         "-Q", NULL };
    if (is_dry(a))
        return 1;
    for (int i = 0; flags[i]; i++)
        if (!strcmp(a, flags[i]))
            return 1;
    if (!strcmp(a, "-j") || !strcmp(a, "--jobs") || !strcmp(a, "-l") ||
        !strcmp(a, "--load-average"))
        return is_number(next) ? 2 : 1;
    if ((!strncmp(a, "-j", 2) || !strncmp(a, "-l", 2)) && is_number(a + 2))
        return 1;
    return !strncmp(a, "--jobs=", 7) || !strncmp(a, "--load-average=", 15);
}

bool totals_is_dry_run(const char *const *argv)
{
    for (size_t i = 1; argv[0] && argv[i]; i++)
        if (is_dry(argv[i]))
            return true;
    return false;
}

int totals_key(const char *parser, const char *cwd, const char *const *argv, char *key,
               size_t cap)
{
    const char *prog = argv[0] ? strrchr(argv[0], '/') : NULL;
    prog = prog ? prog + 1 : (argv[0] ? argv[0] : "");
    int n = snprintf(key, cap, "%s|%s|%s", parser, cwd, prog);
    if (n < 0 || (size_t)n >= cap)
        return -1;
    size_t len = (size_t)n;
    for (size_t i = 1; argv[0] && argv[i]; i++) {
        int skip = ignored(argv[i], argv[i + 1]);
        if (skip) {
            i += (size_t)skip - 1;
            continue;
        }
        n = snprintf(key + len, cap - len, " %s", argv[i]);
        if (n < 0 || (size_t)n >= cap - len)
            return -1;
        len += (size_t)n;
    }
    return 0;
}

int totals_path(const char *workspace, char *buf, size_t cap, char *err)
{
    const char *ws = workspace && *workspace ? workspace : getenv("GEM5WB_WORKSPACE");
    const char *state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
    int n;
    if (ws && *ws)
        n = snprintf(buf, cap, "%s/%s", ws, TOTALS_FILE);
    else if (state && *state == '/')
        n = snprintf(buf, cap, "%s/gem5wb/totals.json", state);
    else if (home && *home)
        n = snprintf(buf, cap, "%s/.local/state/gem5wb/totals.json", home);
    else
        return err_set(err, "no workspace given and HOME is not set: give --workspace DIR");
    if (n < 0 || (size_t)n >= cap)
        return err_set(err, "the workspace path is too long");
    return 0;
}

/* Parses path into *root ({"version":1,"builds":{}} when missing). */
static int load(const char *path, cJSON **root, char *err)
{
    char *data = NULL;
    size_t len = 0;
    struct stat st;
    if (stat(path, &st) != 0 && errno == ENOENT) {
        *root = cJSON_CreateObject();
        cJSON_AddNumberToObject(*root, "version", 1);
        cJSON_AddObjectToObject(*root, "builds");
        return 0;
    }
    if (file_read_all(path, TOTALS_MAX_BYTES, &data, &len, err) != 0)
        return -1;
    *root = cJSON_ParseWithLength(data, len);
    free(data);
    if (!*root || !cJSON_IsObject(cJSON_GetObjectItem(*root, "builds"))) {
        cJSON_Delete(*root);
        *root = NULL;
        return err_set(err, "%s is not a gem5wb totals file (damaged JSON?); delete it and "
                       "the next build counts afresh", path);
    }
    return 0;
}

static double num(const cJSON *o, const char *name)
{
    const cJSON *v = cJSON_GetObjectItem(o, name);
    return cJSON_IsNumber(v) && v->valuedouble > 0 ? v->valuedouble : 0;
}

int totals_get(const char *path, const char *key, struct totals_entry *e, char *err)
{
    cJSON *root;
    if (load(path, &root, err) != 0)
        return -1;
    const cJSON *b = cJSON_GetObjectItem(cJSON_GetObjectItem(root, "builds"), key);
    *e = (struct totals_entry){ 0 };
    if (cJSON_IsObject(b)) {
        e->items = (uint64_t)num(b, "items");
        e->last_items = (uint64_t)num(b, "last_items");
        e->seconds = num(b, "seconds");
        e->estimate = cJSON_IsTrue(cJSON_GetObjectItem(b, "estimate"));
    }
    cJSON_Delete(root);
    return e->items > 0;
}

static void set_num(cJSON *o, const char *name, double v)
{
    cJSON_DeleteItemFromObject(o, name);
    cJSON_AddNumberToObject(o, name, v);
}

/* Applies one finished build to the entry b. */
static void update(cJSON *b, uint64_t items, double seconds, bool dry_run)
{
    bool was_estimate = !cJSON_IsFalse(cJSON_GetObjectItem(b, "estimate"));
    double max = num(b, "items");
    if (dry_run) {
        if (!was_estimate && max > 0)
            return;                              /* a real count beats any estimate */
        set_num(b, "items", (double)items);
    } else {
        set_num(b, "last_items", (double)items);
        if (was_estimate || (double)items >= max) {
            set_num(b, "items", (double)items);
            set_num(b, "seconds", seconds);
        }
    }
    cJSON_DeleteItemFromObject(b, "estimate");
    cJSON_AddBoolToObject(b, "estimate", dry_run && (was_estimate || max == 0));
}

int totals_record(const char *path, const char *key, uint64_t items, double seconds,
                  bool dry_run, char *err)
{
    char dir[4096];
    path_parent(path, dir, sizeof dir);
    if (dir_create(dir, err) != 0)
        return -1;
    cJSON *root;
    if (load(path, &root, err) != 0)
        return -1;
    cJSON *builds = cJSON_GetObjectItem(root, "builds");
    cJSON *b = cJSON_GetObjectItem(builds, key);
    if (!cJSON_IsObject(b)) {
        cJSON_DeleteItemFromObject(builds, key);
        b = cJSON_AddObjectToObject(builds, key);
    }
    update(b, items, seconds, dry_run);
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    if (!text)
        return err_set(err, "%s: out of memory writing the totals", path);
    int rc = file_replace(path, text, strlen(text), 0, err);
    cJSON_free(text);
    return rc;
}

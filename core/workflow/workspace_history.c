/* The workspace's memory of what happened: every run (argv, cwd, environment overrides,
 * times, exit, log, fork commit) and each checkpoint's lineage (made by, restored in). */
#include "core/workflow/workspace.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static cJSON *array_in(cJSON *parent, const char *name)
{
    cJSON *a = cJSON_GetObjectItem(parent, name);
    if (!cJSON_IsArray(a)) {
        cJSON_DeleteItemFromObject(parent, name);
        a = cJSON_AddArrayToObject(parent, name);
    }
    return a;
}

static cJSON *strings(const char *const *list)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; list && list[i]; i++)
        cJSON_AddItemToArray(a, cJSON_CreateString(list[i]));
    return a;
}

static void add_str(cJSON *o, const char *name, const char *value)
{
    cJSON_AddStringToObject(o, name, value ? value : "");
}

long ws_run_begin(struct ws *w, const char *step, const char *title, const char *const *argv,
                  const char *cwd, const char *const *env, const char *log, const char *commit)
{
    cJSON *runs = array_in(w->state, "runs");
    long id = 1;
    const cJSON *last = cJSON_GetArrayItem(runs, cJSON_GetArraySize(runs) - 1);
    const cJSON *last_id = cJSON_GetObjectItem(last, "id");
    if (cJSON_IsNumber(last_id))
        id = (long)last_id->valuedouble + 1;
    cJSON *r = cJSON_CreateObject();
    cJSON_AddNumberToObject(r, "id", (double)id);
    add_str(r, "step", step);
    add_str(r, "title", title);
    cJSON_AddItemToObject(r, "argv", strings(argv));
    add_str(r, "cwd", cwd);
    cJSON_AddItemToObject(r, "env", strings(env));
    add_str(r, "log", log);
    add_str(r, "commit", commit);
    cJSON_AddNumberToObject(r, "start", ws_now());
    add_str(r, "status", "running");
    cJSON_AddItemToArray(runs, r);
    return id;
}

cJSON *ws_run(struct ws *w, long id)
{
    cJSON *r;
    cJSON_ArrayForEach(r, cJSON_GetObjectItem(w->state, "runs")) {
        const cJSON *v = cJSON_GetObjectItem(r, "id");
        if (cJSON_IsNumber(v) && (long)v->valuedouble == id)
            return r;
    }
    return NULL;
}

static void set_num(cJSON *o, const char *name, double v)
{
    cJSON_DeleteItemFromObject(o, name);
    cJSON_AddNumberToObject(o, name, v);
}

static void set_str(cJSON *o, const char *name, const char *v)
{
    cJSON_DeleteItemFromObject(o, name);
    cJSON_AddStringToObject(o, name, v);
}

void ws_run_end(struct ws *w, long id, bool exited, int code, int signal, double seconds,
                bool cancelled)
{
    cJSON *r = ws_run(w, id);
    if (!r)
        return;
    set_num(r, "end", ws_now());
    set_num(r, "seconds", seconds);
    if (exited)
        set_num(r, "exit", code);
    else
        set_num(r, "signal", signal);
    set_str(r, "status", cancelled ? "cancelled" : exited && code == 0 ? "ok" : "failed");
}

int ws_log_path(const struct ws *w, const char *step, long id, char *buf, size_t cap)
{
    int n = snprintf(buf, cap, "%s/%s/%s-%ld.log", w->root, WS_LOGS, step, id);
    return n < 0 || (size_t)n >= cap ? -1 : 0;
}

/* Two names of one folder: a link to a checkpoint is that checkpoint. */
static bool same_folder(const char *a, const char *b)
{
    struct stat sa, sb;
    return !strcmp(a, b) || (stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
                             sa.st_ino == sb.st_ino);
}

cJSON *ws_ckpt(struct ws *w, const char *path)
{
    cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItem(w->state, "checkpoints")) {
        const cJSON *p = cJSON_GetObjectItem(c, "path");
        if (cJSON_IsString(p) && same_folder(p->valuestring, path))
            return c;
    }
    return NULL;
}

void ws_ckpt_made(struct ws *w, const char *path, const char *step, long run,
                  const char *commit, const char *config, const char *image, const char *board)
{
    cJSON *c = ws_ckpt(w, path);
    if (c)                                    /* taken again into the same folder */
        cJSON_Delete(cJSON_DetachItemViaPointer(cJSON_GetObjectItem(w->state, "checkpoints"), c));
    c = cJSON_CreateObject();
    add_str(c, "path", path);
    add_str(c, "step", step);
    cJSON_AddNumberToObject(c, "run", (double)run);
    add_str(c, "commit", commit);
    add_str(c, "config", config);
    add_str(c, "image", image);
    add_str(c, "board", board);
    cJSON_AddNumberToObject(c, "taken", ws_now());
    cJSON_AddArrayToObject(c, "restored");
    cJSON_AddItemToArray(array_in(w->state, "checkpoints"), c);
}

void ws_ckpt_restored(struct ws *w, const char *path, const char *step, long run)
{
    cJSON *c = ws_ckpt(w, path);
    if (!c)
        return;
    cJSON *r = cJSON_CreateObject();
    add_str(r, "step", step);
    cJSON_AddNumberToObject(r, "run", (double)run);
    cJSON_AddNumberToObject(r, "when", ws_now());
    cJSON_AddItemToArray(array_in(c, "restored"), r);
}

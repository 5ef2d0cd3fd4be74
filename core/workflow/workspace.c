/* Workspace folder and state.json: create, find, load, save atomically, the run lock,
 * settings and step states. Runs and lineage are in workspace_history.c. */
#include "core/workflow/workspace.h"

#include "core/util/err.h"
#include "core/util/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define WS_STATE_MAX (64u << 20)
#define WS_VERSION 1

const char *const ws_layout[] = {
    "gem5", "disk-image", "disk-image/shared", "disk-image/hack-back", "sst", "src",
    "runs", "checkpoints", WS_META, WS_LOGS, NULL,
};

double ws_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int ws_path(const struct ws *w, const char *rel, char *buf, size_t cap)
{
    int n = rel && *rel ? snprintf(buf, cap, "%s/%s", w->root, rel)
                        : snprintf(buf, cap, "%s", w->root);
    return n < 0 || (size_t)n >= cap ? -1 : 0;
}

static cJSON *empty_state(void)
{
    cJSON *s = cJSON_CreateObject();
    cJSON_AddNumberToObject(s, "version", WS_VERSION);
    cJSON_AddNumberToObject(s, "created", ws_now());
    cJSON_AddObjectToObject(s, "settings");
    cJSON_AddObjectToObject(s, "steps");
    cJSON_AddArrayToObject(s, "runs");
    cJSON_AddArrayToObject(s, "checkpoints");
    return s;
}

static int load_state(struct ws *w, char *err)
{
    char path[PATH_MAX + 32], *data = NULL;
    size_t len;
    ws_path(w, WS_STATE, path, sizeof path);
    if (file_read_all(path, WS_STATE_MAX, &data, &len, err) != 0)
        return -1;
    cJSON *s = cJSON_ParseWithLength(data, len);
    free(data);
    static const char *const parts[] = { "settings", "steps", "runs", "checkpoints", NULL };
    for (int i = 0; s && parts[i]; i++)
        if (!cJSON_GetObjectItem(s, parts[i]))
            cJSON_Delete(s), s = NULL;
    if (!s)
        return err_set(err, "%s is damaged (not the JSON gem5wb writes); restore it from "
                       "%s.gem5wb-backup or move it away and run `gem5wb init` again",
                       path, path);
    cJSON_Delete(w->state);
    w->state = s;
    return 0;
}

int ws_reload(struct ws *w, char *err)
{
    return load_state(w, err);
}

static struct ws *ws_new(const char *dir, char *err)
{
    char abs[PATH_MAX];
    if (!realpath(dir, abs)) {
        err_sys(err, errno, "%s: cannot open the workspace folder", dir);
        return NULL;
    }
    struct ws *w = calloc(1, sizeof *w);
    if (w && !(w->root = strdup(abs)))
        free(w), w = NULL;
    if (!w)
        err_set(err, "out of memory opening the workspace %s", dir);
    else
        w->lock_fd = -1;
    return w;
}

int ws_save(struct ws *w, char *err)
{
    char path[PATH_MAX + 32];
    ws_path(w, WS_STATE, path, sizeof path);
    char *text = cJSON_Print(w->state);
    if (!text)
        return err_set(err, "%s: out of memory writing the workspace state", path);
    int rc = file_replace(path, text, strlen(text), 0, err);
    cJSON_free(text);
    return rc;
}

int ws_init(const char *dir, struct ws **out, char *err)
{
    if (dir_create(dir, err) != 0)
        return -1;
    struct ws *w = ws_new(dir, err);
    if (!w)
        return -1;
    char path[PATH_MAX + 32];
    for (int i = 0; ws_layout[i]; i++) {
        ws_path(w, ws_layout[i], path, sizeof path);
        if (dir_create(path, err) != 0) {
            ws_close(w);
            return -1;
        }
    }
    struct stat st;
    ws_path(w, WS_STATE, path, sizeof path);
    int rc = stat(path, &st) == 0 ? load_state(w, err)
                                  : ((w->state = empty_state()), ws_save(w, err));
    if (rc != 0) {
        ws_close(w);
        return -1;
    }
    *out = w;
    return 0;
}

/* The nearest folder from the current one upwards that holds .gem5wb/state.json. */
static int find_upwards(char *buf, size_t cap, char *err)
{
    if (!getcwd(buf, cap))
        return err_sys(err, errno, "cannot read the current folder");
    for (;;) {
        char probe[PATH_MAX + 32];
        struct stat st;
        snprintf(probe, sizeof probe, "%s/%s", buf, WS_STATE);
        if (stat(probe, &st) == 0)
            return 0;
        char *slash = strrchr(buf, '/');
        if (!slash || slash == buf)
            return err_set(err, "no gem5wb workspace here or above; run `gem5wb init DIR` "
                           "or give --workspace DIR (or set GEM5WB_WORKSPACE)");
        *slash = '\0';
    }
}

int ws_open(const char *dir, struct ws **out, char *err)
{
    char found[PATH_MAX];
    if (!dir || !*dir)
        dir = getenv("GEM5WB_WORKSPACE");
    if (!dir || !*dir) {
        if (find_upwards(found, sizeof found, err) != 0)
            return -1;
        dir = found;
    }
    struct ws *w = ws_new(dir, err);
    if (!w)
        return -1;
    struct stat st;
    char path[PATH_MAX + 32];
    ws_path(w, WS_STATE, path, sizeof path);
    if (stat(path, &st) != 0) {
        err_set(err, "%s is not a gem5wb workspace (no %s); run `gem5wb init %s`", w->root,
                WS_STATE, dir);
        ws_close(w);
        return -1;
    }
    if (load_state(w, err) != 0) {
        ws_close(w);
        return -1;
    }
    *out = w;
    return 0;
}

int ws_lock(struct ws *w, char *err)
{
    char path[PATH_MAX + 32];
    ws_path(w, WS_LOCK, path, sizeof path);
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
        return err_sys(err, errno, "%s: cannot open the workspace lock", path);
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        char pid[32] = "";
        ssize_t n = pread(fd, pid, sizeof pid - 1, 0);
        pid[n > 0 ? n : 0] = '\0';
        pid[strcspn(pid, "\n")] = '\0';
        close(fd);
        return err_set(err, "another gem5wb (pid %s) is running a step in %s; wait for it "
                       "or stop it first", *pid ? pid : "?", w->root);
    }
    char text[32];
    int n = snprintf(text, sizeof text, "%ld\n", (long)getpid());
    if (ftruncate(fd, 0) != 0 || pwrite(fd, text, (size_t)n, 0) != n) {
        close(fd);
        return err_sys(err, errno, "%s: cannot write the workspace lock", path);
    }
    w->lock_fd = fd;
    return 0;
}

void ws_unlock(struct ws *w)
{
    if (w->lock_fd >= 0)
        close(w->lock_fd);              /* closing releases the flock */
    w->lock_fd = -1;
}

void ws_close(struct ws *w)
{
    if (!w)
        return;
    ws_unlock(w);
    cJSON_Delete(w->state);
    free(w->root);
    free(w);
}

static cJSON *object_in(cJSON *parent, const char *name)
{
    cJSON *o = cJSON_GetObjectItem(parent, name);
    if (!cJSON_IsObject(o)) {
        cJSON_DeleteItemFromObject(parent, name);
        o = cJSON_AddObjectToObject(parent, name);
    }
    return o;
}

const char *ws_setting(const struct ws *w, const char *key)
{
    const cJSON *v = cJSON_GetObjectItem(cJSON_GetObjectItem(w->state, "settings"), key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

void ws_set_setting(struct ws *w, const char *key, const char *value)
{
    cJSON *s = object_in(w->state, "settings");
    cJSON_DeleteItemFromObject(s, key);
    cJSON_AddStringToObject(s, key, value);
}

void ws_unset_setting(struct ws *w, const char *key)
{
    cJSON_DeleteItemFromObject(cJSON_GetObjectItem(w->state, "settings"), key);
}

cJSON *ws_step(struct ws *w, const char *step)
{
    return object_in(object_in(w->state, "steps"), step);
}

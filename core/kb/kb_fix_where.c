/* What a fix works on when the user did not name it: the workspace, the checkpoint the SST
 * restore uses (its setting, else the newest one taken on the SST board) and its m5.cpt. */
#include "core/kb/kb_fix_impl.h"

#include "core/util/err.h"
#include "core/util/fileio.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

int kb_fix_ws_open(const struct kb_fix_opts *o, const char *action, const char *what,
                   struct ws **w, char *err)
{
    char why[ERR_LEN];
    if (ws_open(o->workspace, w, why) == 0)
        return 0;
    *w = NULL;
    return err_set(err, "%s needs %s: %s", action, what, why);
}

/* The newest checkpoint of the workspace's lineage taken on the SST board (an SST restore
 * cannot load the gem5-only board's: its objects and store order differ). */
static const char *newest_sst(struct ws *w)
{
    const char *best = NULL;
    double when = -1;
    const cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItem(w->state, "checkpoints")) {
        const cJSON *path = cJSON_GetObjectItem(c, "path"), *board = cJSON_GetObjectItem(c, "board");
        const cJSON *taken = cJSON_GetObjectItem(c, "taken");
        double t = cJSON_IsNumber(taken) ? taken->valuedouble : 0;
        if (cJSON_IsString(path) && cJSON_IsString(board) && !strcmp(board->valuestring, "sst") &&
            t >= when) {
            best = path->valuestring;
            when = t;
        }
    }
    return best;
}

static int from_workspace(const struct kb_fix_opts *o, const char *action, char *out, size_t cap,
                          char *err)
{
    struct ws *w;
    if (kb_fix_ws_open(o, action, "a checkpoint (give --checkpoint DIR)", &w, err) != 0)
        return -1;
    const char *set = ws_setting(w, "restore-sst.checkpoint");
    const char *path = set ? set : newest_sst(w);
    int rc = 0;
    if (!path)
        rc = err_set(err, "%s needs a checkpoint: the workspace %s has none taken on the SST "
                     "board yet; give --checkpoint DIR", action, w->root);
    else if ((size_t)snprintf(out, cap, "%s", path) >= cap)
        rc = err_set(err, "%s: path too long", path);
    ws_close(w);
    return rc;
}

int kb_fix_checkpoint(const struct kb_fix_opts *o, const char *action, char *out, size_t cap,
                      char *err)
{
    char cpt[KB_FIX_PATH + 8];
    struct stat st;
    if (o->checkpoint) {
        if ((size_t)snprintf(out, cap, "%s", o->checkpoint) >= cap)
            return err_set(err, "%s: path too long", o->checkpoint);
    } else if (from_workspace(o, action, out, cap, err) != 0) {
        return -1;
    }
    if (path_join(cpt, sizeof cpt, out, "m5.cpt") != 0 || stat(cpt, &st) != 0)
        return err_set(err, "%s has no m5.cpt: not a checkpoint folder (or it was moved)", out);
    return 0;
}

int kb_fix_cpt_file(const struct kb_fix_opts *o, const char *action, char *out, size_t cap,
                    char *err)
{
    struct stat st;
    char dir[KB_FIX_PATH];
    if (o->file && !(stat(o->file, &st) == 0 && S_ISDIR(st.st_mode))) {
        if ((size_t)snprintf(out, cap, "%s", o->file) >= cap)
            return err_set(err, "%s: path too long", o->file);
        return 0;
    }
    struct kb_fix_opts d = *o;
    if (o->file)
        d.checkpoint = o->file;     /* --file DIR: that checkpoint's m5.cpt */
    if (kb_fix_checkpoint(&d, action, dir, sizeof dir, err) != 0)
        return -1;
    if (path_join(out, cap, dir, "m5.cpt") != 0)
        return err_set(err, "%s: path too long", dir);
    return 0;
}

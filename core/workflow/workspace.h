/* The workspace: the folder the workflow works in (gem5/, disk-image/, sst/, runs/,
 * checkpoints/) and its .gem5wb/state.json: settings, step states, run history, lineage. */
#ifndef GW_WORKSPACE_H
#define GW_WORKSPACE_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#define WS_META   ".gem5wb"
#define WS_STATE  ".gem5wb/state.json"
#define WS_LOGS   ".gem5wb/logs"
#define WS_LOCK   ".gem5wb/lock"

/* The folders of a workspace, as the hack-back README lays them out, plus SST's install
 * prefix, the sources of SST, gem5 run folders and checkpoints. */
extern const char *const ws_layout[];

struct ws {
    char *root;               /* absolute path */
    cJSON *state;             /* the parsed state.json (owned) */
    int lock_fd;              /* -1 unless ws_lock holds the run lock */
};

/* Creates the layout and an empty state.json in dir (made if missing); an existing
 * workspace is opened as it is. */
int ws_init(const char *dir, struct ws **out, char *err);
/* Opens the workspace at dir; dir NULL: $GEM5WB_WORKSPACE, else the nearest folder
 * holding .gem5wb/state.json from the current folder upwards. */
int ws_open(const char *dir, struct ws **out, char *err);
/* Writes state.json atomically (temp, fsync, rename). */
int ws_save(struct ws *w, char *err);
void ws_close(struct ws *w);
/* Re-reads state.json (another gem5wb may have run a step meanwhile). */
int ws_reload(struct ws *w, char *err);

/* Takes the workspace's run lock (one running step at a time); fails naming the pid that
 * holds it. Released by ws_unlock or ws_close. */
int ws_lock(struct ws *w, char *err);
void ws_unlock(struct ws *w);

/* root/rel into buf; -1 if it does not fit. */
int ws_path(const struct ws *w, const char *rel, char *buf, size_t cap);

/* Settings: "step.param" = value strings. NULL when unset. */
const char *ws_setting(const struct ws *w, const char *key);
void ws_set_setting(struct ws *w, const char *key, const char *value);
void ws_unset_setting(struct ws *w, const char *key);

/* The state object of a step ({"status", "inputs", "run", "done_cmds", ...}), created
 * empty on first use. */
cJSON *ws_step(struct ws *w, const char *step);

/* Run history. ws_run_begin appends a run (argv, cwd, env overrides, log, commit) and
 * returns its id; ws_run_end records how it ended. */
long ws_run_begin(struct ws *w, const char *step, const char *title, const char *const *argv,
                  const char *cwd, const char *const *env, const char *log, const char *commit);
void ws_run_end(struct ws *w, long id, bool exited, int code, int signal, double seconds,
                bool cancelled);
/* The run with that id, or NULL. */
cJSON *ws_run(struct ws *w, long id);
/* A new log path for a step's next run: .gem5wb/logs/<step>-<id>.log (absolute). */
int ws_log_path(const struct ws *w, const char *step, long id, char *buf, size_t cap);

/* Checkpoint lineage: what made a checkpoint, and every place it was restored. */
void ws_ckpt_made(struct ws *w, const char *path, const char *step, long run,
                  const char *commit, const char *config, const char *image, const char *board);
void ws_ckpt_restored(struct ws *w, const char *path, const char *step, long run);
/* The lineage entry of a checkpoint folder (by its path or a link to it), or NULL. */
cJSON *ws_ckpt(struct ws *w, const char *path);

/* Seconds since the epoch, with fractions (for state.json times). */
double ws_now(void);

#endif

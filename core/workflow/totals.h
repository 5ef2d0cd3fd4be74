/* Build sizes remembered between runs: how many items (scons targets, make compiles) the
 * last build of the same target printed, so the next one can show a percentage and ETA. */
#ifndef GW_TOTALS_H
#define GW_TOTALS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct totals_entry {
    uint64_t items;       /* the largest count a complete build printed */
    uint64_t last_items;  /* the count of the latest complete build (smaller when incremental) */
    double seconds;       /* how long the build that printed `items` took */
    bool estimate;        /* only a dry run (scons -n) has counted it so far */
};

/* Name of the totals file inside a workspace folder. */
#define TOTALS_FILE ".gem5wb/totals.json"

/* Where totals live: workspace/TOTALS_FILE when a workspace folder is given (or set in
 * $GEM5WB_WORKSPACE), else $XDG_STATE_HOME/gem5wb/totals.json (~/.local/state/...). */
int totals_path(const char *workspace, char *buf, size_t cap, char *err);

/* The key of a build: parser, working folder and argv without the options that do not
 * change what is built (-j, -k, -n/--dry-run, -l, -s). Returns -1 if cap is too small. */
int totals_key(const char *parser, const char *cwd, const char *const *argv, char *key,
               size_t cap);
/* True when argv asks for a dry run (scons -n, make -n and their long names). */
bool totals_is_dry_run(const char *const *argv);

/* 1 and *e filled when path knows key, 0 when it does not (or path does not exist),
 * -1 with err naming the file when it cannot be read or is not a totals file. */
int totals_get(const char *path, const char *key, struct totals_entry *e, char *err);

/* Records a finished build of `items` items in `seconds`: a real build replaces an estimate
 * and raises the remembered maximum; a dry run only fills a key no real build has. The file
 * (and its folder) is created if needed and replaced atomically. */
int totals_record(const char *path, const char *key, uint64_t items, double seconds,
                  bool dry_run, char *err);

#endif

/* Cloning darchr's gem5 fork (or any repository) with libgit2: clone or fetch-and-switch a
 * branch, with transfer and checkout progress, cancellable, in a worker thread. */
#ifndef GW_GIT_H
#define GW_GIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GIT_DEFAULT_URL "https://github.com/darchr/gem5.git"
#define GIT_DEFAULT_BRANCH "kg/dm-sst-checkpoints-ver2"

enum git_phase { GITP_CONNECT, GITP_OBJECTS, GITP_DELTAS, GITP_CHECKOUT, GITP_DONE };

struct git_progress {
    enum git_phase phase;
    uint64_t objects_total, objects_received, objects_indexed, bytes_received;
    uint64_t deltas_total, deltas_indexed;
    uint64_t checkout_total, checkout_done;
    double fraction;              /* over the whole clone, 0..1 */
};

/* Called from the worker thread; return non-zero to cancel. */
typedef int (*git_progress_fn)(void *arg, const struct git_progress *p);

struct git_result {
    char commit[41];              /* the commit checked out */
    bool fetched;                 /* an existing clone was fetched and switched */
    bool resumed;                 /* a cancelled clone was finished */
};

/* Clones url at branch into dir, or, when dir is already a clone of it, fetches and
 * switches to the branch. Errors say what to do: a missing branch (naming it), an
 * unreachable host, refused authentication, a non-empty dir that is not a clone. A
 * cancelled fresh clone stays, marked unfinished: running again resumes it (objects already
 * fetched are kept; a pack cut off mid-transfer is fetched again), gw_git_clean removes it.
 * A failed one leaves nothing behind; a cancelled fetch leaves the clone as it was. */
int gw_git_sync(const char *url, const char *branch, const char *dir, git_progress_fn fn,
                void *arg, struct git_result *res, char *err);

/* Removes dir if it is a clone gem5wb started and did not finish; refuses anything else. */
int gw_git_clean(const char *dir, char *err);

/* The same in a worker thread, for faces with a poll loop. */
struct git_job;
int gw_git_start(const char *url, const char *branch, const char *dir, git_progress_fn fn,
                 void *arg, struct git_job **out, char *err);
void gw_git_cancel(struct git_job *j);
/* 1 while running, 0 when done (then *res and the status are set). */
int gw_git_poll(struct git_job *j);
/* Waits for the worker; returns its status (0 ok, -1 with err filled). Frees j. */
int gw_git_finish(struct git_job *j, struct git_result *res, char *err);

#endif

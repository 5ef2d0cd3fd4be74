/* The clone in a worker thread, so that a face's poll loop never blocks on the network:
 * start, poll, cancel (seen by the next progress callback), finish. */
#include "core/workflow/git.h"
#include "core/util/err.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct git_job {
    pthread_t thread;
    char *url, *branch, *dir;
    git_progress_fn fn;
    void *arg;
    atomic_bool cancel, done;
    int status;
    struct git_result res;
    char err[ERR_LEN];
};

static int relay(void *arg, const struct git_progress *p)
{
    struct git_job *j = arg;
    if (atomic_load(&j->cancel))
        return 1;
    return j->fn ? j->fn(j->arg, p) : 0;
}

static void *work(void *arg)
{
    struct git_job *j = arg;
    j->status = gw_git_sync(j->url, j->branch, j->dir, relay, j, &j->res, j->err);
    atomic_store(&j->done, true);
    return NULL;
}

static void job_free(struct git_job *j)
{
    free(j->url);
    free(j->branch);
    free(j->dir);
    free(j);
}

int gw_git_start(const char *url, const char *branch, const char *dir, git_progress_fn fn,
                 void *arg, struct git_job **out, char *err)
{
    struct git_job *j = calloc(1, sizeof *j);
    if (!j || !(j->url = strdup(url)) || !(j->branch = strdup(branch)) ||
        !(j->dir = strdup(dir))) {
        if (j)
            job_free(j);
        return err_set(err, "out of memory starting the clone");
    }
    j->fn = fn;
    j->arg = arg;
    int rc = pthread_create(&j->thread, NULL, work, j);
    if (rc != 0) {
        job_free(j);
        return err_sys(err, rc, "cannot start the clone's worker thread");
    }
    *out = j;
    return 0;
}

void gw_git_cancel(struct git_job *j)
{
    atomic_store(&j->cancel, true);
}

int gw_git_poll(struct git_job *j)
{
    return atomic_load(&j->done) ? 0 : 1;
}

int gw_git_finish(struct git_job *j, struct git_result *res, char *err)
{
    pthread_join(j->thread, NULL);
    int rc = j->status;
    if (res)
        *res = j->res;
    if (rc != 0)
        snprintf(err, ERR_LEN, "%s", j->err);
    job_free(j);
    return rc;
}

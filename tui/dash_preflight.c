/* The dashboard's pre-flight findings, one step at a time in a worker thread. The worker
 * owns its inputs, its knowledge base and its result; the dashboard's tick collects the
 * result once the worker is done, and a dashboard that closes first leaves the worker to
 * free itself, so that leaving never waits for a slow check. */
#include "tui/dash_preflight.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { JOB_RUNNING, JOB_FINISHED, JOB_ORPHANED };

struct dpf_job {
    pthread_t thread;
    atomic_int state;            /* who sets it last frees the job */
    char root[PATH_MAX], step[48];
    struct pf_report out;
    char err[ERR_LEN];
    int rc;
};

void dpf_init(struct dpf *p, const char *root)
{
    memset(p, 0, sizeof *p);
    snprintf(p->root, sizeof p->root, "%s", root);
    p->want = -1;
}

static void job_free(struct dpf_job *j)
{
    pf_report_free(&j->out);
    free(j);
}

/* The session's knowledge base may be gone before an orphaned worker ends: it reads its own. */
static void *work(void *arg)
{
    struct dpf_job *j = arg;
    struct kb kb;
    char err[ERR_LEN];
    int have_kb = kb_load_default(&kb, err) == 0;
    j->rc = preflight_step(j->root, j->step, have_kb ? &kb : NULL, &j->out, j->err);
    if (have_kb)
        kb_free(&kb);
    if (atomic_exchange(&j->state, JOB_FINISHED) == JOB_ORPHANED)
        job_free(j);
    return NULL;
}

static void start(struct dpf *p, size_t i, const char *id)
{
    struct dpf_job *j = calloc(1, sizeof *j);
    p->steps[i].state = DPF_CHECKING;
    p->cur = i;
    if (j) {
        snprintf(j->root, sizeof j->root, "%s", p->root);
        snprintf(j->step, sizeof j->step, "%s", id);
        atomic_init(&j->state, JOB_RUNNING);
        if (pthread_create(&j->thread, NULL, work, j) == 0) {
            p->job = j;
            return;
        }
        free(j);
    }
    pf_report_free(&p->steps[i].rep);
    p->steps[i] = (struct dpf_step){ .state = DPF_DONE };
    snprintf(p->steps[i].err, sizeof p->steps[i].err, "cannot start a thread to check %s", id);
}

void dpf_want(struct dpf *p, size_t i, const char *id)
{
    if (i >= DPF_STEPS)
        return;
    const struct dpf_step *s = &p->steps[i];
    if ((s->state == DPF_DONE && !s->stale) || (p->job && p->cur == i && !p->cur_stale))
        return;
    if (!p->job) {
        start(p, i, id);
        return;
    }
    p->want = (long)i;           /* after the one running: the selection moved on */
    snprintf(p->want_id, sizeof p->want_id, "%s", id);
}

int dpf_poll(struct dpf *p)
{
    struct dpf_job *j = p->job;
    if (!j || atomic_load(&j->state) != JOB_FINISHED)
        return 0;
    pthread_join(j->thread, NULL);
    p->job = NULL;
    struct dpf_step *s = &p->steps[p->cur];
    pf_report_free(&s->rep);
    *s = (struct dpf_step){ .state = DPF_DONE, .ok = j->rc == 0, .rep = j->out,
                            .stale = p->cur_stale };
    snprintf(s->err, sizeof s->err, "%s", j->err);
    free(j);                     /* its findings are the step's now */
    p->cur_stale = 0;
    if (p->want >= 0) {
        long i = p->want;
        p->want = -1;
        dpf_want(p, (size_t)i, p->want_id);
    }
    return 1;
}

void dpf_stale_all(struct dpf *p)
{
    for (size_t i = 0; i < DPF_STEPS; i++)
        p->steps[i].stale = p->steps[i].state == DPF_DONE;
    p->cur_stale = p->job != NULL;
}

const struct dpf_step *dpf_get(const struct dpf *p, size_t i)
{
    return i < DPF_STEPS ? &p->steps[i] : NULL;
}

void dpf_free(struct dpf *p)
{
    struct dpf_job *j = p->job;
    if (j) {
        pthread_t th = j->thread;    /* once orphaned, the worker may free j at any time */
        if (atomic_exchange(&j->state, JOB_ORPHANED) == JOB_FINISHED) {
            pthread_join(th, NULL);
            job_free(j);
        } else {
            pthread_detach(th);
        }
    }
    for (size_t i = 0; i < DPF_STEPS; i++)
        pf_report_free(&p->steps[i].rep);
}

/* Pumping, waiting for, cancelling and reaping jobs: non-blocking reads into the line
 * splitter and the log, process-group signals and the SIGKILL deadline. */
#include "core/workflow/job_impl.h"
#include "core/util/err.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Reads per stream per job_pump call, so one chatty job cannot starve the face's loop. */
#define JOB_READS_PER_PUMP 16

static double ts_sec(struct timespec t)
{
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

struct timespec job_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t;
}

/* The monotonic time ms milliseconds from now. */
static struct timespec ts_after(unsigned ms)
{
    struct timespec t = job_now();
    t.tv_sec += ms / 1000;
    t.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (t.tv_nsec >= 1000000000L) {
        t.tv_sec++;
        t.tv_nsec -= 1000000000L;
    }
    return t;
}

void job_close_fd(int *fd)
{
    if (*fd >= 0)
        close(*fd);
    *fd = -1;
}

int job_fds(const struct job *j, int fds[2])
{
    int n = 0;
    for (int s = 0; s < 2; s++)
        if (j->fd[s] >= 0)
            fds[n++] = j->fd[s];
    return n;
}

/* Appends a chunk to the log; on failure logging stops (the job goes on) and err says why. */
static int log_chunk(struct job *j, const char *p, size_t n, char *err)
{
    while (n > 0 && j->log_fd >= 0) {
        ssize_t w = write(j->log_fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            err_sys(err, w < 0 ? errno : ENOSPC, "cannot write the log %s of %s; logging stopped",
                    j->log_path, j->prog);
            job_close_fd(&j->log_fd);
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

static int pump_fd(struct job *j, int s, char *err)
{
    int rc = 0;
    for (int r = 0; r < JOB_READS_PER_PUMP; r++) {
        ssize_t n = read(j->fd[s], j->rbuf, sizeof j->rbuf);
        if (n > 0) {
            j->bytes_out += (uint64_t)n;
            rc |= log_chunk(j, j->rbuf, (size_t)n, err);
            job_lines_feed(&j->out[s], j->rbuf, (size_t)n);
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            job_lines_idle(&j->out[s]);
            return rc;
        }
        if (n < 0)
            rc = err_sys(err, errno, "cannot read the output of %s", j->prog);
        job_lines_eof(&j->out[s]);
        job_close_fd(&j->fd[s]);
        return rc;
    }
    return rc;
}

static bool past(struct timespec t)
{
    struct timespec n = job_now();
    return n.tv_sec > t.tv_sec || (n.tv_sec == t.tv_sec && n.tv_nsec >= t.tv_nsec);
}

static void reap(struct job *j, int flags)
{
    int st;
    pid_t r;
    do
        r = waitpid(j->pid, &st, flags);
    while (r < 0 && errno == EINTR);
    if (r == j->pid) {
        j->status = st;
        j->reaped = true;
    }
}

int job_pump(struct job *j, char *err)
{
    if (j->done)
        return 0;
    int rc = 0;
    for (int s = 0; s < 2; s++)
        if (j->fd[s] >= 0 && pump_fd(j, s, err) != 0)
            rc = -1;
    if (j->cancelled && !j->killed && past(j->kill_at)) {
        kill(-j->pid, SIGKILL);
        j->killed = true;
    }
    if (!j->reaped)
        reap(j, WNOHANG);
    if (j->reaped && j->fd[0] < 0 && j->fd[1] < 0) {
        j->done = true;
        j->t1 = job_now();
    }
    return rc ? -1 : j->done ? 0 : 1;
}

static int ms_until(struct timespec t)
{
    double d = (ts_sec(t) - ts_sec(job_now())) * 1000.0;
    return d <= 0 ? 0 : d > 1e9 ? 1000000000 : (int)d + 1;
}

static int min_wait(int a, int b)
{
    return a < 0 ? b : b < 0 ? a : a < b ? a : b;
}

int job_wait(struct job *j, int timeout_ms, char *err)
{
    struct timespec end = ts_after(timeout_ms < 0 ? 0 : (unsigned)timeout_ms);
    for (;;) {
        int r = job_pump(j, err);
        if (r <= 0)
            return r;
        int wait = timeout_ms < 0 ? -1 : ms_until(end);
        if (wait == 0)
            return 1;
        if (j->cancelled && !j->killed)
            wait = min_wait(wait, ms_until(j->kill_at));
        struct pollfd p[2];
        int fds[2], n = job_fds(j, fds);
        if (n == 0)               /* pipes closed, child alive: poll its exit */
            wait = min_wait(wait, 10);
        for (int i = 0; i < n; i++)
            p[i] = (struct pollfd){ .fd = fds[i], .events = POLLIN };
        if (poll(p, (nfds_t)n, wait) < 0 && errno != EINTR)
            return err_sys(err, errno, "cannot wait for %s", j->prog);
    }
}

void job_cancel(struct job *j)
{
    if (j->done || j->cancelled)
        return;
    j->cancelled = true;
    j->kill_at = ts_after(j->grace_ms);
    kill(-j->pid, SIGTERM);
}

void job_result(const struct job *j, struct job_result *out)
{
    *out = (struct job_result){ 0 };
    out->finished = j->done;
    if (j->reaped) {
        out->exited = WIFEXITED(j->status);
        out->exit_code = out->exited ? WEXITSTATUS(j->status) : 0;
        out->signal = WIFSIGNALED(j->status) ? WTERMSIG(j->status) : 0;
    }
    out->seconds = ts_sec(j->done ? j->t1 : job_now()) - ts_sec(j->t0);
    out->bytes_out = j->bytes_out;
    out->lines = j->lines;
    out->cancelled = j->cancelled;
}

pid_t job_pid(const struct job *j)
{
    return j->pid;
}

void job_free(struct job *j)
{
    if (!j)
        return;
    if (j->pid > 0 && !j->done) {
        kill(-j->pid, SIGKILL);
        if (!j->reaped)
            reap(j, 0);
    }
    job_close_fd(&j->fd[0]);
    job_close_fd(&j->fd[1]);
    job_close_fd(&j->log_fd);
    free(j->prog);
    free(j->log_path);
    free(j);
}

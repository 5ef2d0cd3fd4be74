/* Internals of core/workflow/job shared by job.c, job_start.c and job_lines.c: the job
 * itself and the per-stream line splitter that turns pipe reads into job_line_fn calls. */
#ifndef GW_JOB_IMPL_H
#define GW_JOB_IMPL_H

#include "core/workflow/job.h"

#include <time.h>

struct job_lines {
    char buf[JOB_LINE_MAX + 1];   /* +1 for the NUL handed to callbacks */
    size_t len;
    bool cr;                      /* a '\r' was seen; '\n' next makes it a CRLF line */
    bool skip_lf;                 /* a progress update was flushed early; drop a '\n' next */
    int stream;
    job_line_fn fn;
    void *arg;
    uint64_t *lines;              /* the job's line counter */
};

void job_lines_feed(struct job_lines *lb, const char *data, size_t n);
/* Nothing more to read for now: deliver a pending progress update. */
void job_lines_idle(struct job_lines *lb);
/* End of the stream: deliver what is left, even without a newline. */
void job_lines_eof(struct job_lines *lb);

struct job {
    pid_t pid;                    /* also the process group id */
    int fd[2];                    /* read ends of stdout and stderr; -1 after EOF */
    int log_fd;                   /* -1: no log, or logging stopped after a write error */
    char *prog, *log_path;        /* for error sentences */
    struct job_lines out[2];
    struct timespec t0, t1, kill_at;  /* CLOCK_MONOTONIC: start, finish, SIGKILL deadline */
    unsigned grace_ms;
    bool cancelled, killed;       /* SIGTERM sent; SIGKILL sent */
    bool reaped, done;            /* child waited for; and both pipes at EOF too */
    int status;                   /* from waitpid once reaped */
    uint64_t bytes_out, lines;
    char rbuf[64 * 1024];         /* read buffer, kept off the stack of the face's loop */
};

struct timespec job_now(void);
/* Closes *fd if open and marks it closed. */
void job_close_fd(int *fd);

#endif

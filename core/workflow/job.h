/* Running external programs (gem5, scons, SST, packer) as jobs: own process group, output
 * split into lines for the face's poll() loop, logged, cancellable as a whole tree. */
#ifndef GW_JOB_H
#define GW_JOB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Longest line delivered in one piece; longer ones arrive in pieces flagged JOB_LINE_PARTIAL. */
#define JOB_LINE_MAX (64 * 1024)
/* SIGTERM -> SIGKILL delay on cancel when the spec says 0. */
#define JOB_GRACE_DEFAULT_MS 3000

#define JOB_LINE_PARTIAL 1u       /* a piece of a line longer than JOB_LINE_MAX; more follows */
#define JOB_LINE_CR      2u       /* a '\r'-terminated progress update that replaces the last one */

struct job;

struct job_spec {
    const char *const *argv;      /* argv[0] looked up in PATH (execvp); never a shell string */
    const char *cwd;              /* NULL: inherit */
    const char *const *env_set;   /* "NAME=value" overrides, NULL-terminated, may be NULL */
    const char *log_path;         /* every byte of stdout+stderr appended (created 0644); NULL: none */
    unsigned grace_ms;            /* SIGTERM -> SIGKILL delay on cancel; 0: JOB_GRACE_DEFAULT_MS */
};

/* Called from job_pump once per complete line (without '\n', a trailing '\r' stripped), per
 * '\r'-terminated progress update (JOB_LINE_CR, empty ones skipped) and per piece of a huge
 * line (JOB_LINE_PARTIAL). stream: 1 stdout, 2 stderr. line is NUL-terminated after len
 * bytes, bytes as the program wrote them (invalid UTF-8 and escapes untouched). A progress
 * update that ends a read is delivered at once; a '\n' right after it is then dropped. */
typedef void (*job_line_fn)(void *arg, int stream, const char *line, size_t len, unsigned flags);

/* Forks and execs spec->argv with stdin from /dev/null, in its own process group, killed
 * by the kernel if the calling thread dies (PR_SET_PDEATHSIG): call it from a thread that
 * outlives the job (the main loop). Fails, naming the program, when it cannot be run. */
int job_start(const struct job_spec *spec, job_line_fn on_line, void *arg, struct job **out,
              char *err);

/* The fds to poll for POLLIN (0..2 of them): call job_pump when one is readable. */
int job_fds(const struct job *j, int fds[2]);

/* Reads what is available without blocking, delivers lines, enforces the cancel deadline,
 * reaps the child. Returns 1 while running, 0 once finished (both pipes at EOF and the child
 * reaped), -1 on a read or log error (the job goes on; call again). */
int job_pump(struct job *j, char *err);

/* Pumps until the job ends (0) or timeout_ms passes (1; -1 waits forever); -1 on error. */
int job_wait(struct job *j, int timeout_ms, char *err);

/* SIGTERM to the whole process group now, SIGKILL once grace_ms have passed (enforced by
 * job_pump and job_wait). Does nothing to a finished job. */
void job_cancel(struct job *j);

struct job_result {
    bool finished;                /* the rest is final only when set */
    bool exited;                  /* exit_code is valid; otherwise signal is */
    int exit_code;
    int signal;
    double seconds;               /* wall time from start to finish (or to now) */
    uint64_t bytes_out;           /* stdout + stderr bytes */
    uint64_t lines;               /* lines delivered, not counting progress updates and pieces */
    bool cancelled;
};
void job_result(const struct job *j, struct job_result *out);

pid_t job_pid(const struct job *j);

/* Kills (SIGKILL to the group) and reaps a job still running, so none is left a zombie. */
void job_free(struct job *j);

/* Removes CSI, OSC and other escape sequences from s in place, for parsers; returns the
 * new length. */
size_t job_strip_ansi(char *s);

#endif

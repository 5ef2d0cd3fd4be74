/* Internals of the jobs registry shared by jobs.c (starting, pumping, ending jobs),
 * job_log.c (each job's ring of log lines), job.c (the job view) and cmdlog.c. */
#ifndef GW_TUI_JOBS_IMPL_H
#define GW_TUI_JOBS_IMPL_H

#include "tui/jobs.h"

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

/* ---- A job's log: the last lines, addressed by their number since the start ---- */

#define JLOG_LINES 5000          /* lines kept per job; the step's log file has them all */
#define JLOG_LINE_MAX 1000       /* bytes kept of one line */

enum jlog_sev { JLOG_PLAIN, JLOG_WARNING, JLOG_ERROR, JLOG_CMD, JLOG_NOTE };

struct jlog_line {
    char *text;
    unsigned char sev;           /* enum jlog_sev */
};

struct jlog {
    struct jlog_line *ring;      /* JLOG_LINES slots, allocated on the first line */
    uint64_t seq;                /* lines ever added: line n is kept while n >= first */
    size_t count;
};

/* Appends a line (escape sequences removed, cut at JLOG_LINE_MAX); -1 out of memory. */
int jlog_add(struct jlog *l, const char *text, int sev);
/* Sets the severity of the newest line (a parser's diagnostic about it). */
void jlog_mark_last(struct jlog *l, int sev);
/* The number of the oldest line kept. */
uint64_t jlog_first(const struct jlog *l);
/* Line n, or NULL when it is gone or not written yet. */
const struct jlog_line *jlog_get(const struct jlog *l, uint64_t n);
/* Whether a line passes the view's filter (warnings/errors only when `only_diag`). */
int jlog_shown(const struct jlog_line *ln, int only_diag);
/* The next shown line after n (dir 1) or before it (dir -1); -1 when there is none. */
int64_t jlog_next(const struct jlog *l, int64_t n, int dir, int only_diag);
/* The next line after `from` in direction dir (wrapping) holding pat (ignoring case);
 * -1 when no kept line has it. *total gets the number of matching lines. */
int64_t jlog_find(const struct jlog *l, int64_t from, int dir, const char *pat,
                  int only_diag, int *total);
void jlog_free(struct jlog *l);

/* ---- Jobs ---------------------------------------------------------------------- */

enum tui_job_kind { TJ_STEP, TJ_ARGV };
enum tui_job_state { TJ_RUNNING, TJ_DONE, TJ_FAILED, TJ_CANCELLED };

struct tui_jobs;

struct tui_job {
    struct tui_jobs *js;         /* the registry it is in, at index `index` */
    int index;
    enum tui_job_kind kind;
    enum tui_job_state state;
    char title[160];             /* the step id, or the command as typed */
    char root[PATH_MAX];         /* the step's workspace */
    struct ws *w;                /* a step: its workspace and runner, freed when it ends */
    struct runner *r;
    struct job *j;               /* a command: the program */
    char cmd[1024];              /* "[1/3] title" of the command running now */
    char log_path[PATH_MAX + 64];/* the running command's full log (steps) */
    char item[256], phase[32], done_msg[512];
    double fraction, eta;        /* -1 when unknown */
    int warnings, errors;
    double t0, t1;               /* wall clock start and end */
    int exit_code, sig;          /* how the (failed) command ended */
    int cmdrec;                  /* its command in the command log, -1 */
    int ended_news;              /* ended since the last tick: say so on the message line */
    unsigned gen;                /* bumped on every change a view shows */
    struct jlog log;
};

/* One argv gem5wb ran this session, for the command log. */
struct tui_cmdrec {
    double start, seconds;       /* seconds: -1 while running */
    char source[160];            /* the step id, or ":" and the command's title */
    char *cwd, *argv, *log;      /* argv shell-quoted, as one line; log may be "" */
    int job;                     /* index in the job list */
    int by_gem5wb;               /* an action gem5wb does itself, argv are its inputs */
    int state;                   /* enum tui_job_state */
    int exited, code, sig;
};

struct tui_jobs {
    struct tui_job **list;
    int n, cap;
    struct tui_cmdrec *cmds;
    int ncmds, cmds_cap;
    unsigned gen;                /* bumped when a job starts or ends, or a command does */
    int running_seen;            /* tui_jobs_running at the last tick */
    int quit_yes;                /* the user confirmed quitting with jobs running */
    double session_start;
};

/* The registry, created on first use (NULL only when out of memory). */
struct tui_jobs *tui_jobs_get(struct tui *t);
/* Job i (0-based, in start order) or NULL. */
struct tui_job *tui_jobs_at(const struct tui *t, int i);
/* Starts a job without showing it: its index (a step already running: that one's), or
 * -1 with a message. */
int tui_jobs_start_step(struct tui *t, const char *root, const char *step);
int tui_jobs_start_argv(struct tui *t, const char *title, char *const argv[], const char *cwd);
/* Appends a line to job j's log (the views see it). */
void tui_job_add_line(struct tui_job *j, const char *text, int sev);
/* Cancels job i now (SIGTERM to its programs, SIGKILL after the grace period). */
void tui_jobs_cancel(struct tui *t, int i);

/* ---- The job view (job.c keys and scrolling, job_draw.c drawing) ------------------ */

struct jview {
    int idx;                     /* the job shown */
    int follow;                  /* the log moves with new lines */
    int64_t top;                 /* paused: the first line shown */
    uint64_t paused_at;          /* lines the job had when following stopped */
    int only_diag;               /* warnings and errors only */
    char pat[256];               /* the last search */
    int64_t match;               /* the line of the current match, -1 */
    int rows;                    /* log lines on screen */
    unsigned seen_gen;           /* the job's gen at the last tick */
    long seen_spin;
};

/* The first log line on screen: the page ending with the newest line when following. */
int64_t jview_first(const struct jview *v, const struct tui_job *j);
void jview_draw(struct tui *t, const struct jview *v, struct tui_rect b);
/* Log rows of a body of height h (the header takes 3 rows, the box 2). */
#define JVIEW_ROWS(h) ((h) - 5)

/* Command log records (cmdlog_rec.c): a command started by job `job`, and how it ended. */
int cmdlog_begin(struct tui_jobs *js, int job, const char *source, const char *const *argv,
                 const char *cwd, const char *log, int by_gem5wb);
void cmdlog_end(struct tui_jobs *js, int rec, int state, int exited, int code, int sig,
                double seconds);
void cmdlog_free(struct tui_jobs *js);
/* argv as one shell line, each word quoted when it needs it; malloc'd, or NULL. */
char *cmdlog_quote(const char *const *argv);
/* Whether a word needs quotes in a shell line. */
int cmdlog_needs_quotes(const char *s);
/* Frees n records and the array. */
void cmdlog_recs_free(struct tui_cmdrec *c, int n);

#endif

/* Internals of the jobs registry shared by jobs.c (starting, pumping, ending jobs),
 * job_log.c (each job's ring of log lines), job_kb.c (the known issues its output
 * matched), job.c (the job view) and cmdlog.c. */
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
struct kb;
struct kb_hit;
struct kb_matcher;

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
    struct kb_matcher *kbm;      /* known issues in the current command's output, or NULL */
    uint64_t kb_base;            /* the log line before the matcher's line 1 */
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
    const struct kb *kb;         /* the session's knowledge base, NULL when it cannot load */
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

/* ---- Known issues in a job's output (job_kb.c) ------------------------------------ */

/* A command starts: its lines go to a new matcher for its tool (NULL: every tool's). */
void job_kb_command(struct tui_job *j, const char *tool);
/* One line of the job's log, as it is added (numbered as the job view numbers it). */
void job_kb_line(struct tui_job *j, const char *text);
/* The entries the current command's output matched, in the order they were first seen. */
const struct kb_hit *job_kb_hits(const struct tui_job *j, size_t *n);
/* The job view's known-issue line into buf, and *tail, what k does (kept whole when the
 * line is cropped): its theme slot, or -1 when it has none. */
int job_kb_issue(const struct tui_job *j, char *buf, size_t cap, const char **tail);
void job_kb_free(struct tui_job *j);

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
    int body_h;                  /* the body's height, which the rows come from */
    unsigned seen_gen;           /* the job's gen at the last tick */
    long seen_spin;
};

/* The first log line on screen: the page ending with the newest line when following. */
int64_t jview_first(const struct jview *v, const struct tui_job *j);
void jview_draw(struct tui *t, const struct jview *v, struct tui_rect b);
/* Rows above the log box: command, bar, item, and the known-issue line when it has one. */
int jview_head_rows(const struct tui_job *j);

/* Command log records (cmdlog_rec.c): a command started by job `job`, and how it ended. */
int cmdlog_begin(struct tui_jobs *js, int job, const char *source, const char *const *argv,
                 const char *cwd, const char *log, int by_gem5wb);
void cmdlog_end(struct tui_jobs *js, int rec, int state, int exited, int code, int sig,
                double seconds);
void cmdlog_free(struct tui_jobs *js);
/* Frees n records and the array. */
void cmdlog_recs_free(struct tui_cmdrec *c, int n);

#endif

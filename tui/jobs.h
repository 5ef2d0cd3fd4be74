/* The jobs the workbench runs (workflow steps, commands from the : prompt), kept while
 * views come and go, several at once; the loop polls them and records every argv run. */
#ifndef GW_TUI_JOBS_H
#define GW_TUI_JOBS_H

#include "tui/tui.h"

/* Starts step `step` of the workspace at root as a job and shows it in the job view. */
int tui_job_start_step(struct tui *t, const char *root, const char *step);
/* Starts argv (argv[0] a program or this gem5wb's path) as a job in cwd (NULL: here)
 * and shows it; title names it in the job list. */
int tui_job_start_argv(struct tui *t, const char *title, char *const argv[], const char *cwd);
/* Jobs still running (the title line shows it). */
int tui_jobs_running(const struct tui *t);
/* Jobs of this session, running or ended (job views number them 1..count). */
int tui_jobs_count(const struct tui *t);
/* Shows job `index` (0-based) in the job view: the one on top switches to it, else one
 * is opened. 0, or -1 with a message. */
int tui_job_show(struct tui *t, int index);
/* The running job of step (NULL: of any step) in the workspace at root (absolute, as
 * struct ws has it), or -1: Enter on a running step shows it. */
int tui_jobs_find_step(const struct tui *t, const char *root, const char *step);
/* Changes when a job starts or ends, or a command does: a view showing step states
 * (the dashboard) reads the workspace again when it differs from what it last saw. */
unsigned tui_jobs_generation(const struct tui *t);
/* The troubleshooting view for job `index`: the known issues its output matched, with
 * their lines (all of them when none matched). 0, or -1 with a message. */
int tui_job_kb_show(struct tui *t, int index);
/* The newest failed step job of the workspace at root whose output matched a known
 * issue: its index, and the first entry's id in *id; -1 when there is none. */
int tui_jobs_known_issue(const struct tui *t, const char *root, const char **id);
/* Asks to cancel job `index` (a confirmation first). */
void tui_jobs_ask_cancel(struct tui *t, int index);

/* Quitting while jobs run: 1 when the workbench may end now (none running, or the user
 * said yes), 0 after putting up the question; tui_jobs_quit_confirmed turns 1 once
 * the user answered yes (the loop then ends). */
int tui_jobs_confirm_quit(struct tui *t);
int tui_jobs_quit_confirmed(const struct tui *t);

/* Every argv run this session (each command of each step, each : command) with time,
 * folder, result and duration, then the earlier runs of the workspace. arg: a
 * workspace folder, or NULL for the one the workbench was opened on. */
extern const struct tui_view_ops tui_cmdlog_view;
/* The jobs of this session, Enter shows one (:jobs). arg: NULL. */
extern const struct tui_view_ops tui_jobs_view;

/* Loop hooks (tui.c): the fds to poll, a pump on every turn (TUI_REDRAW when a job
 * changed), and the end of the session (running jobs are cancelled and reaped). */
int tui_jobs_fds(const struct tui *t, int *fds, int max);
int tui_jobs_tick(struct tui *t);
void tui_jobs_free(struct tui *t);

#endif

/* The workbench frame: terminal setup and restore, signals, the poll() loop, and the
 * parts every view shares (title line, message line, hint bar, help overlay). */
#include "tui/tui_impl.h"
#include "tui/jobs.h"
#include "tui/kb_view.h"
#include "tui/theme.h"
#include "tui/theme_parse.h"

#include "core/util/err.h"
#include "core/util/settings.h"
#include "core/workflow/workspace.h"

#include <curses.h>
#include <term.h>
#include <errno.h>
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>
#include <wctype.h>

/* ---- Signals: handlers only set flags, except the crash path, which must restore
 * the terminal before the process dies (htop does the same). -------------------- */

static volatile sig_atomic_t quit_signal;
static volatile sig_atomic_t curses_on;
static SCREEN *screen;

static const int quit_sigs[] = { SIGINT, SIGTERM, SIGHUP };
static const int crash_sigs[] = { SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL };
#define NQUIT (sizeof quit_sigs / sizeof quit_sigs[0])
#define NCRASH (sizeof crash_sigs / sizeof crash_sigs[0])

struct saved_signals {
    struct sigaction quit[NQUIT], crash[NCRASH];
    sigset_t mask;
};

static void on_quit(int sig)
{
    quit_signal = sig;
}

static void on_crash(int sig)
{
    if (curses_on)
        endwin();
    raise(sig);   /* SA_RESETHAND: the default action runs once we return */
}

/* Installs the handlers and blocks the quit signals and SIGWINCH outside ppoll(), so
 * one arriving between a key read and the next wait cannot be missed: ppoll unblocks
 * them atomically with *wait_mask. */
static void signals_install(struct saved_signals *s, sigset_t *wait_mask)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_quit;
    for (size_t i = 0; i < NQUIT; i++)
        sigaction(quit_sigs[i], &sa, &s->quit[i]);
    sa.sa_handler = on_crash;
    sa.sa_flags = SA_RESETHAND;
    for (size_t i = 0; i < NCRASH; i++)
        sigaction(crash_sigs[i], &sa, &s->crash[i]);

    sigset_t block;
    sigemptyset(&block);
    for (size_t i = 0; i < NQUIT; i++)
        sigaddset(&block, quit_sigs[i]);
    sigaddset(&block, SIGWINCH);
    sigprocmask(SIG_BLOCK, &block, &s->mask);
    *wait_mask = s->mask;
    for (size_t i = 0; i < NQUIT; i++)
        sigdelset(wait_mask, quit_sigs[i]);
    sigdelset(wait_mask, SIGWINCH);
}

static void signals_restore(const struct saved_signals *s)
{
    sigprocmask(SIG_SETMASK, &s->mask, NULL);   /* a pending quit lands in on_quit */
    for (size_t i = 0; i < NQUIT; i++)
        sigaction(quit_sigs[i], &s->quit[i], NULL);
    for (size_t i = 0; i < NCRASH; i++)
        sigaction(crash_sigs[i], &s->crash[i], NULL);
}

/* ---- Terminal ------------------------------------------------------------------ */

static int screen_open(const struct theme *theme)
{
    /* Check TERM first: a newterm() that fails leaks ncurses' prescreen, which the
     * sanitizer build reports. newterm, not initscr, which would exit() instead. */
    int term_err = 0;
    if (setupterm(NULL, STDOUT_FILENO, &term_err) != OK)
        return -1;
    del_curterm(cur_term);
    screen = newterm(NULL, stdout, stdin);
    if (!screen)
        return -1;
    curses_on = 1;
    cbreak();
    noecho();
    keypad(stdscr, TRUE);
    nodelay(stdscr, TRUE);   /* keys are read only after poll() says there are some */
    curs_set(0);
    if (!getenv("ESCDELAY"))
        set_escdelay(25);    /* Esc quits: do not make it wait a second */
    theme_apply(theme);
    bkgd((chtype)' ' | (chtype)theme_attr(THEME_NORMAL));
    return 0;
}

static void screen_close(void)
{
    if (!curses_on)
        return;
    endwin();
    curses_on = 0;
    delscreen(screen);
    screen = NULL;
}

/* ---- The view stack ------------------------------------------------------------ */

int tui_push(struct tui *t, const struct tui_view_ops *view, const void *arg)
{
    if (t->depth == TUI_STACK_MAX) {
        tui_message(t, THEME_ERROR, "too many views open: close one first (Esc)");
        return -1;
    }
    void *priv = calloc(1, view->priv_size ? view->priv_size : 1);
    if (!priv) {
        tui_message(t, THEME_ERROR, "out of memory opening %s", view->name);
        return -1;
    }
    t->stack[t->depth++] = (struct tui_slot){ view, priv };
    if (view->open(t, priv, arg) != 0) {
        t->depth--;
        free(priv);
        return -1;
    }
    if (view->resize && t->rows >= MIN_ROWS && t->cols >= MIN_COLS)
        view->resize(t, priv, tui_body_rect(t));
    return 0;
}

void tui_pop(struct tui *t)
{
    if (!t->depth)
        return;
    struct tui_slot *top = &t->stack[--t->depth];
    if (top->view->done)
        top->view->done(top->priv);
    free(top->priv);
    if (t->depth && tui_top(t)->view->resume)
        tui_top(t)->view->resume(t, tui_top(t)->priv);
}

/* ---- The loop ------------------------------------------------------------------ */

#define TICK_MS 50      /* views that follow work are ticked at least this often */
#define FRAME_MS 50     /* output redraws at most 20 times a second; keys redraw at once */
#define PUMP_MS 10      /* job output is read at most every 10 ms: big reads, few wakeups */
#define MAX_FDS 64

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The fds to wait on: stdin, the views', and with `jobs` every running job's. Sets
 * *ticking when a view has a tick or a job runs. */
static int gather_fds(const struct tui *t, struct pollfd *p, int jobs, int *ticking)
{
    int n = 1, fds[MAX_FDS];
    p[0] = (struct pollfd){ .fd = STDIN_FILENO, .events = POLLIN };
    *ticking = tui_jobs_running(t) > 0;
    for (int i = 0; i < t->depth; i++) {
        const struct tui_slot *s = &t->stack[i];
        *ticking |= s->view->tick != NULL;
        int k = s->view->fds ? s->view->fds(s->priv, fds, MAX_FDS - n) : 0;
        for (int j = 0; j < k && n < MAX_FDS; j++)
            p[n++] = (struct pollfd){ .fd = fds[j], .events = POLLIN };
    }
    int k = jobs ? tui_jobs_fds(t, fds, MAX_FDS - n) : 0;
    for (int j = 0; j < k; j++)
        p[n++] = (struct pollfd){ .fd = fds[j], .events = POLLIN };
    return n;
}

/* When the loop last drew and read the jobs, and whether output waits to be drawn. */
struct pace {
    long drawn, pumped;
    int pending;
};

static long min_wait(long a, long b)
{
    return a < 0 ? b : b < 0 ? a : a < b ? a : b;
}

/* Waits for a key, a view's or job's fd, a signal, the tick, the next frame due or the
 * next time the jobs may be read (their fds are left out until then). Returns 1 when
 * stdin is readable or closed, 0 otherwise, -1 on error. */
static int wait_input(const struct tui *t, const sigset_t *mask, int block,
                      const struct pace *pc)
{
    struct pollfd p[MAX_FDS];
    long now = now_ms(), since = now - pc->pumped, ms;
    int ticking, jobs = since >= PUMP_MS, n = gather_fds(t, p, jobs, &ticking);
    ms = ticking ? TICK_MS : -1;
    if (!jobs && tui_jobs_running(t))
        ms = min_wait(ms, PUMP_MS - since);
    if (pc->pending)
        ms = min_wait(ms, pc->drawn + FRAME_MS > now ? pc->drawn + FRAME_MS - now : 0);
    if (!block)
        ms = 0;
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    int r = ppoll(p, (nfds_t)n, ms < 0 ? NULL : &ts, mask);
    if (r < 0)
        return errno == EINTR ? 0 : -1;
    if (r == 0 || !p[0].revents)
        return 0;
    return (p[0].revents & POLLNVAL) ? -1 : 1;
}

/* The jobs are read (at most every PUMP_MS), then every view that follows work
 * advances; only what is on screen asks for a redraw. */
static int tick_views(struct tui *t, struct pace *pc)
{
    int flags = 0;
    long now = now_ms();
    if (now - pc->pumped >= PUMP_MS) {
        flags |= tui_jobs_tick(t);
        pc->pumped = now;
    }
    int depth = t->depth;
    void *top = depth ? t->stack[depth - 1].priv : NULL;
    for (int i = 0; i < t->depth; i++)
        if (t->stack[i].view->tick) {
            int f = t->stack[i].view->tick(t, t->stack[i].priv);
            flags |= i == t->depth - 1 ? f : 0;
        }
    if (t->depth != depth || (t->depth && t->stack[t->depth - 1].priv != top))
        flags |= TUI_REDRAW;   /* a view pushed or popped itself: the new top shows */
    return flags;
}

/* ncurses returns a lone ESC for a sequence its terminfo entry does not know (a key
 * the terminal sends differently), after waiting ESCDELAY for the rest. A CSI or SS3
 * sequence waiting behind the ESC is such a key: drop it and return 0. Any other byte
 * is a key typed right after Esc (or Alt+key): Esc counts, the byte comes next. */
static int lone_escape(void)
{
    int ch = getch();
    if (ch == ERR)
        return 1;
    if (ch == 'O')
        getch();   /* SS3: one final byte */
    else if (ch == '[')
        while ((ch = getch()) != ERR && (ch < 0x40 || ch > 0x7e))
            ;      /* CSI: parameters up to the final byte */
    else {
        ungetch(ch);
        return 1;
    }
    return 0;
}

/* Reads every pending key; a signal-only wakeup still reads, which is how ncurses
 * hands over KEY_RESIZE after SIGWINCH. */
static int read_keys(struct tui *t, int *count)
{
    int flags = 0, ch;
    while (!(flags & TUI_QUIT) && t->depth && (ch = getch()) != ERR) {
        (*count)++;
        if (ch == 27 && !lone_escape())
            continue;
        flags |= tui_frame_key(t, ch);
    }
    return flags;
}

static int run_loop(struct tui *t, const sigset_t *wait_mask, int max_frames)
{
    int frames = 0, dirty = 1;
    struct pace pc = { 0, 0, 0 };
    while (!quit_signal && t->depth) {
        long now = now_ms();
        if (dirty || max_frames > 0 || (pc.pending && now - pc.drawn >= FRAME_MS)) {
            tui_frame_draw(t);
            dirty = pc.pending = 0;
            pc.drawn = now;
            if (max_frames > 0 && ++frames >= max_frames)
                break;
        }
        int ready = wait_input(t, wait_mask, max_frames <= 0, &pc);
        if (ready < 0)
            break;
        int keys = 0, flags = read_keys(t, &keys);
        if ((flags & TUI_QUIT) && (!t->depth || tui_jobs_confirm_quit(t)))
            break;   /* else the question is up: y ends the loop below */
        if (tui_jobs_quit_confirmed(t))
            break;
        if (ready == 1 && keys == 0 && max_frames <= 0)
            break;   /* stdin was closed: no key will ever come */
        dirty |= (flags & (TUI_REDRAW | TUI_QUIT)) != 0;
        pc.pending |= tick_views(t, &pc) & TUI_REDRAW;
    }
    return quit_signal ? 128 + quit_signal : 0;
}

static void find_where(char *buf, size_t len)
{
    char cwd[PATH_MAX];
    const char *home = getenv("HOME");
    size_t n = home ? strlen(home) : 0;
    if (!getcwd(cwd, sizeof cwd))
        snprintf(buf, len, "(working directory unknown)");
    else if (n > 1 && strncmp(cwd, home, n) == 0 && (cwd[n] == '/' || cwd[n] == '\0'))
        snprintf(buf, len, "~%s", cwd + n);
    else
        snprintf(buf, len, "%s", cwd);
}

static int run_session(struct tui *t, const struct theme *theme, int max_frames,
                       const struct tui_view_ops *first, const void *arg)
{
    struct saved_signals saved;
    sigset_t wait_mask;
    quit_signal = 0;
    signals_install(&saved, &wait_mask);
    if (screen_open(theme) < 0) {
        signals_restore(&saved);
        const char *term = getenv("TERM");
        fprintf(stderr, "gem5wb: cannot start the workbench on this terminal (TERM=%s)\n",
                term ? term : "unset");
        return 1;
    }
    int rc = 1;
    getmaxyx(stdscr, t->rows, t->cols);
    tui_mouse_enable(t, t->mouse);
    if (tui_push(t, first, arg) == 0)
        rc = run_loop(t, &wait_mask, max_frames);
    if (t->depth && tui_jobs_running(t)) {   /* stopping them can take the grace period */
        tui_message(t, THEME_WARNING, "stopping %d running job%s...", tui_jobs_running(t),
                    tui_jobs_running(t) == 1 ? "" : "s");
        tui_frame_draw(t);
    }
    while (t->depth)
        tui_pop(t);
    tui_modal_free(t);
    tui_jobs_free(t);                          /* no process is left behind */
    tui_kb_free(t);                            /* after the jobs: their matchers use it */
    screen_close();
    signals_restore(&saved);
    if (rc == 1)
        fprintf(stderr, "gem5wb: %s\n", t->msg[0] ? t->msg : "out of memory");
    return rc;
}

static int has_workspace(const char *dir)
{
    struct ws *w;
    char err[ERR_LEN];
    if (ws_open(dir, &w, err) != 0)
        return 0;
    ws_close(w);
    return 1;
}

/* The saved settings (a broken file is reported and ignored: it must not lock the user
 * out of the workbench that rewrites it). */
static void read_settings(struct settings *set, char *note, size_t len)
{
    char path[4096], err[ERR_LEN];
    note[0] = '\0';
    if (settings_path(path, sizeof path, err) == 0 && settings_load(path, set, err) == 0)
        return;
    memset(set, 0, sizeof *set);
    snprintf(note, len, "%.400s (settings ignored)", err);
}

/* The theme: --theme, else the saved one (falling back to the default when it has gone
 * missing), else the default. */
static int pick_theme(struct tui *t, struct theme *theme, const struct tui_options *o,
                      const struct settings *set)
{
    char err[ERR_LEN];
    const char *saved = settings_get(set, "theme");
    const char *name = o->theme ? o->theme : saved;
    if (theme_load(theme, name, o->themes_dir, err) == 0) {
        snprintf(t->theme, sizeof t->theme, "%s", name ? name : "default");
        return 0;
    }
    if (o->theme || theme_load(theme, NULL, o->themes_dir, err) != 0) {
        fprintf(stderr, "gem5wb: %s\n", err);
        return -1;
    }
    snprintf(t->theme, sizeof t->theme, "default");
    snprintf(t->msg, sizeof t->msg, "saved theme '%s' not found: using the default", saved);
    t->msg_slot = THEME_WARNING;
    return 0;
}

int tui_run(const struct tui_options *opts)
{
    static const struct tui_options none = TUI_OPTIONS_INIT;
    const struct tui_options *o = opts ? opts : &none;
    struct tui t;
    struct theme theme;
    struct settings set;

    memset(&t, 0, sizeof t);
    t.msg_slot = THEME_MESSAGE;
    read_settings(&set, t.msg, sizeof t.msg);
    if (pick_theme(&t, &theme, o, &set) != 0)
        return 2;
    if (o->max_frames <= 0 && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))) {
        fprintf(stderr, "gem5wb: the workbench needs a terminal; "
                "run a command instead (gem5wb --help lists them)\n");
        return 1;
    }
    /* LC_CTYPE only: numbers and messages elsewhere stay in the C locale */
    char old_locale[256];
    const char *cur = setlocale(LC_CTYPE, NULL);
    snprintf(old_locale, sizeof old_locale, "%s", cur ? cur : "C");
    setlocale(LC_CTYPE, "");

    const char *ascii = settings_get(&set, "ascii"), *mouse = settings_get(&set, "mouse");
    t.ascii = o->ascii || strcmp(nl_langinfo(CODESET), "UTF-8") != 0 ||
              (ascii && strcmp(ascii, "on") == 0);
    t.mouse = !mouse || strcmp(mouse, "off") != 0;
    t.themes_dir = o->themes_dir;
    t.workspace = o->workspace;
    find_where(t.where, sizeof t.where);
    /* a checkpoint, else the workspace here (or given), else the list of commands */
    const struct tui_view_ops *first = o->inspect ? &tui_inspect_view
                                     : has_workspace(o->workspace) ? &tui_dashboard_view
                                     : &tui_home_view;
    int rc = run_session(&t, &theme, o->max_frames, first,
                         o->inspect ? o->inspect : o->workspace);
    setlocale(LC_CTYPE, old_locale);
    return rc;
}

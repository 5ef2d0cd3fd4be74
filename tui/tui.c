/* The workbench frame: terminal setup and restore, signals, the poll() loop, and the
 * parts every view shares (title line, message line, hint bar, help overlay). */
#include "tui/tui.h"
#include "tui/theme.h"
#include "tui/theme_parse.h"

#include "core/util/err.h"

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
#include <unistd.h>
#include <wchar.h>
#include <wctype.h>

#define MIN_COLS 80
#define MIN_ROWS 24
#define TEXT_MAX 512   /* widest text run drawn at once, in characters */

struct tui {
    int ascii;                   /* ASCII glyphs only */
    int help;                    /* the help overlay is up */
    int rows, cols;
    char where[PATH_MAX + 2];    /* working directory, "~" for $HOME */
    char msg[512];
    int msg_slot;
    const struct tui_view_ops *view;
    void *priv;                  /* the view's state, owned by the frame */
};

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

/* ---- Drawing helpers shared with the views ------------------------------------- */

void tui_message(struct tui *t, int slot, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(t->msg, sizeof t->msg, fmt, ap);
    va_end(ap);
    t->msg_slot = slot;
}

const char *tui_marker(const struct tui *t)
{
    return t->ascii ? ">" : "\u25b8";
}

/* Decodes s into out (at most width columns, NUL-terminated), cropping with an
 * ellipsis; returns the columns used. */
static int fit_text(const struct tui *t, const char *s, wchar_t *out, int width)
{
    mbstate_t st;
    memset(&st, 0, sizeof st);
    size_t left = strlen(s);
    int n = 0, cols = 0, cropped = 0, w[TEXT_MAX];
    while (left > 0) {
        wchar_t wc;
        size_t r = mbrtowc(&wc, s, left, &st);
        if (r == (size_t)-1 || r == (size_t)-2) {   /* bad byte: show it, resync */
            wc = L'?';
            r = 1;
            memset(&st, 0, sizeof st);
        }
        int cw = iswprint((wint_t)wc) ? wcwidth(wc) : -1;
        if (cw < 0) {
            wc = L'?';
            cw = 1;
        }
        if (cols + cw > width || n == TEXT_MAX - 2) {   /* keep room for "…" and NUL */
            cropped = 1;
            break;
        }
        out[n] = wc;
        w[n++] = cw;
        cols += cw;
        s += r;
        left -= r;
    }
    if (cropped && width > 0) {
        while (n > 0 && cols + 1 > width)
            cols -= w[--n];
        out[n++] = t->ascii ? L'~' : L'\u2026';
        cols++;
    }
    out[n] = L'\0';
    return cols;
}

int tui_text(const struct tui *t, int y, int x, int width, int slot, const char *s, int pad)
{
    wchar_t buf[TEXT_MAX];
    if (width <= 0)
        return 0;
    if (width > TEXT_MAX - 1)
        width = TEXT_MAX - 1;
    int cols = fit_text(t, s ? s : "", buf, width);
    attrset(theme_attr(slot));
    mvaddwstr(y, x, buf);
    if (pad && cols < width)
        tui_fill(y, x + cols, width - cols, slot);
    return cols;
}

size_t tui_wrap(const char *s, int width)
{
    mbstate_t st;
    memset(&st, 0, sizeof st);
    size_t len = strlen(s), pos = 0, brk = 0;
    int cols = 0;
    while (pos < len) {
        wchar_t wc;
        size_t r = mbrtowc(&wc, s + pos, len - pos, &st);
        if (r == (size_t)-1 || r == (size_t)-2) {
            wc = L'?';
            r = 1;
            memset(&st, 0, sizeof st);
        }
        int cw = wcwidth(wc) < 0 ? 1 : wcwidth(wc);
        if (cols + cw > width)
            return brk ? brk : pos ? pos : r;   /* always make progress */
        pos += r;
        cols += cw;
        if (wc == L' ')
            brk = pos;
    }
    return len;
}

void tui_fill(int y, int x, int width, int slot)
{
    /* line drawing merges the window's attributes: set them, or the last text's
     * attributes (a reversed title, say) leak into the fill */
    attrset(theme_attr(slot));
    if (width > 0)
        mvhline(y, x, (chtype)' ' | (chtype)theme_attr(slot), width);
}

static int text_width(const struct tui *t, const char *s, int max)
{
    wchar_t buf[TEXT_MAX];
    return fit_text(t, s, buf, max < TEXT_MAX - 1 ? max : TEXT_MAX - 1);
}

enum { G_TL, G_H, G_TR, G_V, G_BL, G_BR };
static const wchar_t box_utf8[] = { 0x250c, 0x2500, 0x2510, 0x2502, 0x2514, 0x2518 };
static const wchar_t box_ascii[] = { L'+', L'-', L'+', L'|', L'+', L'+' };

static cchar_t *glyph(cchar_t *cc, wchar_t wc, int attr)
{
    wchar_t s[2] = { wc, L'\0' };
    setcchar(cc, s, (attr_t)attr & ~A_COLOR, (short)PAIR_NUMBER(attr), NULL);
    return cc;
}

/* " label " on a border line, starting at x; returns the columns used. */
static int border_label(const struct tui *t, int y, int x, int max, int slot, const char *s)
{
    if (max < 3)
        return 0;
    tui_fill(y, x, 1, THEME_BORDER);
    int n = tui_text(t, y, x + 1, max - 2, slot, s, 0);
    tui_fill(y, x + 1 + n, 1, THEME_BORDER);
    return n + 2;
}

void tui_box(const struct tui *t, struct tui_rect r, const char *title, const char *note)
{
    if (r.h < 2 || r.w < 2)
        return;
    const wchar_t *g = t->ascii ? box_ascii : box_utf8;
    int a = theme_attr(THEME_BORDER), bottom = r.y + r.h - 1, right = r.x + r.w - 1;
    cchar_t cc;
    attrset(a);   /* as in tui_fill */
    mvhline_set(r.y, r.x + 1, glyph(&cc, g[G_H], a), r.w - 2);
    mvhline_set(bottom, r.x + 1, &cc, r.w - 2);
    mvvline_set(r.y + 1, r.x, glyph(&cc, g[G_V], a), r.h - 2);
    mvvline_set(r.y + 1, right, &cc, r.h - 2);
    mvadd_wch(r.y, r.x, glyph(&cc, g[G_TL], a));
    mvadd_wch(r.y, right, glyph(&cc, g[G_TR], a));
    mvadd_wch(bottom, r.x, glyph(&cc, g[G_BL], a));
    mvadd_wch(bottom, right, glyph(&cc, g[G_BR], a));
    if (title)
        border_label(t, r.y, r.x + 1, r.w - 4, THEME_HEADING, title);
    if (note) {
        int n = text_width(t, note, r.w - 6) + 2;
        border_label(t, bottom, right - 1 - n, n, THEME_BORDER, note);
    }
}

/* ---- Keys: names for the hint bar and help, lookup for dispatch ---------------- */

static const char *key_label(int k, int ascii, char *buf, size_t len)
{
    switch (k) {
    case KEY_UP:    return ascii ? "Up" : "\u2191";
    case KEY_DOWN:  return ascii ? "Down" : "\u2193";
    case KEY_LEFT:  return ascii ? "Left" : "\u2190";
    case KEY_RIGHT: return ascii ? "Right" : "\u2192";
    case KEY_PPAGE: return "PgUp";
    case KEY_NPAGE: return "PgDn";
    case KEY_HOME:  return "Home";
    case KEY_END:   return "End";
    case KEY_ENTER: case '\n': case '\r': return "Enter";
    case 27:        return "Esc";
    case ' ':       return "Space";
    case '\t':      return "Tab";
    }
    if (k > 0 && k < 32)
        snprintf(buf, len, "^%c", k + '@');
    else if (k > 32 && k < 127)
        snprintf(buf, len, "%c", k);
    else
        snprintf(buf, len, "%s", keyname(k) ? keyname(k) : "?");
    return buf;
}

/* The keys of one table row joined with '/', duplicates (\n and \r) once. */
static void key_names(const struct tui *t, const struct tui_key *k, char *out, size_t len)
{
    const char *seen[TUI_KEYS_MAX];
    char bufs[TUI_KEYS_MAX][16];
    int n = 0;
    out[0] = '\0';
    for (int i = 0; i < TUI_KEYS_MAX && k->keys[i]; i++) {
        const char *name = key_label(k->keys[i], t->ascii, bufs[i], sizeof bufs[i]);
        int dup = 0;
        for (int j = 0; j < n; j++)
            dup |= strcmp(seen[j], name) == 0;
        if (dup)
            continue;
        size_t used = strlen(out);
        snprintf(out + used, len - used, "%s%s", n ? "/" : "", name);
        seen[n++] = name;
    }
}

static const struct tui_key *key_lookup(const struct tui_view_ops *v, int ch)
{
    for (size_t i = 0; i < v->key_count; i++)
        for (int j = 0; j < TUI_KEYS_MAX && v->keys[i].keys[j]; j++)
            if (v->keys[i].keys[j] == ch)
                return &v->keys[i];
    return NULL;
}

/* ---- The frame ----------------------------------------------------------------- */

static struct tui_rect body_rect(const struct tui *t)
{
    return (struct tui_rect){ 1, 0, t->rows - 3, t->cols };
}

static int too_small(const struct tui *t)
{
    return t->rows < MIN_ROWS || t->cols < MIN_COLS;
}

static void draw_title(const struct tui *t)
{
    char line[sizeof t->where + 16];
    snprintf(line, sizeof line, "gem5wb  %s", t->where);
    tui_fill(0, 0, 1, THEME_TITLE);
    tui_text(t, 0, 1, t->cols - 1, THEME_TITLE, line, 1);
}

static void draw_hints(const struct tui *t)
{
    int y = t->rows - 1, x = 1;
    tui_fill(y, 0, t->cols, THEME_HINT);
    for (size_t i = 0; i < t->view->key_count; i++) {
        const struct tui_key *k = &t->view->keys[i];
        char names[64];
        if (!k->in_bar)
            continue;
        key_names(t, k, names, sizeof names);
        int need = text_width(t, names, TEXT_MAX) + 1 + text_width(t, k->label, TEXT_MAX);
        if (x + need >= t->cols)
            break;   /* the help overlay still lists it */
        x += tui_text(t, y, x, need, THEME_HINT_KEY, names, 0) + 1;
        x += tui_text(t, y, x, t->cols - x, THEME_HINT, k->label, 0) + 2;
    }
}

/* A box over the body listing every row of the view's key table. */
static void draw_help(const struct tui *t)
{
    struct tui_rect b = body_rect(t);
    int h = (int)t->view->key_count + 4, w = t->cols - 8 < 64 ? t->cols - 8 : 64;
    if (h > b.h)
        h = b.h;
    struct tui_rect r = { b.y + (b.h - h) / 2, (t->cols - w) / 2, h, w };
    char title[64];
    snprintf(title, sizeof title, "Keys: %s", t->view->name);
    for (int y = r.y + 1; y < r.y + r.h - 1; y++)
        tui_fill(y, r.x + 1, r.w - 2, THEME_HELP);
    tui_box(t, r, title, "any key closes");
    for (int i = 0; i < (int)t->view->key_count && i < r.h - 4; i++) {
        const struct tui_key *k = &t->view->keys[i];
        char names[64];
        key_names(t, k, names, sizeof names);
        tui_text(t, r.y + 2 + i, r.x + 3, 16, THEME_HINT_KEY, names, 0);
        tui_text(t, r.y + 2 + i, r.x + 20, r.w - 22, THEME_HELP, k->help, 0);
    }
}

static void draw_too_small(const struct tui *t)
{
    char msg[96];
    snprintf(msg, sizeof msg, "terminal too small: need %dx%d, have %dx%d",
             MIN_COLS, MIN_ROWS, t->cols, t->rows);
    int len = (int)strlen(msg), x = t->cols > len ? (t->cols - len) / 2 : 0;
    tui_text(t, t->rows / 2, x, t->cols - x, THEME_WARNING, msg, 0);
}

static void draw_frame(struct tui *t)
{
    erase();
    if (too_small(t)) {
        draw_too_small(t);
    } else {
        draw_title(t);
        t->view->draw(t, t->priv, body_rect(t));
        if (t->help)
            draw_help(t);
        tui_text(t, t->rows - 2, 1, t->cols - 2, t->msg_slot, t->msg, 1);
        draw_hints(t);
    }
    wnoutrefresh(stdscr);
    doupdate();
}

static void layout(struct tui *t)
{
    getmaxyx(stdscr, t->rows, t->cols);
    if (!too_small(t) && t->view->resize)
        t->view->resize(t, t->priv, body_rect(t));
}

static int handle_key(struct tui *t, int ch)
{
    if (ch == KEY_RESIZE) {
        layout(t);
        return TUI_REDRAW;
    }
    if (t->help) {   /* any key closes the overlay, and does nothing else */
        t->help = 0;
        return TUI_REDRAW;
    }
    const struct tui_key *k = key_lookup(t->view, ch);
    t->msg[0] = '\0';
    if (!k) {
        if (ch > 32 && ch < 127)
            tui_message(t, THEME_DIM, "no action on '%c' (? lists the keys)", ch);
        return TUI_REDRAW;
    }
    switch (k->action) {
    case TUI_ACT_NONE:   return TUI_REDRAW;
    case TUI_ACT_QUIT:   return TUI_QUIT;
    case TUI_ACT_HELP:   t->help = 1; return TUI_REDRAW;
    case TUI_ACT_REDRAW: clearok(curscr, TRUE); return TUI_REDRAW;
    default:             return t->view->action(t, t->priv, k->action) | TUI_REDRAW;
    }
}

/* ---- The loop ------------------------------------------------------------------ */

/* Blocks until stdin has input or a signal arrives (never spins). Returns 1 when
 * stdin is readable or closed, 0 when woken by a signal or the timeout, -1 on error. */
static int wait_input(const sigset_t *mask, int block)
{
    struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
    struct timespec zero = { 0, 0 };
    int r = ppoll(&p, 1, block ? NULL : &zero, mask);
    if (r < 0)
        return errno == EINTR ? 0 : -1;
    if (r == 0)
        return 0;
    return (p.revents & POLLNVAL) ? -1 : 1;
}

/* ncurses returns a lone ESC for a sequence its terminfo entry does not know (a key
 * the terminal sends differently, Alt+key), after waiting ESCDELAY for the rest. Bytes
 * already waiting behind the ESC therefore mean such a sequence, not the Esc key
 * (which quits): drop the sequence and return 0. */
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
    return 0;
}

/* Reads every pending key; a signal-only wakeup still reads, which is how ncurses
 * hands over KEY_RESIZE after SIGWINCH. */
static int read_keys(struct tui *t, int *count)
{
    int flags = 0, ch;
    while (!(flags & TUI_QUIT) && (ch = getch()) != ERR) {
        (*count)++;
        if (ch == 27 && !lone_escape())
            continue;
        flags |= handle_key(t, ch);
    }
    return flags;
}

static int run_loop(struct tui *t, const sigset_t *wait_mask, int max_frames)
{
    int frames = 0, dirty = 1;
    while (!quit_signal) {
        if (dirty || max_frames > 0) {
            draw_frame(t);
            dirty = 0;
            if (max_frames > 0 && ++frames >= max_frames)
                break;
        }
        int ready = wait_input(wait_mask, max_frames <= 0);
        if (ready < 0)
            break;
        int keys = 0, flags = read_keys(t, &keys);
        if (flags & TUI_QUIT)
            break;
        if (ready == 1 && keys == 0 && max_frames <= 0)
            break;   /* stdin was closed: no key will ever come */
        dirty |= flags & TUI_REDRAW;
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

static int run_session(struct tui *t, const struct theme *theme, int max_frames)
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
    t->priv = calloc(1, t->view->priv_size ? t->view->priv_size : 1);
    if (t->priv && t->view->open(t, t->priv) == 0) {
        layout(t);
        rc = run_loop(t, &wait_mask, max_frames);
        if (t->view->done)
            t->view->done(t->priv);
    }
    free(t->priv);
    screen_close();
    signals_restore(&saved);
    if (rc == 1)
        fprintf(stderr, "gem5wb: %s\n", t->msg[0] ? t->msg : "out of memory");
    return rc;
}

int tui_run(const struct tui_options *opts)
{
    static const struct tui_options none = TUI_OPTIONS_INIT;
    const struct tui_options *o = opts ? opts : &none;
    struct tui t;
    struct theme theme;
    char err[ERR_LEN];

    if (theme_load(&theme, o->theme, o->themes_dir, err) < 0) {
        fprintf(stderr, "gem5wb: %s\n", err);
        return 2;
    }
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

    memset(&t, 0, sizeof t);
    t.ascii = o->ascii || strcmp(nl_langinfo(CODESET), "UTF-8") != 0;
    t.view = &tui_home_view;
    t.msg_slot = THEME_MESSAGE;
    find_where(t.where, sizeof t.where);
    int rc = run_session(&t, &theme, o->max_frames);
    setlocale(LC_CTYPE, old_locale);
    return rc;
}

/* The frame every view shares: title line, message line, key-hint bar and help overlay,
 * all drawn from the top view's key table, which is also what dispatches keys. */
#include "tui/tui_impl.h"
#include "tui/command.h"
#include "tui/jobs.h"
#include "tui/theme.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

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
    case KEY_HOME: case KEY_FIND:  return "Home";   /* \e[1~ and \e[4~ under tmux */
    case KEY_END: case KEY_SELECT: return "End";
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

static const struct tui_key *table_lookup(const struct tui_key *keys, size_t n, int ch)
{
    for (size_t i = 0; i < n; i++)
        for (int j = 0; j < TUI_KEYS_MAX && keys[i].keys[j]; j++)
            if (keys[i].keys[j] == ch)
                return &keys[i];
    return NULL;
}

/* Keys every view has unless it binds the same key itself. */
enum { FRAME_COMMAND = -100, FRAME_SETTINGS };
static const struct tui_key frame_keys[] = {
    { { ':' }, "command", "run a gem5wb command or a workbench one (Tab completes)",
      FRAME_COMMAND, 1 },
    { { 'S' }, "settings", "theme, line drawing and mouse, saved for next time",
      FRAME_SETTINGS, 0 },
};
#define NFRAME_KEYS (sizeof frame_keys / sizeof frame_keys[0])

static const struct tui_key *key_lookup(const struct tui_view_ops *v, int ch)
{
    const struct tui_key *k = table_lookup(v->keys, v->key_count, ch);
    return k ? k : table_lookup(frame_keys, NFRAME_KEYS, ch);
}

/* The rows the hint bar and help show: the view's, then the frame's it does not shadow. */
static const struct tui_key *key_row(const struct tui_view_ops *v, size_t i)
{
    if (i < v->key_count)
        return &v->keys[i];
    for (size_t j = 0, n = v->key_count; j < NFRAME_KEYS; j++) {
        int shadowed = table_lookup(v->keys, v->key_count, frame_keys[j].keys[0]) != NULL;
        if (!shadowed && n++ == i)
            return &frame_keys[j];
    }
    return NULL;
}

/* ---- The frame ----------------------------------------------------------------- */

struct tui_rect tui_body_rect(const struct tui *t)
{
    return (struct tui_rect){ 1, 0, t->rows - 3, t->cols };
}

static int too_small(const struct tui *t)
{
    return t->rows < MIN_ROWS || t->cols < MIN_COLS;
}

static void draw_title(const struct tui *t)
{
    char line[sizeof t->where + 16], jobs[48] = "";
    int running = tui_jobs_running(t);
    snprintf(line, sizeof line, "gem5wb  %s", t->where);
    if (running)
        snprintf(jobs, sizeof jobs, "%d job%s running ", running, running == 1 ? "" : "s");
    int jw = (int)strlen(jobs);
    tui_fill(0, 0, 1, THEME_TITLE);
    tui_text(t, 0, 1, t->cols - 1 - jw, THEME_TITLE, line, 1);
    if (jw)
        tui_text(t, 0, t->cols - jw, jw, THEME_TITLE, jobs, 0);
}

/* Also notes where each hint is, so that a click on it works as its key. */
static void draw_hints(struct tui *t)
{
    const struct tui_view_ops *view = t->stack[t->depth - 1].view;
    int y = t->rows - 1, x = 1;
    const struct tui_key *k;
    tui_fill(y, 0, t->cols, THEME_HINT);
    t->nhints = 0;
    for (size_t i = 0; (k = key_row(view, i)) != NULL; i++) {
        char names[64];
        if (!k->in_bar)
            continue;
        key_names(t, k, names, sizeof names);
        int need = tui_text_width(t, names, TEXT_MAX) + 1 + tui_text_width(t, k->label, TEXT_MAX);
        if (x + need >= t->cols)
            break;   /* the help overlay still lists it */
        if (t->nhints < TUI_HINTS_MAX)
            t->hints[t->nhints++] = (struct tui_hint){ x, x + need, k->keys[0] };
        x += tui_text(t, y, x, need, THEME_HINT_KEY, names, 0) + 1;
        x += tui_text(t, y, x, t->cols - x, THEME_HINT, k->label, 0) + 2;
    }
}

/* The rows of the view's key table that have help text (rows without it, such as the
 * hex digits after the first, are explained there): those of the hint bar first, so
 * that the main keys are on the first screen of a long list. */
static int help_rows(const struct tui_view_ops *view, const struct tui_key **list, int cap)
{
    const struct tui_key *k;
    int n = 0;
    for (int bar = 1; bar >= 0; bar--)
        for (size_t i = 0; (k = key_row(view, i)) != NULL && n < cap; i++)
            if (k->help && k->help[0] && !k->in_bar == !bar)
                list[n++] = k;
    return n;
}

/* A box over the body listing them; scrolled with the arrows when taller than it. */
static void draw_help(struct tui *t)
{
    const struct tui_view_ops *view = t->stack[t->depth - 1].view;
    struct tui_rect b = tui_body_rect(t);
    const struct tui_key *list[128];
    int n = help_rows(view, list, 128);
    int h = n + 4 > b.h ? b.h : n + 4, w = t->cols - 8 < 80 ? t->cols - 8 : 80;
    int shown = h - 4, more = n > shown;
    t->help_max = more ? n - shown : 0;
    if (t->help_top > t->help_max)
        t->help_top = t->help_max;
    struct tui_rect r = { b.y + (b.h - h) / 2, (t->cols - w) / 2, h, w };
    char title[64], foot[64];
    snprintf(title, sizeof title, "Keys: %s", view->name);
    snprintf(foot, sizeof foot, more ? "%d-%d of %d  %s/%s scroll, other keys close"
                                     : "any key closes",
             t->help_top + 1, t->help_top + shown, n, t->ascii ? "Up" : "\u2191",
             t->ascii ? "Down" : "\u2193");
    for (int y = r.y + 1; y < r.y + r.h - 1; y++)
        tui_fill(y, r.x + 1, r.w - 2, THEME_HELP);
    tui_box(t, r, title, foot);
    for (int i = 0; i < shown && t->help_top + i < n; i++) {
        const struct tui_key *k = list[t->help_top + i];
        char names[64];
        key_names(t, k, names, sizeof names);
        tui_text(t, r.y + 2 + i, r.x + 3, 16, THEME_HINT_KEY, names, 0);
        tui_text(t, r.y + 2 + i, r.x + 20, r.w - 22, THEME_HELP, k->help, 0);
    }
}

/* While the overlay is up: the arrows and pages scroll it, any other key closes it. */
static int help_key(struct tui *t, int ch)
{
    int step = ch == KEY_UP || ch == KEY_DOWN ? 1 : 10;
    if (t->help_max && (ch == KEY_UP || ch == KEY_PPAGE))
        t->help_top = t->help_top > step ? t->help_top - step : 0;
    else if (t->help_max && (ch == KEY_DOWN || ch == KEY_NPAGE || ch == ' '))
        t->help_top = t->help_top + step < t->help_max ? t->help_top + step : t->help_max;
    else
        t->help = 0;
    return TUI_REDRAW;
}

static void draw_too_small(const struct tui *t)
{
    char msg[96];
    snprintf(msg, sizeof msg, "terminal too small: need %dx%d, have %dx%d",
             MIN_COLS, MIN_ROWS, t->cols, t->rows);
    int len = (int)strlen(msg), x = t->cols > len ? (t->cols - len) / 2 : 0;
    tui_text(t, t->rows / 2, x, t->cols - x, THEME_WARNING, msg, 0);
}

void tui_frame_draw(struct tui *t)
{
    erase();
    if (too_small(t)) {
        draw_too_small(t);
    } else {
        draw_title(t);
        tui_top(t)->view->draw(t, tui_top(t)->priv, tui_body_rect(t));
        if (t->help)
            draw_help(t);
        tui_text(t, t->rows - 2, 1, t->cols - 2, t->msg_slot, t->msg, 1);
        draw_hints(t);
        tui_modal_draw(t);
    }
    wnoutrefresh(stdscr);
    doupdate();
}

void tui_frame_layout(struct tui *t)
{
    getmaxyx(stdscr, t->rows, t->cols);
    for (int i = 0; i < t->depth && !too_small(t); i++)   /* views below resize too */
        if (t->stack[i].view->resize)
            t->stack[i].view->resize(t, t->stack[i].priv, tui_body_rect(t));
}

int tui_frame_key(struct tui *t, int ch)
{
    if (ch == KEY_RESIZE) {
        tui_frame_layout(t);
        return TUI_REDRAW;
    }
    if (!t->depth)
        return TUI_QUIT;
    if (ch == KEY_MOUSE)
        return tui_frame_mouse(t);
    if (t->modal)
        return tui_modal_key(t, ch) | TUI_REDRAW;
    if (t->help)   /* the key scrolls or closes the overlay, and does nothing else */
        return help_key(t, ch);
    struct tui_slot *top = tui_top(t);
    const struct tui_key *k = key_lookup(top->view, ch);
    t->msg[0] = '\0';
    if (!k) {
        if (ch > 32 && ch < 127)
            tui_message(t, THEME_DIM, "no action on '%c' (? lists the keys)", ch);
        return TUI_REDRAW;
    }
    switch (k->action) {
    case TUI_ACT_NONE:   return TUI_REDRAW;
    case TUI_ACT_QUIT:   return TUI_QUIT;
    case TUI_ACT_HELP:   t->help = 1; t->help_top = 0; return TUI_REDRAW;
    case TUI_ACT_REDRAW: clearok(curscr, TRUE); return TUI_REDRAW;
    case TUI_ACT_BACK:   /* the last view stays until the quit is confirmed */
        if (t->depth == 1)
            return TUI_QUIT;
        tui_pop(t);
        return TUI_REDRAW;
    case FRAME_COMMAND:  tui_command_prompt(t, NULL); return TUI_REDRAW;
    case FRAME_SETTINGS: tui_push(t, &tui_settings_view, NULL); return TUI_REDRAW;
    default:             return top->view->action(t, top->priv, k->action) | TUI_REDRAW;
    }
}


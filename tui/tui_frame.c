/* The frame every view shares: title line, message line, key-hint bar and help overlay,
 * all drawn from the top view's key table, which is also what dispatches keys. */
#include "tui/tui_impl.h"
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
    char line[sizeof t->where + 16];
    snprintf(line, sizeof line, "gem5wb  %s", t->where);
    tui_fill(0, 0, 1, THEME_TITLE);
    tui_text(t, 0, 1, t->cols - 1, THEME_TITLE, line, 1);
}

static void draw_hints(const struct tui *t)
{
    const struct tui_view_ops *view = t->stack[t->depth - 1].view;
    int y = t->rows - 1, x = 1;
    tui_fill(y, 0, t->cols, THEME_HINT);
    for (size_t i = 0; i < view->key_count; i++) {
        const struct tui_key *k = &view->keys[i];
        char names[64];
        if (!k->in_bar)
            continue;
        key_names(t, k, names, sizeof names);
        int need = tui_text_width(t, names, TEXT_MAX) + 1 + tui_text_width(t, k->label, TEXT_MAX);
        if (x + need >= t->cols)
            break;   /* the help overlay still lists it */
        x += tui_text(t, y, x, need, THEME_HINT_KEY, names, 0) + 1;
        x += tui_text(t, y, x, t->cols - x, THEME_HINT, k->label, 0) + 2;
    }
}

/* A box over the body listing every row of the view's key table. */
static void draw_help(const struct tui *t)
{
    const struct tui_view_ops *view = t->stack[t->depth - 1].view;
    struct tui_rect b = tui_body_rect(t);
    int h = (int)view->key_count + 4, w = t->cols - 8 < 64 ? t->cols - 8 : 64;
    if (h > b.h)
        h = b.h;
    struct tui_rect r = { b.y + (b.h - h) / 2, (t->cols - w) / 2, h, w };
    char title[64];
    snprintf(title, sizeof title, "Keys: %s", view->name);
    for (int y = r.y + 1; y < r.y + r.h - 1; y++)
        tui_fill(y, r.x + 1, r.w - 2, THEME_HELP);
    tui_box(t, r, title, "any key closes");
    for (int i = 0; i < (int)view->key_count && i < r.h - 4; i++) {
        const struct tui_key *k = &view->keys[i];
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
    if (t->help) {   /* any key closes the overlay, and does nothing else */
        t->help = 0;
        return TUI_REDRAW;
    }
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
    case TUI_ACT_HELP:   t->help = 1; return TUI_REDRAW;
    case TUI_ACT_REDRAW: clearok(curscr, TRUE); return TUI_REDRAW;
    case TUI_ACT_BACK:   tui_pop(t); return TUI_REDRAW | (t->depth ? 0 : TUI_QUIT);
    default:             return top->view->action(t, top->priv, k->action) | TUI_REDRAW;
    }
}


/* Modal input over the frame: a one-line prompt on the message line (editing, history,
 * completion, a live check) and a confirmation box answered with y or n. */
#include "tui/tui_impl.h"
#include "tui/theme.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROMPT_TEXT 1024
#define HIST_MAX 32

enum modal_kind { MODAL_PROMPT, MODAL_CONFIRM };

struct tui_modal {
    enum modal_kind kind;
    struct tui_prompt_spec p;
    struct tui_confirm_spec c;
    char label[128], text[PROMPT_TEXT], why[256], list[512];
    size_t cur;                /* byte offset of the cursor in text */
    int hist;                  /* history entry shown, -1 for the text being typed */
    char typed[PROMPT_TEXT];   /* what was typed before recalling history */
    char title[256];
    char *body;
    int top, total, shown;     /* a body taller than the box: its first row on screen, its
                                  rows and those that fit (set when drawn) */
};

/* Earlier answers, newest last, with the label they answered: Up recalls them. */
static struct { char label[128], text[PROMPT_TEXT]; } history[HIST_MAX];
static int history_n;

static void history_add(const char *label, const char *text)
{
    if (!*text)
        return;
    if (history_n && strcmp(history[history_n - 1].text, text) == 0 &&
        strcmp(history[history_n - 1].label, label) == 0)
        return;
    if (history_n == HIST_MAX) {
        memmove(history, history + 1, sizeof history[0] * (HIST_MAX - 1));
        history_n--;
    }
    snprintf(history[history_n].label, sizeof history[0].label, "%s", label);
    snprintf(history[history_n].text, sizeof history[0].text, "%s", text);
    history_n++;
}

/* The next history entry for this label from index `from` going in direction dir. */
static int history_step(const char *label, int from, int dir)
{
    for (int i = from + dir; i >= 0 && i < history_n; i += dir)
        if (strcmp(history[i].label, label) == 0)
            return i;
    return -1;
}

static struct tui_modal *modal_new(struct tui *t, enum modal_kind kind)
{
    if (t->modal) {
        tui_message(t, THEME_ERROR, "another question is open: answer it first");
        return NULL;
    }
    struct tui_modal *m = calloc(1, sizeof *m);
    if (!m) {
        tui_message(t, THEME_ERROR, "out of memory opening a prompt");
        return NULL;
    }
    m->kind = kind;
    m->hist = -1;
    t->modal = m;
    return m;
}

void tui_modal_free(struct tui *t)
{
    if (!t->modal)
        return;
    free(t->modal->body);
    free(t->modal);
    t->modal = NULL;
}

static void run_check(struct tui_modal *m)
{
    m->why[0] = '\0';
    if (m->p.check && m->p.check(m->p.ctx, m->text, m->why, sizeof m->why) == 0)
        m->why[0] = '\0';
    else if (m->p.check && !m->why[0])
        snprintf(m->why, sizeof m->why, "not accepted");
}

int tui_prompt(struct tui *t, const struct tui_prompt_spec *spec)
{
    struct tui_modal *m = modal_new(t, MODAL_PROMPT);
    if (!m)
        return -1;
    m->p = *spec;
    snprintf(m->label, sizeof m->label, "%s", spec->label ? spec->label : "");
    snprintf(m->text, sizeof m->text, "%s", spec->initial ? spec->initial : "");
    m->cur = strlen(m->text);
    m->p.label = m->label;
    run_check(m);
    t->msg[0] = '\0';
    return 0;
}

int tui_confirm(struct tui *t, const struct tui_confirm_spec *spec)
{
    struct tui_modal *m = modal_new(t, MODAL_CONFIRM);
    if (!m)
        return -1;
    m->c = *spec;
    snprintf(m->title, sizeof m->title, "%s", spec->title ? spec->title : "Confirm");
    m->body = strdup(spec->body ? spec->body : "");
    if (!m->body) {
        tui_modal_free(t);
        tui_message(t, THEME_ERROR, "out of memory opening a confirmation");
        return -1;
    }
    return 0;
}

/* ---- Editing ------------------------------------------------------------------- */

static size_t char_left(const char *s, size_t i)
{
    while (i > 0 && ((unsigned char)s[--i] & 0xc0) == 0x80)
        ;
    return i;
}

static size_t char_right(const char *s, size_t i)
{
    if (!s[i])
        return i;
    for (i++; ((unsigned char)s[i] & 0xc0) == 0x80; i++)
        ;
    return i;
}

static void cut(struct tui_modal *m, size_t from, size_t to)
{
    memmove(m->text + from, m->text + to, strlen(m->text + to) + 1);
    m->cur = from;
}

static void insert_byte(struct tui_modal *m, int ch)
{
    size_t len = strlen(m->text);
    if (len + 1 >= sizeof m->text)
        return;
    memmove(m->text + m->cur + 1, m->text + m->cur, len - m->cur + 1);
    m->text[m->cur++] = (char)ch;
}

static void set_text(struct tui_modal *m, const char *s)
{
    snprintf(m->text, sizeof m->text, "%s", s);
    m->cur = strlen(m->text);
}

static void recall(struct tui_modal *m, int dir)
{
    int next = history_step(m->label, m->hist < 0 ? history_n : m->hist, dir);
    if (dir > 0 && next < 0 && m->hist >= 0) {   /* past the newest: what was typed */
        m->hist = -1;
        set_text(m, m->typed);
        return;
    }
    if (next < 0)
        return;
    if (m->hist < 0)
        snprintf(m->typed, sizeof m->typed, "%s", m->text);
    m->hist = next;
    set_text(m, history[next].text);
}

static void complete(struct tui_modal *m)
{
    char out[PROMPT_TEXT];
    if (!m->p.complete)
        return;
    snprintf(out, sizeof out, "%s", m->text);
    m->list[0] = '\0';
    int n = m->p.complete(m->p.ctx, m->text, out, sizeof out, m->list, sizeof m->list);
    set_text(m, out);
    if (n == 0)
        snprintf(m->list, sizeof m->list, "(no completion)");
    else if (n == 1)
        m->list[0] = '\0';
}

/* Enter: closes the prompt first so done() may open the next question. */
static int accept(struct tui *t, struct tui_modal *m)
{
    if (m->why[0])
        return TUI_REDRAW;   /* the reason stays on the hint bar */
    struct tui_prompt_spec p = m->p;
    char text[PROMPT_TEXT];
    snprintf(text, sizeof text, "%s", m->text);
    history_add(m->label, text);
    tui_modal_free(t);
    if (p.done)
        p.done(t, p.ctx, text);
    return TUI_REDRAW;
}

static int prompt_key(struct tui *t, struct tui_modal *m, int ch)
{
    m->list[0] = ch == '\t' ? m->list[0] : '\0';
    switch (ch) {
    case 27:              tui_modal_free(t); return TUI_REDRAW;
    case '\n': case '\r': case KEY_ENTER: return accept(t, m);
    case KEY_LEFT:        m->cur = char_left(m->text, m->cur); return TUI_REDRAW;
    case KEY_RIGHT:       m->cur = char_right(m->text, m->cur); return TUI_REDRAW;
    case KEY_HOME: case 'A' - '@': m->cur = 0; return TUI_REDRAW;
    case KEY_END: case 'E' - '@':  m->cur = strlen(m->text); return TUI_REDRAW;
    case KEY_UP:          recall(m, -1); break;
    case KEY_DOWN:        recall(m, 1); break;
    case '\t':            complete(m); break;
    case KEY_BACKSPACE: case 127: case 'H' - '@':
        if (m->cur)
            cut(m, char_left(m->text, m->cur), m->cur);
        break;
    case KEY_DC:          cut(m, m->cur, char_right(m->text, m->cur)); break;
    case 'U' - '@':       cut(m, 0, m->cur); break;
    case 'W' - '@': {
        size_t i = m->cur;
        while (i && m->text[i - 1] == ' ')
            i--;
        while (i && m->text[i - 1] != ' ')
            i--;
        cut(m, i, m->cur);
        break;
    }
    default:
        if ((ch >= 32 && ch < 127) || (ch >= 0x80 && ch <= 0xff))
            insert_byte(m, ch);
        else
            return TUI_REDRAW;
    }
    run_check(m);
    return TUI_REDRAW;
}

/* Up/Down and PgUp/PgDn scroll a body taller than the box. */
static int confirm_scroll(struct tui_modal *m, int ch)
{
    int page = m->shown > 1 ? m->shown - 1 : 1, last = m->total - m->shown;
    int by = ch == KEY_DOWN || ch == 'j' ? 1 : ch == KEY_UP || ch == 'k' ? -1
           : ch == KEY_NPAGE || ch == ' ' ? page : ch == KEY_PPAGE || ch == 'b' ? -page : 0;
    if (!by || last <= 0)
        return 0;
    m->top += by;
    m->top = m->top > last ? last : m->top < 0 ? 0 : m->top;
    return TUI_REDRAW;
}

static int confirm_key(struct tui *t, struct tui_modal *m, int ch)
{
    int yes = ch == 'y' || ch == 'Y';
    if (!yes && ch != 'n' && ch != 'N' && ch != 27)
        return confirm_scroll(m, ch);
    struct tui_confirm_spec c = m->c;
    tui_modal_free(t);
    if (c.done)
        c.done(t, c.ctx, yes);
    return TUI_REDRAW;
}

int tui_modal_key(struct tui *t, int ch)
{
    struct tui_modal *m = t->modal;
    if (!m)
        return 0;
    if (m->kind == MODAL_PROMPT)
        return prompt_key(t, m, ch);
    return confirm_key(t, m, ch) | TUI_HANDLED;
}

/* ---- Drawing ------------------------------------------------------------------- */

static void draw_prompt(struct tui *t, const struct tui_modal *m)
{
    int y = t->rows - 2, lw = tui_text_width(t, m->label, TEXT_MAX);
    int room = t->cols - 2 - lw - 1;
    /* keep the cursor in view: show the tail when the text is wider than the line */
    size_t start = 0;
    while (start < m->cur && tui_text_width(t, m->text + start, (int)(m->cur - start)) >= room)
        start = char_right(m->text, start);
    tui_fill(y, 0, t->cols, THEME_MESSAGE);
    tui_text(t, y, 1, lw, THEME_HEADING, m->label, 0);
    tui_text(t, y, 1 + lw, room + 1, THEME_MESSAGE, m->text + start, 0);
    int cx = 1 + lw + tui_text_width(t, m->text + start, (int)(m->cur - start));
    char at[8] = " ";
    size_t n = char_right(m->text, m->cur) - m->cur;
    if (n)
        snprintf(at, sizeof at, "%.*s", (int)n, m->text + m->cur);
    tui_text(t, y, cx, 1, THEME_SELECTED, at, 0);

    int hy = t->rows - 1;
    tui_fill(hy, 0, t->cols, THEME_HINT);
    if (m->list[0])   /* just after Tab: the choices matter more than the reason */
        tui_text(t, hy, 1, t->cols - 2, THEME_HINT, m->list, 0);
    else if (m->why[0])
        tui_text(t, hy, 1, t->cols - 2, THEME_ERROR, m->why, 0);
    else
        tui_text(t, hy, 1, t->cols - 2, THEME_HINT,
                 m->p.complete ? "Enter accept   Esc cancel   Tab complete   Up/Down history"
                               : "Enter accept   Esc cancel   Up/Down history", 0);
}

/* Lays the body out wrapped at width columns: rows from `skip` on are drawn (when draw
 * is set) from row y down to row max; returns the rows it takes. */
static int body_layout(const struct tui *t, const char *body, int x, int y, int width,
                       int max, int draw, int skip)
{
    int rows = 0;
    for (const char *p = body; *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        char line[TEXT_MAX];
        snprintf(line, sizeof line, "%.*s", (int)len, p);
        const char *q = line;
        do {
            size_t k = *q ? tui_wrap(q, width) : 0;
            if (draw && rows >= skip && y + rows - skip < max) {
                char part[TEXT_MAX];
                snprintf(part, sizeof part, "%.*s", (int)k, q);
                tui_text(t, y + rows - skip, x, width, THEME_HELP, part, 0);
            }
            rows++;
            for (q += k; *q == ' '; q++)
                ;
        } while (*q);
        p = nl ? nl + 1 : p + len;
    }
    return rows;
}

/* The box, centred; a body taller than the screen scrolls (confirm_scroll). */
static void draw_confirm(struct tui *t, struct tui_modal *m)
{
    struct tui_rect b = tui_body_rect(t);
    int w = t->cols - 8 < 90 ? t->cols - 8 : 90, inner = w - 4;
    m->total = body_layout(t, m->body, 0, 0, inner, 0, 0, 0);
    int h = m->total + 4 > b.h ? b.h : m->total + 4;
    m->shown = h - 4;
    if (m->top > m->total - m->shown)
        m->top = m->total - m->shown > 0 ? m->total - m->shown : 0;
    char note[96] = "y yes   n no";
    if (m->total > m->shown)
        snprintf(note, sizeof note, "rows %d-%d of %d (Up/Down, PgUp/PgDn)   y yes   n no",
                 m->top + 1, m->top + m->shown, m->total);
    struct tui_rect r = { b.y + (b.h - h) / 2, (t->cols - w) / 2, h, w };
    for (int y = r.y; y < r.y + r.h; y++)
        tui_fill(y, r.x, r.w, THEME_HELP);
    tui_box(t, r, m->title, note);
    body_layout(t, m->body, r.x + 2, r.y + 1, inner, r.y + r.h - 2, 1, m->top);
    tui_text(t, r.y + r.h - 2, r.x + 2, inner, THEME_WARNING,
             "Press y to go ahead, n or Esc to leave everything as it is.", 0);
    tui_fill(t->rows - 1, 0, t->cols, THEME_HINT);
    tui_text(t, t->rows - 1, 1, t->cols - 2, THEME_HINT_KEY, m->total > m->shown
             ? "y yes   n/Esc no   Up/Down PgUp/PgDn scroll" : "y yes   n/Esc no", 0);
}

void tui_modal_draw(struct tui *t)
{
    if (!t->modal)
        return;
    if (t->modal->kind == MODAL_PROMPT)
        draw_prompt(t, t->modal);
    else
        draw_confirm(t, t->modal);
}

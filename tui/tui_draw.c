/* Drawing helpers the frame and every view share: cropped text by display width, fills,
 * boxes with UTF-8 or ASCII lines, the message line. */
#include "tui/tui_impl.h"
#include "tui/theme.h"

#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

/* ---- Drawing helpers shared with the views ------------------------------------- */

void tui_message(struct tui *t, int slot, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(t->msg, sizeof t->msg, fmt, ap);
    va_end(ap);
    t->msg_slot = slot;
}

int tui_ascii(const struct tui *t)
{
    return t->ascii;
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

/* fill: a word that does not fit starts on this line when less than half of it is used
 * (a long path in a sentence), rather than on the next one. */
static size_t wrap(const char *s, int width, int fill)
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
        if (cols + cw > width && fill && brk && brk < pos / 2)
            return pos;
        if (cols + cw > width)
            return brk ? brk : pos ? pos : r;   /* always make progress */
        pos += r;
        cols += cw;
        if (wc == L' ')
            brk = pos;
    }
    return len;
}

size_t tui_wrap(const char *s, int width)
{
    return wrap(s, width, 0);
}

size_t tui_wrap_fill(const char *s, int width)
{
    return wrap(s, width, 1);
}

void tui_fill(int y, int x, int width, int slot)
{
    /* line drawing merges the window's attributes: set them, or the last text's
     * attributes (a reversed title, say) leak into the fill */
    attrset(theme_attr(slot));
    if (width > 0)
        mvhline(y, x, (chtype)' ' | (chtype)theme_attr(slot), width);
}

int tui_text_width(const struct tui *t, const char *s, int max)
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
        int n = tui_text_width(t, note, r.w - 6) + 2;
        border_label(t, bottom, right - 1 - n, n, THEME_BORDER, note);
    }
}


/* Mouse events for the frame: a click on a key hint works as pressing that key; clicks
 * and the wheel in the body go to the view, the wheel as Up/Down when it has no handler. */
#include "tui/tui_impl.h"

#include <curses.h>

#define WHEEL_ROWS 3   /* rows one wheel notch scrolls, as most terminals do */

static int what_of(mmask_t b)
{
    if (b & BUTTON4_PRESSED)
        return TUI_MOUSE_WHEEL_UP;
#ifdef BUTTON5_PRESSED
    if (b & BUTTON5_PRESSED)
        return TUI_MOUSE_WHEEL_DOWN;
#endif
    if (b & BUTTON1_DOUBLE_CLICKED)
        return TUI_MOUSE_DOUBLE;
    if (b & (BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_RELEASED))
        return TUI_MOUSE_CLICK;
    return -1;
}

static int hint_click(struct tui *t, int x)
{
    for (int i = 0; i < t->nhints; i++)
        if (x >= t->hints[i].x0 && x < t->hints[i].x1)
            return tui_frame_key(t, t->hints[i].key);
    return 0;
}

int tui_frame_mouse(struct tui *t)
{
    MEVENT ev;
    if (getmouse(&ev) != OK || t->modal)
        return 0;
    int what = what_of(ev.bstate);
    if (what < 0)
        return 0;
    if (ev.y == t->rows - 1)
        return what == TUI_MOUSE_CLICK ? hint_click(t, ev.x) : 0;
    if (t->help) {
        t->help = 0;
        return TUI_REDRAW;
    }
    struct tui_slot *top = tui_top(t);
    struct tui_rect b = tui_body_rect(t);
    if (ev.y < b.y || ev.y >= b.y + b.h)
        return 0;
    if (top->view->mouse)
        return top->view->mouse(t, top->priv, ev.y, ev.x, what) | TUI_REDRAW;
    if (what != TUI_MOUSE_WHEEL_UP && what != TUI_MOUSE_WHEEL_DOWN)
        return 0;
    int flags = 0;
    for (int i = 0; i < WHEEL_ROWS && t->depth; i++)
        flags |= tui_frame_key(t, what == TUI_MOUSE_WHEEL_UP ? KEY_UP : KEY_DOWN);
    return flags;
}

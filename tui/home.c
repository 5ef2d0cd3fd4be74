/* The home view: every gem5wb command with its usage and summary, read from the CLI's
 * command table, and a box with the selected command's example below the list (t: the
 * known issues). */
#include "tui/tui.h"
#include "tui/command.h"
#include "tui/kb_view.h"
#include "tui/theme.h"

#include "cli/commands.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#define DETAIL_H 6       /* a box around four lines: summary (two), usage, example */
#define LABEL_W 9        /* "example" and a gap, in the detail box */

struct home {
    size_t sel, top;     /* selected row, first row on screen */
    size_t page;         /* list rows on screen, set by resize */
};

enum {
    HOME_UP = TUI_ACT_VIEW, HOME_DOWN, HOME_PAGE_UP, HOME_PAGE_DOWN,
    HOME_FIRST, HOME_LAST, HOME_RUN, HOME_KB,
};

/* The only place the home view's keys are bound: dispatch, hint bar and help. */
static const struct tui_key home_keys[] = {
    { { KEY_UP, 'k' },    "up",        "move up",                HOME_UP,        1 },
    { { KEY_DOWN, 'j' },  "down",      "move down",              HOME_DOWN,      1 },
    { { KEY_PPAGE },      "page up",   "one page up",            HOME_PAGE_UP,   0 },
    { { KEY_NPAGE, ' ' }, "page down", "one page down",          HOME_PAGE_DOWN, 0 },
    { { KEY_HOME, 'g' },  "first",     "first command",          HOME_FIRST,     0 },
    { { KEY_END, 'G' },   "last",      "last command",           HOME_LAST,      0 },
    { { '\n', '\r', KEY_ENTER },
                          "run",       "type the selected command at the : prompt", HOME_RUN, 1 },
    { { 't' },            "troubleshoot", "the known issues: what you see, why, the fix",
      HOME_KB, 0 },
    { { '?' },            "help",      "show or hide this help", TUI_ACT_HELP,   1 },
    { { 'L' - '@' },      "redraw",    "redraw the screen",      TUI_ACT_REDRAW, 0 },
    { { 'q', 27 },        "quit",      "leave gem5wb",           TUI_ACT_QUIT,   1 },
};

static struct tui_rect list_rect(struct tui_rect body)
{
    return (struct tui_rect){ body.y, body.x, body.h - DETAIL_H, body.w };
}

static struct tui_rect detail_rect(struct tui_rect body)
{
    return (struct tui_rect){ body.y + body.h - DETAIL_H, body.x, DETAIL_H, body.w };
}

/* Scrolls as little as possible to show the selection, and never leaves blank rows
 * below the last command while earlier ones are scrolled off. */
static void keep_visible(struct home *h)
{
    size_t n = cli_command_count, page = h->page ? h->page : 1;
    if (h->sel < h->top)
        h->top = h->sel;
    if (h->sel >= h->top + page)
        h->top = h->sel - page + 1;
    if (h->top + page > n)
        h->top = n > page ? n - page : 0;
}

static void select_row(struct home *h, long row)
{
    long last = (long)cli_command_count - 1;
    h->sel = row > last ? (size_t)(last > 0 ? last : 0) : row < 0 ? 0 : (size_t)row;
    keep_visible(h);
}

static int home_open(struct tui *t, void *priv, const void *arg)
{
    (void)arg;
    (void)t;
    struct home *h = priv;
    h->page = 1;
    return 0;
}

static void home_resize(struct tui *t, void *priv, struct tui_rect body)
{
    (void)t;
    struct home *h = priv;
    int rows = list_rect(body).h - 2;
    h->page = rows > 0 ? (size_t)rows : 1;
    keep_visible(h);
}

static int home_action(struct tui *t, void *priv, int action)
{
    struct home *h = priv;
    long sel = (long)h->sel, page = (long)h->page;
    switch (action) {
    case HOME_UP:        select_row(h, sel - 1); break;
    case HOME_DOWN:      select_row(h, sel + 1); break;
    case HOME_PAGE_UP:   select_row(h, sel - page); break;
    case HOME_PAGE_DOWN: select_row(h, sel + page); break;
    case HOME_FIRST:     select_row(h, 0); break;
    case HOME_LAST:      select_row(h, (long)cli_command_count - 1); break;
    case HOME_KB:        tui_push(t, &tui_kb_view, NULL); break;
    case HOME_RUN:   /* the name typed, the arguments left to the user (Tab helps) */
        if (h->sel < cli_command_count) {
            char start[64];
            snprintf(start, sizeof start, "%s ", cli_commands[h->sel].name);
            tui_command_prompt(t, start);
        }
        break;
    default:
        return 0;
    }
    return TUI_HANDLED;
}

/* Column widths for the list, from the widest name and usage, so that names line up
 * and a long usage gives way to the summary rather than push it off screen. */
struct columns {
    int name, usage;
};

static struct columns list_columns(int inner)
{
    struct columns c = { 0, 0 };
    for (size_t i = 0; i < cli_command_count; i++) {
        const struct cli_command *cmd = &cli_commands[i];
        int n = (int)strlen(cmd->name), u = cmd->usage ? (int)strlen(cmd->usage) : 0;
        c.name = n > c.name ? n : c.name;
        c.usage = u > c.usage ? u : c.usage;
    }
    if (c.name > inner / 4)
        c.name = inner / 4;
    int room = (inner - c.name - 7) * 2 / 5;
    if (c.usage > room)
        c.usage = room;
    return c;
}

/* One list row inside the box: marker, name, usage, summary. */
static void draw_row(const struct tui *t, int y, int x, int inner, struct columns col,
                     const struct cli_command *c, int selected)
{
    int slot = selected ? THEME_SELECTED : THEME_NORMAL;
    tui_fill(y, x, inner, slot);
    if (selected)
        tui_text(t, y, x, 1, slot, tui_marker(t), 0);
    int ux = x + 2 + col.name + 2, sx = ux + col.usage + 2;
    tui_text(t, y, x + 2, col.name, slot, c->name, 0);
    tui_text(t, y, ux, col.usage, selected ? slot : THEME_DIM, c->usage, 0);
    tui_text(t, y, sx, x + inner - 1 - sx, slot, c->summary, 0);
}

static void draw_list(const struct tui *t, const struct home *h, struct tui_rect r)
{
    char note[48];
    snprintf(note, sizeof note, "%zu of %zu", cli_command_count ? h->sel + 1 : 0,
             cli_command_count);
    tui_box(t, r, "Commands", note);
    int inner = r.w - 2;
    if (cli_command_count == 0) {
        tui_text(t, r.y + 1, r.x + 3, inner - 2, THEME_DIM, "no commands", 0);
        return;
    }
    struct columns col = list_columns(inner);
    for (int i = 0; i < r.h - 2 && h->top + (size_t)i < cli_command_count; i++) {
        size_t row = h->top + (size_t)i;
        draw_row(t, r.y + 1 + i, r.x + 1, inner, col, &cli_commands[row], row == h->sel);
    }
}

/* The summary on up to two lines; what does not fit ends in an ellipsis. */
static void draw_summary(const struct tui *t, int y, int x, int w, const char *s)
{
    char first[512];
    size_t n = s ? tui_wrap(s, w) : 0;
    if (n >= sizeof first)
        n = sizeof first - 1;
    memcpy(first, s ? s : "", n);
    first[n] = '\0';
    tui_text(t, y, x, w, THEME_NORMAL, first, 0);
    const char *rest = s ? s + n : "";
    while (*rest == ' ')
        rest++;
    tui_text(t, y + 1, x, w, THEME_NORMAL, rest, 0);
}

static void draw_detail(const struct tui *t, const struct home *h, struct tui_rect r)
{
    const struct cli_command *c = h->sel < cli_command_count ? &cli_commands[h->sel] : NULL;
    tui_box(t, r, c ? c->name : NULL, NULL);
    if (!c)
        return;
    char usage[512];
    snprintf(usage, sizeof usage, "gem5wb %s %s", c->name, c->usage ? c->usage : "");
    int x = r.x + 2, vx = x + LABEL_W, w = r.w - 3 - LABEL_W;
    draw_summary(t, r.y + 1, x, r.w - 4, c->summary);
    tui_text(t, r.y + 3, x, LABEL_W, THEME_DIM, "usage", 0);
    tui_text(t, r.y + 3, vx, w, THEME_NORMAL, usage, 0);
    tui_text(t, r.y + 4, x, LABEL_W, THEME_DIM, "example", 0);
    tui_text(t, r.y + 4, vx, w, THEME_NORMAL, c->example ? c->example : "(none)", 0);
}

static void home_draw(struct tui *t, const void *priv, struct tui_rect body)
{
    const struct home *h = priv;
    draw_list(t, h, list_rect(body));
    draw_detail(t, h, detail_rect(body));
}

const struct tui_view_ops tui_home_view = {
    .name = "home",
    .priv_size = sizeof(struct home),
    .keys = home_keys,
    .key_count = sizeof home_keys / sizeof home_keys[0],
    .open = home_open,
    .resize = home_resize,
    .draw = home_draw,
    .action = home_action,
};

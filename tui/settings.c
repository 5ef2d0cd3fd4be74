/* The settings view (:settings): theme, line drawing and mouse, each applied at once and
 * saved to $XDG_CONFIG_HOME/gem5wb/settings; also how a theme is switched while running. */
#include "tui/tui_impl.h"
#include "tui/theme.h"
#include "tui/theme_parse.h"

#include "core/util/err.h"
#include "core/util/settings.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#define THEMES_MAX 32

enum { ROW_THEME, ROW_LINES, ROW_MOUSE, NROWS };

struct setview {
    int sel;
    char names[THEMES_MAX][32];
    int nnames;
    char path[4096];
};

enum { SET_UP = TUI_ACT_VIEW, SET_DOWN, SET_NEXT, SET_PREV };

static const struct tui_key set_keys[] = {
    { { KEY_UP, 'k' },    "up",     "previous setting",                       SET_UP,   1 },
    { { KEY_DOWN, 'j' },  "down",   "next setting",                           SET_DOWN, 1 },
    { { KEY_RIGHT, '\n', ' ' }, "change", "next value (applied and saved at once)", SET_NEXT, 1 },
    { { KEY_LEFT },       "back",   "previous value",                         SET_PREV, 0 },
    { { '?' },            "help",   "show or hide this help",                 TUI_ACT_HELP, 1 },
    { { 'q', 27 },        "close",  "close the settings",                     TUI_ACT_BACK, 1 },
};

int tui_set_theme(struct tui *t, const char *name)
{
    struct theme th;
    char err[ERR_LEN];
    if (theme_load(&th, name, t->themes_dir, err) < 0) {
        tui_message(t, THEME_ERROR, "%s", err);
        return -1;
    }
    theme_apply(&th);
    bkgd((chtype)' ' | (chtype)theme_attr(THEME_NORMAL));
    clearok(curscr, TRUE);
    snprintf(t->theme, sizeof t->theme, "%s", name);
    return 0;
}

void tui_mouse_enable(struct tui *t, int on)
{
    mmask_t want = on ? BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON4_PRESSED : 0;
#ifdef BUTTON5_PRESSED
    want |= on ? BUTTON5_PRESSED : 0;
#endif
    t->mouse = mousemask(want, NULL) != 0;
}

/* Saves one setting; the message says where. */
static void save(struct tui *t, struct setview *v, const char *key, const char *value)
{
    struct settings s;
    char err[ERR_LEN];
    if (!v->path[0] || settings_load(v->path, &s, err) != 0 ||
        settings_set(&s, key, value, err) != 0 || settings_save(v->path, &s, err) != 0) {
        tui_message(t, THEME_ERROR, "%s", v->path[0] ? err : "no place to save settings");
        return;
    }
    tui_message(t, THEME_OK, "%s = %s, saved in %s", key, value, v->path);
}

static int set_open(struct tui *t, void *priv, const void *arg)
{
    (void)arg;
    struct setview *v = priv;
    char err[ERR_LEN];
    v->nnames = theme_names(t->themes_dir, v->names, THEMES_MAX);
    if (settings_path(v->path, sizeof v->path, err) != 0) {
        v->path[0] = '\0';
        tui_message(t, THEME_WARNING, "%s: changes last until you quit", err);
    }
    return 0;
}

static int theme_index(const struct tui *t, const struct setview *v)
{
    for (int i = 0; i < v->nnames; i++)
        if (strcmp(v->names[i], t->theme[0] ? t->theme : "default") == 0)
            return i;
    return -1;
}

static void change(struct tui *t, struct setview *v, int dir)
{
    if (v->sel == ROW_THEME && v->nnames) {
        int i = (theme_index(t, v) + dir + v->nnames) % v->nnames;
        if (tui_set_theme(t, v->names[i]) == 0)
            save(t, v, "theme", v->names[i]);
    } else if (v->sel == ROW_LINES) {
        t->ascii = !t->ascii;
        save(t, v, "ascii", t->ascii ? "on" : "off");
    } else if (v->sel == ROW_MOUSE) {
        tui_mouse_enable(t, !t->mouse);
        save(t, v, "mouse", t->mouse ? "on" : "off");
    }
}

static int set_action(struct tui *t, void *priv, int action)
{
    struct setview *v = priv;
    if (action == SET_UP && v->sel > 0)
        v->sel--;
    else if (action == SET_DOWN && v->sel < NROWS - 1)
        v->sel++;
    else if (action == SET_NEXT || action == SET_PREV)
        change(t, v, action == SET_NEXT ? 1 : -1);
    return TUI_HANDLED;
}

static void set_draw(struct tui *t, const void *priv, struct tui_rect b)
{
    const struct setview *v = priv;
    char line[512], themes[THEMES_MAX * 33] = "";
    for (int i = 0; i < v->nnames; i++)
        snprintf(themes + strlen(themes), sizeof themes - strlen(themes), "%s%s",
                 i ? "  " : "", v->names[i]);
    const char *label[NROWS] = { "Theme", "Line drawing", "Mouse" };
    const char *value[NROWS] = { t->theme[0] ? t->theme : "default",
                                 t->ascii ? "ASCII" : "UTF-8", t->mouse ? "on" : "off" };
    const char *about[NROWS] = { themes, "box lines and marks; ASCII for fonts without them",
                                 "clicks and wheel; off leaves selection to the terminal" };
    struct tui_rect box = { b.y, b.x, NROWS * 2 + 4, b.w };
    tui_box(t, box, "Settings", v->path[0] ? v->path : "not saved");
    for (int i = 0; i < NROWS; i++) {
        int y = box.y + 2 + 2 * i, slot = i == v->sel ? THEME_SELECTED : THEME_NORMAL;
        snprintf(line, sizeof line, "%-14s %s", label[i], value[i]);
        tui_fill(y, box.x + 1, 40, slot);
        if (i == v->sel)
            tui_text(t, y, box.x + 1, 1, slot, tui_marker(t), 0);
        tui_text(t, y, box.x + 3, 38, slot, line, 0);
        tui_text(t, y, box.x + 42, box.w - 44, THEME_DIM, about[i], 0);
    }
    tui_text(t, box.y + box.h, b.x + 2, b.w - 4, THEME_DIM,
             "NO_COLOR in the environment turns colours off whatever the theme; "
             "--theme and --ascii override these for one run.", 0);
}

const struct tui_view_ops tui_settings_view = {
    .name = "settings",
    .priv_size = sizeof(struct setview),
    .keys = set_keys,
    .key_count = sizeof set_keys / sizeof set_keys[0],
    .open = set_open,
    .draw = set_draw,
    .action = set_action,
};

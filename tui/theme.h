/* Semantic colour slots of the workbench and the calls that put a theme on screen.
 * Views name a meaning (THEME_SELECTED); the theme file chooses how it looks. */
#ifndef GW_THEME_H
#define GW_THEME_H

/* X(ENUM, name, colour default, monochrome default, what it is for). The two default
 * columns are the compiled-in themes, used when no theme file can be found;
 * themes/default.theme and themes/monochrome.theme repeat them, and
 * tests/test_theme.c fails if they drift apart. */
#define THEME_SLOTS(X) \
    X(NORMAL,   normal,   "default default",     "default default",         "body text") \
    X(TITLE,    title,    "white blue bold",     "default default reverse", "title line") \
    X(HEADING,  heading,  "cyan default bold",   "default default bold",    "box titles") \
    X(BORDER,   border,   "blue default",        "default default",         "box lines") \
    X(SELECTED, selected, "black cyan",          "default default reverse", "selected row") \
    X(HINT,     hint,     "default default",     "default default",         "key-hint bar") \
    X(HINT_KEY, hint_key, "cyan default bold",   "default default bold",    "keys in hints") \
    X(MESSAGE,  message,  "default default",     "default default",         "message line") \
    X(ERROR,    error,    "red default bold",    "default default bold",    "errors") \
    X(WARNING,  warning,  "yellow default bold", "default default bold",    "warnings") \
    X(OK,       ok,       "green default",       "default default",         "success") \
    X(DIM,      dim,      "default default dim", "default default dim",     "secondary text") \
    X(HELP,     help,     "default default",     "default default",         "help overlay")

enum theme_slot {
#define THEME_ENUM_(E, name, colour, mono, what) THEME_##E,
    THEME_SLOTS(THEME_ENUM_)
#undef THEME_ENUM_
    THEME_SLOT_COUNT
};

struct theme;   /* slot specs, tui/theme_parse.h */

/* Finds and parses a theme before curses starts. `name` is a path (it contains '/' or
 * ends in ".theme") or a name looked up as <dir>/<name>.theme in themes_dir, or when
 * themes_dir is NULL in $GEM5WB_THEMES, ./themes, <exe dir>/../share/gem5wb/themes.
 * name NULL means "default", which falls back to the compiled-in theme when no file is
 * found; a named theme that is missing or broken is an error (0 or -1 with err). */
int theme_load(struct theme *t, const char *name, const char *themes_dir, char *err);

/* The theme names found in the folders theme_load searches (sorted, each once). */
int theme_names(const char *themes_dir, char names[][32], int max);

/* Turns the specs into colour pairs; call after curses has started. Without colours
 * (NO_COLOR set and non-empty, or a terminal without them) only attributes are used,
 * taken from the built-in monochrome theme unless `t` itself uses no colours. */
void theme_apply(const struct theme *t);

/* The curses attributes (colour pair included) for a slot, as for attrset(). */
int theme_attr(enum theme_slot slot);

#endif

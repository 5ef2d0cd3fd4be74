/* The theme-file parser: text in, one colour/attribute spec per slot out. It includes
 * no curses header, so tests link it without a terminal library. */
#ifndef GW_THEME_PARSE_H
#define GW_THEME_PARSE_H

#include "tui/theme.h"

#define THEME_COLOUR_DEFAULT (-1)   /* the terminal's own colour */
#define THEME_FILE_MAX (64 * 1024)

enum theme_attr_bit {
    THEME_A_BOLD      = 1 << 0,
    THEME_A_UNDERLINE = 1 << 1,
    THEME_A_REVERSE   = 1 << 2,
    THEME_A_DIM       = 1 << 3,
    THEME_A_STANDOUT  = 1 << 4,
};

struct theme_spec {
    short fg, bg;        /* THEME_COLOUR_DEFAULT or 0-255 */
    unsigned attrs;      /* enum theme_attr_bit */
};

struct theme {
    struct theme_spec slot[THEME_SLOT_COUNT];
};

/* Fills t with the compiled-in colour theme, or the monochrome one when mono is set. */
void theme_builtin(struct theme *t, int mono);

/* Parses theme text over t: slots the text names are replaced, the others kept, so a
 * theme may set only what it changes. `source` names the text in errors, which read
 * "<source>:<line>: <what>". Returns 0, or -1 with err filled (t then partly updated). */
int theme_parse_text(struct theme *t, const char *text, const char *source, char *err);

/* Reads the file at path (at most THEME_FILE_MAX bytes) and parses it as above. */
int theme_parse_file(struct theme *t, const char *path, char *err);

/* 1 when no slot of t sets a colour: a theme made for terminals without colours. */
int theme_is_colourless(const struct theme *t);

/* "selected" for THEME_SELECTED; NULL when out of range. */
const char *theme_slot_name(int slot);

#endif

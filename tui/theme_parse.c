/* Parser for the themes/NAME.theme files: "slot = fg bg [attr ...]" lines and '#'
 * comments into struct theme. No curses here: tui/theme.c makes the colour pairs. */
#include "tui/theme_parse.h"

#include "core/util/err.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const slot_names[THEME_SLOT_COUNT] = {
#define THEME_NAME_(E, name, colour, mono, what) #name,
    THEME_SLOTS(THEME_NAME_)
#undef THEME_NAME_
};

/* " normal title ...", for the unknown-slot message */
static const char slot_list[] =
#define THEME_LIST_(E, name, colour, mono, what) " " #name
    THEME_SLOTS(THEME_LIST_);
#undef THEME_LIST_

static const char *const builtin_colour[THEME_SLOT_COUNT] = {
#define THEME_COLOUR_(E, name, colour, mono, what) colour,
    THEME_SLOTS(THEME_COLOUR_)
#undef THEME_COLOUR_
};

static const char *const builtin_mono[THEME_SLOT_COUNT] = {
#define THEME_MONO_(E, name, colour, mono, what) mono,
    THEME_SLOTS(THEME_MONO_)
#undef THEME_MONO_
};

static const char *const colour_names[] = {
    "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
};

static const char *const attr_names[] = {
    "bold", "underline", "reverse", "dim", "standout",   /* bit order of theme_attr_bit */
};

/* A word of a line: pointer into the text and its length, never NUL-terminated. */
struct word {
    const char *s;
    int len;
};

/* Words are shown in messages, cropped so that a runaway token cannot fill err. */
#define WORD_FMT "'%.*s'"
#define WORD_ARG(w) ((w).len > 40 ? 40 : (w).len), (w).s

static int word_is(struct word w, const char *name)
{
    return (size_t)w.len == strlen(name) && memcmp(w.s, name, (size_t)w.len) == 0;
}

const char *theme_slot_name(int slot)
{
    return slot >= 0 && slot < THEME_SLOT_COUNT ? slot_names[slot] : NULL;
}

static int slot_lookup(struct word w)
{
    for (int i = 0; i < THEME_SLOT_COUNT; i++)
        if (word_is(w, slot_names[i]))
            return i;
    return -1;
}

/* Splits [s, end) at blanks into at most max words; returns how many there were
 * (which may exceed max: the caller reports that). */
static int split_words(const char *s, const char *end, struct word *w, int max)
{
    int n = 0;
    while (s < end) {
        while (s < end && isspace((unsigned char)*s))
            s++;
        if (s == end)
            break;
        const char *start = s;
        while (s < end && !isspace((unsigned char)*s))
            s++;
        if (n < max)
            w[n] = (struct word){ start, (int)(s - start) };
        n++;
    }
    return n;
}

/* Colour word to number; messages say what is accepted, since that is the fix. */
static int parse_colour(struct word w, short *out, char *why, size_t whylen)
{
    if (word_is(w, "default")) {
        *out = THEME_COLOUR_DEFAULT;
        return 0;
    }
    for (size_t i = 0; i < sizeof colour_names / sizeof colour_names[0]; i++)
        if (word_is(w, colour_names[i])) {
            *out = (short)i;
            return 0;
        }
    int digits = 0;
    long v = 0;
    while (digits < w.len && isdigit((unsigned char)w.s[digits])) {
        if (v <= 255)
            v = v * 10 + (w.s[digits] - '0');
        digits++;
    }
    if (digits == 0 || digits != w.len) {
        snprintf(why, whylen, "unknown colour " WORD_FMT " (use default, black, red, green, "
                 "yellow, blue, magenta, cyan, white or 0-255)", WORD_ARG(w));
        return -1;
    }
    if (v > 255) {
        snprintf(why, whylen, "colour " WORD_FMT " out of range (0-255)", WORD_ARG(w));
        return -1;
    }
    *out = (short)v;
    return 0;
}

static int parse_attr(struct word w, unsigned *attrs, char *why, size_t whylen)
{
    for (size_t i = 0; i < sizeof attr_names / sizeof attr_names[0]; i++)
        if (word_is(w, attr_names[i])) {
            *attrs |= 1u << i;
            return 0;
        }
    snprintf(why, whylen, "unknown attribute " WORD_FMT
             " (use bold, underline, reverse, dim or standout)", WORD_ARG(w));
    return -1;
}

#define SPEC_WORDS_MAX 8   /* fg, bg and every attribute once, with room to spare */

/* "fg bg [attr ...]" in [s, end) into *spec; on error a sentence in why. */
static int parse_spec(const char *s, const char *end, struct theme_spec *spec,
                      char *why, size_t whylen)
{
    struct word w[SPEC_WORDS_MAX];
    int n = split_words(s, end, w, SPEC_WORDS_MAX);
    if (n < 2) {
        snprintf(why, whylen, "expected a foreground and a background colour, as in "
                 "'default default bold'");
        return -1;
    }
    if (n > SPEC_WORDS_MAX) {
        snprintf(why, whylen, "too many words (at most %d)", SPEC_WORDS_MAX);
        return -1;
    }
    struct theme_spec out = { 0, 0, 0 };
    if (parse_colour(w[0], &out.fg, why, whylen) < 0 ||
        parse_colour(w[1], &out.bg, why, whylen) < 0)
        return -1;
    for (int i = 2; i < n; i++)
        if (parse_attr(w[i], &out.attrs, why, whylen) < 0)
            return -1;
    *spec = out;
    return 0;
}

void theme_builtin(struct theme *t, int mono)
{
    const char *const *src = mono ? builtin_mono : builtin_colour;
    char why[256];
    for (int i = 0; i < THEME_SLOT_COUNT; i++) {
        /* The built-in strings are checked by tests/test_theme.c; keep a sane
         * fallback anyway rather than leaving a slot uninitialised. */
        if (parse_spec(src[i], src[i] + strlen(src[i]), &t->slot[i], why, sizeof why) < 0)
            t->slot[i] = (struct theme_spec){ THEME_COLOUR_DEFAULT, THEME_COLOUR_DEFAULT, 0 };
    }
}

/* One line without its newline. seen[] holds the line each slot was set on. */
static int parse_line(struct theme *t, const char *s, const char *end, int seen[],
                      int lineno, char *why, size_t whylen)
{
    const char *hash = memchr(s, '#', (size_t)(end - s));
    if (hash)
        end = hash;
    struct word w[2];
    if (split_words(s, end, w, 2) == 0)
        return 0;   /* blank or comment */
    const char *eq = memchr(s, '=', (size_t)(end - s));
    if (!eq) {
        snprintf(why, whylen, "expected 'slot = fg bg [attr ...]'");
        return -1;
    }
    int n = split_words(s, eq, w, 2);
    if (n != 1) {
        snprintf(why, whylen, n == 0 ? "missing slot name before '='"
                                     : "expected one slot name before '='");
        return -1;
    }
    int slot = slot_lookup(w[0]);
    if (slot < 0) {
        snprintf(why, whylen, "unknown slot " WORD_FMT " (slots:%s)", WORD_ARG(w[0]),
                 slot_list);
        return -1;
    }
    if (seen[slot]) {
        snprintf(why, whylen, "slot '%s' already set on line %d", slot_names[slot],
                 seen[slot]);
        return -1;
    }
    seen[slot] = lineno;
    return parse_spec(eq + 1, end, &t->slot[slot], why, whylen);
}

int theme_parse_text(struct theme *t, const char *text, const char *source, char *err)
{
    int seen[THEME_SLOT_COUNT] = { 0 };
    char why[384];
    int lineno = 1;
    for (const char *s = text; *s; lineno++) {
        const char *nl = strchr(s, '\n');
        const char *end = nl ? nl : s + strlen(s);
        if (parse_line(t, s, end, seen, lineno, why, sizeof why) < 0)
            return err_set(err, "%s:%d: %s", source, lineno, why);
        if (!nl)
            break;
        s = nl + 1;
    }
    return 0;
}

/* Reads at most THEME_FILE_MAX bytes into a NUL-terminated malloc'ed buffer. */
static int read_text(const char *path, char **out, char *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return err_sys(err, errno, "cannot open theme %s", path);
    char *buf = malloc(THEME_FILE_MAX + 1);
    if (!buf) {
        fclose(f);
        return err_set(err, "%s: out of memory reading the theme", path);
    }
    size_t n = fread(buf, 1, THEME_FILE_MAX + 1, f);
    int failed = ferror(f);
    fclose(f);
    if (failed || n > THEME_FILE_MAX || memchr(buf, '\0', n)) {
        free(buf);
        return err_set(err, "%s: %s", path, failed ? "read error"
                       : n > THEME_FILE_MAX ? "theme file larger than 64 KiB"
                       : "not a text file (contains NUL bytes)");
    }
    buf[n] = '\0';
    *out = buf;
    return 0;
}

int theme_parse_file(struct theme *t, const char *path, char *err)
{
    char *text = NULL;
    if (read_text(path, &text, err) < 0)
        return -1;
    int rc = theme_parse_text(t, text, path, err);
    free(text);
    return rc;
}

int theme_is_colourless(const struct theme *t)
{
    for (int i = 0; i < THEME_SLOT_COUNT; i++)
        if (t->slot[i].fg != THEME_COLOUR_DEFAULT || t->slot[i].bg != THEME_COLOUR_DEFAULT)
            return 0;
    return 1;
}

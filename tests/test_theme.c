/* cmocka tests of the theme-file parser: every shipped theme parses, the built-in themes
 * match their files, and each kind of mistake is reported with its file and line. */
#include "tui/theme_parse.c"   /* the Makefile links tests with core/ only: build it here */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const shipped[] = {
    "default", "dark", "light", "high-contrast", "monochrome",
};
#define NSHIPPED (sizeof shipped / sizeof shipped[0])

/* The repo's themes/ folder, from the repo root (make) or from next to this file. */
static const char *themes_dir(void)
{
    static char dir[4096];
    const char *env = getenv("GEM5WB_THEMES");
    if (env && *env)
        return env;
    if (access("themes/default.theme", R_OK) == 0)
        return "themes";
    snprintf(dir, sizeof dir, "%s", __FILE__);
    char *slash = strrchr(dir, '/');
    snprintf(slash ? slash : dir, sizeof dir - (size_t)(slash ? slash - dir : 0),
             "%s../themes", slash ? "/" : "");
    return dir;
}

static void load_shipped(const char *name, struct theme *t)
{
    char path[4200], err[ERR_LEN] = "";
    snprintf(path, sizeof path, "%s/%s.theme", themes_dir(), name);
    theme_builtin(t, 0);
    if (theme_parse_file(t, path, err) != 0)
        fail_msg("%s", err);
}

/* Parses text over the built-in theme; returns the status, the message in err. */
static int parse(const char *text, struct theme *t, char *err)
{
    theme_builtin(t, 0);
    err[0] = '\0';
    return theme_parse_text(t, text, "t.theme", err);
}

static void expect_error(const char *text, const char *message)
{
    struct theme t;
    char err[ERR_LEN];
    assert_int_equal(parse(text, &t, err), -1);
    if (!strstr(err, message))
        fail_msg("expected \"%s\" in \"%s\"", message, err);
}

static void test_every_shipped_theme_parses(void **state)
{
    (void)state;
    struct theme t;
    for (size_t i = 0; i < NSHIPPED; i++)
        load_shipped(shipped[i], &t);

    /* and any other file in themes/ too, so a new theme cannot ship broken */
    DIR *d = opendir(themes_dir());
    assert_non_null(d);
    struct dirent *e;
    int count = 0;
    while ((e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (n > 6 && strcmp(e->d_name + n - 6, ".theme") == 0) {
            char name[256];
            snprintf(name, sizeof name, "%.*s", (int)(n - 6), e->d_name);
            load_shipped(name, &t);
            count++;
        }
    }
    closedir(d);
    assert_true(count >= (int)NSHIPPED);
}

static void test_shipped_themes_are_distinct(void **state)
{
    (void)state;
    struct theme t[NSHIPPED];
    for (size_t i = 0; i < NSHIPPED; i++)
        load_shipped(shipped[i], &t[i]);
    for (size_t i = 0; i < NSHIPPED; i++)
        for (size_t j = i + 1; j < NSHIPPED; j++)
            if (memcmp(&t[i], &t[j], sizeof t[i]) == 0)
                fail_msg("%s and %s are the same theme", shipped[i], shipped[j]);
}

/* Every slot name and default of THEME_SLOTS, written out as a theme file, parses. */
static void test_builtin_specs_parse(void **state)
{
    (void)state;
    static const char text[] =
#define AS_LINE_(E, name, colour, mono, what) #name " = " colour "\n"
        THEME_SLOTS(AS_LINE_);
#undef AS_LINE_
    static const char mono_text[] =
#define AS_MONO_(E, name, colour, mono, what) #name " = " mono "\n"
        THEME_SLOTS(AS_MONO_);
#undef AS_MONO_
    struct theme t;
    char err[ERR_LEN];
    assert_int_equal(parse(text, &t, err), 0);
    assert_int_equal(parse(mono_text, &t, err), 0);
}

/* The files repeat the compiled-in themes; they must not drift apart. */
static void test_files_match_builtin(void **state)
{
    (void)state;
    struct theme file, builtin;
    load_shipped("default", &file);
    theme_builtin(&builtin, 0);
    assert_memory_equal(&file, &builtin, sizeof file);

    load_shipped("monochrome", &file);
    theme_builtin(&builtin, 1);
    assert_memory_equal(&file, &builtin, sizeof file);
    assert_true(theme_is_colourless(&file));
    load_shipped("default", &file);
    assert_false(theme_is_colourless(&file));
}

static void test_values(void **state)
{
    (void)state;
    struct theme t;
    char err[ERR_LEN];
    assert_int_equal(parse("selected = 0 255 bold reverse underline dim standout\n"
                           "title = default magenta\n", &t, err), 0);
    const struct theme_spec *s = &t.slot[THEME_SELECTED];
    assert_int_equal(s->fg, 0);
    assert_int_equal(s->bg, 255);
    assert_int_equal(s->attrs, THEME_A_BOLD | THEME_A_REVERSE | THEME_A_UNDERLINE |
                               THEME_A_DIM | THEME_A_STANDOUT);
    assert_int_equal(t.slot[THEME_TITLE].fg, THEME_COLOUR_DEFAULT);
    assert_int_equal(t.slot[THEME_TITLE].bg, 5);   /* magenta */
    assert_int_equal(t.slot[THEME_TITLE].attrs, 0);
}

static void test_comments_and_blank_lines(void **state)
{
    (void)state;
    struct theme t, builtin;
    char err[ERR_LEN];
    const char *text = "# a theme\n"
                       "\n"
                       "   \t\n"
                       "  # indented comment\n"
                       "error = white red bold   # trailing comment\n"
                       "\thint=black\twhite\r\n"   /* tabs, no blanks round '=', CRLF */
                       "ok = green default";       /* no final newline */
    assert_int_equal(parse(text, &t, err), 0);
    assert_int_equal(t.slot[THEME_ERROR].fg, 7);
    assert_int_equal(t.slot[THEME_ERROR].bg, 1);
    assert_int_equal(t.slot[THEME_ERROR].attrs, THEME_A_BOLD);
    assert_int_equal(t.slot[THEME_HINT].fg, 0);
    assert_int_equal(t.slot[THEME_HINT].bg, 7);
    assert_int_equal(t.slot[THEME_OK].fg, 2);

    /* slots a theme does not name keep the built-in value */
    theme_builtin(&builtin, 0);
    assert_memory_equal(&t.slot[THEME_TITLE], &builtin.slot[THEME_TITLE], sizeof t.slot[0]);
    assert_int_equal(parse("", &t, err), 0);
    assert_int_equal(parse("# only a comment", &t, err), 0);
}

static void test_unknown_slot(void **state)
{
    (void)state;
    expect_error("# header\n\nbogus = red default\n", "t.theme:3: unknown slot 'bogus'");
    expect_error("normal = red default\nNormal = red default\n", "t.theme:2: unknown slot");
    expect_error("= red default\n", "t.theme:1: missing slot name");
    expect_error("title bar = red default\n", "t.theme:1: expected one slot name");
}

static void test_bad_colour(void **state)
{
    (void)state;
    expect_error("title = purple default\n", "t.theme:1: unknown colour 'purple'");
    expect_error("normal = red default\ntitle = red -1\n", "t.theme:2: unknown colour '-1'");
    expect_error("title = 12a default\n", "unknown colour '12a'");
    expect_error("title = RED default\n", "unknown colour 'RED'");
    expect_error("title = red\n", "t.theme:1: expected a foreground and a background");
    expect_error("title red default\n", "t.theme:1: expected 'slot = fg bg [attr ...]'");
}

static void test_colour_out_of_range(void **state)
{
    (void)state;
    struct theme t;
    char err[ERR_LEN];
    expect_error("title = 256 default\n", "t.theme:1: colour '256' out of range (0-255)");
    expect_error("\n\ntitle = default 1000\n", "t.theme:3: colour '1000' out of range");
    expect_error("title = 99999999999999999999 default\n", "out of range");
    assert_int_equal(parse("title = 255 000\n", &t, err), 0);
    assert_int_equal(t.slot[THEME_TITLE].bg, 0);
}

static void test_bad_attr(void **state)
{
    (void)state;
    expect_error("normal = default default\n\ntitle = red default bold blink\n",
                 "t.theme:3: unknown attribute 'blink'");
    expect_error("title = red default bold,reverse\n", "unknown attribute 'bold,reverse'");
    expect_error("title = red default bold bold bold bold bold bold bold\n", "too many words");
}

static void test_duplicate_slot(void **state)
{
    (void)state;
    expect_error("title = red default\n# x\ntitle = blue default\n",
                 "t.theme:3: slot 'title' already set on line 1");
}

static void test_file_errors(void **state)
{
    (void)state;
    struct theme t;
    char err[ERR_LEN] = "", path[] = "/tmp/gem5wb-test-theme-XXXXXX";
    theme_builtin(&t, 0);
    assert_int_equal(theme_parse_file(&t, "/nonexistent/x.theme", err), -1);
    assert_non_null(strstr(err, "/nonexistent/x.theme"));

    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char text[] = "normal = default default\nborder = gray default\n";
    assert_int_equal(write(fd, text, sizeof text - 1), (long)(sizeof text - 1));
    close(fd);
    assert_int_equal(theme_parse_file(&t, path, err), -1);
    char want[128];
    snprintf(want, sizeof want, "%s:2: unknown colour 'gray'", path);
    if (strncmp(err, want, strlen(want)) != 0)
        fail_msg("expected \"%s...\", got \"%s\"", want, err);
    unlink(path);
}

static void test_slot_names(void **state)
{
    (void)state;
    assert_string_equal(theme_slot_name(THEME_NORMAL), "normal");
    assert_string_equal(theme_slot_name(THEME_HINT_KEY), "hint_key");
    assert_null(theme_slot_name(THEME_SLOT_COUNT));
    assert_null(theme_slot_name(-1));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_shipped_theme_parses),
        cmocka_unit_test(test_shipped_themes_are_distinct),
        cmocka_unit_test(test_builtin_specs_parse),
        cmocka_unit_test(test_files_match_builtin),
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_comments_and_blank_lines),
        cmocka_unit_test(test_unknown_slot),
        cmocka_unit_test(test_bad_colour),
        cmocka_unit_test(test_colour_out_of_range),
        cmocka_unit_test(test_bad_attr),
        cmocka_unit_test(test_duplicate_slot),
        cmocka_unit_test(test_file_errors),
        cmocka_unit_test(test_slot_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

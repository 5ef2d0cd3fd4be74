/* The settings file: a missing file is empty, set/get, save and load round trip, the
 * comment header, and a bad line named by file and line. */
#include "core/util/err.h"
#include "core/util/fileio.h"
#include "core/util/settings.h"
#include "tests/support/testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static void missing_file_is_empty(void **state)
{
    (void)state;
    char *dir = tu_tmpdir(), path[4096], err[ERR_LEN];
    struct settings s;
    snprintf(path, sizeof path, "%s/no such/settings", dir);
    assert_int_equal(settings_load(path, &s, err), 0);
    assert_int_equal(s.n, 0);
    assert_null(settings_get(&s, "theme"));
    tu_rmtree(dir);
}

static void round_trip(void **state)
{
    (void)state;
    char *dir = tu_tmpdir(), path[4096], err[ERR_LEN];
    struct settings s, back;
    snprintf(path, sizeof path, "%s/cfg 'x'/gem5wb/settings", dir);
    memset(&s, 0, sizeof s);
    assert_int_equal(settings_set(&s, "theme", "dark", err), 0);
    assert_int_equal(settings_set(&s, "mouse", "off", err), 0);
    assert_int_equal(settings_set(&s, "theme", "light", err), 0);   /* replaces */
    assert_int_equal(s.n, 2);
    assert_int_equal(settings_save(path, &s, err), 0);
    assert_int_equal(settings_load(path, &back, err), 0);
    assert_int_equal(back.n, 2);
    assert_string_equal(settings_get(&back, "theme"), "light");
    assert_string_equal(settings_get(&back, "mouse"), "off");
    char *text = NULL;
    size_t len;
    assert_int_equal(file_read_all(path, 4096, &text, &len, err), 0);
    assert_true(tu_contains(text, "# gem5wb settings"));
    assert_true(tu_contains(text, "theme = light\n"));
    free(text);
    tu_rmtree(dir);
}

static void bad_line_named(void **state)
{
    (void)state;
    char *dir = tu_tmpdir(), path[4096], err[ERR_LEN];
    struct settings s;
    snprintf(path, sizeof path, "%s/settings", dir);
    tu_write(dir, "settings", "# ok\n\ntheme = dark\njust words\n");
    assert_int_equal(settings_load(path, &s, err), -1);
    assert_non_null(strstr(err, "settings:4: not a \"key = value\" line"));
    assert_int_equal(settings_set(&s, "a=b", "x", err), -1);
    assert_int_equal(settings_set(&s, "k", "two\nlines", err), -1);
    tu_rmtree(dir);
}

static void path_from_environment(void **state)
{
    (void)state;
    char path[4096], err[ERR_LEN];
    setenv("XDG_CONFIG_HOME", "/cfg", 1);
    assert_int_equal(settings_path(path, sizeof path, err), 0);
    assert_string_equal(path, "/cfg/gem5wb/settings");
    unsetenv("XDG_CONFIG_HOME");
    setenv("HOME", "/home/u", 1);
    assert_int_equal(settings_path(path, sizeof path, err), 0);
    assert_string_equal(path, "/home/u/.config/gem5wb/settings");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(missing_file_is_empty),
        cmocka_unit_test(round_trip),
        cmocka_unit_test(bad_line_named),
        cmocka_unit_test(path_from_environment),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* shell_quote and shell_quote_argv: plain words as they are, others in single quotes with
 * an inner quote as '\'', the empty word, a buffer too small, and argv joined. */
#include "core/util/shquote.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static void words(void **state)
{
    (void)state;
    char out[64];
    assert_int_equal(shell_quote("build/ARM/gem5.opt", out, sizeof out), 18);
    assert_string_equal(out, "build/ARM/gem5.opt");
    assert_true(shell_quote("run 'dir'", out, sizeof out) > 0);
    assert_string_equal(out, "'run '\\''dir'\\'''");
    assert_int_equal(shell_quote("", out, sizeof out), 2);
    assert_string_equal(out, "''");
    assert_true(shell_quote("$HOME", out, sizeof out) > 0);
    assert_string_equal(out, "'$HOME'");
    assert_int_equal(shell_quote("a b", out, 4), -1);   /* needs 6 bytes with the NUL */
    assert_int_equal(shell_quote("a b", out, 6), 5);
}

static void argv_joined(void **state)
{
    (void)state;
    const char *argv[] = { "scons", "build/ARM/gem5.opt", "-j 2", "it's", NULL };
    char *line = shell_quote_argv(argv);
    assert_non_null(line);
    assert_string_equal(line, "scons build/ARM/gem5.opt '-j 2' 'it'\\''s'");
    free(line);
    const char *none[] = { NULL };
    line = shell_quote_argv(none);
    assert_string_equal(line, "");
    free(line);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(words),
        cmocka_unit_test(argv_joined),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* file_same_bytes: equal and different files across several blocks, the same file twice,
 * sizes, an unreadable file named in the error, and cancel from the progress callback. */
#include "core/util/err.h"
#include "core/util/filecmp.h"
#include "tests/support/testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define BIG (5u << 19)   /* 2.5 MiB: three blocks of the comparison */

/* Writes BIG bytes of a pattern to dir/name, with byte `flip` changed when not -1. */
static void write_big(const char *dir, const char *name, long flip, char *path, size_t cap)
{
    snprintf(path, cap, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    for (uint32_t i = 0; i < BIG; i++)
        fputc((int)((i * 7u) & 0xff) ^ (i == (uint32_t)flip ? 1 : 0), f);
    fclose(f);
}

static void equal_and_different(void **state)
{
    (void)state;
    char *dir = tu_tmpdir(), a[4096], b[4096], c[4096], err[ERR_LEN];
    write_big(dir, "a 'one'", -1, a, sizeof a);
    write_big(dir, "b", -1, b, sizeof b);
    write_big(dir, "c", BIG - 1, c, sizeof c);   /* differs in the last byte of block 3 */
    assert_int_equal(file_same_bytes(a, b, NULL, NULL, err), 1);
    assert_int_equal(file_same_bytes(a, c, NULL, NULL, err), 0);
    assert_int_equal(file_same_bytes(a, a, NULL, NULL, err), 1);
    tu_write(dir, "short", "xyz");
    snprintf(c, sizeof c, "%s/short", dir);
    assert_int_equal(file_same_bytes(a, c, NULL, NULL, err), 0);
    tu_rmtree(dir);
}

static void unreadable_is_named(void **state)
{
    (void)state;
    char *dir = tu_tmpdir(), a[4096], missing[4096], err[ERR_LEN];
    write_big(dir, "a", -1, a, sizeof a);
    snprintf(missing, sizeof missing, "%s/no such store.pmem", dir);
    assert_int_equal(file_same_bytes(a, missing, NULL, NULL, err), -1);
    assert_true(tu_contains(err, "no such store.pmem"));
    assert_int_equal(file_same_bytes(missing, a, NULL, NULL, err), -1);
    assert_true(tu_contains(err, "no such store.pmem"));
    tu_rmtree(dir);
}

struct seen {
    int calls;
    uint64_t last, total;
};

static int cancel_second(void *arg, uint64_t done, uint64_t total)
{
    struct seen *s = arg;
    s->calls++;
    s->last = done;
    s->total = total;
    return s->calls == 2;
}

static void progress_and_cancel(void **state)
{
    (void)state;
    char *dir = tu_tmpdir(), a[4096], b[4096], err[ERR_LEN];
    write_big(dir, "a", -1, a, sizeof a);
    write_big(dir, "b", -1, b, sizeof b);
    struct seen s = { 0, 0, 0 };
    assert_int_equal(file_same_bytes(a, b, cancel_second, &s, err), -1);
    assert_string_equal(err, "cancelled");
    assert_int_equal(s.calls, 2);
    assert_int_equal(s.last, 2u << 20);
    assert_int_equal(s.total, BIG);
    tu_rmtree(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(equal_and_different),
        cmocka_unit_test(unreadable_is_named),
        cmocka_unit_test(progress_and_cancel),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

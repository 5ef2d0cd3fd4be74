/* Tests of core/workflow/totals (build sizes remembered in the workspace) and
 * core/workflow/eta (time left from the recent rate). */
#include "core/util/err.h"
#include "core/workflow/eta.h"
#include "core/workflow/totals.h"
#include "tests/support/testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

static char tmp[4096], path[4300];

static int setup(void **state)
{
    (void)state;
    snprintf(tmp, sizeof tmp, "%s", tu_tmpdir());
    snprintf(path, sizeof path, "%s/work space 'q'/" TOTALS_FILE, tmp);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tu_rmtree(tmp);
    return 0;
}

static void test_key(void **state)
{
    (void)state;
    char a[512], b[512], c[512];
    const char *full[] = { "/usr/bin/scons", "build/NULL/gem5.opt", "-j2", "--install-hooks",
                           NULL };
    const char *dry[] = { "scons", "-n", "-j", "8", "build/NULL/gem5.opt", "--install-hooks",
                          NULL };
    const char *other[] = { "scons", "build/X86/gem5.opt", NULL };
    assert_int_equal(totals_key("scons", "/w/gem5", full, a, sizeof a), 0);
    assert_int_equal(totals_key("scons", "/w/gem5", dry, b, sizeof b), 0);
    assert_int_equal(totals_key("scons", "/w/gem5", other, c, sizeof c), 0);
    assert_string_equal(a, "scons|/w/gem5|scons build/NULL/gem5.opt --install-hooks");
    assert_string_equal(a, b);                 /* -j and -n do not change what is built */
    assert_string_not_equal(a, c);
    assert_false(totals_is_dry_run(full));
    assert_true(totals_is_dry_run(dry));
    const char *make[] = { "make", "-j", "2", "install", NULL };
    assert_int_equal(totals_key("make", "/w/sst core", make, a, sizeof a), 0);
    assert_string_equal(a, "make|/w/sst core|make install");
    assert_int_equal(totals_key("make", "/w", make, a, 8), -1);
}

static void test_record_and_get(void **state)
{
    (void)state;
    char err[ERR_LEN] = "";
    struct totals_entry e;
    const char *key = "scons|/w|scons build/NULL/gem5.opt";
    assert_int_equal(totals_get(path, key, &e, err), 0);       /* no file yet */
    /* a dry run gives an estimate... */
    assert_int_equal(totals_record(path, key, 3339, 60, true, err), 0);
    assert_int_equal(totals_get(path, key, &e, err), 1);
    assert_true(e.items == 3339 && e.estimate);
    /* ...which the first real build replaces */
    assert_int_equal(totals_record(path, key, 3449, 6172, false, err), 0);
    assert_int_equal(totals_get(path, key, &e, err), 1);
    assert_true(e.items == 3449 && !e.estimate && e.seconds == 6172);
    /* neither a later dry run nor an incremental build lowers it */
    assert_int_equal(totals_record(path, key, 3339, 60, true, err), 0);
    assert_int_equal(totals_record(path, key, 12, 30, false, err), 0);
    assert_int_equal(totals_get(path, key, &e, err), 1);
    assert_true(e.items == 3449 && e.last_items == 12 && !e.estimate && e.seconds == 6172);
    /* other keys are kept apart */
    assert_int_equal(totals_record(path, "make|/w|make", 120, 5, false, err), 0);
    assert_int_equal(totals_get(path, "make|/w|make", &e, err), 1);
    assert_int_equal(e.items, 120);
    assert_int_equal(totals_get(path, key, &e, err), 1);
    assert_int_equal(e.items, 3449);
}

static void test_damaged_file(void **state)
{
    (void)state;
    char err[ERR_LEN] = "";
    struct totals_entry e;
    assert_int_equal(totals_record(path, "k", 1, 1, false, err), 0);
    char dir[4300];
    snprintf(dir, sizeof dir, "%s/work space 'q'/.gem5wb", tmp);
    tu_write(dir, "totals.json", "{\"builds\": [1,");
    assert_int_equal(totals_get(path, "k", &e, err), -1);
    assert_true(tu_contains(err, path) && tu_contains(err, "not a gem5wb totals file"));
    assert_int_equal(totals_record(path, "k", 1, 1, false, err), -1);   /* not overwritten */
}

static void test_eta(void **state)
{
    (void)state;
    struct eta e;
    char buf[32];
    eta_init(&e, 60);
    assert_true(eta_left(&e, 0) < 0);
    eta_add(&e, 0, 0.0);
    eta_add(&e, 1, 0.01);
    assert_true(eta_left(&e, 1) < 0);          /* under 2 s of history */
    for (int t = 2; t <= 100; t++)             /* 1 % a second */
        eta_add(&e, t, t / 100.0 > 0.99 ? 0.99 : t / 100.0);
    for (double t = 0; t < 60; t += 0.1)       /* bursts of samples keep the window */
        eta_add(&e, 100 + t, 0.99);
    eta_init(&e, 60);
    for (int t = 0; t <= 300; t++)             /* slow start, then 1 % every 2 s */
        eta_add(&e, t, t < 100 ? t / 1000.0 : 0.1 + (t - 100) / 200.0);
    double left = eta_left(&e, 300);           /* at 0.1 + 1.0 -> done, rate 0.5 %/s */
    assert_true(left >= 0 && left < 1);
    eta_init(&e, 60);
    for (int t = 0; t <= 200; t++)
        eta_add(&e, t, t < 100 ? t / 1000.0 : 0.1 + (t - 100) / 200.0);
    left = eta_left(&e, 200);                  /* 0.6 done, 0.4 left at 0.5 %/s = 80 s */
    assert_true(left > 79 && left < 81);
    assert_true(eta_left(&e, 210) > 69 && eta_left(&e, 210) < 71);   /* time passes */
    for (int t = 201; t <= 300; t++)
        eta_add(&e, t, 0.6);                   /* stalled for longer than the window */
    assert_true(eta_left(&e, 300) < 0);
    eta_format(3725, buf, sizeof buf);
    assert_string_equal(buf, "1h02m");
    eta_format(185, buf, sizeof buf);
    assert_string_equal(buf, "3m05s");
    eta_format(42.4, buf, sizeof buf);
    assert_string_equal(buf, "42s");
    eta_format(-1, buf, sizeof buf);
    assert_string_equal(buf, "--");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_key),
        cmocka_unit_test_setup_teardown(test_record_and_get, setup, teardown),
        cmocka_unit_test_setup_teardown(test_damaged_file, setup, teardown),
        cmocka_unit_test(test_eta),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* core/checkpoint/cpt_diff tests: m5.cpt files the test writes (and gem5's own, edited)
 * compared key by key and section by section; unreadable and malformed files are named. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/checkpoint/cpt.h"
#include "core/checkpoint/cpt_diff.h"
#include "core/util/err.h"
#include "core/util/fileio.h"
#include "tests/support/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GEM5_CPT "fixtures/gem5-run/m5out-take/cpt/m5.cpt"

static char dir[4096];

static int setup(void **state)
{
    (void)state;
    char *tmp = tu_tmpdir();
    if (!tmp)
        return -1;
    snprintf(dir, sizeof dir, "%s", tmp);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tu_rmtree(dir);
    return 0;
}

#define PATH_LEN 4200

/* Writes text as dir/name and its path into path (PATH_LEN). */
static const char *put(char *path, const char *name, const char *text)
{
    tu_write(dir, name, text);
    snprintf(path, PATH_LEN, "%s/%s", dir, name);
    return path;
}

static void diff_ok(const char *a, const char *b, struct cpt_diff *d)
{
    char err[ERR_LEN] = "";
    if (cpt_diff_files(d, a, b, err) != 0)
        fail_msg("comparing %s and %s: %s", a, b, err);
}

/* Writes both texts to files (names with spaces and quotes, as users have) and compares
 * them; returns how many changes there are. */
static size_t diff_texts(const char *text_a, const char *text_b, struct cpt_diff *d)
{
    char a[PATH_LEN], b[PATH_LEN];
    diff_ok(put(a, "a 'x'.cpt", text_a), put(b, "b \"y\".cpt", text_b), d);
    return d->total;
}

/* One change, field by field (NULL: the field must be NULL). */
static void assert_change(const struct cpt_diff_change *c, char kind, const char *sec,
                          const char *key, const char *old, const char *new_)
{
    assert_int_equal(c->kind, kind);
    assert_string_equal(c->sec, sec);
    if (key)
        assert_string_equal(c->key, key);
    else
        assert_null(c->key);
    if (old)
        assert_string_equal(c->old, old);
    else
        assert_null(c->old);
    if (new_)
        assert_string_equal(c->new_, new_);
    else
        assert_null(c->new_);
}

static void test_identical(void **state)
{
    (void)state;
    const char *text = "## comment\n[root]\nfull_system=true\nisa=arm\n\n[system.cpu]\n_pc=0x10\n";
    struct cpt_diff d;
    assert_int_equal(diff_texts(text, text, &d), 0);
    assert_int_equal(d.n, 0);
    assert_false(d.oom);
    cpt_diff_free(&d);

    /* gem5's own file against itself */
    const char *g = tu_shared(GEM5_CPT);
    diff_ok(g, g, &d);
    assert_int_equal(d.total, 0);
    cpt_diff_free(&d);
}

static void test_keys(void **state)
{
    (void)state;
    struct cpt_diff d;
    const char *a = "[s]\nsame=1\nchanged=old\nonly_a=x\nrepeated=1\nrepeated=2\n[t]\nk=v\n";
    /* reordered lines are no change; a repeated key counts by its last value (as gem5) */
    const char *b = "[s]\nrepeated=2\nonly_b=y\nchanged=new\nsame=1\n[t]\nk=v\n";
    assert_int_equal(diff_texts(a, b, &d), 3);
    assert_int_equal(d.n, 3);
    /* sorted by key within the section */
    assert_change(&d.v[0], '~', "s", "changed", "old", "new");
    assert_change(&d.v[1], '-', "s", "only_a", "x", NULL);
    assert_change(&d.v[2], '+', "s", "only_b", NULL, "y");
    cpt_diff_free(&d);
    assert_null(d.v);
    assert_int_equal(d.n, 0);
}

static void test_sections(void **state)
{
    (void)state;
    struct cpt_diff d;
    assert_int_equal(diff_texts("[first]\nk=1\n[gone]\nk=2\n[last]\nk=3\n",
                                "[new]\nk=4\n[last]\nk=3\n[first]\nk=1\n[also new]\n", &d), 3);
    assert_change(&d.v[0], '-', "gone", NULL, NULL, NULL);
    /* then the sections only in b, in b's order */
    assert_change(&d.v[1], '+', "new", NULL, NULL, NULL);
    assert_change(&d.v[2], '+', "also new", NULL, NULL, NULL);
    cpt_diff_free(&d);
}

/* gem5's file with one key edited: exactly that key differs. */
static void test_gem5_edited(void **state)
{
    (void)state;
    char err[ERR_LEN] = "", *data;
    size_t len;
    const char *g = tu_shared(GEM5_CPT);
    struct cpt *c = cpt_load(g, err);
    if (!c)
        fail_msg("the gem5 m5.cpt fixture (set GEM5WB_SHARED): %s", err);
    const char *before = cpt_get(c, "system.tgen_local", "nextEvent");
    char old[64];
    assert_non_null(before);
    snprintf(old, sizeof old, "%s", before);
    assert_int_equal(cpt_set(c, "system.tgen_local", "nextEvent", "12345", err), 0);
    assert_int_equal(cpt_write_buffer(c, &data, &len, err), 0);
    char edited[PATH_LEN];
    snprintf(edited, sizeof edited, "%s/edited m5.cpt", dir);
    assert_int_equal(file_replace(edited, data, len, 0, err), 0);
    free(data);
    cpt_free(c);

    struct cpt_diff d;
    diff_ok(g, edited, &d);
    assert_int_equal(d.total, 1);
    assert_change(&d.v[0], '~', "system.tgen_local", "nextEvent", old, "12345");
    cpt_diff_free(&d);
}

/* More changes than are listed: the list stops at CPT_DIFF_MAX, the count goes on. */
static void test_limit(void **state)
{
    (void)state;
    size_t n = CPT_DIFF_MAX + 5, cap = n * 16 + 16, at = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    at += (size_t)snprintf(text, cap, "[s]\n");
    for (size_t i = 0; i < n; i++)
        at += (size_t)snprintf(text + at, cap - at, "k%zu=%zu\n", i, i);
    struct cpt_diff d;
    assert_int_equal(diff_texts(text, "[s]\n", &d), n);
    free(text);
    assert_int_equal(d.n, CPT_DIFF_MAX);
    assert_false(d.oom);
    cpt_diff_free(&d);
}

static void bad(const char *a, const char *b, const char *named, const char *why)
{
    char err[ERR_LEN] = "";
    struct cpt_diff d;
    assert_int_equal(cpt_diff_files(&d, a, b, err), -1);
    if (!strstr(err, named) || !strstr(err, why))
        fail_msg("error '%s' does not name '%s' or say '%s'", err, named, why);
    assert_int_equal(d.n, 0);
    assert_null(d.v);
    cpt_diff_free(&d);
}

static void test_errors(void **state)
{
    (void)state;
    char good[PATH_LEN], broken[PATH_LEN], empty[PATH_LEN], missing[PATH_LEN], where[PATH_LEN + 8];
    put(good, "good.cpt", "[s]\nk=v\n");
    snprintf(missing, sizeof missing, "%s/no such 'dir'/m5.cpt", dir);
    bad(missing, good, missing, "cannot open");
    bad(good, missing, missing, "cannot open");
    bad(good, dir, dir, "not a regular file");

    put(broken, "broken m5.cpt", "[s]\nk=v\nno equals sign\n");
    snprintf(where, sizeof where, "%s:3:", broken);    /* the file and the line */
    bad(good, broken, where, "");
    bad(broken, good, where, "");
    put(empty, "empty.cpt", "");
    bad(good, empty, empty, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_identical),
        cmocka_unit_test(test_keys),
        cmocka_unit_test(test_sections),
        cmocka_unit_test(test_gem5_edited),
        cmocka_unit_test(test_limit),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

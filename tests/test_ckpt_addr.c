/* core/checkpoint/ckpt_addr tests: address expressions (physical addresses, storeN+OFFSET,
 * sizes, +OFFSET in the current store) on a sampled checkpoint, with and without a map. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/checkpoint/ckpt_addr.h"
#include "core/checkpoint/sample.h"
#include "core/util/err.h"
#include "tests/support/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MiB (1ULL << 20)

static char dir[4096];
static struct ckpt *ck, *nomap;

static struct ckpt *sample(const char *name, bool no_config)
{
    char out[4200], cpt[4300], err[ERR_LEN];
    struct sample_opts o = SAMPLE_OPTS_INIT;
    o.local_size = 64 * MiB;
    o.remote_size = 64 * MiB;
    o.no_config = no_config;
    snprintf(out, sizeof out, "%s/%s", dir, name);
    if (sample_write(out, &o, err) != 0)
        fail_msg("%s", err);
    snprintf(cpt, sizeof cpt, "%s/checkpoint", out);
    struct ckpt *c = NULL;
    if (ckpt_open(cpt, NULL, &c, err) != 0)
        fail_msg("%s", err);
    return c;
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "%s/run 'a' b", tu_tmpdir());
    ck = sample("with map", false);
    nomap = sample("no map", true);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    ckpt_close(ck);
    ckpt_close(nomap);
    char *slash = strrchr(dir, '/');
    *slash = '\0';
    tu_rmtree(dir);
    return 0;
}

/* Parses text and checks the store and offset it lands on. */
static struct ckpt_loc ok(struct ckpt *c, const char *text, long cur, size_t store,
                          uint64_t off)
{
    char err[ERR_LEN] = "";
    struct ckpt_loc loc;
    if (ckpt_addr_parse(c, text, cur, &loc, err) != 0)
        fail_msg("'%s': %s", text, err);
    assert_int_equal(loc.store, store);
    assert_int_equal(loc.offset, off);
    assert_int_equal(loc.len, 1);
    return loc;
}

static void bad(struct ckpt *c, const char *text, long cur, const char *want)
{
    char err[ERR_LEN] = "";
    struct ckpt_loc loc;
    assert_int_equal(ckpt_addr_parse(c, text, cur, &loc, err), -1);
    if (!strstr(err, want))
        fail_msg("'%s': error '%s' does not say '%s'", text, err, want);
}

static void test_physical(void **state)
{
    (void)state;
    struct ckpt_loc l = ok(ck, "0x80001000", CKPT_ADDR_NO_STORE, 8, 0x1000);
    assert_true(l.have_addr);
    assert_int_equal(l.addr, 0x80001000);
    assert_string_equal(l.memory, "board.local_memory");
    ok(ck, "2147487744", CKPT_ADDR_NO_STORE, 8, 0x1000);    /* decimal */
    ok(ck, "2GiB", CKPT_ADDR_NO_STORE, 8, 0);
    ok(ck, " 0x8000 1000 ", CKPT_ADDR_NO_STORE, 8, 0x1000); /* blanks are ignored */
    ok(ck, "0x10", 8, 1, 0x10);          /* a number is an address even with a current store */
    ok(ck, "0x100000010", CKPT_ADDR_NO_STORE, 0, 0x10);     /* the remote store */
    ok(ck, "0x83ffffff", CKPT_ADDR_NO_STORE, 8, 64 * MiB - 1);
}

static void test_store_refs(void **state)
{
    (void)state;
    struct ckpt_loc l = ok(ck, "store8+0x1000", CKPT_ADDR_NO_STORE, 8, 0x1000);
    assert_true(l.have_addr);
    assert_int_equal(l.addr, 0x80001000);
    ok(ck, "store8", CKPT_ADDR_NO_STORE, 8, 0);
    ok(ck, " Store8 + 4KiB", CKPT_ADDR_NO_STORE, 8, 0x1000);
    ok(ck, "store0+16", CKPT_ADDR_NO_STORE, 0, 16);
    ok(ck, "+0x40", 8, 8, 0x40);
    ok(ck, "+1KiB", 3, 3, 1024);

    size_t n;
    uint64_t off;
    char err[ERR_LEN];
    assert_int_equal(ckpt_addr_store_ref("store3+0x1000", &n, &off, err), 0);
    assert_int_equal(n, 3);
    assert_int_equal(off, 0x1000);
    assert_int_equal(ckpt_addr_store_ref("STORE12", &n, &off, err), 0);
    assert_int_equal(n, 12);
    assert_int_equal(off, 0);
    assert_int_equal(ckpt_addr_store_ref("store", &n, &off, err), -1);
    assert_true(tu_contains(err, "storeN+OFFSET"));
    assert_int_equal(ckpt_addr_store_ref("store3x", &n, &off, err), -1);
    assert_int_equal(ckpt_addr_store_ref("store3+", &n, &off, err), -1);
}

static void test_errors(void **state)
{
    (void)state;
    /* between the stores: the nearest one is named */
    bad(ck, "0x40000000", CKPT_ADDR_NO_STORE, "covers address 0x40000000");
    bad(ck, "0x7ffff000", CKPT_ADDR_NO_STORE, "the nearest is store8");
    bad(ck, "0x84000000", CKPT_ADDR_NO_STORE, "the nearest is store8");
    bad(ck, "store8+64MiB", CKPT_ADDR_NO_STORE, "64 MiB");
    bad(ck, "+0x4000000", 8, "past its end");
    bad(ck, "store99", CKPT_ADDR_NO_STORE, "there is no store99");
    bad(ck, "store8+zz", CKPT_ADDR_NO_STORE, "offset 'zz'");
    bad(ck, "storeX", CKPT_ADDR_NO_STORE, "storeN+OFFSET");
    bad(ck, "lots", CKPT_ADDR_NO_STORE, "address 'lots'");
    bad(ck, "   ", CKPT_ADDR_NO_STORE, "no address given");
    bad(ck, "+0x10", CKPT_ADDR_NO_STORE, "no store is chosen");
    bad(ck, "-5", CKPT_ADDR_NO_STORE, "address '-5'");
}

static void test_without_map(void **state)
{
    (void)state;
    assert_false(nomap->map.known);
    struct ckpt_loc l = ok(nomap, "0x10", 8, 8, 0x10);   /* a number is an offset */
    assert_false(l.have_addr);
    ok(nomap, "4KiB", 1, 1, 4096);
    ok(nomap, "store8+0x20", CKPT_ADDR_NO_STORE, 8, 0x20);
    bad(nomap, "0x10", CKPT_ADDR_NO_STORE, "address map");
    bad(nomap, "0x10", CKPT_ADDR_NO_STORE, "storeN+OFFSET");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_physical),
        cmocka_unit_test(test_store_refs),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_without_map),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

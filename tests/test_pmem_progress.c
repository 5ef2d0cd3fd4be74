/* Tests of pmem_progress, the non-blocking look at a store's background decode that the
 * workbench polls: idle before the start, bytes read rising to the file size, done; and a
 * damaged store reported as failed with the decode's error. */
#include "core/pmem/pmem.h"
#include "core/util/err.h"
#include "tests/support/testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#define MIB (1u << 20)

static char tmp[4096];

/* tmp: this case's folder, with the page-map cache in it */
static int setup(void **state)
{
    int rc = tu_cache_setup(state);
    snprintf(tmp, sizeof tmp, "%s", tu_case_dir());
    return rc;
}

/* A gzip store of `mib` MiB: zeros with one non-zero byte every 3 MiB. */
static void write_store(const char *path, unsigned mib)
{
    gzFile g = gzopen(path, "wb6");
    assert_non_null(g);
    uint8_t *buf = calloc(1, MIB);
    assert_non_null(buf);
    for (unsigned m = 0; m < mib; m++) {
        buf[0] = m % 3 == 0 ? (uint8_t)(m + 1) : 0;
        assert_int_equal(gzwrite(g, buf, MIB), (int)MIB);
    }
    free(buf);
    assert_int_equal(gzclose(g), Z_OK);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static struct pmem *open_store(const char *path, bool no_cache)
{
    struct pmem_open_opts o = { .no_cache = no_cache };
    struct pmem *pm;
    char err[ERR_LEN] = "";
    assert_int_equal(pmem_open(path, &o, &pm, err), 0);
    return pm;
}

/* Polls until the decode ends (30 s at most); checks every answer on the way. */
static int poll_to_end(struct pmem *pm, uint64_t total_want, char *err)
{
    uint64_t done, total, last = 0;
    int state = PMEM_IDLE, rc = 0;
    double deadline = now() + 30;
    while (now() < deadline) {
        double t0 = now();
        rc = pmem_progress(pm, &done, &total, &state, err);
        assert_true(now() - t0 < 0.05);   /* a look, never a wait */
        assert_int_equal(total, total_want);
        assert_true(done >= last && done <= total);
        last = done;
        assert_int_not_equal(state, PMEM_IDLE);   /* started before the first poll */
        if (state == PMEM_DONE || state == PMEM_FAILED)
            break;
        assert_int_equal(rc, 0);
        usleep(2000);
    }
    assert_true(state == PMEM_DONE || state == PMEM_FAILED);
    if (state == PMEM_DONE)
        assert_int_equal(done, total);
    return rc;
}

static void test_idle_then_done(void **state)
{
    (void)state;
    char path[4200], err[ERR_LEN] = "";
    snprintf(path, sizeof path, "%s/store 'a'.pmem", tmp);
    write_store(path, 96);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    struct pmem *pm = open_store(path, true);
    uint64_t done = 7, total = 0;
    int s = -1;
    assert_int_equal(pmem_progress(pm, &done, &total, &s, err), 0);
    assert_int_equal(s, PMEM_IDLE);
    assert_int_equal(done, 0);
    assert_int_equal(total, (uint64_t)st.st_size);
    assert_int_equal(pmem_start(pm, err), 0);
    assert_int_equal(poll_to_end(pm, (uint64_t)st.st_size, err), 0);
    /* done means the page map is there: every third MiB holds a byte */
    uint64_t npages;
    assert_non_null(pmem_page_bits(pm, &npages));
    assert_int_equal(npages, 96 * MIB / PMEM_PAGE);
    assert_true(pmem_page_nonzero(pm, 0));
    assert_false(pmem_page_nonzero(pm, MIB / PMEM_PAGE));
    assert_true(pmem_page_nonzero(pm, 3 * MIB / PMEM_PAGE));
    pmem_close(pm);
}

static void test_damaged_store_fails(void **state)
{
    (void)state;
    char path[4200], err[ERR_LEN] = "";
    snprintf(path, sizeof path, "%s/cut \"b\".pmem", tmp);
    write_store(path, 8);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(truncate(path, st.st_size / 2), 0);   /* cut off mid-stream */
    struct pmem *pm = open_store(path, true);
    assert_int_equal(pmem_start(pm, err), 0);
    assert_int_equal(poll_to_end(pm, (uint64_t)st.st_size / 2, err), -1);
    assert_true(tu_contains(err, "cut \"b\".pmem"));
    uint64_t done, total;
    int s;
    err[0] = '\0';
    assert_int_equal(pmem_progress(pm, &done, &total, &s, err), -1);
    assert_int_equal(s, PMEM_FAILED);
    assert_true(err[0] != '\0');
    pmem_close(pm);
}

/* A store whose page map came from the cache is not decoding: idle until started. */
static void test_cached_map_is_idle(void **state)
{
    (void)state;
    char path[4200], err[ERR_LEN] = "";
    snprintf(path, sizeof path, "%s/cached.pmem", tmp);
    write_store(path, 16);
    struct pmem *pm = open_store(path, false);
    assert_int_equal(pmem_map(pm, NULL, NULL, err), 0);
    pmem_close(pm);
    pm = open_store(path, false);
    struct pmem_info info;
    pmem_info(pm, &info);
    assert_true(info.map_from_cache);
    uint64_t done, total;
    int s;
    assert_int_equal(pmem_progress(pm, &done, &total, &s, err), 0);
    assert_int_equal(s, PMEM_IDLE);
    pmem_close(pm);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_idle_then_done, setup, tu_cache_teardown),
        cmocka_unit_test_setup_teardown(test_damaged_store_fails, setup, tu_cache_teardown),
        cmocka_unit_test_setup_teardown(test_cached_map_is_idle, setup, tu_cache_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

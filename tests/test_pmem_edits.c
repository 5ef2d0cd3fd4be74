/* core/pmem/pmem_edits tests: pending edits read through, undo in steps (joined nibbles),
 * merged ranges and counts, bounded find forward and backward over the edited bytes,
 * apply (committed store, backup, session emptied; a cancelled commit keeps the edits);
 * and pmem_find_prev against a plain search. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/pmem/pmem.h"
#include "core/pmem/pmem_edits.h"
#include "core/util/err.h"
#include "core/util/fileio.h"
#include "tests/support/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define MIB (1u << 20)
#define SIZE (8 * MIB)

static char tmp[4096], store[4200];
static uint8_t *img;

/* The image: zero pages, text, a pattern across a page boundary, a byte at the end. */
static uint8_t *make_image(void)
{
    uint8_t *m = calloc(1, SIZE);
    assert_non_null(m);
    memcpy(m + 0x10, "hello world", 11);
    for (int i = 0; i < 64; i++)
        m[0x1000 + i] = (uint8_t)(0x11 + i);
    memcpy(m + 2 * MIB + 4096 - 3, "needle", 6);   /* its tail lies in a zero page */
    memcpy(m + 6 * MIB, "needle", 6);
    memcpy(m + 7 * MIB + 100, "needle", 6);
    m[SIZE - 1] = 0x5a;
    return m;
}

static void write_store(void)
{
    gzFile g = gzopen(store, "wb6");
    assert_non_null(g);
    assert_int_equal(gzwrite(g, img, SIZE), SIZE);
    assert_int_equal(gzclose(g), Z_OK);
}

static int setup(void **state)
{
    (void)state;
    snprintf(tmp, sizeof tmp, "%s/edit 'a' b", tu_tmpdir());
    assert_int_equal(mkdir(tmp, 0755), 0);
    char cache[4200];
    snprintf(cache, sizeof cache, "%s/cache", tmp);
    setenv("GEM5WB_CACHE_DIR", cache, 1);
    snprintf(store, sizeof store, "%s/board.physmem.store8.pmem", tmp);
    img = make_image();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    free(img);
    char *slash = strrchr(tmp, '/');
    *slash = '\0';
    tu_rmtree(tmp);
    return 0;
}

/* A fresh store file, opened, with a session over it. */
static struct pmem *open_fresh(struct pmem_edits **e)
{
    char err[ERR_LEN], backup[4300];
    write_store();
    file_backup_path(store, backup, sizeof backup);
    unlink(backup);
    struct pmem_open_opts o = { .no_cache = true };
    struct pmem *pm = NULL;
    if (pmem_open(store, &o, &pm, err) != 0 || pmem_edits_new(pm, e, err) != 0)
        fail_msg("%s", err);
    return pm;
}

static void set(struct pmem_edits *e, uint64_t off, const char *bytes, size_t len, bool join)
{
    char err[ERR_LEN] = "";
    if (pmem_edits_set(e, off, bytes, len, join, err) != 0)
        fail_msg("%s", err);
}

static uint8_t byte_at(struct pmem_edits *e, uint64_t off)
{
    uint8_t b;
    char err[ERR_LEN];
    assert_int_equal(pmem_edits_read(e, off, &b, 1, err), 0);
    return b;
}

static void test_set_read_ranges(void **state)
{
    (void)state;
    struct pmem_edits *e;
    struct pmem *pm = open_fresh(&e);
    char err[ERR_LEN];
    set(e, 0x1000, "\xab\xcd", 2, false);
    uint8_t buf[8];
    assert_int_equal(pmem_edits_read(e, 0xffe, buf, 6, err), 0);
    static const uint8_t want[6] = { 0, 0, 0xab, 0xcd, 0x13, 0x14 };
    assert_memory_equal(buf, want, 6);
    assert_int_equal(pmem_read(pm, 0x1000, buf, 2, err), 0);   /* the store is untouched */
    assert_int_equal(buf[0], 0x11);
    uint8_t orig = 0;
    assert_true(pmem_edits_changed(e, 0x1001, &orig));
    assert_int_equal(orig, 0x12);
    assert_false(pmem_edits_changed(e, 0x1002, NULL));
    assert_int_equal(pmem_edits_count(e), 2);

    set(e, 0x1003, "\x14", 1, false);          /* its own value: pending but not changed */
    assert_false(pmem_edits_changed(e, 0x1003, NULL));
    set(e, 0x1002, "\x99", 1, false);          /* adjacent: merges into the first range */
    set(e, 0x2000, "\x01\x02\x03", 3, false);
    set(e, 0x2001, "\x00", 1, false);          /* a zero byte in a zero page: no change */
    const struct pmem_range *r;
    assert_int_equal(pmem_edits_ranges(e, &r), 3);
    assert_int_equal(r[0].off, 0x1000);
    assert_int_equal(r[0].len, 3);
    assert_int_equal(r[1].off, 0x2000);
    assert_int_equal(r[1].len, 1);
    assert_int_equal(r[2].off, 0x2002);
    assert_int_equal(r[2].len, 1);
    assert_int_equal(pmem_edits_count(e), 5);
    assert_int_equal(pmem_edits_steps(e), 5);

    assert_int_equal(pmem_edits_read(e, SIZE - 1, buf, 2, err), -1);
    assert_true(tu_contains(err, "past the end"));
    assert_int_equal(pmem_edits_set(e, SIZE - 1, "ab", 2, false, err), -1);
    assert_int_equal(pmem_edits_steps(e), 5);   /* a refused edit is no step */
    pmem_edits_free(e);
    pmem_close(pm);
}

static void test_undo(void **state)
{
    (void)state;
    struct pmem_edits *e;
    struct pmem *pm = open_fresh(&e);
    uint64_t at = 0;
    assert_int_equal(pmem_edits_undo(e, &at), 0);   /* nothing to undo */

    /* a byte typed as two nibbles is one step */
    set(e, 0x10, "\xa8", 1, false);
    set(e, 0x10, "\xab", 1, true);
    assert_int_equal(pmem_edits_steps(e), 1);
    assert_int_equal(byte_at(e, 0x10), 0xab);
    assert_int_equal(pmem_edits_undo(e, &at), 1);
    assert_int_equal(at, 0x10);
    assert_int_equal(byte_at(e, 0x10), 'h');
    assert_int_equal(pmem_edits_count(e), 0);

    /* overlapping steps come back one at a time */
    set(e, 0x100, "AAAA", 4, false);
    set(e, 0x102, "BBBB", 4, false);
    set(e, 0x103, "C", 1, true);               /* joins the B step */
    assert_int_equal(pmem_edits_steps(e), 2);
    assert_int_equal(byte_at(e, 0x103), 'C');
    assert_int_equal(pmem_edits_undo(e, &at), 1);
    assert_int_equal(at, 0x102);
    char want[8] = { 'A', 'A', 'A', 'A', 0, 0 };
    uint8_t buf[8];
    char err[ERR_LEN];
    assert_int_equal(pmem_edits_read(e, 0x100, buf, 6, err), 0);
    assert_memory_equal(buf, want, 6);
    assert_int_equal(pmem_edits_count(e), 4);
    assert_int_equal(pmem_edits_undo(e, NULL), 1);
    assert_int_equal(pmem_edits_count(e), 0);
    const struct pmem_range *r;
    assert_int_equal(pmem_edits_ranges(e, &r), 0);
    assert_int_equal(pmem_edits_undo(e, NULL), 0);
    pmem_edits_free(e);
    pmem_close(pm);
}

static int find(struct pmem_edits *e, const char *pat, uint64_t lo, uint64_t hi, bool back,
                uint64_t *hit)
{
    char err[ERR_LEN] = "";
    int rc = pmem_edits_find(e, (const uint8_t *)pat, strlen(pat), lo, hi, back, hit, err);
    if (rc < 0)
        fail_msg("%s", err);
    return rc;
}

static void test_find(void **state)
{
    (void)state;
    struct pmem_edits *e;
    struct pmem *pm = open_fresh(&e);
    uint64_t hit = 0, n1 = 2 * MIB + 4096 - 3;
    assert_int_equal(find(e, "needle", 0, UINT64_MAX, false, &hit), 1);
    assert_int_equal(hit, n1);
    assert_int_equal(find(e, "needle", n1 + 1, UINT64_MAX, false, &hit), 1);
    assert_int_equal(hit, 6 * MIB);
    assert_int_equal(find(e, "needle", 0, UINT64_MAX, true, &hit), 1);
    assert_int_equal(hit, 7 * MIB + 100);
    assert_int_equal(find(e, "needle", 0, 6 * MIB, true, &hit), 1);   /* starts below hi */
    assert_int_equal(hit, n1);
    assert_int_equal(find(e, "needle", n1 + 1, 6 * MIB, false, &hit), 0);   /* bounded */
    assert_int_equal(find(e, "needle", 0, n1, true, &hit), 0);
    assert_int_equal(find(e, "hello", 0x10, 0x11, false, &hit), 1);
    assert_int_equal(hit, 0x10);
    assert_int_equal(find(e, "\x5a", SIZE - 1, UINT64_MAX, false, &hit), 1);
    assert_int_equal(hit, SIZE - 1);

    /* pending edits: a match made in a zero page, one broken, one across the edit */
    set(e, 5 * MIB + 7, "needle", 6, false);
    set(e, 6 * MIB + 2, "x", 1, false);
    set(e, 0x16, "W", 1, false);               /* "hello World" */
    assert_int_equal(find(e, "needle", n1 + 1, UINT64_MAX, false, &hit), 1);
    assert_int_equal(hit, 5 * MIB + 7);
    assert_int_equal(find(e, "needle", 5 * MIB + 8, UINT64_MAX, false, &hit), 1);
    assert_int_equal(hit, 7 * MIB + 100);
    assert_int_equal(find(e, "needle", 0, 7 * MIB, true, &hit), 1);
    assert_int_equal(hit, 5 * MIB + 7);
    assert_int_equal(find(e, "o World", 0, UINT64_MAX, false, &hit), 1);
    assert_int_equal(hit, 0x14);
    assert_int_equal(find(e, "o world", 0, UINT64_MAX, false, &hit), 0);

    char err[ERR_LEN];
    static const uint8_t zeros[3] = { 0 };
    assert_int_equal(pmem_edits_find(e, zeros, 3, 0, UINT64_MAX, false, &hit, err), -1);
    assert_true(tu_contains(err, "zero"));
    /* a pattern ending in zeros that runs into a zero page */
    static const uint8_t endz[6] = { 'l', 'e', 0, 0, 0, 0 };
    assert_int_equal(pmem_edits_find(e, endz, 6, 0, UINT64_MAX, false, &hit, err), 1);
    assert_int_equal(hit, n1 + 4);
    pmem_edits_free(e);
    pmem_close(pm);
}

/* The last start of pat before `before`, the plain way. */
static int64_t brute_prev(const uint8_t *pat, size_t len, uint64_t before)
{
    for (uint64_t s = before < SIZE - len + 1 ? before : SIZE - len + 1; s-- > 0;)
        if (img[s] == pat[0] && memcmp(img + s, pat, len) == 0)
            return (int64_t)s;
    return -1;
}

static void test_find_prev(void **state)
{
    (void)state;
    struct pmem_edits *e;
    struct pmem *pm = open_fresh(&e);
    char err[ERR_LEN];
    static const struct { const char *pat; size_t len; } pats[] = {
        { "needle", 6 }, { "hello", 5 }, { "\x5a", 1 }, { "le\0\0", 4 }, { "\x12\x13", 2 },
    };
    const uint64_t befores[] = { 0, 1, 0x11, 0x1000, 0x1002, 2 * MIB + 4093, 2 * MIB + 4094,
                                 6 * MIB, 6 * MIB + 1, SIZE - 1, SIZE, UINT64_MAX };
    for (size_t p = 0; p < sizeof pats / sizeof pats[0]; p++)
        for (size_t b = 0; b < sizeof befores / sizeof befores[0]; b++) {
            uint64_t hit = 0;
            const uint8_t *pat = (const uint8_t *)pats[p].pat;
            int rc = pmem_find_prev(pm, pat, pats[p].len, befores[b], &hit, err);
            int64_t want = brute_prev(pat, pats[p].len, befores[b]);
            assert_int_equal(rc, want >= 0);
            if (want >= 0 && hit != (uint64_t)want)
                fail_msg("pattern %zu before 0x%llx: 0x%llx, not 0x%llx", p,
                         (unsigned long long)befores[b], (unsigned long long)hit,
                         (unsigned long long)want);
        }
    uint64_t hit;
    static const uint8_t zeros[2] = { 0 };
    assert_int_equal(pmem_find_prev(pm, zeros, 2, SIZE, &hit, err), -1);
    assert_true(tu_contains(err, "zero"));
    pmem_edits_free(e);
    pmem_close(pm);
}

/* The first (or last) start of pat in m within [lo, hi), the plain way; -1 when none. */
static int64_t brute(const uint8_t *m, const uint8_t *pat, size_t len, uint64_t lo,
                     uint64_t hi, bool back)
{
    hi = hi < SIZE - len + 1 ? hi : SIZE - len + 1;
    int64_t found = -1;
    for (uint64_t s = lo; s < hi; s++)
        if (m[s] == pat[0] && memcmp(m + s, pat, len) == 0) {
            found = (int64_t)s;
            if (!back)
                break;
        }
    return found;
}

/* Random edits (in zero pages, across page ends, over data) and random bounds: the
 * session's find agrees with a plain search of the edited image. */
static void test_find_matches_plain_search(void **state)
{
    (void)state;
    struct pmem_edits *e;
    struct pmem *pm = open_fresh(&e);
    uint8_t *m = malloc(SIZE);
    assert_non_null(m);
    memcpy(m, img, SIZE);
    srand(7);
    static const uint64_t spots[] = { 0x10, 0x1000, 2 * MIB + 4090, 4 * MIB - 2, 6 * MIB,
                                      SIZE - 5 };
    for (int i = 0; i < 40; i++) {
        uint64_t off = spots[rand() % 6] + (uint64_t)(rand() % 5);
        const char *w = rand() % 2 ? "ne" : "dle";
        size_t len = strlen(w);
        off = off + len <= SIZE ? off : SIZE - len;
        set(e, off, w, len, false);
        memcpy(m + off, w, len);
    }
    static const char *pats[] = { "needle", "ne", "dle", "le\0\0", "e" };
    static const size_t lens[] = { 6, 2, 3, 4, 1 };
    for (int q = 0; q < 60; q++) {
        size_t p = (size_t)q % 5;
        uint64_t lo = (uint64_t)rand() % SIZE, hi = lo + (uint64_t)rand() % (3 * MIB);
        bool back = q % 2;
        uint64_t hit = 0;
        char err[ERR_LEN];
        int rc = pmem_edits_find(e, (const uint8_t *)pats[p], lens[p], lo, hi, back, &hit, err);
        int64_t want = brute(m, (const uint8_t *)pats[p], lens[p], lo, hi, back);
        assert_int_equal(rc, want >= 0);
        if (want >= 0 && hit != (uint64_t)want)
            fail_msg("'%s' in [0x%llx, 0x%llx)%s: 0x%llx, not 0x%llx", pats[p],
                     (unsigned long long)lo, (unsigned long long)hi, back ? " backward" : "",
                     (unsigned long long)hit, (unsigned long long)want);
    }
    free(m);
    pmem_edits_free(e);
    pmem_close(pm);
}

static int calls;
static int count_progress(void *arg, uint64_t done, uint64_t total)
{
    (void)arg, (void)done, (void)total;
    calls++;
    return 0;
}

static int cancel_progress(void *arg, uint64_t done, uint64_t total)
{
    (void)arg, (void)done, (void)total;
    return 1;
}

static void test_apply(void **state)
{
    (void)state;
    struct pmem_edits *e;
    struct pmem *pm = open_fresh(&e);
    char err[ERR_LEN] = "", backup[4300];
    struct stat before, after;
    struct pmem_commit_stats st;
    file_backup_path(store, backup, sizeof backup);

    assert_int_equal(stat(store, &before), 0);
    assert_int_equal(pmem_edits_apply(e, NULL, NULL, &st, err), 0);   /* nothing pending */
    assert_int_equal(stat(store, &after), 0);
    assert_int_equal(before.st_ino, after.st_ino);
    assert_int_equal(access(backup, F_OK), -1);

    set(e, 0x1000, "\xab\xcd", 2, false);
    set(e, 3 * MIB, "\x01", 1, false);
    /* a cancelled commit changes nothing and keeps the edits */
    assert_int_equal(pmem_edits_apply(e, cancel_progress, NULL, &st, err), -1);
    assert_true(tu_contains(err, "cancelled"));
    assert_int_equal(pmem_edits_count(e), 3);
    uint8_t b[2];
    assert_int_equal(pmem_read(pm, 0x1000, b, 2, err), 0);
    assert_int_equal(b[0], 0x11);                  /* the image has its old bytes back */
    assert_int_equal(byte_at(e, 0x1000), 0xab);

    calls = 0;
    if (pmem_edits_apply(e, count_progress, NULL, &st, err) != 0)
        fail_msg("%s", err);
    assert_true(calls > 0);
    assert_true(st.chunks > 0);
    assert_int_equal(pmem_edits_count(e), 0);
    assert_int_equal(pmem_edits_steps(e), 0);
    assert_int_equal(access(backup, F_OK), 0);
    pmem_edits_free(e);
    pmem_close(pm);

    /* the file, read afresh: exactly those bytes changed */
    struct pmem_open_opts o = { .no_cache = true };
    assert_int_equal(pmem_open(store, &o, &pm, err), 0);
    uint8_t *now = malloc(SIZE);
    assert_non_null(now);
    assert_int_equal(pmem_read(pm, 0, now, SIZE, err), 0);
    size_t diffs = 0;
    for (size_t i = 0; i < SIZE; i++)
        diffs += now[i] != img[i];
    assert_int_equal(diffs, 3);
    assert_int_equal(now[0x1000], 0xab);
    assert_int_equal(now[0x1001], 0xcd);
    assert_int_equal(now[3 * MIB], 0x01);
    free(now);
    pmem_close(pm);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_set_read_ranges),
        cmocka_unit_test(test_undo),
        cmocka_unit_test(test_find),
        cmocka_unit_test(test_find_prev),
        cmocka_unit_test(test_find_matches_plain_search),
        cmocka_unit_test(test_apply),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

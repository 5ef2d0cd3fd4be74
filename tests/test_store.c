/* cmocka tests for core/checkpoint/store: scanning real and damaged gem5 stores, and
 * writing stores that zlib's gzread (gem5's restore path) reads back byte for byte. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/checkpoint/store.h"
#include "core/util/err.h"
#include "core/util/fileio.h"

#include <dirent.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#define MiB (1ull << 20)
#define GiB (1ull << 30)
#define PAGE 4096ull

/* ---- temp dir and file helpers ---- */

static int make_dir(void **state)
{
    char *dir = strdup("/tmp/gem5wb-test-store.XXXXXX");
    if (!dir || !mkdtemp(dir)) {
        free(dir);
        return -1;
    }
    *state = dir;
    return 0;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static int drop_dir(void **state)
{
    char *dir = *state;
    int rc = nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    free(dir);
    return rc;
}

static void join(char *buf, const char *dir, const char *name)
{
    assert_int_equal(path_join(buf, 4096, dir, name), 0);
}

static void put_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

static void get_file(const char *path, char **data, size_t *len)
{
    char err[ERR_LEN];
    assert_int_equal(file_read_all(path, 64 * MiB, data, len, err), 0);
}

static size_t dir_entries(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

static void fixture_path(char *buf, const char *name)
{
    const char *shared = getenv("GEM5WB_SHARED");
    snprintf(buf, 4096, "%s/fixtures/gem5-run/m5out-take/cpt/%s", shared ? shared : "../shared",
             name);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- synthetic store contents: a few patterned pages, zeros elsewhere ---- */

struct content {
    uint64_t size;
    const uint64_t *pages;   /* page numbers filled with a never-zero pattern */
    size_t npages;
    bool zero_as_data;       /* fill() hands zero chunks back as data (returns 1) */
    uint64_t fail_at;        /* fill() fails for the chunk at this offset; 0 for never */
};

static uint8_t pattern(uint64_t off)
{
    return (uint8_t)(((off * 2654435761u) >> 11) | 1);
}

/* Writes content bytes [off, off+len) into buf; returns whether any is non-zero. */
static bool gen(const struct content *c, uint64_t off, uint8_t *buf, size_t len)
{
    bool any = false;
    memset(buf, 0, len);
    for (size_t i = 0; i < c->npages; i++) {
        uint64_t lo = c->pages[i] * PAGE, hi = lo + PAGE;
        if (hi > c->size)
            hi = c->size;
        if (lo < off)
            lo = off;
        if (hi > off + len)
            hi = off + len;
        for (uint64_t o = lo; o < hi; o++)
            buf[o - off] = pattern(o);
        any |= lo < hi;
    }
    return any;
}

static bool overlaps(const struct content *c, uint64_t off, size_t len)
{
    for (size_t i = 0; i < c->npages; i++) {
        uint64_t lo = c->pages[i] * PAGE;
        if (lo < off + len && lo + PAGE > off && lo < c->size)
            return true;
    }
    return false;
}

static int fill_cb(void *arg, uint64_t off, uint8_t *buf, size_t len, char *err)
{
    const struct content *c = arg;
    if (c->fail_at && off == c->fail_at)
        return err_set(err, "test fill: no data at offset %llu", (unsigned long long)off);
    if (!overlaps(c, off, len) && !c->zero_as_data)
        return 0;
    gen(c, off, buf, len);
    return 1;
}

static uint64_t expected_pages(const struct content *c)
{
    uint64_t n = 0;
    for (size_t i = 0; i < c->npages; i++)
        n += c->pages[i] * PAGE < c->size;
    return n;
}

/* Reads path back as gem5 does (gzread, 16384 bytes at a time) and compares. */
static void assert_gzread_equals(const char *path, const struct content *c)
{
    static uint8_t got[16384], want[16384];
    gzFile g = gzopen(path, "rb");
    assert_non_null(g);
    uint64_t off = 0;
    int n;
    while ((n = gzread(g, got, sizeof got)) > 0) {
        gen(c, off, want, (size_t)n);
        assert_memory_equal(got, want, (size_t)n);
        off += (uint64_t)n;
    }
    assert_int_equal(n, 0);
    int zerr;
    gzerror(g, &zerr);
    assert_int_equal(zerr, Z_OK);   /* not even the lenient "unexpected end of file" */
    assert_int_equal(gzclose(g), Z_OK);
    assert_int_equal(off, c->size);
}

/* What gem5's serializeStore writes: gzopen "wb", one gzwrite, gzclose. */
static void gzwrite_file(const char *path, const void *data, size_t len)
{
    gzFile g = gzopen(path, "wb");
    assert_non_null(g);
    if (len > 0)
        assert_int_equal(gzwrite(g, data, (unsigned)len), (int)len);
    assert_int_equal(gzclose(g), Z_OK);
}

static void gzwrite_content(const char *path, const struct content *c)
{
    uint8_t *data = malloc(c->size ? c->size : 1);
    assert_non_null(data);
    gen(c, 0, data, c->size);
    gzwrite_file(path, data, c->size);
    free(data);
}

static void scan_ok(const char *path, struct store_scan *s)
{
    char err[ERR_LEN] = "";
    int rc = store_scan(path, s, NULL, NULL, err);
    if (rc != 0)
        fail_msg("store_scan failed: %s", err);
}

static void scan_fails(const char *path, char *err)
{
    struct store_scan s;
    assert_int_equal(store_scan(path, &s, NULL, NULL, err), -1);
    assert_non_null(strstr(err, path));
}

/* ---- scanning real gem5 stores ---- */

struct progress_log {
    unsigned calls;
    uint64_t last, total;
    bool backwards;
    unsigned cancel_after;   /* cancel on this call; 0 for never */
};

static int progress_cb(void *arg, uint64_t done, uint64_t total)
{
    struct progress_log *p = arg;
    p->backwards |= done < p->last || done > total;
    p->last = done;
    p->total = total;
    return ++p->calls == p->cancel_after;
}

static void check_fixture(const char *name, uint64_t range_size)
{
    char path[4096], err[ERR_LEN] = "";
    fixture_path(path, name);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    struct store_scan s;
    struct progress_log p = { 0 };
    if (store_scan(path, &s, progress_cb, &p, err) != 0)
        fail_msg("%s", err);
    assert_int_equal(s.file_bytes, st.st_size);
    assert_int_equal(s.decoded_bytes, range_size);
    assert_int_equal(s.members, 1);
    assert_false(s.raw);
    assert_false(s.trailing_garbage);
    /* 105 counted independently with Python's gzip module: the written blocks run from
     * 0x100000 to the page at 0x168000 */
    assert_int_equal(s.nonzero_pages, 105);
    assert_true(p.calls > 0);
    assert_false(p.backwards);
    assert_int_equal(p.total, st.st_size);
}

static void test_scan_fixture_store0(void **state)
{
    (void)state;
    check_fixture("system.physmem.store0.pmem", 536870912);
}

static void test_scan_fixture_store1(void **state)
{
    (void)state;
    check_fixture("system.physmem.store1.pmem", 268435456);
}

static void test_scan_cancel(void **state)
{
    (void)state;
    char path[4096], err[ERR_LEN] = "";
    fixture_path(path, "system.physmem.store1.pmem");
    struct store_scan s;
    struct progress_log p = { .cancel_after = 1 };
    assert_int_equal(store_scan(path, &s, progress_cb, &p, err), -1);
    assert_non_null(strstr(err, "scan cancelled"));
    assert_non_null(strstr(err, path));
    assert_int_equal(p.calls, 1);
}

static void test_scan_missing_file(void **state)
{
    char path[4096], err[ERR_LEN] = "";
    join(path, *state, "no-such.pmem");
    scan_fails(path, err);
}

/* ---- damaged gzip files ---- */

/* Copies the real store0 to out, cut to `keep` bytes (0: whole). */
static void copy_fixture(const char *out, size_t keep)
{
    char path[4096], *data;
    size_t len;
    fixture_path(path, "system.physmem.store0.pmem");
    get_file(path, &data, &len);
    put_file(out, data, keep ? keep : len);
    free(data);
}

static void test_scan_truncated(void **state)
{
    char path[4096], err[ERR_LEN] = "";
    join(path, *state, "half.pmem");
    char src[4096];
    fixture_path(src, "system.physmem.store0.pmem");
    struct stat st;
    assert_int_equal(stat(src, &st), 0);
    size_t half = (size_t)st.st_size / 2;
    copy_fixture(path, half);
    scan_fails(path, err);
    assert_non_null(strstr(err, "truncated"));
    assert_non_null(strstr(err, "member 1"));
    char at[64];
    snprintf(at, sizeof at, "offset %zu ", half);
    assert_non_null(strstr(err, at));
}

static void flip_byte(const char *path, long at)
{
    char *data;
    size_t len;
    get_file(path, &data, &len);
    data[at < 0 ? (long)len + at : at] ^= (char)0xff;
    put_file(path, data, len);
    free(data);
}

static void test_scan_corrupt_middle(void **state)
{
    char path[4096], err[ERR_LEN] = "";
    join(path, *state, "corrupt.pmem");
    copy_fixture(path, 0);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    flip_byte(path, (long)st.st_size / 2);
    scan_fails(path, err);
    assert_non_null(strstr(err, "gzip member 1 is corrupt at compressed offset"));
}

static void test_scan_corrupt_trailer(void **state)
{
    char path[4096], err[ERR_LEN] = "", at[64];
    join(path, *state, "crc.pmem");
    copy_fixture(path, 0);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    flip_byte(path, -8);   /* the CRC-32 field */
    scan_fails(path, err);
    assert_non_null(strstr(err, "CRC-32 does not match"));
    snprintf(at, sizeof at, "compressed offset %lld ", (long long)st.st_size - 8);
    assert_non_null(strstr(err, at));

    flip_byte(path, -8);
    flip_byte(path, -4);   /* the ISIZE field */
    scan_fails(path, err);
    assert_non_null(strstr(err, "incorrect length check"));
    snprintf(at, sizeof at, "compressed offset %lld ", (long long)st.st_size - 4);
    assert_non_null(strstr(err, at));
}

/* ---- concatenated members, raw files, trailing garbage ---- */

static void cat_files(const char *out, const char *a, const char *b, const void *tail,
                      size_t tail_len)
{
    char *da, *db;
    size_t la, lb;
    get_file(a, &da, &la);
    get_file(b, &db, &lb);
    FILE *f = fopen(out, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(da, 1, la, f), la);
    assert_int_equal(fwrite(db, 1, lb, f), lb);
    if (tail_len)
        assert_int_equal(fwrite(tail, 1, tail_len, f), tail_len);
    assert_int_equal(fclose(f), 0);
    free(da);
    free(db);
}

/* Two gzwrite members: 6000 bytes with a mark in page 0, then 10000 bytes with a mark at
 * stream offset 9000 (page 2); page 1 straddles the boundary and is zero. */
static void make_two_members(const char *dir, char *out, const void *tail, size_t tail_len)
{
    static uint8_t a[6000], b[10000];
    char pa[4096], pb[4096];
    a[4000] = 7;
    b[3000] = 9;
    join(pa, dir, "a.gz");
    join(pb, dir, "b.gz");
    gzwrite_file(pa, a, sizeof a);
    gzwrite_file(pb, b, sizeof b);
    cat_files(out, pa, pb, tail, tail_len);
    unlink(pa);
    unlink(pb);
}

static void test_scan_concatenated(void **state)
{
    char path[4096];
    join(path, *state, "two.pmem");
    make_two_members(*state, path, NULL, 0);
    struct store_scan s;
    scan_ok(path, &s);
    assert_int_equal(s.members, 2);
    assert_int_equal(s.decoded_bytes, 16000);
    assert_int_equal(s.nonzero_pages, 2);
    assert_false(s.raw);
    assert_false(s.trailing_garbage);
}

static void test_scan_second_member_corrupt(void **state)
{
    char path[4096], err[ERR_LEN] = "";
    join(path, *state, "two-bad.pmem");
    make_two_members(*state, path, NULL, 0);
    flip_byte(path, -8);
    scan_fails(path, err);
    assert_non_null(strstr(err, "gzip member 2 is corrupt"));
    assert_non_null(strstr(err, "CRC"));
}

static void test_scan_trailing_garbage(void **state)
{
    char path[4096];
    join(path, *state, "garbage.pmem");
    const char junk[] = "not a gzip member\n";
    make_two_members(*state, path, junk, sizeof junk - 1);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    struct store_scan s;
    scan_ok(path, &s);
    assert_int_equal(s.members, 2);
    assert_int_equal(s.decoded_bytes, 16000);
    assert_true(s.trailing_garbage);
    assert_int_equal(s.garbage_offset, (uint64_t)st.st_size - (sizeof junk - 1));

    /* zlib agrees: it returns the members' bytes and reports nothing */
    static uint8_t buf[16384];
    gzFile g = gzopen(path, "rb");
    assert_non_null(g);
    assert_int_equal(gzread(g, buf, sizeof buf), 16000);
    assert_int_equal(gzread(g, buf, sizeof buf), 0);
    assert_int_equal(gzclose(g), Z_OK);
}

static void test_scan_single_byte_garbage(void **state)
{
    /* one 0x1f is not the two-byte magic: gzread ignores it */
    char path[4096];
    join(path, *state, "garbage1.pmem");
    make_two_members(*state, path, "\x1f", 1);
    struct store_scan s;
    scan_ok(path, &s);
    assert_int_equal(s.members, 2);
    assert_true(s.trailing_garbage);
    assert_int_equal(s.garbage_offset, s.file_bytes - 1);
}

static void test_scan_raw(void **state)
{
    char path[4096];
    join(path, *state, "raw.pmem");
    static uint8_t data[3 * 4096 + 8];
    data[4096 + 17] = 1;
    data[3 * 4096 + 7] = 2;   /* the partial last page counts */
    put_file(path, data, sizeof data);
    struct store_scan s;
    scan_ok(path, &s);
    assert_true(s.raw);
    assert_int_equal(s.members, 0);
    assert_int_equal(s.decoded_bytes, sizeof data);
    assert_int_equal(s.file_bytes, sizeof data);
    assert_int_equal(s.nonzero_pages, 2);
    assert_false(s.trailing_garbage);

    /* 1f alone is not the magic either */
    data[0] = 0x1f;
    put_file(path, data, sizeof data);
    scan_ok(path, &s);
    assert_true(s.raw);
    assert_int_equal(s.nonzero_pages, 3);
}

static void test_scan_empty(void **state)
{
    char path[4096];
    join(path, *state, "empty.pmem");
    put_file(path, "", 0);
    struct store_scan s;
    scan_ok(path, &s);
    assert_true(s.raw);
    assert_int_equal(s.members, 0);
    assert_int_equal(s.decoded_bytes, 0);
    assert_int_equal(s.nonzero_pages, 0);
}

/* ---- writing ---- */

static void write_ok(const char *path, const struct content *c, enum store_gz_mode mode)
{
    char err[ERR_LEN] = "";
    if (store_write(path, c->size, fill_cb, (void *)c, mode, err) != 0)
        fail_msg("store_write failed: %s", err);
}

static void assert_same_file(const char *a, const char *b)
{
    char *da, *db;
    size_t la, lb;
    get_file(a, &da, &la);
    get_file(b, &db, &lb);
    assert_int_equal(la, lb);
    assert_memory_equal(da, db, la);
    free(da);
    free(db);
}

static void assert_gem5_header(const char *path)
{
    static const uint8_t want[10] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3 };
    char *data;
    size_t len;
    get_file(path, &data, &len);
    assert_true(len >= 20);
    assert_memory_equal(data, want, sizeof want);
    free(data);
}

static const uint64_t some_pages[] = { 0, 3, 255, 256, 300, 512, 767, 768, 769 };

static void test_exact_matches_gzwrite(void **state)
{
    const uint64_t sizes[] = { 0, 8, MiB - 8, MiB, 3 * MiB + 4096 };
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        struct content c = { sizes[i], some_pages, 9, false, 0 };
        char ours[4096], ref[4096];
        join(ours, *state, "exact.pmem");
        join(ref, *state, "gzwrite.pmem");
        write_ok(ours, &c, STORE_GZ_EXACT);
        gzwrite_content(ref, &c);
        assert_same_file(ours, ref);
        assert_gem5_header(ours);
    }
}

static void check_fast(const char *dir, const struct content *c)
{
    char path[4096];
    join(path, dir, "fast.pmem");
    write_ok(path, c, STORE_GZ_FAST);
    assert_gem5_header(path);
    assert_gzread_equals(path, c);
    struct store_scan s;
    scan_ok(path, &s);
    assert_int_equal(s.members, 1);
    assert_int_equal(s.decoded_bytes, c->size);
    assert_int_equal(s.nonzero_pages, expected_pages(c));
    assert_false(s.trailing_garbage);
    assert_int_equal(dir_entries(dir), 1);   /* no temp file left over */
}

static void test_fast_reads_back(void **state)
{
    const uint64_t sizes[] = { 0, 8, MiB - 8, MiB, 3 * MiB + 4096 };
    static const uint64_t tail_page[] = { 768 };   /* only the short last chunk has data */
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        struct content c = { sizes[i], some_pages, 9, false, 0 };
        check_fast(*state, &c);
        c.npages = 0;
        check_fast(*state, &c);
        c.pages = tail_page;
        c.npages = 1;
        check_fast(*state, &c);
    }
}

/* A zero chunk handed back as data gets the same bytes as one reported as zero. */
static void test_fast_zero_data_same_bytes(void **state)
{
    struct content c = { 3 * MiB + 4096, some_pages, 3, false, 0 };
    char a[4096], b[4096];
    join(a, *state, "a.pmem");
    join(b, *state, "b.pmem");
    write_ok(a, &c, STORE_GZ_FAST);
    c.zero_as_data = true;
    write_ok(b, &c, STORE_GZ_FAST);
    assert_same_file(a, b);
}

static void test_fast_3gib(void **state)
{
    static const uint64_t pages[] = {
        0, 1000, GiB / PAGE - 1, GiB / PAGE, 2 * GiB / PAGE + 5, 3 * GiB / PAGE - 1,
    };
    struct content c = { 3 * GiB, pages, 6, false, 0 };
    char path[4096], err[ERR_LEN] = "";
    join(path, *state, "big.pmem");
    double t0 = now();
    if (store_write(path, c.size, fill_cb, &c, STORE_GZ_FAST, err) != 0)
        fail_msg("%s", err);
    double t1 = now();
    struct store_scan s;
    scan_ok(path, &s);
    double t2 = now();
    print_message("3 GiB FAST store: %llu bytes on disk, written in %.3f s, scanned in %.2f s\n",
                  (unsigned long long)s.file_bytes, t1 - t0, t2 - t1);
    assert_int_equal(s.decoded_bytes, c.size);
    assert_int_equal(s.members, 1);
    assert_int_equal(s.nonzero_pages, 6);
    assert_true(s.file_bytes < 8 * MiB);

    /* spot-check the pages through gzseek/gzread, then the exact end */
    static uint8_t got[PAGE], want[PAGE];
    gzFile g = gzopen(path, "rb");
    assert_non_null(g);
    for (size_t i = 0; i < 6; i++) {
        assert_int_equal(gzseek(g, (z_off_t)(pages[i] * PAGE), SEEK_SET), pages[i] * PAGE);
        assert_int_equal(gzread(g, got, PAGE), PAGE);
        gen(&c, pages[i] * PAGE, want, PAGE);
        assert_memory_equal(got, want, PAGE);
    }
    assert_int_equal(gzread(g, got, PAGE), 0);
    int zerr;
    gzerror(g, &zerr);
    assert_int_equal(zerr, Z_OK);
    assert_int_equal(gzclose(g), Z_OK);
}

static void test_write_refuses_unaligned(void **state)
{
    char path[4096], err[ERR_LEN] = "";
    join(path, *state, "odd.pmem");
    struct content c = { 12, NULL, 0, false, 0 };
    assert_int_equal(store_write(path, 12, fill_cb, &c, STORE_GZ_FAST, err), -1);
    assert_non_null(strstr(err, "multiple of 8"));
    assert_non_null(strstr(err, path));
    assert_int_equal(dir_entries(*state), 0);
}

static void test_fill_error_leaves_nothing(void **state)
{
    char path[4096], err[ERR_LEN] = "";
    join(path, *state, "fail.pmem");
    struct content c = { 3 * MiB, some_pages, 9, false, 2 * MiB };
    for (int mode = STORE_GZ_EXACT; mode <= STORE_GZ_FAST; mode++) {
        assert_int_equal(store_write(path, c.size, fill_cb, &c, mode, err), -1);
        assert_string_equal(err, "test fill: no data at offset 2097152");
        assert_int_equal(dir_entries(*state), 0);
    }
    /* an existing store survives a failed rewrite untouched */
    struct content good = { MiB, some_pages, 2, false, 0 };
    write_ok(path, &good, STORE_GZ_FAST);
    assert_int_equal(store_write(path, c.size, fill_cb, &c, STORE_GZ_FAST, err), -1);
    assert_int_equal(dir_entries(*state), 1);
    assert_gzread_equals(path, &good);
}

static void test_path_with_spaces_and_quotes(void **state)
{
    char dir[4096], path[4096], cut[4096], err[ERR_LEN] = "";
    join(dir, *state, "my \"gem5\" run's cpt");
    assert_int_equal(mkdir(dir, 0755), 0);
    join(path, dir, "store 0 'x' \"y\".pmem");
    struct content c = { 2 * MiB, some_pages, 4, false, 0 };
    write_ok(path, &c, STORE_GZ_FAST);
    assert_gzread_equals(path, &c);
    struct store_scan s;
    scan_ok(path, &s);
    assert_int_equal(s.decoded_bytes, 2 * MiB);

    char *data;
    size_t len;
    get_file(path, &data, &len);
    join(cut, dir, "cut 'short' \"file\".pmem");
    put_file(cut, data, len - 3);
    free(data);
    scan_fails(cut, err);
    assert_non_null(strstr(err, "truncated"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scan_fixture_store0),
        cmocka_unit_test(test_scan_fixture_store1),
        cmocka_unit_test(test_scan_cancel),
        cmocka_unit_test_setup_teardown(test_scan_missing_file, make_dir, drop_dir),
        cmocka_unit_test_setup_teardown(test_scan_truncated, make_dir, drop_dir),
        cmocka_unit_test_setup_teardown(test_scan_corrupt_middle, make_dir, drop_dir),
        cmocka_unit_test_setup_teardown(test_scan_corrupt_trailer, make_dir, drop_dir),
        cmocka_unit_test_setup_teardown(test_scan_concatenated, make_dir, drop_dir),
        cmocka_unit_test_setup_teardown(test_scan_second_member_corrupt, make_dir, drop_dir),
        cmocka_unit_test_setup_teardown(test_scan_trailing_garbage, make_dir, drop_dir),
        cmocka_unit_test_setup_teardown(test_scan_single_byte_garbage, make_dir, drop_dir),
        cmocka_unit_test_setup_teardown(test_scan_raw, make_dir, drop_dir),
        cmocka_unit_test_setup_teardown(test_scan_empty, make_dir, drop_dir),
        cmocka_unit_test_setup_teardown(test_exact_matches_gzwrite, make_dir, drop_dir),
        cmocka_unit_test_setup_teardown(test_fast_reads_back, make_dir, drop_dir),
        cmocka_unit_test_setup_teardown(test_fast_zero_data_same_bytes, make_dir, drop_dir),
        cmocka_unit_test_setup_teardown(test_fast_3gib, make_dir, drop_dir),
        cmocka_unit_test_setup_teardown(test_write_refuses_unaligned, make_dir, drop_dir),
        cmocka_unit_test_setup_teardown(test_fill_error_leaves_nothing, make_dir, drop_dir),
        cmocka_unit_test_setup_teardown(test_path_with_spaces_and_quotes, make_dir, drop_dir),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* core/checkpoint/store_io tests: exporting a store as a raw image (sparse, refusing to
 * overwrite without force, backup with it) and importing one back (size checks, range_size
 * with set_size, backups, cancel leaves everything as it was), in folders with odd names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/checkpoint/cpt.h"
#include "core/checkpoint/sample.h"
#include "core/checkpoint/store_io.h"
#include "core/util/err.h"
#include "core/util/fileio.h"
#include "tests/support/testutil.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MiB (1ULL << 20)
#define ODD "run 'one' \"two\""


struct fx {
    char *tmp;              /* the temp folder (removed at the end) */
    char run[1024], cpt[1100], raw[1100];
};

/* A sample run (64 MiB local and remote) in a folder whose name has blanks and quotes. */
static int setup_fx(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    char err[ERR_LEN];
    f->tmp = strdup(tu_tmpdir());
    snprintf(f->run, sizeof f->run, "%s/%s", f->tmp, ODD);
    snprintf(f->cpt, sizeof f->cpt, "%s/checkpoint", f->run);
    snprintf(f->raw, sizeof f->raw, "%s/image 'x' \"y\".raw", f->tmp);
    struct sample_opts o = SAMPLE_OPTS_INIT;
    o.local_size = 64 * MiB;
    o.remote_size = 64 * MiB;
    if (sample_write(f->run, &o, err) != 0)
        fail_msg("%s", err);
    *state = f;
    return 0;
}

static int teardown_fx(void **state)
{
    struct fx *f = *state;
    tu_rmtree(f->tmp);
    free(f->tmp);
    free(f);
    return 0;
}

static void expect_err(int rc, const char *err, const char *text)
{
    assert_int_equal(rc, -1);
    if (!strstr(err, text))
        fail_msg("error '%s' does not say '%s'", err, text);
}

static uint64_t file_size(const char *path)
{
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    return (uint64_t)st.st_size;
}

static int exists(const char *path)
{
    return access(path, F_OK) == 0;
}

static void backup_of(const char *path, char *buf, size_t len)
{
    file_backup_path(path, buf, len);
}

static void read_store(const char *cpt, size_t store, uint64_t off, void *buf, size_t len)
{
    struct ckpt *ck;
    struct ckpt_loc loc;
    char err[ERR_LEN];
    if (ckpt_open(cpt, NULL, &ck, err) != 0 ||
        ckpt_mem_read(ck, (long)store, off, buf, len, &loc, err) != 0)
        fail_msg("%s", err);
    ckpt_close(ck);
}

static void pwrite_ok(const char *path, uint64_t off, const void *buf, size_t len)
{
    int fd = open(path, O_WRONLY);
    assert_true(fd >= 0);
    assert_int_equal(pwrite(fd, buf, len, (off_t)off), (ssize_t)len);
    close(fd);
}

static uint64_t range_size(const char *cpt, unsigned n)
{
    struct ckpt *ck;
    char err[ERR_LEN];
    if (ckpt_open(cpt, NULL, &ck, err) != 0)
        fail_msg("%s", err);
    uint64_t v = ck->stores[n].range_size;
    ckpt_close(ck);
    return v;
}

/* Records the steps reported; cancels after `cancel_after` calls when set. */
struct steps {
    int decoding, writing, importing, calls, cancel_after;
};

static int on_step(void *arg, const char *step, uint64_t done, uint64_t total)
{
    struct steps *s = arg;
    assert_true(done <= total);
    s->decoding += !strcmp(step, "decoding");
    s->writing += !strcmp(step, "writing");
    s->importing += !strcmp(step, "importing");
    return s->cancel_after && ++s->calls >= s->cancel_after;
}

static void test_export_sparse_and_exact(void **state)
{
    struct fx *f = *state;
    struct store_io_result r;
    struct steps s = { 0 };
    struct ckpt_progress pr = { on_step, &s };
    char err[ERR_LEN];
    int rc = store_io_export(f->cpt, NULL, 8, f->raw, false, &pr, &r, err);
    if (rc != 0)
        fail_msg("%s", err);
    assert_int_equal(r.bytes, 64 * MiB);
    assert_int_equal(file_size(f->raw), 64 * MiB);
    assert_true(r.nonzero_pages > 0);
    assert_int_equal(r.bytes_written, r.nonzero_pages * 4096);
    assert_false(r.replaced);
    assert_true(s.decoding > 0 && s.writing > 0);
    struct stat st;
    assert_int_equal(stat(f->raw, &st), 0);
    assert_true((uint64_t)st.st_blocks * 512 < 8 * MiB);   /* zero pages are holes */
    /* the file holds what the store decodes to, where the sample put data */
    uint8_t want[4096], got[4096];
    read_store(f->cpt, 8, 0, want, sizeof want);
    int fd = open(f->raw, O_RDONLY);
    assert_int_equal(pread(fd, got, sizeof got, 0), (ssize_t)sizeof got);
    close(fd);
    assert_memory_equal(want, got, sizeof got);
}

static void test_export_refuses_existing(void **state)
{
    struct fx *f = *state;
    struct store_io_result r;
    char err[ERR_LEN], bak[4200];
    tu_write(f->tmp, "image 'x' \"y\".raw", "keep me");
    int rc = store_io_export(f->cpt, NULL, 8, f->raw, false, NULL, &r, err);
    expect_err(rc, err, "already exists");
    expect_err(rc, err, f->raw);
    assert_int_equal(file_size(f->raw), 7);
    /* force replaces it and keeps the original */
    rc = store_io_export(f->cpt, NULL, 8, f->raw, true, NULL, &r, err);
    if (rc != 0)
        fail_msg("%s", err);
    assert_true(r.replaced);
    backup_of(f->raw, bak, sizeof bak);
    assert_string_equal(r.backup, bak);
    assert_int_equal(file_size(bak), 7);
    assert_int_equal(file_size(f->raw), 64 * MiB);
    /* nonsense targets and stores */
    expect_err(store_io_export(f->cpt, NULL, 8, f->tmp, true, NULL, &r, err), err, "folder");
    expect_err(store_io_export(f->cpt, NULL, 99, f->raw, true, NULL, &r, err), err, "store99");
}

static void export_ok(struct fx *f, unsigned n)
{
    struct store_io_result r;
    char err[ERR_LEN];
    if (store_io_export(f->cpt, NULL, n, f->raw, true, NULL, &r, err) != 0)
        fail_msg("%s", err);
}

static void test_import_round_trip(void **state)
{
    struct fx *f = *state;
    struct store_io_result r;
    struct steps s = { 0 };
    struct ckpt_progress pr = { on_step, &s };
    char err[ERR_LEN], bak[4200], cpt_bak[4200], m5[4200];
    export_ok(f, 8);
    pwrite_ok(f->raw, 0x1234, "\xde\xad\xbe\xef", 4);
    pwrite_ok(f->raw, 40 * MiB + 8, "hello", 5);
    int rc = store_io_import(f->cpt, NULL, 8, f->raw, false, &pr, &r, err);
    if (rc != 0)
        fail_msg("%s", err);
    assert_true(s.importing > 0);
    assert_false(r.cpt_changed);
    assert_int_equal(r.chunks, 64 * MiB / PMEM_CHUNK);
    assert_true(r.zero_chunks > 0 && r.zero_chunks < r.chunks);
    assert_int_equal(r.old_size, 64 * MiB);
    assert_int_equal(r.new_size, 64 * MiB);
    /* a gzip file as gzread reads it: one member per chunk, the full size */
    struct store_scan sc;
    if (store_scan(r.store_path, &sc, NULL, NULL, err) != 0)
        fail_msg("%s", err);
    assert_false(sc.raw);
    assert_int_equal(sc.members, r.chunks);
    assert_int_equal(sc.decoded_bytes, 64 * MiB);
    assert_int_equal(sc.file_bytes, r.bytes_written);
    uint8_t buf[5];
    read_store(f->cpt, 8, 0x1234, buf, 4);
    assert_memory_equal(buf, "\xde\xad\xbe\xef", 4);
    read_store(f->cpt, 8, 40 * MiB + 8, buf, 5);
    assert_memory_equal(buf, "hello", 5);
    /* the original store is kept; m5.cpt was not touched */
    backup_of(r.store_path, bak, sizeof bak);
    assert_true(exists(bak));
    snprintf(m5, sizeof m5, "%s/m5.cpt", f->cpt);
    backup_of(m5, cpt_bak, sizeof cpt_bak);
    assert_false(exists(cpt_bak));
    /* what was imported is what exports again */
    struct store_io_result r2;
    char again[4200];
    snprintf(again, sizeof again, "%s/again.raw", f->tmp);
    if (store_io_export(f->cpt, NULL, 8, again, false, NULL, &r2, err) != 0)
        fail_msg("%s", err);
    assert_int_equal(r2.bytes, 64 * MiB);
    assert_int_equal(r2.nonzero_pages, r.nonzero_pages);
}

static void test_import_wrong_size(void **state)
{
    struct fx *f = *state;
    struct store_io_result r;
    char err[ERR_LEN], bak[4200], store[4200];
    export_ok(f, 8);
    assert_int_equal(truncate(f->raw, (off_t)(64 * MiB + 4096)), 0);
    int rc = store_io_import(f->cpt, NULL, 8, f->raw, false, NULL, &r, err);
    expect_err(rc, err, f->raw);
    expect_err(rc, err, "67112960 bytes");     /* the file's size */
    expect_err(rc, err, "67108864");           /* and range_size */
    snprintf(store, sizeof store, "%s/board.physmem.store8.pmem", f->cpt);
    backup_of(store, bak, sizeof bak);
    assert_false(exists(bak));                 /* nothing was changed */
    /* not a multiple of 8, even with set_size */
    assert_int_equal(truncate(f->raw, (off_t)(64 * MiB + 3)), 0);
    rc = store_io_import(f->cpt, NULL, 8, f->raw, true, NULL, &r, err);
    expect_err(rc, err, "multiple of 8");
    /* a missing file */
    rc = store_io_import(f->cpt, NULL, 8, "/nonexistent/raw image", false, NULL, &r, err);
    expect_err(rc, err, "/nonexistent/raw image");
    /* a store file instead of a raw image */
    rc = store_io_import(f->cpt, NULL, 8, store, true, NULL, &r, err);
    expect_err(rc, err, "gzip");
}

static void test_import_set_size(void **state)
{
    struct fx *f = *state;
    struct store_io_result r;
    char err[ERR_LEN], m5[4200], cpt_bak[4200];
    export_ok(f, 8);
    assert_int_equal(truncate(f->raw, (off_t)(72 * MiB)), 0);
    pwrite_ok(f->raw, 70 * MiB, "tail", 4);
    int rc = store_io_import(f->cpt, NULL, 8, f->raw, true, NULL, &r, err);
    if (rc != 0)
        fail_msg("%s", err);
    assert_true(r.cpt_changed);
    assert_int_equal(r.old_size, 64 * MiB);
    assert_int_equal(r.new_size, 72 * MiB);
    assert_int_equal(range_size(f->cpt, 8), 72 * MiB);
    assert_non_null(strstr(r.warning, "Memory range size has changed"));
    snprintf(m5, sizeof m5, "%s/m5.cpt", f->cpt);
    backup_of(m5, cpt_bak, sizeof cpt_bak);
    assert_true(exists(cpt_bak));
    uint8_t buf[4];
    read_store(f->cpt, 8, 70 * MiB, buf, 4);
    assert_memory_equal(buf, "tail", 4);
}

static void test_import_sparse_file(void **state)
{
    struct fx *f = *state;
    struct store_io_result r;
    char err[ERR_LEN];
    /* store1 (boot memory, 64 MiB): an image that is all hole but one page */
    int fd = open(f->raw, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, (off_t)(64 * MiB)), 0);
    close(fd);
    pwrite_ok(f->raw, 5 * MiB, "boot", 4);
    int rc = store_io_import(f->cpt, NULL, 1, f->raw, false, NULL, &r, err);
    if (rc != 0)
        fail_msg("%s", err);
    assert_int_equal(r.nonzero_pages, 1);
    assert_int_equal(r.zero_chunks, r.chunks - 1);
    uint8_t buf[4];
    read_store(f->cpt, 1, 5 * MiB, buf, 4);
    assert_memory_equal(buf, "boot", 4);
    read_store(f->cpt, 1, 0, buf, 4);
    assert_memory_equal(buf, "\0\0\0\0", 4);   /* the sample's data was replaced */
}

static void test_cancel_changes_nothing(void **state)
{
    struct fx *f = *state;
    struct store_io_result r;
    struct steps s = { .cancel_after = 2 };
    struct ckpt_progress pr = { on_step, &s };
    char err[ERR_LEN], store[4200], bak[4200], other[4200];
    export_ok(f, 8);
    pwrite_ok(f->raw, 0, "x", 1);
    int rc = store_io_import(f->cpt, NULL, 8, f->raw, false, &pr, &r, err);
    expect_err(rc, err, "cancelled");
    snprintf(store, sizeof store, "%s/board.physmem.store8.pmem", f->cpt);
    backup_of(store, bak, sizeof bak);
    assert_false(exists(bak));
    /* an export cancelled while writing leaves no file */
    snprintf(other, sizeof other, "%s/cancelled.raw", f->tmp);
    s = (struct steps){ .cancel_after = 1 };
    rc = store_io_export(f->cpt, NULL, 8, other, false, &pr, &r, err);
    expect_err(rc, err, "cancelled");
    assert_false(exists(other));
}

#define FX_TEST(fn) cmocka_unit_test_setup_teardown(fn, setup_fx, teardown_fx)

int main(void)
{
    const struct CMUnitTest tests[] = {
        FX_TEST(test_export_sparse_and_exact),
        FX_TEST(test_export_refuses_existing),
        FX_TEST(test_import_round_trip),
        FX_TEST(test_import_wrong_size),
        FX_TEST(test_import_set_size),
        FX_TEST(test_import_sparse_file),
        FX_TEST(test_cancel_changes_nothing),
    };
    return cmocka_run_group_tests_name("store_io", tests, tu_cache_setup, tu_cache_teardown);
}

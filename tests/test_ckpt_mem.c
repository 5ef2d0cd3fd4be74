/* core/checkpoint/ckpt_mem tests: locating ranges by physical address (and the nearest
 * store when none holds it), reads and writes, replace-store, resize-store, drop-backup
 * and finishing an interrupted commit, on fixture-writer layouts and the real gem5 run. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/checkpoint/ckpt_mem.h"
#include "core/checkpoint/cpt.h"
#include "core/util/err.h"
#include "core/util/fileio.h"
#include "core/util/txn.h"
#include "tests/support/fixture.h"
#include "tests/support/testutil.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define MiB (1ULL << 20)
#define GiB (1ULL << 30)


static struct ckpt *open_ok(const char *dir)
{
    char err[ERR_LEN];
    struct ckpt *ck = NULL;
    if (ckpt_open(dir, NULL, &ck, err) != 0)
        fail_msg("%s", err);
    return ck;
}

/* A fixture-writer run folder in a new temp folder; the checkpoint path goes to cpt. */
static char *make_fixture(enum fixture_layout l, uint64_t local, uint64_t remote, char *cpt,
                          size_t len)
{
    char err[ERR_LEN];
    char *tmp = tu_tmpdir();
    assert_non_null(tmp);
    if (fixture_write(tmp, l, local, remote, STORE_GZ_FAST, cpt, len, err) != 0)
        fail_msg("%s", err);
    return tmp;
}

static void expect_err(int rc, const char *err, const char *text)
{
    assert_int_equal(rc, -1);
    if (!strstr(err, text))
        fail_msg("error '%s' does not say '%s'", err, text);
}

static char *slurp(const char *dir, const char *name, size_t *len)
{
    char path[4096], err[ERR_LEN], *data = NULL;
    size_t n = 0;
    assert_int_equal(path_join(path, sizeof path, dir, name), 0);
    if (file_read_all(path, 1u << 30, &data, &n, err) != 0)
        fail_msg("%s", err);
    if (len)
        *len = n;
    return data;
}

static int exists(const char *dir, const char *name)
{
    char path[4096];
    return path_join(path, sizeof path, dir, name) == 0 && access(path, F_OK) == 0;
}

static int count_backups(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    int n = 0;
    while (d && (de = readdir(d)) != NULL)
        n += strstr(de->d_name, FILE_BACKUP_SUFFIX) != NULL;
    if (d)
        closedir(d);
    return n;
}

/* ---- locate ---- */

static void test_locate_sst_board(void **state)
{
    (void)state;
    char cpt[4096], err[ERR_LEN];
    char *tmp = make_fixture(FX_SST, 64 * MiB, 64 * MiB, cpt, sizeof cpt);
    struct ckpt *ck = open_ok(cpt);
    struct ckpt_loc loc;
    assert_int_equal(ckpt_mem_locate(ck, CKPT_BY_ADDR, 0x80000010, 16, &loc, err), 0);
    assert_int_equal(loc.store, 8);
    assert_int_equal(loc.offset, 0x10);
    assert_true(loc.have_addr);
    assert_string_equal(loc.memory, "board.local_memory");
    /* the SST bridge: not in the address map, still store0 at 4 GiB */
    assert_int_equal(ckpt_mem_locate(ck, CKPT_BY_ADDR, 4 * GiB + 0x100, 8, &loc, err), 0);
    assert_int_equal(loc.store, 0);
    assert_int_equal(loc.offset, 0x100);
    /* outside every store: the nearest store, with the distance */
    expect_err(ckpt_mem_locate(ck, CKPT_BY_ADDR, 0x7ffffff0, 4, &loc, err), err,
               "the nearest is store8 = board.local_memory (0x80000000-0x83ffffff), 0x10 "
               "bytes (16 B) below its start");
    expect_err(ckpt_mem_locate(ck, CKPT_BY_ADDR, 0x40000000, 4, &loc, err), err,
               "nearest is store7 = board.realview.non_trusted_sram");
    assert_non_null(strstr(err, "above its last byte"));
    /* a range must lie in one store */
    expect_err(ckpt_mem_locate(ck, CKPT_BY_ADDR, 0x83fffff0, 32, &loc, err), err,
               "run 0x10 bytes past its end");
    /* --store semantics: an offset, checked against range_size */
    assert_int_equal(ckpt_mem_locate(ck, 8, 0x3fffff0, 16, &loc, err), 0);
    assert_int_equal(loc.addr, 0x83fffff0);
    expect_err(ckpt_mem_locate(ck, 8, 0x3fffff0, 17, &loc, err), err, "store8 is 64 MiB");
    expect_err(ckpt_mem_locate(ck, 9, 0, 1, &loc, err), err, "there is no store9");
    expect_err(ckpt_mem_locate(ck, 8, 0, 0, &loc, err), err, "length 0");
    char text[256];
    ckpt_mem_locate(ck, CKPT_BY_ADDR, 0x80001000, 1, &loc, err);
    assert_string_equal(ckpt_loc_text(&loc, text, sizeof text),
                        "0x80001000 (store8+0x1000, board.local_memory)");
    ckpt_close(ck);
    tu_rmtree(tmp);
}

static void test_locate_without_config(void **state)
{
    (void)state;
    char cpt[4096], err[ERR_LEN];
    char *tmp = make_fixture(FX_NO_CONFIG, 64 * MiB, 64 * MiB, cpt, sizeof cpt);
    struct ckpt *ck = open_ok(cpt);
    struct ckpt_loc loc;
    expect_err(ckpt_mem_locate(ck, CKPT_BY_ADDR, 0x80000000, 1, &loc, err), err,
               "address map of");
    assert_int_equal(ckpt_mem_locate(ck, 8, 0x10, 4, &loc, err), 0);
    assert_false(loc.have_addr);
    char text[256];
    assert_string_equal(ckpt_loc_text(&loc, text, sizeof text), "store8+0x10");
    uint8_t buf[14];
    assert_int_equal(ckpt_mem_read(ck, 8, 0, buf, sizeof buf, &loc, err), 0);
    assert_memory_equal(buf, "gem5wb sample:", 14);
    ckpt_close(ck);
    tu_rmtree(tmp);
}

/* The real gem5 run: copied, since the shared fixture is read-only. */
static char *copy_real(char *cpt, size_t len)
{
    char *tmp = tu_tmpdir(), cmd[8192];
    snprintf(cmd, sizeof cmd, "cp -r '%s' '%s/run' && chmod -R u+w '%s/run'",
             tu_shared("fixtures/gem5-run/m5out-take"), tmp, tmp);
    assert_int_equal(system(cmd), 0);
    snprintf(cpt, len, "%s/run/cpt", tmp);
    return tmp;
}

static void test_real_checkpoint_read_write(void **state)
{
    (void)state;
    char cpt[4096], err[ERR_LEN];
    char *tmp = copy_real(cpt, sizeof cpt);
    struct ckpt *ck = open_ok(cpt);
    struct ckpt_loc loc;
    assert_int_equal(ckpt_mem_locate(ck, CKPT_BY_ADDR, 4 * GiB + 0x40, 8, &loc, err), 0);
    assert_int_equal(loc.store, 1);
    assert_string_equal(loc.memory, "system.remote_mem");
    expect_err(ckpt_mem_locate(ck, CKPT_BY_ADDR, 512 * MiB, 8, &loc, err), err,
               "nearest is store0 = system.local_mem (0x0-0x1fffffff), 0x1 bytes");
    struct ckpt_write_result res;
    const char *text = "gem5wb was here";
    assert_int_equal(ckpt_mem_write(ck, CKPT_BY_ADDR, 4 * GiB + 0x1000, text, strlen(text),
                                    NULL, &res, err), 0);
    assert_true(res.committed);
    assert_int_equal(res.changed, strlen(text));
    assert_int_equal(res.first_changed, 0x1000);
    assert_true(res.stats.chunks == 64 && res.stats.encoded >= 1);
    assert_true(exists(cpt, "system.physmem.store1.pmem.gem5wb-backup"));
    /* the same bytes again: nothing to commit */
    assert_int_equal(ckpt_mem_write(ck, 1, 0x1000, text, strlen(text), NULL, &res, err), 0);
    assert_false(res.committed);
    assert_int_equal(res.changed, 0);
    ckpt_close(ck);
    ck = open_ok(cpt);
    char back[32] = "";
    assert_int_equal(ckpt_mem_read(ck, CKPT_BY_ADDR, 4 * GiB + 0x1000, back, strlen(text),
                                   &loc, err), 0);
    assert_memory_equal(back, text, strlen(text));
    assert_int_equal(ckpt_verify(ck, NULL, NULL, err), 0);
    assert_int_equal(ckpt_error_count(ck), 0);
    assert_int_equal(ck->stores[1].scan.decoded_bytes, 256 * MiB);
    ckpt_close(ck);
    tu_rmtree(tmp);
}

/* ---- replace-store ---- */

static void test_replace_store(void **state)
{
    (void)state;
    char a[4096], b[4096], err[ERR_LEN];
    char *ta = make_fixture(FX_SST, 64 * MiB, 64 * MiB, a, sizeof a);
    char *tb = make_fixture(FX_SST, 64 * MiB, 128 * MiB, b, sizeof b);
    struct ckpt_edit_result res;
    size_t n0, n1;
    char *cpt_before = slurp(a, "m5.cpt", &n0);
    /* sizes differ: refused, nothing changed */
    expect_err(ckpt_replace_store(a, NULL, 0, b, 0, false, NULL, &res, err), err,
               "Memory range size has changed!");
    assert_non_null(strstr(err, "board.physmem.store0.pmem decodes to 134217728 bytes"));
    char *cpt_now = slurp(a, "m5.cpt", &n1);
    assert_true(n0 == n1 && !memcmp(cpt_before, cpt_now, n0));
    free(cpt_now);
    assert_int_equal(count_backups(a), 0);
    /* --set-size: store and range_size together, with the config's objection */
    assert_int_equal(ckpt_replace_store(a, NULL, 0, b, 0, true, NULL, &res, err), 0);
    assert_true(res.cpt_changed);
    assert_int_equal(res.old_size, 64 * MiB);
    assert_int_equal(res.new_size, 128 * MiB);
    assert_non_null(strstr(res.warning, "Memory range size has changed! Saw 134217728, "
                                        "expected 67108864"));
    assert_true(exists(a, "m5.cpt.gem5wb-backup"));
    assert_true(exists(a, "board.physmem.store0.pmem.gem5wb-backup"));
    struct ckpt *ck = open_ok(a);
    assert_int_equal(ck->stores[0].range_size, 128 * MiB);
    assert_int_equal(ckpt_verify(ck, NULL, NULL, err), 0);
    assert_int_equal(ck->stores[0].scan.decoded_bytes, 128 * MiB);
    ckpt_close(ck);
    /* only that line of m5.cpt changed */
    char *bak = slurp(a, "m5.cpt.gem5wb-backup", NULL);
    assert_true(n0 == strlen(bak) && !memcmp(cpt_before, bak, n0));
    free(bak);
    free(cpt_before);
    tu_rmtree(ta);
    tu_rmtree(tb);
}

static void test_replace_other_store_and_filename(void **state)
{
    (void)state;
    char a[4096], b[4096], err[ERR_LEN], path[4200], to[4200];
    char *ta = make_fixture(FX_SST, 64 * MiB, 64 * MiB, a, sizeof a);
    char *tb = make_fixture(FX_SST, 64 * MiB, 64 * MiB, b, sizeof b);
    struct ckpt_edit_result res;
    /* store8 of b (local, 64 MiB) over store1 of a (bootmem, 64 MiB): sizes agree */
    assert_int_equal(ckpt_replace_store(a, NULL, 1, b, 8, false, NULL, &res, err), 0);
    assert_false(res.cpt_changed);
    struct ckpt *ck = open_ok(a);
    uint8_t buf[64];
    struct ckpt_loc loc;
    assert_int_equal(ckpt_mem_read(ck, CKPT_BY_ADDR, 0x0, buf, sizeof buf, &loc, err), 0);
    assert_non_null(memmem(buf, sizeof buf, "store8", 6));   /* b's store8 page */
    /* a filename key that is not gem5's: the copy goes under gem5's name, the key follows */
    struct cpt *c = cpt_load(ck->cpt_path, err);
    assert_int_equal(cpt_set(c, "board.physmem.store3", "filename", "custom.pmem", err), 0);
    assert_int_equal(cpt_save(c, ck->cpt_path, err), 0);
    cpt_free(c);
    snprintf(path, sizeof path, "%s/board.physmem.store3.pmem", a);
    snprintf(to, sizeof to, "%s/custom.pmem", a);
    assert_int_equal(rename(path, to), 0);
    ckpt_close(ck);
    assert_int_equal(ckpt_replace_store(a, NULL, 3, b, 3, false, NULL, &res, err), 0);
    assert_string_equal(res.old_filename, "custom.pmem");
    assert_true(res.cpt_changed);
    ck = open_ok(a);
    assert_string_equal(ck->stores[3].filename, "board.physmem.store3.pmem");
    assert_int_equal(ckpt_error_count(ck), 0);
    ckpt_close(ck);
    /* onto itself, a missing source store, a corrupt source */
    expect_err(ckpt_replace_store(a, NULL, 2, a, 2, false, NULL, &res, err), err, "onto itself");
    expect_err(ckpt_replace_store(a, NULL, 2, b, 42, false, NULL, &res, err), err,
               "no store42");
    snprintf(path, sizeof path, "%s/board.physmem.store4.pmem", b);
    FILE *f = fopen(path, "r+b");
    assert_non_null(f);
    fseek(f, 1000, SEEK_SET);
    fputs("\x13\x37\x13\x37", f);
    fclose(f);
    expect_err(ckpt_replace_store(a, NULL, 4, b, 4, false, NULL, &res, err), err, path);
    tu_rmtree(ta);
    tu_rmtree(tb);
}

/* ---- resize-store ---- */

static void test_resize_store(void **state)
{
    (void)state;
    char a[4096], err[ERR_LEN];
    char *ta = make_fixture(FX_SST, 64 * MiB, 64 * MiB, a, sizeof a);
    struct ckpt_edit_result res;
    expect_err(ckpt_resize_store(a, NULL, 8, 100, false, NULL, &res, err), err,
               "multiple of 8");
    expect_err(ckpt_resize_store(a, NULL, 8, 0, false, NULL, &res, err), err, "multiple of 8");
    expect_err(ckpt_resize_store(a, NULL, 12, 64 * MiB, false, NULL, &res, err), err,
               "no store12");
    /* the size it has: nothing written */
    assert_int_equal(ckpt_resize_store(a, NULL, 8, 64 * MiB, false, NULL, &res, err), 0);
    assert_true(res.unchanged);
    assert_int_equal(count_backups(a), 0);
    /* grow: zeros added, data kept, range_size follows, the config objects */
    assert_int_equal(ckpt_resize_store(a, NULL, 8, 128 * MiB, false, NULL, &res, err), 0);
    assert_true(res.cpt_changed);
    assert_int_equal(res.old_size, 64 * MiB);
    assert_non_null(strstr(res.warning, "Saw 134217728, expected 67108864"));
    struct ckpt *ck = open_ok(a);
    assert_int_equal(ck->stores[8].range_size, 128 * MiB);
    assert_int_equal(ckpt_verify(ck, NULL, NULL, err), 0);
    assert_int_equal(ck->stores[8].scan.decoded_bytes, 128 * MiB);
    uint8_t buf[16];
    struct ckpt_loc loc;
    assert_int_equal(ckpt_mem_read(ck, 8, 0, buf, 14, &loc, err), 0);
    assert_memory_equal(buf, "gem5wb sample:", 14);
    ckpt_close(ck);
    /* shrink past the page at 32 MiB: refused without force, nothing changed */
    size_t n0, n1;
    char *before = slurp(a, "board.physmem.store8.pmem", &n0);
    expect_err(ckpt_resize_store(a, NULL, 8, 32 * MiB, false, NULL, &res, err), err,
               "would drop");
    assert_non_null(strstr(err, "non-zero bytes"));
    char *now = slurp(a, "board.physmem.store8.pmem", &n1);
    assert_true(n0 == n1 && !memcmp(before, now, n0));
    free(before);
    free(now);
    assert_int_equal(ckpt_resize_store(a, NULL, 8, 32 * MiB, true, NULL, &res, err), 0);
    assert_true(res.dropped_nonzero > 0);
    ck = open_ok(a);
    assert_int_equal(ck->stores[8].range_size, 32 * MiB);
    assert_int_equal(ckpt_verify(ck, NULL, NULL, err), 0);
    assert_int_equal(ck->stores[8].scan.decoded_bytes, 32 * MiB);
    ckpt_close(ck);
    /* back to the config's size: no warning */
    assert_int_equal(ckpt_resize_store(a, NULL, 8, 64 * MiB, false, NULL, &res, err), 0);
    assert_string_equal(res.warning, "");
    tu_rmtree(ta);
}

/* A store shorter than its range_size (gem5 would pad it silently) is not written to;
 * resize-store to the same size mends it, and then writes go through. */
static void test_write_refuses_wrong_size(void **state)
{
    (void)state;
    char a[4096], path[4200], err[ERR_LEN];
    char *ta = make_fixture(FX_GEM5, 64 * MiB, 64 * MiB, a, sizeof a);
    snprintf(path, sizeof path, "%s/board.physmem.store8.pmem", a);
    gzFile g = gzopen(path, "wb");
    static const uint8_t page[4096] = { 7 };
    gzwrite(g, page, sizeof page);
    gzclose(g);
    size_t n0, n1;
    char *before = slurp(a, "board.physmem.store8.pmem", &n0);
    struct ckpt *ck = open_ok(a);
    struct ckpt_write_result wr;
    expect_err(ckpt_mem_write(ck, 8, 16, "hi", 2, NULL, &wr, err), err,
               "decodes to 4096 bytes but range_size in m5.cpt is 67108864");
    assert_non_null(strstr(err, "resize-store"));
    ckpt_close(ck);
    char *now = slurp(a, "board.physmem.store8.pmem", &n1);
    assert_true(n0 == n1 && !memcmp(before, now, n0));
    assert_int_equal(count_backups(a), 0);
    struct ckpt_edit_result res;
    assert_int_equal(ckpt_resize_store(a, NULL, 8, 64 * MiB, false, NULL, &res, err), 0);
    ck = open_ok(a);
    assert_int_equal(ckpt_mem_write(ck, 8, 16, "hi", 2, NULL, &wr, err), 0);
    uint8_t buf[2];
    struct ckpt_loc loc;
    assert_int_equal(ckpt_mem_read(ck, 8, 0, buf, 1, &loc, err), 0);
    assert_int_equal(buf[0], 7);
    ckpt_close(ck);
    free(before);
    free(now);
    tu_rmtree(ta);
}

/* ---- drop-backup ---- */

static void test_drop_backup(void **state)
{
    (void)state;
    char a[4096], err[ERR_LEN];
    char *ta = make_fixture(FX_SST, 64 * MiB, 64 * MiB, a, sizeof a);
    struct ckpt_edit_result res;
    uint64_t files, bytes;
    assert_int_equal(ckpt_drop_backups(a, NULL, NULL, &files, &bytes, err), 0);
    assert_int_equal(files, 0);
    assert_int_equal(ckpt_resize_store(a, NULL, 8, 128 * MiB, false, NULL, &res, err), 0);
    assert_int_equal(count_backups(a), 2);
    assert_int_equal(ckpt_drop_backups(a, NULL, NULL, &files, &bytes, err), 0);
    assert_int_equal(files, 2);
    assert_true(bytes > 0);
    assert_int_equal(count_backups(a), 0);
    struct ckpt *ck = open_ok(a);   /* the checkpoint itself is untouched */
    assert_int_equal(ck->stores[8].range_size, 128 * MiB);
    ckpt_close(ck);
    expect_err(ckpt_drop_backups("/nonexistent/gem5wb", NULL, NULL, &files, &bytes, err), err,
               "/nonexistent/gem5wb");
    tu_rmtree(ta);
}

/* ---- recovery ---- */

static void test_open_finishes_interrupted_commit(void **state)
{
    (void)state;
    char a[4096], err[ERR_LEN], path[4200];
    char *ta = make_fixture(FX_SST, 64 * MiB, 64 * MiB, a, sizeof a);
    /* what a gem5wb killed after its commit point leaves: the journal and a temp */
    struct cpt *c = cpt_load(strcat(strcpy(path, a), "/m5.cpt"), err);
    assert_non_null(c);
    assert_int_equal(cpt_set(c, "root.globals", "curTick", "4242", err), 0);
    char *data;
    size_t len;
    assert_int_equal(cpt_write_buffer(c, &data, &len, err), 0);
    cpt_free(c);
    snprintf(path, sizeof path, "%s/" TXN_TMP_PREFIX "m5.cpt", a);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fwrite(data, 1, len, f);
    fclose(f);
    free(data);
    tu_write(a, TXN_JOURNAL, TXN_JOURNAL_HEADER "\nm5.cpt\nend 1\n");
    struct ckpt *ck = open_ok(a);
    assert_int_equal(ck->tick, 4242);
    int warned = 0;
    for (size_t i = 0; i < ck->nproblems; i++)
        warned |= ck->problems[i].sev == CKPT_WARNING &&
                  strstr(ck->problems[i].text, "an interrupted gem5wb commit was completed");
    assert_true(warned);
    ckpt_close(ck);
    assert_false(exists(a, TXN_JOURNAL));
    assert_false(exists(a, TXN_TMP_PREFIX "m5.cpt"));
    ck = open_ok(a);   /* nothing left to finish: no warning */
    assert_int_equal(ck->nproblems, 0);
    ckpt_close(ck);
    tu_rmtree(ta);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_locate_sst_board),
        cmocka_unit_test(test_locate_without_config),
        cmocka_unit_test(test_real_checkpoint_read_write),
        cmocka_unit_test(test_replace_store),
        cmocka_unit_test(test_replace_other_store_and_filename),
        cmocka_unit_test(test_resize_store),
        cmocka_unit_test(test_write_refuses_wrong_size),
        cmocka_unit_test(test_drop_backup),
        cmocka_unit_test(test_open_finishes_interrupted_commit),
    };
    return cmocka_run_group_tests_name("ckpt_mem", tests, tu_cache_setup, tu_cache_teardown);
}

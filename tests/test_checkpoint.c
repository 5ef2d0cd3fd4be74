/* Checkpoint tests: the real gem5 checkpoint in shared/fixtures and fixture-writer
 * layouts of the darchr boards, opened, mapped and verified. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/checkpoint/checkpoint.h"
#include "core/checkpoint/cpt.h"
#include "core/util/err.h"
#include "tests/support/fixture.h"
#include "tests/support/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define GiB (1ULL << 30)
#define MiB (1ULL << 20)

static struct ckpt *open_ok(const char *dir, const char *config)
{
    char err[ERR_LEN];
    struct ckpt *ck = NULL;
    if (ckpt_open(dir, config, &ck, err) != 0)
        fail_msg("%s", err);
    return ck;
}

static int has_problem(const struct ckpt *ck, const char *text)
{
    for (size_t i = 0; i < ck->nproblems; i++)
        if (strstr(ck->problems[i].text, text))
            return 1;
    return 0;
}

static void expect_store(const struct ckpt *ck, size_t i, uint64_t start, uint64_t size,
                         const char *memory, enum mm_role role)
{
    const struct ckpt_store *s = &ck->stores[i];
    assert_true(s->map_index >= 0);
    const struct mm_store *m = &ck->map.stores[s->map_index];
    assert_int_equal(m->start, start);
    assert_int_equal(m->end - m->start, size);
    assert_int_equal(s->range_size, size);
    assert_string_equal(m->name, memory);
    assert_int_equal(m->role, role);
}

/* Real gem5 output: two SimpleMemories, the second at 4 GiB. */
static void test_real_gem5_checkpoint(void **state)
{
    (void)state;
    const char *dir = tu_shared("fixtures/gem5-run/m5out-take/cpt");
    struct ckpt *ck = open_ok(dir, NULL);
    assert_true(ck->map.known);
    assert_non_null(strstr(ck->map.config_file, "config.json"));
    assert_string_equal(ck->system, "system");
    assert_int_equal(ck->tick, 100751000);
    assert_int_equal(ck->ntags, 28);
    assert_int_equal(ck->nstores, 2);
    expect_store(ck, 0, 0, 512 * MiB, "system.local_mem", MM_ROLE_LOCAL);
    expect_store(ck, 1, 4 * GiB, 256 * MiB, "system.remote_mem", MM_ROLE_REMOTE);
    assert_int_equal(ckpt_error_count(ck), 0);
    char err[ERR_LEN];
    assert_int_equal(ckpt_verify(ck, NULL, NULL, err), 0);
    assert_int_equal(ckpt_error_count(ck), 0);
    assert_true(ck->stores[0].scanned);
    assert_int_equal(ck->stores[0].scan.decoded_bytes, 512 * MiB);
    assert_int_equal(ck->stores[1].scan.decoded_bytes, 256 * MiB);
    assert_true(ck->stores[1].scan.nonzero_pages > 0);
    ckpt_close(ck);
    /* the same through config.ini, given explicitly */
    ck = open_ok(dir, tu_shared("fixtures/gem5-run/m5out-take/config.ini"));
    expect_store(ck, 1, 4 * GiB, 256 * MiB, "system.remote_mem", MM_ROLE_REMOTE);
    ckpt_close(ck);
}

static struct ckpt *fixture(enum fixture_layout l, uint64_t local, uint64_t remote, char **tmp)
{
    char err[ERR_LEN], cptdir[4096];
    *tmp = tu_tmpdir();
    if (fixture_write(*tmp, l, local, remote, STORE_GZ_FAST, cptdir, sizeof cptdir, err) != 0)
        fail_msg("%s", err);
    return open_ok(cptdir, NULL);
}

static const struct { uint64_t start, size; const char *name; } realview[] = {
    {0x0, 64 * MiB, "board.realview.bootmem"},
    {0x04000000, 256 * 1024, "board.realview.trusted_sram"},
    {0x06000000, 32 * MiB, "board.realview.trusted_dram"},
    {0x08000000, 64 * MiB, "board.realview.flash0"},
    {0x0C000000, 64 * MiB, "board.realview.flash1"},
    {0x18000000, 32 * MiB, "board.realview.vram"},
    {0x2E000000, 32 * 1024, "board.realview.non_trusted_sram"},
};

static void expect_realview(const struct ckpt *ck, size_t first)
{
    for (size_t i = 0; i < 7; i++)
        expect_store(ck, first + i, realview[i].start, realview[i].size, realview[i].name,
                     MM_ROLE_PLATFORM);
}

/* ArmSstDMBoard: the bridge is outside the address map, so it is store0. */
static void test_darchr_sst_board(void **state)
{
    (void)state;
    char *tmp;
    struct ckpt *ck = fixture(FX_SST, 2 * GiB, 2 * GiB, &tmp);
    assert_int_equal(ck->nstores, 9);
    expect_store(ck, 0, 4 * GiB, 2 * GiB, "board.remote_memory", MM_ROLE_REMOTE);
    assert_false(ck->map.stores[0].in_addr_map);
    expect_realview(ck, 1);
    expect_store(ck, 8, 2 * GiB, 2 * GiB, "board.local_memory", MM_ROLE_LOCAL);
    assert_string_equal(ck->isa, "arm");
    assert_int_equal(ck->ncpus, 4);
    assert_string_equal(ck->cpus[0].type, "ArmKvmCPU");
    assert_true(ck->cpus[0].have_pc && ck->cpus[0].aarch64);
    assert_int_equal(ckpt_error_count(ck), 0);
    ckpt_close(ck);
    tu_rmtree(tmp);
}

/* ArmGem5DMBoard: the remote memory is two interleaved channels at 4 GiB, the last store. */
static void test_darchr_gem5_board(void **state)
{
    (void)state;
    char *tmp;
    struct ckpt *ck = fixture(FX_GEM5, 2 * GiB, 2 * GiB, &tmp);
    assert_int_equal(ck->nstores, 9);
    expect_realview(ck, 0);
    expect_store(ck, 7, 2 * GiB, 2 * GiB, "board.local_memory", MM_ROLE_LOCAL);
    expect_store(ck, 8, 4 * GiB, 2 * GiB, "board.remote_memory", MM_ROLE_REMOTE);
    assert_int_equal(ck->map.stores[8].nmems, 2);
    assert_int_equal(ckpt_error_count(ck), 0);
    ckpt_close(ck);
    tu_rmtree(tmp);
}

static void test_tip_external_memory(void **state)
{
    (void)state;
    char *tmp;
    struct ckpt *ck = fixture(FX_SST_V2, 2 * GiB, 2 * GiB, &tmp);
    /* A plain range gets its store at once, before the interleaved local channels seen
     * earlier are merged: the remote memory is store7 and local DRAM store8. */
    expect_realview(ck, 0);
    expect_store(ck, 7, 4 * GiB, 2 * GiB, "board.remote_memory.outgoing_request_bridge",
                 MM_ROLE_REMOTE);
    assert_true(ck->map.stores[7].in_addr_map);
    expect_store(ck, 8, 2 * GiB, 2 * GiB, "board.local_memory", MM_ROLE_LOCAL);
    ckpt_close(ck);
    tu_rmtree(tmp);
}

static void test_classic_names(void **state)
{
    (void)state;
    char *tmp;
    struct ckpt *ck = fixture(FX_CLASSIC, 2 * GiB, 2 * GiB, &tmp);
    assert_string_equal(ck->system, "system");
    assert_int_equal(ck->nstores, 2);
    /* the plain remote range gets its store before the interleaved local channels */
    expect_store(ck, 0, 4 * GiB, 2 * GiB, "system.remote_mem", MM_ROLE_REMOTE);
    expect_store(ck, 1, 0, 2 * GiB, "system.mem_ctrls", MM_ROLE_LOCAL);
    assert_string_equal(ck->isa, "x86");
    assert_string_equal(ck->cpus[0].section, "system.cpu");
    ckpt_close(ck);
    tu_rmtree(tmp);
}

static void test_old_globals_and_inclusive_ends(void **state)
{
    (void)state;
    char *tmp;
    struct ckpt *ck = fixture(FX_OLD_GLOBALS, 256 * MiB, 256 * MiB, &tmp);
    assert_string_equal(ck->globals, "Globals");
    assert_true(ck->have_tick);
    assert_int_equal(ck->tick, 1000003933750ULL);
    assert_true(has_problem(ck, "old versioning scheme"));
    assert_int_equal(ckpt_error_count(ck), 0);
    ckpt_close(ck);
    tu_rmtree(tmp);
    ck = fixture(FX_INCLUSIVE, 2 * GiB, 2 * GiB, &tmp);
    assert_non_null(strstr(ck->map.config_file, "config.ini"));
    expect_store(ck, 0, 4 * GiB, 2 * GiB, "board.remote_memory", MM_ROLE_REMOTE);
    expect_store(ck, 8, 2 * GiB, 2 * GiB, "board.local_memory", MM_ROLE_LOCAL);
    assert_true(ck->map.mems[0].range.inclusive_end);
    assert_int_equal(ckpt_error_count(ck), 0);
    ckpt_close(ck);
    tu_rmtree(tmp);
}

static void test_missing_stores_and_no_config(void **state)
{
    (void)state;
    char *tmp, err[ERR_LEN];
    struct ckpt *ck = fixture(FX_MISSING_STORES, 256 * MiB, 256 * MiB, &tmp);
    assert_int_equal(ck->nstores, 9);
    assert_false(ck->stores[0].file_exists);
    assert_true(has_problem(ck, "board.physmem.store0.pmem is missing"));
    assert_true(has_problem(ck, "board.physmem.store8.pmem is missing"));
    assert_int_equal(ckpt_verify(ck, NULL, NULL, err), 0);
    assert_int_equal(ckpt_error_count(ck), 2);
    ckpt_close(ck);
    tu_rmtree(tmp);
    ck = fixture(FX_NO_CONFIG, 256 * MiB, 256 * MiB, &tmp);
    assert_false(ck->map.known);
    assert_int_equal(ck->nstores, 9);
    assert_int_equal(ck->stores[0].range_size, 256 * MiB);
    assert_int_equal(ck->stores[0].map_index, -1);
    assert_true(has_problem(ck, "address ranges are unknown"));
    ckpt_close(ck);
    tu_rmtree(tmp);
}

/* A range_size that no longer matches the config: gem5's own refusal, with the memory. */
static void test_size_mismatch_in_gem5_words(void **state)
{
    (void)state;
    char *tmp, err[ERR_LEN], path[4096];
    struct ckpt *ck = fixture(FX_SST, 256 * MiB, 256 * MiB, &tmp);
    snprintf(path, sizeof path, "%s", ck->cpt_path);
    ckpt_close(ck);
    struct cpt *c = cpt_load(path, err);
    assert_non_null(c);
    assert_int_equal(cpt_set(c, "board.physmem.store0", "range_size", "134217728", err), 0);
    assert_int_equal(cpt_save(c, path, err), 0);
    cpt_free(c);
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/checkpoint", tmp);
    ck = open_ok(dir, NULL);
    assert_true(has_problem(ck, "Memory range size has changed! Saw 134217728, expected "
                                "268435456 ([board.physmem.store0], memory board.remote_memory"));
    ckpt_close(ck);
    tu_rmtree(tmp);
}

static void test_verify_finds_damage(void **state)
{
    (void)state;
    char *tmp, err[ERR_LEN], path[4096];
    struct ckpt *ck = fixture(FX_GEM5, 64 * MiB, 64 * MiB, &tmp);
    snprintf(path, sizeof path, "%s", ck->stores[8].file_path);
    ckpt_close(ck);
    FILE *f = fopen(path, "r+");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    assert_int_equal(ftruncate(fileno(f), len / 2), 0);
    fclose(f);
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/checkpoint", tmp);
    ck = open_ok(dir, NULL);
    assert_int_equal(ckpt_verify(ck, NULL, NULL, err), 0);
    assert_int_equal(ckpt_error_count(ck), 1);
    assert_true(has_problem(ck, "board.physmem.store8.pmem"));
    assert_true(has_problem(ck, "truncated"));
    ckpt_close(ck);
    tu_rmtree(tmp);
}

/* Every layout's m5.cpt (and config.ini), and the real one, write back byte for byte. */
static void round_trip(const char *path)
{
    char err[ERR_LEN], *data, *out;
    size_t len, outlen;
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    len = (size_t)ftell(f);
    rewind(f);
    data = malloc(len);
    assert_int_equal(fread(data, 1, len, f), len);
    fclose(f);
    struct cpt *c = cpt_parse(path, data, len, err);
    if (!c)
        fail_msg("%s", err);
    assert_int_equal(cpt_write_buffer(c, &out, &outlen, err), 0);
    assert_int_equal(outlen, len);
    assert_memory_equal(out, data, len);
    free(out);
    free(data);
    cpt_free(c);
}

static void test_round_trip_every_fixture(void **state)
{
    (void)state;
    round_trip(tu_shared("fixtures/gem5-run/m5out-take/cpt/m5.cpt"));
    round_trip(tu_shared("fixtures/gem5-run/m5out-take/config.ini"));
    round_trip(tu_shared("fixtures/gem5-run/m5out-restore/config.ini"));
    for (int l = 0; l < FX_LAYOUT_COUNT; l++) {
        char *tmp = tu_tmpdir(), err[ERR_LEN], cptdir[4096], path[4200];
        if (fixture_write(tmp, (enum fixture_layout)l, 64 * MiB, 64 * MiB, STORE_GZ_FAST,
                          cptdir, sizeof cptdir, err) != 0)
            fail_msg("%s", err);
        snprintf(path, sizeof path, "%s/m5.cpt", cptdir);
        round_trip(path);
        snprintf(path, sizeof path, "%s/config.ini", tmp);
        if (access(path, F_OK) == 0)
            round_trip(path);
        tu_rmtree(tmp);
    }
}

/* Files gem5 would misread are errors for verify, with the file and line. */
static void test_crlf_and_cut_off_m5cpt(void **state)
{
    (void)state;
    char *tmp = tu_tmpdir();
    tu_write(tmp, "m5.cpt", "[root]\r\nFullSystem=true\r\n\r\n[root.globals]\r\ncurTick=5\r\n");
    struct ckpt *ck = open_ok(tmp, NULL);
    assert_true(has_problem(ck, "m5.cpt:1: the line ends are CRLF"));
    assert_true(ckpt_error_count(ck) >= 1);
    ckpt_close(ck);
    tu_write(tmp, "m5.cpt", "[root.globals]\ncurTick=5\n\n[system.physmem]\nnbr_of_stores=0");
    ck = open_ok(tmp, NULL);
    assert_true(has_problem(ck, "m5.cpt:5: the last line has no newline"));
    assert_int_equal(ck->tick, 5);
    assert_int_equal(ckpt_error_count(ck), 1);
    ckpt_close(ck);
    tu_rmtree(tmp);
}

static void test_open_errors(void **state)
{
    (void)state;
    char err[ERR_LEN];
    struct ckpt *ck;
    assert_int_equal(ckpt_open("/nonexistent/cpt", NULL, &ck, err), -1);
    assert_non_null(strstr(err, "/nonexistent/cpt"));
    char *tmp = tu_tmpdir();
    assert_int_equal(ckpt_open(tmp, NULL, &ck, err), -1);
    assert_non_null(strstr(err, "m5.cpt"));
    tu_write(tmp, "m5.cpt", "[root]\nFullSystem=true\nbroken line\n");
    assert_int_equal(ckpt_open(tmp, NULL, &ck, err), -1);
    assert_non_null(strstr(err, "m5.cpt:3:"));
    tu_rmtree(tmp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_real_gem5_checkpoint),
        cmocka_unit_test(test_darchr_sst_board),
        cmocka_unit_test(test_darchr_gem5_board),
        cmocka_unit_test(test_tip_external_memory),
        cmocka_unit_test(test_classic_names),
        cmocka_unit_test(test_old_globals_and_inclusive_ends),
        cmocka_unit_test(test_missing_stores_and_no_config),
        cmocka_unit_test(test_size_mismatch_in_gem5_words),
        cmocka_unit_test(test_verify_finds_damage),
        cmocka_unit_test(test_round_trip_every_fixture),
        cmocka_unit_test(test_crlf_and_cut_off_m5cpt),
        cmocka_unit_test(test_open_errors),
    };
    return cmocka_run_group_tests_name("checkpoint", tests, NULL, NULL);
}

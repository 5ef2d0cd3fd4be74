/* Memory map tests: gem5's store rules on hand-written configs (ini and JSON), range
 * parsing, address lookups both ways, and the problems gem5 itself would refuse. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/checkpoint/memmap.h"
#include "core/checkpoint/runcfg.h"
#include "core/util/err.h"

#include <string.h>

#define GiB (1ULL << 30)

static struct runcfg *cfg_from(const char *text)
{
    char err[ERR_LEN];
    struct runcfg *cfg = runcfg_parse("test.ini", text, strlen(text), err);
    if (!cfg)
        fail_msg("%s", err);
    return cfg;
}

static void test_parse_range(void **state)
{
    (void)state;
    struct mm_range r;
    char err[ERR_LEN];
    assert_int_equal(memmap_parse_range("0:536870912", &r, err), 0);
    assert_int_equal(r.start, 0);
    assert_int_equal(r.end, 536870912);
    assert_false(r.inclusive_end);
    assert_int_equal(memmap_parse_range("2147483648:4294967296:1:64", &r, err), 0);
    assert_int_equal(r.match, 1);
    assert_int_equal(r.nmasks, 1);
    assert_int_equal(r.masks[0], 64);
    assert_int_equal(memmap_parse_range("0:536870911", &r, err), 0);   /* older gem5 */
    assert_true(r.inclusive_end);
    assert_int_equal(r.end, 536870912);
    const char *bad[] = {"", "12", "a:b", "5:3", "0:10:1", "0:10:x:64", "0:10:", "-1:4"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(memmap_parse_range(bad[i], &r, err), -1);
        assert_non_null(strstr(err, "start:end"));
    }
}

static const char classic_ini[] =
    "[system]\ntype=System\nmemories=system.mem_ctrls0.dram system.mem_ctrls1.dram system.remote_mem\n\n"
    "[system.mem_ctrls0.dram]\ntype=DRAMInterface\nin_addr_map=true\nnull=false\n"
    "range=2147483648:4294967296:0:64\n\n"
    "[system.mem_ctrls1.dram]\ntype=DRAMInterface\nin_addr_map=true\nnull=false\n"
    "range=2147483648:4294967296:1:64\n\n"
    "[system.remote_mem]\ntype=SimpleMemory\nin_addr_map=true\nnull=false\n"
    "range=4294967296:6442450944\n\n";

static void test_interleaved_channels_merge(void **state)
{
    (void)state;
    struct runcfg *cfg = cfg_from(classic_ini);
    struct memmap m;
    char err[ERR_LEN];
    assert_int_equal(memmap_derive(cfg, "system", &m, err), 0);
    /* gem5 creates the plain range's store before it merges the channels seen first */
    assert_int_equal(m.nstores, 2);
    assert_int_equal(m.stores[1].start, 2 * GiB);
    assert_int_equal(m.stores[1].end, 4 * GiB);
    assert_int_equal(m.stores[1].nmems, 2);
    assert_string_equal(m.stores[1].name, "system.mem_ctrls");
    assert_int_equal(m.stores[0].start, 4 * GiB);
    assert_int_equal(m.stores[0].role, MM_ROLE_REMOTE);
    assert_int_equal(m.nproblems, 0);
    size_t store;
    uint64_t off;
    long mem;
    assert_int_equal(memmap_lookup(&m, 2 * GiB + 0x1040, &store, &off, &mem), 0);
    assert_int_equal(store, 1);
    assert_int_equal(off, 0x1040);
    assert_string_equal(m.mems[mem].path, "system.mem_ctrls1.dram");   /* bit 6 set */
    assert_int_equal(memmap_lookup(&m, 2 * GiB + 0x1000, &store, &off, &mem), 0);
    assert_string_equal(m.mems[mem].path, "system.mem_ctrls0.dram");
    assert_int_equal(memmap_lookup(&m, 0x1000, &store, &off, &mem), -1);
    uint64_t addr;
    assert_int_equal(memmap_address(&m, 0, 0x10, &addr), 0);
    assert_int_equal(addr, 4 * GiB + 0x10);
    assert_int_equal(memmap_address(&m, 0, 2 * GiB, &addr), -1);
    assert_int_equal(memmap_address(&m, 2, 0, &addr), -1);
    memmap_free(&m);
    runcfg_free(cfg);
}

/* Unmapped memories come first, null memories get no store, and without a memories
 * param every memory under the system is taken in path order. */
static void test_unmapped_first_null_skipped(void **state)
{
    (void)state;
    struct runcfg *cfg = cfg_from(
        "[board]\ntype=ArmSystem\n\n"
        "[board.a_mem]\ntype=SimpleMemory\nin_addr_map=true\nnull=false\nrange=0:1048576\n\n"
        "[board.b_null]\ntype=SimpleMemory\nin_addr_map=true\nnull=true\nrange=1048576:2097152\n\n"
        "[board.z_bridge]\ntype=OutgoingRequestBridge\nin_addr_map=false\nnull=false\n"
        "range=4294967296:8589934592\n\n"
        "[other.mem]\ntype=SimpleMemory\nin_addr_map=true\nnull=false\nrange=0:4096\n\n");
    struct memmap m;
    char err[ERR_LEN];
    assert_int_equal(memmap_derive(cfg, "board", &m, err), 0);
    assert_int_equal(m.nstores, 2);
    assert_string_equal(m.stores[0].name, "board.z_bridge");
    assert_false(m.stores[0].in_addr_map);
    assert_int_equal(m.stores[0].role, MM_ROLE_REMOTE);
    assert_string_equal(m.stores[1].name, "board.a_mem");
    assert_int_equal(m.mems[1].store, -1);
    size_t store;
    uint64_t off;
    assert_int_equal(memmap_lookup(&m, 4 * GiB + 8, &store, &off, NULL), 0);
    assert_int_equal(store, 0);
    assert_int_equal(off, 8);
    memmap_free(&m);
    runcfg_free(cfg);
}

static void test_problems_in_gem5_words(void **state)
{
    (void)state;
    struct runcfg *cfg = cfg_from(
        "[system]\ntype=System\n\n"
        "[system.m1]\ntype=SimpleMemory\nin_addr_map=true\nnull=false\nrange=0:8192\n\n"
        "[system.m2]\ntype=SimpleMemory\nin_addr_map=true\nnull=false\nrange=4096:16384\n\n"
        "[system.m3]\ntype=SimpleMemory\nin_addr_map=true\nnull=false\nrange=65536:131072:0:64:128\n\n"
        "[system.m4]\ntype=SimpleMemory\nin_addr_map=true\nnull=false\nrange=65536:131072:1:64:128\n\n");
    struct memmap m;
    char err[ERR_LEN];
    assert_int_equal(memmap_derive(cfg, "system", &m, err), 0);
    assert_int_equal(m.nproblems, 2);
    assert_string_equal(m.problems[0], "Memory address range for system.m2 is overlapping");
    assert_non_null(strstr(m.problems[1], "Got 2 ranges spanning 2 interleaving bits"));
    memmap_free(&m);
    runcfg_free(cfg);
}

static void test_json_config_and_missing_system(void **state)
{
    (void)state;
    const char *json =
        "{\"type\":\"Root\",\"path\":\"root\",\"board\":{\"type\":\"ArmSystem\",\"path\":\"board\","
        "\"memories\":[\"board.mem.mem_ctrl0.dram\",\"board.mem.mem_ctrl1.dram\"],"
        "\"mem\":{\"type\":\"SubSystem\",\"path\":\"board.mem\",\"mem_ctrl\":["
        "{\"type\":\"MemCtrl\",\"path\":\"board.mem.mem_ctrl0\",\"dram\":{\"type\":\"DRAMInterface\","
        "\"path\":\"board.mem.mem_ctrl0.dram\",\"in_addr_map\":true,\"null\":false,"
        "\"range\":\"2147483648:4294967296:0:64\"}},"
        "{\"type\":\"MemCtrl\",\"path\":\"board.mem.mem_ctrl1\",\"dram\":{\"type\":\"DRAMInterface\","
        "\"path\":\"board.mem.mem_ctrl1.dram\",\"in_addr_map\":true,\"null\":false,"
        "\"range\":\"2147483648:4294967296:1:64\"}}]}}}";
    char err[ERR_LEN];
    struct runcfg *cfg = runcfg_parse("config.json", json, strlen(json), err);
    assert_non_null(cfg);
    assert_string_equal(runcfg_param(cfg, (size_t)runcfg_find(cfg, "board"), "memories"),
                        "board.mem.mem_ctrl0.dram board.mem.mem_ctrl1.dram");
    struct memmap m;
    assert_int_equal(memmap_derive(cfg, "board", &m, err), 0);
    assert_int_equal(m.nstores, 1);
    assert_string_equal(m.stores[0].name, "board.mem");
    assert_int_equal(m.stores[0].end - m.stores[0].start, 2 * GiB);
    memmap_free(&m);
    assert_int_equal(memmap_derive(cfg, "system", &m, err), -1);
    assert_non_null(strstr(err, "config.json has no object 'system'"));
    runcfg_free(cfg);
    assert_null(runcfg_parse("bad.json", "{\"a\":", 5, err));
    assert_non_null(strstr(err, "bad.json: not valid JSON"));
}

/* Found by fuzz_runcfg: numbers beyond long long (gem5's MaxTick) were cast unchecked. */
static void test_json_huge_numbers(void **state)
{
    (void)state;
    const char *json = "{\"path\":\"a\",\"type\":\"b\",\"x\":18446744073709551615,"
                       "\"y\":-1e300,\"z\":42,\"w\":0.5}";
    char err[ERR_LEN];
    struct runcfg *cfg = runcfg_parse("config.json", json, strlen(json), err);
    assert_non_null(cfg);
    long i = runcfg_find(cfg, "a");
    assert_true(i >= 0);
    assert_string_equal(runcfg_param(cfg, (size_t)i, "x"), "18446744073709551616");
    assert_string_equal(runcfg_param(cfg, (size_t)i, "z"), "42");
    assert_string_equal(runcfg_param(cfg, (size_t)i, "w"), "0.500000");
    assert_non_null(runcfg_param(cfg, (size_t)i, "y"));
    runcfg_free(cfg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_range),
        cmocka_unit_test(test_interleaved_channels_merge),
        cmocka_unit_test(test_unmapped_first_null_skipped),
        cmocka_unit_test(test_problems_in_gem5_words),
        cmocka_unit_test(test_json_config_and_missing_system),
        cmocka_unit_test(test_json_huge_numbers),
    };
    return cmocka_run_group_tests_name("memmap", tests, NULL, NULL);
}

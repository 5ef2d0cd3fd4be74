/* CLI tests: run the gem5wb binary as a user would, check exit codes (0/1/2), the
 * messages, and parse every --json output back with cJSON. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/support/testutil.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Runs gem5wb with up to five words (NULL-padded) and --json, and parses its output. */
static cJSON *run_json5(int expect_code, const char *a0, const char *a1, const char *a2,
                        const char *a3, const char *a4)
{
    char *out, *err;
    const char *w[6] = {a0, a1, a2, a3, a4, NULL};
    int n = 0;
    while (n < 5 && w[n])
        n++;
    w[n] = "--json";
    int code = tu_run(&out, &err, w[0], w[1], w[2], w[3], w[4], w[5], NULL);
    if (code != expect_code)
        fail_msg("exit %d (expected %d): %s %s", code, expect_code, out, err);
    cJSON *doc = cJSON_Parse(out);
    if (!doc)
        fail_msg("not JSON: %s", out);
    free(out);
    free(err);
    return doc;
}

#define run_json(code, a0, a1, a2, a3) run_json5(code, a0, a1, a2, a3, NULL)

static const char *str(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : "";
}

static double num(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!cJSON_IsNumber(v))
        fail_msg("no number '%s'", key);
    return v->valuedouble;
}

static const cJSON *store(const cJSON *doc, int i)
{
    return cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(doc, "stores"), i);
}

static void test_usage_and_help(void **state)
{
    (void)state;
    char *out, *err;
    assert_int_equal(tu_run(&out, &err, "--help", NULL), 0);
    assert_true(tu_contains(out, "cpt info") && tu_contains(out, "cpt sample"));
    free(out), free(err);
    assert_int_equal(tu_run(&out, &err, "cpt", "info", NULL), 2);
    assert_true(tu_contains(err, "missing argument") && tu_contains(err, "usage: gem5wb cpt info"));
    free(out), free(err);
    assert_int_equal(tu_run(&out, &err, "cpt", "frobnicate", NULL), 2);
    assert_true(tu_contains(err, "unknown command"));
    free(out), free(err);
    assert_int_equal(tu_run(&out, &err, "cpt", "verify", "--help", NULL), 0);
    assert_true(tu_contains(out, "example:"));
    free(out), free(err);
    assert_int_equal(tu_run(&out, &err, "cpt", "sample", "/tmp/x", "--local", "2XB", NULL), 2);
    assert_true(tu_contains(err, "--local '2XB' is not a number"));
    free(out), free(err);
    assert_int_equal(tu_run(&out, &err, "cpt", "info", "a", "b", NULL), 2);
    assert_true(tu_contains(err, "unexpected argument 'b'"));
    free(out), free(err);
}

static void test_info_on_real_checkpoint(void **state)
{
    (void)state;
    const char *dir = tu_shared("fixtures/gem5-run/m5out-take/cpt");
    cJSON *doc = run_json(0, "cpt", "info", dir, NULL);
    assert_int_equal(num(doc, "tick"), 100751000);
    assert_int_equal(num(doc, "remote_store"), 1);
    assert_string_equal(str(store(doc, 1), "start"), "0x100000000");
    assert_string_equal(str(store(doc, 1), "end"), "0x110000000");
    assert_string_equal(str(store(doc, 1), "memory"), "system.remote_mem");
    assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(doc, "ok")));
    cJSON_Delete(doc);
    doc = run_json(0, "cpt", "verify", dir, NULL);
    assert_int_equal(num(store(doc, 0), "decoded_bytes"), 536870912);
    cJSON_Delete(doc);
    char *out, *err;
    assert_int_equal(tu_run(&out, &err, "cpt", "info", dir, NULL), 0);
    assert_true(tu_contains(out, "remote memory: store1 = system.remote_mem"));
    assert_true(tu_contains(out, "0x100000000-0x10fffffff"));
    free(out), free(err);
}

/* A sample in a folder whose name has spaces and quotes. */
static char *make_sample(char *tmp, const char *board)
{
    static char outdir[512];
    snprintf(outdir, sizeof outdir, "%s/run with 'quotes' \"and\" spaces", tmp);
    cJSON *doc = run_json5(0, "cpt", "sample", outdir, "--board", board);
    cJSON_Delete(doc);
    static char cpt[600];
    snprintf(cpt, sizeof cpt, "%s/checkpoint", outdir);
    return cpt;
}

static void test_sample_info_verify(void **state)
{
    (void)state;
    char *tmp = tu_tmpdir();
    char *cpt = make_sample(tmp, "sst");
    cJSON *doc = run_json(0, "cpt", "info", cpt, NULL);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(doc, "stores")), 9);
    assert_int_equal(num(doc, "remote_store"), 0);
    assert_string_equal(str(store(doc, 0), "memory"), "board.remote_memory");
    assert_string_equal(str(store(doc, 0), "memory_type"), "OutgoingRequestBridge");
    assert_string_equal(str(store(doc, 8), "start"), "0x80000000");
    assert_string_equal(str(doc, "isa"), "arm");
    cJSON_Delete(doc);
    doc = run_json(0, "cpt", "verify", cpt, NULL);
    assert_true(num(store(doc, 0), "nonzero_pages") >= 2);
    cJSON_Delete(doc);
    char path[800];
    snprintf(path, sizeof path, "%s/board.physmem.store3.pmem", cpt);
    assert_int_equal(unlink(path), 0);
    doc = run_json(1, "cpt", "verify", cpt, NULL);
    assert_false(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(doc, "ok")));
    char *text = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(doc, "problems"));
    assert_true(tu_contains(text, "board.physmem.store3.pmem is missing"));
    free(text);
    cJSON_Delete(doc);
    doc = run_json(0, "cpt", "info", cpt, NULL);   /* info still works */
    cJSON_Delete(doc);
    tu_rmtree(tmp);
}

static int lines_differing(const char *a, const char *b)
{
    int diff = 0;
    while (*a || *b) {
        const char *ea = strchr(a, '\n'), *eb = strchr(b, '\n');
        size_t la = ea ? (size_t)(ea - a) : strlen(a), lb = eb ? (size_t)(eb - b) : strlen(b);
        diff += la != lb || memcmp(a, b, la);
        a += la + (ea != NULL);
        b += lb + (eb != NULL);
    }
    return diff;
}

static char *slurp_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *buf = malloc((size_t)n + 1);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void test_get_set_sections(void **state)
{
    (void)state;
    char *tmp = tu_tmpdir(), *out, *err;
    char *cpt = make_sample(tmp, "gem5");
    assert_int_equal(tu_run(&out, &err, "cpt", "get", cpt, "root.globals", "curTick", NULL), 0);
    assert_string_equal(out, "1000003933750\n");
    free(out), free(err);
    assert_int_equal(tu_run(&out, &err, "cpt", "set", cpt, "root.globals", "curTick", NULL), 2);
    free(out), free(err);
    cJSON *doc;
    assert_int_equal(tu_run(&out, &err, "cpt", "set", cpt, "root.globals", "curTick", "42", NULL), 0);
    assert_true(tu_contains(out, "original kept as"));
    free(out), free(err);
    char m5[800], bak[900];
    snprintf(m5, sizeof m5, "%s/m5.cpt", cpt);
    snprintf(bak, sizeof bak, "%s/m5.cpt.gem5wb-backup", cpt);
    char *now = slurp_file(m5), *before = slurp_file(bak);
    assert_int_equal(lines_differing(now, before), 1);
    free(now), free(before);
    doc = run_json5(0, "cpt", "get", cpt, "root.globals", "curTick");
    assert_string_equal(str(doc, "value"), "42");
    cJSON_Delete(doc);
    doc = run_json(0, "cpt", "sections", cpt, NULL);
    assert_true(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(doc, "sections")) > 20);
    cJSON_Delete(doc);
    assert_int_equal(tu_run(&out, &err, "cpt", "set", cpt, "root.globals", "a=b", "1", NULL), 1);
    assert_true(tu_contains(err, "gem5wb: "));
    free(out), free(err);
    assert_int_equal(tu_run(&out, &err, "cpt", "get", cpt, "no.such", "key", NULL), 1);
    assert_true(tu_contains(err, "no section [no.such]"));
    free(out), free(err);
    tu_rmtree(tmp);
}

static void test_addr(void **state)
{
    (void)state;
    char *tmp = tu_tmpdir();
    char *cpt = make_sample(tmp, "sst");
    cJSON *doc = run_json(0, "cpt", "addr", cpt, "0x100001000");
    assert_int_equal(num(doc, "store"), 0);
    assert_string_equal(str(doc, "offset"), "0x1000");
    assert_false(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(doc, "in_addr_map")));
    cJSON_Delete(doc);
    doc = run_json(0, "cpt", "addr", cpt, "store8+0x40");
    assert_string_equal(str(doc, "address"), "0x80000040");
    assert_string_equal(str(doc, "memory"), "board.local_memory.mem_ctrl1.dram");
    cJSON_Delete(doc);
    doc = run_json(1, "cpt", "addr", cpt, "0x40000000");
    assert_true(tu_contains(str(doc, "error"), "no store"));
    cJSON_Delete(doc);
    tu_rmtree(tmp);
}

/* 16 cores are named cores00..cores15, as gem5 names a vector of 16 children. */
static void test_sample_many_cpus(void **state)
{
    (void)state;
    char *tmp = tu_tmpdir(), out[600], *o, *e;
    snprintf(out, sizeof out, "%s/run", tmp);
    assert_int_equal(tu_run(&o, &e, "cpt", "sample", out, "--cpus", "16", "--local", "64MiB",
                            "--remote", "64MiB", NULL), 0);
    free(o), free(e);
    strcat(out, "/checkpoint");
    cJSON *doc = run_json(0, "cpt", "info", out, NULL);
    const cJSON *cpus = cJSON_GetObjectItemCaseSensitive(doc, "cpus");
    assert_int_equal(cJSON_GetArraySize(cpus), 16);
    assert_string_equal(str(cJSON_GetArrayItem(cpus, 0), "section"), "board.processor.cores00.core");
    assert_string_equal(str(cJSON_GetArrayItem(cpus, 15), "type"), "ArmAtomicSimpleCPU");
    cJSON_Delete(doc);
    tu_rmtree(tmp);
}

static void test_missing_checkpoint(void **state)
{
    (void)state;
    char *tmp = tu_tmpdir(), *out, *err;
    assert_int_equal(tu_run(&out, &err, "cpt", "info", tmp, NULL), 1);
    assert_true(tu_contains(err, "m5.cpt"));
    free(out), free(err);
    tu_rmtree(tmp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_usage_and_help),
        cmocka_unit_test(test_info_on_real_checkpoint),
        cmocka_unit_test(test_sample_info_verify),
        cmocka_unit_test(test_get_set_sections),
        cmocka_unit_test(test_addr),
        cmocka_unit_test(test_sample_many_cpus),
        cmocka_unit_test(test_missing_checkpoint),
    };
    return cmocka_run_group_tests_name("cli", tests, NULL, NULL);
}

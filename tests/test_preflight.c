/* Pre-flight checks on inputs the tests make: fixture checkpoints edited (CRLF, a leading
 * zero, a wrong range_size; KVM CPUs), SST scripts, configs, restore-sst steps, clean files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/checkpoint/cpt.h"
#include "core/checkpoint/sample.h"
#include "core/kb/preflight.h"
#include "core/util/err.h"
#include "core/util/fileio.h"
#include "core/workflow/sstscript.h"
#include "core/workflow/workspace.h"
#include "tests/support/fixture.h"
#include "tests/support/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GiB (1ULL << 30)
#define MiB (1ULL << 20)
#define FORK_SCRIPT "tests/forkrepo/tree/ext/sst/sst/checkpoints/arm_checkpoints.py"

struct fx {
    char *tmp;
    char cpt[4300];           /* a checkpoint folder */
    char m5cpt[4400];
    struct pf_report r;
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    f->tmp = strdup(tu_tmpdir());
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    pf_report_free(&f->r);
    tu_rmtree(f->tmp);
    free(f->tmp);
    free(f);
    return 0;
}

/* The fixture writer's SST-board checkpoint (KVM CPUs), in tmp/<name>. */
static void fixture(struct fx *f, const char *name, uint64_t remote)
{
    char out[4200], err[ERR_LEN];
    snprintf(out, sizeof out, "%s/%s", f->tmp, name);
    if (fixture_write(out, FX_SST, 64 * MiB, remote, STORE_GZ_FAST, f->cpt, sizeof f->cpt, err))
        fail_msg("%s", err);
    snprintf(f->m5cpt, sizeof f->m5cpt, "%s/m5.cpt", f->cpt);
}

/* The sample writer's checkpoint on atomic CPUs. */
static void atomic_sample(struct fx *f, const char *name, uint64_t remote)
{
    struct sample_opts o = SAMPLE_OPTS_INIT;
    char out[4200], err[ERR_LEN];
    o.local_size = 64 * MiB;
    o.remote_size = remote;
    o.ncpus = 1;
    snprintf(out, sizeof out, "%s/%s", f->tmp, name);
    if (sample_write(out, &o, err) != 0)
        fail_msg("%s", err);
    snprintf(f->cpt, sizeof f->cpt, "%s/checkpoint", out);
    snprintf(f->m5cpt, sizeof f->m5cpt, "%s/m5.cpt", f->cpt);
}

static void check_file(struct fx *f, const char *path)
{
    char err[ERR_LEN];
    pf_report_free(&f->r);
    if (preflight_file(path, NULL, &f->r, err) != 0)
        fail_msg("%s", err);
}

/* The first finding of a check at a severity, or NULL. */
static const struct pf_finding *find(const struct fx *f, const char *check, enum pf_sev sev)
{
    for (size_t i = 0; i < f->r.n; i++)
        if (!strcmp(f->r.items[i].check, check) && f->r.items[i].sev == sev)
            return &f->r.items[i];
    return NULL;
}

static const struct pf_finding *expect(const struct fx *f, const char *check, enum pf_sev sev,
                                       const char *kb, const char *text)
{
    const struct pf_finding *p = find(f, check, sev);
    if (!p) {
        for (size_t i = 0; i < f->r.n; i++)
            print_message("  %s %s: %s\n", pf_sev_name(f->r.items[i].sev), f->r.items[i].check,
                          f->r.items[i].what);
        fail_msg("no %s finding %s", pf_sev_name(sev), check);
    }
    assert_string_equal(p->kb_id, kb);
    if (text && !strstr(p->what, text))
        fail_msg("%s: '%s' lacks '%s'", check, p->what, text);
    return p;
}

static void no_problems(const struct fx *f)
{
    for (size_t i = 0; i < f->r.n; i++)
        if (f->r.items[i].sev >= PF_WARN)
            fail_msg("%s %s: %s", pf_sev_name(f->r.items[i].sev), f->r.items[i].check,
                     f->r.items[i].what);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        fail_msg("cannot read %s", path);
    char *data = malloc(64u << 20);
    *len = fread(data, 1, (64u << 20) - 1, fp);
    data[*len] = '\0';
    fclose(fp);
    return data;
}

static void put(const char *path, const char *data, size_t len)
{
    char err[ERR_LEN];
    if (file_replace(path, data, len, 0, err) != 0)
        fail_msg("%s", err);
}

static void cpt_edit(const char *m5cpt, const char *section, const char *key, const char *value)
{
    char err[ERR_LEN];
    struct cpt *c = cpt_load(m5cpt, err);
    if (!c || cpt_set(c, section, key, value, err) != 0 || cpt_save(c, m5cpt, err) != 0)
        fail_msg("%s", err);
    cpt_free(c);
}

static void test_crlf(void **state)
{
    struct fx *f = *state;
    size_t len, n = 0;
    fixture(f, "crlf", 1 * GiB);
    char *text = slurp(f->m5cpt, &len), *crlf = malloc(2 * len + 1);
    for (size_t i = 0; i < len; i++) {
        if (text[i] == '\n')
            crlf[n++] = '\r';
        crlf[n++] = text[i];
    }
    put(f->m5cpt, crlf, n);
    free(text);
    free(crlf);
    check_file(f, f->m5cpt);
    const struct pf_finding *p = expect(f, "cpt-crlf", PF_FAIL, "m5cpt-crlf", "end in CRLF");
    assert_int_equal(p->line, 1);
    assert_string_equal(p->file, f->m5cpt);
}

static void test_leading_zero(void **state)
{
    struct fx *f = *state;
    fixture(f, "octal", 1 * GiB);
    cpt_edit(f->m5cpt, "root.globals", "curTick", "01750");
    check_file(f, f->m5cpt);
    const struct pf_finding *p = expect(f, "cpt-octal", PF_WARN, "m5cpt-octal",
                                        "[root.globals] curTick=01750");
    assert_non_null(strstr(p->what, "restores 1000, not 01750"));
    size_t len;
    char *text = slurp(f->m5cpt, &len);
    int line = 1;
    for (const char *q = text; q < strstr(text, "curTick=01750"); q++)
        line += *q == '\n';
    assert_int_equal(p->line, line);
    free(text);
    expect(f, "cpt-crlf", PF_OK, "", NULL);
}

static void test_range_size(void **state)
{
    struct fx *f = *state;
    fixture(f, "range", 1 * GiB);
    cpt_edit(f->m5cpt, "board.physmem.store0", "range_size", "2147483648");
    check_file(f, f->m5cpt);
    expect(f, "cpt-range-sizes", PF_FAIL, "gem5-mem-size-changed",
           "decodes to 1073741824 bytes (1 GiB) but [board.physmem.store0] range_size is "
           "2147483648");
}

static void test_kvm_cpu(void **state)
{
    struct fx *f = *state;
    fixture(f, "kvm", 1 * GiB);
    check_file(f, f->m5cpt);
    expect(f, "cpt-kvm-cpu", PF_WARN, "kvm-checkpoint-in-sst", "KVM CPU");
    atomic_sample(f, "atomic", 1 * GiB);
    check_file(f, f->m5cpt);
    expect(f, "cpt-kvm-cpu", PF_OK, "", "AtomicSimpleCPU");
}

/* The fork's script (36 GiB, range to 36 GiB) pointed at a checkpoint with 2 GiB of remote. */
static void test_sst_script_sizes(void **state)
{
    struct fx *f = *state;
    fixture(f, "sst", 2 * GiB);
    size_t len;
    char *text = slurp(FORK_SCRIPT, &len), script[4200], line[16000];
    const char *at = strstr(text, "chpt_dir = \""), *end = strchr(at, '\n');
    snprintf(line, sizeof line, "%.*schpt_dir = \"%s\"%s", (int)(at - text), text, f->cpt, end);
    snprintf(script, sizeof script, "%s/arm_checkpoints.py", f->tmp);
    put(script, line, strlen(line));
    free(text);
    check_file(f, script);
    expect(f, "cpt-dir", PF_OK, "", NULL);
    const struct pf_finding *p = expect(f, "sst-script-ckpt", PF_FAIL, "sst-script-mismatch",
                                        "--remote-memory-addr-range is 4294967296,38654705664 "
                                        "but the checkpoint needs 4294967296,6442450944");
    assert_string_equal(p->file, script);
    assert_true(p->line > 0);
    expect(f, "sst-script-ckpt", PF_INFO, "sst-script-mismatch", "sst_memory_size is 36GiB");
    expect(f, "sst-bridge-store", PF_INFO, "bridge-hardcoded-pmem", "unknown");
    expect(f, "sst-remote-chunking", PF_OK, "", NULL);
    /* a checkpoint that is not there is named with the script's line */
    char *gone = strstr(line, f->cpt) + strlen(f->cpt) - 10;
    memcpy(gone, "gone-away!", 10);
    put(script, line, strlen(line));
    check_file(f, script);
    p = expect(f, "cpt-dir", PF_FAIL, "restore-ckpt-missing", "does not exist");
    assert_string_equal(p->file, script);
    assert_true(p->line > 0);
}

static void test_config_missing_kernel(void **state)
{
    struct fx *f = *state;
    char cfg[4200], disk[4200], text[12000];
    snprintf(disk, sizeof disk, "%s/disk.img", f->tmp);
    put(disk, "x", 1);
    snprintf(text, sizeof text, "from gem5.components.boards.arm_board import ArmBoard\n"
             "board.set_kernel_disk_workload(\n"
             "    kernel=CustomResource(\"/nonexistent/gem5wb/vmlinux-5.4.49-NUMA.arm64\"),\n"
             "    disk_image=DiskImageResource(\"%s\", root_partition=\"1\"),\n)\n", disk);
    snprintf(cfg, sizeof cfg, "%s/config with space.py", f->tmp);
    put(cfg, text, strlen(text));
    check_file(f, cfg);
    const struct pf_finding *p = expect(f, "config-abs-paths", PF_FAIL, "config-abs-paths",
                                        "/nonexistent/gem5wb/vmlinux-5.4.49-NUMA.arm64");
    assert_int_equal(p->line, 3);
    expect(f, "config-abs-paths", PF_OK, "", disk);
    expect(f, "fork-config-syntax", PF_OK, "", NULL);
    /* a missing comma, as arm-numa-checkpoints.py at the tip */
    char *comma = strstr(text, "\"),\n    disk");
    memmove(comma + 2, comma + 3, strlen(comma + 3) + 1);
    put(cfg, text, strlen(text));
    check_file(f, cfg);
    expect(f, "fork-config-syntax", PF_FAIL, "config-syntax-error", "SyntaxError");
}

/* Nothing to warn about: atomic CPUs, whole GiB, paths that exist, a script that agrees. */
static void test_clean(void **state)
{
    struct fx *f = *state;
    char err[ERR_LEN], script[4200], cfg[4200], text[9000];
    atomic_sample(f, "clean", 1 * GiB);
    check_file(f, f->m5cpt);
    no_problems(f);
    expect(f, "cpt-range-sizes", PF_OK, "", NULL);
    expect(f, "cpt-octal", PF_OK, "", NULL);
    check_file(f, f->cpt);                       /* the folder is taken for its m5.cpt */
    no_problems(f);

    snprintf(cfg, sizeof cfg, "%s/config.py", f->tmp);
    snprintf(text, sizeof text, "board.set_kernel_disk_workload(kernel=CustomResource(\"%s\"))\n",
             f->m5cpt);
    put(cfg, text, strlen(text));
    check_file(f, cfg);
    no_problems(f);

    struct sst_facts facts;
    struct sst_result res;
    struct sst_opts o = { 0 };
    snprintf(script, sizeof script, "%s/restore.py", f->tmp);
    size_t len;
    char *fork = slurp(FORK_SCRIPT, &len);
    put(script, fork, len);
    free(fork);
    if (sstscript_facts(f->cpt, NULL, &facts, err) != 0 ||
        sstscript_preview(script, &facts, &o, &res, err) != 0 || sstscript_apply(&res, NULL, err))
        fail_msg("%s", err);
    sstscript_result_free(&res);
    sstscript_facts_free(&facts);
    check_file(f, script);
    no_problems(f);
    expect(f, "sst-script-ckpt", PF_OK, "", NULL);
}

static void test_not_checkable(void **state)
{
    struct fx *f = *state;
    char err[ERR_LEN], path[4200];
    snprintf(path, sizeof path, "%s/no such file", f->tmp);
    assert_int_equal(preflight_file(path, NULL, &f->r, err), -1);
    assert_non_null(strstr(err, path));
    snprintf(path, sizeof path, "%s/notes.txt", f->tmp);
    put(path, "hello\n", 6);
    assert_int_equal(preflight_file(path, NULL, &f->r, err), -1);
    assert_non_null(strstr(err, "is not an m5.cpt"));
    assert_int_equal(preflight_step(f->tmp, "no-such-step", NULL, &f->r, err), -1);
    assert_non_null(strstr(err, "no-such-step"));
}

/* Writes text over the fork's file rel. */
static void fork_file(const char *gem5, const char *rel, const char *text)
{
    char path[4400];
    snprintf(path, sizeof path, "%s/%s", gem5, rel);
    put(path, text, strlen(text));
}

/* A workspace whose gem5/ is the test fork (era "tip": the responder takes ExternalMemory)
 * and whose restore-sst reads checkpoint on `ranks` ranks. */
static void workspace(struct fx *f, const char *era, const char *ranks, char *ws_dir, size_t cap)
{
    char gem5[4400], cmd[9000], err[ERR_LEN];
    struct ws *w;
    snprintf(ws_dir, cap, "%s/ws", f->tmp);
    snprintf(gem5, sizeof gem5, "%s/gem5", ws_dir);
    if (ws_open(ws_dir, &w, err) != 0 && ws_init(ws_dir, &w, err) != 0)
        fail_msg("%s", err);
    snprintf(cmd, sizeof cmd, "test -d '%s/.git' || tests/forkrepo/make-fork.sh '%s' "
             "tests/fakes/gem5 %s >/dev/null", gem5, gem5, era);
    assert_int_equal(system(cmd), 0);
    ws_set_setting(w, "restore-sst.checkpoint", f->cpt);
    ws_set_setting(w, "restore-sst.ranks", ranks);
    if (ws_save(w, err) != 0)
        fail_msg("%s", err);
    ws_close(w);
}

static void check_step(struct fx *f, const char *ws_dir, const char *step)
{
    char err[ERR_LEN];
    pf_report_free(&f->r);
    if (preflight_step(ws_dir, step, NULL, &f->r, err) != 0)
        fail_msg("%s", err);
}

/* The 2024-03 bridge (05008c17c0..7d4cb1dc8e): store0.pmem read in 4 MiB pieces, all sent in
 * init phase 1; a 3 GiB remote memory and 2 ranks overflow MPI's int count. */
static void test_mpi_volume_ranks(void **state)
{
    struct fx *f = *state;
    char ws_dir[4200], gem5[4300];
    fixture(f, "big", 3 * GiB);
    workspace(f, "af5a333", "2", ws_dir, sizeof ws_dir);
    snprintf(gem5, sizeof gem5, "%s/gem5", ws_dir);
    fork_file(gem5, "src/sst/outgoing_request_bridge.cc",
              "#include \"sst/outgoing_request_bridge.hh\"\n"
              "void OutgoingRequestBridge::unserialize(CheckpointIn &cp)\n{\n"
              "    std::string physical_memory_file = \"board.physmem.store0.pmem\";\n"
              "    const uint64_t amount_in_bytes = 4194304;\n}\n");
    fork_file(gem5, "ext/sst/sst_responder_subcomponent.cc",
              "void SSTResponderSubComponent::setResponseReceiver(gem5::SimObject *object)\n{\n"
              "    responseReceiver = dynamic_cast<gem5::OutgoingRequestBridge*>(object);\n}\n");
    check_step(f, ws_dir, "restore-sst");
    expect(f, "sst-init-volume", PF_FAIL, "sst-mpi-err-count", "MPI_ERR_COUNT");
    expect(f, "sst-bridge-store", PF_OK, "", "board.physmem.store0.pmem");
    expect(f, "cpt-kvm-cpu", PF_WARN, "kvm-checkpoint-in-sst", "Known Issue 2");
    expect(f, "sst-mpi", PF_FAIL, "sst-core-no-mpi", NULL);
    expect(f, "fork-responder", PF_OK, "", NULL);
    expect(f, "config-abs-paths", PF_FAIL, "config-abs-paths", "/home/kaustavg");
    /* the same with 1 rank: a note, not a failure */
    workspace(f, "af5a333", "1", ws_dir, sizeof ws_dir);
    check_step(f, ws_dir, "restore-sst");
    expect(f, "sst-init-volume", PF_INFO, "sst-mpi-err-count", "more than 1 rank");
}

/* At the tip the responder takes ExternalMemory, the unified script still builds the bridge. */
static void test_responder_mismatch(void **state)
{
    struct fx *f = *state;
    char ws_dir[4200];
    fixture(f, "tip", 1 * GiB);
    workspace(f, "tip", "1", ws_dir, sizeof ws_dir);
    check_step(f, ws_dir, "restore-sst");
    expect(f, "fork-responder", PF_FAIL, "responder-mismatch",
           "casts its receiver to ExternalMemory but");
    assert_null(find(f, "step-plan", PF_FAIL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_crlf, setup, teardown),
        cmocka_unit_test_setup_teardown(test_leading_zero, setup, teardown),
        cmocka_unit_test_setup_teardown(test_range_size, setup, teardown),
        cmocka_unit_test_setup_teardown(test_kvm_cpu, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sst_script_sizes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_config_missing_kernel, setup, teardown),
        cmocka_unit_test_setup_teardown(test_clean, setup, teardown),
        cmocka_unit_test_setup_teardown(test_not_checkable, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mpi_volume_ranks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_responder_mismatch, setup, teardown),
    };
    return cmocka_run_group_tests_name("preflight", tests, NULL, NULL);
}

/* kb fix actions on real files the tests make: m5.cpt with CRLF and with leading zeros, the
 * broken config of the fork's tip (a file, and a fork tree in a workspace), a step parameter,
 * an SST script, a KVM/ATOMIC checkpoint pair; refusals, backups, files changed after a plan. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/checkpoint/sample.h"
#include "core/kb/kb_fix.h"
#include "core/util/err.h"
#include "core/util/filecmp.h"
#include "core/util/fileio.h"
#include "core/workflow/workspace.h"
#include "tests/support/fixture.h"
#include "tests/support/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MiB (1ULL << 20)

static struct kb_entry entry(const char *id, const char *action)
{
    struct kb_entry e;
    memset(&e, 0, sizeof e);
    e.id = (char *)id;
    e.title = (char *)"a test entry";
    e.action = (char *)action;
    return e;
}

static char *slurp(const char *path)
{
    char *data, err[ERR_LEN];
    size_t len;
    if (file_read_all(path, 64u << 20, &data, &len, err) != 0)
        return NULL;
    return data;
}

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* A folder with an m5.cpt holding text; its path in cpt (dir/m5.cpt). */
static void cpt_dir(const char *tmp, const char *text, char *dir, char *cpt)
{
    snprintf(dir, 4096, "%s/ck pt", tmp);
    mkdir(dir, 0755);
    snprintf(cpt, 4200, "%s/m5.cpt", dir);
    put(cpt, text);
}

static void test_actions(void **state)
{
    (void)state;
    const char *want[] = { "set-param", "replace-remote-store", "patch-sst-script",
                           "fork-syntax-patch", "m5cpt-line-ends", "m5cpt-octal" };
    size_t n = 0;
    while (kb_fix_actions[n])
        n++;
    assert_int_equal(n, 6);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(kb_fix_actions[i], want[i]);
    struct kb_fix_plan p;
    struct kb_fix_opts o = { 0 };
    char err[ERR_LEN];
    struct kb_entry manual = entry("bridge-hardcoded-pmem", "");
    assert_int_equal(kb_fix_plan(&manual, &o, &p, err), -1);
    assert_true(tu_contains(err, "bridge-hardcoded-pmem has no fix gem5wb applies"));
    struct kb_entry odd = entry("x", "frobnicate the store");
    assert_int_equal(kb_fix_plan(&odd, &o, &p, err), -1);
    assert_true(tu_contains(err, "\"frobnicate\" is not one gem5wb knows"));
}

/* Every action the built-in kb.json names is one kb_fix plans. */
static void test_builtin_actions(void **state)
{
    (void)state;
    struct kb kb;
    char err[ERR_LEN];
    assert_int_equal(kb_parse(kb_builtin_json, kb_builtin_len, "built-in", &kb, err), 0);
    size_t with = 0;
    for (size_t i = 0; i < kb.n; i++) {
        const char *a = kb.entries[i].action;
        size_t w = a ? strcspn(a, " ") : 0, k = 0;
        if (!w)
            continue;
        with++;
        while (kb_fix_actions[k] && (strlen(kb_fix_actions[k]) != w ||
                                     strncmp(kb_fix_actions[k], a, w)))
            k++;
        if (!kb_fix_actions[k])
            fail_msg("%s: action \"%s\" is not in kb_fix_actions", kb.entries[i].id, a);
    }
    assert_true(with >= 6);
    kb_free(&kb);
}

static const char CRLF[] = "## checkpoint generated: Thu Jun 30 13:57:42 2022\r\n\r\n"
                           "[root.globals]\r\ncurTick=1000\r\n\r\n[root]\r\nFullSystem=true\r\n";
static const char LF[] = "## checkpoint generated: Thu Jun 30 13:57:42 2022\n\n"
                         "[root.globals]\ncurTick=1000\n\n[root]\nFullSystem=true\n";

static void test_crlf(void **state)
{
    (void)state;
    char *tmp = strdup(tu_tmpdir()), dir[4096], cpt[4200], bak[4300], err[ERR_LEN], done[8192];
    cpt_dir(tmp, CRLF, dir, cpt);
    struct kb_entry e = entry("m5cpt-crlf", "m5cpt-line-ends");
    struct kb_fix_opts o = { .checkpoint = dir };
    struct kb_fix_plan p;
    assert_int_equal(kb_fix_plan(&e, &o, &p, err), 0);
    assert_true(p.has_preview);
    assert_false(p.noop);
    assert_string_equal(p.action, "m5cpt-line-ends");
    assert_true(tu_contains(p.what, "7 of its lines end in CRLF"));
    assert_true(tu_contains(p.pv.diff, "-[root.globals]\r\n"));
    assert_true(tu_contains(p.pv.diff, "+[root.globals]\n"));
    char *now = slurp(cpt);
    assert_string_equal(now, CRLF);                /* planning wrote nothing */
    free(now);
    assert_int_equal(kb_fix_apply(&p, done, sizeof done, err), 0);
    kb_fix_plan_free(&p);
    snprintf(bak, sizeof bak, "%s" FILE_BACKUP_SUFFIX, cpt);
    assert_true(tu_contains(done, bak));
    now = slurp(cpt);
    assert_string_equal(now, LF);
    free(now);
    now = slurp(bak);
    assert_string_equal(now, CRLF);
    free(now);
    /* --file naming m5.cpt itself, now fixed: nothing to change */
    o = (struct kb_fix_opts){ .file = cpt };
    assert_int_equal(kb_fix_plan(&e, &o, &p, err), 0);
    assert_true(p.noop);
    assert_true(tu_contains(p.what, "nothing to change"));
    kb_fix_plan_free(&p);
    tu_rmtree(tmp);
    free(tmp);
}

static void test_changed_after_plan(void **state)
{
    (void)state;
    char *tmp = strdup(tu_tmpdir()), dir[4096], cpt[4200], err[ERR_LEN], done[8192];
    cpt_dir(tmp, CRLF, dir, cpt);
    struct kb_entry e = entry("m5cpt-crlf", "m5cpt-line-ends");
    struct kb_fix_opts o = { .file = dir };
    struct kb_fix_plan p;
    assert_int_equal(kb_fix_plan(&e, &o, &p, err), 0);
    put(cpt, "[root]\r\nFullSystem=false\r\n");
    assert_int_equal(kb_fix_apply(&p, done, sizeof done, err), -1);
    assert_true(tu_contains(err, "changed since the preview"));
    kb_fix_plan_free(&p);
    char *now = slurp(cpt);
    assert_string_equal(now, "[root]\r\nFullSystem=false\r\n");
    free(now);
    assert_false(exists(strcat(cpt, FILE_BACKUP_SUFFIX)));
    tu_rmtree(tmp);
    free(tmp);
}

static const char OCTAL[] =
    "## checkpoint generated: 0123\n"
    "0777=0123\n"
    "[root.globals]\n"
    "curTick=0001000\n"
    "version_tags=arm-ccregs armv8\n"
    "[board.processor.cores0.core.xc.0]\n"
    "regs=0 010 7 -07\n"
    "mixed=abc 007\n"
    "hex=0x10 0X0A\n"
    "f=0.5\n"
    "zero=0 00\n"
    "padded+=0089\n"
    "[board.physmem.store0]\n"
    "filename=0007\n";
static const char OCTAL_FIXED[] =
    "## checkpoint generated: 0123\n"
    "0777=0123\n"
    "[root.globals]\n"
    "curTick=1000\n"
    "version_tags=arm-ccregs armv8\n"
    "[board.processor.cores0.core.xc.0]\n"
    "regs=0 10 7 -7\n"
    "mixed=abc 007\n"
    "hex=0x10 0X0A\n"
    "f=0.5\n"
    "zero=0 0\n"
    "padded+=89\n"
    "[board.physmem.store0]\n"
    "filename=0007\n";

static void test_octal(void **state)
{
    (void)state;
    char *tmp = strdup(tu_tmpdir()), dir[4096], cpt[4200], err[ERR_LEN], done[8192];
    cpt_dir(tmp, OCTAL, dir, cpt);
    struct kb_entry e = entry("m5cpt-octal", "m5cpt-octal");
    struct kb_fix_opts o = { .checkpoint = dir };
    struct kb_fix_plan p;
    assert_int_equal(kb_fix_plan(&e, &o, &p, err), 0);
    assert_false(p.noop);
    assert_true(tu_contains(p.what, "leading zeros of 5 integer values"));
    assert_true(tu_contains(p.what, "line 4 [root.globals] curTick: 0001000 -> 1000 (gem5 reads 512)"));
    assert_true(tu_contains(p.what, "regs: -07 -> -7 (gem5 reads -7)"));
    assert_true(tu_contains(p.what, "padded: 0089 -> 89 (gem5 reads 0)"));
    assert_true(tu_contains(p.what, "zero: 00 -> 0"));
    assert_false(tu_contains(p.what, "mixed"));
    assert_true(tu_contains(p.pv.diff, "+curTick=1000\n"));
    assert_int_equal(kb_fix_apply(&p, done, sizeof done, err), 0);
    kb_fix_plan_free(&p);
    char *now = slurp(cpt);
    assert_string_equal(now, OCTAL_FIXED);
    free(now);
    now = slurp(strcat(cpt, FILE_BACKUP_SUFFIX));
    assert_string_equal(now, OCTAL);
    free(now);
    tu_rmtree(tmp);
    free(tmp);
}

/* CRLF line ends do not hide an octal value: either fix can come first, the \r stays. */
static void test_octal_crlf(void **state)
{
    (void)state;
    char *tmp = strdup(tu_tmpdir()), dir[4096], cpt[4200], err[ERR_LEN], done[8192];
    cpt_dir(tmp, "[root.globals]\r\ncurTick=0777\r\n", dir, cpt);
    struct kb_entry e = entry("m5cpt-octal", "m5cpt-octal");
    struct kb_fix_opts o = { .checkpoint = dir };
    struct kb_fix_plan p;
    assert_int_equal(kb_fix_plan(&e, &o, &p, err), 0);
    assert_false(p.noop);
    assert_true(tu_contains(p.what, "curTick: 0777 -> 777 (gem5 reads 511)"));
    assert_int_equal(kb_fix_apply(&p, done, sizeof done, err), 0);
    kb_fix_plan_free(&p);
    char *now = slurp(cpt);
    assert_string_equal(now, "[root.globals]\r\ncurTick=777\r\n");
    free(now);
    tu_rmtree(tmp);
    free(tmp);
}

/* The tip's arm-numa-checkpoints.py, shortened: the disk image's string lost its comma. */
static const char BROKEN[] =
    "import argparse\n"
    "parser = argparse.ArgumentParser()\n"
    "parser.add_argument(\"--take-ckpt\", type=str, required=True)\n"
    "\"\"\"a docstring (with \"quotes\" and a paren ( inside)\n"
    "\"\"\"\n"
    "board.set_kernel_disk_workload(\n"
    "    kernel=CustomResource(\"/home/kaustavg/vmlinux-5.4.49-NUMA.arm64\"),\n"
    "    disk_image=DiskImageResource(\n"
    "        \"/projects/gem5/hn/DISK_IMAGES/arm64-hpc-2204-numa-kvm.img-20240304\"  # the disk\n"
    "\n"
    "        root_partition=\"1\",\n"
    "    ),\n"
    ")\n";

static int python_parses(const char *path)
{
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "python3 -c 'import ast,sys; ast.parse(open(sys.argv[1]).read())' "
             "'%s' 2>/dev/null", path);
    return system(cmd) == 0;
}

static void test_syntax_file(void **state)
{
    (void)state;
    char *tmp = strdup(tu_tmpdir()), path[4096], err[ERR_LEN], done[8192];
    snprintf(path, sizeof path, "%s/arm-numa-checkpoints.py", tmp);
    put(path, BROKEN);
    struct kb_entry e = entry("config-syntax-error", "fork-syntax-patch");
    struct kb_fix_opts o = { .file = path };
    struct kb_fix_plan p;
    assert_int_equal(kb_fix_plan(&e, &o, &p, err), 0);
    assert_true(tu_contains(p.what, "end of line 9"));
    assert_true(tu_contains(p.what, "on line 11"));
    assert_true(tu_contains(p.pv.diff, "+        \"/projects/gem5/hn/DISK_IMAGES/arm64-hpc-2204-"
                            "numa-kvm.img-20240304\",  # the disk\n"));
    assert_int_equal(p.pv.new_len, p.pv.old_len + 1);   /* one character */
    assert_int_equal(kb_fix_apply(&p, done, sizeof done, err), 0);
    kb_fix_plan_free(&p);
    assert_true(python_parses(path));
    /* fixed: the broken text is gone, and a plan says so */
    assert_int_equal(kb_fix_plan(&e, &o, &p, err), -1);
    assert_true(tu_contains(err, "does not have the broken text"));
    /* broken otherwise: refused, nothing written */
    put(path, "def f(:\n    pass\n");
    assert_int_equal(kb_fix_plan(&e, &o, &p, err), -1);
    assert_true(tu_contains(err, "does not have the broken text"));
    tu_rmtree(tmp);
    free(tmp);
}

static struct ws *workspace(const char *dir)
{
    struct ws *w;
    char err[ERR_LEN];
    assert_int_equal(ws_init(dir, &w, err), 0);
    return w;
}

static void test_syntax_workspace(void **state)
{
    (void)state;
    char *tmp = strdup(tu_tmpdir()), ws[4096], cmd[8192], cfg[4200], err[ERR_LEN], done[8192];
    snprintf(ws, sizeof ws, "%s/work space", tmp);
    ws_close(workspace(ws));
    snprintf(cmd, sizeof cmd, "bash tests/forkrepo/make-fork.sh '%s/gem5' /bin/true tip "
             ">/dev/null 2>&1", ws);
    if (system(cmd) != 0) {
        tu_rmtree(tmp);
        free(tmp);
        skip();
    }
    struct kb_entry e = entry("config-syntax-error", "fork-syntax-patch");
    struct kb_fix_opts o = { .workspace = ws };
    struct kb_fix_plan p;
    /* the test fork has no broken config: nothing to change */
    assert_int_equal(kb_fix_plan(&e, &o, &p, err), 0);
    assert_true(p.noop);
    assert_true(tu_contains(p.what, "parses: nothing to change"));
    kb_fix_plan_free(&p);
    snprintf(cfg, sizeof cfg, "%s/gem5/disaggregated_memory/configs/arm-numa-checkpoints.py", ws);
    put(cfg, BROKEN);
    assert_int_equal(kb_fix_plan(&e, &o, &p, err), 0);
    assert_false(p.noop);
    assert_string_equal(p.pv.path, cfg);
    assert_int_equal(kb_fix_apply(&p, done, sizeof done, err), 0);
    kb_fix_plan_free(&p);
    assert_true(python_parses(cfg));
    strcat(cfg, FILE_BACKUP_SUFFIX);
    char *bak = slurp(cfg);
    assert_string_equal(bak, BROKEN);
    free(bak);
    tu_rmtree(tmp);
    free(tmp);
}

static void test_set_param(void **state)
{
    (void)state;
    char *tmp = strdup(tu_tmpdir()), err[ERR_LEN], done[8192];
    struct ws *w = workspace(tmp);
    struct kb_entry e = entry("sst-mpi-err-count", "set-param restore-sst.ranks=1");
    struct kb_fix_opts o = { .workspace = tmp };
    struct kb_fix_plan p;
    assert_int_equal(kb_fix_plan(&e, &o, &p, err), 0);
    assert_true(p.noop);                          /* the default is 1 already */
    assert_true(tu_contains(p.what, "1 (default) -> 1"));
    kb_fix_plan_free(&p);
    ws_set_setting(w, "restore-sst.ranks", "2");
    assert_int_equal(ws_save(w, err), 0);
    assert_int_equal(kb_fix_plan(&e, &o, &p, err), 0);
    assert_false(p.noop);
    assert_false(p.has_preview);
    assert_true(tu_contains(p.what, "set restore-sst.ranks in the workspace"));
    assert_true(tu_contains(p.what, ": 2 (set) -> 1"));
    assert_int_equal(kb_fix_apply(&p, done, sizeof done, err), 0);
    kb_fix_plan_free(&p);
    assert_true(tu_contains(done, "it was 2 (`gem5wb set restore-sst.ranks 2` restores it)"));
    assert_int_equal(ws_reload(w, err), 0);
    assert_string_equal(ws_setting(w, "restore-sst.ranks"), "1");
    /* changed by someone else between the plan and the apply */
    ws_set_setting(w, "restore-sst.ranks", "2");
    assert_int_equal(ws_save(w, err), 0);
    assert_int_equal(kb_fix_plan(&e, &o, &p, err), 0);
    ws_set_setting(w, "restore-sst.ranks", "3");
    assert_int_equal(ws_save(w, err), 0);
    assert_int_equal(kb_fix_apply(&p, done, sizeof done, err), -1);
    assert_true(tu_contains(err, "changed in"));
    kb_fix_plan_free(&p);
    /* bad actions in kb.json */
    struct kb_entry bad = entry("x", "set-param restore-sst.ranks=many");
    assert_int_equal(kb_fix_plan(&bad, &o, &p, err), -1);
    assert_true(tu_contains(err, "must be a whole number"));
    bad = entry("x", "set-param no-step.x=1");
    assert_int_equal(kb_fix_plan(&bad, &o, &p, err), -1);
    assert_true(tu_contains(err, "there is no step 'no-step'"));
    ws_close(w);
    tu_rmtree(tmp);
    free(tmp);
}

/* An SST-board run folder with ATOMIC CPUs (the fixture writer's are KVM). */
static void atomic_run(const char *out, uint64_t remote, char *cpt)
{
    struct sample_opts so = SAMPLE_OPTS_INIT;
    char err[ERR_LEN];
    so.local_size = 64 * MiB;
    so.remote_size = remote;
    so.cpu = "atomic";
    assert_int_equal(sample_write(out, &so, err), 0);
    snprintf(cpt, 4096, "%s/checkpoint", out);
}

static void test_replace_store(void **state)
{
    (void)state;
    char *tmp = strdup(tu_tmpdir()), kvm[4096], atomic[4096], big[4096], kvm2[4096];
    char out[4200], err[ERR_LEN], done[8192], a[4300], b[4300];
    snprintf(out, sizeof out, "%s/kvm run", tmp);
    assert_int_equal(fixture_write(out, FX_SST, 64 * MiB, 64 * MiB, STORE_GZ_FAST, kvm,
                                   sizeof kvm, err), 0);
    snprintf(out, sizeof out, "%s/atomic run", tmp);
    atomic_run(out, 64 * MiB, atomic);
    struct kb_entry e = entry("kvm-checkpoint-in-sst", "replace-remote-store");
    struct kb_fix_opts o = { .checkpoint = kvm };
    struct kb_fix_plan p;
    assert_int_equal(kb_fix_plan(&e, &o, &p, err), -1);      /* no --from */
    assert_true(tu_contains(err, "needs --from DIR"));
    o.from = atomic;
    assert_int_equal(kb_fix_plan(&e, &o, &p, err), 0);
    assert_false(p.has_preview);
    assert_true(tu_contains(p.what, "store0 of"));
    assert_true(tu_contains(p.what, "the remote memory, 64 MiB"));
    assert_true(tu_contains(p.what, "board.physmem.store0.pmem" FILE_BACKUP_SUFFIX));
    snprintf(a, sizeof a, "%s/board.physmem.store0.pmem", kvm);
    snprintf(b, sizeof b, "%s/board.physmem.store0.pmem", atomic);
    char orig[4400];
    snprintf(orig, sizeof orig, "%s" FILE_BACKUP_SUFFIX, a);
    assert_int_equal(kb_fix_apply(&p, done, sizeof done, err), 0);
    kb_fix_plan_free(&p);
    assert_true(tu_contains(done, "the original is kept as"));
    assert_int_equal(file_same_bytes(a, b, NULL, NULL, err), 1);
    assert_true(exists(orig));
    /* m5.cpt edited after the plan: refused */
    assert_int_equal(kb_fix_plan(&e, &o, &p, err), 0);
    snprintf(a, sizeof a, "%s/m5.cpt", kvm);
    FILE *f = fopen(a, "ab");
    fputs("\n", f);
    fclose(f);
    assert_int_equal(kb_fix_apply(&p, done, sizeof done, err), -1);
    assert_true(tu_contains(err, "changed since the plan"));
    kb_fix_plan_free(&p);
    /* a remote memory of another size: not the same setup */
    snprintf(out, sizeof out, "%s/big run", tmp);
    atomic_run(out, 128 * MiB, big);
    o.from = big;
    assert_int_equal(kb_fix_plan(&e, &o, &p, err), -1);
    assert_true(tu_contains(err, "(store0, 128 MiB) is not the size of"));
    assert_true(tu_contains(err, "(store0, 64 MiB)"));
    /* --from taken with KVM too */
    snprintf(out, sizeof out, "%s/kvm two", tmp);
    assert_int_equal(fixture_write(out, FX_SST, 64 * MiB, 64 * MiB, STORE_GZ_FAST, kvm2,
                                   sizeof kvm2, err), 0);
    o.from = kvm2;
    assert_int_equal(kb_fix_plan(&e, &o, &p, err), -1);
    assert_true(tu_contains(err, "was taken with KVM CPUs too"));
    tu_rmtree(tmp);
    free(tmp);
}

/* The restore script's settings gem5wb points at a checkpoint (the rest is test_patch.c's). */
static const char SCRIPT[] =
    "import sst\n"
    "gem5_run_script = \"../../disaggregated_memory/configs/arm-stream-checkpoint-restore-unified-script.py\"\n"
    "chpt_dir = \"/home/someone/work/composable-chpt/checkpoint\"\n"
    "sst_memory_size = \"36GiB\"\n"
    "cmd = [f\"--chpt-dir={chpt_dir}\", f\"--remote-memory-addr-range=4294967296,38654705664\"]\n";

static void test_sst_script(void **state)
{
    (void)state;
    char *tmp = strdup(tu_tmpdir()), script[4096], run[4096], cpt[4096], err[ERR_LEN];
    char done[8192];
    snprintf(run, sizeof run, "%s/run", tmp);
    atomic_run(run, 64 * MiB, cpt);
    snprintf(script, sizeof script, "%s/arm_checkpoints.py", tmp);
    put(script, SCRIPT);
    struct kb_entry e = entry("sst-script-mismatch", "patch-sst-script");
    struct kb_fix_opts o = { .file = script, .checkpoint = cpt };
    struct kb_fix_plan p;
    assert_int_equal(kb_fix_plan(&e, &o, &p, err), 0);
    assert_true(p.has_preview);
    assert_true(tu_contains(p.what, "chpt_dir: /home/someone/work/composable-chpt/checkpoint -> "));
    assert_true(tu_contains(p.pv.diff, "-chpt_dir = \"/home/someone/work/composable-chpt/checkpoint\""));
    assert_true(tu_contains(p.pv.diff, cpt));
    assert_int_equal(kb_fix_apply(&p, done, sizeof done, err), 0);
    kb_fix_plan_free(&p);
    strcat(script, FILE_BACKUP_SUFFIX);
    char *bak = slurp(script);
    assert_string_equal(bak, SCRIPT);
    free(bak);
    script[strlen(script) - strlen(FILE_BACKUP_SUFFIX)] = '\0';
    assert_int_equal(kb_fix_plan(&e, &o, &p, err), 0);
    assert_true(p.noop);
    kb_fix_plan_free(&p);
    /* no --checkpoint and no workspace: the sentence says what to give */
    o = (struct kb_fix_opts){ .file = script, .workspace = tmp };
    assert_int_equal(kb_fix_plan(&e, &o, &p, err), -1);
    assert_true(tu_contains(err, "give --checkpoint DIR"));
    tu_rmtree(tmp);
    free(tmp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_actions),
        cmocka_unit_test(test_builtin_actions),
        cmocka_unit_test(test_crlf),
        cmocka_unit_test(test_changed_after_plan),
        cmocka_unit_test(test_octal),
        cmocka_unit_test(test_octal_crlf),
        cmocka_unit_test(test_syntax_file),
        cmocka_unit_test(test_syntax_workspace),
        cmocka_unit_test(test_set_param),
        cmocka_unit_test(test_replace_store),
        cmocka_unit_test(test_sst_script),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

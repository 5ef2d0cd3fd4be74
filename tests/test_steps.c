/* Tests of core/workflow/workspace and core/workflow/steps: layout and state.json, settings,
 * the run lock, history and lineage, parameter checks, plans and their argv, staleness. */
#include "core/util/err.h"
#include "core/util/fileio.h"
#include "core/workflow/steps.h"
#include "core/workflow/workspace.h"
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
#include <unistd.h>

static char tmp[4096], root[4300];

static int setup(void **state)
{
    (void)state;
    snprintf(tmp, sizeof tmp, "%s", tu_tmpdir());
    snprintf(root, sizeof root, "%s/work \"space\" 'x'", tmp);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tu_rmtree(tmp);
    return 0;
}

static bool exists(const char *dir, const char *rel)
{
    char p[4600];
    struct stat st;
    snprintf(p, sizeof p, "%s/%s", dir, rel);
    return stat(p, &st) == 0;
}

static void test_init_open_save(void **state)
{
    (void)state;
    char err[ERR_LEN] = "";
    struct ws *w, *w2;
    assert_int_equal(ws_init(root, &w, err), 0);
    for (int i = 0; ws_layout[i]; i++)
        assert_true(exists(root, ws_layout[i]));
    ws_set_setting(w, "take-checkpoint.local_memory", "4GiB");
    assert_int_equal(ws_save(w, err), 0);
    /* found from a folder inside it, as `cd gem5 && gem5wb status` would */
    char inner[4400], cwd[4096];
    snprintf(inner, sizeof inner, "%s/gem5", root);
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(inner), 0);
    unsetenv("GEM5WB_WORKSPACE");
    assert_int_equal(ws_open(NULL, &w2, err), 0);
    assert_int_equal(chdir(cwd), 0);
    assert_string_equal(ws_setting(w2, "take-checkpoint.local_memory"), "4GiB");
    /* one running step at a time */
    assert_int_equal(ws_lock(w, err), 0);
    assert_int_equal(ws_lock(w2, err), -1);
    assert_true(tu_contains(err, "another gem5wb"));
    ws_unlock(w);
    assert_int_equal(ws_lock(w2, err), 0);
    ws_close(w2);
    /* init again keeps what is there */
    ws_close(w);
    assert_int_equal(ws_init(root, &w, err), 0);
    assert_string_equal(ws_setting(w, "take-checkpoint.local_memory"), "4GiB");
    ws_close(w);
    /* not a workspace, and a damaged state file */
    assert_int_equal(ws_open(tmp, &w, err), -1);
    assert_true(tu_contains(err, "gem5wb init"));
    char meta[4400];
    snprintf(meta, sizeof meta, "%s/.gem5wb", root);
    tu_write(meta, "state.json", "{\"settings\": ");
    assert_int_equal(ws_open(root, &w, err), -1);
    assert_true(tu_contains(err, "state.json is damaged"));
}

static void test_history_and_lineage(void **state)
{
    (void)state;
    char err[ERR_LEN] = "", log[4600];
    struct ws *w;
    assert_int_equal(ws_init(root, &w, err), 0);
    const char *argv[] = { "scons", "build/ARM/gem5.opt", "-j", "2", NULL };
    const char *env[] = { "PATH=/x", NULL };
    long id = ws_run_begin(w, "build-gem5", "scons", argv, "/w/gem5", env, "l", "abc");
    assert_int_equal(id, 1);
    ws_run_end(w, id, true, 2, 0, 1.5, false);
    long id2 = ws_run_begin(w, "take-checkpoint", "gem5", argv, "/w", NULL, "", "abc");
    assert_int_equal(id2, 2);
    ws_run_end(w, id2, false, 0, 9, 0.5, true);
    ws_ckpt_made(w, "/w/checkpoints/take-2/checkpoint", "take-checkpoint", id2, "abc",
                 "cfg.py", "disk.img", "sst");
    ws_ckpt_restored(w, "/w/checkpoints/take-2/checkpoint", "restore-sst", 3);
    assert_int_equal(ws_save(w, err), 0);
    ws_close(w);
    assert_int_equal(ws_open(root, &w, err), 0);
    cJSON *r = ws_run(w, 1);
    assert_string_equal(cJSON_GetObjectItem(r, "status")->valuestring, "failed");
    assert_int_equal(cJSON_GetObjectItem(r, "exit")->valueint, 2);
    assert_string_equal(cJSON_GetArrayItem(cJSON_GetObjectItem(r, "env"), 0)->valuestring,
                        "PATH=/x");
    r = ws_run(w, 2);
    assert_string_equal(cJSON_GetObjectItem(r, "status")->valuestring, "cancelled");
    assert_int_equal(cJSON_GetObjectItem(r, "signal")->valueint, 9);
    cJSON *c = ws_ckpt(w, "/w/checkpoints/take-2/checkpoint");
    assert_non_null(c);
    assert_string_equal(cJSON_GetObjectItem(c, "board")->valuestring, "sst");
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(c, "restored")), 1);
    assert_int_equal(ws_log_path(w, "build-gem5", 7, log, sizeof log), 0);
    assert_true(tu_contains(log, "/.gem5wb/logs/build-gem5-7.log"));
    ws_close(w);
}

static void test_params(void **state)
{
    (void)state;
    char err[ERR_LEN] = "";
    const struct step_def *take = step_find("take-checkpoint");
    assert_non_null(take);
    assert_int_equal(step_param_check(take, "local_memory", "4GiB", err), 0);
    assert_int_equal(step_param_check(take, "local_memory", "lots", err), -1);
    assert_true(tu_contains(err, "take-checkpoint.local_memory must be a size"));
    assert_int_equal(step_param_check(take, "clock", "3GHz", err), 0);
    assert_int_equal(step_param_check(take, "clock", "3", err), -1);
    assert_int_equal(step_param_check(take, "remote_range", "4294967296,38654705664", err), 0);
    assert_int_equal(step_param_check(take, "remote_range", "5,4", err), -1);
    assert_int_equal(step_param_check(take, "board", "gem5-only", err), 0);
    assert_int_equal(step_param_check(take, "board", "other", err), -1);
    assert_true(tu_contains(err, "sst|gem5-only"));
    assert_int_equal(step_param_check(take, "nosuch", "1", err), -1);
    assert_null(step_find("nosuch"));
    for (size_t i = 0; step_table[i]; i++)      /* needs name real, earlier steps */
        for (size_t k = 0; k < 4 && step_table[i]->needs[k]; k++) {
            const struct step_def *n = step_find(step_table[i]->needs[k]);
            assert_non_null(n);
            size_t j = 0;
            while (step_table[j] != n)
                j++;
            assert_true(j < i);
        }
}

/* A clone of gem5 as far as the planners look: a .git folder. */
static struct ws *cloned_ws(char *err)
{
    struct ws *w;
    char git[4400];
    assert_int_equal(ws_init(root, &w, err), 0);
    snprintf(git, sizeof git, "%s/gem5/.git", root);
    mkdir(git, 0755);
    cJSON *st = ws_step(w, "clone");
    cJSON_AddStringToObject(st, "commit", "9fbbf1f9f87ecf5e8255aee8e11e1bf717d96b07");
    return w;
}

static void test_plans(void **state)
{
    (void)state;
    char err[ERR_LEN] = "";
    struct ws *w = cloned_ws(err);
    struct step_plan p;
    const char *sets[] = { "jobs=3", NULL };
    assert_int_equal(step_plan(w, step_find("build-gem5"), sets, &p, err), 0);
    assert_int_equal(p.ncmds, 1);
    assert_string_equal(p.cmds[0].argv[0], "scons");
    assert_string_equal(p.cmds[0].argv[1], "build/ARM/gem5.opt");
    assert_string_equal(p.cmds[0].argv[3], "3");
    assert_true(tu_contains(p.cmds[0].cwd, "/gem5"));
    assert_true(tu_contains(p.artifacts[0], "gem5/build/ARM/gem5.opt"));
    step_plan_free(&p);
    assert_int_equal(step_plan(w, step_find("build-libgem5"), NULL, &p, err), 0);
    assert_string_equal(p.cmds[0].argv[1], "build/ARM/libgem5_opt.so");
    assert_string_equal(p.cmds[0].argv[4], "--without-tcmalloc");
    assert_string_equal(p.cmds[0].argv[5], "--duplicate-sources");
    step_plan_free(&p);
    /* m5 follows the disk image's architecture */
    ws_set_setting(w, "disk-image.arch", "arm64");
    assert_int_equal(step_plan(w, step_find("build-m5"), NULL, &p, err), 0);
    assert_string_equal(p.cmds[0].argv[1], "build/arm64/out/m5");
    assert_true(tu_contains(p.cmds[0].cwd, "gem5/util/m5"));
    step_plan_free(&p);
    /* sst-core needs its source */
    assert_int_equal(step_plan(w, step_find("build-sst-core"), NULL, &p, err), -1);
    assert_true(tu_contains(err, "build-sst-core needs source"));
    const char *bad[] = { "source=/no/such/sstcore-13.0.0.tar.gz", NULL };
    assert_int_equal(step_plan(w, step_find("build-sst-core"), bad, &p, err), -1);
    assert_true(tu_contains(err, "/no/such/sstcore-13.0.0.tar.gz does not exist"));
    const char *unknown[] = { "sauce=x", NULL };
    assert_int_equal(step_plan(w, step_find("build-sst-core"), unknown, &p, err), -1);
    assert_true(tu_contains(err, "no parameter 'sauce'"));
    ws_close(w);
}

static void test_stale(void **state)
{
    (void)state;
    char err[ERR_LEN] = "", why[512], art[4600];
    struct ws *w = cloned_ws(err);
    const struct step_def *d = step_find("build-gem5");
    struct step_plan p;
    assert_int_equal(step_status(w, d, why, sizeof why), STEP_NEW);
    assert_int_equal(step_plan(w, d, NULL, &p, err), 0);
    cJSON *st = ws_step(w, "build-gem5");           /* as the runner records a success */
    cJSON_AddStringToObject(st, "status", "ok");
    cJSON_AddStringToObject(st, "inputs", p.inputs);
    cJSON_AddStringToObject(st, "commit", "9fbbf1f9f87ecf5e8255aee8e11e1bf717d96b07");
    cJSON *params = cJSON_AddObjectToObject(st, "params");
    cJSON_AddStringToObject(params, "isa", "ARM");
    cJSON_AddStringToObject(params, "variant", "opt");
    cJSON_AddStringToObject(params, "jobs", step_value(&(struct step_ctx){ .w = w, .def = d },
                                                       "jobs"));
    snprintf(art, sizeof art, "%s/gem5/build/ARM", root);
    assert_int_equal(dir_create(art, err), 0);
    tu_write(art, "gem5.opt", "x");
    step_plan_free(&p);
    assert_int_equal(step_status(w, d, why, sizeof why), STEP_OK);
    ws_set_setting(w, "build-gem5.variant", "debug");  /* another binary: stale */
    assert_int_equal(step_status(w, d, why, sizeof why), STEP_STALE);
    assert_string_equal(why, "variant changed from opt to debug since it ran");
    ws_unset_setting(w, "build-gem5.variant");
    assert_int_equal(step_status(w, d, why, sizeof why), STEP_OK);
    /* the fork moved on: every build is stale */
    cJSON *clone = ws_step(w, "clone");
    cJSON_DeleteItemFromObject(clone, "commit");
    cJSON_AddStringToObject(clone, "commit", "af5a333e7f");
    assert_int_equal(step_status(w, d, why, sizeof why), STEP_STALE);
    assert_string_equal(why, "the fork moved from 9fbbf1f9f8 to af5a333e7f since it ran");
    /* an artifact gone: missing */
    cJSON_DeleteItemFromObject(clone, "commit");
    cJSON_AddStringToObject(clone, "commit", "9fbbf1f9f87ecf5e8255aee8e11e1bf717d96b07");
    char gone[4700];
    snprintf(gone, sizeof gone, "%s/gem5.opt", art);
    assert_int_equal(unlink(gone), 0);
    assert_int_equal(step_status(w, d, why, sizeof why), STEP_MISSING);
    assert_true(tu_contains(why, "gem5.opt is gone"));
    /* a run whose gem5wb was killed shows as failed, not running forever */
    const struct step_def *m5 = step_find("build-m5");
    cJSON *ms = ws_step(w, "build-m5");
    cJSON_AddStringToObject(ms, "status", "running");
    cJSON_AddNumberToObject(ms, "pid", (double)getpid());
    assert_int_equal(step_status(w, m5, why, sizeof why), STEP_RUNNING);
    cJSON_DeleteItemFromObject(ms, "pid");
    cJSON_AddNumberToObject(ms, "pid", 999999999.0);       /* above pid_max: no such process */
    assert_int_equal(step_status(w, m5, why, sizeof why), STEP_FAILED);
    assert_true(tu_contains(why, "interrupted"));
    ws_close(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_init_open_save, setup, teardown),
        cmocka_unit_test_setup_teardown(test_history_and_lineage, setup, teardown),
        cmocka_unit_test(test_params),
        cmocka_unit_test_setup_teardown(test_plans, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stale, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

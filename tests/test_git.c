/* Tests of core/workflow/git: real libgit2 clones of repositories the test makes with git,
 * on the fork's branch name; fetch-and-switch; errors; cancel; odd paths. */
#include "core/util/err.h"
#include "core/workflow/git.h"
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

#define BRANCH GIT_DEFAULT_BRANCH

static char tmp[4096], src[4200];

/* Runs a shell line with the test's folders; quoting is the caller's. */
static void sh(const char *fmt, ...)
{
    char cmd[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    if (system(cmd) != 0)
        fail_msg("command failed: %s", cmd);
}

static void rev_parse(const char *ref, char *out)
{
    char cmd[8400];
    snprintf(cmd, sizeof cmd, "git -C '%s' rev-parse '%s'", src, ref);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    assert_non_null(fgets(out, 64, p));
    out[strcspn(out, "\n")] = 0;
    pclose(p);
}

static int setup(void **state)
{
    (void)state;
    snprintf(tmp, sizeof tmp, "%s", tu_tmpdir());
    snprintf(src, sizeof src, "%s/src repo", tmp);
    sh("git init -q -b develop '%s' && cd '%s' && git config user.email t@t && "
       "git config user.name t && echo base > README && git add README && "
       "git commit -qm base && git checkout -qb %s && mkdir -p src/sst && "
       "echo bridge > src/sst/outgoing_request_bridge.cc && git add -A && "
       "git commit -qm fork && git checkout -q develop", src, src, BRANCH);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tu_rmtree(tmp);
    return 0;
}

struct seen {
    int calls, checkout;
    double last;
    int cancel_at;
};

static int on_progress(void *arg, const struct git_progress *p)
{
    struct seen *s = arg;
    s->calls++;
    s->checkout += p->phase == GITP_CHECKOUT;
    assert_true(p->fraction >= s->last - 1e-9);   /* never goes back */
    s->last = p->fraction;
    return s->cancel_at && s->calls >= s->cancel_at;
}

static void test_clone_branch_and_fetch(void **state)
{
    (void)state;
    char dir[4300], want[64], err[ERR_LEN] = "", file[4400];
    snprintf(dir, sizeof dir, "%s/gem5 \"quoted\" 'dir'", tmp);
    struct git_result res;
    struct seen s = { 0 };
    assert_int_equal(gw_git_sync(src, BRANCH, dir, on_progress, &s, &res, err), 0);
    rev_parse(BRANCH, want);
    assert_string_equal(res.commit, want);
    assert_false(res.fetched);
    assert_true(s.calls > 0 && s.checkout > 0);
    assert_true(s.last == 1.0);
    snprintf(file, sizeof file, "%s/src/sst/outgoing_request_bridge.cc", dir);
    struct stat st;
    assert_int_equal(stat(file, &st), 0);
    /* the fork moves on: the same folder is fetched and switched */
    sh("cd '%s' && git checkout -q %s && echo more > NEW && git add NEW && "
       "git commit -qm more && git checkout -q develop", src, BRANCH);
    assert_int_equal(gw_git_sync(src, BRANCH, dir, NULL, NULL, &res, err), 0);
    rev_parse(BRANCH, want);
    assert_string_equal(res.commit, want);
    assert_true(res.fetched);
    snprintf(file, sizeof file, "%s/NEW", dir);
    assert_int_equal(stat(file, &st), 0);
}

static void test_file_url_and_worker(void **state)
{
    (void)state;
    char dir[4300], url[4400], want[64], err[ERR_LEN] = "";
    snprintf(dir, sizeof dir, "%s/via-url", tmp);
    snprintf(url, sizeof url, "file://%s", src);
    struct git_job *j;
    struct seen s = { 0 };
    assert_int_equal(gw_git_start(url, BRANCH, dir, on_progress, &s, &j, err), 0);
    struct git_result res;
    assert_int_equal(gw_git_finish(j, &res, err), 0);
    rev_parse(BRANCH, want);
    assert_string_equal(res.commit, want);
}

static void test_errors(void **state)
{
    (void)state;
    char dir[4300], err[ERR_LEN] = "";
    struct git_result res;
    snprintf(dir, sizeof dir, "%s/missing-branch", tmp);
    assert_int_equal(gw_git_sync(src, "no/such-branch", dir, NULL, NULL, &res, err), -1);
    assert_true(tu_contains(err, "no/such-branch"));
    struct stat st;
    assert_int_equal(stat(dir, &st), -1);   /* nothing left behind */
    snprintf(dir, sizeof dir, "%s/not-a-clone", tmp);
    sh("mkdir -p '%s' && echo x > '%s/file'", dir, dir);
    assert_int_equal(gw_git_sync(src, BRANCH, dir, NULL, NULL, &res, err), -1);
    assert_true(tu_contains(err, "not a git clone"));
    snprintf(dir, sizeof dir, "%s/unreachable", tmp);
    assert_int_equal(gw_git_sync("https://127.0.0.1:1/gem5.git", BRANCH, dir, NULL, NULL,
                                 &res, err), -1);
    assert_true(tu_contains(err, "cannot reach https://127.0.0.1:1/gem5.git"));
}

static void test_cancel_then_resume(void **state)
{
    (void)state;
    char dir[4300], want[64], err[ERR_LEN] = "";
    snprintf(dir, sizeof dir, "%s/cancelled", tmp);
    struct git_result res;
    struct seen s = { .cancel_at = 1 };
    assert_int_equal(gw_git_sync(src, BRANCH, dir, on_progress, &s, &res, err), -1);
    assert_true(tu_contains(err, "cancelled"));
    /* run again: it starts over and completes */
    assert_int_equal(gw_git_sync(src, BRANCH, dir, NULL, NULL, &res, err), 0);
    rev_parse(BRANCH, want);
    assert_string_equal(res.commit, want);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_clone_branch_and_fetch, setup, teardown),
        cmocka_unit_test_setup_teardown(test_file_url_and_worker, setup, teardown),
        cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cancel_then_resume, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

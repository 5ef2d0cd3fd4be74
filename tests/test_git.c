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

struct cancel_at_phase {
    enum git_phase phase;
    int calls;
    bool mid;                     /* cancelled with part of the objects received */
};

/* Cancels at the first report of the phase; for objects, only once some but not all came. */
static int cancel_in_phase(void *arg, const struct git_progress *p)
{
    struct cancel_at_phase *c = arg;
    c->calls++;
    if (p->phase != c->phase)
        return 0;
    if (p->phase == GITP_OBJECTS) {
        if (!p->objects_received || p->objects_received >= p->objects_total)
            return 0;
        c->mid = true;
    }
    return 1;
}

static bool exists(const char *dir, const char *rel)
{
    char path[4600];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    return stat(path, &st) == 0;
}

static void test_cancel_then_resume(void **state)
{
    (void)state;
    char dir[4300], want[64], err[ERR_LEN] = "";
    /* enough objects that the transfer reports progress many times */
    sh("cd '%s' && git checkout -q %s && mkdir -p many && for i in $(seq 400); do "
       "echo \"file $i $RANDOM\" > many/f$i; done && git add -A && git commit -qm many && "
       "git checkout -q develop", src, BRANCH);
    rev_parse(BRANCH, want);
    snprintf(dir, sizeof dir, "%s/cancelled \"clone\"", tmp);
    struct git_result res;
    struct cancel_at_phase c = { .phase = GITP_OBJECTS };
    assert_int_equal(gw_git_sync(src, BRANCH, dir, cancel_in_phase, &c, &res, err), -1);
    assert_true(c.mid);
    assert_true(tu_contains(err, "cancelled") && tu_contains(err, "resume"));
    assert_true(exists(dir, ".git/gem5wb-clone-incomplete"));
    /* cleaned: gone */
    assert_int_equal(gw_git_clean(dir, err), 0);
    assert_false(exists(dir, ""));
    /* cancelled again, in the checkout this time, then resumed */
    c = (struct cancel_at_phase){ .phase = GITP_CHECKOUT };
    assert_int_equal(gw_git_sync(src, BRANCH, dir, cancel_in_phase, &c, &res, err), -1);
    assert_true(exists(dir, ".git/gem5wb-clone-incomplete"));
    assert_false(exists(dir, "many/f400"));
    struct seen s = { 0 };
    assert_int_equal(gw_git_sync(src, BRANCH, dir, on_progress, &s, &res, err), 0);
    assert_string_equal(res.commit, want);
    assert_true(res.resumed && !res.fetched);
    assert_true(exists(dir, "many/f400") && exists(dir, "src/sst/outgoing_request_bridge.cc"));
    assert_false(exists(dir, ".git/gem5wb-clone-incomplete"));
    assert_true(s.last == 1.0);
    /* a finished clone, or any other folder, is not gem5wb's to remove */
    assert_int_equal(gw_git_clean(dir, err), -1);
    assert_true(tu_contains(err, "not an unfinished clone"));
    assert_true(exists(dir, "many/f400"));
    assert_int_equal(gw_git_clean(tmp, err), -1);
    /* and the finished clone tracks origin's branch, for a plain git pull */
    sh("test \"$(git -C '%s' rev-parse --abbrev-ref @{upstream})\" = origin/%s", dir, BRANCH);
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

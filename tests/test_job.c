/* core/workflow/job tests: lines per stream, exit codes and signals, exec errors, env and
 * cwd, huge and '\r' lines, raw bytes, the log, cancelling trees, PDEATHSIG, throughput. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/util/err.h"
#include "core/util/fileio.h"
#include "core/workflow/job.h"
#include "tests/support/testutil.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Every delivery a job made, in order. */
struct rec {
    size_t n, cap;
    struct { int stream; unsigned flags; char *text; size_t len; } *v;
    uint64_t count;               /* for the million-line test, which keeps no text */
    size_t ready_seen;
};

static void rec_line(void *arg, int stream, const char *line, size_t len, unsigned flags)
{
    struct rec *r = arg;
    assert_int_equal(line[len], '\0');
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 16;
        r->v = realloc(r->v, r->cap * sizeof *r->v);
        assert_non_null(r->v);
    }
    r->v[r->n].stream = stream;
    r->v[r->n].flags = flags;
    r->v[r->n].text = malloc(len + 1);
    assert_non_null(r->v[r->n].text);
    memcpy(r->v[r->n].text, line, len + 1);
    r->v[r->n].len = len;
    r->n++;
}

static void rec_free(struct rec *r)
{
    for (size_t i = 0; i < r->n; i++)
        free(r->v[i].text);
    free(r->v);
    memset(r, 0, sizeof *r);
}

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1000.0 + (double)t.tv_nsec / 1e6;
}

/* Runs argv to the end (10 s deadline), recording lines into r. */
static void run(const struct job_spec *spec, struct rec *r, struct job_result *res)
{
    char err[ERR_LEN];
    struct job *j;
    assert_int_equal(job_start(spec, rec_line, r, &j, err), 0);
    assert_int_equal(job_wait(j, 10000, err), 0);
    job_result(j, res);
    assert_true(res->finished);
    job_free(j);
}

static void run_sh(const char *script, struct rec *r, struct job_result *res)
{
    const char *argv[] = { "sh", "-c", script, NULL };
    struct job_spec spec = { .argv = argv };
    run(&spec, r, res);
}

static void test_streams(void **state)
{
    (void)state;
    struct rec r = { 0 };
    struct job_result res;
    run_sh("echo out1; echo err1 >&2; echo out2; printf 'err2' >&2", &r, &res);
    const char *out[2] = { "out1", "out2" }, *errl[2] = { "err1", "err2" };
    size_t no = 0, ne = 0;
    for (size_t i = 0; i < r.n; i++) {
        assert_int_equal(r.v[i].flags, 0);
        if (r.v[i].stream == 1)
            assert_string_equal(r.v[i].text, out[no++]);
        else
            assert_string_equal(r.v[i].text, errl[ne++]);
    }
    assert_int_equal(no, 2);
    assert_int_equal(ne, 2);
    assert_true(res.exited);
    assert_int_equal(res.exit_code, 0);
    assert_int_equal(res.lines, 4);
    assert_int_equal(res.bytes_out, 19);
    assert_false(res.cancelled);
    assert_true(res.seconds >= 0 && res.seconds < 10);
    rec_free(&r);
}

static void test_exit_and_signal(void **state)
{
    (void)state;
    struct rec r = { 0 };
    struct job_result res;
    run_sh("exit 3", &r, &res);
    assert_true(res.exited);
    assert_int_equal(res.exit_code, 3);
    run_sh("kill -USR1 $$", &r, &res);
    assert_false(res.exited);
    assert_int_equal(res.signal, SIGUSR1);
    assert_int_equal(r.n, 0);
}

static void test_missing_program(void **state)
{
    (void)state;
    const char *argv[] = { "gem5wb-no-such-program", "x", NULL };
    struct job_spec spec = { .argv = argv };
    char err[ERR_LEN];
    struct job *j = (struct job *)1;
    assert_int_equal(job_start(&spec, rec_line, NULL, &j, err), -1);
    assert_null(j);
    assert_string_equal(err, "cannot run gem5wb-no-such-program: No such file or directory");
    const char *none[] = { NULL };
    spec.argv = none;
    assert_int_equal(job_start(&spec, rec_line, NULL, &j, err), -1);
    assert_true(tu_contains(err, "no program"));
}

static void test_env_and_cwd(void **state)
{
    (void)state;
    char *tmp = tu_tmpdir(), dir[PATH_MAX], real[PATH_MAX], err[ERR_LEN];
    assert_int_equal(path_join(dir, sizeof dir, tmp, "it's a \"dir\" $name"), 0);
    assert_int_equal(mkdir(dir, 0755), 0);
    assert_non_null(realpath(dir, real));
    setenv("GW_JOB_OVR", "old", 1);
    setenv("GW_JOB_KEEP", "kept", 1);
    const char *argv[] = { "sh", "-c", "pwd; echo \"$GW_JOB_OVR|$GW_JOB_NEW|$GW_JOB_KEEP\"", NULL };
    const char *env[] = { "GW_JOB_OVR=new", "GW_JOB_NEW=a b 'c'", NULL };
    struct job_spec spec = { .argv = argv, .cwd = dir, .env_set = env };
    struct rec r = { 0 };
    struct job_result res;
    run(&spec, &r, &res);
    assert_int_equal(r.n, 2);
    assert_string_equal(r.v[0].text, real);
    assert_string_equal(r.v[1].text, "new|a b 'c'|kept");
    rec_free(&r);
    /* a folder that does not exist is named in the error */
    char missing[PATH_MAX];
    assert_int_equal(path_join(missing, sizeof missing, tmp, "gone"), 0);
    spec.cwd = missing;
    struct job *j;
    assert_int_equal(job_start(&spec, rec_line, &r, &j, err), -1);
    assert_true(tu_contains(err, "cannot run sh in folder"));
    assert_true(tu_contains(err, "gone: No such file or directory"));
    unsetenv("GW_JOB_OVR");
    unsetenv("GW_JOB_KEEP");
    tu_rmtree(tmp);
}

static void test_huge_line(void **state)
{
    (void)state;
    struct rec r = { 0 };
    struct job_result res;
    run_sh("head -c 200000 /dev/zero | tr '\\000' x", &r, &res);
    assert_true(r.n >= 4);
    size_t total = 0;
    for (size_t i = 0; i < r.n; i++) {
        bool last = i + 1 == r.n;
        assert_int_equal(r.v[i].flags, last ? 0 : JOB_LINE_PARTIAL);
        if (!last)
            assert_int_equal(r.v[i].len, JOB_LINE_MAX);
        for (size_t k = 0; k < r.v[i].len; k++)
            assert_int_equal(r.v[i].text[k], 'x');
        total += r.v[i].len;
    }
    assert_int_equal(total, 200000);
    assert_int_equal(r.v[r.n - 1].len, 200000 % JOB_LINE_MAX);
    assert_int_equal(res.lines, 1);
    rec_free(&r);
    /* exactly JOB_LINE_MAX bytes then '\n' stays one line */
    run_sh("head -c 65536 /dev/zero | tr '\\000' y; echo; echo z", &r, &res);
    assert_int_equal(r.n, 2);
    assert_int_equal(r.v[0].len, JOB_LINE_MAX);
    assert_int_equal(r.v[0].flags, 0);
    assert_string_equal(r.v[1].text, "z");
    rec_free(&r);
}

static void test_cr_progress(void **state)
{
    (void)state;
    struct rec r = { 0 };
    struct job_result res;
    run_sh("printf '10%%\\r20%%\\r30%%\\ndos\\r\\n\\rtq1\\rtq2\\nend\\r'", &r, &res);
    const char *text[] = { "10%", "20%", "30%", "dos", "tq1", "tq2", "end" };
    unsigned flags[] = { JOB_LINE_CR, JOB_LINE_CR, 0, 0, JOB_LINE_CR, 0, JOB_LINE_CR };
    assert_int_equal(r.n, 7);
    for (size_t i = 0; i < 7; i++) {
        assert_string_equal(r.v[i].text, text[i]);
        assert_int_equal(r.v[i].flags, flags[i]);
    }
    assert_int_equal(res.lines, 3);
    rec_free(&r);
}

static void test_raw_bytes_and_strip(void **state)
{
    (void)state;
    struct rec r = { 0 };
    struct job_result res;
    run_sh("printf '\\033[1;31mred\\033[0m \\377\\376 \\033]0;title\\007end\\033(B!\\n'", &r,
           &res);
    const char raw[] = "\033[1;31mred\033[0m \377\376 \033]0;title\007end\033(B!";
    assert_int_equal(r.n, 1);
    assert_int_equal(r.v[0].len, sizeof raw - 1);
    assert_memory_equal(r.v[0].text, raw, sizeof raw - 1);
    assert_int_equal(job_strip_ansi(r.v[0].text), 11);
    assert_string_equal(r.v[0].text, "red \377\376 end!");
    char st[] = "a\033]8;;http://x\033\\link\033[Kb\033";
    job_strip_ansi(st);
    assert_string_equal(st, "alinkb");
    rec_free(&r);
}

static void test_log_file(void **state)
{
    (void)state;
    char *tmp = tu_tmpdir(), log[PATH_MAX], err[ERR_LEN], *data;
    size_t len;
    tu_write(tmp, "job.log", "old\n");
    assert_int_equal(path_join(log, sizeof log, tmp, "job.log"), 0);
    const char *argv[] = { "sh", "-c", "seq 1 2000; echo warn >&2; printf end", NULL };
    struct job_spec spec = { .argv = argv, .log_path = log };
    struct rec r = { 0 };
    struct job_result res;
    run(&spec, &r, &res);
    /* build what stdout was; stderr's line may land anywhere between chunks */
    size_t cap = 16 * 2000, n = 0;
    char *want = malloc(cap);
    assert_non_null(want);
    for (int i = 1; i <= 2000; i++)
        n += (size_t)snprintf(want + n, cap - n, "%d\n", i);
    n += (size_t)snprintf(want + n, cap - n, "end");
    assert_int_equal(file_read_all(log, 1 << 20, &data, &len, err), 0);
    assert_int_equal(len, 4 + n + 5);
    assert_int_equal(res.bytes_out, n + 5);
    assert_memory_equal(data, "old\n", 4);
    char *w = strstr(data, "warn\n");
    assert_non_null(w);
    memmove(w, w + 5, (size_t)(data + len - (w + 5)) + 1);
    assert_memory_equal(data + 4, want, n);
    assert_int_equal(res.lines, 2002);
    free(data);
    free(want);
    rec_free(&r);
    tu_rmtree(tmp);
}

/* Processes (not zombies) whose process group is pgid, from /proc. */
static int group_alive(pid_t pgid)
{
    DIR *d = opendir("/proc");
    struct dirent *de;
    int n = 0;
    while (d && (de = readdir(d)) != NULL) {
        char path[300], buf[512], st;
        int ppid, pg;
        snprintf(path, sizeof path, "/proc/%s/stat", de->d_name);
        FILE *f = fopen(path, "r");
        if (!f)
            continue;
        size_t k = fread(buf, 1, sizeof buf - 1, f);
        fclose(f);
        buf[k] = '\0';
        char *p = strrchr(buf, ')');
        if (p && sscanf(p + 1, " %c %d %d", &st, &ppid, &pg) == 3 && pg == pgid && st != 'Z')
            n++;
    }
    if (d)
        closedir(d);
    return n;
}

/* Is pid gone (or a zombie nobody has reaped yet)? */
static bool pid_dead(pid_t pid)
{
    char path[64], buf[512];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return true;
    size_t k = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[k] = '\0';
    char *p = strrchr(buf, ')');
    return p && p[1] == ' ' && p[2] == 'Z';
}

static void test_cancel_tree(void **state)
{
    (void)state;
    const char *argv[] = { "sh", "-c", "sleep 100 & sleep 100 & wait", NULL };
    struct job_spec spec = { .argv = argv };
    char err[ERR_LEN];
    struct job *j;
    assert_int_equal(job_start(&spec, NULL, NULL, &j, err), 0);
    pid_t pg = job_pid(j);
    double end = now_ms() + 5000;
    while (group_alive(pg) < 3 && now_ms() < end)
        assert_int_equal(job_wait(j, 5, err), 1);
    assert_int_equal(group_alive(pg), 3);
    job_cancel(j);
    assert_int_equal(job_wait(j, 5000, err), 0);
    struct job_result res;
    job_result(j, &res);
    assert_true(res.cancelled);
    assert_false(res.exited);
    assert_int_equal(res.signal, SIGTERM);
    job_free(j);
    /* the sleeps are reaped by init: wait for the group to vanish */
    end = now_ms() + 5000;
    while (kill(-pg, 0) == 0 && now_ms() < end)
        poll(NULL, 0, 5);
    assert_int_equal(kill(-pg, 0), -1);
    assert_int_equal(errno, ESRCH);
}

static void test_sigkill_after_grace(void **state)
{
    (void)state;
    const char *argv[] = { "sh", "-c", "trap '' TERM; echo ready; sleep 100", NULL };
    struct job_spec spec = { .argv = argv, .grace_ms = 200 };
    char err[ERR_LEN];
    struct rec r = { 0 };
    struct job *j;
    assert_int_equal(job_start(&spec, rec_line, &r, &j, err), 0);
    double end = now_ms() + 5000;
    while (r.n == 0 && now_ms() < end)
        assert_int_equal(job_wait(j, 5, err), 1);
    assert_int_equal(r.n, 1);
    double t0 = now_ms();
    job_cancel(j);
    assert_int_equal(job_wait(j, 5000, err), 0);
    double took = now_ms() - t0;
    struct job_result res;
    job_result(j, &res);
    assert_int_equal(res.signal, SIGKILL);
    assert_true(res.cancelled);
    assert_true(took >= 200 && took < 3000);
    job_free(j);
    rec_free(&r);
}

/* The middle process: starts `sleep 100`, reports its pid, then waits to be killed. */
static void middle(int wfd)
{
    const char *argv[] = { "sleep", "100", NULL };
    struct job_spec spec = { .argv = argv };
    char err[ERR_LEN];
    struct job *j;
    pid_t pid = job_start(&spec, NULL, NULL, &j, err) == 0 ? job_pid(j) : -1;
    if (write(wfd, &pid, sizeof pid) != (ssize_t)sizeof pid)
        _exit(1);
    for (;;)
        pause();
}

static void test_pdeathsig(void **state)
{
    (void)state;
    int p[2];
    assert_int_equal(pipe(p), 0);
    pid_t m = fork();
    assert_true(m >= 0);
    if (m == 0) {
        close(p[0]);
        middle(p[1]);
    }
    close(p[1]);
    pid_t child = -1;
    assert_int_equal(read(p[0], &child, sizeof child), sizeof child);
    close(p[0]);
    assert_true(child > 0);
    assert_false(pid_dead(child));
    assert_int_equal(kill(m, SIGKILL), 0);
    assert_int_equal(waitpid(m, NULL, 0), m);
    double end = now_ms() + 5000;
    while (!pid_dead(child) && now_ms() < end)
        poll(NULL, 0, 5);
    assert_true(pid_dead(child));
}

static void count_line(void *arg, int stream, const char *line, size_t len, unsigned flags)
{
    struct rec *r = arg;
    (void)line;
    if (stream == 1 && flags == 0 && len > 0)
        r->count++;
}

static void test_million_lines(void **state)
{
    (void)state;
    const char *argv[] = { "seq", "1", "1000000", NULL };
    struct job_spec spec = { .argv = argv };
    char err[ERR_LEN];
    struct rec r = { 0 };
    struct job *j;
    double t0 = now_ms(), end = t0 + 60000;
    assert_int_equal(job_start(&spec, count_line, &r, &j, err), 0);
    int st;
    while ((st = job_pump(j, err)) == 1 && now_ms() < end) {
        struct pollfd p[2];
        int fds[2], n = job_fds(j, fds);
        for (int i = 0; i < n; i++)
            p[i] = (struct pollfd){ .fd = fds[i], .events = POLLIN };
        poll(p, (nfds_t)n, n ? 1000 : 10);
    }
    assert_int_equal(st, 0);
    struct job_result res;
    job_result(j, &res);
    assert_int_equal(r.count, 1000000);
    assert_int_equal(res.lines, 1000000);
    assert_int_equal(res.exit_code, 0);
    printf("[ INFO     ] job: %.0f lines/s (%.1f MB in %.3f s)\n",
           1e6 / ((now_ms() - t0) / 1000.0), (double)res.bytes_out / 1e6, res.seconds);
    job_free(j);
}

static void test_free_running(void **state)
{
    (void)state;
    const char *argv[] = { "sleep", "100", NULL };
    struct job_spec spec = { .argv = argv };
    char err[ERR_LEN];
    struct job *j;
    assert_int_equal(job_start(&spec, NULL, NULL, &j, err), 0);
    pid_t pid = job_pid(j);
    struct job_result res;
    job_result(j, &res);
    assert_false(res.finished);
    job_free(j);
    /* reaped by job_free: not even a zombie is left */
    char path[64];
    snprintf(path, sizeof path, "/proc/%d", (int)pid);
    assert_int_not_equal(access(path, F_OK), 0);
}

/* A second job must not inherit the first job's pipes or log: everything is CLOEXEC. */
static void test_no_fd_leak(void **state)
{
    (void)state;
    char *tmp = tu_tmpdir(), log[PATH_MAX], err[ERR_LEN];
    assert_int_equal(path_join(log, sizeof log, tmp, "a.log"), 0);
    const char *argv_a[] = { "sleep", "100", NULL };
    struct job_spec a = { .argv = argv_a, .log_path = log };
    struct job *ja;
    assert_int_equal(job_start(&a, NULL, NULL, &ja, err), 0);
    int fds[2], n = job_fds(ja, fds);
    assert_int_equal(n, 2);
    char mine[2][PATH_MAX];
    for (int i = 0; i < 2; i++) {
        char link[64];
        snprintf(link, sizeof link, "/proc/self/fd/%d", fds[i]);
        ssize_t k = readlink(link, mine[i], sizeof mine[i] - 1);
        assert_true(k > 0);
        mine[i][k] = '\0';
    }
    const char *argv_b[] = { "sh", "-c", "for f in /proc/$$/fd/*; do readlink \"$f\"; done", NULL };
    struct job_spec b = { .argv = argv_b };
    struct rec r = { 0 };
    struct job_result res;
    run(&b, &r, &res);
    assert_true(r.n >= 3);
    for (size_t i = 0; i < r.n; i++) {
        assert_string_not_equal(r.v[i].text, mine[0]);
        assert_string_not_equal(r.v[i].text, mine[1]);
        assert_false(tu_contains(r.v[i].text, "a.log"));
    }
    assert_string_equal(r.v[0].text, "/dev/null");   /* stdin */
    rec_free(&r);
    job_free(ja);
    tu_rmtree(tmp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_streams),
        cmocka_unit_test(test_exit_and_signal),
        cmocka_unit_test(test_missing_program),
        cmocka_unit_test(test_env_and_cwd),
        cmocka_unit_test(test_huge_line),
        cmocka_unit_test(test_cr_progress),
        cmocka_unit_test(test_raw_bytes_and_strip),
        cmocka_unit_test(test_log_file),
        cmocka_unit_test(test_cancel_tree),
        cmocka_unit_test(test_sigkill_after_grace),
        cmocka_unit_test(test_pdeathsig),
        cmocka_unit_test(test_million_lines),
        cmocka_unit_test(test_free_running),
        cmocka_unit_test(test_no_fd_leak),
    };
    return cmocka_run_group_tests_name("job", tests, NULL, NULL);
}

/* tests/fakes/gem5, tests/fakes/sst and the replay program: real captured gem5 and SST runs
 * replayed at their recorded pace through the job engine and the progress parsers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/util/err.h"
#include "core/util/fileio.h"
#include "core/workflow/job.h"
#include "core/workflow/progress/progress.h"
#include "tests/support/testutil.h"

#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define WAIT_MS 60000             /* generous: sanitizer builds and busy CI machines */
#define FIX "fixtures/"
#define TAKE_SPEED "2"         /* fast enough, and slow enough to measure the pace */

/* Absolute paths the fakes need, found once (the job runs in another folder). */
static char fakes_dir[PATH_MAX], shared_dir[PATH_MAX], replay_path[PATH_MAX];
static char env_replay[PATH_MAX + 16], env_shared[PATH_MAX + 16];

/* What one run delivered and what the tool's parser made of it. */
struct seen {
    struct prog_parser *p;
    char *out;                    /* every line, '\n'-joined, stderr ones prefixed "2> " */
    char *diags;                  /* every diagnostic, one per line */
    char *details;                /* every non-empty ev.detail, one per line */
    char *phases;                 /* each phase change, one per line */
    const char *first_phase, *phase;
    char first_err[512], done_detail[256], item[256];
    int errors;
    bool done, failed;
};

static void add(char **buf, const char *prefix, const char *s, size_t n)
{
    size_t old = *buf ? strlen(*buf) : 0, pl = strlen(prefix);
    *buf = realloc(*buf, old + pl + n + 2);
    assert_non_null(*buf);
    memcpy(*buf + old, prefix, pl);
    memcpy(*buf + old + pl, s, n);
    memcpy(*buf + old + pl + n, "\n", 2);
}

static void note_event(struct seen *s, const struct prog_event *ev)
{
    if (ev->phase && ev->phase != s->phase)
        add(&s->phases, "", ev->phase, strlen(ev->phase));
    if (ev->phase && !s->first_phase)
        s->first_phase = ev->phase;
    s->phase = ev->phase;
    if (ev->detail[0])
        add(&s->details, "", ev->detail, strlen(ev->detail));
    if (ev->done && !s->done)
        snprintf(s->done_detail, sizeof s->done_detail, "%s", ev->detail);
    if (ev->item[0])
        snprintf(s->item, sizeof s->item, "%s", ev->item);
    s->done |= ev->done;
    s->failed |= ev->failed;
    if (ev->has_diag)
        add(&s->diags, "", ev->diag, strlen(ev->diag));
    if (ev->has_diag && ev->sev == PROG_ERROR && !s->errors++)
        snprintf(s->first_err, sizeof s->first_err, "%s", ev->diag);
}

static void on_line(void *arg, int stream, const char *line, size_t len, unsigned flags)
{
    struct seen *s = arg;
    struct prog_event ev;
    assert_int_equal(flags, 0);
    add(&s->out, stream == 2 ? "2> " : "", line, len);
    if (s->p && prog_feed(s->p, line, len, &ev))
        note_event(s, &ev);
}

static void seen_free(struct seen *s)
{
    prog_free(s->p);
    free(s->out);
    free(s->diags);
    free(s->details);
    free(s->phases);
    memset(s, 0, sizeof *s);
}

/* Runs argv (argv[0] a program path) in cwd with the fakes' env plus `extra` ("NAME=value" or
 * NULL), feeding parser `parser` (NULL: none); waits with a deadline, never a fixed sleep. */
static void run_job(const char *const *argv, const char *cwd, const char *parser,
                    const char *speed, const char *extra, const char *log, struct seen *s,
                    struct job_result *res)
{
    char err[ERR_LEN], env_speed[64];
    snprintf(env_speed, sizeof env_speed, "GEM5WB_REPLAY_SPEED=%s", speed);
    const char *env[] = { env_replay, env_shared, env_speed,
                          extra ? extra : "FAKE_GEM5_CRASH=0", NULL };
    struct job_spec spec = { .argv = argv, .cwd = cwd, .env_set = env, .log_path = log };
    struct job *j;
    memset(s, 0, sizeof *s);
    if (parser)
        assert_non_null(s->p = prog_new(parser, err));
    if (job_start(&spec, on_line, s, &j, err) != 0)
        fail_msg("%s", err);
    int rc = job_wait(j, WAIT_MS, err);
    if (rc != 0)
        fail_msg("%s did not finish within %d ms (%d): %s", argv[0], WAIT_MS, rc, err);
    job_result(j, res);
    job_free(j);
    assert_true(res->finished);
    if (!s->out)
        add(&s->out, "", "", 0);
}

/* Runs tests/fakes/<tool> with args (NULL-terminated, at most 8) through the tool's parser. */
static void run_fake(const char *tool, const char *const *args, const char *cwd,
                     const char *speed, const char *extra, const char *log, struct seen *s,
                     struct job_result *res)
{
    char prog[PATH_MAX];
    const char *argv[10] = { prog };
    assert_int_equal(path_join(prog, sizeof prog, fakes_dir, tool), 0);
    for (int i = 0; args[i]; i++) {
        assert_true(i < 8);
        argv[i + 1] = args[i];
    }
    run_job(argv, cwd, tool, speed, extra, log, s, res);
}

static char *read_all(const char *path, size_t *len)
{
    char err[ERR_LEN], *data;
    size_t n;
    if (file_read_all(path, 1 << 24, &data, len ? len : &n, err) != 0)
        fail_msg("%s", err);
    return data;
}

static const char *fixture(const char *rel)
{
    static char buf[4][PATH_MAX + 128];
    static int slot;
    char *b = buf[slot++ % 4];
    int n = snprintf(b, sizeof buf[0], "%s/" FIX "%s", shared_dir, rel);
    assert_true(n > 0 && (size_t)n < sizeof buf[0]);
    return b;
}

/* Sum of the delays in a .timing file: the capture's recorded duration in seconds. */
static double recorded_seconds(const char *rel)
{
    char *text = read_all(fixture(rel), NULL), *line = text;
    double sum = 0, d;
    size_t bytes;
    for (; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
        if (sscanf(line, "%lf %zu", &d, &bytes) == 2)
            sum += d;
    free(text);
    return sum;
}

/* The exit status a capture's .meta records. */
static int meta_exit(const char *rel)
{
    char *text = read_all(fixture(rel), NULL);
    const char *m = strstr(text, "\nexit: ");
    assert_non_null(m);
    int code = atoi(m + 7);
    free(text);
    return code;
}

static void assert_same_file(const char *got, const char *want)
{
    size_t gl, wl;
    char *g = read_all(got, &gl), *w = read_all(want, &wl);
    if (gl != wl || memcmp(g, w, gl) != 0)
        fail_msg("%s (%zu bytes) differs from %s (%zu bytes)", got, gl, want, wl);
    free(g);
    free(w);
}

static bool exists(const char *dir, const char *rel)
{
    char path[PATH_MAX];
    struct stat st;
    assert_int_equal(path_join(path, sizeof path, dir, rel), 0);
    return stat(path, &st) == 0;
}

static size_t count_of(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *m = hay; (m = strstr(m, needle)); m += strlen(needle))
        n++;
    return n;
}

/* A run folder whose name has a space and quotes, holding the captured config script. */
static void make_run_dir(char *dir, size_t len, const char *tmp)
{
    assert_int_equal(path_join(dir, len, tmp, "run dir 'q\" x"), 0);
    assert_int_equal(mkdir(dir, 0755), 0);
    char *py = read_all(fixture("gem5-run/inputs/two_mem_ckpt.py"), NULL);
    tu_write(dir, "two_mem_ckpt.py", py);
    free(py);
}

static void assert_exit(const struct job_result *res, int code)
{
    if (!res->exited || res->exit_code != code)
        fail_msg("expected exit %d, got %s %d", code, res->exited ? "exit" : "signal",
                 res->exited ? res->exit_code : res->signal);
}

static int group_setup(void **state)
{
    (void)state;
    const char *build = getenv("GEM5WB_BUILD");
    char replay[PATH_MAX];
    snprintf(replay, sizeof replay, "%s/replay", build && *build ? build : "build");
    if (!realpath(replay, replay_path) || !realpath("tests/fakes", fakes_dir) ||
        !realpath(tu_shared(""), shared_dir)) {
        fprintf(stderr, "test_fakes: run from the source root with GEM5WB_BUILD (holding "
                        "replay) and GEM5WB_SHARED set; %s not found\n", replay);
        return -1;
    }
    snprintf(env_replay, sizeof env_replay, "GEM5WB_REPLAY=%s", replay_path);
    snprintf(env_shared, sizeof env_shared, "GEM5WB_SHARED=%s", shared_dir);
    return 0;
}

/* (a) take a checkpoint: paced replay, parser events, checkpoint and outdir files, the log. */
static void test_gem5_take_ckpt(void **state)
{
    (void)state;
    char *tmp = tu_tmpdir(), dir[PATH_MAX], log[PATH_MAX];
    make_run_dir(dir, sizeof dir, tmp);
    assert_int_equal(path_join(log, sizeof log, tmp, "gem5 'take'.log"), 0);
    const char *args[] = { "--outdir=m5 out", "two_mem_ckpt.py", "--take-ckpt=m5 out/cpt 'a'",
                           NULL };
    struct seen s;
    struct job_result res;
    run_fake("gem5", args, dir, TAKE_SPEED, NULL, log, &s, &res);
    assert_exit(&res, meta_exit("gem5-run/gem5-run-take-ckpt.pipe.meta"));
    assert_string_equal(s.first_phase, "boot");
    assert_true(tu_contains(s.phases, "boot\nsimulate\ncheckpoint\n"));
    assert_true(s.done && !s.failed);
    assert_int_equal(s.errors, 0);
    assert_string_equal(s.done_detail, "simulate() limit reached");
    assert_true(tu_contains(s.details, "m5out-take-pipe/cpt\n"));   /* the capture's path */
    assert_string_equal(s.item, "Checkpoint written at tick 100751000");
    assert_true(tu_contains(s.diags, "info: Standard input is not a terminal"));
    /* paced: at least 0.8 x the recorded duration divided by the speed */
    double rec = recorded_seconds("gem5-run/gem5-run-take-ckpt.pipe.timing");
    assert_true(rec > 2.0);
    if (res.seconds < 0.8 * rec / atof(TAKE_SPEED))
        fail_msg("replay took %.3f s, recorded %.3f s at speed %s", res.seconds, rec, TAKE_SPEED);
    assert_same_file(log, fixture("gem5-run/gem5-run-take-ckpt.pipe.raw.log"));
    assert_int_equal(res.lines, count_of(s.out, "\n"));
    assert_int_equal(res.lines, 23);
    /* the checkpoint and the outdir files */
    char cpt[PATH_MAX];
    assert_int_equal(path_join(cpt, sizeof cpt, dir, "m5 out/cpt 'a'/m5.cpt"), 0);
    assert_same_file(cpt, fixture("gem5-run/m5out-take/cpt/m5.cpt"));
    assert_true(exists(dir, "m5 out/cpt 'a'/system.physmem.store0.pmem"));
    assert_true(exists(dir, "m5 out/cpt 'a'/system.physmem.store1.pmem"));
    const char *outs[] = { "config.ini", "config.json", "stats.txt", "citations.bib" };
    for (size_t i = 0; i < 4; i++) {
        char rel[64];
        snprintf(rel, sizeof rel, "m5 out/%s", outs[i]);
        assert_true(exists(dir, rel));
    }
    seen_free(&s);
    tu_rmtree(tmp);
}

/* Takes a checkpoint quickly into dir/"m5 out/cpt" for the restore tests. */
static void take_quickly(const char *dir)
{
    const char *args[] = { "--outdir=m5 out", "two_mem_ckpt.py", "--take-ckpt=m5 out/cpt", NULL };
    struct seen s;
    struct job_result res;
    run_fake("gem5", args, dir, "50", NULL, NULL, &s, &res);
    assert_exit(&res, 0);
    assert_true(exists(dir, "m5 out/cpt/m5.cpt"));
    seen_free(&s);
}

/* (b) restore: OK, no m5.cpt in the folder, the remote memory resized. */
static void test_gem5_restore(void **state)
{
    (void)state;
    char *tmp = tu_tmpdir(), dir[PATH_MAX], path[PATH_MAX];
    make_run_dir(dir, sizeof dir, tmp);
    take_quickly(dir);
    struct seen s;
    struct job_result res;

    const char *ok[] = { "-d", "restore out", "two_mem_ckpt.py", "--restore-ckpt=m5 out/cpt",
                         "--mem1-size=256MiB", NULL };
    run_fake("gem5", ok, dir, "10", NULL, NULL, &s, &res);
    assert_exit(&res, meta_exit("gem5-run/gem5-run-restore-ckpt.pty.meta"));
    assert_true(tu_contains(s.phases, "boot\nrestore\nsimulate\n"));
    assert_true(s.done && !s.failed);
    assert_int_equal(s.errors, 0);
    assert_string_equal(s.done_detail, "simulate() limit reached");
    assert_true(tu_contains(s.details, "m5out-take/cpt\n"));
    assert_true(tu_contains(s.out, "Exiting @ tick 200751000 because simulate() limit reached"));
    assert_int_equal(path_join(path, sizeof path, dir, "restore out/stats.txt"), 0);
    assert_same_file(path, fixture("gem5-run/m5out-restore/stats.txt"));
    seen_free(&s);

    const char *missing[] = { "two_mem_ckpt.py", "--restore-ckpt", "m5 out/no cpt", NULL };
    run_fake("gem5", missing, dir, "10", NULL, NULL, &s, &res);
    assert_exit(&res, meta_exit("gem5-run/gem5-run-restore-ckpt-missing-dir.pty.meta"));
    assert_int_equal(res.exit_code, 1);
    assert_true(s.failed && !s.done);
    assert_string_equal(s.first_err, "src/sim/serialize.cc:167: fatal: Can't load checkpoint "
                                     "file 'm5out-take/no-such-cpt//m5.cpt'");
    assert_string_equal(s.phase, "restore");
    seen_free(&s);

    const char *resized[] = { "two_mem_ckpt.py", "--restore-ckpt=m5 out/cpt",
                              "--mem1-size=128MiB", NULL };
    run_fake("gem5", resized, dir, "10", NULL, NULL, &s, &res);
    assert_exit(&res, meta_exit("gem5-run/gem5-run-restore-ckpt-changed-mem-size.pty.meta"));
    assert_int_equal(res.exit_code, 1);
    assert_true(s.failed && !s.done);
    assert_int_equal(s.errors, 1);
    assert_true(tu_contains(s.first_err, "fatal: Memory range size has changed! "
                                         "Saw 268435456, expected 134217728"));
    seen_free(&s);
    tu_rmtree(tmp);
}

/* (b) the segfault capture: the job sees death by SIGSEGV, the parser the crash banner. */
static void test_gem5_crash(void **state)
{
    (void)state;
    char *tmp = tu_tmpdir(), dir[PATH_MAX];
    make_run_dir(dir, sizeof dir, tmp);
    const char *args[] = { "--outdir=m5out-take", "two_mem_ckpt.py",
                           "--take-ckpt=m5out-take/cpt.100000000", NULL };
    struct seen s;
    struct job_result res;
    run_fake("gem5", args, dir, "10", "FAKE_GEM5_CRASH=1", NULL, &s, &res);
    assert_int_equal(meta_exit("gem5-run/gem5-run-segfault-pytrafficgen-out-of-generators.pty.meta"),
                     128 + SIGSEGV);
    assert_false(res.exited);
    assert_int_equal(res.signal, SIGSEGV);
    assert_true(s.failed && s.done);          /* the first simulate() did end */
    assert_string_equal(s.first_err, "gem5 has encountered a segmentation fault!");
    assert_string_equal(s.phase, "simulate");
    assert_true(tu_contains(s.out, "--- END LIBC BACKTRACE ---"));
    assert_false(exists(dir, "m5out-take/cpt.100000000/m5.cpt"));
    seen_free(&s);
    tu_rmtree(tmp);
}

/* gem5's own checks before any capture: a missing config script, a bad option, no replay. */
static void test_gem5_usage(void **state)
{
    (void)state;
    char *tmp = tu_tmpdir();
    struct seen s;
    struct job_result res;
    const char *noscript[] = { "--outdir=o", "no such.py", "--take-ckpt=c", NULL };
    run_fake("gem5", noscript, tmp, "10", NULL, NULL, &s, &res);
    assert_exit(&res, 2);                     /* main.py: print + options.usage(2) */
    assert_string_equal(s.first_phase, "boot");
    assert_true(tu_contains(s.out, "command line: "));
    assert_true(tu_contains(s.out, " 'no such.py' --take-ckpt=c\n\nScript no such.py not found\n"
                                   "Usage: gem5 [gem5 options] script.py [script options]\n"));
    assert_true(s.failed);
    assert_string_equal(s.first_err, "Script no such.py not found");
    assert_true(exists(tmp, "o"));            /* gem5 makes the outdir first */
    seen_free(&s);

    const char *badopt[] = { "--bogus", "x.py", NULL };
    run_fake("gem5", badopt, tmp, "10", NULL, NULL, &s, &res);
    assert_exit(&res, 2);
    assert_true(tu_contains(s.out, "2> gem5: error: no such option: --bogus\n"));
    assert_true(s.failed);
    assert_string_equal(s.first_err, "gem5: error: no such option: --bogus");
    seen_free(&s);

    const char *any[] = { "x.py", NULL };
    run_fake("gem5", any, tmp, "10", "GEM5WB_REPLAY=", NULL, &s, &res);
    assert_exit(&res, 125);
    assert_true(tu_contains(s.out, "2> fake gem5: GEM5WB_REPLAY is not set"));
    seen_free(&s);
    tu_rmtree(tmp);
}

/* (c) SST: a complete run, with heartbeats, a missing config file, a missing element library. */
static void test_sst(void **state)
{
    (void)state;
    char *tmp = tu_tmpdir();
    tu_write(tmp, "test_Component.py", "import sst\n# stand-in for sst-core's tests/test_Component.py\n");
    tu_write(tmp, "test_Component_missing_element.py",
             "import sst\ncomp = sst.Component(\"c0\", \"gem5.gem5Component\")\n");
    struct seen s;
    struct job_result res;

    const char *plain[] = { "test_Component.py", NULL };
    run_fake("sst", plain, tmp, "10", NULL, NULL, &s, &res);
    assert_exit(&res, meta_exit("sst-run/sst-run-test-component.meta"));
    assert_true(s.done && !s.failed);
    assert_string_equal(s.done_detail, "25 us");
    assert_int_equal(count_of(s.out, "Component Finished.\n"), 100);
    assert_int_equal(s.errors, 0);
    seen_free(&s);

    const char *beat[] = { "--heartbeat-period", "5us", "--print-timing-info", "test_Component.py",
                           NULL };
    run_fake("sst", beat, tmp, "10", NULL, NULL, &s, &res);
    assert_exit(&res, meta_exit("sst-run/sst-run-test-component-heartbeat-timing.meta"));
    assert_true(tu_contains(s.phases, "simulate\n"));
    assert_string_equal(s.item, "25 us");
    assert_true(s.done && !s.failed);
    seen_free(&s);

    const char *noconf[] = { "no_such_config.py", NULL };
    run_fake("sst", noconf, tmp, "10", NULL, NULL, &s, &res);
    assert_exit(&res, meta_exit("sst-run/sst-run-missing-config-file.meta"));
    assert_int_equal(res.exit_code, 1);
    assert_true(s.failed && !s.done);
    assert_string_equal(s.first_err,   /* realpath's complaint names the file first */
                        "Failed to canonicalize path [no_such_config.py]:  No such file or "
                        "directory");
    assert_true(tu_contains(s.diags, "FATAL: SSTPythonModel: Unable to open python script "
                                     "no_such_config.py"));
    seen_free(&s);

    const char *noelem[] = { "test_Component_missing_element.py", NULL };
    run_fake("sst", noelem, tmp, "10", NULL, NULL, &s, &res);
    assert_exit(&res, meta_exit("sst-run/sst-run-missing-element-library.meta"));
    assert_true(s.failed && !s.done);
    assert_string_equal(s.first_err, "Error: unable to find \"gem5\" element library");
    assert_true(tu_contains(s.diags, "FATAL:  SST Core: can't find requested component or "
                                     "subcomponent 'gem5.gem5Component'\n"));
    seen_free(&s);
    tu_rmtree(tmp);
}

/* The replay program itself: --exit without timing, bad timing files, missing files. */
static void test_replay_errors(void **state)
{
    (void)state;
    char *tmp = tu_tmpdir(), log[PATH_MAX];
    const char *replay = replay_path;
    const char *raw = fixture("sst-run/sst-run-missing-config-file.raw.log");
    struct seen s;
    struct job_result res;

    assert_int_equal(path_join(log, sizeof log, tmp, "all.log"), 0);
    const char *at_once[] = { replay, "--exit", "7", raw, NULL };
    run_job(at_once, tmp, NULL, "1", NULL, log, &s, &res);
    assert_exit(&res, 7);
    assert_same_file(log, raw);
    seen_free(&s);

    tu_write(tmp, "short it's.timing", "0.01 77\n0.01 500\n");   /* 577 of 586 bytes */
    const char *sum[] = { replay, raw, "short it's.timing", NULL };
    run_job(sum, tmp, NULL, "1", NULL, NULL, &s, &res);
    assert_exit(&res, 2);
    assert_true(tu_contains(s.out, "2> replay: short it's.timing: byte counts add up to 577, "
                                   "but "));
    assert_true(tu_contains(s.out, "has 586 bytes\n"));
    seen_free(&s);

    tu_write(tmp, "bad.timing", "0.01 77\nabc 509\n");
    const char *bad[] = { replay, raw, "bad.timing", NULL };
    run_job(bad, tmp, NULL, "1", NULL, NULL, &s, &res);
    assert_exit(&res, 2);
    assert_true(tu_contains(s.out, "2> replay: bad.timing: line 2 is not '<seconds> <bytes>'"));
    seen_free(&s);

    const char *gone[] = { replay, "gone.raw.log", "gone.timing", NULL };
    run_job(gone, tmp, NULL, "1", NULL, NULL, &s, &res);
    assert_exit(&res, 2);
    assert_true(tu_contains(s.out, "2> replay: cannot open gone.raw.log: No such file"));
    seen_free(&s);

    const char *nospeed[] = { replay, "--speed", "0", raw, NULL };
    run_job(nospeed, tmp, NULL, "1", NULL, NULL, &s, &res);
    assert_exit(&res, 2);
    assert_true(tu_contains(s.out, "2> replay: --speed: speed '0' is not a number above 0"));
    seen_free(&s);
    tu_rmtree(tmp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gem5_take_ckpt),
        cmocka_unit_test(test_gem5_restore),
        cmocka_unit_test(test_gem5_crash),
        cmocka_unit_test(test_gem5_usage),
        cmocka_unit_test(test_sst),
        cmocka_unit_test(test_replay_errors),
    };
    return cmocka_run_group_tests(tests, group_setup, NULL);
}

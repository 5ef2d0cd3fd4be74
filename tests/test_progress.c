/* core/workflow/progress tests: each tool parser replays real captured logs from the shared
 * fixtures and must report the counts, errors and exit facts read off those logs by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/util/err.h"
#include "core/workflow/progress/progress.h"
#include "tests/support/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What a whole replay said, for assertions. */
struct replay {
    int events, errors, warnings, infos;
    bool done, failed;
    char first_err[512], last_err[512], detail[256], item[256];
    const char *phase, *first_phase;
    double frac, max_frac;
    double max_step_frac;     /* the highest fraction of an event that was not "done" */
    uint64_t count;
    char *diags;              /* every diagnostic, one per line */
    size_t diags_len;
};

static void add_diag(struct replay *r, const char *d)
{
    size_t n = strlen(d);
    r->diags = realloc(r->diags, r->diags_len + n + 2);
    assert_non_null(r->diags);
    memcpy(r->diags + r->diags_len, d, n);
    r->diags_len += n;
    r->diags[r->diags_len++] = '\n';
    r->diags[r->diags_len] = '\0';
}

/* Set by tests that split on \r as well, as a reader of git's redrawn counters should. */
static bool split_cr;

static void feed_all(struct prog_parser *p, const char *data, size_t len, struct replay *r)
{
    struct prog_event ev;
    const char *end = data + len;
    for (const char *s = data; s < end;) {
        size_t n = 0;
        while (s + n < end && s[n] != '\n' && !(split_cr && s[n] == '\r'))
            n++;
        if (prog_feed(p, s, n, &ev)) {
            r->events++;
            assert_true(ev.fraction == -1 || (ev.fraction >= 0 && ev.fraction <= 1));
            r->frac = ev.fraction;
            if (ev.fraction > r->max_frac)
                r->max_frac = ev.fraction;
            if (!ev.done && ev.fraction > r->max_step_frac)
                r->max_step_frac = ev.fraction;
            if (ev.phase && !r->first_phase)
                r->first_phase = ev.phase;
            r->phase = ev.phase;
            if (ev.item[0])
                snprintf(r->item, sizeof r->item, "%s", ev.item);
            if (ev.detail[0])
                snprintf(r->detail, sizeof r->detail, "%s", ev.detail);
            r->done |= ev.done;
            r->failed |= ev.failed;
            if (ev.has_diag) {
                add_diag(r, ev.diag);
                if (ev.sev == PROG_ERROR) {
                    if (!r->errors++)
                        snprintf(r->first_err, sizeof r->first_err, "%s", ev.diag);
                    snprintf(r->last_err, sizeof r->last_err, "%s", ev.diag);
                } else if (ev.sev == PROG_WARNING) {
                    r->warnings++;
                } else {
                    r->infos++;
                }
            }
        }
        s += n + 1;
    }
    r->count = prog_count(p);
}

/* Replays fixture rel (under shared/fixtures) through parser name; total 0 = none. */
static void replay(const char *name, const char *rel, uint64_t total, struct replay *r)
{
    char path[512], err[ERR_LEN];
    snprintf(path, sizeof path, "fixtures/%s", rel);
    FILE *f = fopen(tu_shared(path), "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *data = malloc((size_t)len + 1);
    assert_non_null(data);
    assert_int_equal(fread(data, 1, (size_t)len, f), (size_t)len);
    fclose(f);
    memset(r, 0, sizeof *r);
    r->max_frac = -1;
    struct prog_parser *p = prog_new(name, err);
    assert_non_null(p);
    if (total)
        prog_set_total(p, total);
    feed_all(p, data, (size_t)len, r);
    prog_free(p);
    free(data);
    if (!r->diags)
        add_diag(r, "");
}

static void done_replay(struct replay *r) { free(r->diags); }

/* Feeds a list of literal lines. */
static void lines(const char *name, const char *const *ls, uint64_t total, struct replay *r)
{
    char err[ERR_LEN];
    memset(r, 0, sizeof *r);
    r->max_frac = -1;
    struct prog_parser *p = prog_new(name, err);
    assert_non_null(p);
    if (total)
        prog_set_total(p, total);
    for (size_t i = 0; ls[i]; i++)
        feed_all(p, ls[i], strlen(ls[i]), r);
    prog_free(p);
    if (!r->diags)
        add_diag(r, "");
}

static void test_clean(void **state)
{
    (void)state;
    char out[64];
    const char *in = "\x1b[1;32m==> qemu: Retrieving ISO\x1b[0m\r";
    assert_int_equal(prog_clean(in, strlen(in), out, sizeof out), 24);
    assert_string_equal(out, "==> qemu: Retrieving ISO");
    in = "\x1b(B\x1b[m [    LINK] \x1b[33m\x1b[1m -> \x1b[33mNULL/gem5.opt\x1b(B\x1b[m\r";
    prog_clean(in, strlen(in), out, sizeof out);
    assert_string_equal(out, " [    LINK]  -> NULL/gem5.opt");
    in = "Receiving objects:  10%\rReceiving objects:  55%\r";   /* \r overwrites */
    prog_clean(in, strlen(in), out, sizeof out);
    assert_string_equal(out, "Receiving objects:  55%");
    in = "\x1b]0;title\a a\tb\x1b[K";
    prog_clean(in, strlen(in), out, sizeof out);
    assert_string_equal(out, " a b");
    prog_clean("ab\x1b[", 4, out, sizeof out);          /* escape cut off at the end */
    assert_string_equal(out, "ab");
    prog_clean("a\0b", 3, out, sizeof out);
    assert_string_equal(out, "ab");
    prog_clean("abcdef", 6, out, 4);
    assert_string_equal(out, "abc");
}

static void test_names(void **state)
{
    (void)state;
    char err[ERR_LEN];
    const char *const *n = prog_names();
    size_t k = 0;
    for (; n[k]; k++) {
        struct prog_parser *p = prog_new(n[k], err);
        assert_non_null(p);
        assert_int_equal(prog_count(p), 0);
        prog_free(p);
    }
    assert_int_equal(k, 6);
    assert_null(prog_new("bogus", err));
    assert_non_null(strstr(err, "bogus"));
    assert_null(prog_new(NULL, err));
}

/* Odd input must not crash any parser: empty, 100 KB, invalid UTF-8, lone escapes. */
static void test_odd_lines(void **state)
{
    (void)state;
    char err[ERR_LEN];
    size_t big = 100 * 1024;
    char *huge = malloc(big);
    assert_non_null(huge);
    memset(huge, 'x', big);
    memcpy(huge, "Error: ", 7);
    char *huge_utf8 = malloc(big);
    assert_non_null(huge_utf8);
    for (size_t i = 0; i < big; i += 2)
        memcpy(huge_utf8 + i, "\xc3\xa9", 2);            /* é repeated */
    memcpy(huge_utf8, "==> qemu: ", 10);
    const struct { const char *s; size_t n; } odd[] = {
        {"", 0}, {"\r", 1}, {"\x1b", 1}, {"\x1b[", 2}, {"\xff\xfe\xc3(\xa0\xa1", 6},
        {"scons: *** [\xff\xfe", 14}, {" [", 2}, {" [ ] -> ", 8}, {"make[: *** ", 11},
        {"1795500164,,ui", 14}, {"1,,artifact,0,id", 16}, {"1,,error", 8},
        {"Exiting @ tick ", 15}, {"Exiting @ tick 12", 17}, {"x:1: fatal:", 11},
        {"exiting: curTick()=1 cause=`", 28}, {"checking ", 9}, {"CXX ", 4},
        {huge, big}, {huge_utf8, big},
    };
    for (const char *const *n = prog_names(); *n; n++) {
        struct prog_parser *p = prog_new(*n, err);
        assert_non_null(p);
        for (size_t i = 0; i < sizeof odd / sizeof odd[0]; i++) {
            struct prog_event ev;
            int r = prog_feed(p, odd[i].s, odd[i].n, &ev);
            assert_true(r == 0 || r == 1);
            assert_true(strlen(ev.item) < sizeof ev.item && strlen(ev.diag) < sizeof ev.diag);
            /* A cut must not leave half a UTF-8 character behind. */
            size_t il = strlen(ev.item);
            if (il)
                assert_true(((unsigned char)ev.item[il - 1] & 0xc0) != 0xc0);
        }
        struct prog_event ev;
        assert_int_equal(prog_feed(p, NULL, 5, &ev), 0);
        prog_free(p);
    }
    free(huge);
    free(huge_utf8);
}

static void test_scons_gem5_full(void **state)
{
    (void)state;
    struct replay r;
    /* 3449 " [TOOL] src -> target" lines, the last " [    LINK]  -> NULL/gem5.opt". */
    replay("scons", "gem5-scons/gem5-NULL-build-full.raw.log", 0, &r);
    assert_int_equal(r.count, 3449);
    assert_true(r.done);
    assert_false(r.failed);
    assert_int_equal(r.errors, 0);
    assert_string_equal(r.item, "NULL/gem5.opt");
    assert_string_equal(r.phase, "link");
    assert_string_equal(r.first_phase, "configure");
    assert_true(tu_contains(r.diags, "Warning: Header file <capstone/capstone.h> not found."));
    assert_true(tu_contains(r.diags, "MI_example-cache.sm:179: Warning: Non-void return ignored"));
    assert_true(tu_contains(r.diags, "src/mem/policy_manager.hh:93:58: warning: "));
    /* 12 warning lines, one of them the repeat under "*** Summary of Warnings ***". */
    assert_int_equal(r.warnings, 11);
    done_replay(&r);

    /* With the count from that build as the total, progress climbs to exactly 1. */
    replay("scons", "gem5-scons/gem5-NULL-build-full.raw.log", 3449, &r);
    assert_true(r.max_frac == 1.0 && r.frac == 1.0);
    assert_true(r.max_step_frac <= 0.99);   /* only "done building targets" says 100 % */
    done_replay(&r);
    /* A dry run after configure counts 3339 steps: the estimate a first build starts with. */
    replay("scons", "gem5-scons/gem5-scons-dry-run-NULL-after-configure.pipe.raw.log", 0, &r);
    assert_int_equal(r.count, 3339);
    done_replay(&r);
    replay("scons", "gem5-scons/gem5-NULL-build-full.raw.log", 3339, &r);
    assert_true(r.max_step_frac == 0.99 && r.frac == 1.0);
    done_replay(&r);
    /* Without a total, fraction stays indeterminate until "done building targets". */
    replay("scons", "gem5-scons/gem5-NULL-build-pipe-first120s-killed.raw.log", 0, &r);
    assert_true(r.frac == -1);
    assert_false(r.done);
    done_replay(&r);
}

static void test_scons_errors(void **state)
{
    (void)state;
    struct replay r;
    replay("scons", "gem5-scons/m5-arm64-build-nocross.raw.log", 0, &r);
    assert_int_equal(r.count, 1);
    assert_string_equal(r.item, "build/arm64/call_type/inst.o");
    assert_string_equal(r.first_err, "scons: *** [build/arm64/call_type/inst.o] Error 127");
    assert_true(r.failed);
    assert_false(r.done);
    done_replay(&r);

    replay("scons", "gem5-scons/gem5-scons-fail-bogus-target.pipe.raw.log", 0, &r);
    assert_true(r.failed);
    assert_non_null(strstr(r.first_err,
                           "scons: *** Do not know how to make File target `src/gem5.bogus'"));
    done_replay(&r);

    replay("scons", "gem5-scons/gem5-scons-fail-missing-python-config.pipe.raw.log", 0, &r);
    assert_true(r.failed);
    assert_string_equal(r.first_err,
                        "Error: Can't find a suitable python-config, tried python3.99-config");
    done_replay(&r);
}

static void test_scons_m5(void **state)
{
    (void)state;
    struct replay r;
    const char *logs[] = {"gem5-scons/m5-x86-build.pipe.raw.log", "gem5-scons/m5-x86-build.pty.raw.log"};
    for (size_t i = 0; i < 2; i++) {
        replay("scons", logs[i], 27, &r);           /* 27 "<TOOL> <target>" lines */
        assert_int_equal(r.count, 27);
        assert_string_equal(r.item, "build/x86/out/m5");
        assert_true(r.done && !r.failed && r.frac == 1.0);
        done_replay(&r);
    }
    replay("scons", "gem5-scons/m5-x86-build-uptodate.raw.log", 0, &r);
    assert_int_equal(r.count, 0);
    assert_true(r.done);
    done_replay(&r);
}

static void test_make(void **state)
{
    (void)state;
    struct replay r;
    /* 120 "  CXX      x" / "  CC       x" silent-rule lines; no error. */
    replay("make", "autotools-sst/sst-core-make-j2-full-quiet.raw.log", 0, &r);
    assert_int_equal(r.count, 120);
    assert_int_equal(r.errors, 0);
    assert_false(r.failed);
    assert_true(tu_contains(r.diags, "simpleMem.h:305:72: warning: "));
    done_replay(&r);

    replay("make", "autotools-sst/sst-core-make-j2-first15min.raw.log", 120, &r);
    assert_int_equal(r.count, 96);
    assert_true(r.failed);
    assert_true(r.max_frac > 0.79 && r.max_frac < 0.81);     /* 96 of 120 */
    assert_string_equal(r.first_err,
                        "make[4]: *** [Makefile:1833: model/python/pymodel_link.o] Interrupt");
    assert_string_equal(r.last_err, "make: *** [Makefile:598: all-recursive] Interrupt");
    done_replay(&r);

    replay("make", "autotools-sst/sst-core-configure-default-no-mpicc.raw.log", 0, &r);
    assert_true(r.failed);
    assert_string_equal(r.phase, "configure");
    assert_string_equal(r.first_err, "configure: error: Could not find MPI package");
    assert_string_equal(r.item, "for MPI_Init in -lmpich");
    done_replay(&r);

    /* The error follows "checking for sst-config tool available... " on the same line. */
    replay("make", "autotools-sst/sst-elements-configure-no-sst-core.raw.log", 0, &r);
    assert_true(r.failed);
    assert_non_null(strstr(r.first_err, "configure: error: Unable to find sst-config in "));
    done_replay(&r);

    replay("make", "autotools-sst/sst-core-configure-disable-mpi.raw.log", 0, &r);
    assert_false(r.failed);
    assert_int_equal(r.errors, 0);
    assert_string_equal(r.phase, "configure");
    assert_string_equal(r.item, "src/sst/core/sst_config.h");
    done_replay(&r);

    replay("make", "autotools-sst/sst-core-make-install.raw.log", 0, &r);
    assert_false(r.failed);
    assert_string_equal(r.first_phase, "install");
    done_replay(&r);
}

static void test_packer(void **state)
{
    (void)state;
    struct replay r;
    replay("packer", "packer/packer-build-local-iso-qemu-start-fail-nested-kvm.machine-readable.raw.log",
           0, &r);
    assert_true(r.failed && r.done);
    assert_string_equal(r.first_err,
                        "Error launching VM: Qemu failed to start. Please run with PACKER_LOG=1 "
                        "to get more info.");
    assert_true(tu_contains(r.diags, "Build 'qemu' errored after 64 milliseconds 442 microseconds: "
                                     "Build was halted."));
    assert_string_equal(r.last_err, "qemu: Build was halted.");
    assert_string_equal(r.detail, "");                    /* no artifacts were created */
    assert_string_equal(r.item, "Wait completed after 64 milliseconds 684 microseconds");
    done_replay(&r);

    /* %!(PACKER_COMMA) comes back as a comma. */
    const char *ul[] = {"1795500164,,ui,say,==> qemu: Starting VM%!(PACKER_COMMA) booting from CD-ROM", NULL};
    lines("packer", ul, 0, &r);
    assert_string_equal(r.item, "Starting VM, booting from CD-ROM");
    done_replay(&r);

    replay("packer", "packer/packer-build-iso-download-fail.pty.raw.log", 0, &r);
    assert_true(r.failed && r.done);
    assert_string_equal(r.first_err, "error downloading ISO: [Get \"http://old-releases.ubuntu.com/"
                                     "releases/18.04.2/ubuntu-18.04.2-server-amd64.iso\": dial tcp: "
                                     "lookup old-releases.ubuntu.com on 10.255.255.53:53: no such host]");
    assert_true(tu_contains(r.diags, "Build 'qemu' errored after 2 milliseconds 986 microseconds: "));
    done_replay(&r);

    replay("packer", "packer/packer-build-output-dir-exists.raw.log", 0, &r);
    assert_true(r.failed && r.done);
    assert_string_equal(r.first_err, "Error: Failed to prepare build: \"qemu\"");
    assert_true(tu_contains(r.diags, "Output directory 'hack-back/hack-back-image' already exists."));
    done_replay(&r);

    replay("packer", "packer/packer-validate-bad-config.raw.log", 0, &r);
    assert_true(r.failed);
    assert_string_equal(r.last_err, "unknown configuration key: '\"disk_sizee\"'");
    done_replay(&r);

    /* No capture built an image, so the artifact lines follow packer's documented
     * machine-readable form: timestamp,target,artifact,<index>,<key>,<value>. */
    const char *art[] = {
        "1795500200,qemu,artifact-count,1",
        "1795500200,qemu,artifact,0,builder-id,transcend.qemu",
        "1795500200,qemu,artifact,0,id,VM",
        "1795500200,qemu,artifact,0,string,VM files in directory: hack-back/hack-back-image",
        "1795500200,,ui,say,\\n==> Builds finished. The artifacts of successful builds are:",
        "1795500200,qemu,ui,say,--> qemu: VM files in directory: hack-back/hack-back-image",
        NULL,
    };
    lines("packer", art, 0, &r);
    assert_false(r.failed);
    assert_true(r.done);
    assert_string_equal(r.detail, "qemu: VM files in directory: hack-back/hack-back-image");
    done_replay(&r);
}

static void test_gem5(void **state)
{
    (void)state;
    struct replay r;
    replay("gem5", "gem5-run/gem5-run-take-ckpt.pty.raw.log", 200000000, &r);
    assert_string_equal(r.first_phase, "boot");
    assert_true(r.done && !r.failed);
    assert_int_equal(r.errors, 0);
    assert_true(tu_contains(r.diags, "src/mem/coherent_xbar.cc:140: warn: CoherentXBar"));
    assert_true(tu_contains(r.diags, "warn: No dot file generated."));
    assert_string_equal(r.detail, "m5out-take/cpt");
    assert_string_equal(r.item, "Checkpoint written at tick 100751000");
    assert_true(r.frac > 0.503 && r.frac < 0.504);       /* 100751000 / 200000000 */
    done_replay(&r);

    const char *exit_l[] = {"Exiting @ tick 100000000 because simulate() limit reached", NULL};
    lines("gem5", exit_l, 200000000, &r);
    assert_true(r.done);
    assert_string_equal(r.detail, "simulate() limit reached");
    assert_true(r.frac == 0.5);
    done_replay(&r);

    replay("gem5", "gem5-run/gem5-run-take-ckpt.pipe.raw.log", 0, &r);
    assert_true(r.done && !r.failed && r.frac == -1);
    done_replay(&r);

    replay("gem5", "gem5-run/gem5-run-restore-ckpt.pty.raw.log", 200751000, &r);
    assert_true(r.done && !r.failed);
    assert_string_equal(r.detail, "simulate() limit reached");   /* @ tick 200751000 */
    assert_true(r.frac == 1.0);
    done_replay(&r);

    replay("gem5", "gem5-run/gem5-run-restore-ckpt-missing-dir.pty.raw.log", 0, &r);
    assert_true(r.failed && !r.done);
    assert_string_equal(r.first_err, "src/sim/serialize.cc:167: fatal: Can't load checkpoint file "
                                     "'m5out-take/no-such-cpt//m5.cpt'");
    assert_string_equal(r.detail, "m5out-take/no-such-cpt");
    assert_string_equal(r.phase, "restore");
    done_replay(&r);

    replay("gem5", "gem5-run/gem5-run-restore-ckpt-changed-mem-size.pty.raw.log", 0, &r);
    assert_true(r.failed);
    assert_string_equal(r.first_err, "src/mem/physical.cc:470: fatal: Memory range size has "
                                     "changed! Saw 268435456, expected 134217728");
    done_replay(&r);

    replay("gem5", "gem5-run/gem5-run-segfault-pytrafficgen-out-of-generators.pty.raw.log", 0, &r);
    assert_true(r.failed);
    assert_string_equal(r.first_err, "gem5 has encountered a segmentation fault!");
    assert_string_equal(r.detail, "m5out-take/cpt.100000000");
    assert_string_equal(r.phase, "simulate");
    done_replay(&r);
}

static void test_sst(void **state)
{
    (void)state;
    struct replay r;
    replay("sst", "sst-run/sst-run-test-component.raw.log", 0, &r);
    assert_true(r.done && !r.failed);
    assert_string_equal(r.detail, "25 us");
    assert_string_equal(r.first_phase, "setup");
    done_replay(&r);

    replay("sst", "sst-run/sst-run-test-component-heartbeat-timing.raw.log", 0, &r);
    assert_true(r.done && !r.failed);
    assert_string_equal(r.item, "25 us");              /* the last heartbeat */
    assert_string_equal(r.phase, "simulate");
    done_replay(&r);

    replay("sst", "sst-run/sst-run-missing-config-file.raw.log", 0, &r);
    assert_true(r.failed && !r.done);
    assert_string_equal(r.first_err, "Failed to canonicalize path [no_such_config.py]:  No "
                                     "such file or directory");
    assert_string_equal(r.last_err, "FATAL: SSTPythonModel: Unable to open python script "
                                    "no_such_config.py");
    done_replay(&r);

    replay("sst", "sst-run/sst-run-missing-element-library.raw.log", 0, &r);
    assert_true(r.failed);
    assert_string_equal(r.first_err, "Error: unable to find \"gem5\" element library");
    assert_string_equal(r.last_err, "FATAL:  SST Core: can't find requested component or "
                                    "subcomponent 'gem5.gem5Component'");
    done_replay(&r);

    /* No MPI failure was captured: OpenMPI's fatal-handler block as in run-output-formats.md §8,
     * and the gem5 element's lines from §6. */
    const char *mpi[] = {
        "[host:1234] *** An error occurred in MPI_Isend",
        "[host:1234] *** reported by process [392036353,0]",
        "[host:1234] *** on communicator MPI_COMM_WORLD",
        "[host:1234] *** MPI_ERR_COUNT: invalid count argument",
        NULL,
    };
    lines("sst", mpi, 0, &r);
    assert_true(r.failed);
    assert_string_equal(r.first_err, "An error occurred in MPI_Isend");
    assert_string_equal(r.last_err, "MPI_ERR_COUNT: invalid count argument");
    done_replay(&r);

    const char *g5[] = {
        "gem5Component-gem5_node_0->Component is being setup.",
        "gem5.cc:123: info: Entering event queue @ 1000003933750.  Starting simulation...",
        "exiting: curTick()=1000103933750 cause=`m5_exit instruction encountered` code=0",
        "Simulation is complete, simulated time: 12.3456 ms",
        NULL,
    };
    const char *ex[] = {g5[2], NULL};                 /* the element's exit line alone */
    lines("sst", ex, 0, &r);
    assert_false(r.done);
    assert_string_equal(r.detail, "m5_exit instruction encountered");
    done_replay(&r);
    lines("sst", g5, 0, &r);
    assert_true(r.done && !r.failed);
    assert_string_equal(r.phase, "simulate");
    assert_string_equal(r.detail, "12.3456 ms");
    done_replay(&r);
}

static void test_git(void **state)
{
    (void)state;
    struct replay r;
    split_cr = true;
    replay("git", "git-clone/git-clone-progress-local-file-url.pipe.raw.log", 0, &r);
    assert_string_equal(r.first_phase, "clone");
    assert_true(r.done && !r.failed);
    assert_int_equal(r.errors, 0);
    assert_string_equal(r.phase, "checkout");
    assert_string_equal(r.item, "Updating files");        /* 100% (10374/10374), done. */
    assert_true(r.frac == 1.0);
    done_replay(&r);

    replay("git", "git-clone/git-clone-progress-local-file-url.pty.raw.log", 0, &r);
    assert_true(r.done && !r.failed && r.frac == 1.0);
    done_replay(&r);

    /* Contains a NUL after "remote side.". */
    replay("git", "git-clone/git-clone-progress-gem5-branch-file-url-fail.pipe.raw.log", 0, &r);
    assert_true(r.failed && !r.done);
    assert_string_equal(r.first_err, "remote: fatal: unable to read "
                                     "b26d16c2e2c740b62f9ad61c8cb8b23438e11fc8");
    assert_string_equal(r.last_err, "fatal: git upload-pack: aborting due to possible "
                                    "repository corruption on the remote side.");
    done_replay(&r);

    replay("git", "git-clone/git-clone-progress-sst-core-blobless-checkout-fail.pipe.raw.log", 0, &r);
    assert_true(r.failed);
    assert_true(tu_contains(r.diags, "warning: Clone succeeded, but checkout failed."));
    assert_true(tu_contains(r.diags, "fatal: could not fetch c3ee1877fafe6493192b3fa5b7aeb28f8589b626"));
    done_replay(&r);
    split_cr = false;

    /* Split on \n only, each line's last redraw still gives the end state. */
    replay("git", "git-clone/git-clone-progress-local-path.pipe.raw.log", 0, &r);
    assert_true(r.done && r.frac == 1.0);
    done_replay(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clean),         cmocka_unit_test(test_names),
        cmocka_unit_test(test_odd_lines),     cmocka_unit_test(test_scons_gem5_full),
        cmocka_unit_test(test_scons_errors),  cmocka_unit_test(test_scons_m5),
        cmocka_unit_test(test_make),          cmocka_unit_test(test_packer),
        cmocka_unit_test(test_gem5),          cmocka_unit_test(test_sst),
        cmocka_unit_test(test_git),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* core/kb/kb_match tests: lines cleaned of ANSI escapes and \r before matching, the tool
 * filter (with configure under make), regexes refining the literal, line numbers, counts and
 * the order of several hits, and kb_match_file on CRLF, NUL bytes, a last line without
 * newline, a line longer than the matcher keeps, and files it cannot read. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/kb/kb_match.h"
#include "core/util/err.h"
#include "tests/support/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ENTRY(id, pats)                                                                     \
    "{\"id\": \"" id "\", \"title\": \"t\", \"kind\": \"fail\", \"tools\": [\"gem5\"], "  \
    "\"steps\": [], \"patterns\": [" pats "], \"preflight\": \"\", \"explain\": \"e\", "      \
    "\"fix\": [\"f\"], \"action\": \"\", \"evidence\": [{\"file\": \"tests/kb/x.log\", "     \
    "\"line\": \"l\"}]}"

static const char kb_text[] = "{\"version\": 1, \"entries\": ["
    ENTRY("ssh-timeout", "{\"tool\": \"packer\", \"text\": \"Timeout waiting for SSH.\"}") ","
    ENTRY("lower-error",
          "{\"tool\": \"\", \"text\": \"Error\", \"regex\": \"^Error: [a-z]+$\"}") ","
    ENTRY("no-mpi", "{\"tool\": \"configure\", \"text\": \"Could not find MPI\"}") ","
    ENTRY("two-ways", "{\"tool\": \"gem5\", \"text\": \"fatal:\"},"
                      "{\"tool\": \"gem5\", \"text\": \"Memory range\"}") ","
    ENTRY("same-start", "{\"tool\": \"packer\", \"text\": \"Timeout in\"}")
    "]}";

static struct kb test_kb;

static int setup(void **state)
{
    char err[ERR_LEN];
    if (kb_parse(kb_text, strlen(kb_text), "test", &test_kb, err) != 0)
        fail_msg("%s", err);
    *state = &test_kb;
    return 0;
}

static int teardown(void **state)
{
    kb_free(*state);
    return 0;
}

static void feed(struct kb_matcher *m, const char *line)
{
    kb_matcher_line(m, line, strlen(line));
}

static const struct kb_hit *hit_of(const struct kb_matcher *m, const char *id)
{
    size_t n;
    const struct kb_hit *h = kb_matcher_hits(m, &n);
    for (size_t i = 0; i < n; i++)
        if (!strcmp(h[i].entry->id, id))
            return &h[i];
    return NULL;
}

static void test_cleaning(void **state)
{
    struct kb_matcher *m = kb_matcher_new(*state, "packer");
    feed(m, "\033[1;31m==> qemu: Timeout waiting for SSH.\033[0m\r");
    feed(m, "Timeout waiting\033[K for SSH.");        /* an escape inside the text */
    feed(m, "10%\rTimeout waiting for SSH.");          /* what the terminal shows last */
    const struct kb_hit *h = hit_of(m, "ssh-timeout");
    assert_non_null(h);
    assert_int_equal(h->count, 3);
    assert_string_equal(h->lines[0].text, "==> qemu: Timeout waiting for SSH.");
    assert_string_equal(h->lines[1].text, "Timeout waiting for SSH.");
    assert_int_equal(h->lines[2].line_no, 3);
    char nul[] = "Timeout\0 waiting for SSH.";
    kb_matcher_line(m, nul, sizeof nul - 1);           /* a NUL byte is dropped, not an end */
    assert_int_equal(hit_of(m, "ssh-timeout")->count, 4);
    kb_matcher_free(m);
}

static void test_tool_filter(void **state)
{
    struct kb_matcher *sst = kb_matcher_new(*state, "sst"), *any = kb_matcher_new(*state, NULL);
    struct kb_matcher *make = kb_matcher_new(*state, "make");
    struct kb_matcher *gem5 = kb_matcher_new(*state, "gem5");
    const char *lines[] = { "==> qemu: Timeout waiting for SSH.", "Error: abc",
                            "configure: error: Could not find MPI package" };
    for (size_t i = 0; i < 3; i++) {
        feed(sst, lines[i]), feed(any, lines[i]), feed(make, lines[i]), feed(gem5, lines[i]);
    }
    size_t n;
    kb_matcher_hits(sst, &n);
    assert_int_equal(n, 1);                       /* only the pattern of any tool */
    assert_non_null(hit_of(sst, "lower-error"));
    kb_matcher_hits(any, &n);
    assert_int_equal(n, 3);
    assert_non_null(hit_of(make, "no-mpi"));     /* configure runs under the make parser */
    assert_null(hit_of(gem5, "no-mpi"));
    assert_null(hit_of(gem5, "ssh-timeout"));
    kb_matcher_free(sst), kb_matcher_free(any), kb_matcher_free(make), kb_matcher_free(gem5);
}

static void test_regex_refines(void **state)
{
    struct kb_matcher *m = kb_matcher_new(*state, NULL);
    feed(m, "Error: ABC");            /* the literal is there, the regex says no */
    feed(m, "no Error: abc");
    feed(m, "Error: abc");
    feed(m, "Error: abc def");
    const struct kb_hit *h = hit_of(m, "lower-error");
    assert_non_null(h);
    assert_int_equal(h->count, 1);
    assert_int_equal(h->lines[0].line_no, 3);
    kb_matcher_free(m);
}

/* Texts that start alike (one bucket of the index), at the end of a line, cut short. */
static void test_shared_start(void **state)
{
    struct kb_matcher *m = kb_matcher_new(*state, "packer");
    feed(m, "Timeout in 5s");
    feed(m, "Timeout in 5s, Timeout waiting for SSH.");
    feed(m, "xTimeout waiting for SSH");                 /* no final dot */
    feed(m, "Timeout i");
    const struct kb_hit *a = hit_of(m, "same-start"), *b = hit_of(m, "ssh-timeout");
    assert_non_null(a);
    assert_non_null(b);
    assert_int_equal(a->count, 2);
    assert_int_equal(b->count, 1);
    assert_int_equal(b->lines[0].line_no, 2);
    kb_matcher_free(m);
}

static void test_several_hits(void **state)
{
    struct kb_matcher *m = kb_matcher_new(*state, NULL);
    feed(m, "starting");
    feed(m, "src/mem/physical.cc:470: fatal: Memory range size has changed!");  /* 2 patterns */
    feed(m, "Error: first");
    for (int i = 0; i < 10; i++)
        feed(m, "fatal: again");
    size_t n;
    const struct kb_hit *h = kb_matcher_hits(m, &n);
    assert_int_equal(n, 2);
    assert_string_equal(h[0].entry->id, "two-ways");   /* in the order of their first line */
    assert_string_equal(h[1].entry->id, "lower-error");
    assert_int_equal(h[0].count, 11);                  /* the line with both counts once */
    assert_int_equal(h[0].nlines, KB_HIT_LINES);
    assert_int_equal(h[0].lines[0].line_no, 2);
    assert_int_equal(h[0].lines[1].line_no, 4);
    assert_int_equal(h[1].lines[0].line_no, 3);
    assert_int_equal(kb_matcher_line_count(m), 13);
    kb_matcher_free(m);
}

static void test_match_file(void **state)
{
    char *dir = tu_tmpdir(), path[4096], err[ERR_LEN];
    size_t big = (3u << 20) + 5;                       /* longer than the 1 MiB kept per line */
    char *text = malloc(big + 200);
    int len = sprintf(text, "line one\r\n\033[31mError: red\033[0m\r\n");
    memset(text + len, 'x', big);
    memcpy(text + len, "Timeout waiting for SSH.", 24);
    len += (int)big;
    len += sprintf(text + len, "\nok\nfatal: last, no newline");
    snprintf(path, sizeof path, "%s/log with spaces.txt", dir);
    FILE *f = fopen(path, "wb");
    fwrite(text, 1, (size_t)len, f);
    fclose(f);
    free(text);
    struct kb_matcher *m;
    assert_int_equal(kb_match_file(*state, path, NULL, &m, err), 0);
    assert_int_equal(kb_matcher_line_count(m), 5);
    assert_int_equal(hit_of(m, "lower-error")->lines[0].line_no, 2);
    assert_string_equal(hit_of(m, "lower-error")->lines[0].text, "Error: red");
    assert_int_equal(hit_of(m, "ssh-timeout")->lines[0].line_no, 3);
    assert_int_equal(strlen(hit_of(m, "ssh-timeout")->lines[0].text), 1u << 20);
    assert_int_equal(hit_of(m, "two-ways")->lines[0].line_no, 5);
    kb_matcher_free(m);
    assert_int_equal(kb_match_file(*state, path, "gem5", &m, err), 0);
    assert_null(hit_of(m, "ssh-timeout"));
    kb_matcher_free(m);
    snprintf(path, sizeof path, "%s/missing.log", dir);
    assert_int_not_equal(kb_match_file(*state, path, NULL, &m, err), 0);
    assert_null(m);
    assert_true(tu_contains(err, "cannot read") && tu_contains(err, "missing.log"));
    assert_int_not_equal(kb_match_file(*state, dir, NULL, &m, err), 0);   /* a folder */
    assert_true(tu_contains(err, dir));
    tu_rmtree(dir);
}

/* Whose log: the real captures' own marks; an SST run (gem5's banner inside) is SST's. */
static void test_guess_tool(void **state)
{
    (void)state;
    static const struct { const char *file, *tool; } logs[] = {
        { "fixtures/gem5-run/gem5-run-restore-ckpt-changed-mem-size.pty.raw.log", "gem5" },
        { "fixtures/sst-run/sst-run-missing-element-library.raw.log", "sst" },
        { "fixtures/gem5-scons/gem5-scons-fail-missing-python-config.pipe.raw.log", "scons" },
        { "fixtures/autotools-sst/sst-core-configure-default-no-mpicc.raw.log", "configure" },
        { "fixtures/packer/packer-build-local-iso-ssh-timeout.pty.raw.log", "packer" },
    };
    const char *tool;
    char err[ERR_LEN], *dir = tu_tmpdir(), path[4096];
    for (size_t i = 0; i < sizeof logs / sizeof logs[0]; i++) {
        assert_int_equal(kb_guess_tool(tu_shared(logs[i].file), &tool, err), 0);
        assert_non_null(tool);
        assert_string_equal(tool, logs[i].tool);
    }
    tu_write(dir, "both.log", "gem5 Simulator System.  https://www.gem5.org\n"
                              "Simulation is complete, simulated time: 1 ms\n");
    snprintf(path, sizeof path, "%s/both.log", dir);
    assert_int_equal(kb_guess_tool(path, &tool, err), 0);
    assert_string_equal(tool, "sst");
    tu_write(dir, "plain.log", "nothing to see\n");
    snprintf(path, sizeof path, "%s/plain.log", dir);
    assert_int_equal(kb_guess_tool(path, &tool, err), 0);
    assert_null(tool);
    snprintf(path, sizeof path, "%s/no such.log", dir);
    assert_int_not_equal(kb_guess_tool(path, &tool, err), 0);
    assert_true(tu_contains(err, "no such.log"));
    tu_rmtree(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_cleaning, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tool_filter, setup, teardown),
        cmocka_unit_test_setup_teardown(test_regex_refines, setup, teardown),
        cmocka_unit_test_setup_teardown(test_shared_start, setup, teardown),
        cmocka_unit_test_setup_teardown(test_several_hits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_match_file, setup, teardown),
        cmocka_unit_test(test_guess_tool),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

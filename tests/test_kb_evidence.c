/* The real docs/kb.json ($GEM5WB_KB, else the copy built in) against real output: every
 * evidence file exists and kb_match_file finds its entry on the expected line, with no tool
 * and with one of the entry's tools; clean logs of successful runs hit no fail entry; steps,
 * actions and pre-flight ids name things that exist; every tests/kb log is used and says
 * where its lines come from. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/kb/kb_fix.h"
#include "core/kb/kb_match.h"
#include "core/util/err.h"
#include "core/workflow/steps.h"
#include "tests/support/testutil.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int setup(void **state)
{
    struct kb *kb = calloc(1, sizeof *kb);
    char err[ERR_LEN];
    if (kb_load_default(kb, err) != 0)
        fail_msg("%s", err);
    *state = kb;
    return 0;
}

static int teardown(void **state)
{
    kb_free(*state);
    free(*state);
    return 0;
}

/* fixtures/ lives in the shared folder, tests/kb/ in this tree (tests run from its root). */
static const char *evidence_path(const char *file)
{
    return strncmp(file, "fixtures/", 9) ? file : tu_shared(file);
}

/* Whether matching path as tool's output returns entry e with `line` among its lines. */
static bool finds(const struct kb *kb, const char *path, const char *tool,
                  const struct kb_entry *e, const char *line)
{
    struct kb_matcher *m;
    char err[ERR_LEN];
    if (kb_match_file(kb, path, tool, &m, err) != 0)
        fail_msg("%s", err);
    size_t n;
    bool found = false;
    const struct kb_hit *h = kb_matcher_hits(m, &n);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; h[i].entry == e && j < h[i].nlines; j++)
            found |= !strcmp(h[i].lines[j].text, line);
    kb_matcher_free(m);
    return found;
}

static void test_every_evidence(void **state)
{
    const struct kb *kb = *state;
    assert_true(kb->n >= 30);
    for (size_t i = 0; i < kb->n; i++) {
        const struct kb_entry *e = &kb->entries[i];
        for (size_t k = 0; k < e->nevidence; k++) {
            const char *path = evidence_path(e->evidence[k].file), *line = e->evidence[k].line;
            if (access(path, R_OK) != 0)
                fail_msg("%s: evidence %s does not exist", e->id, path);
            if (!finds(kb, path, NULL, e, line))
                fail_msg("%s: %s does not return the line '%s'", e->id, path, line);
            bool by_tool = false;
            for (size_t t = 0; t < e->ntools && !by_tool; t++)
                by_tool = finds(kb, path, e->tools[t], e, line);
            if (!by_tool)
                fail_msg("%s: none of its tools finds '%s' in %s", e->id, line, path);
        }
    }
}

static void test_clean_logs(void **state)
{
    static const char *const clean[] = {
        "fixtures/gem5-scons/m5-x86-build.pipe.raw.log",
        "fixtures/gem5-scons/m5-x86-build.pty.raw.log",
        "fixtures/gem5-scons/gem5-NULL-build-full.raw.log",
        "fixtures/gem5-run/gem5-run-take-ckpt.pty.raw.log",
        "fixtures/gem5-run/gem5-run-take-ckpt.pipe.raw.log",
        "fixtures/gem5-run/gem5-run-restore-ckpt.pty.raw.log",
        "fixtures/autotools-sst/sst-version.raw.log",
        "fixtures/autotools-sst/sst-core-configure-disable-mpi.raw.log",
        "fixtures/autotools-sst/sst-core-make-j2-full-quiet.raw.log",
        "fixtures/autotools-sst/sst-elements-configure-with-sst-core.raw.log",
        "fixtures/sst-run/sst-run-test-component-heartbeat-timing.raw.log",
        "fixtures/packer/packer-validate-syntax-only-ok.raw.log",
        "fixtures/git-clone/git-clone-progress-local-file-url.pty.raw.log",
        "tests/kb/sst-gem5-run.log",
        NULL };
    for (size_t i = 0; clean[i]; i++) {
        struct kb_matcher *m;
        char err[ERR_LEN];
        size_t n;
        if (kb_match_file(*state, evidence_path(clean[i]), NULL, &m, err) != 0)
            fail_msg("%s", err);
        const struct kb_hit *h = kb_matcher_hits(m, &n);
        for (size_t k = 0; k < n; k++)
            if (!strcmp(h[k].entry->kind, "fail"))
                fail_msg("%s, a clean log, hits %s at line %zu: %s", clean[i], h[k].entry->id,
                         h[k].lines[0].line_no, h[k].lines[0].text);
        kb_matcher_free(m);
    }
}

static bool is_action(const char *action)
{
    size_t n = strcspn(action, " ");
    for (size_t i = 0; kb_fix_actions[i]; i++)
        if (strlen(kb_fix_actions[i]) == n && !strncmp(kb_fix_actions[i], action, n))
            return true;
    return false;
}

static void test_references(void **state)
{
    const struct kb *kb = *state;
    for (size_t i = 0; i < kb->n; i++) {
        const struct kb_entry *e = &kb->entries[i];
        for (size_t s = 0; s < e->nsteps; s++)
            if (!step_find(e->steps[s]))
                fail_msg("%s: no workflow step '%s'", e->id, e->steps[s]);
        if (*e->action && !is_action(e->action))
            fail_msg("%s: no fix action '%s'", e->id, e->action);
        for (size_t j = 0; *e->preflight && j < i; j++)   /* preflight_ids: the first wins */
            if (!strcmp(kb->entries[j].preflight, e->preflight))
                fail_msg("%s and %s share the pre-flight check %s", kb->entries[j].id, e->id,
                         e->preflight);
    }
}

static bool used(const struct kb *kb, const char *file)
{
    for (size_t i = 0; i < kb->n; i++)
        for (size_t k = 0; k < kb->entries[i].nevidence; k++)
            if (!strcmp(kb->entries[i].evidence[k].file, file))
                return true;
    return false;
}

static void test_kb_logs(void **state)
{
    DIR *d = opendir("tests/kb");
    assert_non_null(d);
    struct dirent *de;
    while ((de = readdir(d))) {
        char rel[512], first[3] = "";
        if (de->d_name[0] == '.')
            continue;
        snprintf(rel, sizeof rel, "tests/kb/%s", de->d_name);
        if (!used(*state, rel))
            fail_msg("%s is evidence of no entry", rel);
        FILE *f = fopen(rel, "r");
        assert_non_null(f);
        assert_non_null(fgets(first, sizeof first, f));
        fclose(f);
        if (strcmp(first, "# "))
            fail_msg("%s does not start with a '# ' line saying where its lines come from", rel);
    }
    closedir(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_evidence),
        cmocka_unit_test(test_clean_logs),
        cmocka_unit_test(test_references),
        cmocka_unit_test(test_kb_logs),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

/* core/kb tests: a valid kb.json parsed field by field; each way an entry can be wrong
 * refused with an error naming the source and the entry; lookups by id, tool, step and
 * words; kb_load and kb_load_default ($GEM5WB_KB, else the built-in copy). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/kb/kb.h"
#include "core/util/err.h"
#include "tests/support/testutil.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A valid entry; tests change one field of it. */
static cJSON *good_entry(const char *id)
{
    cJSON *e = cJSON_Parse(
        "{\"id\": \"x\", \"title\": \"MPI overflows\", \"kind\": \"fail\","
        " \"tools\": [\"sst\", \"gem5\"], \"steps\": [\"restore-sst\"],"
        " \"commits\": {\"from\": \"117b7c7bef\", \"to\": \"7d4cb1dc8e\", \"text\": \"t\"},"
        " \"patterns\": [{\"tool\": \"sst\", \"text\": \"MPI_ERR_COUNT\"},"
        "                {\"tool\": \"\", \"text\": \"Error\", \"regex\": \"^Error: [a-z]+$\"}],"
        " \"preflight\": \"sst-init-volume\", \"explain\": \"Too much data in one Isend.\","
        " \"fix\": [\"Run sst alone\", \"Check out 7d4cb1dc8e\"], \"action\": \"set-param a.b=1\","
        " \"evidence\": [{\"file\": \"tests/kb/a.log\", \"line\": \"MPI_ERR_COUNT\"}]}");
    cJSON_ReplaceItemInObject(e, "id", cJSON_CreateString(id));
    return e;
}

/* Parses {"version": 1, "entries": [entries...]}; returns kb_parse's status. */
static int parse_doc(cJSON *entries, struct kb *kb, char *err)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddNumberToObject(doc, "version", 1);
    cJSON_AddItemToObject(doc, "entries", entries);
    char *text = cJSON_Print(doc);
    int rc = kb_parse(text, strlen(text), "docs/kb.json", kb, err);
    free(text);
    cJSON_Delete(doc);
    return rc;
}

static int parse_one(cJSON *entry, struct kb *kb, char *err)
{
    cJSON *list = cJSON_CreateArray();
    cJSON_AddItemToArray(list, good_entry("first-entry"));
    cJSON_AddItemToArray(list, entry);
    return parse_doc(list, kb, err);
}

static void test_parse_fields(void **state)
{
    (void)state;
    struct kb kb;
    char err[ERR_LEN] = "";
    assert_int_equal(parse_one(good_entry("sst-mpi-err-count"), &kb, err), 0);
    assert_int_equal(kb.n, 2);
    assert_string_equal(kb.source, "docs/kb.json");
    const struct kb_entry *e = &kb.entries[1];
    assert_string_equal(e->id, "sst-mpi-err-count");
    assert_string_equal(e->kind, "fail");
    assert_int_equal(e->ntools, 2);
    assert_string_equal(e->tools[1], "gem5");
    assert_string_equal(e->commit_from, "117b7c7bef");
    assert_string_equal(e->commit_to, "7d4cb1dc8e");
    assert_int_equal(e->npatterns, 2);
    assert_null(e->patterns[0].regex);
    assert_null(e->patterns[0].compiled);
    assert_non_null(e->patterns[1].compiled);
    assert_string_equal(e->patterns[1].tool, "");
    assert_int_equal(e->nfix, 2);
    assert_string_equal(e->action, "set-param a.b=1");
    assert_string_equal(e->evidence[0].file, "tests/kb/a.log");
    kb_free(&kb);
    assert_int_equal(kb.n, 0);
}

/* Entry 2 of a document must be refused with an error holding both words. */
static void refused(cJSON *entry, const char *w1, const char *w2)
{
    struct kb kb;
    char err[ERR_LEN] = "";
    assert_int_not_equal(parse_one(entry, &kb, err), 0);
    if (!tu_contains(err, w1) || !tu_contains(err, w2) ||
        !tu_contains(err, "docs/kb.json: entry 2"))
        fail_msg("error '%s' lacks '%s' or '%s'", err, w1, w2);
    assert_null(kb.entries);
}

static cJSON *with(const char *field, cJSON *value)
{
    cJSON *e = good_entry("bad-entry");
    if (value)
        cJSON_ReplaceItemInObject(e, field, value);
    else
        cJSON_DeleteItemFromObject(e, field);
    return e;
}

static cJSON *pattern_with(const char *key, cJSON *value)
{
    cJSON *e = good_entry("bad-entry");
    cJSON *p = cJSON_GetArrayItem(cJSON_GetObjectItem(e, "patterns"), 1);
    cJSON_ReplaceItemInObject(p, key, value);
    return e;
}

static void test_parse_errors(void **state)
{
    (void)state;
    refused(with("title", NULL), "(bad-entry)", "'title' is missing");
    refused(with("tools", cJSON_CreateString("sst")), "(bad-entry)", "'tools' must be an array");
    refused(with("tools", cJSON_CreateStringArray((const char *[]){ "ssh" }, 1)), "'ssh'",
            "not valid");
    refused(with("kind", cJSON_CreateString("error")), "(bad-entry)", "kind 'error'");
    refused(with("explain", cJSON_CreateNumber(3)), "(bad-entry)", "'explain' must be a string");
    refused(with("fix", cJSON_CreateArray()), "(bad-entry)", "'fix' is empty");
    refused(with("evidence", cJSON_CreateArray()), "(bad-entry)", "'evidence' must be");
    refused(with("id", cJSON_CreateString("Bad_Id")), "'Bad_Id'", "lower-case words");
    refused(with("id", cJSON_CreateString("double--dash")), "double--dash", "dashes");
    refused(with("preflight", cJSON_CreateString("No Such")), "(bad-entry)", "preflight");
    refused(pattern_with("regex", cJSON_CreateString("([unclosed")), "patterns 2",
            "does not compile");
    refused(pattern_with("tool", cJSON_CreateString("bash")), "patterns 2", "tool 'bash'");
    refused(pattern_with("text", cJSON_CreateString("")), "patterns 2", "'text' is empty");
    refused(pattern_with("text", cJSON_CreateString("E")), "patterns 2", "shorter than 2");
    cJSON *e = good_entry("bad-entry");
    cJSON_AddStringToObject(e, "severity", "high");
    refused(e, "(bad-entry)", "unknown field 'severity'");
    e = good_entry("bad-entry");
    cJSON_AddStringToObject(e, "title", "again");
    refused(e, "(bad-entry)", "'title' appears twice");
    e = good_entry("bad-entry");
    cJSON_ReplaceItemInObject(cJSON_GetObjectItem(e, "commits"), "to", cJSON_CreateString("HEAD"));
    refused(e, "commits.to 'HEAD'", "not a commit");
    e = good_entry("bad-entry");
    cJSON_ReplaceItemInObject(cJSON_GetArrayItem(cJSON_GetObjectItem(e, "evidence"), 0), "file",
                              cJSON_CreateString("/tmp/x.log"));
    refused(e, "evidence 1", "neither under fixtures/ nor tests/kb/");
    refused(good_entry("first-entry"), "(first-entry)", "already used by entry 1");
}

static void test_document_errors(void **state)
{
    (void)state;
    struct kb kb;
    char err[ERR_LEN];
    const char *broken = "{\"version\": 1,\n \"entries\": [\n {\"id\": }]}";
    assert_int_not_equal(kb_parse(broken, strlen(broken), "my.json", &kb, err), 0);
    assert_true(tu_contains(err, "my.json: line 3: not valid JSON"));
    const char *v2 = "{\"version\": 2, \"entries\": []}";
    assert_int_not_equal(kb_parse(v2, strlen(v2), "my.json", &kb, err), 0);
    assert_true(tu_contains(err, "my.json: \"version\" must be 1"));
    const char *extra = "{\"version\": 1, \"entries\": [], \"more\": 1}";
    assert_int_not_equal(kb_parse(extra, strlen(extra), "my.json", &kb, err), 0);
    assert_true(tu_contains(err, "unknown top-level field 'more'"));
    assert_int_not_equal(kb_load("/nonexistent/kb.json", &kb, err), 0);
    assert_true(tu_contains(err, "/nonexistent/kb.json"));
}

static void test_lookup_and_search(void **state)
{
    (void)state;
    struct kb kb;
    char err[ERR_LEN];
    cJSON *list = cJSON_CreateArray();
    cJSON_AddItemToArray(list, good_entry("alpha"));
    cJSON *b = good_entry("beta-two");
    cJSON_ReplaceItemInObject(b, "tools", cJSON_CreateStringArray((const char *[]){ "packer" }, 1));
    cJSON_ReplaceItemInObject(b, "steps", cJSON_CreateArray());
    cJSON_ReplaceItemInObject(b, "title", cJSON_CreateString("Timeout waiting for SSH"));
    cJSON_AddItemToArray(list, b);
    assert_int_equal(parse_doc(list, &kb, err), 0);
    const struct kb_entry *a = kb_find(&kb, "alpha"), *bt = kb_find(&kb, "beta-two");
    assert_non_null(a);
    assert_non_null(bt);
    assert_null(kb_find(&kb, "gamma"));
    assert_true(kb_entry_has_tool(a, "sst"));
    assert_false(kb_entry_has_tool(a, "packer"));
    assert_true(kb_entry_has_tool(bt, "packer"));
    assert_true(kb_entry_has_step(a, "restore-sst"));
    assert_false(kb_entry_has_step(bt, "restore-sst"));
    assert_true(kb_entry_matches_query(a, ""));
    assert_true(kb_entry_matches_query(a, NULL));
    assert_true(kb_entry_matches_query(bt, "ssh TIMEOUT"));      /* any case, every word */
    assert_false(kb_entry_matches_query(bt, "ssh mpi"));
    assert_true(kb_entry_matches_query(a, "isend 7d4cb1dc8e"));  /* explain and fix */
    assert_true(kb_entry_matches_query(a, "  restore-sst\t"));   /* steps, blanks around */
    assert_true(kb_entry_matches_query(bt, "packer"));           /* tools */
    assert_true(kb_entry_matches_query(bt, "time"));             /* a word's start... */
    assert_false(kb_entry_matches_query(bt, "imeout"));          /* ...not its middle */
    assert_true(kb_tool_known("configure"));
    assert_false(kb_tool_known("bash"));
    kb_free(&kb);
}

static void test_load_default(void **state)
{
    (void)state;
    struct kb kb;
    char err[ERR_LEN];
    unsetenv("GEM5WB_KB");
    assert_int_equal(kb_load_default(&kb, err), 0);
    assert_string_equal(kb.source, "built-in");
    assert_true(kb.n >= 30);
    assert_int_equal(kb_builtin_json[kb_builtin_len], '\0');
    kb_free(&kb);
    char *dir = tu_tmpdir();
    tu_write(dir, "kb.json", "{\"version\": 1, \"entries\": []}");
    char path[4096];
    snprintf(path, sizeof path, "%s/kb.json", dir);
    setenv("GEM5WB_KB", path, 1);
    assert_int_equal(kb_load_default(&kb, err), 0);
    assert_string_equal(kb.source, path);
    assert_int_equal(kb.n, 0);
    kb_free(&kb);
    tu_write(dir, "kb.json", "{\"version\": 1, \"entries\": [{}]}");
    assert_int_not_equal(kb_load_default(&kb, err), 0);
    assert_true(tu_contains(err, path));
    unsetenv("GEM5WB_KB");
    tu_rmtree(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_fields),
        cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_document_errors),
        cmocka_unit_test(test_lookup_and_search),
        cmocka_unit_test(test_load_default),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

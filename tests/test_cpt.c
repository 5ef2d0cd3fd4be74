/* Tests of the m5.cpt model (core/checkpoint/cpt*.c): byte-identical round trips, every
 * parse error and warning, typed getters, edits that touch only their lines, and fuzzing. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/checkpoint/cpt.h"
#include "core/util/err.h"
#include "core/util/fileio.h"

#define FIXTURE "/fixtures/gem5-run/m5out-take/cpt/m5.cpt"

/* ---- helpers ---- */

static void fixture_path(char *buf, size_t len)
{
    const char *shared = getenv("GEM5WB_SHARED");
    snprintf(buf, len, "%s%s", shared && *shared ? shared : "../shared", FIXTURE);
}

static char *read_fixture(size_t *len)
{
    char path[4096], err[ERR_LEN], *data = NULL;
    fixture_path(path, sizeof path);
    if (file_read_all(path, 1 << 24, &data, len, err) != 0)
        fail_msg("the m5.cpt fixture is missing (set GEM5WB_SHARED to the shared folder): %s",
                 err);
    return data;
}

static struct cpt *parse_len(const char *text, size_t len)
{
    char err[ERR_LEN] = "";
    struct cpt *c = cpt_parse("t.cpt", text, len, err);
    if (!c)
        fail_msg("parse failed: %s", err);
    return c;
}

static struct cpt *parse(const char *text)
{
    return parse_len(text, strlen(text));
}

static void assert_output(const struct cpt *c, const char *want, size_t want_len)
{
    char *out, err[ERR_LEN];
    size_t len;
    assert_int_equal(cpt_write_buffer(c, &out, &len, err), 0);
    if (len != want_len || memcmp(out, want, len) != 0)
        fail_msg("output differs:\n--- got (%zu bytes)\n%.*s\n--- want (%zu bytes)\n%.*s", len,
                 (int)(len > 2000 ? 2000 : len), out, want_len,
                 (int)(want_len > 2000 ? 2000 : want_len), want);
    free(out);
}

static void assert_text(const struct cpt *c, const char *want)
{
    assert_output(c, want, strlen(want));
}

/* Parses, writes back, and checks the bytes are the same. */
static void assert_round_trip(const char *text, size_t len)
{
    struct cpt *c = parse_len(text, len);
    assert_output(c, text, len);
    cpt_free(c);
}

/* Checks that text fails with "t.cpt:<line>: ..." containing `part`. */
static void assert_error(const char *text, size_t len, size_t line, const char *part)
{
    char err[ERR_LEN] = "", prefix[64];
    struct cpt *c = cpt_parse("t.cpt", text, len, err);
    if (c) {
        cpt_free(c);
        fail_msg("expected an error at line %zu for: %.*s", line, (int)len, text);
    }
    snprintf(prefix, sizeof prefix, "t.cpt:%zu: ", line);
    if (strncmp(err, prefix, strlen(prefix)) != 0 || !strstr(err, part))
        fail_msg("error '%s' does not start with '%s' or lacks '%s'", err, prefix, part);
}

static void assert_err_str(const char *text, size_t line, const char *part)
{
    assert_error(text, strlen(text), line, part);
}

/* Finds the warning at `line` containing `part`; fails if there is none. */
static void assert_warning(const struct cpt *c, size_t line, const char *part)
{
    for (size_t i = 0; i < cpt_warning_count(c); i++) {
        const struct cpt_warning *w = cpt_warning_at(c, i);
        if (w->line == line && strstr(w->text, part))
            return;
    }
    fail_msg("no warning at line %zu containing '%s' (%zu warnings)", line, part,
             cpt_warning_count(c));
}

static void assert_err_prefix(const char *err, const char *want)
{
    if (strncmp(err, want, strlen(want)) != 0)
        fail_msg("error '%s' does not start with '%s'", err, want);
}

/* Splits text into lines (without their '\n'). */
struct lines {
    const char **at;
    size_t *len;
    size_t n;
};

static void split_lines(const char *t, size_t len, struct lines *l)
{
    size_t cap = 16;
    l->at = malloc(cap * sizeof *l->at);
    l->len = malloc(cap * sizeof *l->len);
    l->n = 0;
    for (size_t pos = 0; pos < len;) {
        const char *nl = memchr(t + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - t) : len;
        if (l->n == cap) {
            cap *= 2;
            l->at = realloc(l->at, cap * sizeof *l->at);
            l->len = realloc(l->len, cap * sizeof *l->len);
        }
        l->at[l->n] = t + pos;
        l->len[l->n++] = end - pos;
        pos = nl ? end + 1 : len;
    }
}

static bool same_line(const struct lines *a, size_t i, const struct lines *b, size_t j)
{
    return a->len[i] == b->len[j] && memcmp(a->at[i], b->at[j], a->len[i]) == 0;
}

/* A line diff for one edit: after the common head and tail, how many lines of `before`
 * were replaced (removed) and how many lines of `after` came in (added). */
static void line_diff(const char *before, size_t blen, const char *after, size_t alen,
                      size_t *removed, size_t *added)
{
    struct lines a, b;
    split_lines(before, blen, &a);
    split_lines(after, alen, &b);
    size_t head = 0, tail = 0;
    while (head < a.n && head < b.n && same_line(&a, head, &b, head))
        head++;
    while (tail < a.n - head && tail < b.n - head &&
           same_line(&a, a.n - 1 - tail, &b, b.n - 1 - tail))
        tail++;
    *removed = a.n - head - tail;
    *added = b.n - head - tail;
    free(a.at);
    free(a.len);
    free(b.at);
    free(b.len);
}

static void assert_diff(const char *orig, size_t olen, const struct cpt *c, size_t removed,
                        size_t added)
{
    char *out, err[ERR_LEN];
    size_t len, r, a;
    assert_int_equal(cpt_write_buffer(c, &out, &len, err), 0);
    line_diff(orig, olen, out, len, &r, &a);
    free(out);
    if (r != removed || a != added)
        fail_msg("line diff: %zu removed, %zu added; expected %zu and %zu", r, a, removed, added);
}

/* Writes c, parses the output again and returns it (the caller frees). */
static struct cpt *reparse(const struct cpt *c)
{
    char *out, err[ERR_LEN];
    size_t len;
    assert_int_equal(cpt_write_buffer(c, &out, &len, err), 0);
    struct cpt *d = cpt_parse("re.cpt", out, len, err);
    if (!d)
        fail_msg("edited output does not parse again: %s", err);
    free(out);
    return d;
}

/* ---- round trips ---- */

static void test_fixture_round_trip(void **state)
{
    (void)state;
    size_t len;
    char *data = read_fixture(&len);
    char path[4096], err[ERR_LEN];
    fixture_path(path, sizeof path);
    struct cpt *c = cpt_load(path, err);
    if (!c)
        fail_msg("%s", err);
    assert_output(c, data, len);
    assert_int_equal(cpt_warning_count(c), 0);
    assert_int_equal(cpt_section_count(c), 21);
    assert_string_equal(cpt_section_name(c, 0), "system.tgen_remote");
    assert_int_equal(cpt_section_line(c, 0), 3);
    long root = cpt_section_find(c, "root");
    assert_true(root >= 0);
    assert_int_equal(cpt_section_line(c, (size_t)root), 78);
    assert_string_equal(cpt_get(c, "root.globals", "curTick"), "100751000");
    assert_string_equal(cpt_get(c, "root", "FullSystem"), "false");
    assert_string_equal(cpt_get(c, "system.dvfs_handler", "domain_ids"), "");
    long sf = cpt_section_find(c, "system.membus.snoop_filter");
    assert_true(sf >= 0);
    assert_int_equal(cpt_entry_count(c, (size_t)sf), 0);
    uint64_t u;
    assert_int_equal(cpt_get_u64(c, "system.physmem.store0", "range_size", &u, err), 0);
    assert_int_equal(u, 536870912);
    assert_int_equal(cpt_get_u64(c, "system.tgen_local", "nextPacketTick", &u, err), 0);
    assert_true(u == UINT64_MAX);
    char **items;
    size_t n;
    assert_int_equal(cpt_get_list(c, "root.globals", "version_tags", &items, &n, err), 0);
    assert_int_equal(n, 28);
    assert_string_equal(items[0], "arm-ccregs");
    assert_string_equal(items[27], "x86-add-tlb");
    assert_null(items[28]);
    cpt_list_free(items, n);
    cpt_free(c);

    struct cpt *p = parse_len(data, len);   /* cpt_parse gives the same as cpt_load */
    assert_output(p, data, len);
    cpt_free(p);
    free(data);
}

static void test_odd_round_trips(void **state)
{
    (void)state;
    static const char *inputs[] = {
        "[a]\nx=1\n",
        "[a]\r\nx=1\r\n\r\n[b]\r\ny=2\r\n",
        "[a]\nx=1",
        "[a]",
        "## c\n\n\n\n[a]\n\n\nx=1\n\n\n\n[b]\n\n\n",
        "[a]\nx = 1\n  y  =  2  \nz= 3\nw =4\n",
        "[a]\nx=1\nx+=2\nx +=3\nx+= 4\n",
        "\t[a]\n\t  x=1\n   \n\t\n[ b ]   \nk=v\t\n",
        "## one\n# two\n  ## three\n\n[a]\n#junk=1\n;x=2\nv=a=b=c\n",
        "[a]\nx=1\r\ny=2\n",    /* a CR before LF is a line end, even alone */
        "[a]\n\n\n",
        "\n\n[a]\nx=\n",
        "[a]\nx=1\n[b]\n[c]\ny=2",
    };
    for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++)
        assert_round_trip(inputs[i], strlen(inputs[i]));
}

static void test_structure(void **state)
{
    (void)state;
    struct cpt *c = parse("## c\n\n[a]\nx=1\n\ny=2\n\n[b]\n\n");
    assert_int_equal(cpt_section_count(c), 2);
    assert_int_equal(cpt_section_line(c, 0), 3);
    assert_int_equal(cpt_section_line(c, 1), 8);
    assert_int_equal(cpt_entry_count(c, 0), 2);
    assert_string_equal(cpt_entry_key(c, 0, 1), "y");
    assert_string_equal(cpt_entry_value(c, 0, 1), "2");
    assert_int_equal(cpt_entry_count(c, 1), 0);
    assert_null(cpt_entry_key(c, 0, 2));
    assert_null(cpt_entry_value(c, 2, 0));
    assert_null(cpt_section_name(c, 2));
    assert_int_equal(cpt_section_line(c, 9), 0);
    assert_int_equal(cpt_entry_count(c, 9), 0);
    assert_int_equal(cpt_section_find(c, "b"), 1);
    assert_int_equal(cpt_section_find(c, "c"), -1);
    assert_null(cpt_get(c, "c", "x"));
    assert_null(cpt_get(c, "a", "z"));
    assert_null(cpt_warning_at(c, 0));
    cpt_free(c);
}

/* gem5 drops leading spaces and tabs, trims spaces (only) around key and value. */
static void test_gem5_whitespace(void **state)
{
    (void)state;
    struct cpt *c = parse("\t[ my.sec ]  \n  x = 1 \n\ty\t=\t2\t\n z =  \n#k=v\n");
    assert_string_equal(cpt_section_name(c, 0), "my.sec");
    assert_string_equal(cpt_get(c, "my.sec", "x"), "1");
    assert_string_equal(cpt_get(c, "my.sec", "y\t"), "\t2\t");
    assert_string_equal(cpt_get(c, "my.sec", "z"), "");
    assert_string_equal(cpt_get(c, "my.sec", "#k"), "v");
    assert_null(cpt_get(c, "my.sec", "y"));
    cpt_free(c);
    c = parse("[a]\nv=x=y\nw==\n[b]=1\n");
    assert_string_equal(cpt_get(c, "a", "v"), "x=y");
    assert_string_equal(cpt_get(c, "a", "w"), "=");
    assert_string_equal(cpt_get(c, "a", "[b]"), "1");   /* not a header: it ends in '1' */
    assert_int_equal(cpt_section_count(c), 1);
    cpt_free(c);
}

static void test_last_wins_and_append(void **state)
{
    (void)state;
    struct cpt *c = parse("[a]\nx=1\nx=2\n"
                          "[b]\nx=1\nx+=2\nx += 3\n"
                          "[c]\nx+=5\n"
                          "[d]\nx=1\nx=2\nx+=3\n"
                          "[e]\nx=\nx+=a\n"
                          "[f]\nx+=a\ny=0\nx+=b\nx=c\n");
    assert_string_equal(cpt_get(c, "a", "x"), "2");
    assert_string_equal(cpt_get(c, "b", "x"), "1 2 3");
    assert_string_equal(cpt_get(c, "b", "x"), "1 2 3");   /* cached copy */
    assert_string_equal(cpt_get(c, "c", "x"), "5");
    assert_string_equal(cpt_get(c, "d", "x"), "2 3");
    assert_string_equal(cpt_get(c, "e", "x"), " a");
    assert_string_equal(cpt_get(c, "f", "x"), "c");
    assert_int_equal(cpt_entry_count(c, 1), 3);
    assert_string_equal(cpt_entry_key(c, 1, 2), "x");
    assert_string_equal(cpt_entry_value(c, 1, 2), "3");
    uint64_t u;
    char err[ERR_LEN];
    assert_int_equal(cpt_get_u64(c, "c", "x", &u, err), 0);
    assert_int_equal(u, 5);
    /* appends are intended: only a plain repeat earns a warning */
    assert_int_equal(cpt_warning_count(c), 3);
    assert_warning(c, 3, "[a] key 'x' is repeated (first at line 2)");
    assert_warning(c, 12, "[d] key 'x' is repeated (first at line 11)");
    assert_warning(c, 21, "[f] key 'x' is repeated (first at line 18)");
    cpt_free(c);
}

/* ---- errors ---- */

static void test_errors(void **state)
{
    (void)state;
    assert_err_str("", 1, "the file is empty");
    assert_err_str("## only a comment\n\n", 1, "no [section] header");
    assert_err_str("\n\n   \n", 1, "no [section] header");
    assert_err_str("## c\nfoo=1\n[a]\n", 2, "line outside any section");
    assert_err_str("\n\nplain\n[a]\n", 3, "line outside any section");
    assert_err_str("[a]\nx=1\nnoequals\n", 3, "Can't parse .ini line");
    assert_err_str("[a]\nx=1\nnoequals", 3, "has no '='");
    assert_err_str("[a]\n# a comment\n", 2, "gem5 has no comment syntax");
    assert_err_str("[a]\n[b\n", 2, "has no '='");
    assert_err_str("[a]\n[b] # note\n", 2, "has no '='");
    assert_err_str("[a] x\n", 1, "line outside any section");
    assert_err_str("[a]\n=1\n", 2, "line starts with '='");
    assert_err_str("[a]\n  = 1\n", 2, "line starts with '='");
    assert_err_str("[a]\n+=1\n", 2, "line starts with '+='");
    assert_err_str("[a]\n\n[b]\nx=1\n\n[a]\n", 6, "section [a] is repeated (first at line 1)");
    assert_err_str("[a]\n[ a ]\n", 2, "gem5 would merge the two silently");
    assert_err_str("[]\n", 1, "empty name");
    assert_err_str("## c\n[a]\n[   ]\n", 3, "empty name");
    assert_err_str("[a]\nx=\x01\n", 2, "binary data (byte 0x01 at column 3)");
    assert_err_str("[a]\nx=1\n\x7f\n", 3, "binary data (byte 0x7f");
    assert_err_str("[a]\nx=1\ry\n", 2, "binary data (byte 0x0d");
    assert_err_str("[a]\nx=1\r", 2, "binary data (byte 0x0d");
    assert_err_str("\x1b[a]\n", 1, "binary data");
    assert_err_str("[a]\nx=\v\n", 2, "binary data");
    assert_error("[a]\nx=1\n\0\n", 10, 3, "binary data (byte 0x00 at column 1)");
    assert_error("[a]\nx=ab\0cd\n", 12, 2, "binary data (byte 0x00 at column 5)");
    assert_error("[a]\nx=ab\0cd", 11, 2, "binary data (byte 0x00 at column 5)");
    assert_error("\0", 1, 1, "binary data");
}

/* ---- warnings ---- */

static void test_warnings(void **state)
{
    (void)state;
    struct cpt *c = parse("## c\n[a]\r\nx=1\r\ny=1\n[b]\r\n");
    assert_int_equal(cpt_warning_count(c), 1);
    assert_warning(c, 2, "CRLF");
    assert_warning(c, 2, "read this file as empty");
    cpt_free(c);

    c = parse("[a]\nx=1\n\ny=2");
    assert_int_equal(cpt_warning_count(c), 1);
    assert_warning(c, 4, "may be truncated");
    cpt_free(c);

    c = parse("[a]\nmode=0755\nx=1\n[b]\nx=2\n");   /* leading 0: no warning at parse time */
    assert_int_equal(cpt_warning_count(c), 0);
    cpt_free(c);

    c = parse("[a]\r\nx=1\r\nx=2");
    assert_int_equal(cpt_warning_count(c), 3);
    assert_int_equal(cpt_warning_at(c, 0)->line, 1);
    assert_warning(c, 3, "repeated");
    assert_warning(c, 3, "truncated");
    const struct cpt_warning *first = cpt_warning_at(c, 0);
    char err[ERR_LEN];
    assert_int_equal(cpt_set(c, "a", "x", "3", err), 0);   /* warnings describe the load */
    assert_int_equal(cpt_warning_count(c), 3);
    assert_ptr_equal(cpt_warning_at(c, 0), first);
    assert_text(c, "[a]\r\nx=1\r\nx=3");
    cpt_free(c);
}

static void test_warning_limit(void **state)
{
    (void)state;
    size_t n = 5000, len = 0;
    char *text = malloc(n * 8 + 16);
    len += (size_t)sprintf(text, "[a]\n");
    for (size_t i = 0; i < n; i++)
        len += (size_t)sprintf(text + len, "k=%zu\n", i % 10);
    struct cpt *c = parse_len(text, len);
    size_t count = cpt_warning_count(c);
    assert_true(count >= 10 && count <= 200);
    assert_non_null(strstr(cpt_warning_at(c, count - 1)->text, "more warnings are not listed"));
    assert_string_equal(cpt_get(c, "a", "k"), "9");
    assert_output(c, text, len);
    cpt_free(c);
    free(text);
}

/* ---- typed getters ---- */

static void test_parse_u64(void **state)
{
    (void)state;
    static const struct { const char *text; uint64_t want; } ok[] = {
        { "0", 0 }, { "42", 42 }, { "0x1F", 31 }, { "0X1f", 31 }, { "0x1E", 30 },
        { "0755", 493 }, { "00", 0 }, { "+7", 7 }, { "\t 12", 12 }, { "12 \t", 12 },
        { "18446744073709551615", UINT64_MAX }, { "0xFFFFFFFFFFFFFFFF", UINT64_MAX },
        { "01777777777777777777777", UINT64_MAX },
    };
    char err[ERR_LEN];
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        uint64_t v = 1;
        if (cpt_parse_u64(ok[i].text, &v, "n", err) != 0)
            fail_msg("'%s': %s", ok[i].text, err);
        assert_true(v == ok[i].want);
    }
    static const struct { const char *text, *why; } bad[] = {
        { "", "it is empty" }, { "  ", "it is empty" }, { "abc", "no digits" },
        { "-", "no digits" }, { "0x1e", "lowercase 'e'" }, { "1e3", "lowercase 'e'" },
        { "12ab", "'ab' follows the number" }, { "12 3", "'3' follows" },
        { "08", "octal" }, { "0759", "octal" }, { "0x", "'x' follows" },
        { "-1", "negative" }, { "18446744073709551616", "larger than 2^64-1" },
        { "0x10000000000000000", "larger" }, { "1.5", "'.5' follows" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        uint64_t v = 77;
        err[0] = '\0';
        assert_int_equal(cpt_parse_u64(bad[i].text, &v, "what", err), -1);
        assert_true(v == 77);
        char want[128];
        snprintf(want, sizeof want, "what: value '%s' is not an unsigned integer (", bad[i].text);
        assert_err_prefix(err, want);
        if (!strstr(err, bad[i].why))
            fail_msg("'%s': '%s' lacks '%s'", bad[i].text, err, bad[i].why);
    }
}

static void test_parse_i64(void **state)
{
    (void)state;
    char err[ERR_LEN];
    int64_t v;
    assert_int_equal(cpt_parse_i64("-9223372036854775808", &v, "n", err), 0);
    assert_true(v == INT64_MIN);
    assert_int_equal(cpt_parse_i64("9223372036854775807", &v, "n", err), 0);
    assert_true(v == INT64_MAX);
    assert_int_equal(cpt_parse_i64("-0x10", &v, "n", err), 0);
    assert_int_equal(v, -16);
    assert_int_equal(cpt_parse_i64("-010", &v, "n", err), 0);
    assert_int_equal(v, -8);
    assert_int_equal(cpt_parse_i64("3", &v, "n", err), 0);
    assert_int_equal(v, 3);
    assert_int_equal(cpt_parse_i64("9223372036854775808", &v, "n", err), -1);
    assert_non_null(strstr(err, "outside the signed 64-bit range"));
    assert_err_prefix(err, "n: value '9223372036854775808' is not an integer (");
    assert_int_equal(cpt_parse_i64("-9223372036854775809", &v, "n", err), -1);
    assert_int_equal(cpt_parse_i64("-1e2", &v, "n", err), -1);
    assert_non_null(strstr(err, "lowercase 'e'"));
    assert_int_equal(cpt_parse_i64("", &v, "n", err), -1);
    assert_int_equal(cpt_parse_i64(NULL, &v, "n", err), -1);
}

static const char *typed_text =
    "[a]\nu=0x1F\no=0755\nbad=abc\nhexe=0x1e\nneg=-5\nt=TRUE\nf=false\none=1\nyes=yes\n"
    "l=  a  b   c \nempty=\nnums=1 0x10 010  7\nbadnums=1 2 0x1e\nlong=%s\n";

static void test_typed_getters(void **state)
{
    (void)state;
    char long_val[200], text[1024], err[ERR_LEN];
    memset(long_val, '9', 100);
    strcpy(long_val + 100, "x");
    snprintf(text, sizeof text, typed_text, long_val);
    struct cpt *c = parse(text);
    uint64_t u;
    int64_t i;
    bool b;
    assert_int_equal(cpt_get_u64(c, "a", "u", &u, err), 0);
    assert_int_equal(u, 31);
    assert_int_equal(cpt_get_u64(c, "a", "o", &u, err), 0);
    assert_int_equal(u, 493);
    assert_int_equal(cpt_get_u64(c, "a", "bad", &u, err), -1);
    assert_err_prefix(err, "t.cpt: [a] bad: value 'abc' is not an unsigned integer");
    assert_int_equal(cpt_get_u64(c, "a", "hexe", &u, err), -1);
    assert_err_prefix(err, "t.cpt: [a] hexe: value '0x1e' is not an unsigned integer (gem5 "
                      "rejects any integer containing a lowercase 'e'");
    assert_int_equal(cpt_get_u64(c, "a", "neg", &u, err), -1);
    assert_int_equal(cpt_get_i64(c, "a", "neg", &i, err), 0);
    assert_int_equal(i, -5);
    assert_int_equal(cpt_get_i64(c, "a", "bad", &i, err), -1);
    assert_err_prefix(err, "t.cpt: [a] bad: value 'abc' is not an integer");
    assert_int_equal(cpt_get_u64(c, "a", "long", &u, err), -1);
    assert_non_null(strstr(err, "...' is not an unsigned integer"));
    assert_int_equal(cpt_get_u64(c, "a", "nokey", &u, err), -1);
    assert_string_equal(err, "t.cpt: [a] has no key 'nokey'");
    assert_int_equal(cpt_get_i64(c, "zz", "u", &i, err), -1);
    assert_string_equal(err, "t.cpt: no section [zz]");

    assert_int_equal(cpt_get_bool(c, "a", "t", &b, err), 0);
    assert_true(b);
    assert_int_equal(cpt_get_bool(c, "a", "f", &b, err), 0);
    assert_false(b);
    assert_int_equal(cpt_get_bool(c, "a", "one", &b, err), -1);
    assert_err_prefix(err, "t.cpt: [a] one: value '1' is not a bool (gem5 accepts only true");
    assert_int_equal(cpt_get_bool(c, "a", "yes", &b, err), -1);
    assert_int_equal(cpt_get_bool(c, "a", "empty", &b, err), -1);
    assert_int_equal(cpt_get_bool(c, "b", "t", &b, err), -1);
    assert_string_equal(err, "t.cpt: no section [b]");
    cpt_free(c);
}

static void test_lists(void **state)
{
    (void)state;
    char err[ERR_LEN], text[512];
    snprintf(text, sizeof text, typed_text, "0");
    struct cpt *c = parse(text);
    char **items;
    size_t n;
    assert_int_equal(cpt_get_list(c, "a", "l", &items, &n, err), 0);
    assert_int_equal(n, 3);
    assert_string_equal(items[0], "a");
    assert_string_equal(items[1], "b");
    assert_string_equal(items[2], "c");
    assert_null(items[3]);
    cpt_list_free(items, n);
    assert_int_equal(cpt_get_list(c, "a", "empty", &items, &n, err), 0);
    assert_int_equal(n, 0);
    assert_non_null(items);
    cpt_list_free(items, n);
    assert_int_equal(cpt_get_list(c, "a", "none", &items, &n, err), -1);
    assert_string_equal(err, "t.cpt: [a] has no key 'none'");

    uint64_t *v;
    assert_int_equal(cpt_get_u64_list(c, "a", "nums", &v, &n, err), 0);
    assert_int_equal(n, 4);
    assert_int_equal(v[0], 1);
    assert_int_equal(v[1], 16);
    assert_int_equal(v[2], 8);
    assert_int_equal(v[3], 7);
    free(v);
    assert_int_equal(cpt_get_u64_list(c, "a", "empty", &v, &n, err), 0);
    assert_int_equal(n, 0);
    free(v);
    assert_int_equal(cpt_get_u64_list(c, "a", "badnums", &v, &n, err), -1);
    assert_err_prefix(err, "t.cpt: [a] badnums element 3: value '0x1e' is not an unsigned");
    assert_int_equal(cpt_get_u64_list(c, "q", "nums", &v, &n, err), -1);
    cpt_list_free(NULL, 0);
    cpt_free(c);
}

/* An ARM-sized register line: 22528 byte values, about 90 KB. */
static void test_long_list_line(void **state)
{
    (void)state;
    size_t count = 22528, len = 0;
    char *text = malloc(count * 4 + 64);
    len += (size_t)sprintf(text, "[cpu.xc.0]\nregs.vector_element=");
    for (size_t i = 0; i < count; i++)
        len += (size_t)sprintf(text + len, i ? " %zu" : "%zu", i % 256);
    len += (size_t)sprintf(text + len, "\n_pc=4096\n");
    assert_true(len > 65536);
    struct cpt *c = parse_len(text, len);
    uint64_t *v, pc;
    size_t n;
    char err[ERR_LEN];
    assert_int_equal(cpt_get_u64_list(c, "cpu.xc.0", "regs.vector_element", &v, &n, err), 0);
    assert_int_equal(n, count);
    assert_int_equal(v[count - 1], (count - 1) % 256);
    free(v);
    assert_int_equal(cpt_get_u64(c, "cpu.xc.0", "_pc", &pc, err), 0);
    assert_int_equal(pc, 4096);
    assert_output(c, text, len);
    cpt_free(c);
    free(text);
}

static void test_10mb_line(void **state)
{
    (void)state;
    size_t big = 10u << 20;
    char *text = malloc(big + 32);
    memcpy(text, "[a]\nx=", 6);
    memset(text + 6, 'a', big);
    memcpy(text + 6 + big, "\ny=1\n", 5);
    size_t len = 6 + big + 5;
    struct cpt *c = parse_len(text, len);
    assert_int_equal(strlen(cpt_get(c, "a", "x")), big);
    assert_string_equal(cpt_get(c, "a", "y"), "1");
    assert_output(c, text, len);
    char err[ERR_LEN];
    uint64_t u;
    assert_int_equal(cpt_get_u64(c, "a", "x", &u, err), -1);
    assert_true(strlen(err) < ERR_LEN);
    cpt_free(c);

    /* one 10 MB line and nothing else, without a newline */
    memset(text, 'a', big);
    assert_error(text, big, 1, "line outside any section");
    text[0] = '#';
    assert_error(text, big, 1, "no [section] header");
    free(text);
}

/* ---- edits ---- */

static const char *base = "## h\n\n[a]\nx=1\ny=2\n\n[b]\nz=3\n\n";

static struct cpt *edited(void)
{
    return parse(base);
}

static void test_set(void **state)
{
    (void)state;
    char err[ERR_LEN];
    struct cpt *c = edited();
    assert_int_equal(cpt_set(c, "a", "x", "9", err), 0);
    assert_text(c, "## h\n\n[a]\nx=9\ny=2\n\n[b]\nz=3\n\n");
    assert_string_equal(cpt_get(c, "a", "x"), "9");
    assert_int_equal(cpt_set(c, "a", "w", "5", err), 0);
    assert_text(c, "## h\n\n[a]\nx=9\ny=2\nw=5\n\n[b]\nz=3\n\n");
    assert_int_equal(cpt_set(c, "b", "q", "", err), 0);
    assert_text(c, "## h\n\n[a]\nx=9\ny=2\nw=5\n\n[b]\nz=3\nq=\n\n");
    assert_int_equal(cpt_entry_count(c, 0), 3);
    assert_string_equal(cpt_entry_key(c, 0, 2), "w");
    assert_string_equal(cpt_get(c, "b", "q"), "");
    assert_int_equal(cpt_set(c, "a", "x", "a b\tc=d", err), 0);
    assert_string_equal(cpt_get(c, "a", "x"), "a b\tc=d");
    struct cpt *d = reparse(c);
    assert_string_equal(cpt_get(d, "a", "x"), "a b\tc=d");
    assert_string_equal(cpt_get(d, "a", "w"), "5");
    cpt_free(d);
    cpt_free(c);

    c = parse("[a]\n  x = 1 \n[b]\n");       /* the replaced line loses its spacing */
    assert_int_equal(cpt_set(c, "a", "x", "2", err), 0);
    assert_text(c, "[a]\nx=2\n[b]\n");
    assert_int_equal(cpt_set(c, "b", "k", "v", err), 0);   /* empty section: after header */
    assert_text(c, "[a]\nx=2\n[b]\nk=v\n");
    cpt_free(c);

    c = parse("[a]\n\n[b]\n");
    assert_int_equal(cpt_set(c, "a", "k", "v", err), 0);
    assert_text(c, "[a]\nk=v\n\n[b]\n");
    cpt_free(c);
}

static void test_set_line_ends(void **state)
{
    (void)state;
    char err[ERR_LEN];
    struct cpt *c = parse("[a]\nx=1");
    assert_int_equal(cpt_set(c, "a", "y", "2", err), 0);
    assert_text(c, "[a]\nx=1\ny=2");
    assert_int_equal(cpt_set(c, "a", "y", "3", err), 0);
    assert_text(c, "[a]\nx=1\ny=3");
    cpt_free(c);

    c = parse("[a]");
    assert_int_equal(cpt_set(c, "a", "k", "v", err), 0);
    assert_text(c, "[a]\nk=v");
    cpt_free(c);

    c = parse("[a]\r\nx=1\r\n");
    assert_int_equal(cpt_set(c, "a", "y", "2", err), 0);
    assert_int_equal(cpt_set(c, "a", "x", "0", err), 0);
    assert_int_equal(cpt_section_add(c, "b", err), 0);
    assert_text(c, "[a]\r\nx=0\r\ny=2\r\n\r\n[b]\r\n");
    cpt_free(c);
}

static void test_set_append_chain(void **state)
{
    (void)state;
    char err[ERR_LEN];
    struct cpt *c = parse("[a]\nx=1\nx+=2\ny=0\n");
    assert_string_equal(cpt_get(c, "a", "x"), "1 2");
    assert_int_equal(cpt_set(c, "a", "x", "7", err), 0);
    assert_text(c, "[a]\nx=1\nx=7\ny=0\n");
    assert_string_equal(cpt_get(c, "a", "x"), "7");
    assert_int_equal(cpt_delete(c, "a", "x", err), 0);
    assert_text(c, "[a]\ny=0\n");
    assert_null(cpt_get(c, "a", "x"));
    cpt_free(c);
}

static void test_delete(void **state)
{
    (void)state;
    char err[ERR_LEN];
    struct cpt *c = parse("[a]\nx=1\ny=2\nx+=3\n\nx=4\n[b]\nx=5\n");
    assert_int_equal(cpt_delete(c, "a", "x", err), 0);
    assert_text(c, "[a]\ny=2\n\n[b]\nx=5\n");
    assert_int_equal(cpt_entry_count(c, 0), 1);
    assert_string_equal(cpt_get(c, "b", "x"), "5");
    assert_int_equal(cpt_delete(c, "a", "x", err), -1);
    assert_string_equal(err, "t.cpt: [a] has no key 'x'");
    assert_int_equal(cpt_delete(c, "c", "x", err), -1);
    assert_string_equal(err, "t.cpt: no section [c]");
    cpt_free(c);
}

static void test_sections(void **state)
{
    (void)state;
    char err[ERR_LEN];
    struct cpt *c = edited();
    assert_int_equal(cpt_section_add(c, "c", err), 0);
    assert_text(c, "## h\n\n[a]\nx=1\ny=2\n\n[b]\nz=3\n\n\n[c]\n");
    assert_int_equal(cpt_section_line(c, 2), 0);
    assert_int_equal(cpt_section_find(c, "c"), 2);
    assert_int_equal(cpt_set(c, "c", "k", "v", err), 0);
    assert_text(c, "## h\n\n[a]\nx=1\ny=2\n\n[b]\nz=3\n\n\n[c]\nk=v\n");
    assert_int_equal(cpt_section_remove(c, "a", err), 0);
    assert_text(c, "## h\n\n[b]\nz=3\n\n\n[c]\nk=v\n");
    assert_int_equal(cpt_section_find(c, "a"), -1);
    assert_int_equal(cpt_section_find(c, "c"), 1);
    assert_int_equal(cpt_section_rename(c, "b", "b.new", err), 0);
    assert_text(c, "## h\n\n[b.new]\nz=3\n\n\n[c]\nk=v\n");
    assert_string_equal(cpt_get(c, "b.new", "z"), "3");
    assert_null(cpt_get(c, "b", "z"));
    assert_int_equal(cpt_section_line(c, 0), 7);   /* still the line it was loaded from */
    assert_int_equal(cpt_section_remove(c, "c", err), 0);
    assert_text(c, "## h\n\n[b.new]\nz=3\n\n");
    assert_int_equal(cpt_section_remove(c, "b.new", err), -1);
    assert_non_null(strstr(err, "only section"));
    cpt_free(c);

    c = edited();                   /* removing the last section takes the blank lines at EOF */
    assert_int_equal(cpt_section_remove(c, "b", err), 0);
    assert_text(c, "## h\n\n[a]\nx=1\ny=2\n");
    cpt_free(c);

    c = parse("[ a ]\r\nx=1\r\n[b]\nk=v");
    assert_int_equal(cpt_section_rename(c, "a", "c", err), 0);
    assert_int_equal(cpt_section_add(c, "d", err), 0);
    assert_text(c, "[c]\r\nx=1\r\n[b]\nk=v\r\n\r\n[d]\r\n");
    cpt_free(c);
}

static void test_edit_errors(void **state)
{
    (void)state;
    char err[ERR_LEN];
    struct cpt *c = edited();
    static const char *bad_keys[] = { "", "a=b", "[x", "a+", " a", "a ", "\ta", "a\nb", "a\rb" };
    for (size_t i = 0; i < sizeof bad_keys / sizeof *bad_keys; i++) {
        err[0] = '\0';
        assert_int_equal(cpt_set(c, "a", bad_keys[i], "1", err), -1);
        assert_err_prefix(err, "t.cpt: ");
    }
    assert_int_equal(cpt_set(c, "a", NULL, "1", err), -1);
    static const char *bad_values[] = { "a\nb", "x\r", " v", "v ", "\x01" };
    for (size_t i = 0; i < sizeof bad_values / sizeof *bad_values; i++) {
        err[0] = '\0';
        assert_int_equal(cpt_set(c, "a", "k", bad_values[i], err), -1);
        assert_err_prefix(err, "t.cpt: the value for 'k'");
    }
    assert_int_equal(cpt_set(c, "a", "k", NULL, err), -1);
    assert_int_equal(cpt_set(c, "zz", "k", "v", err), -1);
    assert_string_equal(err, "t.cpt: no section [zz]");
    assert_int_equal(cpt_set(c, "a", "k\t", "\tv", err), 0);   /* gem5 keeps tabs */
    assert_int_equal(cpt_delete(c, "a", "k\t", err), 0);

    static const char *bad_names[] = { "", "a]b", "a\nb", " a", "a ", "]" };
    for (size_t i = 0; i < sizeof bad_names / sizeof *bad_names; i++) {
        err[0] = '\0';
        assert_int_equal(cpt_section_add(c, bad_names[i], err), -1);
        assert_err_prefix(err, "t.cpt: ");
        assert_int_equal(cpt_section_rename(c, "a", bad_names[i], err), -1);
    }
    assert_int_equal(cpt_section_add(c, NULL, err), -1);
    assert_int_equal(cpt_section_add(c, "a", err), -1);
    assert_string_equal(err, "t.cpt: section [a] already exists");
    assert_int_equal(cpt_section_rename(c, "a", "b", err), -1);
    assert_non_null(strstr(err, "already exists"));
    assert_int_equal(cpt_section_rename(c, "a", "a", err), -1);
    assert_int_equal(cpt_section_rename(c, "zz", "q", err), -1);
    assert_string_equal(err, "t.cpt: no section [zz]");
    assert_int_equal(cpt_section_remove(c, "zz", err), -1);
    assert_string_equal(err, "t.cpt: no section [zz]");
    assert_text(c, base);     /* nothing changed */
    cpt_free(c);
}

/* On the real file each edit changes only its own lines. */
static void test_fixture_edits_diff(void **state)
{
    (void)state;
    size_t len;
    char *data = read_fixture(&len), err[ERR_LEN];
    struct cpt *c = parse_len(data, len);
    assert_int_equal(cpt_set(c, "root.globals", "curTick", "5", err), 0);
    assert_diff(data, len, c, 1, 1);
    cpt_free(c);

    c = parse_len(data, len);
    assert_int_equal(cpt_set(c, "system.physmem", "new_key", "1", err), 0);
    assert_diff(data, len, c, 0, 1);
    cpt_free(c);

    c = parse_len(data, len);
    assert_int_equal(cpt_delete(c, "system.physmem.store1", "filename", err), 0);
    assert_diff(data, len, c, 1, 0);
    cpt_free(c);

    c = parse_len(data, len);
    assert_int_equal(cpt_section_rename(c, "system.physmem.store1", "system.physmem.store9",
                                        err), 0);
    assert_diff(data, len, c, 1, 1);
    cpt_free(c);

    c = parse_len(data, len);   /* blank line + header + three entries */
    assert_int_equal(cpt_section_remove(c, "system.physmem.store1", err), 0);
    assert_diff(data, len, c, 5, 0);
    struct cpt *d = reparse(c);
    assert_int_equal(cpt_section_count(d), 20);
    cpt_free(d);
    cpt_free(c);

    c = parse_len(data, len);
    assert_int_equal(cpt_section_add(c, "system.extra", err), 0);
    assert_diff(data, len, c, 0, 2);
    cpt_free(c);
    free(data);
}

/* Thousands of sections: lookups stay right across removals, renames and additions. */
static void test_many_sections(void **state)
{
    (void)state;
    size_t n = 20000, len = 0;
    char *text = malloc(n * 40), name[32], want[32], err[ERR_LEN];
    for (size_t i = 0; i < n; i++)
        len += (size_t)sprintf(text + len, "\n[s%zu]\nk=%zu\n", i, i);
    struct cpt *c = parse_len(text, len);
    assert_int_equal(cpt_section_count(c), n);
    for (size_t i = 0; i < n; i += 7) {
        snprintf(name, sizeof name, "s%zu", i);
        assert_int_equal(cpt_section_find(c, name), (long)i);
    }
    for (size_t i = 0; i < n; i += 10) {          /* s0, s10, s20, ... go */
        snprintf(name, sizeof name, "s%zu", i);
        assert_int_equal(cpt_section_remove(c, name, err), 0);
    }
    for (size_t i = 1; i < n; i += 100) {         /* s1, s101, ... become r1, r101, ... */
        snprintf(name, sizeof name, "s%zu", i);
        snprintf(want, sizeof want, "r%zu", i);
        assert_int_equal(cpt_section_rename(c, name, want, err), 0);
    }
    assert_int_equal(cpt_section_count(c), n - n / 10);
    for (size_t i = 0; i < n; i++) {
        snprintf(name, sizeof name, i % 100 == 1 ? "r%zu" : "s%zu", i);
        snprintf(want, sizeof want, "%zu", i);
        if (i % 10 == 0) {
            assert_int_equal(cpt_section_find(c, name), -1);
            continue;
        }
        assert_int_equal(cpt_section_find(c, name), (long)(i - i / 10 - 1));
        assert_string_equal(cpt_section_name(c, (size_t)cpt_section_find(c, name)), name);
        assert_string_equal(cpt_get(c, name, "k"), want);
        if (i % 100 == 1) {
            snprintf(name, sizeof name, "s%zu", i);
            assert_int_equal(cpt_section_find(c, name), -1);
        }
    }
    for (size_t i = 0; i < 3000; i++) {
        snprintf(name, sizeof name, "new%zu", i);
        assert_int_equal(cpt_section_add(c, name, err), 0);
    }
    assert_int_equal(cpt_section_find(c, "new2999"), (long)(n - n / 10 + 2999));
    assert_int_equal(cpt_section_find(c, "r1"), 0);
    cpt_free(c);
    free(text);
}

/* ---- fuzzing ---- */

static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;

static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;   /* xorshift64: reproducible runs */
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static size_t mutate(char *buf, size_t len, size_t cap)
{
    static const char interesting[] = "\n\r=[]#+ \t\0\x7f" "0xe";
    size_t pos = len ? rnd() % len : 0;
    char byte = rnd() % 3 ? interesting[rnd() % (sizeof interesting - 1)] : (char)rnd();
    switch (rnd() % 6) {
    case 0:
        if (len)
            buf[pos] = byte;
        return len;
    case 1:
        if (len + 1 > cap)
            return len;
        memmove(buf + pos + 1, buf + pos, len - pos);
        buf[pos] = byte;
        return len + 1;
    case 2: {
        size_t n = len - pos < 8 ? len - pos : rnd() % 8;
        memmove(buf + pos, buf + pos + n, len - pos - n);
        return len - n;
    }
    case 3:
        return pos;       /* truncate */
    case 4: {             /* duplicate a chunk: repeated headers and keys */
        size_t n = rnd() % 64, from = len ? rnd() % len : 0;
        if (from + n > len)
            n = len - from;
        if (len + n > cap)
            return len;
        memmove(buf + pos + n, buf + pos, len - pos);
        memmove(buf + pos, from < pos ? buf + from : buf + from + n, n);
        return len + n;
    }
    default:
        if (len)
            buf[pos] = (char)(buf[pos] ^ (1 << (rnd() % 8)));
        return len;
    }
}

/* Reads everything a parsed model offers and makes one edit that must parse again. */
static void exercise(struct cpt *c, const char *input, size_t len)
{
    char err[ERR_LEN];
    assert_output(c, input, len);
    for (size_t i = 0; i < cpt_section_count(c); i++) {
        const char *name = cpt_section_name(c, i);
        assert_int_equal(cpt_section_find(c, name), (long)i);
        for (size_t k = 0; k < cpt_entry_count(c, i); k++) {
            uint64_t u;
            char **items;
            size_t n;
            assert_non_null(cpt_get(c, name, cpt_entry_key(c, i, k)));
            cpt_get_u64(c, name, cpt_entry_key(c, i, k), &u, err);
            if (cpt_get_list(c, name, cpt_entry_key(c, i, k), &items, &n, err) == 0)
                cpt_list_free(items, n);
        }
    }
    const char *first = cpt_section_name(c, 0);
    assert_int_equal(cpt_set(c, first, "fuzz_key", "v", err), 0);
    struct cpt *d = reparse(c);
    assert_string_equal(cpt_get(d, first, "fuzz_key"), "v");
    cpt_free(d);
}

static void test_fuzz(void **state)
{
    (void)state;
    size_t flen, ok = 0;
    char *fixture = read_fixture(&flen);
    size_t cap = flen * 2 + 64;
    char *work = malloc(cap);
    for (int round = 0; round < 2000; round++) {
        memcpy(work, fixture, flen);
        size_t len = flen;
        for (int m = 1 + (int)(rnd() % 4); m > 0; m--)
            len = mutate(work, len, cap);
        char *exact = malloc(len ? len : 1);    /* no spare byte: ASan catches an overread */
        memcpy(exact, work, len);
        char err[ERR_LEN] = "";
        struct cpt *c = cpt_parse("fz", exact, len, err);
        if (c) {
            ok++;
            exercise(c, exact, len);
            cpt_free(c);
        } else if (strncmp(err, "fz:", 3) != 0) {
            fail_msg("round %d: error without a location: '%s'", round, err);
        }
        free(exact);
    }
    assert_true(ok > 100);   /* the mutations leave many files valid */
    free(work);
    free(fixture);
}

/* Pure garbage, any length. */
static void test_garbage(void **state)
{
    (void)state;
    for (int round = 0; round < 2000; round++) {
        size_t len = rnd() % 300;
        char *buf = malloc(len ? len : 1), err[ERR_LEN];
        for (size_t i = 0; i < len; i++) {
            uint64_t r = rnd();
            buf[i] = r % 4 ? "[]=\n# a+\r\t"[r % 11] : (char)(r >> 8);
        }
        struct cpt *c = cpt_parse("g", buf, len, err);
        if (c) {
            exercise(c, buf, len);
            cpt_free(c);
        }
        free(buf);
    }
}

/* ---- files ---- */

static char *slurp(const char *path, size_t *len)
{
    char *data, err[ERR_LEN];
    if (file_read_all(path, 1 << 24, &data, len, err) != 0)
        fail_msg("%s", err);
    return data;
}

static void test_save(void **state)
{
    (void)state;
    char dir[] = "/tmp/test_cpt.XXXXXX", path[256], bak[300], err[ERR_LEN];
    size_t flen, len;
    char *fixture = read_fixture(&flen);
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/m5.cpt", dir);
    file_backup_path(path, bak, sizeof bak);
    assert_int_equal(file_replace(path, fixture, flen, 0, err), 0);

    struct cpt *c = cpt_load(path, err);
    assert_non_null(c);
    assert_int_equal(cpt_set(c, "root.globals", "curTick", "1", err), 0);
    assert_int_equal(cpt_save(c, path, err), 0);
    cpt_free(c);
    char *now = slurp(path, &len), *kept;
    size_t r, a;
    line_diff(fixture, flen, now, len, &r, &a);
    assert_int_equal(r, 1);
    assert_int_equal(a, 1);
    assert_non_null(strstr(now, "\ncurTick=1\n"));
    free(now);

    c = cpt_load(path, err);                 /* a second save keeps the pristine backup */
    assert_int_equal(cpt_set(c, "root.globals", "curTick", "2", err), 0);
    assert_int_equal(cpt_save(c, path, err), 0);
    cpt_free(c);
    kept = slurp(bak, &len);
    assert_int_equal(len, flen);
    assert_memory_equal(kept, fixture, flen);
    free(kept);
    c = cpt_load(path, err);
    assert_string_equal(cpt_get(c, "root.globals", "curTick"), "2");
    cpt_free(c);

    assert_int_equal(unlink(bak), 0);
    assert_int_equal(unlink(path), 0);
    assert_int_equal(rmdir(dir), 0);
    free(fixture);
}

static void test_load_errors(void **state)
{
    (void)state;
    char err[ERR_LEN], dir[] = "/tmp/test_cpt.XXXXXX", path[256];
    assert_null(cpt_load("/nonexistent/m5.cpt", err));
    assert_non_null(strstr(err, "/nonexistent/m5.cpt"));
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/m5.cpt", dir);
    assert_int_equal(file_replace(path, "[a]\nbroken\n", 11, 0, err), 0);
    assert_null(cpt_load(path, err));
    char want[300];
    snprintf(want, sizeof want, "%s:2: ", path);
    assert_err_prefix(err, want);
    assert_int_equal(unlink(path), 0);
    assert_int_equal(rmdir(dir), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixture_round_trip),
        cmocka_unit_test(test_odd_round_trips),
        cmocka_unit_test(test_structure),
        cmocka_unit_test(test_gem5_whitespace),
        cmocka_unit_test(test_last_wins_and_append),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_warnings),
        cmocka_unit_test(test_warning_limit),
        cmocka_unit_test(test_parse_u64),
        cmocka_unit_test(test_parse_i64),
        cmocka_unit_test(test_typed_getters),
        cmocka_unit_test(test_lists),
        cmocka_unit_test(test_long_list_line),
        cmocka_unit_test(test_10mb_line),
        cmocka_unit_test(test_set),
        cmocka_unit_test(test_set_line_ends),
        cmocka_unit_test(test_set_append_chain),
        cmocka_unit_test(test_delete),
        cmocka_unit_test(test_sections),
        cmocka_unit_test(test_edit_errors),
        cmocka_unit_test(test_fixture_edits_diff),
        cmocka_unit_test(test_many_sections),
        cmocka_unit_test(test_fuzz),
        cmocka_unit_test(test_garbage),
        cmocka_unit_test(test_save),
        cmocka_unit_test(test_load_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

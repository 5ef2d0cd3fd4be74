/* core/util tests: number and size parsing, size display, the safe file replace with
 * its backup, and path helpers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/util/err.h"
#include "core/util/fileio.h"
#include "core/util/size.h"
#include "tests/support/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void test_size_parse(void **state)
{
    (void)state;
    struct { const char *text; uint64_t v; } ok[] = {
        {"0", 0}, {"4096", 4096}, {"0x1000", 4096}, {"0X10", 16}, {"4GiB", 4ULL << 30},
        {"512MiB", 512ULL << 20}, {"2GB", 2ULL << 30}, {"1.5GiB", 3ULL << 29}, {"8k", 8192},
        {"36GiB", 36ULL << 30}, {" 12", 12}, {"1TiB", 1ULL << 40},
    };
    char err[ERR_LEN];
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        uint64_t v = 1;
        assert_int_equal(size_parse(ok[i].text, &v, "size", err), 0);
        assert_int_equal(v, ok[i].v);
    }
    const char *bad[] = {"", "-1", "abc", "4GiBx", "0x10GiB", "1.3B", "99999999999999999999",
                         "20000000TiB", "GiB"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        uint64_t v;
        assert_int_equal(size_parse(bad[i], &v, "--local", err), -1);
        assert_non_null(strstr(err, "--local"));
    }
}

static void test_size_format(void **state)
{
    (void)state;
    char buf[32];
    assert_string_equal(size_format(2ULL << 30, buf, sizeof buf), "2 GiB");
    assert_string_equal(size_format(32768, buf, sizeof buf), "32 KiB");
    assert_string_equal(size_format(1000, buf, sizeof buf), "1000 B");
    assert_string_equal(size_format(525129, buf, sizeof buf), "512.8 KiB");
}

static void test_replace_keeps_first_backup(void **state)
{
    (void)state;
    char *dir = tu_tmpdir(), path[256], bak[300], err[ERR_LEN], *data;
    size_t len;
    snprintf(path, sizeof path, "%s/it's a \"file\".txt", dir);
    assert_int_equal(file_replace(path, "one\n", 4, 1, err), 0);   /* new: no backup */
    file_backup_path(path, bak, sizeof bak);
    assert_int_not_equal(access(bak, F_OK), 0);
    chmod(path, 0600);
    assert_int_equal(file_replace(path, "two\n", 4, 1, err), 0);
    assert_int_equal(file_replace(path, "three\n", 6, 1, err), 0);
    assert_int_equal(file_read_all(bak, 100, &data, &len, err), 0);
    assert_string_equal(data, "one\n");   /* the pristine original survives later edits */
    free(data);
    assert_int_equal(file_read_all(path, 100, &data, &len, err), 0);
    assert_string_equal(data, "three\n");
    free(data);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);   /* mode kept */
    assert_int_equal(file_read_all(path, 3, &data, &len, err), -1);
    assert_non_null(strstr(err, "more than"));
    snprintf(path, sizeof path, "%s/no/such/dir/file", dir);
    assert_int_equal(file_replace(path, "x", 1, 1, err), -1);
    assert_non_null(strstr(err, "no/such/dir/file"));
    tu_rmtree(dir);
}

static void test_paths(void **state)
{
    (void)state;
    char buf[64];
    path_parent("a/b/c", buf, sizeof buf);
    assert_string_equal(buf, "a/b");
    path_parent("a/b/c/", buf, sizeof buf);
    assert_string_equal(buf, "a/b");
    path_parent("c", buf, sizeof buf);
    assert_string_equal(buf, ".");
    path_parent("/c", buf, sizeof buf);
    assert_string_equal(buf, "/");
    assert_int_equal(path_join(buf, sizeof buf, "a/", "b"), 0);
    assert_string_equal(buf, "a/b");
    assert_int_equal(path_join(buf, 4, "abc", "def"), -1);
    char *dir = tu_tmpdir(), deep[256], err[ERR_LEN];
    snprintf(deep, sizeof deep, "%s/x/y z/w", dir);
    assert_int_equal(dir_create(deep, err), 0);
    assert_int_equal(dir_create(deep, err), 0);
    tu_write(dir, "f", "x");
    snprintf(deep, sizeof deep, "%s/f/g", dir);
    assert_int_equal(dir_create(deep, err), -1);
    tu_rmtree(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_size_parse),
        cmocka_unit_test(test_size_format),
        cmocka_unit_test(test_replace_keeps_first_backup),
        cmocka_unit_test(test_paths),
    };
    return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}

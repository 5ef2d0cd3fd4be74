/* core/util/txn tests: all-or-nothing commits with backups, abort, names refused, the
 * states a killed process leaves (built by hand and by SIGKILL), locking, size limits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/util/err.h"
#include "core/util/fileio.h"
#include "core/util/txn.h"
#include "tests/support/testutil.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Names with spaces and quotes, as users make them. */
#define NA "it's a \"file\" name"
#define NB "m5.cpt"

/* Asserts dir/name holds exactly text (NULL: does not exist). */
static void check_file(const char *dir, const char *name, const char *text)
{
    char path[4096], err[ERR_LEN], *data = NULL;
    size_t len;
    assert_int_equal(path_join(path, sizeof path, dir, name), 0);
    if (!text) {
        assert_int_not_equal(access(path, F_OK), 0);
        return;
    }
    assert_int_equal(file_read_all(path, 1 << 20, &data, &len, err), 0);
    assert_string_equal(data, text);
    free(data);
}

static void check_backup(const char *dir, const char *name, const char *text)
{
    char bak[512];
    file_backup_path(name, bak, sizeof bak);
    check_file(dir, bak, text);
}

/* Entries a transaction may leave behind (temps, journals). */
static int leftovers(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    int n = 0;
    while (d && (de = readdir(d)) != NULL)
        n += !strncmp(de->d_name, ".gem5wb-", 8);
    if (d)
        closedir(d);
    return n;
}

/* One transaction writing NA and NB; no cmocka asserts, so forked children can use it. */
static int commit_pair(const char *dir, const char *a, const char *b, int keep, char *err)
{
    struct txn *t;
    int fa, fb;
    if (txn_begin(dir, &t, err) != 0)
        return -1;
    if (txn_file(t, NA, &fa, err) || txn_write(t, fa, a, strlen(a), err) ||
        txn_file(t, NB, &fb, err) || txn_write(t, fb, b, strlen(b), err)) {
        txn_abort(t);
        return -1;
    }
    return txn_commit(t, keep, err);
}

static void test_commit_keeps_first_backup(void **state)
{
    (void)state;
    char *dir = tu_tmpdir(), err[ERR_LEN], path[512];
    tu_write(dir, NA, "A0");
    tu_write(dir, NB, "B0");
    path_join(path, sizeof path, dir, NA);
    chmod(path, 0600);
    assert_int_equal(commit_pair(dir, "A1", "B1", 1, err), 0);
    check_file(dir, NA, "A1");
    check_file(dir, NB, "B1");
    check_backup(dir, NA, "A0");
    check_backup(dir, NB, "B0");
    assert_int_equal(commit_pair(dir, "A2", "B2", 1, err), 0);
    check_file(dir, NA, "A2");
    check_file(dir, NB, "B2");
    check_backup(dir, NA, "A0");   /* the pristine original, not A1 */
    check_backup(dir, NB, "B0");
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);   /* mode kept */
    assert_int_equal(leftovers(dir), 0);
    tu_rmtree(dir);
}

static void test_new_file_and_no_backup(void **state)
{
    (void)state;
    char *dir = tu_tmpdir(), err[ERR_LEN], path[512];
    assert_int_equal(commit_pair(dir, "new a", "new b", 1, err), 0);   /* neither existed */
    check_file(dir, NA, "new a");
    check_backup(dir, NA, NULL);
    check_backup(dir, NB, NULL);
    struct stat st;
    path_join(path, sizeof path, dir, NB);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0644);
    assert_int_equal(commit_pair(dir, "A", "B", 0, err), 0);   /* keep_backup=0 */
    check_file(dir, NB, "B");
    check_backup(dir, NB, NULL);
    assert_int_equal(leftovers(dir), 0);
    tu_rmtree(dir);
}

static void test_abort_changes_nothing(void **state)
{
    (void)state;
    char *dir = tu_tmpdir(), err[ERR_LEN];
    struct txn *t;
    int fa, fc;
    tu_write(dir, NA, "old");
    assert_int_equal(txn_begin(dir, &t, err), 0);
    assert_int_equal(txn_file(t, NA, &fa, err), 0);
    assert_int_equal(txn_write(t, fa, "new", 3, err), 0);
    assert_int_equal(txn_file(t, "c", &fc, err), 0);
    assert_int_equal(leftovers(dir), 2);
    txn_abort(t);
    txn_abort(NULL);
    check_file(dir, NA, "old");
    check_file(dir, "c", NULL);
    check_backup(dir, NA, NULL);
    assert_int_equal(leftovers(dir), 0);
    tu_rmtree(dir);
}

static void test_bad_names(void **state)
{
    (void)state;
    char *dir = tu_tmpdir(), err[ERR_LEN], sub[512], longname[300];
    struct txn *t;
    int fd;
    snprintf(sub, sizeof sub, "%s/a folder", dir);
    mkdir(sub, 0755);
    memset(longname, 'x', 250);
    longname[250] = '\0';
    const char *bad[] = {"x/y", "x\ny", "", ".", "..", ".gem5wb-journal", ".gem5wb-tmp-a",
                         "a folder", longname};
    assert_int_equal(txn_begin(dir, &t, err), 0);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err[0] = '\0';
        assert_int_equal(txn_file(t, bad[i], &fd, err), -1);
        assert_int_equal(fd, -1);
        assert_true(tu_contains(err, dir));
    }
    assert_int_equal(txn_file(t, "x/y", &fd, err), -1);
    assert_true(tu_contains(err, "'/'"));
    assert_int_equal(txn_file(t, "ok", &fd, err), 0);
    assert_int_equal(txn_file(t, "ok", &fd, err), -1);
    assert_true(tu_contains(err, "twice"));
    assert_int_equal(txn_commit(t, 1, err), 0);   /* refusals do not spoil the rest */
    check_file(dir, "ok", "");
    assert_int_equal(leftovers(dir), 0);
    tu_rmtree(dir);
}

/* ---- states a killed process leaves, built by hand ---- */

static const char journal_full[] = "gem5wb-journal 1\n" NA "\n" NB "\nend 2\n";

static void put(const char *dir, const char *name, const char *data, size_t len)
{
    char path[512];
    path_join(path, sizeof path, dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
}

/* Old files, both temps with the new contents; a_done: NA was already renamed. */
static char *crash_state(int a_done)
{
    char *dir = tu_tmpdir();
    tu_write(dir, NA, a_done ? "new a" : "old a");
    tu_write(dir, NB, "old b");
    if (!a_done)
        tu_write(dir, TXN_TMP_PREFIX NA, "new a");
    tu_write(dir, TXN_TMP_PREFIX NB, "new b");
    return dir;
}

static void check_recover(char *dir, int want_new)
{
    char err[ERR_LEN];
    int rec = -1;
    assert_int_equal(txn_recover(dir, &rec, err), 0);
    assert_int_equal(rec, want_new);
    check_file(dir, NA, want_new ? "new a" : "old a");
    check_file(dir, NB, want_new ? "new b" : "old b");
    assert_int_equal(leftovers(dir), 0);
    assert_int_equal(txn_recover(dir, &rec, err), 0);   /* nothing left to do */
    assert_int_equal(rec, 0);
    tu_rmtree(dir);
}

static void test_recover_without_journal(void **state)
{
    (void)state;
    check_recover(crash_state(0), 0);                    /* temps only */
    char *dir = crash_state(0);
    put(dir, TXN_JOURNAL_TMP, journal_full, strlen(journal_full));   /* not yet renamed */
    check_recover(dir, 0);
    dir = crash_state(0);
    put(dir, TXN_JOURNAL_TMP, journal_full, 20);         /* cut off while written */
    check_recover(dir, 0);
}

static void test_recover_complete_journal(void **state)
{
    (void)state;
    char *dir = crash_state(0);                          /* killed right at the commit point */
    put(dir, TXN_JOURNAL, journal_full, strlen(journal_full));
    check_recover(dir, 1);
    dir = crash_state(1);                                /* NA renamed, NB not yet */
    put(dir, TXN_JOURNAL, journal_full, strlen(journal_full));
    check_recover(dir, 1);
    dir = tu_tmpdir();                                   /* all renamed, journal left */
    tu_write(dir, NA, "new a");
    tu_write(dir, NB, "new b");
    put(dir, TXN_JOURNAL, journal_full, strlen(journal_full));
    check_recover(dir, 1);
}

static void test_recover_truncated_journal(void **state)
{
    (void)state;
    size_t full = strlen(journal_full);
    for (size_t len = 0; len < full; len++) {            /* every cut is incomplete */
        char *dir = crash_state(0);
        put(dir, TXN_JOURNAL, journal_full, len);
        check_recover(dir, 0);
    }
    const char *bad[] = {"gem5wb-journal 1\n" NA "\n" NB "\nend 3\n",
                         "gem5wb-journal 1\n" NA "\n" NB "\nend 2x\n",
                         "gem5wb-journal 2\n" NA "\n" NB "\nend 2\n",
                         "gem5wb-journal 1\n" NA "\n../" NB "\nend 2\n"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *dir = crash_state(0);
        put(dir, TXN_JOURNAL, bad[i], strlen(bad[i]));
        check_recover(dir, 0);
    }
}

static void test_begin_recovers(void **state)
{
    (void)state;
    char *dir = crash_state(1), err[ERR_LEN];
    struct txn *t;
    put(dir, TXN_JOURNAL, journal_full, strlen(journal_full));
    assert_int_equal(txn_begin(dir, &t, err), 0);
    check_file(dir, NA, "new a");
    check_file(dir, NB, "new b");
    assert_int_equal(leftovers(dir), 0);
    txn_abort(t);
    tu_rmtree(dir);
}

static void test_recover_read_only(void **state)
{
    (void)state;
    char *dir = tu_tmpdir(), err[ERR_LEN];
    int rec = -1;
    struct stat before, after;
    tu_write(dir, NA, "a");
    tu_write(dir, "a.gem5wb-backup", "kept");
    assert_int_equal(chmod(dir, 0555), 0);
    assert_int_equal(stat(dir, &before), 0);
    assert_int_equal(txn_recover(dir, &rec, err), 0);
    assert_int_equal(rec, 0);
    assert_int_equal(stat(dir, &after), 0);
    assert_true(before.st_mtim.tv_sec == after.st_mtim.tv_sec &&
                before.st_mtim.tv_nsec == after.st_mtim.tv_nsec);
    if (geteuid() != 0) {   /* root writes anyway: the refusal is only seen by users */
        chmod(dir, 0755);
        tu_write(dir, TXN_TMP_PREFIX "x", "left");
        chmod(dir, 0555);
        assert_int_equal(txn_recover(dir, &rec, err), -1);
        assert_true(tu_contains(err, TXN_TMP_PREFIX "x"));
    }
    chmod(dir, 0755);
    tu_rmtree(dir);
}

static void test_recover_leaves_locked_dir(void **state)
{
    (void)state;
    char *dir = tu_tmpdir(), err[ERR_LEN];
    struct txn *t;
    int rec = -1;
    assert_int_equal(txn_begin(dir, &t, err), 0);
    tu_write(dir, TXN_TMP_PREFIX "x", "mid-change");
    assert_int_equal(txn_recover(dir, &rec, err), 0);   /* the holder is mid-change */
    assert_int_equal(rec, 0);
    assert_int_equal(leftovers(dir), 1);
    txn_abort(t);
    assert_int_equal(txn_recover(dir, &rec, err), 0);
    assert_int_equal(leftovers(dir), 0);
    tu_rmtree(dir);
}

/* ---- other processes ---- */

static void test_lock_held_by_other(void **state)
{
    (void)state;
    char *dir = tu_tmpdir(), err[ERR_LEN], c;
    int locked[2], done[2], st;
    assert_int_equal(pipe(locked), 0);
    assert_int_equal(pipe(done), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        struct txn *t;
        close(locked[0]);
        close(done[1]);
        if (txn_begin(dir, &t, err) != 0 || write(locked[1], "L", 1) != 1)
            _exit(2);
        if (read(done[0], &c, 1) < 0)   /* EOF when the parent is done */
            _exit(3);
        txn_abort(t);
        _exit(0);
    }
    close(locked[1]);
    close(done[0]);
    assert_int_equal(read(locked[0], &c, 1), 1);
    struct txn *t = NULL;
    assert_int_equal(txn_begin_wait(dir, 200, &t, err), -1);
    assert_null(t);
    assert_true(tu_contains(err, "another gem5wb is changing"));
    assert_true(tu_contains(err, dir));
    close(done[1]);   /* the child lets go; txn_begin waits for that */
    assert_int_equal(txn_begin(dir, &t, err), 0);
    txn_abort(t);
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    close(locked[0]);
    tu_rmtree(dir);
}

static long number_in(const char *dir, const char *name)
{
    char path[512], err[ERR_LEN], *data = NULL;
    size_t len;
    path_join(path, sizeof path, dir, name);
    assert_int_equal(file_read_all(path, 64, &data, &len, err), 0);
    long n = strtol(data + 1, NULL, 10);
    free(data);
    return n;
}

static void commit_forever(const char *dir, long n)
{
    char err[ERR_LEN], a[32], b[32];
    for (;; n++) {
        snprintf(a, sizeof a, "A%ld", n);
        snprintf(b, sizeof b, "B%ld", n);
        if (commit_pair(dir, a, b, 1, err) != 0)
            _exit(2);
    }
}

static void test_sigkill_never_mixes(void **state)
{
    (void)state;
    char *dir = tu_tmpdir(), err[ERR_LEN];
    unsigned seed = (unsigned)time(NULL) ^ (unsigned)getpid();
    long last = 0;
    int rolled = 0, st, rec;
    tu_write(dir, NA, "A0");
    tu_write(dir, NB, "B0");
    for (int i = 0; i < 200; i++) {
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0)
            commit_forever(dir, last + 1);
        struct timespec delay = {0, (long)(rand_r(&seed) % 20000) * 1000L};
        nanosleep(&delay, NULL);
        kill(pid, SIGKILL);
        assert_int_equal(waitpid(pid, &st, 0), pid);
        assert_true(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
        assert_int_equal(txn_recover(dir, &rec, err), 0);
        rolled += rec;
        long n = number_in(dir, NA);
        assert_int_equal(number_in(dir, NB), n);   /* never a mix */
        assert_true(n >= last);
        last = n;
        assert_int_equal(leftovers(dir), 0);
    }
    check_backup(dir, NA, "A0");
    check_backup(dir, NB, "B0");
    if (getenv("TXN_TEST_VERBOSE"))
        print_message("seed %u: %ld commits, %d rolled forward\n", seed, last, rolled);
    tu_rmtree(dir);
}

/* In a child with files limited to 100 bytes, writes NA and NB; the error goes to fd. */
static void limited_commit(const char *dir, const char *na, const char *nb, size_t len, int fd)
{
    char err[ERR_LEN] = "", *data = malloc(len + 1);
    struct txn *t;
    int fa, fb, rc;
    struct rlimit rl = {100, 100};
    signal(SIGXFSZ, SIG_IGN);   /* the write then fails with EFBIG instead of killing us */
    if (!data || setrlimit(RLIMIT_FSIZE, &rl) != 0 || txn_begin(dir, &t, err) != 0)
        _exit(2);
    memset(data, 'n', len);
    if (txn_file(t, na, &fa, err) != 0 || txn_file(t, nb, &fb, err) != 0)
        _exit(4);
    if (txn_write(t, fa, data, len, err) == 0 && txn_write(t, fb, data, len, err) == 0)
        rc = txn_commit(t, 1, err);
    else
        rc = txn_commit(t, 1, NULL);   /* what a caller does anyway: refused, rolled back */
    if (write(fd, err, strlen(err)) < 0)
        _exit(3);
    _exit(rc == -1 ? 0 : 1);
}

static void check_limited(const char *na, const char *nb, size_t len, const char *want)
{
    char *dir = tu_tmpdir(), err[ERR_LEN] = "";
    int p[2], st;
    tu_write(dir, na, "old 1");
    tu_write(dir, nb, "old 2");
    assert_int_equal(pipe(p), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(p[0]);
        limited_commit(dir, na, nb, len, p[1]);
    }
    close(p[1]);
    ssize_t n = read(p[0], err, sizeof err - 1);
    close(p[0]);
    assert_true(n > 0);
    err[n] = '\0';
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    assert_true(tu_contains(err, want));
    assert_true(tu_contains(err, strerror(EFBIG)));
    assert_true(tu_contains(err, "nothing was changed"));
    check_file(dir, na, "old 1");
    check_file(dir, nb, "old 2");
    check_backup(dir, na, NULL);   /* the backups this change made went with it */
    check_backup(dir, nb, NULL);
    assert_int_equal(leftovers(dir), 0);
    tu_rmtree(dir);
}

static void test_size_limit_rolls_back(void **state)
{
    (void)state;
    char na[160], nb[160];
    memset(na, 'a', 120);
    memset(nb, 'b', 120);
    snprintf(na + 120, sizeof na - 120, " 'q' \"file\"");
    snprintf(nb + 120, sizeof nb - 120, " other");
    /* small data, but long names make the journal larger than the limit */
    check_limited(na, nb, 3, "cannot write the journal");
    /* the data itself is larger than the limit */
    check_limited("a", "b", 1000, "/a: cannot write the new file");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_commit_keeps_first_backup),
        cmocka_unit_test(test_new_file_and_no_backup),
        cmocka_unit_test(test_abort_changes_nothing),
        cmocka_unit_test(test_bad_names),
        cmocka_unit_test(test_recover_without_journal),
        cmocka_unit_test(test_recover_complete_journal),
        cmocka_unit_test(test_recover_truncated_journal),
        cmocka_unit_test(test_begin_recovers),
        cmocka_unit_test(test_recover_read_only),
        cmocka_unit_test(test_recover_leaves_locked_dir),
        cmocka_unit_test(test_lock_held_by_other),
        cmocka_unit_test(test_sigkill_never_mixes),
        cmocka_unit_test(test_size_limit_rolls_back),
    };
    return cmocka_run_group_tests_name("txn", tests, NULL, NULL);
}

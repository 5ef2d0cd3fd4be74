#include "core/util/txn.h"
#include "core/util/err.h"
#include "core/util/fileio.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define TXN_PATH 4096
#define TXN_NAME (NAME_MAX + 1)
#define TXN_MAX_FILES 10000              /* keeps the journal far below TXN_JOURNAL_MAX */
#define TXN_JOURNAL_MAX (16u << 20)
#define TXN_LOCK_STEP_MS 50

struct txn_entry {
    char *name;
    int fd;                              /* the temp, -1 once closed */
    int backup_made;                     /* this txn made "<name>.gem5wb-backup": rollback drops it */
};

struct txn {
    char *dir;
    int dirfd;                           /* holds the flock for the whole transaction */
    int failed;                          /* a txn_write failed: commit must not go ahead */
    int journaled;                       /* the journal is in place: undo must drop it first */
    size_t n, cap;
    struct txn_entry *e;
};

struct journal {
    char *buf;
    char **names;                        /* point into buf */
    size_t n;
};

/* ---- small helpers ---- */

/* "<dir>/<name>" for error sentences. */
static const char *shown(const char *dir, const char *name, char *buf)
{
    if (path_join(buf, TXN_PATH, dir, name) != 0)
        snprintf(buf, TXN_PATH, "%s", name);
    return buf;
}

static void tmp_name(const char *name, char *buf)
{
    snprintf(buf, TXN_NAME, "%s%s", TXN_TMP_PREFIX, name);
}

/* Why name cannot be a final basename, or NULL when it can. */
static const char *name_problem(const char *name)
{
    if (!name || !*name)
        return "the name is empty";
    if (strchr(name, '/'))
        return "the name contains '/'";
    if (strchr(name, '\n'))
        return "the name contains a line break";
    if (!strcmp(name, ".") || !strcmp(name, ".."))
        return "it is not a file name";
    if (!strncmp(name, TXN_RESERVED_PREFIX, strlen(TXN_RESERVED_PREFIX)))
        return "names starting with \"" TXN_RESERVED_PREFIX "\" are gem5wb's own";
    if (strlen(name) + strlen(TXN_TMP_PREFIX) > NAME_MAX ||
        strlen(name) + strlen(FILE_BACKUP_SUFFIX) > NAME_MAX)
        return "the name is too long";
    return NULL;
}

/* Returns 0 or errno; retries short writes and EINTR. */
static int write_all(int fd, const void *data, size_t len)
{
    const char *p = data;
    while (len > 0) {
        ssize_t w = write(fd, p, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return errno;
        if (w == 0)
            return ENOSPC;
        p += w;
        len -= (size_t)w;
    }
    return 0;
}

static int sync_fd(int fd)
{
    while (fsync(fd) != 0)
        if (errno != EINTR)
            return errno;
    return 0;
}

/* close() after fsync: an error here is a lost write (NFS); EINTR is not retried on Linux. */
static int close_checked(int fd, int rc)
{
    if (close(fd) != 0 && rc == 0 && errno != EINTR)
        rc = errno;
    return rc;
}

static int exists_at(int dirfd, const char *name)
{
    struct stat st;
    return fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0;
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- lock and lifetime ---- */

/* Returns 0 or errno (EWOULDBLOCK when still held by another after wait_ms). */
static int lock_wait(int fd, int wait_ms)
{
    struct timespec step = {0, TXN_LOCK_STEP_MS * 1000000L};
    long long end = now_ms() + (wait_ms > 0 ? wait_ms : 0);
    for (;;) {
        if (flock(fd, LOCK_EX | LOCK_NB) == 0)
            return 0;
        if (errno != EWOULDBLOCK && errno != EINTR)
            return errno;
        if (now_ms() >= end)
            return EWOULDBLOCK;
        nanosleep(&step, NULL);
    }
}

static void txn_free(struct txn *t)
{
    for (size_t i = 0; i < t->n; i++) {
        if (t->e[i].fd >= 0)
            close(t->e[i].fd);
        free(t->e[i].name);
    }
    free(t->e);
    if (t->dirfd >= 0)
        close(t->dirfd);   /* releases the flock */
    free(t->dir);
    free(t);
}

static int recover_locked(int dirfd, const char *dir, int *recovered, char *err);

int txn_begin_wait(const char *dir, int wait_ms, struct txn **out, char *err)
{
    *out = NULL;
    struct txn *t = calloc(1, sizeof *t);
    if (!t || !(t->dir = strdup(dir))) {
        free(t);
        return err_set(err, "out of memory starting a change of %s", dir);
    }
    t->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int e = t->dirfd < 0 ? errno : lock_wait(t->dirfd, wait_ms);
    if (e == EWOULDBLOCK)
        err_set(err, "another gem5wb is changing %s; try again when it is done", dir);
    else if (e != 0)
        err_set(err, "%s: cannot %s the folder (%s); nothing was changed", dir,
                t->dirfd < 0 ? "open" : "lock", strerror(e));
    if (e != 0 || recover_locked(t->dirfd, dir, NULL, err) != 0) {
        txn_free(t);
        return -1;
    }
    *out = t;
    return 0;
}

int txn_begin(const char *dir, struct txn **out, char *err)
{
    return txn_begin_wait(dir, TXN_LOCK_WAIT_MS, out, err);
}

/* ---- temps ---- */

/* Mode for the new file: the target's, or 0644. -1 when the target is a folder. */
static int target_mode(int dirfd, const char *name, mode_t *mode)
{
    struct stat st;
    *mode = 0644;
    if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode))
        return -1;
    if (fstatat(dirfd, name, &st, 0) == 0 && S_ISREG(st.st_mode))
        *mode = st.st_mode & 07777;
    return 0;
}

/* Room for one more entry; -1 on out of memory. */
static int grow(struct txn *t)
{
    if (t->n < t->cap)
        return 0;
    size_t cap = t->cap ? t->cap * 2 : 4;
    struct txn_entry *e = realloc(t->e, cap * sizeof *e);
    if (!e)
        return -1;
    t->e = e;
    t->cap = cap;
    return 0;
}

/* Refuses names that cannot be part of this change; fills show. */
static int check_new_name(const struct txn *t, const char *name, char *show, char *err)
{
    const char *why = name_problem(name);
    if (why)
        return err_set(err, "'%s' cannot be written in %s: %s", name ? name : "", t->dir, why);
    shown(t->dir, name, show);
    for (size_t i = 0; i < t->n; i++)
        if (!strcmp(t->e[i].name, name))
            return err_set(err, "%s: given twice in one change", show);
    if (t->n >= TXN_MAX_FILES)
        return err_set(err, "%s: more than %d files in one change", show, TXN_MAX_FILES);
    return 0;
}

int txn_file(struct txn *t, const char *name, int *fd, char *err)
{
    char show[TXN_PATH], tmp[TXN_NAME];
    mode_t mode;
    *fd = -1;
    if (check_new_name(t, name, show, err) != 0)
        return -1;
    if (target_mode(t->dirfd, name, &mode) != 0)
        return err_set(err, "%s: is a folder, not a file; nothing was changed", show);
    char *copy = strdup(name);
    if (!copy || grow(t) != 0) {
        free(copy);
        return err_set(err, "%s: out of memory", show);
    }
    tmp_name(name, tmp);
    int f = openat(t->dirfd, tmp, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, mode);
    if (f < 0) {
        int e = errno;
        free(copy);
        return err_set(err, "%s: cannot create the new file %s (%s); nothing was changed", show,
                       tmp, strerror(e));
    }
    fchmod(f, mode);   /* the umask must not change the mode the target had */
    t->e[t->n++] = (struct txn_entry){copy, f, 0};
    *fd = f;
    return 0;
}

int txn_write(struct txn *t, int fd, const void *data, size_t len, char *err)
{
    char show[TXN_PATH];
    size_t i = 0;
    while (i < t->n && (t->e[i].fd != fd || fd < 0))
        i++;
    if (i == t->n)
        return err_set(err, "%s: write to a file that is not part of this change", t->dir);
    int rc = write_all(fd, data, len);
    if (rc == 0)
        return 0;
    t->failed = 1;
    return err_set(err, "%s: cannot write the new file (%s); nothing was changed",
                   shown(t->dir, t->e[i].name, show), strerror(rc));
}

/* ---- commit ---- */

/* Drops everything this txn made; the journal goes first, or recovery would finish half. */
static void rollback(struct txn *t)
{
    char tmp[TXN_NAME], bak[TXN_NAME];
    if (t->journaled && unlinkat(t->dirfd, TXN_JOURNAL, 0) == 0)
        sync_fd(t->dirfd);
    unlinkat(t->dirfd, TXN_JOURNAL_TMP, 0);
    for (size_t i = 0; i < t->n; i++) {
        struct txn_entry *e = &t->e[i];
        if (e->fd >= 0)
            close(e->fd);
        e->fd = -1;
        tmp_name(e->name, tmp);
        unlinkat(t->dirfd, tmp, 0);
        file_backup_path(e->name, bak, sizeof bak);
        if (e->backup_made)
            unlinkat(t->dirfd, bak, 0);
    }
    sync_fd(t->dirfd);
}

void txn_abort(struct txn *t)
{
    if (!t)
        return;
    rollback(t);
    txn_free(t);
}

/* The user's data on disk before the journal can name it. */
static int close_temps(struct txn *t, char *err)
{
    char show[TXN_PATH];
    for (size_t i = 0; i < t->n; i++) {
        struct txn_entry *e = &t->e[i];
        int rc = close_checked(e->fd, sync_fd(e->fd));
        e->fd = -1;
        if (rc != 0)
            return err_set(err, "%s: cannot write the new file (%s); nothing was changed",
                           shown(t->dir, e->name, show), strerror(rc));
    }
    return 0;
}

static int copy_fd(int in, int out)
{
    size_t cap = 1 << 16;
    char *buf = malloc(cap);
    int rc = buf ? 0 : ENOMEM;
    while (rc == 0) {
        ssize_t r = read(in, buf, cap);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            rc = r < 0 ? errno : 0;
            break;
        }
        rc = write_all(out, buf, (size_t)r);
    }
    free(buf);
    return rc;
}

/* Copies name to bak in the folder (where hard links fail); 0 or errno. */
static int copy_at(int dirfd, const char *name, const char *bak)
{
    struct stat st;
    int in = openat(dirfd, name, O_RDONLY | O_CLOEXEC);
    if (in < 0)
        return errno;
    mode_t mode = fstat(in, &st) == 0 ? st.st_mode & 07777 : 0644;
    int out = openat(dirfd, bak, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (out < 0) {
        int e = errno;
        close(in);
        return e;
    }
    int rc = copy_fd(in, out);
    close(in);
    rc = close_checked(out, rc == 0 ? sync_fd(out) : rc);
    if (rc != 0)
        unlinkat(dirfd, bak, 0);
    return rc;
}

/* Made before the commit point, so a full disk during a copy still rolls back cleanly
 * and recovery never has to make backups (nor make ones keep_backup=0 did not want). */
static int keep_backups(struct txn *t, char *err)
{
    char bak[TXN_NAME], show[TXN_PATH];
    for (size_t i = 0; i < t->n; i++) {
        struct txn_entry *e = &t->e[i];
        file_backup_path(e->name, bak, sizeof bak);
        if (!exists_at(t->dirfd, e->name) || exists_at(t->dirfd, bak))
            continue;   /* nothing to keep, or the pristine original is already kept */
        int rc = linkat(t->dirfd, e->name, t->dirfd, bak, 0) == 0 ? 0 : errno;
        if (rc != 0 && rc != EEXIST)
            rc = copy_at(t->dirfd, e->name, bak);
        if (rc != 0)
            return err_set(err, "%s: cannot keep the original as %s (%s); nothing was changed",
                           shown(t->dir, e->name, show), bak, strerror(rc));
        e->backup_made = 1;
    }
    return 0;
}

static char *journal_text(const struct txn *t, size_t *len)
{
    size_t cap = sizeof TXN_JOURNAL_HEADER + 32, n = 0;
    for (size_t i = 0; i < t->n; i++)
        cap += strlen(t->e[i].name) + 1;
    char *buf = malloc(cap);
    if (!buf)
        return NULL;
    n += (size_t)snprintf(buf + n, cap - n, "%s\n", TXN_JOURNAL_HEADER);
    for (size_t i = 0; i < t->n; i++)
        n += (size_t)snprintf(buf + n, cap - n, "%s\n", t->e[i].name);
    n += (size_t)snprintf(buf + n, cap - n, "end %zu\n", t->n);
    *len = n;
    return buf;
}

/* Writes and fsyncs the journal temp. */
static int journal_write(struct txn *t, char *err)
{
    size_t len = 0;
    char *text = journal_text(t, &len), show[TXN_PATH];
    shown(t->dir, TXN_JOURNAL_TMP, show);
    if (!text)
        return err_set(err, "%s: out of memory; nothing was changed", show);
    int fd = openat(t->dirfd, TXN_JOURNAL_TMP, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    int rc = fd < 0 ? errno : write_all(fd, text, len);
    if (fd >= 0)
        rc = close_checked(fd, rc == 0 ? sync_fd(fd) : rc);
    free(text);
    if (rc == 0)
        return 0;
    unlinkat(t->dirfd, TXN_JOURNAL_TMP, 0);
    return err_set(err, "%s: cannot write the journal of this change (%s); nothing was changed",
                   show, strerror(rc));
}

/* Everything up to the commit point; on error the caller rolls back. */
static int commit_prepare(struct txn *t, int keep_backup, char *err)
{
    if (close_temps(t, err) != 0 || (keep_backup && keep_backups(t, err) != 0) ||
        journal_write(t, err) != 0)
        return -1;
    int rc = sync_fd(t->dirfd);   /* temps and backups are named on disk before the journal */
    if (rc == 0 && renameat(t->dirfd, TXN_JOURNAL_TMP, t->dirfd, TXN_JOURNAL) != 0)
        rc = errno;
    if (rc == 0) {
        t->journaled = 1;
        rc = sync_fd(t->dirfd);   /* the commit point */
    }
    if (rc != 0)
        return err_set(err, "%s: cannot record this change (%s); nothing was changed", t->dir,
                       strerror(rc));
    return 0;
}

/* After the commit point: errors leave the journal, so the next run finishes the change. */
static int commit_finish(struct txn *t, char *err)
{
    char tmp[TXN_NAME], show[TXN_PATH];
    for (size_t i = 0; i < t->n; i++) {
        tmp_name(t->e[i].name, tmp);
        if (renameat(t->dirfd, tmp, t->dirfd, t->e[i].name) != 0) {
            int e = errno;
            return err_set(err, "%s: cannot put the new file in place (%s); the change is "
                           "recorded and the next gem5wb run in %s finishes it",
                           shown(t->dir, t->e[i].name, show), strerror(e), t->dir);
        }
    }
    int rc = sync_fd(t->dirfd);
    if (rc != 0)
        return err_set(err, "%s: the new files are in place but the folder cannot be synced (%s)",
                       t->dir, strerror(rc));
    unlinkat(t->dirfd, TXN_JOURNAL, 0);
    sync_fd(t->dirfd);   /* a journal that comes back after a crash finds nothing left to do */
    return 0;
}

int txn_commit(struct txn *t, int keep_backup, char *err)
{
    if (!t)
        return err_set(err, "no change to commit");
    int rc = 0;
    if (t->failed) {
        rc = err_set(err, "%s: writing a new file failed; nothing was changed", t->dir);
        rollback(t);
    } else if (t->n > 0 && commit_prepare(t, keep_backup, err) != 0) {
        rc = -1;
        rollback(t);
    } else if (t->n > 0) {
        rc = commit_finish(t, err);
    }
    txn_free(t);
    return rc;
}

/* ---- recovery ---- */

static int is_temp(const char *name)
{
    return !strncmp(name, TXN_TMP_PREFIX, strlen(TXN_TMP_PREFIX));
}

static int is_leftover(const char *name)
{
    return is_temp(name) || !strcmp(name, TXN_JOURNAL) || !strcmp(name, TXN_JOURNAL_TMP);
}

/* Counts what a killed transaction leaves in *found; with drop, unlinks the temps among
 * them (bad gets a name that would not go). Returns 0 or errno. */
static int scan_leftovers(int dirfd, int drop, int *found, char *bad)
{
    int fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR *d = fd < 0 ? NULL : fdopendir(fd);
    if (!d) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        return e;
    }
    int rc = 0;
    struct dirent *de;
    *found = 0;
    while (rc == 0) {
        errno = 0;
        if (!(de = readdir(d))) {
            rc = errno;   /* 0 at the end of the listing */
            break;
        }
        if (!is_leftover(de->d_name))
            continue;
        (*found)++;
        if (drop && is_temp(de->d_name) && unlinkat(dirfd, de->d_name, 0) != 0 && errno != ENOENT) {
            rc = errno;
            snprintf(bad, TXN_NAME, "%s", de->d_name);
        }
    }
    closedir(d);
    return rc;
}

static int end_line_ok(const char *line, size_t n)
{
    if (strncmp(line, "end ", 4) != 0 || line[4] < '0' || line[4] > '9')
        return 0;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(line + 4, &end, 10);
    return *end == '\0' && errno == 0 && v == n;
}

/* 0 when buf (len bytes, NUL after) is a complete journal: header, names, "end <n>". */
static int journal_parse(struct journal *j, size_t len)
{
    char *b = j->buf, *p;
    size_t hl = strlen(TXN_JOURNAL_HEADER), lines = 0;
    if (len <= hl || memcmp(b, TXN_JOURNAL_HEADER "\n", hl + 1) != 0 || b[len - 1] != '\n' ||
        memchr(b, '\0', len))
        return -1;
    for (size_t i = 0; i < len; i++)
        lines += b[i] == '\n';
    j->n = lines - 2;   /* header and end line; lines >= 2 as both end in '\n' */
    if (lines < 2 || !(j->names = calloc(j->n + 1, sizeof *j->names)))
        return -1;
    p = b + hl + 1;
    for (size_t i = 0; i < j->n; i++) {
        char *nl = strchr(p, '\n');
        *nl = '\0';
        if (name_problem(p))
            return -1;
        j->names[i] = p;
        p = nl + 1;
    }
    b[len - 1] = '\0';
    return end_line_ok(p, j->n) ? 0 : -1;
}

/* Reads all of fd into a malloc'ed, NUL-terminated buffer; 0 or errno. */
static int read_fd(int fd, char **data, size_t *len)
{
    struct stat st;
    if (fstat(fd, &st) != 0)
        return errno;
    if (st.st_size > (off_t)TXN_JOURNAL_MAX)
        return EFBIG;
    size_t cap = (size_t)st.st_size, n = 0;
    char *buf = malloc(cap + 1);
    if (!buf)
        return ENOMEM;
    while (n < cap) {
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;   /* a short journal is simply incomplete */
        n += (size_t)r;
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return 0;
}

/* 1: complete journal in *j; 0: none, or incomplete (to be dropped); -1: it cannot be
 * read (*ioerr), so it must be kept: it may be complete. */
static int journal_read(int dirfd, struct journal *j, int *ioerr)
{
    size_t len = 0;
    memset(j, 0, sizeof *j);
    int fd = openat(dirfd, TXN_JOURNAL, O_RDONLY | O_CLOEXEC);
    *ioerr = fd < 0 ? errno : read_fd(fd, &j->buf, &len);
    if (fd >= 0)
        close(fd);
    if (*ioerr == ENOENT || *ioerr == EFBIG)
        return 0;   /* EFBIG: far larger than any journal gem5wb writes */
    if (*ioerr != 0)
        return -1;
    if (journal_parse(j, len) == 0)
        return 1;
    free(j->names);
    free(j->buf);
    return 0;
}

static int roll_forward(int dirfd, const char *dir, const struct journal *j, char *err)
{
    char tmp[TXN_NAME], show[TXN_PATH];
    for (size_t i = 0; i < j->n; i++) {
        tmp_name(j->names[i], tmp);
        if (renameat(dirfd, tmp, dirfd, j->names[i]) != 0 && errno != ENOENT) {
            int e = errno;
            return err_set(err, "%s: cannot finish an interrupted change (%s); %s is kept to "
                           "finish it later", shown(dir, j->names[i], show), strerror(e),
                           TXN_JOURNAL);
        }
    }
    int rc = sync_fd(dirfd);
    if (rc != 0)
        return err_set(err, "%s: cannot sync the folder (%s)", dir, strerror(rc));
    return 0;
}

static int unlink_if_there(int dirfd, const char *name)
{
    if (!exists_at(dirfd, name) || unlinkat(dirfd, name, 0) == 0 || errno == ENOENT)
        return 0;
    return errno;
}

static int drop_leftovers(int dirfd, const char *dir, char *err)
{
    char bad[TXN_NAME] = TXN_JOURNAL, show[TXN_PATH];
    int rc = unlink_if_there(dirfd, TXN_JOURNAL);
    if (rc == 0)
        rc = sync_fd(dirfd);   /* the journal is gone before any temp it names */
    if (rc == 0 && (rc = unlink_if_there(dirfd, TXN_JOURNAL_TMP)) != 0)
        snprintf(bad, sizeof bad, "%s", TXN_JOURNAL_TMP);
    /* several passes: some file systems skip entries unlinked during readdir */
    for (int pass = 0, found = 1; rc == 0 && found && pass < 4; pass++)
        rc = scan_leftovers(dirfd, 1, &found, bad);
    if (rc == 0)
        rc = sync_fd(dirfd);
    if (rc != 0)
        return err_set(err, "%s: cannot remove what an interrupted gem5wb left (%s)",
                       shown(dir, bad, show), strerror(rc));
    return 0;
}

static int recover_locked(int dirfd, const char *dir, int *recovered, char *err)
{
    char show[TXN_PATH];
    struct journal j;
    int found = 0, ioerr = 0, rc = scan_leftovers(dirfd, 0, &found, NULL);
    if (rc != 0)
        return err_set(err, "%s: cannot list the folder (%s)", dir, strerror(rc));
    if (!found)
        return 0;
    int state = journal_read(dirfd, &j, &ioerr);
    if (state < 0)
        return err_set(err, "%s: cannot read the journal of an interrupted change (%s)",
                       shown(dir, TXN_JOURNAL, show), strerror(ioerr));
    if (state == 1) {
        rc = roll_forward(dirfd, dir, &j, err);
        free(j.names);
        free(j.buf);
        if (rc != 0)
            return -1;
        if (recovered)
            *recovered = 1;
    }
    return drop_leftovers(dirfd, dir, err);
}

int txn_recover(const char *dir, int *recovered, char *err)
{
    int found = 0, rc;
    if (recovered)
        *recovered = 0;
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return err_set(err, "%s: cannot open the folder (%s)", dir, strerror(errno));
    if ((rc = scan_leftovers(fd, 0, &found, NULL)) != 0 || !found) {
        close(fd);
        return rc == 0 ? 0 : err_set(err, "%s: cannot list the folder (%s)", dir, strerror(rc));
    }
    while ((rc = flock(fd, LOCK_EX | LOCK_NB)) != 0 && errno == EINTR)
        ;
    if (rc != 0) {
        int e = errno;
        close(fd);   /* EWOULDBLOCK: the holder is mid-change and cleans up itself */
        return e == EWOULDBLOCK ? 0 : err_set(err, "%s: cannot lock the folder (%s)", dir,
                                              strerror(e));
    }
    rc = recover_locked(fd, dir, recovered, err);
    close(fd);   /* releases the flock */
    return rc;
}

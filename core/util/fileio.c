#include "core/util/fileio.h"
#include "core/util/err.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int file_read_all(const char *path, size_t max_bytes, char **data, size_t *len, char *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return err_sys(err, errno, "cannot open '%s'", path);
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return err_set(err, "'%s' is not a regular file", path);
    }
    if ((uint64_t)st.st_size > max_bytes) {
        close(fd);
        return err_set(err, "'%s' is %lld bytes, more than the %zu this command reads",
                       path, (long long)st.st_size, max_bytes);
    }
    size_t cap = (size_t)st.st_size, n = 0;
    char *buf = malloc(cap + 1);
    if (!buf) {
        close(fd);
        return err_set(err, "out of memory reading '%s'", path);
    }
    while (n < cap) {
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            int e = errno;
            free(buf);
            close(fd);
            return err_sys(err, e, "cannot read '%s'", path);
        }
        if (r == 0)
            break;   /* file shrank while reading: keep what is there */
        n += (size_t)r;
    }
    close(fd);
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return 0;
}

void file_backup_path(const char *path, char *buf, size_t len)
{
    snprintf(buf, len, "%s%s", path, FILE_BACKUP_SUFFIX);
}

int path_join(char *buf, size_t len, const char *dir, const char *name)
{
    size_t dl = strlen(dir);
    int sep = dl > 0 && dir[dl - 1] != '/';
    int n = snprintf(buf, len, "%s%s%s", dir, sep ? "/" : "", name);
    return (n < 0 || (size_t)n >= len) ? -1 : 0;
}

void path_parent(const char *path, char *buf, size_t len)
{
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/')
        n--;
    while (n > 0 && path[n - 1] != '/')
        n--;
    while (n > 1 && path[n - 1] == '/')
        n--;
    if (n == 0)
        snprintf(buf, len, ".");
    else
        snprintf(buf, len, "%.*s", (int)n, path);
}

static int copy_file(const char *from, const char *to, char *err)
{
    int in = open(from, O_RDONLY | O_CLOEXEC);
    if (in < 0)
        return err_sys(err, errno, "cannot open '%s' to back it up", from);
    int out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (out < 0) {
        int e = errno;
        close(in);
        return err_sys(err, e, "cannot create backup '%s'", to);
    }
    char buf[1 << 16];
    ssize_t r;
    int rc = 0;
    while ((r = read(in, buf, sizeof buf)) > 0)
        if (write(out, buf, (size_t)r) != r) {
            rc = err_sys(err, errno, "cannot write backup '%s'", to);
            break;
        }
    if (r < 0)
        rc = err_sys(err, errno, "cannot read '%s' to back it up", from);
    if (rc == 0 && fsync(out) != 0)
        rc = err_sys(err, errno, "cannot sync backup '%s'", to);
    close(in);
    close(out);
    if (rc != 0)
        unlink(to);
    return rc;
}

static int keep_backup_of(const char *path, char *err)
{
    char bak[4096];
    file_backup_path(path, bak, sizeof bak);
    if (access(path, F_OK) != 0 || access(bak, F_OK) == 0)
        return 0;   /* nothing to keep, or the pristine original is already kept */
    if (link(path, bak) == 0)
        return 0;
    return copy_file(path, bak, err);
}

static void sync_dir(const char *path)
{
    char dir[4096];
    path_parent(path, dir, sizeof dir);
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

int file_tmp_open(const char *path, char *tmp, size_t len, char *err)
{
    if (snprintf(tmp, len, "%s.gem5wb-tmp.XXXXXX", path) >= (int)len)
        return err_set(err, "path '%s' is too long", path);
    int fd = mkstemp(tmp);
    if (fd < 0)
        return err_sys(err, errno, "cannot create a temporary file beside '%s'", path);
    struct stat st;
    fchmod(fd, stat(path, &st) == 0 ? st.st_mode & 07777 : 0644);
    return fd;
}

void file_tmp_abort(int fd, const char *tmp)
{
    if (fd >= 0)
        close(fd);
    unlink(tmp);
}

int file_tmp_commit(int fd, const char *tmp, const char *path, int keep_backup, char *err)
{
    if (fsync(fd) != 0) {
        int e = errno;
        file_tmp_abort(fd, tmp);
        return err_sys(err, e, "cannot sync the new '%s' (nothing was changed)", path);
    }
    if (close(fd) != 0) {
        int e = errno;
        unlink(tmp);
        return err_sys(err, e, "cannot write the new '%s' (nothing was changed)", path);
    }
    if (keep_backup && keep_backup_of(path, err) != 0) {
        unlink(tmp);
        return -1;
    }
    if (rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        return err_sys(err, e, "cannot replace '%s' (nothing was changed)", path);
    }
    sync_dir(path);
    return 0;
}

int file_replace(const char *path, const void *data, size_t len, int keep_backup, char *err)
{
    char tmp[4096];
    int fd = file_tmp_open(path, tmp, sizeof tmp, err);
    if (fd < 0)
        return -1;
    const char *p = data;
    size_t left = len;
    while (left > 0) {
        ssize_t w = write(fd, p, left);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0) {
            int e = errno;
            file_tmp_abort(fd, tmp);
            return err_sys(err, e, "cannot write the new '%s' (nothing was changed)", path);
        }
        p += w;
        left -= (size_t)w;
    }
    return file_tmp_commit(fd, tmp, path, keep_backup, err);
}

int dir_create(const char *path, char *err)
{
    char buf[4096];
    if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf)
        return err_set(err, "path '%s' is too long", path);
    for (char *p = buf + 1; ; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char c = *p;
        *p = '\0';
        struct stat st;
        if (mkdir(buf, 0775) != 0 && errno != EEXIST)
            return err_sys(err, errno, "cannot create directory '%s'", buf);
        if (stat(buf, &st) != 0 || !S_ISDIR(st.st_mode))
            return err_set(err, "'%s' exists and is not a directory", buf);
        *p = c;
        if (c == '\0')
            return 0;
    }
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *f)
{
    (void)st, (void)type, (void)f;
    return remove(path) == 0 || errno == ENOENT ? 0 : errno;
}

int dir_remove_tree(const char *path, char *err)
{
    /* depth first, never following symlinks out of the tree */
    int rc = nftw(path, remove_entry, 32, FTW_DEPTH | FTW_PHYS);
    if (rc != 0 && !(rc < 0 && errno == ENOENT))
        return err_sys(err, rc > 0 ? rc : errno, "cannot remove '%s' completely", path);
    return 0;
}

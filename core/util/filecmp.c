/* Whether two files hold the same bytes: sizes and identity first, then 1 MiB blocks. */
#include "core/util/filecmp.h"
#include "core/util/err.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CMP_BUF (1u << 20)

/* Reads up to len bytes at off (fewer only at the end of the file). */
static int read_block(int fd, uint8_t *buf, size_t len, uint64_t off, size_t *got)
{
    *got = 0;
    while (*got < len) {
        ssize_t r = pread(fd, buf + *got, len - *got, (off_t)(off + *got));
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -1;
        if (r == 0)
            break;
        *got += (size_t)r;
    }
    return 0;
}

static int compare_blocks(int fa, int fb, const char *a, const char *b, uint64_t size,
                          filecmp_progress progress, void *arg, char *err)
{
    uint8_t *x = malloc(CMP_BUF), *y = malloc(CMP_BUF);
    int rc = x && y ? 1 : err_set(err, "out of memory comparing %s and %s", a, b);
    for (uint64_t done = 0; rc == 1;) {
        size_t na, nb;
        if (read_block(fa, x, CMP_BUF, done, &na) != 0)
            rc = err_sys(err, errno, "cannot read %s", a);
        else if (read_block(fb, y, CMP_BUF, done, &nb) != 0)
            rc = err_sys(err, errno, "cannot read %s", b);
        else if (na != nb || memcmp(x, y, na) != 0)
            rc = 0;
        else if (na == 0)
            break;
        else if (done += na, progress && progress(arg, done, size))
            rc = err_set(err, "cancelled");
    }
    free(x);
    free(y);
    return rc;
}

int file_same_bytes(const char *a, const char *b, filecmp_progress progress, void *arg,
                    char *err)
{
    struct stat sa, sb;
    if (stat(a, &sa) != 0)
        return err_sys(err, errno, "cannot read %s", a);
    if (stat(b, &sb) != 0)
        return err_sys(err, errno, "cannot read %s", b);
    if (sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino)
        return 1;
    if (sa.st_size != sb.st_size)
        return 0;
    int fa = open(a, O_RDONLY | O_CLOEXEC), fb = open(b, O_RDONLY | O_CLOEXEC), rc;
    if (fa < 0)
        rc = err_sys(err, errno, "cannot open %s", a);
    else if (fb < 0)
        rc = err_sys(err, errno, "cannot open %s", b);
    else
        rc = compare_blocks(fa, fb, a, b, (uint64_t)sa.st_size, progress, arg, err);
    if (fa >= 0)
        close(fa);
    if (fb >= 0)
        close(fb);
    return rc;
}

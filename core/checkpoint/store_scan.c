/* Integrity scan of one gem5 physical-memory store: decodes it the way zlib's gzread does
 * (gem5's restore path) and reports size, members, trailing garbage and non-zero pages. */
#include "core/checkpoint/store.h"
#include "core/util/err.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

/* Stricter than gem5 on one point: gzread restores a file cut short (even inside the
 * 8-byte trailer) without a word and leaves the rest of memory zero. The scan calls that
 * an error, because such a store has lost data. */

#define SCAN_BUF (1u << 20)             /* input and output buffers; a multiple of a page */
#define SCAN_PAGE 4096u
#define SCAN_REPORT_OUT (64ull << 20)   /* decoded bytes between two progress calls */

struct scan {
    const char *path;
    int fd;
    uint64_t size;          /* file size when opened */
    uint64_t read_off;      /* file offset just past the bytes read so far */
    uint64_t reported_out;  /* decoded_bytes at the last progress call */
    uint8_t *in, *out;      /* owned, SCAN_BUF bytes each */
    store_progress_fn progress;
    void *arg;
    struct store_scan *res;
    char *err;
};

static uint64_t nonzero_pages(const uint8_t *buf, size_t len)
{
    static const uint8_t zero[SCAN_PAGE];
    uint64_t n = 0;
    for (size_t off = 0; off < len; off += SCAN_PAGE) {
        size_t m = len - off < SCAN_PAGE ? len - off : SCAN_PAGE;
        n += memcmp(buf + off, zero, m) != 0;
    }
    return n;
}

/* Reads up to len bytes at off; fewer only at the end of the file. */
static ssize_t read_at(struct scan *s, uint8_t *buf, size_t len, uint64_t off)
{
    size_t got = 0;
    while (got < len) {
        ssize_t r = pread(s->fd, buf + got, len - got, (off_t)(off + got));
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return err_sys(s->err, errno, "%s: cannot read at offset %llu", s->path,
                           (unsigned long long)(off + got));
        if (r == 0)
            break;
        got += (size_t)r;
    }
    return (ssize_t)got;
}

static int report(struct scan *s, uint64_t done)
{
    if (s->progress && s->progress(s->arg, done, s->size) != 0)
        return err_set(s->err, "%s: scan cancelled", s->path);
    return 0;
}

/* 1 when the gzip magic 1f 8b sits at off, 0 when not (or the file ends), -1 on error. */
static int magic_at(struct scan *s, uint64_t off)
{
    uint8_t m[2];
    ssize_t n = read_at(s, m, sizeof m, off);
    if (n < 0)
        return -1;
    return n == 2 && m[0] == 0x1f && m[1] == 0x8b;
}

/* gzread copies a file without the magic unchanged ("transparent" mode). */
static int scan_raw(struct scan *s)
{
    s->res->raw = true;
    while (s->read_off < s->size) {
        ssize_t n = read_at(s, s->out, SCAN_BUF, s->read_off);
        if (n < 0)
            return -1;
        if (n == 0)
            break;   /* the file shrank under us: count what was there */
        s->read_off += (uint64_t)n;
        s->res->decoded_bytes += (uint64_t)n;
        s->res->nonzero_pages += nonzero_pages(s->out, (size_t)n);
        if (report(s, s->read_off) != 0)
            return -1;
    }
    return 0;
}

static int truncated(struct scan *s)
{
    return err_set(s->err, "%s: gzip member %u is truncated at offset %llu (the file ends "
                   "inside compressed data)", s->path, s->res->members,
                   (unsigned long long)s->read_off);
}

static int refill(struct scan *s, z_stream *z)
{
    if (report(s, s->read_off) != 0)   /* all read so far is consumed */
        return -1;
    ssize_t n = s->read_off < s->size ? read_at(s, s->in, SCAN_BUF, s->read_off) : 0;
    if (n < 0)
        return -1;
    if (n == 0)
        return truncated(s);
    z->next_in = s->in;
    z->avail_in = (uInt)n;
    s->read_off += (uint64_t)n;
    return 0;
}

/* Counts the decoded bytes in the output buffer and starts it over. Draining only when
 * full keeps pages aligned with the decoded stream, even across member boundaries. */
static void count_out(struct scan *s, z_stream *z)
{
    size_t len = SCAN_BUF - z->avail_out;
    s->res->nonzero_pages += nonzero_pages(s->out, len);
    s->res->decoded_bytes += len;
    z->next_out = s->out;
    z->avail_out = SCAN_BUF;
}

static int drain(struct scan *s, z_stream *z)
{
    count_out(s, z);
    if (s->res->decoded_bytes - s->reported_out < SCAN_REPORT_OUT)
        return 0;
    s->reported_out = s->res->decoded_bytes;
    return report(s, s->read_off - z->avail_in);
}

/* After a member ends, gzread starts another one only on the gzip magic; anything else is
 * trailing garbage that it ignores. Returns 1 when a member follows, 0 at the end. */
static int next_member(struct scan *s, z_stream *z)
{
    uint64_t pos = s->read_off - z->avail_in;
    int m = magic_at(s, pos);
    if (m < 0)
        return -1;
    if (m == 1) {
        s->res->members++;
        inflateReset(z);
        return 1;
    }
    if (pos < s->size) {
        s->res->trailing_garbage = true;
        s->res->garbage_offset = pos;
    }
    return 0;
}

static int corrupt(struct scan *s, z_stream *z)
{
    const char *msg = z->msg ? z->msg : "compressed data error";
    const char *why = "";
    uint64_t at = s->read_off - z->avail_in;
    /* inflate has just read the 4-byte trailer field it compares: point at its start */
    if (strcmp(msg, "incorrect data check") == 0) {
        why = ": the CRC-32 does not match";
        at -= 4;
    } else if (strcmp(msg, "incorrect length check") == 0) {
        why = ": the ISIZE field does not match the decoded length";
        at -= 4;
    } else if (strcmp(msg, "invalid distance too far back") == 0) {
        why = ": a back-reference points before the start of the member";
    } else if (strcmp(msg, "unknown compression method") == 0 ||
               strcmp(msg, "unknown header flags set") == 0 ||
               strcmp(msg, "header crc mismatch") == 0) {
        why = ": the gzip header is damaged";
    }
    return err_set(s->err, "%s: gzip member %u is corrupt at compressed offset %llu (%s%s)",
                   s->path, s->res->members, (unsigned long long)at, msg, why);
}

static int inflate_all(struct scan *s, z_stream *z)
{
    for (;;) {
        if (z->avail_in == 0 && refill(s, z) != 0)
            return -1;
        int ret = inflate(z, Z_NO_FLUSH);
        if (z->avail_out == 0 && drain(s, z) != 0)
            return -1;
        if (ret == Z_STREAM_END) {
            int more = next_member(s, z);
            if (more <= 0)
                return more;
        } else if (ret == Z_DATA_ERROR) {
            return corrupt(s, z);
        } else if (ret != Z_OK && ret != Z_BUF_ERROR) {
            /* Z_OK and Z_BUF_ERROR only ask for input or output room, given above */
            return err_set(s->err, "%s: zlib's inflate failed (%s)", s->path,
                           ret == Z_MEM_ERROR ? "out of memory" : "internal error");
        }
    }
}

static int scan_gzip(struct scan *s)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, 15 + 16) != Z_OK)
        return err_set(s->err, "%s: cannot start zlib's inflate (out of memory)", s->path);
    s->res->members = 1;
    z.next_out = s->out;
    z.avail_out = SCAN_BUF;
    int rc = inflate_all(s, &z);
    if (rc == 0)
        count_out(s, &z);   /* the last, partly filled buffer */
    inflateEnd(&z);
    return rc;
}

static int scan_open(struct scan *s)
{
    int m = magic_at(s, 0);
    if (m < 0)
        return -1;
    s->in = malloc(SCAN_BUF);
    s->out = malloc(SCAN_BUF);
    if (!s->in || !s->out)
        return err_set(s->err, "%s: out of memory for the scan buffers", s->path);
    return m ? scan_gzip(s) : scan_raw(s);
}

int store_scan(const char *path, struct store_scan *out, store_progress_fn progress,
               void *arg, char *err)
{
    memset(out, 0, sizeof *out);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return err_sys(err, errno, "%s: cannot open the store", path);
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return err_set(err, "%s: not a regular file", path);
    }
    posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    struct scan s = {
        .path = path, .fd = fd, .size = (uint64_t)st.st_size,
        .progress = progress, .arg = arg, .res = out, .err = err,
    };
    out->file_bytes = s.size;
    int rc = scan_open(&s);
    free(s.in);
    free(s.out);
    close(fd);
    return rc;
}

/* Writing one gem5 physical-memory store as a single gzip member that zlib's gzread (gem5's
 * restore path) reads back: byte-identical to gzwrite, or fast for mostly-zero stores. */
#include "core/checkpoint/store.h"
#include "core/util/err.h"
#include "core/util/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define CHUNK (1u << 20)       /* bytes per fill() call, and per FAST segment */
#define SINK_BUF (1u << 20)
#define SINK_SLACK 64u         /* deflate repeats flush markers when avail_out is below 6 */

/* What gzopen("wb") writes: no name, mtime 0, XFL 0, OS 3 (Unix). */
static const uint8_t gem5_gz_header[10] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3 };

struct sink {
    int fd;             /* file to write to, or -1 to collect in memory */
    const char *path;   /* the store's final path, for messages */
    uint8_t *buf;       /* owned */
    size_t len, cap;
};

struct writer {
    enum store_gz_mode mode;
    z_stream z;          /* EXACT: the gzip stream; FAST: raw deflate, reset per chunk */
    bool z_live;
    uint8_t *chunk;      /* owned, CHUNK bytes handed to fill() */
    uint8_t *zero[2];    /* FAST, owned: compressed zero chunk, [0] full, [1] short last */
    size_t zero_len[2];
    uint32_t zero_crc[2];
    uint32_t crc;        /* FAST: CRC-32 of the bytes so far */
    struct sink k;
};

static int sink_flush(struct sink *k, char *err)
{
    size_t done = 0;
    while (done < k->len) {
        ssize_t w = write(k->fd, k->buf + done, k->len - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return err_sys(err, errno, "%s: cannot write the new store (nothing was changed)",
                           k->path);
        done += (size_t)w;
    }
    k->len = 0;
    return 0;
}

/* Makes at least SINK_SLACK bytes free: writes the file out, or grows the memory block. */
static int sink_room(struct sink *k, char *err)
{
    if (k->cap - k->len >= SINK_SLACK)
        return 0;
    if (k->fd >= 0)
        return sink_flush(k, err);
    uint8_t *p = realloc(k->buf, k->cap * 2);
    if (!p)
        return err_set(err, "%s: out of memory while compressing", k->path);
    k->buf = p;
    k->cap *= 2;
    return 0;
}

static int sink_put(struct sink *k, const void *data, size_t n, char *err)
{
    const uint8_t *p = data;
    while (n > 0) {
        if (sink_room(k, err) != 0)
            return -1;
        size_t m = k->cap - k->len < n ? k->cap - k->len : n;
        memcpy(k->buf + k->len, p, m);
        k->len += m;
        p += m;
        n -= m;
    }
    return 0;
}

static void put_le32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/* Runs deflate until its input is used up and, for a flush, the flush is complete. */
static int pump(z_stream *z, int flush, struct sink *k, char *err)
{
    for (;;) {
        if (sink_room(k, err) != 0)
            return -1;
        z->next_out = k->buf + k->len;
        z->avail_out = (uInt)(k->cap - k->len);
        int ret = deflate(z, flush);
        k->len = k->cap - z->avail_out;
        if (ret == Z_STREAM_ERROR)
            return err_set(err, "%s: zlib's deflate failed (internal error)", k->path);
        if (flush == Z_FINISH ? ret == Z_STREAM_END : z->avail_in == 0 && z->avail_out != 0)
            return 0;
    }
}

/* Compresses one chunk as byte-aligned, non-final deflate blocks that refer to nothing
 * before them, so that such segments can be laid end to end inside one member. */
static int segment(struct writer *w, const uint8_t *data, size_t len, struct sink *k,
                   char *err)
{
    deflateReset(&w->z);
    w->z.next_in = (Bytef *)data;
    w->z.avail_in = (uInt)len;
    return pump(&w->z, Z_FULL_FLUSH, k, err);
}

/* Compresses the all-zero chunk of this length once; later zero chunks copy it. */
static int zero_segment(struct writer *w, size_t len, int i, char *err)
{
    if (w->zero[i])
        return 0;
    memset(w->chunk, 0, len);
    struct sink m = { .fd = -1, .path = w->k.path, .buf = malloc(4096), .cap = 4096 };
    if (!m.buf)
        return err_set(err, "%s: out of memory while compressing", w->k.path);
    if (segment(w, w->chunk, len, &m, err) != 0) {
        free(m.buf);
        return -1;
    }
    w->zero[i] = m.buf;
    w->zero_len[i] = m.len;
    w->zero_crc[i] = (uint32_t)crc32(0, w->chunk, (uInt)len);
    return 0;
}

static int fast_chunk(struct writer *w, size_t len, bool zero, char *err)
{
    if (!zero) {
        w->crc = (uint32_t)crc32(w->crc, w->chunk, (uInt)len);
        return segment(w, w->chunk, len, &w->k, err);
    }
    int i = len == CHUNK ? 0 : 1;
    if (zero_segment(w, len, i, err) != 0)
        return -1;
    w->crc = (uint32_t)crc32_combine(w->crc, w->zero_crc[i], (z_off_t)len);
    return sink_put(&w->k, w->zero[i], w->zero_len[i], err);
}

/* An empty final fixed block (03 00) ends the deflate data, then CRC-32 and ISIZE. */
static int fast_finish(struct writer *w, uint64_t size, char *err)
{
    uint8_t tail[10] = { 0x03, 0x00 };
    put_le32(tail + 2, w->crc);
    put_le32(tail + 6, (uint32_t)size);
    return sink_put(&w->k, tail, sizeof tail, err);
}

static int exact_chunk(struct writer *w, size_t len, char *err)
{
    w->z.next_in = w->chunk;
    w->z.avail_in = (uInt)len;
    return pump(&w->z, Z_NO_FLUSH, &w->k, err);
}

static bool all_zero(const uint8_t *p, size_t len)
{
    return len == 0 || (p[0] == 0 && memcmp(p, p + 1, len - 1) == 0);
}

/* Asks fill() for one chunk. Returns 1 for data, 0 for zeros (in w->chunk too for
 * EXACT, which compresses the bytes), -1 on error with err filled. */
static int get_chunk(struct writer *w, uint64_t off, size_t len, store_fill_fn fill,
                     void *arg, char *err)
{
    if (err)
        err[0] = '\0';
    int r = fill(arg, off, w->chunk, len, err);
    if (r < 0) {
        if (err && err[0] == '\0')
            err_set(err, "%s: the data for offset %llu could not be produced", w->k.path,
                    (unsigned long long)off);
        return -1;
    }
    if (w->mode == STORE_GZ_EXACT) {
        if (r == 0)
            memset(w->chunk, 0, len);
        return 1;
    }
    /* a filled chunk that is all zero still gets the shared segment: same bytes out */
    return r > 0 && !all_zero(w->chunk, len);
}

static int encode(struct writer *w, uint64_t size, store_fill_fn fill, void *arg, char *err)
{
    if (w->mode == STORE_GZ_FAST && sink_put(&w->k, gem5_gz_header, sizeof gem5_gz_header, err) != 0)
        return -1;
    for (uint64_t off = 0; off < size; off += CHUNK) {
        size_t len = size - off < CHUNK ? (size_t)(size - off) : CHUNK;
        int r = get_chunk(w, off, len, fill, arg, err);
        if (r < 0)
            return -1;
        int rc = w->mode == STORE_GZ_EXACT ? exact_chunk(w, len, err)
                                           : fast_chunk(w, len, r == 0, err);
        if (rc != 0)
            return -1;
    }
    if (w->mode == STORE_GZ_EXACT)
        return pump(&w->z, Z_FINISH, &w->k, err);
    return fast_finish(w, size, err);
}

/* EXACT takes gzopen("wb")'s parameters, so deflate writes gem5's header itself; FAST
 * uses raw deflate at the same level and writes the gzip framing by hand. */
static int writer_init(struct writer *w, int fd, const char *path, enum store_gz_mode mode,
                       char *err)
{
    memset(w, 0, sizeof *w);
    w->mode = mode;
    w->k = (struct sink){ .fd = fd, .path = path, .buf = malloc(SINK_BUF), .cap = SINK_BUF };
    w->chunk = malloc(CHUNK);
    if (!w->k.buf || !w->chunk)
        return err_set(err, "%s: out of memory for the write buffers", path);
    int bits = mode == STORE_GZ_EXACT ? 15 + 16 : -15;
    if (deflateInit2(&w->z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, bits, 8,
                     Z_DEFAULT_STRATEGY) != Z_OK)
        return err_set(err, "%s: cannot start zlib's deflate (out of memory)", path);
    w->z_live = true;
    return 0;
}

static void writer_free(struct writer *w)
{
    if (w->z_live)
        deflateEnd(&w->z);
    free(w->zero[0]);
    free(w->zero[1]);
    free(w->chunk);
    free(w->k.buf);
}

/* Compresses everything into the open temp file and makes it durable. */
static int write_temp(int fd, const char *path, uint64_t size, store_fill_fn fill, void *arg,
                      enum store_gz_mode mode, char *err)
{
    struct writer w;
    int rc = writer_init(&w, fd, path, mode, err);
    if (rc == 0)
        rc = encode(&w, size, fill, arg, err);
    if (rc == 0)
        rc = sink_flush(&w.k, err);
    writer_free(&w);
    return rc;
}

int store_write(const char *path, uint64_t size, store_fill_fn fill, void *arg,
                enum store_gz_mode mode, char *err)
{
    if (size % 8 != 0)
        return err_set(err, "%s: a store must be a multiple of 8 bytes (gem5 asserts it on "
                       "restore), not %llu", path, (unsigned long long)size);
    char tmp[4096];
    int fd = file_tmp_open(path, tmp, sizeof tmp, err);
    if (fd < 0)
        return -1;
    if (write_temp(fd, path, size, fill, arg, mode, err) != 0) {
        file_tmp_abort(fd, tmp);
        return -1;
    }
    return file_tmp_commit(fd, tmp, path, 0, err);
}

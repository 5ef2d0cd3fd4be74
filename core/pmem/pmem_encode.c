/* Compressing one chunk into a complete gzip member: gem5's 10-byte header, raw deflate
 * at a fast level (ISA-L level 1 when built with it, zlib level 1 otherwise), trailer. */
#include "core/pmem/pmem_encode.h"
#include "core/pmem/pmem_crc.h"
#include "core/pmem/pmem.h"
#include "core/util/err.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#ifdef HAVE_ISAL
#include <isa-l/igzip_lib.h>
#endif

/* What gzopen("wb") writes: no name, mtime 0, XFL 0, OS 3 (Unix). */
static const uint8_t gem5_header[10] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3 };

struct pmem_encoder {
    enum pmem_backend backend;
    int zlib_level;
    uint8_t *buf;               /* owned: header + deflate + trailer */
    size_t cap;
#ifdef HAVE_ISAL
    uint8_t *level_buf;         /* owned: ISA-L's level-1 work area */
#endif
};

struct pmem_encoder *pmem_encoder_new(enum pmem_backend backend)
{
    struct pmem_encoder *e = calloc(1, sizeof *e);
    if (!e)
        return NULL;
    e->backend = pmem_backend_resolve(backend);
    e->zlib_level = 1;
#ifdef HAVE_ISAL
    if (e->backend == PMEM_BACKEND_ISAL && !(e->level_buf = malloc(ISAL_DEF_LVL1_DEFAULT))) {
        free(e);
        return NULL;
    }
#endif
    return e;
}

void pmem_encoder_free(struct pmem_encoder *e)
{
    if (!e)
        return;
#ifdef HAVE_ISAL
    free(e->level_buf);
#endif
    free(e->buf);
    free(e);
}

/* Room for the worst case: stored blocks cost 5 bytes per 64 KiB, each run ends with a
 * flush marker, zero segments; generous slack. */
static int reserve(struct pmem_encoder *e, size_t len, char *err)
{
    size_t need = len + len / 64 + (64u << 10) + 18;
    if (need <= e->cap)
        return 0;
    uint8_t *p = realloc(e->buf, need);
    if (!p)
        return err_set(err, "out of memory for compressing a %zu-byte chunk", len);
    e->buf = p;
    e->cap = need;
    return 0;
}

/* A chunk is encoded run by run: runs of non-zero pages are compressed, each ending with
 * a full flush (byte-aligned, history reset), and runs of zero pages are copied from
 * precomputed deflate segments of zeros (self-contained: they refer only to themselves),
 * so zero pages are neither read (each first touch of an image page is a fault, costly
 * in a VM) nor compressed. An empty final block ends the member. */
static const uint8_t zero_block[PMEM_PAGE];

struct zseg {
    uint8_t *bytes;
    size_t len;
};
static const size_t zseg_size[3] = { 1u << 20, 64u << 10, PMEM_PAGE };
static struct zseg zseg[3];
static pthread_once_t zseg_once = PTHREAD_ONCE_INIT;

/* zlib at level 9 with a full flush, once per process: about 1 ms. */
static void make_zsegs(void)
{
    uint8_t *zeros = calloc(1, zseg_size[0]);
    for (int i = 0; zeros && i < 3; i++) {
        z_stream z;
        memset(&z, 0, sizeof z);
        uint8_t *out = malloc(65536);
        if (!out || deflateInit2(&z, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
            free(out);
            break;
        }
        z.next_in = zeros, z.avail_in = (uInt)zseg_size[i];
        z.next_out = out, z.avail_out = 65536;
        if (deflate(&z, Z_FULL_FLUSH) == Z_OK && z.avail_in == 0 && z.avail_out > 0) {
            zseg[i].bytes = out;
            zseg[i].len = 65536 - z.avail_out;
        } else {
            free(out);
        }
        deflateEnd(&z);
    }
    free(zeros);
}

static int zsegs_ready(char *err)
{
    pthread_once(&zseg_once, make_zsegs);
    for (int i = 0; i < 3; i++)
        if (!zseg[i].bytes)
            return err_set(err, "out of memory for the zero segments");
    return 0;
}

struct out {
    uint8_t *p;      /* the encoder's buffer */
    size_t len, cap;
};

/* Appends n zero bytes (a multiple of the page) as zero segments. */
static void put_zeros(struct out *o, uint64_t n)
{
    for (int i = 0; i < 3; i++)
        for (; n >= zseg_size[i]; n -= zseg_size[i]) {
            memcpy(o->p + o->len, zseg[i].bytes, zseg[i].len);
            o->len += zseg[i].len;
        }
}

#ifdef HAVE_ISAL
static int compress_isal(struct pmem_encoder *e, struct out *o, const uint8_t *d, size_t n,
                         char *err)
{
    struct isal_zstream s;
    isal_deflate_init(&s);
    s.level = 1;
    s.level_buf = e->level_buf;
    s.level_buf_size = ISAL_DEF_LVL1_DEFAULT;
    s.gzip_flag = IGZIP_DEFLATE;
    s.flush = FULL_FLUSH;
    s.end_of_stream = 0;
    s.next_in = (uint8_t *)d;
    s.avail_in = (uint32_t)n;
    s.next_out = o->p + o->len;
    s.avail_out = (uint32_t)(o->cap - o->len);
    int rc = isal_deflate(&s);
    if (rc != COMP_OK || s.avail_in != 0 || s.avail_out == 0)
        return err_set(err, "ISA-L's deflate failed on a chunk (code %d)", rc);
    o->len += s.total_out;
    return 0;
}
#endif

static int compress_zlib(struct pmem_encoder *e, struct out *o, const uint8_t *d, size_t n,
                         char *err)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, e->zlib_level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return err_set(err, "cannot start zlib's deflate (out of memory)");
    z.next_in = (Bytef *)d, z.avail_in = (uInt)n;
    z.next_out = o->p + o->len, z.avail_out = (uInt)(o->cap - o->len);
    int rc = deflate(&z, Z_FULL_FLUSH);
    bool ok = rc == Z_OK && z.avail_in == 0 && z.avail_out > 0;
    o->len += z.total_out;
    deflateEnd(&z);
    return ok ? 0 : err_set(err, "zlib's deflate failed on a chunk");
}

/* Compresses a run of data (the whole input, or non-zero pages of the image). */
static int compress_run(struct pmem_encoder *e, struct out *o, const uint8_t *d, size_t n,
                        char *err)
{
#ifdef HAVE_ISAL
    if (e->backend == PMEM_BACKEND_ISAL)
        return compress_isal(e, o, d, n, err);
#endif
    return compress_zlib(e, o, d, n, err);
}

static bool page_bit(const uint64_t *bits, uint64_t page)
{
    return !bits || ((bits[page / 64] >> (page % 64)) & 1);
}

static void put_le32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/* The runs of one chunk: data compressed, whole zero pages as segments, a short zero
 * tail (the store's last page) compressed from the static block. */
static int encode_runs(struct pmem_encoder *e, struct out *o, const uint8_t *data, size_t len,
                       const uint64_t *bits, uint64_t page0, uint32_t *crc, char *err)
{
    for (size_t at = 0; at < len;) {
        bool nz = page_bit(bits, page0 + at / PMEM_PAGE);
        size_t end = at;
        do
            end = (end / PMEM_PAGE + 1) * PMEM_PAGE;
        while (end < len && page_bit(bits, page0 + end / PMEM_PAGE) == nz);
        if (end > len)
            end = len;
        size_t n = end - at;
        if (nz) {
            *crc = pmem_crc32(*crc, data + at, n);
            if (compress_run(e, o, data + at, n, err) != 0)
                return -1;
        } else {
            *crc = pmem_crc32_zeros(*crc, n);
            put_zeros(o, n - n % PMEM_PAGE);
            if (n % PMEM_PAGE && compress_run(e, o, zero_block, n % PMEM_PAGE, err) != 0)
                return -1;
        }
        at = end;
    }
    return 0;
}

int pmem_encode_pages(struct pmem_encoder *e, const uint8_t *data, size_t len,
                      const uint64_t *bits, uint64_t page0, const uint8_t **out,
                      size_t *out_len, char *err)
{
    uint32_t crc = 0;
    if (len > UINT32_MAX / 2)
        return err_set(err, "a chunk of %zu bytes is too large to encode at once", len);
    if (zsegs_ready(err) != 0 || reserve(e, len, err) != 0)
        return -1;
    struct out o = { .p = e->buf, .cap = e->cap - 10 };   /* room for block end + trailer */
    memcpy(o.p, gem5_header, sizeof gem5_header);
    o.len = sizeof gem5_header;
    if (encode_runs(e, &o, data, len, bits, page0, &crc, err) != 0)
        return -1;
    o.p[o.len++] = 0x03;   /* an empty final block (fixed Huffman, end of block) */
    o.p[o.len++] = 0x00;
    put_le32(o.p + o.len, crc);
    put_le32(o.p + o.len + 4, (uint32_t)len);
    *out = e->buf;
    *out_len = o.len + 8;
    return 0;
}

int pmem_encode_member(struct pmem_encoder *e, const uint8_t *data, size_t len,
                       const uint8_t **out, size_t *out_len, char *err)
{
    return pmem_encode_pages(e, data, len, NULL, 0, out, out_len, err);
}

static pthread_once_t zero_once = PTHREAD_ONCE_INIT;
static uint8_t *zero_member;
static size_t zero_len;

/* The member of a whole zero chunk: the header, zero segments, an empty final block. */
static void make_zero_member(void)
{
    char err[ERR_LEN];
    struct pmem_encoder *e = pmem_encoder_new(PMEM_BACKEND_ZLIB);
    const uint8_t *m;
    size_t len;
    static const uint64_t no_pages[PMEM_CHUNK / PMEM_PAGE / 64];   /* a map of all zero */
    if (e && pmem_encode_pages(e, zero_block, PMEM_CHUNK, no_pages, 0, &m, &len, err) == 0 &&
        (zero_member = malloc(len))) {
        memcpy(zero_member, m, len);
        zero_len = len;
    }
    pmem_encoder_free(e);
}

int pmem_zero_member(const uint8_t **out, size_t *out_len, char *err)
{
    pthread_once(&zero_once, make_zero_member);
    if (!zero_member)
        return err_set(err, "out of memory for the zero chunk's member");
    *out = zero_member;
    *out_len = zero_len;
    return 0;
}

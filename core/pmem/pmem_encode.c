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

/* Room for the worst case: stored blocks cost 5 bytes per 64 KiB; generous slack. */
static int reserve(struct pmem_encoder *e, size_t len, char *err)
{
    size_t need = len + len / 64 + 4096 + 18;
    if (need <= e->cap)
        return 0;
    uint8_t *p = realloc(e->buf, need);
    if (!p)
        return err_set(err, "out of memory for compressing a %zu-byte chunk", len);
    e->buf = p;
    e->cap = need;
    return 0;
}

/* The input of one member as pieces: the chunk's non-zero pages from the image, and for
 * its zero pages a small static block of zeros, so that zero pages of the image are never
 * touched (each first touch of a page is a fault, and costly in a VM). */
#define ZBLK (64u << 10)
static const uint8_t zero_block[ZBLK];

struct pieces {
    const uint8_t *data;
    size_t len, at;
    const uint64_t *bits;       /* page map, or NULL: all of data is read */
    uint64_t page0;             /* page number of data[0] */
};

static bool page_is_data(const struct pieces *p, size_t at)
{
    uint64_t page = p->page0 + at / PMEM_PAGE;
    return !p->bits || ((p->bits[page / 64] >> (page % 64)) & 1);
}

/* The next piece (0 at the end): a run of data pages, or up to ZBLK zeros. */
static int next_piece(struct pieces *p, const uint8_t **ptr, size_t *n)
{
    if (p->at >= p->len)
        return 0;
    bool data = page_is_data(p, p->at);
    size_t end = p->at;
    do
        end = (end / PMEM_PAGE + 1) * PMEM_PAGE;
    while (end < p->len && page_is_data(p, end) == data && (data || end - p->at < ZBLK));
    if (end > p->len)
        end = p->len;
    *ptr = data ? p->data + p->at : zero_block;
    *n = end - p->at;
    p->at = end;
    return 1;
}

#ifdef HAVE_ISAL
static int deflate_isal(struct pmem_encoder *e, struct pieces *pc, size_t *n, uint32_t *crc,
                        char *err)
{
    struct isal_zstream s;
    isal_deflate_init(&s);
    s.level = 1;
    s.level_buf = e->level_buf;
    s.level_buf_size = ISAL_DEF_LVL1_DEFAULT;
    s.gzip_flag = IGZIP_DEFLATE;
    s.flush = NO_FLUSH;
    s.next_out = e->buf + 10;
    s.avail_out = (uint32_t)(e->cap - 18);
    const uint8_t *ptr = NULL;
    size_t len = 0;
    int more = next_piece(pc, &ptr, &len);
    do {
        const uint8_t *cur = ptr;
        size_t cur_len = len;
        more = next_piece(pc, &ptr, &len);
        *crc = pmem_crc32(*crc, cur, cur_len);
        s.next_in = (uint8_t *)cur;
        s.avail_in = (uint32_t)cur_len;
        s.end_of_stream = !more;
        int rc = isal_deflate(&s);
        if (rc != COMP_OK || s.avail_in != 0 || s.avail_out == 0)
            return err_set(err, "ISA-L's deflate failed on a chunk (code %d)", rc);
    } while (more);
    if (s.internal_state.state != ZSTATE_END)
        return err_set(err, "ISA-L's deflate did not finish a chunk");
    *n = s.total_out;
    return 0;
}
#endif

static int deflate_zlib(struct pmem_encoder *e, struct pieces *pc, size_t *n, uint32_t *crc,
                        char *err)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, e->zlib_level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return err_set(err, "cannot start zlib's deflate (out of memory)");
    z.next_out = e->buf + 10;
    z.avail_out = (uInt)(e->cap - 18);
    const uint8_t *ptr;
    size_t len;
    int rc = Z_OK, more = next_piece(pc, &ptr, &len);
    while (rc == Z_OK) {
        const uint8_t *cur = more ? ptr : NULL;
        size_t cur_len = more ? len : 0;
        if (more)
            more = next_piece(pc, &ptr, &len);
        *crc = cur ? pmem_crc32(*crc, cur, cur_len) : *crc;
        z.next_in = (Bytef *)cur;
        z.avail_in = (uInt)cur_len;
        rc = deflate(&z, more ? Z_NO_FLUSH : Z_FINISH);
        if (rc == Z_OK && !more && z.avail_out == 0)
            break;
    }
    *n = z.total_out;
    deflateEnd(&z);
    if (rc != Z_STREAM_END)
        return err_set(err, "zlib's deflate failed on a chunk");
    return 0;
}

static void put_le32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

int pmem_encode_pages(struct pmem_encoder *e, const uint8_t *data, size_t len,
                      const uint64_t *bits, uint64_t page0, const uint8_t **out,
                      size_t *out_len, char *err)
{
    size_t n = 0;
    uint32_t crc = 0;
    if (len > UINT32_MAX / 2)
        return err_set(err, "a chunk of %zu bytes is too large to encode at once", len);
    if (reserve(e, len, err) != 0)
        return -1;
    memcpy(e->buf, gem5_header, sizeof gem5_header);
    struct pieces pc = { .data = data, .len = len, .bits = bits, .page0 = page0 };
#ifdef HAVE_ISAL
    if (e->backend == PMEM_BACKEND_ISAL) {
        if (deflate_isal(e, &pc, &n, &crc, err) != 0)
            return -1;
    } else
#endif
    if (deflate_zlib(e, &pc, &n, &crc, err) != 0)
        return -1;
    put_le32(e->buf + 10 + n, crc);
    put_le32(e->buf + 14 + n, (uint32_t)len);
    *out = e->buf;
    *out_len = n + 18;
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

/* Made with zlib at level 9 once: the densest encoding of zeros either library gives. */
static void make_zero_member(void)
{
    uint8_t *zeros = calloc(1, PMEM_CHUNK);
    struct pmem_encoder *e = pmem_encoder_new(PMEM_BACKEND_ZLIB);
    const uint8_t *m;
    size_t len;
    char err[ERR_LEN];
    if (e)
        e->zlib_level = 9;
    if (zeros && e && pmem_encode_member(e, zeros, PMEM_CHUNK, &m, &len, err) == 0 &&
        (zero_member = malloc(len))) {
        memcpy(zero_member, m, len);
        zero_len = len;
    }
    pmem_encoder_free(e);
    free(zeros);
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

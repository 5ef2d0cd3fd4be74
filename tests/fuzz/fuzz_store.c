/* libFuzzer target for the store decoders (core/pmem/pmem_decode.h): each input is a store
 * file. The zlib, ISA-L and zero-run-aware backends must agree exactly (accept/reject,
 * size, members, page map, the non-zero pages' bytes), and whatever is accepted must be
 * what zlib's gzread returns.
 *
 * fuzz-seeds: *.pmem
 * fuzz-max-len: 16384
 */
#include "core/pmem/pmem_decode.h"
#include "core/util/err.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>

#define MAX_OUT (8u << 20)    /* decoded bytes kept per input */

struct image {
    uint8_t *buf;             /* MAX_OUT bytes, zero except non-zero pages */
    uint64_t pages_seen;
    uint64_t high;            /* bytes written so far: cleared before the next input */
    int overflow;
};

static int keep_pages(void *arg, uint64_t off, const uint8_t *buf, size_t len, char *err)
{
    struct image *im = arg;
    (void)err;
    for (size_t i = 0; i < len; i += PMEM_PAGE)
        if (pmem_page_is_zero(buf + i, len - i < PMEM_PAGE ? len - i : PMEM_PAGE))
            abort();   /* the sink must only see non-zero pages */
    if (off + len > MAX_OUT) {
        im->overflow = 1;
        return 0;
    }
    memcpy(im->buf + off, buf, len);
    if (off + len > im->high)
        im->high = off + len;
    im->pages_seen += (len + PMEM_PAGE - 1) / PMEM_PAGE;
    return 0;
}

static int decode(int fd, enum pmem_backend b, struct image *im, struct pmem_decoded *d)
{
    char err[ERR_LEN] = "";
    memset(im->buf, 0, im->high);
    im->high = 0;
    im->pages_seen = 0;
    im->overflow = 0;
    struct pmem_decode_sink sink = { .pages = keep_pages, .arg = im };
    int rc = pmem_decode_fd(fd, "fuzz.pmem", b, &sink, d, err);
    if (rc != 0 && strstr(err, "fuzz.pmem") == NULL)
        abort();   /* every error names the file */
    return rc;
}

/* zlib's gzread over the same bytes; -1 when it reports an error. */
static long gzread_all(int fd, uint8_t *out, size_t cap)
{
    lseek(fd, 0, SEEK_SET);
    gzFile g = gzdopen(dup(fd), "rb");
    long total = 0;
    int n;
    uint8_t buf[16384];
    while ((n = gzread(g, buf, sizeof buf)) > 0) {
        if ((size_t)total + (size_t)n <= cap)
            memcpy(out + total, buf, (size_t)n);
        total += n;
    }
    int errnum = 0;
    gzerror(g, &errnum);
    gzclose(g);
    return n < 0 || (errnum != Z_OK && errnum != Z_BUF_ERROR) ? -1 : total;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct image a, b, c;
    static uint8_t *ref;
    if (!a.buf) {
        a.buf = calloc(1, MAX_OUT);
        b.buf = calloc(1, MAX_OUT);
        c.buf = calloc(1, MAX_OUT);
        ref = malloc(MAX_OUT);
    }
    int fd = memfd_create("fuzz.pmem", 0);
    if (fd < 0 || write(fd, data, size) != (ssize_t)size)
        abort();
    struct pmem_decoded da, db;
    int ra = decode(fd, PMEM_BACKEND_ZLIB, &a, &da);
    int rb = pmem_backend_available(PMEM_BACKEND_ISAL) ? decode(fd, PMEM_BACKEND_ISAL, &b, &db)
                                                       : (db = da, b = a, ra);
    struct pmem_decoded dc;
    int rc = decode(fd, PMEM_BACKEND_FAST, &c, &dc);
    if (ra != rb || ra != rc)
        abort();   /* the backends disagree on accepting it */
    if (ra == 0) {
        if (da.decoded_bytes != db.decoded_bytes || da.members != db.members ||
            da.nonzero_pages != db.nonzero_pages || da.raw != db.raw ||
            da.trailing_garbage != db.trailing_garbage || a.overflow != b.overflow)
            abort();
        uint64_t n = da.decoded_bytes < MAX_OUT ? da.decoded_bytes : MAX_OUT;
        if (memcmp(a.buf, b.buf, n) != 0)
            abort();
        if (dc.decoded_bytes != da.decoded_bytes || dc.members != da.members ||
            dc.nonzero_pages != da.nonzero_pages || dc.trailing_garbage != da.trailing_garbage ||
            c.overflow != a.overflow || memcmp(a.buf, c.buf, n) != 0)
            abort();   /* the zero-run-aware decoder differs from zlib */
        long g = gzread_all(fd, ref, MAX_OUT);
        if (g < 0 || (uint64_t)g != da.decoded_bytes || memcmp(ref, a.buf, n) != 0)
            abort();   /* accepted, so it must be exactly what gem5 reads */
    }
    close(fd);
    return 0;
}

/* Decoding a store file the way zlib's gzread does (gem5's restore path): gzip framing,
 * members one after another, raw pass-through; pages handed on only when non-zero. */
#include "core/pmem/pmem_decode.h"
#include "core/pmem/pmem_decode_impl.h"
#include "core/pmem/pmem_emit.h"
#include "core/pmem/pmem_fast.h"
#include "core/util/err.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Tells the sink how far the file is read: at every input buffer, and every
 * REPORT_EVERY decoded bytes (zero runs decode far faster than they are read). */
int dec_report(struct dec *d)
{
    if (!d->sink->progress)
        return 0;
    d->reported = d->obase;
    if (d->sink->progress(d->sink->arg, d->cur_off, d->size) != 0)
        return err_set(d->err, "%s: scan cancelled", d->path);
    return 0;
}

int dec_refill(struct dec *d)
{
    if (dec_report(d) != 0)
        return -1;
    memmove(d->mem, d->cur - INFL_HISTORY, INFL_HISTORY);
    uint8_t *dst = d->mem + INFL_HISTORY;
    ssize_t n;
    do
        n = pread(d->fd, dst, IN_CAP, (off_t)d->cur_off);
    while (n < 0 && errno == EINTR);
    if (n < 0)
        return err_sys(d->err, errno, "%s: cannot read at offset %llu", d->path,
                       (unsigned long long)d->cur_off);
    d->cur = dst;
    d->avail = (size_t)n;
    return 0;
}

void dec_consume(struct dec *d, size_t n)
{
    d->cur += n;
    d->avail -= n;
    d->cur_off += n;
}

int dec_truncated(struct dec *d)
{
    return err_set(d->err, "%s: gzip member %u is truncated at offset %llu (the file ends "
                   "inside compressed data)", d->path, d->res->members,
                   (unsigned long long)d->cur_off);
}

int dec_corrupt_at(struct dec *d, uint64_t at, const char *msg, const char *why)
{
    return err_set(d->err, "%s: gzip member %u is corrupt at compressed offset %llu (%s%s)",
                   d->path, d->res->members, (unsigned long long)at, msg, why);
}

/* Next input byte into *b; the end of the file is an error (truncated). */
int dec_get_byte(struct dec *d, uint8_t *b)
{
    if (d->avail == 0) {
        if (dec_refill(d) != 0)
            return -1;
        if (d->avail == 0)
            return dec_truncated(d);
    }
    *b = *d->cur;
    dec_consume(d, 1);
    return 0;
}

int dec_get_le(struct dec *d, unsigned nbytes, uint32_t *v)
{
    *v = 0;
    for (unsigned i = 0; i < nbytes; i++) {
        uint8_t b = 0;
        if (dec_get_byte(d, &b) != 0)
            return -1;
        *v |= (uint32_t)b << (8 * i);
    }
    return 0;
}

/* Called when obuf is full (a whole number of pages) or at the very end. */
int dec_add_mark(struct dec *d, uint32_t want_crc, uint64_t trailer_off)
{
    if (d->nmarks == d->marks_cap) {
        size_t cap = d->marks_cap ? d->marks_cap * 2 : 16;
        struct emit_mark *p = realloc(d->marks, cap * sizeof *p);
        if (!p)
            return err_set(d->err, "%s: out of memory for the member table", d->path);
        d->marks = p;
        d->marks_cap = cap;
    }
    d->marks[d->nmarks++] = (struct emit_mark){ .end = d->obase + d->ofill,
                                                .want_crc = want_crc,
                                                .member = d->res->members,
                                                .trailer_off = trailer_off };
    return 0;
}

int dec_flush_out(struct dec *d, bool last)
{
    /* the page thread checks this buffer while the inflater fills another */
    if (emitter_push(d->em, &d->obuf, d->ofill, d->obase, d->marks, d->nmarks, last,
                     d->err) != 0)
        return -1;
    d->nmarks = 0;
    d->obase += d->ofill;
    d->res->decoded_bytes += d->ofill;
    d->ofill = 0;
    return d->obase - d->reported >= REPORT_EVERY ? dec_report(d) : 0;
}

static int decode_raw(struct dec *d)
{
    d->res->raw = true;
    for (;;) {
        ssize_t n;
        do
            n = pread(d->fd, d->obuf + d->ofill, PMEM_OUT_CAP - d->ofill, (off_t)d->cur_off);
        while (n < 0 && errno == EINTR);
        if (n < 0)
            return err_sys(d->err, errno, "%s: cannot read at offset %llu", d->path,
                           (unsigned long long)d->cur_off);
        if (n == 0)
            return dec_flush_out(d, true);
        d->cur_off += (uint64_t)n;
        d->ofill += (size_t)n;
        if (d->ofill == PMEM_OUT_CAP && dec_flush_out(d, false) != 0)
            return -1;
        if (dec_report(d) != 0)
            return -1;
    }
}

static bool is_gzip(int fd)
{
    uint8_t m[2];
    return pread(fd, m, 2, 0) == 2 && m[0] == 0x1f && m[1] == 0x8b;
}

int pmem_decode_fd(int fd, const char *path, enum pmem_backend backend,
                   const struct pmem_decode_sink *sink, struct pmem_decoded *out, char *err)
{
    memset(out, 0, sizeof *out);
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
        return err_set(err, "%s: not a regular file", path);
    out->file_bytes = (uint64_t)st.st_size;
    const char *forced = getenv("GEM5WB_INFLATE");
    out->backend = backend == PMEM_BACKEND_AUTO && !(forced && *forced)
                       ? pmem_backend_pick(fd, out->file_bytes, sink->size_hint)
                       : pmem_backend_resolve(backend);
    if (out->backend == PMEM_BACKEND_FAST && is_gzip(fd))
        return pmem_fast_decode(fd, path, sink, out, err);
    if (out->backend == PMEM_BACKEND_FAST)   /* raw files: the plain path */
        out->backend = PMEM_BACKEND_ZLIB;
    struct dec d = { .path = path, .fd = fd, .size = out->file_bytes, .sink = sink,
                     .res = out, .err = err };
    d.mem = malloc(INFL_HISTORY + IN_CAP);
    d.obuf = malloc(PMEM_OUT_CAP);
    int rc = -1;
    if (!d.mem || !d.obuf) {
        err_set(err, "%s: out of memory for the decode buffers", path);
        goto done;
    }
    memset(d.mem, 0, INFL_HISTORY);
    d.cur = d.mem + INFL_HISTORY;
    if (emitter_start(&d.em, sink, PMEM_OUT_CAP, path, err) != 0)
        goto done;
    uint8_t magic[2];
    ssize_t n = pread(fd, magic, 2, 0);
    if (n < 0) {
        err_sys(err, errno, "%s: cannot read the first bytes", path);
        goto done;
    }
    posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    bool gzip = n == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    emitter_check_crc(d.em, gzip);
    if (gzip)
        rc = dec_gzip(&d, out->backend);
    else
        rc = decode_raw(&d);
    uint64_t nonzero = 0;
    char emit_err[ERR_LEN];
    /* the page thread's error (a CRC) lies earlier in the file than the decoder's */
    if (emitter_finish(d.em, &nonzero, emit_err) != 0)
        rc = err_set(err, "%s", emit_err);
    out->nonzero_pages = nonzero;
    if (rc == 0 && sink->progress)
        sink->progress(sink->arg, d.size, d.size);
done:
    free(d.marks);
    free(d.mem);
    free(d.obuf);
    return rc;
}

/* Below 4 % compressed/raw a store is mostly zero runs, where the zero-run-aware inflater
 * is as fast (10 % non-zero pages, 2.2 %) to a hundred times faster (0.02 %, 0.1 %); at
 * 50 % non-zero pages (10 %) ISA-L's multi-symbol tables win. */
enum pmem_backend pmem_backend_pick(int fd, uint64_t file_bytes, uint64_t hint)
{
    uint64_t raw = hint;
    uint8_t t[4];
    if (!raw && file_bytes >= 18 && pread(fd, t, 4, (off_t)file_bytes - 4) == 4)
        raw = t[0] | (uint64_t)t[1] << 8 | (uint64_t)t[2] << 16 | (uint64_t)t[3] << 24;
    if (raw > file_bytes && file_bytes * 25 < raw)
        return PMEM_BACKEND_FAST;
    return pmem_backend_resolve(PMEM_BACKEND_ISAL);
}

enum pmem_backend pmem_backend_resolve(enum pmem_backend b)
{
    if (b == PMEM_BACKEND_AUTO) {
        const char *env = getenv("GEM5WB_INFLATE");
        if (env && strcmp(env, "zlib") == 0)
            return PMEM_BACKEND_ZLIB;
        if (env && strcmp(env, "fast") == 0)
            return PMEM_BACKEND_FAST;
        b = PMEM_BACKEND_ISAL;
    }
    return pmem_backend_available(b) ? b : PMEM_BACKEND_ZLIB;
}

bool pmem_backend_available(enum pmem_backend b)
{
#ifdef HAVE_ISAL
    return b != PMEM_BACKEND_AUTO;
#else
    return b == PMEM_BACKEND_ZLIB || b == PMEM_BACKEND_FAST;
#endif
}

const char *pmem_backend_name(enum pmem_backend b)
{
    return b == PMEM_BACKEND_ISAL ? "isal" : b == PMEM_BACKEND_ZLIB ? "zlib"
         : b == PMEM_BACKEND_FAST ? "fast" : "auto";
}

bool pmem_page_is_zero(const uint8_t *p, size_t len)
{
    static const uint8_t zero[PMEM_PAGE];
    return memcmp(p, zero, len) == 0;
}

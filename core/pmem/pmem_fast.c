/* The zero-run-aware inflater's driver: the whole file mapped, gzip members one after the
 * other (headers with every flag, trailers checked), pages and members to the sink. */
#include "core/pmem/pmem_fast.h"
#include "core/pmem/pmem_fast_impl.h"
#include "core/pmem/pmem_crc.h"
#include "core/pmem/pmem_emit.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>

static unsigned member_no(const struct fast *f)
{
    return f->res->members;
}

int fast_corrupt(struct fast *f, const char *msg)
{
    const char *why = strcmp(msg, "invalid distance too far back") == 0
                          ? ": a back-reference points before the start of the member" : "";
    return err_set(f->err, "%s: gzip member %u is corrupt at compressed offset %llu (%s%s)",
                   f->path, member_no(f), (unsigned long long)fast_in_off(f), msg, why);
}

int fast_truncated(struct fast *f)
{
    return err_set(f->err, "%s: gzip member %u is truncated at offset %llu (the file ends "
                   "inside compressed data)", f->path, member_no(f),
                   (unsigned long long)f->size);
}

static const char *damaged = ": the gzip header is damaged";

static int header_error(struct fast *f, uint64_t at, const char *msg)
{
    return err_set(f->err, "%s: gzip member %u is corrupt at compressed offset %llu (%s%s)",
                   f->path, member_no(f), (unsigned long long)at, msg, damaged);
}

/* Skips a zero-terminated field; -1 when the file ends first. */
static int skip_zstring(struct fast *f)
{
    const uint8_t *z = memchr(f->in, 0, (size_t)(f->end - f->in));
    if (!z)
        return -1;
    f->in = z + 1;
    return 0;
}

static int read_header(struct fast *f)
{
    const uint8_t *h = f->in;
    uint64_t start = (uint64_t)(h - f->data);
    if (f->end - h < 10)
        return fast_truncated(f);
    if (h[2] != 8)
        return header_error(f, start + 2, "unknown compression method");
    if (h[3] & 0xe0)
        return header_error(f, start + 3, "unknown header flags set");
    f->in += 10;
    if (h[3] & 4) {   /* FEXTRA */
        if (f->end - f->in < 2)
            return fast_truncated(f);
        size_t xlen = f->in[0] | (size_t)f->in[1] << 8;
        if ((size_t)(f->end - f->in) < 2 + xlen)
            return fast_truncated(f);
        f->in += 2 + xlen;
    }
    if (((h[3] & 8) && skip_zstring(f) != 0) || ((h[3] & 16) && skip_zstring(f) != 0))
        return fast_truncated(f);
    if (h[3] & 2) {   /* FHCRC: the low 16 bits of the header's CRC-32 */
        if (f->end - f->in < 2)
            return fast_truncated(f);
        uint32_t crc = pmem_crc32(0, h, (size_t)(f->in - h));
        if ((f->in[0] | (uint32_t)f->in[1] << 8) != (crc & 0xffff))
            return header_error(f, (uint64_t)(f->in - f->data), "header crc mismatch");
        f->in += 2;
    }
    return 0;
}

static uint32_t le32(const uint8_t *p)
{
    return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static int check_trailer(struct fast *f)
{
    if (fast_align(f) != 0)
        return fast_truncated(f);
    if (f->end - f->in < 8) {
        f->in = f->end;
        return fast_truncated(f);
    }
    fast_crc_to(f, f->pos);
    if (le32(f->in) != f->crc)
        return err_set(f->err, "%s: gzip member %u is corrupt at compressed offset %llu "
                       "(incorrect data check: the CRC-32 does not match)", f->path,
                       member_no(f), (unsigned long long)(f->in - f->data));
    if (le32(f->in + 4) != (uint32_t)(f->pos - f->mstart))
        return err_set(f->err, "%s: gzip member %u is corrupt at compressed offset %llu "
                       "(incorrect length check: the ISIZE field does not match the decoded "
                       "length)", f->path, member_no(f),
                       (unsigned long long)(f->in + 4 - f->data));
    f->in += 8;
    return 0;
}

/* One member; 1 when another follows (gzip magic), 0 at the end. */
static int one_member(struct fast *f)
{
    struct pmem_member m = { .in_off = (uint64_t)(f->in - f->data), .out_off = f->pos };
    f->res->members++;
    f->mstart = f->pos;
    f->crc = 0;
    f->crc_pos = f->pos;
    if (read_header(f) != 0 || fast_deflate(f) != 0 || check_trailer(f) != 0)
        return -1;
    m.in_len = (uint64_t)(f->in - f->data) - m.in_off;
    m.out_len = f->pos - m.out_off;
    if (f->sink->member && f->sink->member(f->sink->arg, &m, f->err) != 0)
        return -1;
    if (f->end - f->in >= 2 && f->in[0] == 0x1f && f->in[1] == 0x8b)
        return 1;
    if (f->in < f->end) {
        f->res->trailing_garbage = true;
        f->res->garbage_offset = (uint64_t)(f->in - f->data);
    }
    return 0;
}

static int run(struct fast *f)
{
    int more;
    do
        more = one_member(f);
    while (more == 1);
    if (more < 0)
        return -1;
    if (fast_finish(f) != 0 || fast_stage_flush(f, true) != 0)
        return -1;
    f->res->decoded_bytes = f->pos;
    return 0;
}

int pmem_fast_decode(int fd, const char *path, const struct pmem_decode_sink *sink,
                     struct pmem_decoded *out, char *err)
{
    memset(out, 0, sizeof *out);
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
        return err_set(err, "%s: not a regular file", path);
    out->file_bytes = (uint64_t)st.st_size;
    out->backend = PMEM_BACKEND_FAST;
    if (st.st_size < 2)
        return err_set(err, "%s: too short for a gzip member", path);
    void *map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (map == MAP_FAILED)
        return err_sys(err, errno, "%s: cannot map the file", path);
    madvise(map, (size_t)st.st_size, MADV_SEQUENTIAL);
    struct fast *f = calloc(1, sizeof *f);
    uint8_t *ring = malloc(RING), *stage = malloc(PMEM_STAGE);
    struct emitter *em = NULL;
    int rc = -1;
    if (!f || !ring || !stage) {
        err_set(err, "%s: out of memory for the decoder", path);
    } else if (emitter_start(&em, sink, PMEM_STAGE, path, err) == 0) {
        *f = (struct fast){ .path = path, .data = map, .size = (uint64_t)st.st_size,
                            .in = map, .end = (const uint8_t *)map + st.st_size,
                            .ring = ring, .sink = sink, .res = out, .err = err, .em = em,
                            .stage = stage };
        rc = run(f);
        stage = f->stage;   /* NULL once the last hand-over took it */
        char emit_err[ERR_LEN];
        uint64_t nonzero = 0;
        if (emitter_finish(em, &nonzero, emit_err) != 0 && rc == 0)
            rc = err_set(err, "%s", emit_err);
        out->nonzero_pages = nonzero;
        if (rc == 0 && sink->progress)
            sink->progress(sink->arg, f->size, f->size);
    }
    free(stage);
    free(ring);
    free(f);
    munmap(map, (size_t)st.st_size);
    return rc;
}

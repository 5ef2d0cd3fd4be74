/* The gzip side of the store decoder: member headers (every flag), the deflate data
 * through the chosen inflater, trailers (CRC-32, ISIZE), and what follows a member. */
#include "core/pmem/pmem_decode_impl.h"
#include "core/pmem/pmem_crc.h"
#include "core/util/err.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

enum { FHCRC = 2, FEXTRA = 4, FNAME = 8, FCOMMENT = 16, FRESERVED = 0xe0 };

static const char *damaged = ": the gzip header is damaged";

/* A header byte, added to the running header CRC that FHCRC checks. */
static int hdr_byte(struct dec *d, uint32_t *hcrc, uint8_t *b)
{
    if (dec_get_byte(d, b) != 0)
        return -1;
    *hcrc = pmem_crc32(*hcrc, b, 1);
    return 0;
}

static int skip_zstring(struct dec *d, uint32_t *hcrc)
{
    uint8_t b;
    do
        if (hdr_byte(d, hcrc, &b) != 0)
            return -1;
    while (b != 0);
    return 0;
}

static int read_header(struct dec *d)
{
    uint64_t start = d->cur_off;
    uint32_t hcrc = 0;
    uint8_t h[10];
    for (int i = 0; i < 10; i++)
        if (hdr_byte(d, &hcrc, &h[i]) != 0)
            return -1;
    if (h[2] != 8)
        return dec_corrupt_at(d, start + 2, "unknown compression method", damaged);
    if (h[3] & FRESERVED)
        return dec_corrupt_at(d, start + 3, "unknown header flags set", damaged);
    if (h[3] & FEXTRA) {
        uint8_t lo, hi, b;
        if (hdr_byte(d, &hcrc, &lo) != 0 || hdr_byte(d, &hcrc, &hi) != 0)
            return -1;
        for (unsigned n = lo | (unsigned)hi << 8; n > 0; n--)
            if (hdr_byte(d, &hcrc, &b) != 0)
                return -1;
    }
    if ((h[3] & FNAME) && skip_zstring(d, &hcrc) != 0)
        return -1;
    if ((h[3] & FCOMMENT) && skip_zstring(d, &hcrc) != 0)
        return -1;
    if (h[3] & FHCRC) {
        uint32_t want;
        if (dec_get_le(d, 2, &want) != 0)
            return -1;
        if (want != (hcrc & 0xffff))
            return dec_corrupt_at(d, d->cur_off - 2, "header crc mismatch", damaged);
    }
    return 0;
}

static const char *explain(const char *msg)
{
    if (strcmp(msg, "invalid distance too far back") == 0)
        return ": a back-reference points before the start of the member";
    return "";
}

/* Inflates one member's deflate data into the output buffer (the page thread CRCs it). */
static int inflate_member(struct dec *d, struct infl *f, uint64_t *out_len)
{
    infl_reset(f);
    for (;;) {
        if (d->avail == 0) {
            if (dec_refill(d) != 0)
                return -1;
            if (d->avail == 0)
                return dec_truncated(d);
        }
        const uint8_t *in = d->cur;
        size_t in_len = d->avail, room = PMEM_OUT_CAP - d->ofill;
        uint8_t *o = d->obuf + d->ofill;
        const char *msg = "compressed data error";
        enum infl_status st = infl_run(f, &in, &in_len, &o, &room, &msg);
        size_t produced = (size_t)(o - (d->obuf + d->ofill));
        *out_len += produced;
        d->ofill += produced;
        d->cur_off = d->cur_off + (uint64_t)(in - d->cur);   /* may step back (ISA-L) */
        d->cur = in;
        d->avail = in_len;
        if (st == INFL_ERROR)
            return dec_corrupt_at(d, d->cur_off, msg, explain(msg));
        if (d->ofill == PMEM_OUT_CAP && dec_flush_out(d, false) != 0)
            return -1;
        if (st == INFL_END)
            return 0;
    }
}

/* Reads the trailer: ISIZE is checked here, the CRC-32 by the page thread, which sees the
 * member's bytes (emitter.h: a mark at the member's end). */
static int check_trailer(struct dec *d, uint64_t out_len)
{
    uint32_t want_crc, want_len;
    if (dec_get_le(d, 4, &want_crc) != 0)
        return -1;
    if (dec_add_mark(d, want_crc, d->cur_off - 4) != 0)
        return -1;
    if (dec_get_le(d, 4, &want_len) != 0)
        return -1;
    if (want_len != (uint32_t)out_len)
        return dec_corrupt_at(d, d->cur_off - 4, "incorrect length check",
                              ": the ISIZE field does not match the decoded length");
    return 0;
}

/* gzread starts another member only on the gzip magic; anything else after a member is
 * trailing garbage that it ignores. 1 when a member follows, 0 at the end. */
static int member_follows(struct dec *d)
{
    uint8_t m[2];
    ssize_t n;
    do
        n = pread(d->fd, m, 2, (off_t)d->cur_off);
    while (n < 0 && errno == EINTR);
    if (n < 0)
        return err_sys(d->err, errno, "%s: cannot read at offset %llu", d->path,
                       (unsigned long long)d->cur_off);
    if (n == 2 && m[0] == 0x1f && m[1] == 0x8b)
        return 1;
    if (d->cur_off < d->size) {
        d->res->trailing_garbage = true;
        d->res->garbage_offset = d->cur_off;
    }
    return 0;
}

static int one_member(struct dec *d, struct infl *f)
{
    struct pmem_member m = { .in_off = d->cur_off, .out_off = d->obase + d->ofill };
    d->res->members++;
    if (read_header(d) != 0 || inflate_member(d, f, &m.out_len) != 0 ||
        check_trailer(d, m.out_len) != 0)
        return -1;
    m.in_len = d->cur_off - m.in_off;
    if (d->sink->member && d->sink->member(d->sink->arg, &m, d->err) != 0)
        return -1;
    return member_follows(d);
}

int dec_gzip(struct dec *d, enum pmem_backend backend)
{
    struct infl *f = infl_new(backend);
    if (!f)
        return err_set(d->err, "%s: cannot start the inflater (out of memory)", d->path);
    int more;
    do
        more = one_member(d, f);
    while (more == 1);
    infl_free(f);
    if (more < 0)
        return -1;
    return dec_flush_out(d, true);
}

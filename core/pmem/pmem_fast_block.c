/* Deflate blocks for the zero-run-aware inflater: stored, fixed and dynamic. A match that
 * can only copy zeros (its source starts at or after the last non-zero byte) writes
 * nothing: the position moves on, and the zeros are written only if something reads them. */
#include "core/pmem/pmem_fast_impl.h"

static const uint16_t len_base[29] = { 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27,
    31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258 };
static const uint8_t len_extra[29] = { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3,
    3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0 };
static const uint16_t dist_base[30] = { 1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97,
    129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385,
    24577 };
static const uint8_t dist_extra[30] = { 0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7,
    7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13 };

static int write_byte(struct fast *f, uint8_t b)
{
    if (f->pos != f->wend) {
        if (b == 0) {          /* one more zero of the gap */
            f->pos++;
            return 0;
        }
        if (fast_materialize(f) != 0)
            return -1;
    }
    f->ring[f->pos & RING_MASK] = b;
    f->pos++;
    f->wend = f->pos;
    if (b)
        f->nzend = f->pos;
    return 0;
}

static int copy_match(struct fast *f, unsigned len, unsigned dist)
{
    if (dist > f->pos - f->mstart)
        return fast_corrupt(f, "invalid distance too far back");
    if (f->pos - dist >= f->nzend) {   /* only zeros can come out */
        if (f->pos == f->wend && len <= 16) {
            fast_zero_fill(f, f->pos, f->pos + len);
            f->wend = f->pos + len;
        }
        f->pos += len;
        return 0;
    }
    if (f->pos != f->wend && fast_materialize(f) != 0)
        return -1;
    uint64_t src = f->pos - dist, last = 0;
    for (unsigned i = 0; i < len; i++) {
        uint8_t b = f->ring[(src + i) & RING_MASK];
        f->ring[(f->pos + i) & RING_MASK] = b;
        if (b)
            last = f->pos + i + 1;
    }
    f->pos += len;
    f->wend = f->pos;
    if (last)
        f->nzend = last;
    return 0;
}

/* Decodes one symbol of table h; -1 (err set) for a code that does not exist. */
static inline int decode_sym(struct fast *f, const struct huff *h, const char *what)
{
    uint16_t e = h->table[f->bitbuf & ((1u << h->bits) - 1)];
    unsigned n = huff_len(e);
    if (!n)
        return fast_corrupt(f, what);
    f->bitbuf >>= n;
    f->bitcnt -= n;
    return (int)huff_sym(e);
}

/* After a match that produced only zeros, the same bit string (codes and extra bits)
 * repeats for as long as the zero run lasts: consume the copies a word at a time. Each
 * copy is again a zero run at a valid distance, since the position only grows. */
static void repeat_zero_matches(struct fast *f, uint64_t pat, unsigned nbits, unsigned len)
{
    if (nbits == 0 || nbits > 28)
        return;
    unsigned k = 56 / nbits;   /* k copies at once: at most 56 bits, never a 64-bit shift */
    uint64_t patk = 0, mask = (1ull << nbits) - 1, maskk = (1ull << (k * nbits)) - 1;
    for (unsigned i = 0; i < k; i++)
        patk |= pat << (i * nbits);
    for (;;) {
        if (f->bitcnt < 56) {
            fast_refill(f);
            if (f->pad > 8)
                return;   /* the caller's next refill reports the truncation */
        }
        if ((f->bitbuf & maskk) == patk) {
            f->bitbuf >>= k * nbits;
            f->bitcnt -= k * nbits;
            f->pos += (uint64_t)k * len;
            continue;
        }
        while ((f->bitbuf & mask) == pat) {
            f->bitbuf >>= nbits;
            f->bitcnt -= nbits;
            f->pos += len;
        }
        return;
    }
}

static int huffman_block(struct fast *f, const struct huff *lit, const struct huff *dist)
{
    for (;;) {
        if (f->bitcnt < 48) {
            fast_refill(f);
            if (f->pad > 8)
                return fast_truncated(f);
        }
        uint64_t bits0 = f->bitbuf;
        unsigned cnt0 = f->bitcnt;
        int sym = decode_sym(f, lit, "invalid literal/length code");
        if (sym < 0)
            return -1;
        if (sym < 256) {
            if (write_byte(f, (uint8_t)sym) != 0)
                return -1;
        } else if (sym == 256) {
            return fast_overrun(f) ? fast_truncated(f) : 0;
        } else {
            sym -= 257;
            if (sym >= 29)
                return fast_corrupt(f, "invalid literal/length code");
            unsigned len = len_base[sym] + (unsigned)fast_bits(f, len_extra[sym]);
            int ds = decode_sym(f, dist, "invalid distance code");
            if (ds < 0)
                return -1;
            if (ds >= 30)
                return fast_corrupt(f, "invalid distance code");
            unsigned d = dist_base[ds] + (unsigned)fast_bits(f, dist_extra[ds]);
            bool zeros = d <= f->pos - f->mstart && f->pos - d >= f->nzend;
            if (copy_match(f, len, d) != 0)
                return -1;
            if (zeros) {
                unsigned used = cnt0 - f->bitcnt;
                repeat_zero_matches(f, bits0 & ((1ull << used) - 1), used, len);
                if (fast_overrun(f))
                    return fast_truncated(f);
            }
        }
        if (f->wend - f->emitted >= EMIT_AT && fast_emit(f) != 0)
            return -1;
    }
}

/* Drops the bits up to the next byte and returns the bit reader's whole bytes to the
 * input, so that f->in is the next byte of the file. -1 when bits past the end were used. */
int fast_align(struct fast *f)
{
    fast_bits(f, f->bitcnt % 8);
    if (fast_overrun(f))
        return -1;
    f->in -= f->bitcnt / 8 - f->pad;
    f->bitbuf = 0;
    f->bitcnt = f->pad = 0;
    return 0;
}

static int stored_block(struct fast *f)
{
    if (fast_align(f) != 0 || f->end - f->in < 4)
        return fast_truncated(f);
    unsigned len = f->in[0] | (unsigned)f->in[1] << 8;
    unsigned nlen = f->in[2] | (unsigned)f->in[3] << 8;
    if (len != (~nlen & 0xffffu))
        return fast_corrupt(f, "invalid stored block lengths");
    f->in += 4;
    if ((unsigned)(f->end - f->in) < len) {
        f->in = f->end;
        return fast_truncated(f);
    }
    for (unsigned i = 0; i < len; i++) {
        if (write_byte(f, f->in[i]) != 0)
            return -1;
        if (f->wend - f->emitted >= EMIT_AT && fast_emit(f) != 0)
            return -1;
    }
    f->in += len;
    return 0;
}

static void build_fixed(struct fast *f)
{
    uint8_t lens[320];
    memset(lens, 8, 144);
    memset(lens + 144, 9, 112);
    memset(lens + 256, 7, 24);
    memset(lens + 280, 8, 8);
    huff_build(&f->fixed_lit, lens, 288, HUFF_LENS);
    memset(lens, 5, 32);   /* 30 and 31 exist in the code but are invalid, as in zlib */
    huff_build(&f->fixed_dist, lens, 32, HUFF_DISTS);
    f->fixed_ready = true;
}

static const uint8_t clen_order[19] = { 16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13,
    2, 14, 1, 15 };

/* Reads the code lengths of a dynamic block with the code-length code. */
static int read_lengths(struct fast *f, uint8_t *lens, unsigned n)
{
    for (unsigned have = 0; have < n;) {
        if (f->bitcnt < 32)
            fast_refill(f);
        int sym = decode_sym(f, &f->codes, "invalid code lengths set");
        if (sym < 0)
            return -1;
        if (sym < 16) {
            lens[have++] = (uint8_t)sym;
            continue;
        }
        unsigned rep, val = 0;
        if (sym == 16) {
            if (have == 0)
                return fast_corrupt(f, "invalid bit length repeat");
            val = lens[have - 1];
            rep = 3 + (unsigned)fast_bits(f, 2);
        } else {
            rep = sym == 17 ? 3 + (unsigned)fast_bits(f, 3) : 11 + (unsigned)fast_bits(f, 7);
        }
        if (have + rep > n)
            return fast_corrupt(f, "invalid bit length repeat");
        memset(lens + have, (int)val, rep);
        have += rep;
    }
    return fast_overrun(f) ? fast_truncated(f) : 0;
}

static int dynamic_tables(struct fast *f)
{
    fast_refill(f);
    unsigned nlen = 257 + (unsigned)fast_bits(f, 5), ndist = 1 + (unsigned)fast_bits(f, 5);
    unsigned ncode = 4 + (unsigned)fast_bits(f, 4);
    if (nlen > 286 || ndist > 30)
        return fast_corrupt(f, "too many length or distance symbols");
    uint8_t lens[320] = { 0 };
    for (unsigned i = 0; i < ncode; i++) {
        if (f->bitcnt < 3)
            fast_refill(f);
        lens[clen_order[i]] = (uint8_t)fast_bits(f, 3);
    }
    if (fast_overrun(f))
        return fast_truncated(f);
    f->codes.n = 0;   /* always rebuilt: it is small */
    if (huff_build(&f->codes, lens, 19, HUFF_CODES) != 0)
        return fast_corrupt(f, "invalid code lengths set");
    memset(lens, 0, sizeof lens);
    if (read_lengths(f, lens, nlen + ndist) != 0)
        return -1;
    if (lens[256] == 0)
        return fast_corrupt(f, "invalid code -- missing end-of-block");
    if (huff_build(&f->lit, lens, nlen, HUFF_LENS) != 0)
        return fast_corrupt(f, "invalid literal/lengths set");
    if (huff_build(&f->dist, lens + nlen, ndist, HUFF_DISTS) != 0)
        return fast_corrupt(f, "invalid distances set");
    return 0;
}

/* Decodes blocks until the final one ends. */
int fast_deflate(struct fast *f)
{
    for (bool last = false; !last;) {
        fast_refill(f);
        if (f->pad > 8)
            return fast_truncated(f);
        last = fast_bits(f, 1);
        unsigned type = (unsigned)fast_bits(f, 2);
        int rc;
        if (type == 0) {
            rc = stored_block(f);
        } else if (type == 1) {
            if (!f->fixed_ready)
                build_fixed(f);
            rc = huffman_block(f, &f->fixed_lit, &f->fixed_dist);
        } else if (type == 2) {
            rc = dynamic_tables(f);
            if (rc == 0)
                rc = huffman_block(f, &f->lit, &f->dist);
        } else {
            rc = fast_corrupt(f, "invalid block type");
        }
        if (rc != 0)
            return -1;
    }
    return 0;
}

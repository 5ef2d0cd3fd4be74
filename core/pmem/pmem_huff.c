/* Canonical Huffman tables for deflate, as the zero-run-aware inflater reads them: one
 * level indexed by the next `bits` input bits (bit-reversed codes), zlib's validity rules. */
#include "core/pmem/pmem_huff.h"

#include <string.h>

static unsigned reverse(unsigned code, unsigned len)
{
    unsigned r = 0;
    for (unsigned i = 0; i < len; i++, code >>= 1)
        r = (r << 1) | (code & 1);
    return r;
}

/* zlib's rule: over-subscribed is an error; incomplete is an error too, except for a
 * single length-1 code in a literal/length or distance set. No codes at all is allowed
 * for those two (a block that uses none of them). */
static int check_counts(const unsigned *count, enum huff_kind kind, unsigned max)
{
    int left = 1;
    for (unsigned len = 1; len <= HUFF_MAXBITS; len++) {
        left = left * 2 - (int)count[len];
        if (left < 0)
            return -1;
    }
    if (max == 0)
        return kind == HUFF_CODES ? -1 : 0;
    if (left > 0 && (kind == HUFF_CODES || max != 1))
        return -1;
    return 0;
}

int huff_build(struct huff *h, const uint8_t *lens, unsigned n, enum huff_kind kind)
{
    if (h->n == n && h->bits && memcmp(h->lens, lens, n) == 0)
        return 0;
    unsigned count[HUFF_MAXBITS + 1] = { 0 }, max = 0;
    for (unsigned i = 0; i < n; i++) {
        count[lens[i]]++;
        if (lens[i] > max)
            max = lens[i];
    }
    count[0] = 0;
    h->n = 0;   /* not valid until built */
    if (check_counts(count, kind, max) != 0)
        return -1;
    h->bits = max ? max : 1;
    memset(h->table, 0, sizeof h->table[0] << h->bits);
    unsigned next[HUFF_MAXBITS + 2], code = 0;
    for (unsigned len = 1; len <= HUFF_MAXBITS; len++) {
        code = (code + count[len - 1]) << 1;
        next[len] = code;
    }
    for (unsigned sym = 0; sym < n; sym++) {
        unsigned len = lens[sym];
        if (!len)
            continue;
        unsigned r = reverse(next[len]++, len);
        for (unsigned i = r; i < (1u << h->bits); i += 1u << len)
            h->table[i] = (uint16_t)(sym | len << 9);
    }
    memcpy(h->lens, lens, n);
    h->n = n;
    return 0;
}

/* Deflate's Huffman codes for the zero-run-aware inflater: canonical tables built from
 * code lengths (one level, 2^maxlen entries), with zlib's rules for what is a valid set. */
#ifndef GW_PMEM_HUFF_H
#define GW_PMEM_HUFF_H

#include <stdint.h>

#define HUFF_MAXBITS 15

/* Entry: symbol in the low 9 bits, code length in bits 9-12; length 0 = no such code. */
struct huff {
    uint16_t table[1u << HUFF_MAXBITS];
    unsigned bits;              /* table index width: the longest code (at least 1) */
    uint8_t lens[320];          /* the lengths it was built from, to spot a repeat */
    unsigned n;
};

enum huff_kind { HUFF_CODES, HUFF_LENS, HUFF_DISTS };

/* Builds the table for n code lengths. Returns 0, or -1 for a set zlib refuses:
 * over-subscribed, or incomplete (allowed for lengths and distances only when the single
 * code has length 1, as in zlib's inflate_table). Skips the build when the lengths equal
 * the last ones (most blocks of a gem5 store repeat their tables). */
int huff_build(struct huff *h, const uint8_t *lens, unsigned n, enum huff_kind kind);

static inline unsigned huff_sym(uint16_t e) { return e & 0x1ffu; }
static inline unsigned huff_len(uint16_t e) { return e >> 9; }

#endif

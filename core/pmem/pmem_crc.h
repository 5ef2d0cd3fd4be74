/* CRC-32 as gzip uses it, with ISA-L's carry-less multiply version when built with it
 * (several GB/s) and zlib's otherwise; the same values either way. */
#ifndef GW_PMEM_CRC_H
#define GW_PMEM_CRC_H

#include <stddef.h>
#include <stdint.h>
#include <zlib.h>
#ifdef HAVE_ISAL
#include <isa-l/crc.h>
#endif

static inline uint32_t pmem_crc32(uint32_t crc, const uint8_t *buf, size_t len)
{
#ifdef HAVE_ISAL
    return crc32_gzip_refl(crc, buf, len);
#else
    while (len > 0) {   /* zlib counts in uInt */
        uInt n = len > (1u << 30) ? (1u << 30) : (uInt)len;
        crc = (uint32_t)crc32(crc, buf, n);
        buf += n;
        len -= n;
    }
    return crc;
#endif
}

/* CRC-32 of the bytes so far followed by n zero bytes, in O(log n): appending zeros
 * multiplies the (pre-inverted) register by x^(8n), which is what crc32_combine does. */
static inline uint32_t pmem_crc32_zeros(uint32_t crc, uint64_t n)
{
    return (uint32_t)crc32_combine64(crc ^ 0xffffffffu, 0, (z_off64_t)n) ^ 0xffffffffu;
}

#endif

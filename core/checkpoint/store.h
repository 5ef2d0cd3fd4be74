/* One physical-memory store file as gem5 writes and reads it: gzip (one or several
 * members) or raw bytes. Scanning checks integrity; writing produces what gzread reads. */
#ifndef GW_STORE_H
#define GW_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct store_scan {
    uint64_t file_bytes;       /* size of the file on disk */
    uint64_t decoded_bytes;    /* bytes gzread would return */
    unsigned members;          /* gzip members decoded (0 for a raw file) */
    bool raw;                  /* not gzip: gzread passes it through unchanged */
    bool trailing_garbage;     /* bytes after the last member that gzread ignores */
    uint64_t garbage_offset;   /* where those bytes start */
    uint64_t nonzero_pages;    /* 4 KiB pages with any non-zero byte */
};

/* Called now and then with bytes consumed of the file; a non-zero return cancels. */
typedef int (*store_progress_fn)(void *arg, uint64_t done, uint64_t total);

/* Decodes the whole file as zlib's gzread does (concatenated members, raw pass-through,
 * trailing garbage ignored), checking each member's CRC-32 and ISIZE. Errors name the
 * file, the member and the compressed offset: "<path>: gzip member 2 is truncated at
 * offset 1234 (the file ends inside compressed data)". */
int store_scan(const char *path, struct store_scan *out, store_progress_fn progress,
               void *arg, char *err);

/* Fills `len` bytes of the store at `offset` into buf. Returns 1 when buf was filled,
 * 0 when that range is all zero (buf left untouched), -1 on error (err filled). */
typedef int (*store_fill_fn)(void *arg, uint64_t offset, uint8_t *buf, size_t len, char *err);

enum store_gz_mode {
    STORE_GZ_EXACT,  /* one deflate pass at zlib's default level: gem5's gzwrite bytes */
    STORE_GZ_FAST    /* same single member and level, but all-zero 1 MiB chunks are
                        copied from one precomputed segment: multi-GiB in well under 1 s */
};

/* Writes a store of `size` bytes (a multiple of 8) as a single gzip member with the
 * header gem5's files carry (1f 8b 08 00 00000000 00 03). Written to a temp file beside
 * `path`, fsynced and renamed into place. */
int store_write(const char *path, uint64_t size, store_fill_fn fill, void *arg,
                enum store_gz_mode mode, char *err);

#endif

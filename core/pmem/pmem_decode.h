/* Decoding one store file as zlib's gzread reads it (gzip members or raw bytes) into
 * pages: only non-zero pages reach the sink; every member's CRC-32 and ISIZE are checked. */
#ifndef GW_PMEM_DECODE_H
#define GW_PMEM_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PMEM_PAGE 4096u

enum pmem_backend {
    PMEM_BACKEND_AUTO,   /* the zero-run-aware inflater for sparse stores (compressed below
                            4 % of the raw size), ISA-L for denser ones (zlib without
                            ISA-L); GEM5WB_INFLATE=zlib|isal|fast overrides, for comparisons */
    PMEM_BACKEND_ZLIB,
    PMEM_BACKEND_ISAL,
    PMEM_BACKEND_FAST    /* the zero-run-aware inflater (pmem_fast.h), gzip files only */
};

/* One gzip member: where its bytes are in the file and which decoded bytes it holds. */
struct pmem_member {
    uint64_t in_off, in_len;     /* header to trailer, inclusive */
    uint64_t out_off, out_len;
};

struct pmem_decode_sink {
    /* Called in stream order with runs of whole non-zero pages (the last page of the
     * store may be short); everything not passed is zero. Non-zero return stops. */
    int (*pages)(void *arg, uint64_t off, const uint8_t *buf, size_t len, char *err);
    /* Called as the decoded stream advances: everything before `upto` has been handed
     * on (or was zero). May be NULL. */
    void (*decoded)(void *arg, uint64_t upto);
    /* Called after each member's trailer checked out; may be NULL. */
    int (*member)(void *arg, const struct pmem_member *m, char *err);
    /* Now and then with file bytes consumed; non-zero cancels. May be NULL. */
    int (*progress)(void *arg, uint64_t done, uint64_t total);
    void *arg;
    uint64_t size_hint;          /* the store's expected size (range_size), 0 if unknown:
                                    with AUTO it picks the decoder */
};

struct pmem_decoded {
    uint64_t file_bytes;         /* size of the file when opened */
    uint64_t decoded_bytes;      /* bytes gzread returns */
    unsigned members;            /* 0 for a raw file */
    bool raw;                    /* not gzip: gzread passes it through unchanged */
    bool trailing_garbage;       /* bytes after the last member that gzread ignores */
    uint64_t garbage_offset;
    uint64_t nonzero_pages;
    enum pmem_backend backend;   /* the one that ran */
};

/* Decodes the open file `fd` (named `path` in messages). Errors name the file, the
 * member and the compressed offset. Stricter than gzread on one point: a file cut short
 * (even inside the trailer) is an error, because such a store has lost data. */
int pmem_decode_fd(int fd, const char *path, enum pmem_backend backend,
                   const struct pmem_decode_sink *sink, struct pmem_decoded *out, char *err);

/* The backend AUTO resolves to without looking at a file (GEM5WB_INFLATE, or ISA-L/zlib). */
enum pmem_backend pmem_backend_resolve(enum pmem_backend b);
/* The decoder AUTO picks for this file: by its compressed/raw ratio (raw = hint, or the
 * last member's ISIZE when no hint). */
enum pmem_backend pmem_backend_pick(int fd, uint64_t file_bytes, uint64_t hint);
const char *pmem_backend_name(enum pmem_backend b);
bool pmem_backend_available(enum pmem_backend b);

/* True when the PMEM_PAGE bytes (or fewer) at p are all zero. */
bool pmem_page_is_zero(const uint8_t *p, size_t len);

#endif

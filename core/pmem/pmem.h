/* One physical-memory store decoded into a sparse image whose memory follows its non-zero
 * pages: random read, find, write, page map, and commit back as chunked gzip members. */
#ifndef GW_PMEM_H
#define GW_PMEM_H

#include "core/pmem/pmem_decode.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Commit writes one gzip member per chunk; a store already in that form re-encodes
 * only the chunks that changed and copies the others' bytes. */
#define PMEM_CHUNK (4u << 20)

typedef int (*pmem_progress_fn)(void *arg, uint64_t done, uint64_t total);

struct pmem_open_opts {
    enum pmem_backend backend;   /* AUTO */
    uint64_t size_hint;          /* range_size from m5.cpt, 0 when unknown */
    bool no_cache;               /* neither read nor write the page-map cache */
};

struct pmem;

struct pmem_info {
    const char *path;
    uint64_t file_bytes;
    bool size_known;             /* decoded, or the page-map cache knew it */
    uint64_t size;               /* decoded bytes (gzread's view) */
    uint64_t pages, nonzero_pages;
    unsigned members;
    bool raw, trailing_garbage, chunked;
    uint64_t garbage_offset;
    bool decoded;                /* contents decoded (not just the map) */
    bool map_from_cache;
    bool dirty;                  /* written since opened or committed */
    enum pmem_backend backend;
};

/* Opens the store; nothing is decoded yet (the page-map cache is consulted). */
int pmem_open(const char *path, const struct pmem_open_opts *opts, struct pmem **out,
              char *err);
/* Stops a background decode and frees everything. Safe with NULL. */
void pmem_close(struct pmem *pm);

/* Starts decoding in a background thread (once); reads wait only for what they need. */
int pmem_start(struct pmem *pm, char *err);
/* Waits until the store is decoded through `end` (UINT64_MAX: all of it), starting the
 * decode when needed; the decode's error when it failed. Progress is reported from the
 * caller's thread (done/total in file bytes); a non-zero return cancels the wait. */
int pmem_wait(struct pmem *pm, uint64_t end, pmem_progress_fn progress, void *arg,
              char *err);
/* The page map: decodes when the cache did not know it. */
int pmem_map(struct pmem *pm, pmem_progress_fn progress, void *arg, char *err);
/* Where the background decode is, without waiting (for a face's timer): *done of *total
 * file bytes read and *state. Returns 0, or -1 with the decode's error when it failed. */
enum pmem_state { PMEM_IDLE, PMEM_RUNNING, PMEM_DONE, PMEM_FAILED };
int pmem_progress(struct pmem *pm, uint64_t *done, uint64_t *total, int *state, char *err);

void pmem_info(struct pmem *pm, struct pmem_info *out);
/* Page map: bit p of word p/64 set when page p holds a non-zero byte (after pmem_map). */
const uint64_t *pmem_page_bits(struct pmem *pm, uint64_t *npages);
bool pmem_page_nonzero(struct pmem *pm, uint64_t page);

/* Copies len bytes at offset into buf; a range past the end is an error naming the size. */
int pmem_read(struct pmem *pm, uint64_t off, void *buf, size_t len, char *err);
/* The image itself after a full decode (read-only view, `size` bytes). */
const uint8_t *pmem_data(struct pmem *pm);

/* Writes into the image (decoding all first); kept in memory until pmem_commit. */
int pmem_write(struct pmem *pm, uint64_t off, const void *buf, size_t len, char *err);
/* Changes the size: growing adds zeros, shrinking drops the tail (*dropped_nonzero gets
 * the non-zero bytes lost; may be NULL). */
int pmem_resize(struct pmem *pm, uint64_t size, uint64_t *dropped_nonzero, char *err);

/* First occurrence of pat at or after `from`: 1 with *hit, 0 when none, -1 on error.
 * A pattern of only zero bytes is refused (it matches every zero page). */
int pmem_find(struct pmem *pm, const uint8_t *pat, size_t len, uint64_t from, uint64_t *hit,
              char *err);
/* Last occurrence starting strictly before `before`: 1 with *hit, 0 when none, -1 on error. */
int pmem_find_prev(struct pmem *pm, const uint8_t *pat, size_t len, uint64_t before,
                   uint64_t *hit, char *err);

struct pmem_commit_stats {
    uint64_t chunks, copied, zero, encoded;
    uint64_t bytes_written;
    unsigned threads;
};

/* Encodes the image as chunked gzip members into fd (a new, empty file). */
int pmem_encode_to(struct pmem *pm, int fd, pmem_progress_fn progress, void *arg,
                   struct pmem_commit_stats *stats, char *err);
/* After the file written by pmem_encode_to became the store at pm's path: takes on its
 * identity and member table, clears dirty, refreshes the cache. */
int pmem_committed(struct pmem *pm, char *err);
/* Writes the store back in place: temp file, fsync, rename, original kept as
 * "<name>.gem5wb-backup" (see txn.h). Nothing to do when not dirty unless force. */
int pmem_commit(struct pmem *pm, bool force, pmem_progress_fn progress, void *arg,
                struct pmem_commit_stats *stats, char *err);

#endif

/* An edit session over one store: byte edits kept pending over the image (reads see them),
 * undone step by step, listed as merged ranges, found in, and applied in one commit. */
#ifndef GW_PMEM_EDITS_H
#define GW_PMEM_EDITS_H

#include "core/pmem/pmem.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pmem_edits;

/* A run of changed bytes: store offset and length. */
struct pmem_range {
    uint64_t off, len;
};

/* A session over pm (borrowed: it must outlive the session). Nothing is written to pm
 * until pmem_edits_apply. */
int pmem_edits_new(struct pmem *pm, struct pmem_edits **out, char *err);
void pmem_edits_free(struct pmem_edits *e);

/* Sets len bytes at off to buf, pending. It is a new undo step, or with join part of the
 * last one (the second nibble typed into a byte). Reads the store's bytes there first,
 * so it waits for the decode to pass off+len. */
int pmem_edits_set(struct pmem_edits *e, uint64_t off, const void *buf, size_t len,
                   bool join, char *err);

/* Undoes the last step: 1 with the first offset it touched in *off (may be NULL), 0 when
 * there is nothing to undo. */
int pmem_edits_undo(struct pmem_edits *e, uint64_t *off);

/* Reads len bytes at off as they will be after apply: the store with the edits over it. */
int pmem_edits_read(struct pmem_edits *e, uint64_t off, void *buf, size_t len, char *err);

/* True when the byte at off is pending with a value other than the store's; *orig (may
 * be NULL) gets the store's value. */
bool pmem_edits_changed(const struct pmem_edits *e, uint64_t off, uint8_t *orig);

/* Bytes whose pending value differs from the store's. */
uint64_t pmem_edits_count(const struct pmem_edits *e);
/* Undo steps kept. */
size_t pmem_edits_steps(const struct pmem_edits *e);

/* The changed bytes as ranges in offset order, adjacent bytes merged: how many, and the
 * array in *out (owned by e, valid until the session changes). */
size_t pmem_edits_ranges(struct pmem_edits *e, const struct pmem_range **out);

/* Finds pat in the edited bytes (as pmem_edits_read sees them) among the starts in
 * [lo, hi): the first, or with backward the last. 1 with *hit, 0 when none, -1 on error.
 * Decodes all first; then only windows around non-zero or edited pages are read, so the
 * cost follows the non-zero part of [lo, hi): search a big store slice by slice. A
 * pattern of only zero bytes is refused (it would match every zero page). */
int pmem_edits_find(struct pmem_edits *e, const uint8_t *pat, size_t len, uint64_t lo,
                    uint64_t hi, bool backward, uint64_t *hit, char *err);

/* Writes each changed range into the image and commits the store (pmem_commit: temp
 * file, fsync, rename, the original kept as "<store>.gem5wb-backup"), with progress.
 * On success the session is empty; on failure the image gets its old bytes back and the
 * edits stay pending. Nothing changed: 0 and nothing written. */
int pmem_edits_apply(struct pmem_edits *e, pmem_progress_fn progress, void *arg,
                     struct pmem_commit_stats *stats, char *err);

#endif

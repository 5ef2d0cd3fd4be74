/* A checkpoint's memory by physical address: which store holds a range and where, the
 * store's decoded image, and edits that rewrite a store and m5.cpt in one commit. */
#ifndef GW_CKPT_MEM_H
#define GW_CKPT_MEM_H

#include "core/checkpoint/checkpoint.h"
#include "core/pmem/pmem.h"
#include "core/util/err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* `store` argument meaning "find the store by physical address". */
#define CKPT_BY_ADDR (-1L)

/* Where a range of memory is. */
struct ckpt_loc {
    size_t store;            /* index into ck->stores: the N of [<system>.physmem.storeN] */
    uint64_t offset;         /* of the first byte in the store */
    uint64_t len;
    bool have_addr;          /* the memory map places the store: */
    uint64_t addr;           /* physical address of the first byte */
    const char *memory;      /* the map's name for the store's memory, or NULL */
};

/* Progress of a long step ("decoding", "encoding", "copying"): done of total, in bytes
 * of the file, or chunks while encoding. A non-zero return cancels. */
struct ckpt_progress {
    int (*fn)(void *arg, const char *step, uint64_t done, uint64_t total);
    void *arg;
};

/* Adapts a ckpt_progress to pmem's callback for one named step (arg: a struct ckpt_step). */
struct ckpt_step {
    const struct ckpt_progress *pr;
    const char *name;
};
int ckpt_step_progress(void *arg, uint64_t done, uint64_t total);

/* Finds the store and offset of [where, where+len). store == CKPT_BY_ADDR: `where` is a
 * physical address, looked up in ck->map; the whole range must lie in one store, and an
 * address outside every store is refused naming the nearest store and how far it is.
 * Otherwise `where` is an offset in section `store`, checked against its range_size. */
int ckpt_mem_locate(const struct ckpt *ck, long store, uint64_t where, uint64_t len,
                    struct ckpt_loc *out, char *err);

/* "0x80001000 (store8+0x1000, board.local_memory)" or "store8+0x1000". */
char *ckpt_loc_text(const struct ckpt_loc *loc, char *buf, size_t len);

/* Opens section `store`'s file with range_size as the size hint (nothing decoded yet). */
int ckpt_mem_open(const struct ckpt *ck, size_t store, struct pmem **out, char *err);

/* Decodes all of pm, reporting progress as "decoding". */
int ckpt_mem_decode(struct pmem *pm, const struct ckpt_progress *pr, char *err);

/* Reads len bytes at a physical address (or store offset, as ckpt_mem_locate). */
int ckpt_mem_read(const struct ckpt *ck, long store, uint64_t where, void *buf, size_t len,
                  struct ckpt_loc *loc, char *err);

struct ckpt_write_result {
    struct ckpt_loc loc;
    uint64_t changed;                  /* bytes whose value changed */
    uint64_t first_changed, last_changed;   /* store offsets, when changed > 0 */
    bool committed;                    /* the store file was rewritten */
    struct pmem_commit_stats stats;
    double seconds;                    /* of the commit */
    char backup[4096];                 /* "<store>.gem5wb-backup" */
};

/* Writes len bytes at a physical address (or store offset) and commits the store (only
 * when a byte changed): chunked gzip members, atomically, original kept as the backup. */
int ckpt_mem_write(const struct ckpt *ck, long store, uint64_t where, const void *buf,
                   size_t len, const struct ckpt_progress *pr, struct ckpt_write_result *res,
                   char *err);

/* ---- store edits (ckpt_mem_edit.c): store file and m5.cpt change in one transaction,
 * originals kept as "<name>.gem5wb-backup" ---- */

struct ckpt_edit_result {
    char store_path[4096];             /* the store file written */
    char source_path[4096];            /* replace: the file copied */
    uint64_t old_size, new_size;       /* range_size before and after */
    uint64_t decoded_size;             /* replace: the source's; resize: before resizing */
    uint64_t bytes_written;            /* of the new store file */
    uint64_t dropped_nonzero;          /* resize: non-zero bytes cut off (with force) */
    bool cpt_changed;                  /* m5.cpt was rewritten too */
    bool unchanged;                    /* resize to the size it has: nothing written */
    char old_filename[256];            /* replace: the filename key it had, when it changed */
    struct pmem_commit_stats stats;    /* resize */
    char warning[ERR_LEN];             /* "" or why gem5 would refuse the result */
};

/* Copies store m's file of from_dir over store n of dir. The source's decoded size must
 * equal dir's range_size for store n unless set_size, which also sets range_size. The
 * file goes under gem5's name "<system>.physmem.store<n>.pmem" (the filename key is set
 * to it when missing or different). */
int ckpt_replace_store(const char *dir, const char *config, unsigned n, const char *from_dir,
                       unsigned m, bool set_size, const struct ckpt_progress *pr,
                       struct ckpt_edit_result *res, char *err);

/* Resizes store n to size bytes (> 0, a multiple of 8): zeros added or the tail dropped;
 * dropping non-zero bytes needs force. Writes the store and range_size together. */
int ckpt_resize_store(const char *dir, const char *config, unsigned n, uint64_t size,
                      bool force, const struct ckpt_progress *pr, struct ckpt_edit_result *res,
                      char *err);

/* Called for each backup removed; `freed` is false for a hard link whose data another
 * name still holds. */
typedef void (*ckpt_backup_fn)(void *arg, const char *name, uint64_t bytes, bool freed);

/* Removes every "*.gem5wb-backup" file in dir; counts files and the bytes freed. */
int ckpt_drop_backups(const char *dir, ckpt_backup_fn fn, void *arg, uint64_t *files,
                      uint64_t *bytes_freed, char *err);

#endif

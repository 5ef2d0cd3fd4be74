/* Whole stores as raw files: a store's decoded bytes exported to a file (sparse, atomic),
 * and a raw file imported as store N (gzip members; store file and m5.cpt in one commit). */
#ifndef GW_STORE_IO_H
#define GW_STORE_IO_H

#include "core/checkpoint/ckpt_mem.h"

#include <stdbool.h>
#include <stdint.h>

struct store_io_result {
    char store_path[4096];        /* the store file read (export) or written (import) */
    char file[4096];              /* the raw file written (export) or read (import) */
    uint64_t bytes;               /* decoded bytes: the raw file's size */
    uint64_t nonzero_pages;       /* 4 KiB pages holding a non-zero byte */
    uint64_t bytes_written;       /* export: bytes of data written (zero pages are holes);
                                     import: size of the new store file */
    bool replaced;                /* export: an existing file was replaced (force) */
    char backup[4200];            /* export: where the replaced file was kept, or "" */
    uint64_t old_size, new_size;  /* import: range_size before and after */
    bool cpt_changed;             /* import: m5.cpt rewritten too */
    char old_filename[256];       /* import: the filename key it had, when it changed */
    uint64_t chunks, zero_chunks; /* import: gzip members written, of them all-zero */
    char warning[ERR_LEN];        /* "" or what gem5 would make of the result */
};

/* Writes the decoded bytes of store n of dir to `file` as a raw image: temp file beside
 * it, fsync, rename; zero pages become holes. An existing file is refused unless force,
 * which replaces it and keeps the original as "<file>.gem5wb-backup" (once). Progress
 * steps: "decoding" (bytes of the store file), "writing" (bytes of the image). */
int store_io_export(const char *dir, const char *config, unsigned n, const char *file,
                    bool force, const struct ckpt_progress *pr, struct store_io_result *res,
                    char *err);

/* Makes the raw `file` store n of dir, compressed as gzip members of PMEM_CHUNK bytes
 * that gem5's gzread reads. Its size must equal range_size unless set_size (then a
 * non-empty multiple of 8, written to range_size). The store file and m5.cpt change in
 * one transaction; the originals are kept as "<name>.gem5wb-backup". The store keeps its
 * filename key; without one it gets gem5's name "<system>.physmem.store<n>.pmem".
 * Progress step: "importing" (bytes of the raw file). */
int store_io_import(const char *dir, const char *config, unsigned n, const char *file,
                    bool set_size, const struct ckpt_progress *pr, struct store_io_result *res,
                    char *err);

#endif

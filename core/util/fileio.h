/* Reading whole files with a size limit, and replacing user files safely: write to a
 * temp file beside the target, fsync, keep the original as a backup, rename, fsync dir. */
#ifndef GW_FILEIO_H
#define GW_FILEIO_H

#include <stddef.h>

/* Reads `path` into a malloc'ed buffer (NUL-terminated; *len excludes the NUL).
 * Files larger than max_bytes are refused with a sentence naming the file. */
int file_read_all(const char *path, size_t max_bytes, char **data, size_t *len, char *err);

/* Suffix of the backup kept beside a file the first time gem5wb replaces it. */
#define FILE_BACKUP_SUFFIX ".gem5wb-backup"

/* Writes backup path "<path>.gem5wb-backup" into buf. */
void file_backup_path(const char *path, char *buf, size_t len);

/* Atomically replaces (or creates) `path` with `len` bytes: temp file in the same folder,
 * fsync, then rename. When keep_backup is set and `path` exists and has no backup yet,
 * the original is first hard-linked (copied where links fail) to the backup path, so the
 * pristine original survives any number of later edits. */
int file_replace(const char *path, const void *data, size_t len, int keep_backup, char *err);

/* Joins dir and name with one '/' into buf; returns -1 if it does not fit. */
int path_join(char *buf, size_t len, const char *dir, const char *name);

/* Writes the parent directory of path (without trailing '/') into buf: "a/b/c" -> "a/b",
 * "c" -> ".", "/c" -> "/". Trailing slashes of path are ignored. */
void path_parent(const char *path, char *buf, size_t len);

#endif

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

/* The same in steps, for writers that stream: file_tmp_open returns the fd of a new temp
 * file beside path (with path's mode, or 0644) and its name in tmp; file_tmp_commit
 * fsyncs, closes, keeps the backup and renames it over path; file_tmp_abort drops it. */
int file_tmp_open(const char *path, char *tmp, size_t len, char *err);
int file_tmp_commit(int fd, const char *tmp, const char *path, int keep_backup, char *err);
void file_tmp_abort(int fd, const char *tmp);

/* Joins dir and name with one '/' into buf; returns -1 if it does not fit. */
int path_join(char *buf, size_t len, const char *dir, const char *name);

/* Writes the parent directory of path (without trailing '/') into buf: "a/b/c" -> "a/b",
 * "c" -> ".", "/c" -> "/". Trailing slashes of path are ignored. */
void path_parent(const char *path, char *buf, size_t len);

/* mkdir -p: creates path and its missing parents (mode 0775, as gem5 does). */
int dir_create(const char *path, char *err);

/* rm -rf: removes path and everything under it (symlinks themselves, not their targets).
 * A missing path is not an error. */
int dir_remove_tree(const char *path, char *err);

#endif

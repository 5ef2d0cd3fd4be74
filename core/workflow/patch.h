/* Edits to user files: byte-span edits previewed as a unified diff (libgit2), applied
 * atomically with a backup, and refused when the file changed since the preview. */
#ifndef GW_PATCH_H
#define GW_PATCH_H

#include <stdbool.h>
#include <stddef.h>

/* A fingerprint is the file's git blob id (SHA-1 hex), the same as `git hash-object FILE`. */
#define PATCH_FP_LEN 41
/* The fingerprint of a file that does not exist (git's null id). */
#define PATCH_FP_MISSING "0000000000000000000000000000000000000000"

/* Replace `len` bytes at `off` of the original with `text` (owned by whoever built the
 * list). Every byte outside the spans stays as it was. */
struct patch_edit {
    size_t off, len;
    char *text;
};

/* What a preview found: the original and the new bytes, the diff between them and the
 * original's fingerprint, which apply checks again before writing. */
struct patch_preview {
    char *path;
    bool existed;                 /* false: the file is created */
    char *old_data, *new_data;    /* NUL-terminated */
    size_t old_len, new_len;
    char *diff;                   /* "" when nothing changes */
    char fingerprint[PATCH_FP_LEN];
};

/* Applies edits (sorted by off, not overlapping, inside the buffer) to orig: a new
 * malloc'ed, NUL-terminated buffer in *out. */
int patch_build(const char *orig, size_t len, const struct patch_edit *edits, size_t n,
                char **out, size_t *out_len, char *err);

/* Fingerprint of bytes, and of a file (PATCH_FP_MISSING when it does not exist). */
int patch_fingerprint(const void *data, size_t len, char fp[PATCH_FP_LEN], char *err);
int patch_fingerprint_file(const char *path, char fp[PATCH_FP_LEN], char *err);

/* Unified diff (3 lines of context) with "a/NAME" "b/NAME" headers; old == NULL means a
 * new file. *diff is malloc'ed, "" when the buffers are equal. */
int patch_diff(const char *name, const char *old, size_t old_len, const char *new_data,
               size_t new_len, char **diff, char *err);

/* Reads path (largest script it accepts: PATCH_MAX_FILE) for callers that locate edits. */
#define PATCH_MAX_FILE (16u << 20)
int patch_read(const char *path, char **data, size_t *len, bool *existed, char *err);

/* Previews edits made against `orig` (the bytes the caller read from path; existed says
 * whether the file was there). Copies what it needs; free with patch_preview_free. */
int patch_preview(const char *path, const char *orig, size_t orig_len, bool existed,
                  const struct patch_edit *edits, size_t n, struct patch_preview *pv,
                  char *err);
/* Previews replacing the whole file with data (a generated file); reads path itself. */
int patch_preview_replace(const char *path, const char *data, size_t len,
                          struct patch_preview *pv, char *err);
void patch_preview_free(struct patch_preview *pv);

/* Writes data to path if its fingerprint is still `expected`; otherwise refuses with
 * "PATH changed since the preview; run the preview again". The first original is kept
 * as PATH.gem5wb-backup, whose name goes to backup ("" when the file was created). A
 * symbolic link is followed, so the link stays and its target is replaced. */
int patch_apply(const char *path, const char *data, size_t len, const char *expected,
                char *backup, size_t backup_len, char *err);

#endif

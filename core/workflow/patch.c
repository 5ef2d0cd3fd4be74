/* Byte-span edits, their unified diff (libgit2 makes it from the two buffers) and the
 * checked, atomic apply. */
#include "core/workflow/patch.h"
#include "core/util/err.h"
#include "core/util/fileio.h"

#include <errno.h>
#include <git2.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int patch_build(const char *orig, size_t len, const struct patch_edit *edits, size_t n,
                char **out, size_t *out_len, char *err)
{
    size_t total = len, at = 0;
    for (size_t i = 0; i < n; i++) {
        if (edits[i].off < at || edits[i].off > len || edits[i].len > len - edits[i].off)
            return err_set(err, "internal error: edit %zu is out of order or outside the file", i);
        at = edits[i].off + edits[i].len;
        total = total - edits[i].len + strlen(edits[i].text);
    }
    char *buf = malloc(total + 1), *p = buf;
    if (!buf)
        return err_set(err, "out of memory building the patched file");
    at = 0;
    for (size_t i = 0; i < n; i++) {
        size_t keep = edits[i].off - at, tl = strlen(edits[i].text);
        memcpy(p, orig + at, keep);
        memcpy(p + keep, edits[i].text, tl);
        p += keep + tl;
        at = edits[i].off + edits[i].len;
    }
    memcpy(p, orig + at, len - at);
    buf[total] = '\0';
    *out = buf;
    *out_len = total;
    return 0;
}

int patch_fingerprint(const void *data, size_t len, char fp[PATCH_FP_LEN], char *err)
{
    git_libgit2_init();
    git_oid id;
    int rc = git_odb_hash(&id, data, len, GIT_OBJECT_BLOB);
    if (rc == 0)
        git_oid_tostr(fp, PATCH_FP_LEN, &id);
    git_libgit2_shutdown();
    return rc == 0 ? 0 : err_set(err, "cannot compute the fingerprint of %zu bytes", len);
}

int patch_read(const char *path, char **data, size_t *len, bool *existed, char *err)
{
    struct stat st;
    if (stat(path, &st) != 0 && errno == ENOENT) {
        *existed = false;
        *len = 0;
        *data = calloc(1, 1);
        return *data ? 0 : err_set(err, "out of memory");
    }
    *existed = true;
    return file_read_all(path, PATCH_MAX_FILE, data, len, err);
}

int patch_fingerprint_file(const char *path, char fp[PATCH_FP_LEN], char *err)
{
    char *data;
    size_t len;
    bool existed;
    if (patch_read(path, &data, &len, &existed, err) != 0)
        return -1;
    int rc = 0;
    if (existed)
        rc = patch_fingerprint(data, len, fp, err);
    else
        memcpy(fp, PATCH_FP_MISSING, PATCH_FP_LEN);
    free(data);
    return rc;
}

/* The name in the a/ b/ headers: the path without leading slashes, so `patch -p1` run
 * from / (or from where a relative path was given) finds the file. */
static const char *header_name(const char *name)
{
    while (*name == '/')
        name++;
    return *name ? name : "file";
}

int patch_diff(const char *name, const char *old, size_t old_len, const char *new_data,
               size_t new_len, char **diff, char *err)
{
    if (old && old_len == new_len && !memcmp(old, new_data, new_len)) {
        *diff = strdup("");
        return *diff ? 0 : err_set(err, "out of memory");
    }
    const char *hn = header_name(name);
    git_libgit2_init();
    git_diff_options opts;
    git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
    opts.flags |= GIT_DIFF_FORCE_TEXT;   /* a script with odd bytes is still shown as text */
    git_patch *patch = NULL;
    git_buf buf = { 0 };
    int rc = git_patch_from_buffers(&patch, old, old ? old_len : 0, old ? hn : NULL, new_data,
                                    new_len, hn, &opts);
    if (rc == 0)
        rc = git_patch_to_buf(&buf, patch);
    if (rc == 0)
        *diff = strndup(buf.ptr ? buf.ptr : "", buf.size);
    if (rc != 0) {
        const git_error *e = git_error_last();
        err_set(err, "cannot make the diff of %s: %s", name, e && e->message ? e->message : "libgit2 failed");
    } else if (!*diff) {
        rc = err_set(err, "out of memory");
    }
    git_buf_dispose(&buf);
    git_patch_free(patch);
    git_libgit2_shutdown();
    return rc == 0 ? 0 : -1;
}

static int preview_fill(struct patch_preview *pv, const char *path, char *err)
{
    pv->path = strdup(path);
    if (!pv->path)
        return err_set(err, "out of memory");
    if (pv->existed && patch_fingerprint(pv->old_data, pv->old_len, pv->fingerprint, err) != 0)
        return -1;
    if (!pv->existed)
        memcpy(pv->fingerprint, PATCH_FP_MISSING, PATCH_FP_LEN);
    return patch_diff(path, pv->existed ? pv->old_data : NULL, pv->old_len, pv->new_data,
                      pv->new_len, &pv->diff, err);
}

int patch_preview(const char *path, const char *orig, size_t orig_len, bool existed,
                  const struct patch_edit *edits, size_t n, struct patch_preview *pv,
                  char *err)
{
    memset(pv, 0, sizeof *pv);
    pv->existed = existed;
    pv->old_len = orig_len;
    pv->old_data = malloc(orig_len + 1);
    if (!pv->old_data)
        return err_set(err, "out of memory");
    memcpy(pv->old_data, orig, orig_len);
    pv->old_data[orig_len] = '\0';
    if (patch_build(orig, orig_len, edits, n, &pv->new_data, &pv->new_len, err) != 0 ||
        preview_fill(pv, path, err) != 0) {
        patch_preview_free(pv);
        return -1;
    }
    return 0;
}

int patch_preview_replace(const char *path, const char *data, size_t len,
                          struct patch_preview *pv, char *err)
{
    memset(pv, 0, sizeof *pv);
    if (patch_read(path, &pv->old_data, &pv->old_len, &pv->existed, err) != 0)
        return -1;
    pv->new_data = malloc(len + 1);
    if (!pv->new_data) {
        patch_preview_free(pv);
        return err_set(err, "out of memory");
    }
    memcpy(pv->new_data, data, len);
    pv->new_data[len] = '\0';
    pv->new_len = len;
    if (preview_fill(pv, path, err) != 0) {
        patch_preview_free(pv);
        return -1;
    }
    return 0;
}

void patch_preview_free(struct patch_preview *pv)
{
    free(pv->path);
    free(pv->old_data);
    free(pv->new_data);
    free(pv->diff);
    memset(pv, 0, sizeof *pv);
}

int patch_apply(const char *path, const char *data, size_t len, const char *expected,
                char *backup, size_t backup_len, char *err)
{
    char real[PATH_MAX];
    struct stat st;
    if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode) && realpath(path, real))
        path = real;   /* replace the link's target, not the link */
    char now[PATCH_FP_LEN];
    if (patch_fingerprint_file(path, now, err) != 0)
        return -1;
    if (strcmp(now, expected))
        return err_set(err, "%s changed since the preview; run the preview again", path);
    bool existed = strcmp(now, PATCH_FP_MISSING) != 0;
    if (file_replace(path, data, len, existed, err) != 0)
        return -1;
    if (backup && backup_len) {
        if (existed)
            file_backup_path(path, backup, backup_len);
        else
            backup[0] = '\0';
    }
    return 0;
}

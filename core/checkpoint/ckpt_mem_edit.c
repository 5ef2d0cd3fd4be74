/* Store edits that change a store file and m5.cpt together (replace, resize) in one
 * transaction, so a crash leaves the old checkpoint or the new one; and dropping backups. */
#include "core/checkpoint/ckpt_mem.h"
#include "core/checkpoint/cpt.h"
#include "core/util/err.h"
#include "core/util/fileio.h"
#include "core/util/size.h"
#include "core/util/txn.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define COPY_BUF (1u << 20)

/* The objects one edit holds; released by edit_end. */
struct edit {
    struct txn *t;
    struct ckpt *ck, *src;
    struct pmem *pm;
};

static int edit_begin(struct edit *e, const char *dir, const char *config, char *err)
{
    *e = (struct edit){ 0 };
    /* the lock first: what is read below cannot change before the commit */
    if (txn_begin(dir, &e->t, err) != 0)
        return -1;
    return ckpt_open(dir, config, &e->ck, err);
}

static void edit_end(struct edit *e)
{
    txn_abort(e->t);
    pmem_close(e->pm);
    ckpt_close(e->src);
    ckpt_close(e->ck);
}

static int commit(struct edit *e, char *err)
{
    struct txn *t = e->t;
    e->t = NULL;
    return txn_commit(t, 1, err);
}

/* Store n must have a section to edit. */
static int check_section(const struct ckpt *ck, unsigned n, char *err)
{
    if (n >= ck->nstores)
        return err_set(err, "%s has %zu stores (nbr_of_stores): there is no store%u",
                       ck->dir, ck->nstores, n);
    const struct ckpt_store *s = &ck->stores[n];
    if (!s->section_name || cpt_section_find(ck->cpt, s->section_name) < 0)
        return err_set(err, "%s has no [%s.physmem.store%u] section to edit", ck->cpt_path,
                       ck->system, n);
    return 0;
}

/* Why gem5 would refuse store n at `size`, in its words, or "" when it would not. */
static void map_warning(const struct ckpt *ck, unsigned n, uint64_t size, char *warning)
{
    const struct ckpt_store *s = &ck->stores[n];
    warning[0] = '\0';
    if (!ck->map.known || s->map_index < 0)
        return;
    const struct mm_store *m = &ck->map.stores[s->map_index];
    uint64_t want = m->end - m->start;
    if (size != want)
        snprintf(warning, ERR_LEN, "store%u is now %" PRIu64 " bytes but the config %s gives "
                 "%s %" PRIu64 " bytes: gem5 would stop with \"Memory range size has changed! "
                 "Saw %" PRIu64 ", expected %" PRIu64 "\" unless the config changes too", n,
                 size, ck->map.config_file, m->name, want, size, want);
}

static int set_u64(struct ckpt *ck, unsigned n, const char *key, uint64_t v, char *err)
{
    char text[32];
    snprintf(text, sizeof text, "%" PRIu64, v);
    return cpt_set(ck->cpt, ck->stores[n].section_name, key, text, err);
}

/* Adds the edited m5.cpt to the transaction. */
static int stage_cpt(struct edit *e, char *err)
{
    char *data;
    size_t len;
    int fd;
    if (cpt_write_buffer(e->ck->cpt, &data, &len, err) != 0)
        return -1;
    int rc = txn_file(e->t, "m5.cpt", &fd, err);
    if (rc == 0)
        rc = txn_write(e->t, fd, data, len, err);
    free(data);
    return rc;
}

/* ---- replace ---- */

static int copy_progress(const struct ckpt_progress *pr, uint64_t done, uint64_t total,
                         const char *path, char *err)
{
    if (pr && pr->fn && pr->fn(pr->arg, "copying", done, total) != 0)
        return err_set(err, "%s: copy cancelled; nothing was changed", path);
    return 0;
}

/* Copies the file at `from` into the transaction's fd: in the kernel where it can. */
static int copy_into(struct txn *t, int fd, const char *from, const struct ckpt_progress *pr,
                     char *err)
{
    int in = open(from, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (in < 0 || fstat(in, &st) != 0) {
        int e = errno;
        if (in >= 0)
            close(in);
        return err_sys(err, e, "%s: cannot open the store to copy", from);
    }
    uint64_t done = 0, total = (uint64_t)st.st_size;
    int rc = 0;
    while (rc == 0 && done < total) {
        ssize_t n = copy_file_range(in, NULL, fd, NULL, total - done < COPY_BUF ? total - done
                                                                                : COPY_BUF, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;   /* not supported here, or the file shrank: plain reads below */
        done += (uint64_t)n;
        rc = copy_progress(pr, done, total, from, err);
    }
    char *buf = rc == 0 && done < total ? malloc(COPY_BUF) : NULL;
    if (rc == 0 && done < total && !buf)
        rc = err_set(err, "out of memory copying %s", from);
    while (rc == 0 && buf) {
        ssize_t n = pread(in, buf, COPY_BUF, (off_t)done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            rc = err_sys(err, errno, "%s: cannot read the store to copy", from);
        if (n <= 0)
            break;
        rc = txn_write(t, fd, buf, (size_t)n, err);
        done += (uint64_t)n;
        if (rc == 0)
            rc = copy_progress(pr, done, total, from, err);
    }
    free(buf);
    close(in);
    return rc;
}

/* Opens the source store and learns its decoded size (cheap when the page map is cached). */
static int source_size(struct edit *e, const char *from_dir, unsigned m,
                       const struct ckpt_progress *pr, struct ckpt_edit_result *res, char *err)
{
    if (ckpt_open(from_dir, NULL, &e->src, err) != 0)
        return -1;
    if (m >= e->src->nstores)
        return err_set(err, "%s has %zu stores: there is no store%u to copy", from_dir,
                       e->src->nstores, m);
    if (ckpt_mem_open(e->src, m, &e->pm, err) != 0)
        return -1;
    struct ckpt_step st = { pr, "decoding" };
    if (pmem_map(e->pm, ckpt_step_progress, &st, err) != 0)
        return -1;
    struct pmem_info info;
    pmem_info(e->pm, &info);
    res->decoded_size = info.size;
    snprintf(res->source_path, sizeof res->source_path, "%s", e->src->stores[m].file_path);
    return 0;
}

static int check_new_size(const struct ckpt *ck, unsigned n, bool set_size,
                          struct ckpt_edit_result *res, char *err)
{
    const struct ckpt_store *s = &ck->stores[n];
    uint64_t size = res->decoded_size;
    if (set_size && (size == 0 || size % 8))
        return err_set(err, "%s decodes to %" PRIu64 " bytes, %s: gem5 asserts that a store "
                       "is a multiple of 8 bytes; nothing was changed", res->source_path, size,
                       size ? "not a multiple of 8" : "an empty store");
    if (!set_size && (!s->have_size || s->range_size != size))
        return err_set(err, "%s decodes to %" PRIu64 " bytes but [%s] range_size in %s is %s%"
                       PRIu64 ": gem5 would stop with \"Memory range size has changed!\"; "
                       "nothing was changed (--set-size sets range_size too)", res->source_path,
                       size, s->section_name, ck->cpt_path, s->have_size ? "" : "missing, not ",
                       s->have_size ? s->range_size : 0);
    res->old_size = s->have_size ? s->range_size : 0;
    res->new_size = size;
    return 0;
}

/* Sets range_size and the filename key as needed; *name gets the file's basename. */
static int plan_cpt(struct edit *e, unsigned n, struct ckpt_edit_result *res, char *name,
                    size_t len, char *err)
{
    const struct ckpt_store *s = &e->ck->stores[n];
    snprintf(name, len, "%s.physmem.store%u.pmem", e->ck->system, n);
    if (!s->filename || strcmp(s->filename, name) != 0) {
        snprintf(res->old_filename, sizeof res->old_filename, "%s",
                 s->filename ? s->filename : "(none)");
        if (cpt_set(e->ck->cpt, s->section_name, "filename", name, err) != 0)
            return -1;
        res->cpt_changed = true;
    }
    if (!s->have_size || s->range_size != res->new_size) {
        if (set_u64(e->ck, n, "range_size", res->new_size, err) != 0)
            return -1;
        res->cpt_changed = true;
    }
    return path_join(res->store_path, sizeof res->store_path, e->ck->dir, name) == 0
               ? 0 : err_set(err, "%s: the path is too long", e->ck->dir);
}

static bool same_store(const char *dir, unsigned n, const char *from_dir, unsigned m)
{
    struct stat a, b;
    return n == m && stat(dir, &a) == 0 && stat(from_dir, &b) == 0 && a.st_dev == b.st_dev &&
           a.st_ino == b.st_ino;
}

int ckpt_replace_store(const char *dir, const char *config, unsigned n, const char *from_dir,
                       unsigned m, bool set_size, const struct ckpt_progress *pr,
                       struct ckpt_edit_result *res, char *err)
{
    *res = (struct ckpt_edit_result){ 0 };
    if (same_store(dir, n, from_dir, m))
        return err_set(err, "store%u of %s would be copied onto itself; nothing to do", n, dir);
    struct edit e;
    char name[512];
    int fd, rc = edit_begin(&e, dir, config, err);
    if (rc == 0)
        rc = check_section(e.ck, n, err);
    if (rc == 0)
        rc = source_size(&e, from_dir, m, pr, res, err);
    if (rc == 0)
        rc = check_new_size(e.ck, n, set_size, res, err);
    if (rc == 0)
        rc = plan_cpt(&e, n, res, name, sizeof name, err);
    if (rc == 0)
        rc = txn_file(e.t, name, &fd, err);
    if (rc == 0)
        rc = copy_into(e.t, fd, res->source_path, pr, err);
    if (rc == 0 && res->cpt_changed)
        rc = stage_cpt(&e, err);
    if (rc == 0)
        rc = commit(&e, err);
    if (rc == 0) {
        struct pmem_info info;
        pmem_info(e.pm, &info);
        res->bytes_written = info.file_bytes;
        map_warning(e.ck, n, res->new_size, res->warning);
    }
    edit_end(&e);
    return rc;
}

/* ---- resize ---- */

static int open_store(struct edit *e, unsigned n, const struct ckpt_progress *pr,
                      struct ckpt_edit_result *res, char *err)
{
    const struct ckpt_store *s = &e->ck->stores[n];
    if (ckpt_mem_open(e->ck, n, &e->pm, err) != 0 || ckpt_mem_decode(e->pm, pr, err) != 0)
        return -1;
    struct pmem_info info;
    pmem_info(e->pm, &info);
    res->decoded_size = info.size;
    res->old_size = s->have_size ? s->range_size : 0;
    snprintf(res->store_path, sizeof res->store_path, "%s", s->file_path);
    return 0;
}

static int shrink_check(const struct ckpt *ck, unsigned n, uint64_t size, bool force,
                        struct ckpt_edit_result *res, char *err)
{
    if (res->dropped_nonzero == 0 || force)
        return 0;
    char sz[32];
    return err_set(err, "shrinking store%u (%s) to %s would drop %" PRIu64 " non-zero bytes "
                   "(at offsets 0x%" PRIx64 "-0x%" PRIx64 "); nothing was changed (--force "
                   "drops them)", n, ck->stores[n].file_path, size_format(size, sz, sizeof sz),
                   res->dropped_nonzero, size, res->decoded_size - 1);
}

static int write_resized(struct edit *e, unsigned n, const struct ckpt_progress *pr,
                         struct ckpt_edit_result *res, char *err)
{
    int fd;
    struct ckpt_step st = { pr, "encoding" };
    if (txn_file(e->t, e->ck->stores[n].filename, &fd, err) != 0 ||
        pmem_encode_to(e->pm, fd, ckpt_step_progress, &st, &res->stats, err) != 0)
        return -1;
    res->bytes_written = res->stats.bytes_written;
    if (res->old_size != res->new_size || !e->ck->stores[n].have_size) {
        if (set_u64(e->ck, n, "range_size", res->new_size, err) != 0 || stage_cpt(e, err) != 0)
            return -1;
        res->cpt_changed = true;
    }
    return commit(e, err);
}

int ckpt_resize_store(const char *dir, const char *config, unsigned n, uint64_t size,
                      bool force, const struct ckpt_progress *pr, struct ckpt_edit_result *res,
                      char *err)
{
    *res = (struct ckpt_edit_result){ .new_size = size };
    if (size == 0 || size % 8)
        return err_set(err, "%" PRIu64 " bytes is not a store size: gem5 asserts that a store "
                       "is a non-empty multiple of 8 bytes", size);
    struct edit e;
    int rc = edit_begin(&e, dir, config, err);
    if (rc == 0)
        rc = check_section(e.ck, n, err);
    if (rc == 0)
        rc = open_store(&e, n, pr, res, err);
    if (rc == 0 && size == res->decoded_size && size == res->old_size) {
        res->unchanged = true;
    } else if (rc == 0) {
        rc = pmem_resize(e.pm, size, &res->dropped_nonzero, err);
        if (rc == 0)
            rc = shrink_check(e.ck, n, size, force, res, err);
        if (rc == 0)
            rc = write_resized(&e, n, pr, res, err);
        if (rc == 0)
            pmem_committed(e.pm, err);   /* only the page-map cache depends on it */
    }
    if (rc == 0)
        map_warning(e.ck, n, size, res->warning);
    edit_end(&e);
    return rc;
}

/* ---- backups ---- */

static bool is_backup(const char *name)
{
    size_t n = strlen(name), s = strlen(FILE_BACKUP_SUFFIX);
    return n > s && !strcmp(name + n - s, FILE_BACKUP_SUFFIX);
}

static int drop_all(struct txn *t, const char *dir, ckpt_backup_fn fn, void *arg,
                    uint64_t *files, uint64_t *bytes, char *err)
{
    (void)t;   /* held: no commit is making a backup while they go */
    DIR *d = opendir(dir);
    if (!d)
        return err_sys(err, errno, "%s: cannot list the folder", dir);
    int rc = 0;
    struct dirent *de;
    while (rc == 0 && (de = readdir(d)) != NULL) {
        struct stat st;
        if (!is_backup(de->d_name) ||
            fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode))
            continue;
        if (unlinkat(dirfd(d), de->d_name, 0) != 0) {
            rc = err_sys(err, errno, "%s/%s: cannot remove the backup", dir, de->d_name);
            break;
        }
        bool freed = st.st_nlink == 1;
        (*files)++;
        *bytes += freed ? (uint64_t)st.st_size : 0;
        if (fn)
            fn(arg, de->d_name, (uint64_t)st.st_size, freed);
    }
    closedir(d);
    return rc;
}

int ckpt_drop_backups(const char *dir, ckpt_backup_fn fn, void *arg, uint64_t *files,
                      uint64_t *bytes_freed, char *err)
{
    *files = *bytes_freed = 0;
    struct txn *t;
    if (txn_begin(dir, &t, err) != 0)
        return -1;
    int rc = drop_all(t, dir, fn, arg, files, bytes_freed, err);
    txn_abort(t);   /* nothing staged: only unlocks */
    return rc;
}

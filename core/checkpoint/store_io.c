/* Whole stores as raw files: export writes the decoded image (zero pages as holes) to a
 * temp file and renames it; import compresses a raw file chunk by chunk into a store. */
#include "core/checkpoint/store_io.h"
#include "core/checkpoint/cpt.h"
#include "core/pmem/pmem_encode.h"
#include "core/util/err.h"
#include "core/util/fileio.h"
#include "core/util/size.h"
#include "core/util/txn.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define REPORT_EVERY (64u << 20)   /* bytes between progress reports */
#define CHUNK_WORDS (PMEM_CHUNK / PMEM_PAGE / 64)

/* Non-zero when the caller cancelled. */
static int report(const struct ckpt_progress *pr, const char *step, uint64_t done,
                  uint64_t total)
{
    return pr && pr->fn ? pr->fn(pr->arg, step, done, total) : 0;
}

static int check_store(const struct ckpt *ck, unsigned n, char *err)
{
    if (n >= ck->nstores)
        return err_set(err, "%s has %zu stores (nbr_of_stores): there is no store%u",
                       ck->dir, ck->nstores, n);
    return 0;
}

static bool same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    return a && b && stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

/* ---- export ---- */

static int check_target(const struct ckpt *ck, unsigned n, const char *file, bool force,
                        struct store_io_result *res, char *err)
{
    struct stat st;
    if (!*file)
        return err_set(err, "no file to export store%u to: give a path", n);
    if (stat(file, &st) != 0) {
        if (errno == ENOENT)
            return 0;
        return err_sys(err, errno, "%s: cannot look at the file to write", file);
    }
    if (S_ISDIR(st.st_mode))
        return err_set(err, "%s is a folder: give the path of a file to write", file);
    if (same_file(file, ck->stores[n].file_path))
        return err_set(err, "%s is store%u's own file: export to another path", file, n);
    if (!force)
        return err_set(err, "%s already exists: nothing was written (--force replaces it and "
                       "keeps the original as %s%s)", file, file, FILE_BACKUP_SUFFIX);
    res->replaced = true;
    file_backup_path(file, res->backup, sizeof res->backup);
    return 0;
}

static int pwrite_all(int fd, const uint8_t *p, uint64_t len, uint64_t off, const char *file,
                      char *err)
{
    while (len > 0) {
        size_t want = len < (1u << 30) ? (size_t)len : (1u << 30);
        ssize_t w = pwrite(fd, p, want, (off_t)off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return err_sys(err, w < 0 ? errno : ENOSPC, "%s: cannot write the image "
                           "(nothing was replaced)", file);
        p += w, off += (uint64_t)w, len -= (uint64_t)w;
    }
    return 0;
}

static int export_cancelled(const char *file, char *err)
{
    return err_set(err, "export to %s cancelled; nothing was written", file);
}

/* Writes the runs of non-zero pages at their offsets; the rest stays a hole. */
static int write_image(struct pmem *pm, int fd, uint64_t size, const char *file,
                       const struct ckpt_progress *pr, struct store_io_result *res, char *err)
{
    uint64_t npages, next = REPORT_EVERY;
    const uint64_t *bits = pmem_page_bits(pm, &npages);
    const uint8_t *img = pmem_data(pm);
    for (uint64_t p = 0; p < npages;) {
        if (p * PMEM_PAGE >= next) {
            next = p * PMEM_PAGE + REPORT_EVERY;
            if (report(pr, "writing", p * PMEM_PAGE, size))
                return export_cancelled(file, err);
        }
        if (p % 64 == 0 && bits[p / 64] == 0) {
            p += 64;
            continue;
        }
        uint64_t q = p;
        while (q < npages && (bits[q / 64] >> (q % 64) & 1))
            q++;
        uint64_t start = p * PMEM_PAGE, end = q * PMEM_PAGE < size ? q * PMEM_PAGE : size;
        if (q > p && pwrite_all(fd, img + start, end - start, start, file, err) != 0)
            return -1;
        res->bytes_written += end - start;
        res->nonzero_pages += q - p;
        p = q + (q == p);
    }
    if (ftruncate(fd, (off_t)size) != 0)
        return err_sys(err, errno, "%s: cannot set the file's size to %" PRIu64 " bytes",
                       file, size);
    /* the last word before the rename: a cancel here still leaves nothing behind */
    return report(pr, "writing", size, size) ? export_cancelled(file, err) : 0;
}

static void sync_parent(const char *file)
{
    char dir[4096];
    path_parent(file, dir, sizeof dir);
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

/* Renames the temp into place only if `file` still does not exist. */
static int commit_new(int fd, const char *tmp, const char *file, char *err)
{
    if (fsync(fd) != 0) {
        int e = errno;
        file_tmp_abort(fd, tmp);
        return err_sys(err, e, "%s: cannot sync the new file (nothing was written)", file);
    }
    close(fd);
    int rc = renameat2(AT_FDCWD, tmp, AT_FDCWD, file, RENAME_NOREPLACE), e = errno;
    if (rc != 0 && (e == EINVAL || e == ENOSYS)) {   /* not on this file system: a link */
        rc = link(tmp, file);                         /* refuses an existing name too */
        e = errno;
    }
    unlink(tmp);   /* after a link the data lives on under `file` */
    if (rc == 0) {
        sync_parent(file);
        return 0;
    }
    if (e == EEXIST)
        return err_set(err, "%s appeared while the image was written: nothing was replaced",
                       file);
    return err_sys(err, e, "%s: cannot create the file", file);
}

static int export_to(struct pmem *pm, const char *file, bool force,
                     const struct ckpt_progress *pr, struct store_io_result *res, char *err)
{
    struct pmem_info info;
    char tmp[4200];
    pmem_info(pm, &info);
    res->bytes = info.size;
    int fd = file_tmp_open(file, tmp, sizeof tmp, err);
    if (fd < 0)
        return -1;
    if (write_image(pm, fd, info.size, file, pr, res, err) != 0) {
        file_tmp_abort(fd, tmp);
        return -1;
    }
    return force ? file_tmp_commit(fd, tmp, file, 1, err) : commit_new(fd, tmp, file, err);
}

static void export_warning(const struct ckpt *ck, unsigned n, struct store_io_result *res)
{
    const struct ckpt_store *s = &ck->stores[n];
    if (s->have_size && s->range_size != res->bytes)
        snprintf(res->warning, sizeof res->warning, "%s decodes to %" PRIu64 " bytes but "
                 "[%s] range_size is %" PRIu64 ": the file holds the decoded bytes; gem5 "
                 "would pad or cut the store to range_size when restoring", s->file_path,
                 res->bytes, s->section_name, s->range_size);
}

int store_io_export(const char *dir, const char *config, unsigned n, const char *file,
                    bool force, const struct ckpt_progress *pr, struct store_io_result *res,
                    char *err)
{
    *res = (struct store_io_result){ 0 };
    snprintf(res->file, sizeof res->file, "%s", file);
    struct ckpt *ck = NULL;
    struct pmem *pm = NULL;
    int rc = ckpt_open(dir, config, &ck, err);
    if (rc == 0)
        rc = check_store(ck, n, err);
    if (rc == 0)
        rc = check_target(ck, n, file, force, res, err);
    if (rc == 0)
        rc = ckpt_mem_open(ck, n, &pm, err);
    if (rc == 0) {
        snprintf(res->store_path, sizeof res->store_path, "%s", ck->stores[n].file_path);
        rc = ckpt_mem_decode(pm, pr, err);
    }
    if (rc == 0)
        rc = export_to(pm, file, force, pr, res, err);
    if (rc == 0)
        export_warning(ck, n, res);
    if (rc != 0)
        res->replaced = false, res->backup[0] = '\0';
    pmem_close(pm);
    ckpt_close(ck);
    return rc;
}

/* ---- import ---- */

static int check_section(const struct ckpt *ck, unsigned n, char *err)
{
    if (check_store(ck, n, err) != 0)
        return -1;
    const struct ckpt_store *s = &ck->stores[n];
    if (!s->section_name || cpt_section_find(ck->cpt, s->section_name) < 0)
        return err_set(err, "%s has no [%s.physmem.store%u] section to edit", ck->cpt_path,
                       ck->system, n);
    return 0;
}

static int open_raw(const char *file, int *in, struct store_io_result *res, char *err)
{
    struct stat st;
    *in = open(file, O_RDONLY | O_CLOEXEC);
    if (*in < 0 || fstat(*in, &st) != 0)
        return err_sys(err, errno, "%s: cannot open the raw image to import", file);
    if (!S_ISREG(st.st_mode))
        return err_set(err, "%s is not a regular file: import takes a raw memory image",
                       file);
    res->bytes = (uint64_t)st.st_size;
    return 0;
}

static bool gzip_magic(int in)
{
    uint8_t m[3];
    return pread(in, m, 3, 0) == 3 && m[0] == 0x1f && m[1] == 0x8b && m[2] == 8;
}

static int check_size(const struct ckpt *ck, unsigned n, int in, bool set_size,
                      struct store_io_result *res, char *err)
{
    const struct ckpt_store *s = &ck->stores[n];
    uint64_t size = res->bytes;
    res->old_size = s->have_size ? s->range_size : 0;
    res->new_size = size;
    if (!set_size && (!s->have_size || s->range_size != size))
        return err_set(err, "%s is %" PRIu64 " bytes but [%s] range_size in %s is %s%" PRIu64
                       ": gem5 would stop with \"Memory range size has changed!\"; nothing "
                       "was changed (--set-size sets range_size too)", res->file, size,
                       s->section_name, ck->cpt_path, s->have_size ? "" : "missing, not ",
                       res->old_size);
    if (set_size && size != res->old_size && gzip_magic(in))
        return err_set(err, "%s starts like a gzip file: it looks like a store file, not a raw "
                       "image (replace-store copies a store from another checkpoint); "
                       "nothing was changed", res->file);
    if (size == 0 || size % 8)
        return err_set(err, "%s is %" PRIu64 " bytes, %s: gem5 asserts that a store is a "
                       "non-empty multiple of 8 bytes; nothing was changed", res->file, size,
                       size ? "not a multiple of 8" : "empty");
    return 0;
}

static int set_key(struct ckpt *ck, unsigned n, const char *key, const char *value,
                   struct store_io_result *res, char *err)
{
    res->cpt_changed = true;
    return cpt_set(ck->cpt, ck->stores[n].section_name, key, value, err);
}

/* The store keeps its file name; *name gets it. range_size follows the image. */
static int plan_cpt(struct ckpt *ck, unsigned n, char *name, size_t len,
                    struct store_io_result *res, char *err)
{
    const struct ckpt_store *s = &ck->stores[n];
    if (s->filename && *s->filename && !strchr(s->filename, '/')) {
        snprintf(name, len, "%s", s->filename);
    } else {
        snprintf(name, len, "%s.physmem.store%u.pmem", ck->system, n);
        snprintf(res->old_filename, sizeof res->old_filename, "%s",
                 s->filename ? s->filename : "(none)");
        if (set_key(ck, n, "filename", name, res, err) != 0)
            return -1;
    }
    char text[32];
    snprintf(text, sizeof text, "%" PRIu64, res->new_size);
    if ((!s->have_size || s->range_size != res->new_size) &&
        set_key(ck, n, "range_size", text, res, err) != 0)
        return -1;
    if (path_join(res->store_path, sizeof res->store_path, ck->dir, name) != 0)
        return err_set(err, "%s: the path is too long", ck->dir);
    return 0;
}

/* True when [off, off+len) of the file is a hole (reads as zeros without reading). */
static bool is_hole(int in, uint64_t off, uint64_t len)
{
    off_t d = lseek(in, (off_t)off, SEEK_DATA);
    return d < 0 ? errno == ENXIO : (uint64_t)d >= off + len;
}

static int read_at(int in, uint8_t *buf, size_t len, uint64_t off, const char *file,
                   char *err)
{
    for (size_t got = 0; got < len;) {
        ssize_t r = pread(in, buf + got, len - got, (off_t)(off + got));
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return err_sys(err, errno, "%s: cannot read the raw image", file);
        if (r == 0)
            return err_set(err, "%s shrank while it was read: nothing was changed", file);
        got += (size_t)r;
    }
    return 0;
}

/* Sets a bit per non-zero page of buf; returns how many. */
static uint64_t page_bits(const uint8_t *buf, size_t len, uint64_t *bits)
{
    uint64_t count = 0;
    for (size_t p = 0; p * PMEM_PAGE < len; p++) {
        size_t n = len - p * PMEM_PAGE < PMEM_PAGE ? len - p * PMEM_PAGE : PMEM_PAGE;
        if (!pmem_page_is_zero(buf + p * PMEM_PAGE, n)) {
            bits[p / 64] |= 1ull << (p % 64);
            count++;
        }
    }
    return count;
}

struct encode {
    struct txn *t;
    int fd, in;
    struct pmem_encoder *e;
    uint8_t *buf;                  /* PMEM_CHUNK bytes */
};

static int encode_chunk(struct encode *c, uint64_t off, size_t len,
                        struct store_io_result *res, char *err)
{
    uint64_t bits[CHUNK_WORDS] = { 0 }, nonzero = 0;
    if (!is_hole(c->in, off, len)) {
        if (read_at(c->in, c->buf, len, off, res->file, err) != 0)
            return -1;
        nonzero = page_bits(c->buf, len, bits);
    }
    const uint8_t *out;
    size_t out_len;
    int rc;
    if (nonzero == 0 && len == PMEM_CHUNK) {
        rc = pmem_zero_member(&out, &out_len, err);
        res->zero_chunks++;
    } else {
        rc = pmem_encode_pages(c->e, c->buf, len, bits, 0, &out, &out_len, err);
    }
    if (rc == 0)
        rc = txn_write(c->t, c->fd, out, out_len, err);
    res->nonzero_pages += nonzero;
    res->bytes_written += out_len;
    res->chunks++;
    return rc;
}

static int encode_raw(struct encode *c, const struct ckpt_progress *pr,
                      struct store_io_result *res, char *err)
{
    c->e = pmem_encoder_new(PMEM_BACKEND_AUTO);
    c->buf = malloc(PMEM_CHUNK);
    int rc = c->e && c->buf ? 0 : err_set(err, "out of memory for compressing %s", res->file);
    for (uint64_t off = 0; rc == 0 && off < res->bytes; off += PMEM_CHUNK) {
        size_t len = res->bytes - off < PMEM_CHUNK ? (size_t)(res->bytes - off) : PMEM_CHUNK;
        rc = encode_chunk(c, off, len, res, err);
        if (rc == 0 && report(pr, "importing", off + len, res->bytes))
            rc = err_set(err, "import of %s cancelled; nothing was changed", res->file);
    }
    pmem_encoder_free(c->e);
    free(c->buf);
    return rc;
}

static int stage_cpt(struct txn *t, const struct ckpt *ck, char *err)
{
    char *data;
    size_t len;
    int fd;
    if (cpt_write_buffer(ck->cpt, &data, &len, err) != 0)
        return -1;
    int rc = txn_file(t, "m5.cpt", &fd, err);
    if (rc == 0)
        rc = txn_write(t, fd, data, len, err);
    free(data);
    return rc;
}

/* What gem5 would say about a store of the new size under this run's config. */
static void import_warning(const struct ckpt *ck, unsigned n, struct store_io_result *res)
{
    const struct ckpt_store *s = &ck->stores[n];
    if (!ck->map.known || s->map_index < 0)
        return;
    const struct mm_store *m = &ck->map.stores[s->map_index];
    uint64_t want = m->end - m->start;
    if (res->new_size != want)
        snprintf(res->warning, sizeof res->warning, "store%u is now %" PRIu64 " bytes but the "
                 "config %s gives %s %" PRIu64 " bytes: gem5 would stop with \"Memory range "
                 "size has changed!\" unless the config changes too", n, res->new_size,
                 ck->map.config_file, m->name, want);
}

static int import_into(struct txn **t, struct ckpt *ck, unsigned n, int in, bool set_size,
                       const struct ckpt_progress *pr, struct store_io_result *res, char *err)
{
    char name[512];
    struct encode c = { .t = *t, .in = in };
    if (check_section(ck, n, err) != 0 || check_size(ck, n, in, set_size, res, err) != 0)
        return -1;
    if (same_file(res->file, ck->stores[n].file_path))
        return err_set(err, "%s is store%u's own file: import takes a raw image", res->file, n);
    if (plan_cpt(ck, n, name, sizeof name, res, err) != 0 ||
        txn_file(*t, name, &c.fd, err) != 0 || encode_raw(&c, pr, res, err) != 0)
        return -1;
    if (res->cpt_changed && stage_cpt(*t, ck, err) != 0)
        return -1;
    struct txn *commit = *t;
    *t = NULL;
    return txn_commit(commit, 1, err);
}

int store_io_import(const char *dir, const char *config, unsigned n, const char *file,
                    bool set_size, const struct ckpt_progress *pr, struct store_io_result *res,
                    char *err)
{
    *res = (struct store_io_result){ 0 };
    snprintf(res->file, sizeof res->file, "%s", file);
    struct txn *t = NULL;
    struct ckpt *ck = NULL;
    int in = -1;
    /* the lock first: what is read below cannot change before the commit */
    int rc = txn_begin(dir, &t, err);
    if (rc == 0)
        rc = ckpt_open(dir, config, &ck, err);
    if (rc == 0)
        rc = open_raw(file, &in, res, err);
    if (rc == 0)
        rc = import_into(&t, ck, n, in, set_size, pr, res, err);
    if (rc == 0)
        import_warning(ck, n, res);
    txn_abort(t);
    if (in >= 0)
        close(in);
    ckpt_close(ck);
    return rc;
}

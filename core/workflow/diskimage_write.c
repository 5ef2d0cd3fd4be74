/* Writing the disk-image folder without losing the user's edits: a file is replaced only
 * when missing, unchanged since gem5wb wrote it (hashes in disk-image/.gem5wb-manifest), or
 * forced, and then the user's version is kept as a backup. */
#include "core/workflow/diskimage_impl.h"

#include "core/util/fileio.h"

#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_READ (1u << 20)
#define MANIFEST_MAX 32

struct manifest {
    struct { char rel[64]; uint64_t hash; } e[MANIFEST_MAX];
    size_t n;
};

static const char *const files_x86[] = { DIMG_TEMPLATE, DIMG_BOOT, DIMG_POST,
                                         "shared/preseed.cfg", NULL };
static const char *const files_arm64[] = { DIMG_TEMPLATE, DIMG_BOOT, DIMG_POST,
                                           "shared/user-data", "shared/meta-data", NULL };

const char *const *dimg_files(bool arm64)
{
    return arm64 ? files_arm64 : files_x86;
}

const char *dimg_fstate_name(enum dimg_fstate s)
{
    static const char *const names[] = { "created", "updated", "unchanged", "kept", "replaced" };
    return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : "?";
}

/* FNV-1a: enough to tell whether a file is still what gem5wb wrote. */
static uint64_t hash(const char *s, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 0x100000001b3ull;
    return h;
}

static uint64_t *mf_find(struct manifest *m, const char *rel)
{
    for (size_t i = 0; i < m->n; i++)
        if (!strcmp(m->e[i].rel, rel))
            return &m->e[i].hash;
    return NULL;
}

static void mf_put(struct manifest *m, const char *rel, uint64_t h)
{
    uint64_t *old = mf_find(m, rel);
    if (old) {
        *old = h;
    } else if (m->n < MANIFEST_MAX) {
        snprintf(m->e[m->n].rel, sizeof m->e[m->n].rel, "%s", rel);
        m->e[m->n++].hash = h;
    }
}

/* A missing or unreadable manifest is an empty one: every existing file counts as edited. */
static void mf_load(const char *path, struct manifest *m)
{
    char *data, *save = NULL;
    size_t len;
    m->n = 0;
    if (file_read_all(path, MAX_READ, &data, &len, NULL) != 0)
        return;
    for (char *line = strtok_r(data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char rel[64];
        uint64_t h;
        if (sscanf(line, "%" SCNx64 " %63s", &h, rel) == 2)
            mf_put(m, rel, h);
    }
    free(data);
}

static int mf_save(const char *path, const struct manifest *m, char *err)
{
    char buf[MANIFEST_MAX * 96];
    size_t n = (size_t)snprintf(buf, sizeof buf,
                                "# hashes of the files gem5wb disk-image wrote; do not edit\n");
    for (size_t i = 0; i < m->n && n < sizeof buf; i++)
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%016" PRIx64 " %s\n", m->e[i].hash,
                              m->e[i].rel);
    return file_replace(path, buf, n < sizeof buf ? n : sizeof buf - 1, 0, err);
}

/* Forced replace: the user's version must survive. file_replace keeps only the first backup,
 * so a newer edit goes to <path>.gem5wb-backup.N when that one already holds something else. */
static int keep_user_version(const char *path, const char *cur, size_t len, char *backup,
                             char *err)
{
    char *old;
    size_t olen;
    file_backup_path(path, backup, PATH_MAX);
    if (access(backup, F_OK) != 0)
        return 0;                               /* file_replace makes it */
    if (file_read_all(backup, MAX_READ, &old, &olen, NULL) == 0) {
        bool same = olen == len && !memcmp(old, cur, len);
        free(old);
        if (same)
            return 0;
    }
    for (int i = 1; i < 1000; i++) {
        char alt[PATH_MAX];
        int n = snprintf(alt, sizeof alt, "%s.%d", backup, i);
        if (n < 0 || (size_t)n >= sizeof alt)
            return err_set(err, "path too long for a backup of %s", path);
        if (access(alt, F_OK) == 0)
            continue;
        memcpy(backup, alt, (size_t)n + 1);
        return file_replace(backup, cur, len, 0, err);
    }
    return err_set(err, "%s has 1000 backups already: remove some of them", path);
}

static int write_one(struct dimg_file *f, const char *text, struct manifest *m, bool force,
                     char *err)
{
    char parent[PATH_MAX], *cur = NULL;
    size_t len = strlen(text), clen = 0;
    path_parent(f->path, parent, sizeof parent);
    if (dir_create(parent, err) != 0)
        return -1;
    bool exists = file_read_all(f->path, MAX_READ, &cur, &clen, NULL) == 0;
    const uint64_t *known = mf_find(m, f->rel);
    int rc = 0;
    if (!exists)   /* present but unreadable (a folder, huge): not ours to replace */
        f->state = access(f->path, F_OK) == 0 ? DIMG_KEPT : DIMG_CREATED;
    else if (clen == len && !memcmp(cur, text, len))
        f->state = DIMG_UNCHANGED;
    else if (known && *known == hash(cur, clen))
        f->state = DIMG_UPDATED;
    else
        f->state = force ? DIMG_REPLACED : DIMG_KEPT;
    if (f->state == DIMG_REPLACED)
        rc = keep_user_version(f->path, cur, clen, f->backup, err);
    free(cur);
    bool keep = f->state == DIMG_REPLACED;
    if (rc == 0 && (f->state == DIMG_CREATED || f->state == DIMG_UPDATED || keep)) {
        rc = file_replace(f->path, text, len, keep, err);
        size_t pl = strlen(f->path);
        if (rc == 0 && pl > 3 && !strcmp(f->path + pl - 3, ".sh"))
            chmod(f->path, 0755);
    }
    if (rc == 0 && f->state != DIMG_KEPT)
        mf_put(m, f->rel, hash(text, len));
    return rc;
}

char *dimg_render(const struct dimg_params *p, const struct dimg_kvm *kvm, const char *rel,
                  char *err)
{
    struct dimg_ctx c;
    dimg_ctx_init(&c, p, kvm);
    char *(*fn)(const struct dimg_ctx *) = NULL;
    if (!strcmp(rel, DIMG_TEMPLATE))
        fn = dimg_text_template;
    else if (!strcmp(rel, DIMG_BOOT))
        fn = dimg_text_boot;
    else if (!strcmp(rel, DIMG_POST))
        fn = dimg_text_post;
    else if (!strcmp(rel, "shared/preseed.cfg") && !c.arm64)
        fn = dimg_text_preseed;
    else if (!strcmp(rel, "shared/user-data") && c.arm64)
        fn = dimg_text_user_data;
    else if (!strcmp(rel, "shared/meta-data") && c.arm64)
        fn = dimg_text_meta_data;
    if (!fn) {
        err_set(err, "the %s disk image has no file %s", p->arch, rel);
        return NULL;
    }
    char *text = fn(&c);
    if (!text)
        err_set(err, "out of memory writing %s", rel);
    return text;
}

static int write_files(const char *dir, const struct dimg_params *p, bool force,
                       struct dimg_result *res, char *err)
{
    struct manifest m;
    char mpath[PATH_MAX];
    if (path_join(mpath, sizeof mpath, dir, DIMG_MANIFEST) != 0)
        return err_set(err, "workspace path too long: %s", dir);
    mf_load(mpath, &m);
    for (const char *const *rel = dimg_files(!strcmp(p->arch, "arm64")); *rel; rel++) {
        struct dimg_file *f = &res->files[res->nfiles++];
        snprintf(f->rel, sizeof f->rel, "%s", *rel);
        if (path_join(f->path, sizeof f->path, dir, *rel) != 0)
            return err_set(err, "workspace path too long: %s", dir);
        char *text = dimg_render(p, &res->kvm, *rel, err);
        if (!text)
            return -1;
        int rc = write_one(f, text, &m, force, err);
        free(text);
        if (rc != 0)
            return -1;
    }
    return mf_save(mpath, &m, err);
}

int dimg_write(const char *ws_dir, const struct dimg_params *p, bool force,
               struct dimg_result *res, char *err)
{
    memset(res, 0, sizeof *res);
    if (path_join(res->dir, sizeof res->dir, ws_dir, DIMG_DIR) != 0)
        return err_set(err, "workspace path too long: %s", ws_dir);
    dimg_kvm_check(p->arch, &res->kvm);
    struct dimg_ctx c;
    dimg_ctx_init(&c, p, &res->kvm);
    snprintf(res->accelerator, sizeof res->accelerator, "%s", c.kvm ? "kvm" : "tcg");
    res->timeout_scale = c.scale;
    snprintf(res->boot_wait, sizeof res->boot_wait, "%s", c.boot_wait);
    snprintf(res->ssh_timeout, sizeof res->ssh_timeout, "%s", c.ssh_timeout);
    if (dimg_artifact(ws_dir, p, res->artifact, sizeof res->artifact, err) != 0)
        return -1;
    if (write_files(res->dir, p, force, res, err) != 0)
        return -1;
    dimg_warnings(res->dir, p, &c, res);
    return 0;
}

int dimg_artifact(const char *ws_dir, const struct dimg_params *p, char *buf, size_t cap,
                  char *err)
{
    int n = p->output_dir[0] == '/'
                ? snprintf(buf, cap, "%s/%s", p->output_dir, p->image_name)
                : snprintf(buf, cap, "%s/" DIMG_DIR "/%s/%s", ws_dir, p->output_dir, p->image_name);
    if (n < 0 || (size_t)n >= cap)
        return err_set(err, "workspace path too long: %s", ws_dir);
    return 0;
}

int dimg_packer_argv(const char *ws_dir, const char *verb, bool force, struct dimg_cmd *out,
                     char *err)
{
    memset(out, 0, sizeof *out);
    if (strcmp(verb, "validate") != 0 && strcmp(verb, "build") != 0)
        return err_set(err, "packer %s: gem5wb runs only packer validate and packer build", verb);
    if (path_join(out->cwd, sizeof out->cwd, ws_dir, DIMG_DIR) != 0)
        return err_set(err, "workspace path too long: %s", ws_dir);
    size_t n = 0;
    out->argv[n++] = "packer";
    out->argv[n++] = !strcmp(verb, "build") ? "build" : "validate";
    if (force && !strcmp(verb, "build"))
        out->argv[n++] = "-force";
    out->argv[n++] = DIMG_TEMPLATE;
    out->argv[n] = NULL;
    return 0;
}

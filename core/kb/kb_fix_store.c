/* replace-remote-store: a KVM checkpoint's remote store (checkpoints.md Known Issue 2) replaced
 * by that of an ATOMIC one of the same setup, through ckpt_replace_store (backups kept). */
#include "core/kb/kb_fix_impl.h"

#include "core/checkpoint/ckpt_mem.h"
#include "core/util/err.h"
#include "core/util/fileio.h"
#include "core/util/size.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct store_fix {
    char dir[KB_FIX_PATH], from[KB_FIX_PATH];
    unsigned n, m;                  /* the remote store's index in dir and in from */
    char cpt_fp[PATCH_FP_LEN];      /* dir's m5.cpt when planned */
    struct stat st;                 /* dir's store file when planned */
};

static const char *const how = "replace-remote-store needs --from DIR: an ATOMIC-mode "
                               "checkpoint of the same setup (same board and memory sizes), "
                               "whose remote store replaces the KVM checkpoint's";

/* The index of ck's remote-memory store, found through the run's config. */
static int remote_store(const struct ckpt *ck, unsigned *out, char *err)
{
    if (!ck->map.known)
        return err_set(err, "%s: without the run's config.json or config.ini (beside the "
                       "checkpoint or in its parent folder) gem5wb cannot tell which store is "
                       "the remote memory", ck->dir);
    for (size_t i = 0; i < ck->nstores; i++) {
        long k = ck->stores[i].map_index;
        if (k >= 0 && ck->map.stores[k].role == MM_ROLE_REMOTE) {
            *out = (unsigned)i;
            return 0;
        }
    }
    return err_set(err, "%s: its config has no remote memory (a gem5-only or classic run?)",
                   ck->dir);
}

/* An ATOMIC checkpoint is the point: one taken with KVM CPUs has the same problem. */
static int check_not_kvm(const struct ckpt *from, char *err)
{
    for (size_t i = 0; i < from->ncpus; i++)
        if (strstr(from->cpus[i].type, "Kvm"))
            return err_set(err, "%s was taken with KVM CPUs too (%s is a %s); take it again "
                           "with --cpu-type atomic and give that as --from", from->dir,
                           from->cpus[i].section, from->cpus[i].type);
    return 0;
}

static int check_setup(const struct ckpt *ck, const struct ckpt *from, unsigned n, unsigned m,
                       char *err)
{
    const struct ckpt_store *a = &ck->stores[n], *b = &from->stores[m];
    char s1[32], s2[32];
    if (ck->nstores != from->nstores)
        return err_set(err, "%s has %zu stores and %s has %zu: not a checkpoint of the same "
                       "setup", from->dir, from->nstores, ck->dir, ck->nstores);
    if (!a->have_size || !b->have_size || a->range_size != b->range_size)
        return err_set(err, "the remote store of %s (store%u, %s) is not the size of %s's "
                       "(store%u, %s): not a checkpoint of the same setup", from->dir,
                       b->section, b->have_size ? size_format(b->range_size, s1, sizeof s1)
                       : "no range_size", ck->dir, a->section,
                       a->have_size ? size_format(a->range_size, s2, sizeof s2) : "no range_size");
    if (!b->file_exists)
        return err_set(err, "%s: the remote store's file %s is missing", from->dir,
                       b->filename ? b->filename : "(no filename key)");
    return 0;
}

static void describe(struct kb_fix_plan *p, const struct ckpt *ck, const struct ckpt *from,
                     const struct store_fix *f)
{
    const struct ckpt_store *a = &ck->stores[f->n], *b = &from->stores[f->m];
    char sz[32], bak[KB_FIX_PATH + 32];
    file_backup_path(a->file_path, bak, sizeof bak);
    kb_fix_say(p, "store%u of %s (%s, the remote memory, %s) becomes a copy of store%u of %s "
               "(%s, the same size); its other stores and the CPU state stay as they are. "
               "The original is kept as %s (and m5.cpt as m5.cpt" FILE_BACKUP_SUFFIX " if its "
               "filename key changes)", a->section, ck->dir,
               ck->map.stores[a->map_index].name, size_format(a->range_size, sz, sizeof sz),
               b->section, from->dir, b->file_path, bak);
}

static int plan_pair(struct kb_fix_plan *p, struct store_fix *f, char *err)
{
    struct ckpt *ck = NULL, *from = NULL;
    char cpt[KB_FIX_PATH + 8];
    int rc = ckpt_open(f->dir, NULL, &ck, err);
    if (rc == 0)
        rc = ckpt_open(f->from, NULL, &from, err);
    if (rc == 0)
        rc = remote_store(ck, &f->n, err);
    if (rc == 0)
        rc = remote_store(from, &f->m, err);
    if (rc == 0)
        rc = check_not_kvm(from, err);
    if (rc == 0)
        rc = check_setup(ck, from, f->n, f->m, err);
    if (rc == 0 && stat(ck->stores[f->n].file_path, &f->st) != 0)
        memset(&f->st, 0, sizeof f->st);      /* missing: replacing it is the fix */
    if (rc == 0 && path_join(cpt, sizeof cpt, f->dir, "m5.cpt") == 0)
        rc = patch_fingerprint_file(cpt, f->cpt_fp, err);
    if (rc == 0)
        describe(p, ck, from, f);
    ckpt_close(ck);
    ckpt_close(from);
    return rc;
}

int kb_fix_plan_store(const char *args, const struct kb_fix_opts *o, struct kb_fix_plan *p,
                      char *err)
{
    (void)args;
    struct store_fix *f = calloc(1, sizeof *f);
    if (!f)
        return err_set(err, "out of memory");
    p->priv = f;
    if (!o->from)
        return err_set(err, "%s", how);
    if (kb_fix_checkpoint(o, "replace-remote-store", f->dir, sizeof f->dir, err) != 0)
        return -1;
    snprintf(f->from, sizeof f->from, "%s", o->from);
    return plan_pair(p, f, err);
}

/* Whether the checkpoint is still what the plan saw: m5.cpt's bytes and the store file. */
static int unchanged(const struct store_fix *f, char *err)
{
    char cpt[KB_FIX_PATH + 8], fp[PATCH_FP_LEN];
    struct ckpt *ck;
    struct stat st;
    if (path_join(cpt, sizeof cpt, f->dir, "m5.cpt") != 0 ||
        patch_fingerprint_file(cpt, fp, err) != 0)
        return -1;
    if (strcmp(fp, f->cpt_fp) != 0)
        return err_set(err, "%s changed since the plan; plan the fix again", cpt);
    if (ckpt_open(f->dir, NULL, &ck, err) != 0)
        return -1;
    int gone = stat(ck->stores[f->n].file_path, &st) != 0;
    bool same = gone ? f->st.st_ino == 0 : st.st_ino == f->st.st_ino &&
                st.st_size == f->st.st_size && st.st_mtime == f->st.st_mtime;
    int rc = same ? 0 : err_set(err, "%s changed since the plan; plan the fix again",
                                ck->stores[f->n].file_path);
    ckpt_close(ck);
    return rc;
}

int kb_fix_apply_store(struct kb_fix_plan *p, char *done, size_t cap, char *err)
{
    struct store_fix *f = p->priv;
    struct ckpt_edit_result r;
    char bak[KB_FIX_PATH + 32];
    if (unchanged(f, err) != 0 ||
        ckpt_replace_store(f->dir, NULL, f->n, f->from, f->m, false, NULL, &r, err) != 0)
        return -1;
    file_backup_path(r.store_path, bak, sizeof bak);
    int at = snprintf(done, cap, "wrote %s, a copy of %s; the original is kept as %s", r.store_path,
                      r.source_path, bak);
    if (r.cpt_changed && at > 0 && (size_t)at < cap)
        snprintf(done + at, cap - (size_t)at, ", and m5.cpt (its filename key was %s) as "
                 "%s/m5.cpt" FILE_BACKUP_SUFFIX, r.old_filename, f->dir);
    return 0;
}

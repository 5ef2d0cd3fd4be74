/* What a restore script must say about a checkpoint, read from the checkpoint itself:
 * its absolute path, the remote memory's range and SimObject, the SST memory size that
 * covers it, the local memory size, and what would make the restore fail. */
#include "core/workflow/sstscript.h"
#include "core/workflow/sstscript_impl.h"
#include "core/checkpoint/checkpoint.h"
#include "core/util/err.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define GiB (1ULL << 30)

#define WARN(f, ...) sst_list_add(&(f)->warnings, &(f)->nwarnings, __VA_ARGS__)

static bool sst_type(const char *type)
{
    return !strcmp(type, "OutgoingRequestBridge") || !strcmp(type, "ExternalMemory");
}

/* The SST bridge's loader (since 7d4cb1dc8e) copies the remote store in whole GiB. */
static void check_remote_size(struct sst_facts *f)
{
    uint64_t size = f->range_end - f->range_start;
    char s[32];
    sst_size_text(size, s, sizeof s);
    if (size < GiB)
        WARN(f, "the remote memory is %s, under 1 GiB: the SST bridge loads it into SST in "
             "whole GiB and would load none of it; take the checkpoint with a remote memory "
             "of whole GiB", s);
    else if (size % GiB)
        WARN(f, "the remote memory is %s, not a whole number of GiB: the SST bridge loads "
             "whole GiB and would drop its last %llu bytes", s,
             (unsigned long long)(size % GiB));
}

static int remote_facts(struct sst_facts *f, const struct ckpt *ck)
{
    const struct mm_store *r = NULL;
    size_t nremote = 0;
    for (size_t i = 0; i < ck->map.nstores; i++)
        if (ck->map.stores[i].role == MM_ROLE_REMOTE && nremote++ == 0)
            r = &ck->map.stores[i];
    if (!r)
        return WARN(f, "%s has no remote memory in its config: the address range, SST memory "
                    "size and bridge name cannot be set from it", ck->dir);
    if (nremote > 1)
        WARN(f, "%s has %zu remote memories; the first, %s, is used", ck->dir, nremote, r->name);
    const struct mm_memory *m = &ck->map.mems[r->mems[0]];
    f->have_range = true;
    f->range_start = r->start;
    f->range_end = r->end;
    f->sst_mem_size = (r->end + GiB - 1) / GiB * GiB;
    f->gem5_only = !sst_type(m->type);
    f->remote_path = strdup(f->gem5_only ? r->name : m->path);
    f->remote_type = strdup(m->type);
    if (!f->remote_path || !f->remote_type)
        return -1;
    if (f->gem5_only)
        WARN(f, "%s was taken on the gem5-only board (its remote memory %s is %s, not an SST "
             "bridge): SST cannot restore it, the object names and store order differ; take "
             "the checkpoint again with --take-chpt=True --is-composable=True", ck->dir,
             r->name, m->type);
    check_remote_size(f);
    return 0;
}

static void local_facts(struct sst_facts *f, const struct ckpt *ck)
{
    for (size_t i = 0; i < ck->map.nstores; i++)
        if (ck->map.stores[i].role == MM_ROLE_LOCAL) {
            f->have_local = true;
            f->local_size += ck->map.stores[i].end - ck->map.stores[i].start;
        }
}

/* gem5Component splits its cmd at spaces, backslashes and quotes (ext/sst/gem5.cc). */
static void check_path(struct sst_facts *f)
{
    if (strpbrk(f->ckpt_dir, " \t\\'\""))
        WARN(f, "the checkpoint path '%s' has a space, quote or backslash: SST's gem5 "
             "component splits its command line at those, so gem5 would get a broken path; "
             "move or link the checkpoint to a path without them", f->ckpt_dir);
}

static int gather(struct sst_facts *f, const struct ckpt *ck)
{
    if (!ck->map.known &&
        WARN(f, "no config.json or config.ini was found beside %s (give it with --config): "
             "the remote memory's range is unknown", ck->dir))
        return -1;
    if (ck->map.known && remote_facts(f, ck) != 0)
        return -1;
    local_facts(f, ck);
    check_path(f);
    size_t nerr = ckpt_error_count(ck);
    for (size_t i = 0; i < ck->nproblems && nerr; i++)
        if (ck->problems[i].sev == CKPT_ERROR)
            return WARN(f, "%s has %zu problem%s a restore would hit (%s); see gem5wb cpt "
                        "verify", ck->dir, nerr, nerr == 1 ? "" : "s", ck->problems[i].text);
    return 0;
}

int sstscript_facts(const char *ckpt_dir, const struct sst_opts *o, struct sst_facts *f,
                    char *err)
{
    memset(f, 0, sizeof *f);
    char abs[PATH_MAX];
    /* an absolute path is kept as given: a link from a plain path to a checkpoint whose real
     * path has spaces is how a user gets it past the gem5 component's splitting */
    if (ckpt_dir[0] == '/' && strlen(ckpt_dir) < sizeof abs)
        strcpy(abs, ckpt_dir);
    else if (!realpath(ckpt_dir, abs))
        return err_sys(err, errno, "cannot find the checkpoint folder '%s'", ckpt_dir);
    struct ckpt *ck;
    if (ckpt_open(abs, o ? o->config : NULL, &ck, err) != 0)
        return -1;
    f->ckpt_dir = strdup(abs);
    int rc = f->ckpt_dir ? gather(f, ck) : -1;
    ckpt_close(ck);
    if (rc != 0) {
        sstscript_facts_free(f);
        return err_set(err, "out of memory reading the checkpoint %s", ckpt_dir);
    }
    return 0;
}

void sstscript_facts_free(struct sst_facts *f)
{
    free(f->ckpt_dir);
    free(f->remote_path);
    free(f->remote_type);
    sst_list_free(f->warnings, f->nwarnings);
    memset(f, 0, sizeof *f);
}

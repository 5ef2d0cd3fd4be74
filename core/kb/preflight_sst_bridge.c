/* The fork's SST bridge against the checkpoint: the store it reads, the init-phase volume
 * against MPI's int count, the backdoor's whole-GiB steps, and KVM state. */
#include "core/checkpoint/checkpoint.h"
#include "core/kb/preflight_impl.h"
#include "core/pmem/pmem_sst.h"
#include "core/util/size.h"
#include "core/workflow/fork.h"

#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BRIDGE_CC "src/sst/outgoing_request_bridge.cc"

void pf_fork_root(const char *script, char *buf, size_t cap)
{
    char real[PATH_MAX];
    const char *at = realpath(script, real) ? strstr(real, "/ext/sst/") : NULL;
    snprintf(buf, cap, "%.*s", at ? (int)(at - real) : 0, real);
}

static const struct ckpt_store *remote_store(const struct ckpt *ck)
{
    for (size_t i = 0; i < ck->nstores; i++) {
        long m = ck->stores[i].map_index;
        if (m >= 0 && ck->map.stores[m].role == MM_ROLE_REMOTE)
            return &ck->stores[i];
    }
    return NULL;
}

static const struct ckpt_store *store_named(const struct ckpt *ck, const char *file)
{
    for (size_t i = 0; i < ck->nstores; i++)
        if (ck->stores[i].filename && !strcmp(ck->stores[i].filename, file))
            return &ck->stores[i];
    return NULL;
}

/* The 2024-03 bridges read cpDir/<physical_memory_file>, whatever the remote store is. */
static const struct ckpt_store *bridge_store(struct pf_ctx *c, const struct ckpt *ck,
                                             const struct fork_sst *b)
{
    const struct ckpt_store *r = remote_store(ck), *read = store_named(ck, b->pmem_file);
    char where[64];
    snprintf(where, sizeof where, "%s:%d", BRIDGE_CC, b->pmem_line);
    if (!read)
        pf_add(c, PF_FAIL, "sst-bridge-store", ck->dir, 0, "the bridge reads %s/%s (%s), which "
               "the checkpoint does not have: SST's memory starts empty", ck->dir, b->pmem_file,
               where);
    else if (!r)
        pf_add(c, PF_WARN, "sst-bridge-store", ck->dir, 0, "the bridge reads %s (%s); which "
               "store is the remote memory is unknown without the run's config", b->pmem_file,
               where);
    else if (r != read)
        pf_add(c, PF_FAIL, "sst-bridge-store", ck->dir, 0, "the bridge reads %s (%s) but the "
               "remote memory of %s is [%s] (%s): SST gets the wrong memory's bytes", b->pmem_file,
               where, ck->dir, r->section_name, r->filename);
    else
        pf_add(c, PF_OK, "sst-bridge-store", ck->dir, 0, "the bridge reads %s (%s), the remote "
               "memory's store", b->pmem_file, where);
    return read;
}

static void volume(struct pf_ctx *c, const struct ckpt *ck, const struct ckpt_store *s,
                   enum pmem_bridge kind, int ranks)
{
    struct pmem_sst_init p;
    char a[32], mpi[32];
    pmem_sst_predict(s->range_size, kind, &p);
    size_format(p.largest_phase, a, sizeof a);
    size_format(PMEM_MPI_COUNT_MAX, mpi, sizeof mpi);
    if (!p.exceeds_mpi)
        pf_add(c, PF_OK, "sst-init-volume", ck->dir, 0, "SST's busiest init phase carries %s, "
               "within MPI's count of 2^31-1 bytes", a);
    else if (ranks == 1)
        pf_add(c, PF_INFO, "sst-init-volume", ck->dir, 0, "init phase 1 carries all %s of %s: "
               "fine with 1 rank, but more than 1 rank (mpirun) would stop with MPI_ERR_COUNT",
               a, s->filename);
    else
        pf_add(c, ranks > 1 ? PF_FAIL : PF_WARN, "sst-init-volume", ck->dir, 0, "the %s bridge "
               "(%s) sends all %" PRIu64 " bytes (%s) of %s in init phase 1, more than MPI's "
               "count of 2^31-1 bytes: %s stops with MPI_ERR_COUNT", pmem_bridge_name(kind),
               pmem_bridge_commits(kind), p.largest_phase, a, s->filename,
               ranks > 1 ? "mpirun with these ranks" : "run under mpirun with more than 1 rank, "
               "SST");
}

static void chunking(struct pf_ctx *c, const struct ckpt *ck)
{
    const struct ckpt_store *r = remote_store(ck);
    struct pmem_sst_init p;
    char a[32];
    if (!r || !r->have_size)
        return;
    pmem_sst_predict(r->range_size, PMEM_BRIDGE_BACKDOOR, &p);
    size_format(r->range_size, a, sizeof a);
    if (p.loads_nothing)
        pf_add(c, PF_FAIL, "sst-remote-chunking", ck->dir, 0, "the remote memory [%s] is %s, "
               "under 1 GiB: the backdoor loader copies whole GiB and loads none of it into SST",
               r->section_name, a);
    else if (p.dropped)
        pf_add(c, PF_WARN, "sst-remote-chunking", ck->dir, 0, "the remote memory [%s] is %s, "
               "not whole GiB: the backdoor loader copies whole GiB and drops its last %" PRIu64
               " bytes", r->section_name, a, p.dropped);
    else
        pf_add(c, PF_OK, "sst-remote-chunking", ck->dir, 0, "the remote memory is %s, whole GiB",
               a);
}

static void kvm(struct pf_ctx *c, const struct ckpt *ck, enum fork_bridge b)
{
    if (b == FORK_BRIDGE_BACKDOOR)
        pf_cpt_kvm(c, ck, PF_INFO, ": the backdoor loader (7d4cb1dc8e and later) sends what "
                   "gem5 restored, so that is fine");
    else
        pf_cpt_kvm(c, ck, PF_WARN, ": before 7d4cb1dc8e the bridge loaded KVM checkpoints "
                   "into SST's memory wrong (checkpoints.md Known Issue 2); restore one taken "
                   "with the atomic CPU, or swap in its remote store");
}

static void by_bridge(struct pf_ctx *c, const struct ckpt *ck, const struct pf_sst *s)
{
    const struct fork_sst *b = &s->fork->sst;
    const struct ckpt_store *read;
    switch (b->bridge) {
    case FORK_BRIDGE_BACKDOOR:
        pf_add(c, PF_OK, "sst-bridge-store", ck->dir, 0, "the responder (%s:%d) loads the "
               "remote memory from its own restored store", b->bridge_path, b->bridge_line);
        pf_add(c, PF_OK, "sst-init-volume", ck->dir, 0, "the backdoor loader sends 1 GiB per "
               "init phase, within MPI's count");
        chunking(c, ck);
        break;
    case FORK_BRIDGE_INITDATA_4M:
    case FORK_BRIDGE_INITDATA_64:
        if ((read = bridge_store(c, ck, b)) && read->have_size)
            volume(c, ck, read, b->bridge == FORK_BRIDGE_INITDATA_4M ? PMEM_BRIDGE_INITDATA
                                                                   : PMEM_BRIDGE_INITDATA_64,
                   s->ranks);
        break;
    default:
        pf_add(c, PF_INFO, "sst-bridge-store", ck->dir, 0, "the fork's bridge is %s (%s): "
               "gem5wb predicts nothing about its loading", fork_bridge_name(b->bridge),
               b->bridge_path[0] ? b->bridge_path : "no bridge source found");
    }
    kvm(c, ck, b->bridge);
}

void pf_sst_bridge(struct pf_ctx *c, const struct ckpt *ck, const struct pf_sst *s)
{
    if (s->fork) {
        by_bridge(c, ck, s);
        return;
    }
    pf_add(c, PF_INFO, "sst-bridge-store", ck->dir, 0, "which bridge SST runs is unknown (the "
           "script is not inside a gem5 fork's ext/sst): the store it reads and the init-data "
           "volume are not checked");
    chunking(c, ck);
    pf_cpt_kvm(c, ck, PF_WARN, ": fork commits before 7d4cb1dc8e loaded KVM checkpoints into "
               "SST's memory wrong (checkpoints.md Known Issue 2)");
}

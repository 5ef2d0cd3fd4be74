/* A checkpoint before a restore: its folder, each store's decoded size against range_size
 * (short stores restore as zeros, other memory sizes stop gem5), and KVM CPUs. */
#include "core/checkpoint/checkpoint.h"
#include "core/kb/preflight_impl.h"
#include "core/pmem/pmem.h"
#include "core/util/err.h"
#include "core/util/size.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

bool pf_cpt_dir(struct pf_ctx *c, const char *dir)
{
    struct stat st;
    char cpt[4200];
    snprintf(cpt, sizeof cpt, "%s/m5.cpt", dir);
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        pf_add(c, PF_FAIL, "cpt-dir", dir, 0, "the checkpoint folder %s does not exist", dir);
    else if (stat(cpt, &st) != 0)
        pf_add(c, PF_FAIL, "cpt-dir", dir, 0, "%s has no m5.cpt: it is not a checkpoint "
               "(gem5 stops with \"Can't load checkpoint file\")", dir);
    else {
        pf_add(c, PF_OK, "cpt-dir", dir, 0, "%s holds m5.cpt", dir);
        return true;
    }
    return false;
}

/* The decoded size: the page-map cache's when it knows this file, else a scan. */
static int decoded_size(const struct ckpt_store *s, uint64_t *size, char *err)
{
    struct pmem_open_opts o = { .size_hint = s->range_size };
    struct pmem *pm;
    struct pmem_info info = { 0 };
    if (pmem_open(s->file_path, &o, &pm, err) == 0) {
        pmem_info(pm, &info);
        pmem_close(pm);
    }
    if (info.size_known) {
        *size = info.size;
        return 0;
    }
    struct store_scan scan;
    if (store_scan(s->file_path, &scan, NULL, NULL, err) != 0)
        return -1;
    *size = scan.decoded_bytes;
    return 0;
}

/* Against the memory the config beside the checkpoint gives it: gem5's own fatal. */
static bool map_size(struct pf_ctx *c, const struct ckpt *ck, const struct ckpt_store *s)
{
    if (s->map_index < 0 || !s->have_size)
        return true;
    const struct mm_store *m = &ck->map.stores[s->map_index];
    if (m->end - m->start == s->range_size)
        return true;
    pf_add(c, PF_FAIL, "cpt-range-sizes", ck->cpt_path, 0, "[%s] range_size=%" PRIu64 " but %s "
           "in %s is %" PRIu64 " bytes: gem5 stops with \"Memory range size has changed! Saw %"
           PRIu64 ", expected %" PRIu64 "\"", s->section_name, s->range_size, m->name,
           ck->map.config_file, m->end - m->start, s->range_size, m->end - m->start);
    return false;
}

static bool store_size(struct pf_ctx *c, const struct ckpt *ck, const struct ckpt_store *s)
{
    char err[ERR_LEN], a[32], b[32];
    uint64_t size;
    if (!s->file_exists) {
        pf_add(c, PF_FAIL, "cpt-store-file", s->file_path, 0, "the store file %s of [%s] is "
               "missing: gem5 stops with \"Can't open physical memory checkpoint file\"",
               s->file_path ? s->file_path : "(no filename)", s->section_name);
        return false;
    }
    if (!s->have_size)
        return true;
    if (decoded_size(s, &size, err) != 0) {
        pf_add(c, PF_FAIL, "cpt-range-sizes", s->file_path, 0, "%s", err);
        return false;
    }
    if (size == s->range_size)
        return map_size(c, ck, s);
    size_format(size, a, sizeof a);
    size_format(s->range_size, b, sizeof b);
    pf_add(c, size < s->range_size ? PF_FAIL : PF_WARN, "cpt-range-sizes", s->file_path, 0,
           "%s decodes to %" PRIu64 " bytes (%s) but [%s] range_size is %" PRIu64 " (%s): %s",
           s->file_path, size, a, s->section_name, s->range_size, b, size < s->range_size
           ? "gem5 restores the rest as zeros without a word" : "gem5 ignores the bytes past it");
    return false;
}

void pf_cpt_sizes(struct pf_ctx *c, const struct ckpt *ck)
{
    size_t good = 0;
    for (size_t i = 0; i < ck->nstores; i++)
        good += store_size(c, ck, &ck->stores[i]);
    if (good == ck->nstores)
        pf_add(c, PF_OK, "cpt-range-sizes", ck->cpt_path, 0, "the %zu store files of %s decode "
               "to their range_size%s", ck->nstores, ck->dir,
               ck->map.known ? ", which the run's config gives their memories" : "");
}

void pf_cpt_kvm(struct pf_ctx *c, const struct ckpt *ck, enum pf_sev sev, const char *why)
{
    size_t kvm = 0, known = 0;
    const char *first = NULL, *type = NULL;
    for (size_t i = 0; i < ck->ncpus; i++) {
        known += ck->cpus[i].type[0] != '\0';
        if (strstr(ck->cpus[i].type, "Kvm") && !kvm++) {
            first = ck->cpus[i].section;
            type = ck->cpus[i].type;
        }
    }
    if (kvm)
        pf_add(c, sev, "cpt-kvm-cpu", ck->cpt_path, 0, "%s was taken with %zu KVM CPU%s (%s, "
               "[%s])%s", ck->dir, kvm, kvm == 1 ? "" : "s", type, first, why);
    else if (known)
        pf_add(c, PF_OK, "cpt-kvm-cpu", ck->cpt_path, 0, "%s was taken with %s CPUs", ck->dir,
               ck->cpus[0].type);
    else
        pf_add(c, PF_INFO, "cpt-kvm-cpu", ck->cpt_path, 0, "the CPU types of %s are unknown "
               "(no config.json or config.ini beside it)", ck->dir);
}

struct ckpt *pf_checkpoint(struct pf_ctx *c, const char *dir, const char *cpt_path)
{
    char cpt[4200], err[ERR_LEN];
    snprintf(cpt, sizeof cpt, "%s/m5.cpt", dir);
    pf_cpt_text(c, cpt_path ? cpt_path : cpt);
    struct ckpt *ck;
    if (ckpt_open(dir, NULL, &ck, err) != 0) {
        pf_add(c, PF_FAIL, "cpt-dir", cpt, 0, "%s", err);
        return NULL;
    }
    pf_cpt_sizes(c, ck);
    return ck;
}

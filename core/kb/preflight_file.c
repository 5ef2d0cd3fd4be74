/* Pre-flight checks of one file, by what it holds: an m5.cpt (or its checkpoint folder), an
 * SST restore script (against the checkpoint it names), or a gem5 config. */
#include "core/checkpoint/checkpoint.h"
#include "core/kb/preflight_impl.h"
#include "core/util/err.h"
#include "core/util/fileio.h"
#include "core/workflow/sstscript.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SNIFF_BYTES 65536

enum kind { K_UNKNOWN, K_CPT, K_SST_SCRIPT, K_CONFIG };

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && !strcmp(s + n - k, suffix);
}

/* By its name first (m5.cpt, *.py), then by the first bytes. */
static enum kind sniff(const char *path)
{
    char head[SNIFF_BYTES + 1];
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    ssize_t n = fd >= 0 ? read(fd, head, SNIFF_BYTES) : -1;
    if (fd >= 0)
        close(fd);
    head[n > 0 ? n : 0] = '\0';
    if (ends_with(path, "/m5.cpt") || !strcmp(path, "m5.cpt") ||
        !strncmp(head, "## checkpoint generated", 23) || strstr(head, "[root.globals]"))
        return K_CPT;
    if (strstr(head, "import sst") || strstr(head, "sst.Component("))
        return K_SST_SCRIPT;
    if (ends_with(path, ".py") || strstr(head, "import m5") || strstr(head, "from gem5"))
        return K_CONFIG;
    return K_UNKNOWN;
}

/* The checkpoint beside an m5.cpt: KVM matters when its remote memory is an SST bridge. */
static void cpt_file(struct pf_ctx *c, const char *path)
{
    char dir[4096];
    path_parent(path, dir, sizeof dir);
    struct ckpt *ck = pf_checkpoint(c, dir, path);
    if (!ck)
        return;
    bool sst = false;
    for (size_t i = 0; i < ck->map.nmems; i++)
        sst |= !strcmp(ck->map.mems[i].type, "OutgoingRequestBridge") ||
               !strcmp(ck->map.mems[i].type, "ExternalMemory");
    pf_cpt_kvm(c, ck, sst ? PF_WARN : PF_INFO, sst
               ? ": SST restores on fork commits before 7d4cb1dc8e load KVM checkpoints into SST's "
                 "memory wrong (checkpoints.md Known Issue 2)"
               : ": it was taken on a gem5-only board, which gem5 restores as it is");
    ckpt_close(ck);
}

/* Relative checkpoint paths in an SST script are relative to ext/sst, where sst runs. */
static void script_ckpt(const char *script, const char *root, const char *named, char *out,
                        size_t cap)
{
    char base[4200];
    if (named[0] == '/')
        snprintf(out, cap, "%s", named);
    else {
        if (root[0])
            snprintf(base, sizeof base, "%s/ext/sst", root);
        else
            path_parent(script, base, sizeof base);
        snprintf(out, cap, "%s/%s", base, named);
    }
}

static void sst_file(struct pf_ctx *c, const char *path)
{
    char named[4096], ckpt[8400], root[4096], err[ERR_LEN];
    unsigned line;
    if (sstscript_checkpoint(path, named, sizeof named, &line, err) != 0) {
        pf_add(c, PF_FAIL, "sst-script-ckpt", path, 0, "%s", err);
        return;
    }
    pf_fork_root(path, root, sizeof root);
    script_ckpt(path, root, named, ckpt, sizeof ckpt);
    if (!pf_cpt_dir(c, ckpt)) {         /* said of the script's line that names it */
        struct pf_finding *f = &c->out->items[c->out->n - 1];
        snprintf(f->file, sizeof f->file, "%.*s", (int)sizeof f->file - 1, path);
        f->line = (int)line;
        return;
    }
    struct fork_probe probe = { .nconfigs = 0 };
    struct pf_sst s = { .fork = NULL };
    if (root[0] && fork_probe_run(root, &probe, err) == 0)
        s.fork = &probe;
    struct ckpt *ck = pf_checkpoint(c, ckpt, NULL);
    pf_sst_script(c, path, ckpt, &s);
    if (ck)
        pf_sst_bridge(c, ck, &s);
    ckpt_close(ck);
    fork_probe_free(&probe);
}

static void config_file(struct pf_ctx *c, const char *path)
{
    pf_config_syntax(c, path);
    pf_config_paths(c, path, NULL);
    pf_config_cpu(c, path);
}

int preflight_file(const char *path, const struct kb *kb, struct pf_report *out, char *err)
{
    struct stat st;
    char cpt[4200];
    if (stat(path, &st) != 0)
        return err_sys(err, errno, "%s cannot be checked", path);
    if (S_ISDIR(st.st_mode)) {
        snprintf(cpt, sizeof cpt, "%s/m5.cpt", path);
        if (stat(cpt, &st) != 0)
            return err_set(err, "%s is a folder without an m5.cpt: give a checkpoint folder, "
                           "an m5.cpt, an SST script or a gem5 config", path);
        path = cpt;
    }
    struct pf_ctx c = { .kb = kb, .out = out };
    switch (sniff(path)) {
    case K_CPT: cpt_file(&c, path); break;
    case K_SST_SCRIPT: sst_file(&c, path); break;
    case K_CONFIG: config_file(&c, path); break;
    default:
        return err_set(err, "%s is not an m5.cpt, an SST restore script or a gem5 config (by "
                       "its name and first bytes)", path);
    }
    return pf_done(&c, err);
}

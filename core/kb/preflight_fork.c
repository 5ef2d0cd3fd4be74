/* The fork probe's word on the files a step runs: a config that does not parse or was renamed
 * away, and the SST responder's memory type against the object the restore config builds. */
#include "core/kb/preflight_impl.h"
#include "core/util/err.h"
#include "core/workflow/fork.h"

#include <stdio.h>
#include <string.h>

bool pf_fork_probe(struct pf_ctx *c, const char *gem5_dir, struct fork_probe *p)
{
    char err[ERR_LEN];
    if (fork_probe_run(gem5_dir, p, err) == 0)
        return true;
    pf_add(c, PF_FAIL, "step-plan", gem5_dir, 0, "%s", err);
    return false;
}

static bool listed(const char *path, const char *const *paths, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (paths[i] && !strcmp(paths[i], path))
            return true;
    return false;
}

static void finding(struct pf_ctx *c, const struct fork_probe *p, const char *check,
                    const struct fork_finding *f)
{
    char file[sizeof p->dir + FORK_PATH_LEN + 2];
    snprintf(file, sizeof file, "%s/%s", p->dir, f->path);
    pf_add(c, PF_FAIL, check, file, f->line, "%s%s%s", f->what, f->fix[0] ? "; fix: " : "",
           f->fix);
}

void pf_fork_findings(struct pf_ctx *c, const struct fork_probe *p, const char *const *paths,
                      size_t n)
{
    size_t before = c->out->n;
    for (size_t i = 0; i < p->nfindings; i++) {
        const struct fork_finding *f = &p->findings[i];
        if (!listed(f->path, paths, n))
            continue;
        if (!strcmp(f->id, "config-syntax-error") || !strcmp(f->id, "sst-script-config-broken"))
            finding(c, p, "fork-config-syntax", f);
        else if (!strcmp(f->id, "sst-script-config-missing"))
            finding(c, p, "fork-config-renamed", f);
    }
    if (c->out->n == before)
        pf_add(c, PF_OK, "fork-config-syntax", p->dir, 0, "what the step runs is at this commit "
               "and parses%s", p->python ? "" : " (as far as known: Python did not check it)");
}

void pf_fork_responder(struct pf_ctx *c, const struct fork_probe *p, const char *config)
{
    const struct fork_config *fc = fork_config_get(p, config);
    enum fork_mem want = p->sst.responder;
    char cc[sizeof p->dir + 48];
    snprintf(cc, sizeof cc, "%s/ext/sst/sst_responder_subcomponent.cc", p->dir);
    if (!fc || want == FORK_MEM_UNKNOWN || fc->memory == FORK_MEM_UNKNOWN ||
        fc->memory == FORK_MEM_NONE) {
        pf_add(c, PF_INFO, "fork-responder", cc, 0, "whether the SST responder takes the "
               "memory object %s builds is unknown", config);
        return;
    }
    if (fc->memory == want) {
        pf_add(c, PF_OK, "fork-responder", cc, p->sst.responder_line, "the SST responder "
               "and %s both use %s", config, fork_mem_name(want));
        return;
    }
    const struct fork_finding *f = fork_finding_get(p, "responder-mismatch");
    pf_add(c, PF_FAIL, "fork-responder", cc, p->sst.responder_line, "ext/sst/"
           "sst_responder_subcomponent.cc (line %d) casts its receiver to %s but %s builds an %s "
           "(%s): SST crashes in init phase 0 on a NULL receiver%s%s", p->sst.responder_line,
           fork_mem_name(want), config, fork_mem_name(fc->memory), fc->memory_path,
           f && f->fix[0] ? "; fix: " : "", f ? f->fix : "");
}

bool pf_fork_param(struct pf_ctx *c, const struct fork_probe *p, const char *param,
                   const char *value, enum fork_purpose purpose)
{
    char path[sizeof p->dir + FORK_PATH_LEN + 2], err[ERR_LEN];
    struct fork_choice ch;
    snprintf(path, sizeof path, "%s/%s", p->dir, value);
    FILE *f = fopen(path, "r");
    if (f) {
        fclose(f);
        return true;
    }
    bool alt = fork_choose(p, purpose, &ch, err) == 0;
    pf_add(c, PF_FAIL, "fork-config-renamed", path, 0, "%s is %s, which does not exist at this "
           "commit (the fork renamed its configs more than once)%s%s%s", param, value,
           alt ? "; this commit has " : "", alt ? ch.path : "", alt ? " for it" : "");
    return false;
}

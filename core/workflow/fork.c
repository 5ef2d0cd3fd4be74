/* The fork probe as a whole: runs the stages over a gem5 tree, owns their results, and
 * names the enums for the faces. */
#include "core/workflow/fork_impl.h"

#include "core/util/err.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct fork_finding *fork_add(struct fork_probe *p, enum fork_sev sev, const char *id,
                              const char *path, int line)
{
    static _Thread_local struct fork_finding scratch;
    if (p->nfindings == p->cap_findings) {
        size_t cap = p->cap_findings ? 2 * p->cap_findings : 16;
        struct fork_finding *f = realloc(p->findings, cap * sizeof *f);
        if (!f) {
            p->oom = true;
            memset(&scratch, 0, sizeof scratch);
            return &scratch;
        }
        p->findings = f;
        p->cap_findings = cap;
    }
    struct fork_finding *f = &p->findings[p->nfindings++];
    memset(f, 0, sizeof *f);
    f->sev = sev;
    fork_fmt(f->id, sizeof f->id, "%s", id);
    fork_fmt(f->path, sizeof f->path, "%s", path ? path : "");
    f->line = line;
    return f;
}

/* A gem5 tree of the fork has at least one of these. */
static int check_tree(const char *dir, char *err)
{
    struct stat st;
    if (stat(dir, &st) != 0)
        return err_sys(err, errno, "cannot open the gem5 folder %s", dir);
    if (!S_ISDIR(st.st_mode))
        return err_set(err, "%s is not a folder: give the gem5 folder of darchr's fork", dir);
    static const char *const marks[] = { "ext/sst", "src/sst", "disaggregated_memory",
                                         "disaggregated_memory_v2" };
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
        if (fork_exists(dir, marks[i]))
            return 0;
    return err_set(err, "%s does not look like darchr's gem5 fork: it has no ext/sst, src/sst or "
                   "disaggregated_memory folder; clone it with `gem5wb clone`", dir);
}

int fork_probe_run_with(const char *gem5_dir, const struct fork_opts *opts,
                        struct fork_probe *out, char *err)
{
    static const struct fork_opts defaults = { 0 };
    memset(out, 0, sizeof *out);
    fork_fmt(out->dir, sizeof out->dir, "%s", gem5_dir);
    if (check_tree(gem5_dir, err) != 0)
        return -1;
    if (fork_probe_configs(out, err) != 0 || fork_probe_sst(out, err) != 0 ||
        fork_probe_scripts(out, err) != 0 || fork_probe_build(out, err) != 0)
        return -1;
    fork_probe_git(out);
    fork_probe_python(out, opts ? opts : &defaults);
    fork_check_scripts(out);
    fork_findings_tree(out);
    if (fork_findings_readme(out, err) != 0 || fork_findings_build(out, err) != 0)
        return -1;
    if (out->oom)
        return err_set(err, "out of memory while probing %s", gem5_dir);
    return 0;
}

int fork_probe_run(const char *gem5_dir, struct fork_probe *out, char *err)
{
    return fork_probe_run_with(gem5_dir, NULL, out, err);
}

void fork_probe_free(struct fork_probe *p)
{
    free(p->configs);
    free(p->scripts);
    free(p->findings);
    p->configs = NULL;
    p->scripts = NULL;
    p->findings = NULL;
    p->nconfigs = p->nscripts = p->nfindings = 0;
    p->cap_configs = p->cap_findings = 0;
}

const struct fork_config *fork_config_get(const struct fork_probe *p, const char *path)
{
    for (size_t i = 0; i < p->nconfigs; i++)
        if (!strcmp(p->configs[i].path, path))
            return &p->configs[i];
    return NULL;
}

const struct fork_finding *fork_finding_get(const struct fork_probe *p, const char *id)
{
    for (size_t i = 0; i < p->nfindings; i++)
        if (!strcmp(p->findings[i].id, id))
            return &p->findings[i];
    return NULL;
}

bool fork_config_has_option(const struct fork_config *c, const char *option)
{
    char probe[160];
    fork_fmt(probe, sizeof probe, " %s ", option);
    return strstr(c->options, probe) != NULL;
}

const char *fork_dialect_name(enum fork_dialect d)
{
    static const char *const n[] = { "none", "unified", "gem5-only-numa", "numa", "v2-main" };
    return d <= FORK_CFG_V2_MAIN ? n[d] : "?";
}

const char *fork_bridge_name(enum fork_bridge b)
{
    static const char *const n[] = { "unknown", "none", "checkpoint-section", "initdata-64",
                                      "initdata-4m", "backdoor" };
    return b <= FORK_BRIDGE_BACKDOOR ? n[b] : "?";
}

const char *fork_mem_name(enum fork_mem m)
{
    static const char *const n[] = { "unknown", "none", "OutgoingRequestBridge",
                                      "ExternalMemory" };
    return m <= FORK_MEM_EXTERNAL ? n[m] : "?";
}

const char *fork_parse_name(enum fork_parse s)
{
    static const char *const n[] = { "unknown", "ok", "error" };
    return s <= FORK_PARSE_ERROR ? n[s] : "?";
}

const char *fork_ckpt_at_text(enum fork_ckpt_at at)
{
    static const char *const n[] = { "unknown", "<outdir>/checkpoint", "<cwd>/<ckpt-file>",
                                      "<cwd>/<ckpt-file><instance>",
                                      "<cwd>/<outdir>/<ckpt-file><instance>" };
    return at <= FORK_AT_CWD_OUTDIR_FILE_INSTANCE ? n[at] : "?";
}

const char *fork_sev_name(enum fork_sev s)
{
    static const char *const n[] = { "info", "warning", "error" };
    return s <= FORK_ERROR ? n[s] : "?";
}

const char *fork_purpose_name(enum fork_purpose p)
{
    static const char *const n[] = { "take-gem5-only", "take-for-sst", "restore-gem5",
                                      "restore-sst" };
    return p < FORK_NPURPOSES ? n[p] : "?";
}

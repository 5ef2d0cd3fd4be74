/* Where checkpoints.md is wrong at the probed commit: each command line in its code blocks
 * checked against the files on disk (config present, parsing, options accepted), its step 5
 * edit target, and its notes on MPI, KVM checkpoints and building (workflow doc §0, §7). */
#include "core/workflow/fork_impl.h"

#include <stdlib.h>
#include <string.h>

struct readme {
    struct fork_probe *p;
    const char *name;             /* checkpoints.md path, for quotes */
    int step;                     /* the number of the last "N." item seen */
};

/* The purpose a README command serves, from its config's name and options. */
static enum fork_purpose cmd_purpose(const char *cfg, const char *line)
{
    bool take = strstr(line, "--take-ckpt=True") || strstr(line, "--take-chpt=True") ||
                strstr(line, "--take-ckpt True");
    if (strstr(cfg, "gem5-only"))
        return take ? FORK_TAKE_GEM5_ONLY : FORK_RESTORE_GEM5;
    return take ? FORK_TAKE_FOR_SST : FORK_RESTORE_SST_SCRIPT;
}

/* "use X: USAGE" for the purpose, or the reason nothing works. */
static void alternative(const struct fork_probe *p, enum fork_purpose u, char *buf, size_t len)
{
    struct fork_choice ch;
    char err[512];
    if (fork_choose(p, u, &ch, err) == 0)
        fork_fmt(buf, len, "use %s at this commit: %s", ch.path, ch.usage);
    else
        fork_fmt(buf, len, "%s", err);
}

static void option_checks(struct readme *r, const struct fork_config *c, const char *line,
                          int lineno, const char *opts)
{
    char buf[1024];
    fork_fmt(buf, sizeof buf, "%s", opts);
    for (char *save = NULL, *t = strtok_r(buf, " \t", &save); t; t = strtok_r(NULL, " \t", &save)) {
        if (strncmp(t, "--", 2) != 0 || fork_opt_accepts(c->options, t))
            continue;
        struct fork_finding *f = fork_add(r->p, FORK_WARN, "readme-option-rejected", c->path, 0);
        fork_fmt(f->what, sizeof f->what, "%s's argparse rejects `%s` (it takes%.*s)", c->path, t,
                 fork_list_len(c->options), c->options);
        fork_fmt(f->readme, sizeof f->readme, "%s:%d: %s", r->name, lineno, line);
        char *lt = strchr(t, '<');
        if (lt && !strchr(t, '='))
            fork_fmt(f->fix, sizeof f->fix, "write `%.*s=%s`", (int)(lt - t), t, lt);
        else
            fork_fmt(f->fix, sizeof f->fix, "drop or rename `%s`", t);
    }
}

/* Adds the README quote and the alternative to the config's syntax-error finding. */
static void broken_config(struct readme *r, const struct fork_config *c, const char *line,
                          int lineno, enum fork_purpose u)
{
    for (size_t i = 0; i < r->p->nfindings; i++) {
        struct fork_finding *f = &r->p->findings[i];
        if (strcmp(f->id, "config-syntax-error") || strcmp(f->path, c->path) || f->readme[0])
            continue;
        fork_fmt(f->readme, sizeof f->readme, "%s:%d: %s", r->name, lineno, line);
        char alt[400];
        alternative(r->p, u, alt, sizeof alt);
        size_t n = strlen(f->fix);
        fork_fmt(f->fix + n, sizeof f->fix - n, ", or %s", alt);
    }
}

/* The README line is what leads into these findings about script (or config) path. */
static void quote_into(struct readme *r, const char *path, const char *line, int lineno)
{
    static const char *const ids[] = { "responder-mismatch", "config-memory-mismatch",
                                       "sst-script-config-missing", "sst-script-config-broken",
                                       "sst-script-options-rejected", "sst-script-options-missing",
                                       "sst-script-checkpoint" };
    for (size_t i = 0; i < r->p->nfindings; i++) {
        struct fork_finding *f = &r->p->findings[i];
        bool id = false;
        for (size_t k = 0; k < sizeof ids / sizeof ids[0]; k++)
            id |= !strcmp(f->id, ids[k]);
        if (id && !f->readme[0] && (!strcmp(f->path, path) || strstr(f->what, path)))
            fork_fmt(f->readme, sizeof f->readme, "%s:%d: %s", r->name, lineno,
                     line + strspn(line, " \t"));
    }
}

static void gem5_command(struct readme *r, const char *line, int lineno)
{
    const char *py = strstr(line, ".py");
    if (!py)
        return;
    const char *start = py;
    while (start > line && start[-1] != ' ' && start[-1] != '\t')
        start--;
    char cfg[FORK_PATH_LEN];
    fork_fmt(cfg, sizeof cfg, "%.*s", (int)(py + 3 - start), start);
    enum fork_purpose u = cmd_purpose(cfg, line);
    const struct fork_config *c = fork_config_get(r->p, cfg);
    if (!c && !fork_exists(r->p->dir, cfg)) {
        struct fork_finding *f = fork_add(r->p, FORK_WARN, "readme-config-missing", cfg, 0);
        fork_fmt(f->what, sizeof f->what, "%s does not exist at this commit", cfg);
        fork_fmt(f->readme, sizeof f->readme, "%s:%d: %s", r->name, lineno, line);
        alternative(r->p, u, f->fix, sizeof f->fix);
        return;
    }
    if (c)
        quote_into(r, c->path, line, lineno);
    if (c && c->parse == FORK_PARSE_ERROR)
        broken_config(r, c, line, lineno, u);
    else if (c && c->options[0])
        option_checks(r, c, line, lineno, py + 3);
}

static void sst_command(struct readme *r, const char *line, int lineno)
{
    const char *py = strstr(line, ".py");
    const char *start = py;
    while (start > line && start[-1] != ' ')
        start--;
    char rel[FORK_PATH_LEN], script[FORK_PATH_LEN];
    fork_fmt(rel, sizeof rel, "%.*s", (int)(py + 3 - start), start);
    fork_rel_join("ext/sst", rel, script, sizeof script);
    if (script[0] && fork_exists(r->p->dir, script))
        quote_into(r, script, line, lineno);
    if (!script[0] || fork_exists(r->p->dir, script))
        return;
    struct fork_finding *f = fork_add(r->p, FORK_WARN, "readme-sst-script-missing", script, 0);
    fork_fmt(f->what, sizeof f->what, "%s does not exist at this commit", script);
    fork_fmt(f->readme, sizeof f->readme, "%s:%d: %s", r->name, lineno, line);
    alternative(r->p, FORK_RESTORE_SST_SCRIPT, f->fix, sizeof f->fix);
}

/* Step 5: edit the bridge's hard-coded pmem file. */
static void pmem_step(struct readme *r, const char *line, int lineno)
{
    const struct fork_sst *s = &r->p->sst;
    if (!fork_exists(r->p->dir, "src/sst/outgoing_request_bridge.cc"))
        return;
    struct fork_finding *f;
    if (s->pmem_file[0]) {
        f = fork_add(r->p, FORK_INFO, "bridge-pmem-file", "src/sst/outgoing_request_bridge.cc",
                     s->pmem_line);
        fork_fmt(f->what, sizeof f->what, "src/sst/outgoing_request_bridge.cc:%d reads %s from the "
                 "checkpoint folder for SST; step 5 applies", s->pmem_line, s->pmem_file);
        fork_fmt(f->fix, sizeof f->fix, "set it to the remote memory's store file (gem5wb cpt info "
                 "names it) and rebuild libgem5");
    } else {
        f = fork_add(r->p, FORK_WARN, "readme-pmem-edit", "src/sst/outgoing_request_bridge.cc", 0);
        fork_fmt(f->what, sizeof f->what, "src/sst/outgoing_request_bridge.cc has no "
                 "physical_memory_file (removed in 7d4cb1dc8e): %s",
                 s->bridge == FORK_BRIDGE_BACKDOOR ? "SST takes the remote memory from gem5's "
                 "restored store through a MemBackdoor" : "the bridge reads no pmem file");
        fork_fmt(f->fix, sizeof f->fix, "skip step 5: there is nothing to edit at this commit");
    }
    char step[24] = "";
    if (r->step)
        fork_fmt(step, sizeof step, "step %d: ", r->step);
    fork_fmt(f->readme, sizeof f->readme, "%s:%d: %sin outgoing_request_bridge.cc's unserialize(), "
             "modify `%s`", r->name, lineno, step, line + strspn(line, " \t"));
}

static void note(struct readme *r, enum fork_sev sev, const char *id, int lineno,
                 const char *line, const char *what, const char *fix)
{
    struct fork_finding *f = fork_add(r->p, sev, id, r->name, lineno);
    fork_fmt(f->what, sizeof f->what, "%s", what);
    fork_fmt(f->readme, sizeof f->readme, "%s:%d: %s", r->name, lineno, line + strspn(line, " \t"));
    fork_fmt(f->fix, sizeof f->fix, "%s", fix);
}

/* Remarks outside code blocks: the MPI error's name, Known Issue 2, the build steps. */
static void prose(struct readme *r, const char *line, int lineno)
{
    if (strstr(line, "MPI_ERROR_COUNT"))
        note(r, FORK_INFO, "readme-mpi-name", lineno, line, "OpenMPI's error class is "
             "MPI_ERR_COUNT: a message larger than 2^31-1 bytes (the whole remote memory sent in "
             "one init phase)", "search logs for MPI_ERR_COUNT; `gem5wb mem map` shows the "
             "largest phase per bridge version");
    if (strstr(line, "KVM checkpoints do not load") && r->p->sst.bridge == FORK_BRIDGE_BACKDOOR)
        note(r, FORK_INFO, "readme-kvm-issue", lineno, line, "Known Issue 2 predates 7d4cb1dc8e: "
             "at this commit SST copies the remote memory from gem5's restored store "
             "(MemBackdoor), not from a pmem file the bridge reads (unverified whether KVM "
             "checkpoints now load right)",
             "if a KVM checkpoint restores wrong, compare it with an atomic one (gem5wb mem "
             "diff); the workaround's store swap is gem5wb cpt replace-store");
    if (strstr(line, "# build libgem5") && r->p->build.install_md)
        note(r, FORK_INFO, "readme-build-steps", lineno, line, "the README gives no build "
             "commands; ext/sst/INSTALL.md holds the SST and libgem5 steps (written for RISCV)",
             "follow ext/sst/INSTALL.md with ARM in place of RISCV (gem5wb steps lists them)");
}

static void scan(struct readme *r, char *text)
{
    bool code = false;
    int lineno = 0;
    for (char *l = text; *l;) {
        char *nl = strchr(l, '\n');
        if (nl)
            *nl = '\0';
        if (nl && nl > l && nl[-1] == '\r')
            nl[-1] = '\0';
        lineno++;
        if (!strncmp(l + strspn(l, " \t"), "```", 3))
            code = !code;
        else if (code && strstr(l, "gem5.opt"))
            gem5_command(r, l, lineno);
        else if (code && strstr(l, "sst ") && strstr(l, ".py"))
            sst_command(r, l, lineno);
        else if (code && strstr(l, "physical_memory_file"))
            pmem_step(r, l, lineno);
        else
            prose(r, l, lineno);
        const char *d = l + strspn(l, " \t");
        if (!code && *d >= '1' && *d <= '9' && d[strspn(d, "0123456789")] == '.')
            r->step = atoi(d);
        if (!nl)
            break;
        l = nl + 1;
    }
}

int fork_findings_readme(struct fork_probe *p, char *err)
{
    char *text = NULL;
    if (!p->readme_path[0])
        return 0;
    int rc = fork_read(p->dir, p->readme_path, &text, err);
    if (rc <= 0)
        return rc;
    struct readme r = { .p = p, .name = p->readme_path };
    scan(&r, text);
    free(text);
    return 0;
}

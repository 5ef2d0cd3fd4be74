/* What is broken or worth knowing at the probed commit, whatever the README says: configs
 * that do not parse or lack a module, SST scripts that cannot run their config, a responder
 * that expects another memory object than the configs build, and the SST loader's limits. */
#include "core/workflow/fork_impl.h"

#include <string.h>

static void syntax_errors(struct fork_probe *p)
{
    for (size_t i = 0; i < p->nconfigs + p->nscripts; i++) {
        bool cfg = i < p->nconfigs;
        const struct fork_config *c = cfg ? &p->configs[i] : NULL;
        const struct fork_sst_script *s = cfg ? NULL : &p->scripts[i - p->nconfigs];
        if ((cfg ? c->parse : s->parse) != FORK_PARSE_ERROR)
            continue;
        const char *path = cfg ? c->path : s->path, *msg = cfg ? c->parse_msg : s->parse_msg;
        int line = cfg ? c->parse_line : s->parse_line;
        struct fork_finding *f = fork_add(p, FORK_ERROR, "config-syntax-error", path, line);
        fork_fmt(f->what, sizeof f->what, "%s does not parse: line %d: SyntaxError: %s", path,
                 line, msg);
        if (strstr(msg, "comma"))
            fork_fmt(f->fix, sizeof f->fix, "add the missing comma after the expression on line %d "
                     "of %s", line, path);
        else
            fork_fmt(f->fix, sizeof f->fix, "fix line %d of %s", line, path);
    }
}

static void missing_modules(struct fork_probe *p)
{
    for (size_t i = 0; i < p->nconfigs; i++) {
        const struct fork_config *c = &p->configs[i];
        if (c->memory != FORK_MEM_UNKNOWN || !c->memory_path[0])
            continue;
        struct fork_finding *f = fork_add(p, FORK_ERROR, "config-module-missing", c->path, 0);
        fork_fmt(f->what, sizeof f->what, "%s imports its remote memory from %s, which is missing",
                 c->path, c->memory_path);
        fork_fmt(f->fix, sizeof f->fix, "restore %s (git checkout -- %s)", c->memory_path,
                 c->memory_path);
    }
}

/* The scripts that run config c, as "a and b". */
static void runners(const struct fork_probe *p, const struct fork_config *c, char *buf, size_t len)
{
    buf[0] = '\0';
    for (size_t i = 0; i < p->nscripts; i++) {
        if (!p->scripts[i].run_present || strcmp(p->scripts[i].run_config, c->path))
            continue;
        size_t n = strlen(buf);
        fork_fmt(buf + n, len - n, "%s%s", n ? " and " : " ", p->scripts[i].path);
    }
}

static void mismatches(struct fork_probe *p)
{
    enum fork_mem resp = p->sst.responder;
    if (resp != FORK_MEM_BRIDGE && resp != FORK_MEM_EXTERNAL)
        return;
    for (size_t i = 0; i < p->nconfigs; i++) {
        const struct fork_config *c = &p->configs[i];
        if ((c->memory != FORK_MEM_BRIDGE && c->memory != FORK_MEM_EXTERNAL) || c->memory == resp)
            continue;
        char by[400];
        runners(p, c, by, sizeof by);
        struct fork_finding *f = fork_add(p, by[0] ? FORK_ERROR : FORK_WARN,
                                          by[0] ? "responder-mismatch" : "config-memory-mismatch",
                                          "ext/sst/sst_responder_subcomponent.cc",
                                          p->sst.responder_line);
        fork_fmt(f->what, sizeof f->what, "ext/sst/sst_responder_subcomponent.cc casts to %s but "
                 "%s builds an %s (%s:%d)%s%s: SST would crash in init phase 0 (NULL response "
                 "receiver)", fork_mem_name(resp), c->path, fork_mem_name(c->memory),
                 c->memory_path, c->memory_line, by[0] ? ", run by" : "", by);
        fork_mismatch_fix(p, c, f->fix, sizeof f->fix);
    }
}

/* The config that replaced a missing one of the same dialect (the renamed unified script). */
static const struct fork_config *successor(const struct fork_probe *p, const char *missing)
{
    enum fork_dialect d = fork_candidate_dialect(missing);
    for (size_t i = 0; d != FORK_CFG_NONE && i < p->nconfigs; i++)
        if (p->configs[i].candidate && p->configs[i].dialect == d)
            return &p->configs[i];
    return NULL;
}

static void script_missing_config(struct fork_probe *p, const struct fork_sst_script *s)
{
    const struct fork_config *next = successor(p, s->run_config);
    char rejected[256] = "";
    for (const char *t = s->passed; next && *t;) {
        char tok[128];
        while (*t == ' ')
            t++;
        size_t w = strcspn(t, " ");
        fork_fmt(tok, sizeof tok, "%.*s", (int)w, t);
        if (w && !fork_opt_accepts(next->options, tok))
            fork_list_add(rejected, sizeof rejected, tok);
        t += w;
    }
    struct fork_finding *f = fork_add(p, FORK_ERROR, "sst-script-config-missing", s->path,
                                      s->run_line);
    fork_fmt(f->what, sizeof f->what, "%s runs %s, which does not exist at this commit%s%s%s%.*s",
             s->path, s->run_script, rejected[0] ? "; its successor " : "", next && rejected[0] ?
             next->path : "", rejected[0] ? " rejects the options it passes:" : "",
             fork_list_len(rejected), rejected);
    if (next)
        fork_fmt(f->fix, sizeof f->fix, "set gem5_run_script (line %d) to ../../%s%s", s->run_line,
                 next->path, rejected[0] ? " and change the options to ones it takes, or use the "
                 "SST script `gem5wb fork` lists for restore-sst" : "");
    else
        fork_fmt(f->fix, sizeof f->fix, "point gem5_run_script (line %d) at an existing config, "
                 "or use the SST script `gem5wb fork` lists for restore-sst", s->run_line);
}

static void script_findings(struct fork_probe *p, const struct fork_sst_script *s)
{
    const struct fork_config *c = s->run_present ? fork_config_get(p, s->run_config) : NULL;
    struct fork_finding *f;
    if (s->run_line && !s->run_present)
        script_missing_config(p, s);
    if (c && c->parse == FORK_PARSE_ERROR) {
        f = fork_add(p, FORK_ERROR, "sst-script-config-broken", s->path, s->run_line);
        fork_fmt(f->what, sizeof f->what, "%s runs %s, which does not parse (line %d: %s)",
                 s->path, c->path, c->parse_line, c->parse_msg);
        fork_fmt(f->fix, sizeof f->fix, "fix line %d of %s", c->parse_line, c->path);
    }
    if (c && s->rejected[0]) {
        f = fork_add(p, FORK_ERROR, "sst-script-options-rejected", s->path, s->run_line);
        fork_fmt(f->what, sizeof f->what, "%s passes%.*s to %s, whose argparse rejects %s",
                 s->path, fork_list_len(s->rejected), s->rejected, c->path,
                 strchr(s->rejected + 1, ' ')[1] ? "them" : "it");
        fork_fmt(f->fix, sizeof f->fix, "change the cmd list of %s; %s takes%.*s", s->path,
                 c->path, fork_list_len(c->options), c->options);
    }
    if (c && s->missing[0]) {
        f = fork_add(p, FORK_ERROR, "sst-script-options-missing", s->path, s->run_line);
        fork_fmt(f->what, sizeof f->what, "%s does not pass%.*s, which %s requires", s->path,
                 fork_list_len(s->missing), s->missing, c->path);
        fork_fmt(f->fix, sizeof f->fix, "add%.*s to the cmd list of %s",
                 fork_list_len(s->missing), s->missing, s->path);
    }
}

/* The README's SST script restores a checkpoint at a path set by hand. */
static void script_checkpoint(struct fork_probe *p, const struct fork_sst_script *s)
{
    if (s->ckpt_kind == FORK_SST_CKPT_NONE || s->ckpt_present)
        return;
    struct fork_finding *f = fork_add(p, FORK_WARN, "sst-script-checkpoint", s->path, s->ckpt_line);
    if (s->ckpt_kind == FORK_SST_CKPT_DIR)
        fork_fmt(f->what, sizeof f->what, "%s restores the checkpoint %s (line %d), which does not "
                 "exist on this machine", s->path, s->ckpt, s->ckpt_line);
    else
        fork_fmt(f->what, sizeof f->what, "%s restores ext/sst/%s0 (--ckpt-file %s plus the "
                 "instance, relative to ext/sst), which does not exist", s->path, s->ckpt, s->ckpt);
    fork_fmt(f->fix, sizeof f->fix, "set it to your checkpoint (gem5wb's restore step writes a "
             "copy of the script with it set)");
}

static void loader(struct fork_probe *p)
{
    const struct fork_sst *s = &p->sst;
    struct fork_finding *f;
    if (s->bridge == FORK_BRIDGE_BACKDOOR) {
        f = fork_add(p, FORK_INFO, "sst-backdoor-loader", s->bridge_path, s->bridge_line);
        fork_fmt(f->what, sizeof f->what, "SST gets the remote memory from gem5's restored store "
                 "through a MemBackdoor, 1 GiB per odd init phase: a remote memory under 1 GiB "
                 "loads nothing and a tail past a whole GiB is dropped");
        fork_fmt(f->fix, sizeof f->fix, "give the remote memory a whole number of GiB");
    } else if (s->bridge == FORK_BRIDGE_INITDATA_64 || s->bridge == FORK_BRIDGE_INITDATA_4M) {
        f = fork_add(p, FORK_INFO, "sst-initdata-loader", s->bridge_path, s->bridge_line);
        fork_fmt(f->what, sizeof f->what, "the bridge reads %s from the checkpoint in %u-byte "
                 "pieces and SST receives all of it in init phase 1: a large remote memory under "
                 "mpirun overflows MPI (MPI_ERR_COUNT)", s->pmem_file, s->piece_bytes);
        fork_fmt(f->fix, sizeof f->fix, "run sst without mpirun, or check out 7d4cb1dc8e or later "
                 "(the backdoor loader)");
    }
}

static void tree_notes(struct fork_probe *p)
{
    struct fork_finding *f;
    if (p->dirty) {
        f = fork_add(p, FORK_INFO, "local-edits", "", 0);
        fork_fmt(f->what, sizeof f->what, "files differ from HEAD %.10s:%.*s; the probe read them "
                 "as they are on disk", p->commit, fork_list_len(p->edited), p->edited);
    }
    if (!p->python && p->python_note[0]) {
        f = fork_add(p, FORK_INFO, "parse-unchecked", "", 0);
        fork_fmt(f->what, sizeof f->what, "%s", p->python_note);
        fork_fmt(f->fix, sizeof f->fix, "install python3 (apt-get install python3)");
    }
}

int fork_findings_tree(struct fork_probe *p)
{
    syntax_errors(p);
    missing_modules(p);
    mismatches(p);
    for (size_t i = 0; i < p->nscripts; i++)
        script_findings(p, &p->scripts[i]);
    if (p->nscripts && !strcmp(p->scripts[0].path, "ext/sst/sst/checkpoints/arm_checkpoints.py"))
        script_checkpoint(p, &p->scripts[0]);
    loader(p);
    tree_notes(p);
    return 0;
}

/* Which config a workflow step should use at the probed commit, how to call it, and where
 * it writes its checkpoint; or, when none works, a sentence naming what is wrong and the fix. */
#include "core/workflow/fork_impl.h"

#include "core/util/err.h"

#include <string.h>

#define RANGE "4294967296,38654705664"

static bool usable(const struct fork_config *c)
{
    return c->parse != FORK_PARSE_ERROR && c->dialect != FORK_CFG_NONE;
}

static void usage_unified(const struct fork_config *c, enum fork_purpose u, char *buf, size_t len)
{
    const char *comp = fork_config_has_option(c, "--is-composable") ? "--is-composable"
                                                                     : "--is-remote";
    const char *restore = fork_config_has_option(c, "--restore-chpt") ? " --restore-chpt=True" : "";
    if (u == FORK_TAKE_GEM5_ONLY)
        fork_fmt(buf, len, "build/ARM/gem5.opt --outdir=OUT %s --take-chpt=True %s=False "
                 "--remote-memory-latency=750", c->path, comp);
    else if (u == FORK_RESTORE_GEM5)
        fork_fmt(buf, len, "build/ARM/gem5.opt --outdir=OUT %s --take-chpt=False%s %s=False "
                 "--chpt-dir=CKPT --remote-memory-latency=750", c->path, restore, comp);
    else
        fork_fmt(buf, len, "build/ARM/gem5.opt --outdir=OUT %s --take-chpt=True %s=True "
                 "--remote-memory-addr-range=" RANGE " --remote-memory-latency=750", c->path, comp);
}

static void usage_gem5_only(const struct fork_config *c, enum fork_purpose u, char *buf,
                            size_t len)
{
    bool dir = fork_config_has_option(c, "--ckpt-dir");
    const char *outdir = dir ? "--outdir=OUT " : "";
    if (u == FORK_RESTORE_GEM5)
        fork_fmt(buf, len, "build/ARM/gem5.opt %s%s --take-ckpt=False --restore-ckpt=True "
                 "%s=CKPT", outdir, c->path, dir ? "--ckpt-dir" : "--ckpt-file");
    else
        fork_fmt(buf, len, "build/ARM/gem5.opt %s%s --take-ckpt=True%s", outdir, c->path,
                 dir ? "" : " --ckpt-file=CKPT");
}

void fork_usage(const struct fork_config *c, enum fork_purpose u, char *buf, size_t len)
{
    bool take = u == FORK_TAKE_GEM5_ONLY || u == FORK_TAKE_FOR_SST;
    switch (c->dialect) {
    case FORK_CFG_UNIFIED:
        usage_unified(c, u, buf, len);
        break;
    case FORK_CFG_GEM5_ONLY_NUMA:
        usage_gem5_only(c, u, buf, len);
        break;
    case FORK_CFG_NUMA:
        fork_fmt(buf, len, "build/ARM/gem5.opt --outdir=OUT %s --cpu-clock-rate 3GHz --instance 0 "
                 "--cpu-type %s --local-memory-size 2GiB --remote-memory-addr-range " RANGE
                 " --remote-memory-latency 750 --take-ckpt=%s --ckpt-file=CKPT", c->path,
                 take ? "atomic" : "timing", take ? "True" : "False");
        break;
    case FORK_CFG_V2_MAIN:
        fork_fmt(buf, len, "build/ARM/gem5.opt --outdir=OUT %s --cpu-type %s --cpu-clock-rate 3GHz "
                 "--instance 0 --local-memory-size 2GiB --is-composable False "
                 "--remote-memory-addr-range " RANGE " --remote-memory-latency 750 --take-ckpt %s "
                 "--ckpt-file CKPT", c->path, take ? "atomic" : "timing", take ? "True" : "False");
        break;
    default:
        fork_fmt(buf, len, "build/ARM/gem5.opt %s", c->path);
    }
}

/* The fix for config c whose memory object the responder does not take. */
void fork_mismatch_fix(const struct fork_probe *p, const struct fork_config *c, char *buf,
                       size_t len)
{
    bool ext = p->sst.responder == FORK_MEM_EXTERNAL;
    const struct fork_config *alt = NULL;
    const struct fork_sst_script *via = NULL;
    for (size_t i = 0; i < p->nconfigs && !alt; i++)
        if (p->configs[i].memory == p->sst.responder && usable(&p->configs[i]))
            alt = &p->configs[i];
    for (size_t i = 0; alt && i < p->nscripts && !via; i++)
        if (!strcmp(p->scripts[i].run_config, alt->path))
            via = &p->scripts[i];
    fork_fmt(buf, len, "%s%s%s%s%s%s",
             ext ? "check out af5a333e7f (last commit whose responder takes an "
                   "OutgoingRequestBridge with the backdoor loader)"
                 : "check out c89e962e2a or later (its responder takes an ExternalMemory)",
             alt ? " or use " : "", alt ? alt->path : "", via ? " (run by " : "",
             via ? via->path : "", via ? ")" : "");
    (void)c;
}

/* Why script s cannot restore under SST and the fix (false when it can). */
static bool script_problem(const struct fork_probe *p, const struct fork_sst_script *s,
                           char *what, size_t wlen, char *fix, size_t flen)
{
    const struct fork_config *c = s->run_present ? fork_config_get(p, s->run_config) : NULL;
    enum fork_mem resp = p->sst.responder;
    fix[0] = '\0';
    if (s->parse == FORK_PARSE_ERROR) {
        fork_fmt(what, wlen, "%s does not parse (line %d: %s)", s->path, s->parse_line,
                 s->parse_msg);
        fork_fmt(fix, flen, "fix line %d of %s", s->parse_line, s->path);
    } else if (!s->run_line) {
        fork_fmt(what, wlen, "%s sets no gem5_run_script", s->path);
        fork_fmt(fix, flen, "set gem5_run_script in %s to the gem5 config to restore with",
                 s->path);
    } else if (!s->run_present || !c) {
        fork_fmt(what, wlen, "%s runs %s, which does not exist at this commit", s->path,
                 s->run_script);
        fork_fmt(fix, flen, "point gem5_run_script (line %d) at a config that exists", s->run_line);
    } else if (c->parse == FORK_PARSE_ERROR) {
        fork_fmt(what, wlen, "%s runs %s, which does not parse (line %d: %s)", s->path, c->path,
                 c->parse_line, c->parse_msg);
        fork_fmt(fix, flen, "fix line %d of %s", c->parse_line, c->path);
    } else if (s->rejected[0]) {
        fork_fmt(what, wlen, "%s passes%.*s, which %s rejects", s->path,
                 fork_list_len(s->rejected), s->rejected, c->path);
        fork_fmt(fix, flen, "edit the cmd list of %s; %s takes%.*s", s->path, c->path,
                 fork_list_len(c->options), c->options);
    } else if (s->missing[0]) {
        fork_fmt(what, wlen, "%s does not pass%.*s, which %s requires", s->path,
                 fork_list_len(s->missing), s->missing, c->path);
        fork_fmt(fix, flen, "add%.*s to the cmd list of %s", fork_list_len(s->missing), s->missing,
                 s->path);
    } else if (c->memory != FORK_MEM_BRIDGE && c->memory != FORK_MEM_EXTERNAL) {
        fork_fmt(what, wlen, "%s runs %s, which builds no memory object for SST", s->path, c->path);
        fork_fmt(fix, flen, "point gem5_run_script (line %d) at a config with an SST board",
                 s->run_line);
    } else if (resp != FORK_MEM_UNKNOWN && resp != c->memory) {
        fork_fmt(what, wlen, "ext/sst/sst_responder_subcomponent.cc casts to %s but %s (run by %s) "
                 "builds an %s: SST would crash in init phase 0 (NULL response receiver)",
                 fork_mem_name(resp), c->path, s->path, fork_mem_name(c->memory));
        fork_mismatch_fix(p, c, fix, flen);
    } else {
        return false;
    }
    return true;
}

static void sst_choice(const struct fork_sst_script *s, const struct fork_config *c,
                       const char *why, struct fork_choice *out)
{
    fork_fmt(out->path, sizeof out->path, "%s", s->path);
    fork_fmt(out->config, sizeof out->config, "%s", c->path);
    out->dialect = c->dialect;
    out->ckpt_at = c->ckpt_at;
    fork_fmt(out->usage, sizeof out->usage, "cd ext/sst && sst --add-lib-path=./ %s",
             s->path + strlen("ext/sst/"));
    if (s->ckpt_kind == FORK_SST_CKPT_DIR && s->ckpt_line)
        fork_fmt(out->note, sizeof out->note, "it restores %s (line %d): set it to your checkpoint",
                 s->ckpt, s->ckpt_line);
    else
        fork_fmt(out->note, sizeof out->note, "its gem5 config reads the checkpoint at %s, cwd "
                 "being ext/sst", fork_ckpt_at_text(c->ckpt_at));
    if (why[0]) {
        size_t n = strlen(out->note);
        fork_fmt(out->note + n, sizeof out->note - n, "; the README's script fails: %s", why);
    }
}

static int choose_sst(const struct fork_probe *p, struct fork_choice *out, char *err)
{
    char why[512] = "", fix[512] = "", what[512], f[512];
    for (size_t i = 0; i < p->nscripts; i++) {
        const struct fork_sst_script *s = &p->scripts[i];
        if (script_problem(p, s, what, sizeof what, f, sizeof f)) {
            if (!why[0]) {
                fork_fmt(why, sizeof why, "%s", what);
                fork_fmt(fix, sizeof fix, "%s", f);
            }
            continue;
        }
        sst_choice(s, fork_config_get(p, s->run_config), why, out);
        return 0;
    }
    if (!p->nscripts)
        return err_set(err, "%s has no SST restore script (ext/sst/sst/checkpoints/"
                       "arm_checkpoints.py or ext/sst/sst/arm_composable_memory.py); check out "
                       "darchr's kg/dm-sst-checkpoints-ver2", p->dir);
    return err_set(err, "no SST script can restore at this commit: %s; fix: %s", why, fix);
}

/* gem5-only purposes: the first usable config of a gem5-only-capable dialect. */
static int choose_gem5(const struct fork_probe *p, enum fork_purpose u, struct fork_choice *out,
                       char *err)
{
    char why[400] = "";
    for (size_t i = 0; i < p->nconfigs; i++) {
        const struct fork_config *c = &p->configs[i];
        if (!c->candidate || c->dialect == FORK_CFG_NUMA || c->dialect == FORK_CFG_NONE)
            continue;
        if (!usable(c)) {
            size_t n = strlen(why);
            fork_fmt(why + n, sizeof why - n, "%s%s does not parse (line %d: %s)", n ? "; " : "",
                     c->path, c->parse_line, c->parse_msg);
            continue;
        }
        fork_fmt(out->path, sizeof out->path, "%s", c->path);
        fork_fmt(out->config, sizeof out->config, "%s", c->path);
        out->dialect = c->dialect;
        out->ckpt_at = c->ckpt_at;
        fork_usage(c, u, out->usage, sizeof out->usage);
        if (u == FORK_TAKE_GEM5_ONLY)
            fork_fmt(out->note, sizeof out->note, "writes the checkpoint to %s%s",
                     fork_ckpt_at_text(c->ckpt_at), c->take_kvm ? "; takes with the KVM CPU only "
                     "(an arm64 host with /dev/kvm)" : "");
        else if (c->dialect == FORK_CFG_UNIFIED)
            fork_fmt(out->note, sizeof out->note, "restores only a checkpoint taken with "
                     "--take-chpt=True and the gem5-only board");
        return 0;
    }
    if (why[0])
        return err_set(err, "no gem5-only config of %s works: %s; fix that line", p->dir, why);
    return err_set(err, "%s has none of the gem5-only configs (disaggregated_memory/configs/"
                   "arm-stream-checkpoint-restore-unified-script.py or its earlier names, "
                   "disaggregated_memory_v2/configs/arm-main.py); check out darchr's "
                   "kg/dm-sst-checkpoints-ver2", p->dir);
}

int fork_choose(const struct fork_probe *p, enum fork_purpose u, struct fork_choice *out,
                char *err)
{
    memset(out, 0, sizeof *out);
    out->purpose = u;
    if (u == FORK_TAKE_GEM5_ONLY || u == FORK_RESTORE_GEM5)
        return choose_gem5(p, u, out, err);
    if (u != FORK_RESTORE_SST_SCRIPT && u != FORK_TAKE_FOR_SST)
        return err_set(err, "unknown purpose %d", (int)u);
    if (choose_sst(p, out, err) != 0)
        return -1;
    if (u == FORK_RESTORE_SST_SCRIPT)
        return 0;
    const struct fork_config *c = fork_config_get(p, out->config);
    char script[FORK_PATH_LEN];
    fork_fmt(script, sizeof script, "%s", out->path);
    fork_fmt(out->path, sizeof out->path, "%s", c->path);
    fork_usage(c, u, out->usage, sizeof out->usage);
    fork_fmt(out->note, sizeof out->note, "the config %s restores with; writes the checkpoint to "
             "%s%s", script, fork_ckpt_at_text(c->ckpt_at),
             c->take_kvm ? "; takes with the KVM CPU only (an arm64 host with /dev/kvm)" : "");
    return 0;
}

int fork_find_config(const char *gem5_dir, enum fork_purpose purpose, struct fork_choice *out,
                     char *err)
{
    struct fork_probe p;
    int rc = fork_probe_run(gem5_dir, &p, err);
    if (rc == 0)
        rc = fork_choose(&p, purpose, out, err);
    fork_probe_free(&p);
    return rc;
}

/* An SST restore script against its checkpoint: the values it would have to change (what
 * `gem5wb patch-sst` previews), its CPU type, and SST's timebase (gem5's 1 ps tick). */
#include "core/kb/preflight_impl.h"
#include "core/util/err.h"
#include "core/util/fileio.h"
#include "core/util/size.h"
#include "core/workflow/sstscript.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool named(const char *name, const char *a, const char *b)
{
    return !strcmp(name, a) || (b && !strcmp(name, b));
}

/* A value the script has that the checkpoint does not agree with (a script run as it is). */
static void mismatch(struct pf_ctx *c, const char *script, const struct sst_change *ch)
{
    uint64_t have, need;
    char err[ERR_LEN];
    if (named(ch->name, "chpt_dir", "--chpt-dir") || !strcmp(ch->name, "--ckpt-file"))
        return;     /* the same folder, written relative or through a link */
    bool bigger = !strcmp(ch->name, "sst_memory_size") &&
                  size_parse(ch->old_value, &have, "size", err) == 0 &&
                  size_parse(ch->new_value, &need, "size", err) == 0 && have > need;
    pf_add(c, bigger ? PF_INFO : PF_FAIL, "sst-script-ckpt", script, (int)ch->line, "%s line "
           "%u: %s is %s but the checkpoint needs %s%s", script, ch->line, ch->name,
           ch->old_value, ch->new_value, bigger ? " (more SST memory than the remote range "
           "reaches is harmless)" : "");
}

/* Whether a warning of the checkpoint's is one of the remote size's, which
 * pf_sst_bridge reports as sst-remote-chunking with the bridge it applies to. */
static bool remote_size_warning(const char *w)
{
    return !strncmp(w, "the remote memory is ", 21);
}

static bool in_facts(const struct sst_facts *f, const char *w)
{
    for (size_t i = 0; i < f->nwarnings; i++)
        if (!strcmp(f->warnings[i], w))
            return true;
    return false;
}

static void report(struct pf_ctx *c, const char *script, const struct sst_facts *f,
                   const struct sst_result *r, const struct pf_sst *s)
{
    size_t before = c->out->n;
    for (size_t i = 0; i < r->nchanges; i++) {
        const struct sst_change *ch = &r->changes[i];
        if (s->step)
            pf_add(c, PF_INFO, "sst-script-ckpt", script, (int)ch->line, "gem5wb's copy of %s "
                   "sets %s from %s to %s", script, ch->name, ch->old_value, ch->new_value);
        else
            mismatch(c, script, ch);
    }
    for (size_t i = 0; i < r->nwarnings; i++) {
        const char *w = r->warnings[i];
        bool fact = in_facts(f, w);
        if (fact && remote_size_warning(w))
            continue;
        bool fatal = fact && f->gem5_only && strstr(w, "gem5-only board");
        pf_add(c, fatal ? PF_FAIL : PF_WARN, "sst-script-ckpt", fact ? f->ckpt_dir : script,
               0, "%s", w);
    }
    bool bad = false;
    for (size_t i = before; i < c->out->n; i++)
        bad |= !strcmp(c->out->items[i].check, "sst-script-ckpt") &&
               c->out->items[i].sev >= PF_WARN;
    if (!bad)
        pf_add(c, PF_OK, "sst-script-ckpt", script, 0, "%s%s agrees with %s: remote range, "
               "SST memory size and bridge", s->step ? "gem5wb's copy of " : "", script,
               f->ckpt_dir);
}

/* The script's SST timebase: setProgramOption("timebase", "...") or "timebase": "...". */
static void timebase(struct pf_ctx *c, const char *script, const char *text)
{
    const char *at = strstr(text, "\"timebase\"");
    if (!at)
        at = strstr(text, "'timebase'");
    const char *q = at ? strpbrk(at + 10, "\"'") : NULL;
    size_t n = q ? strcspn(q + 1, "\"'\n") : 0;
    int line = at ? pf_line_at(text, at) : 0;
    if (!q)
        pf_add(c, PF_OK, "sst-tick-base", script, 0, "%s keeps SST's default timebase, 1 ps, "
               "which is gem5's tick", script);
    else if ((n == 3 && !strncmp(q + 1, "1ps", 3)) || (n == 4 && !strncmp(q + 1, "1 ps", 4)))
        pf_add(c, PF_OK, "sst-tick-base", script, line, "%s sets the timebase to 1 ps, gem5's "
               "tick", script);
    else
        pf_add(c, PF_WARN, "sst-tick-base", script, line, "%s line %d sets SST's timebase to "
               "%.*s: the gem5 component converts SST cycles with it and adds the restored "
               "tick, which assumes 1 ps, gem5's tick", script, line, (int)n, q + 1);
}

/* `name = "value"` starting a line: the value's first byte, or NULL. */
static const char *assigned(const char *text, const char *name, size_t *len)
{
    size_t n = strlen(name);
    for (const char *p = text; (p = strstr(p, name)); p += n) {
        if (p != text && p[-1] != '\n')
            continue;
        const char *q = p + n + strspn(p + n, " \t");
        if (*q != '=' || q[1] == '=')
            continue;
        q++;
        q += strspn(q, " \t");
        if (*q != '"' && *q != '\'')
            continue;
        *len = strcspn(q + 1, "\"'\n");
        return q + 1;
    }
    return NULL;
}

/* The CPU type the script passes gem5 (--cpu-type, maybe through a variable): a script run
 * by hand. Without it the config picks (the unified script restores on TIMING cores). */
static void script_cpu(struct pf_ctx *c, const char *script, const char *text)
{
    const char *at = strstr(text, "--cpu-type");
    if (!at) {
        pf_add(c, PF_OK, "sst-cpu-type", script, 0, "%s passes no --cpu-type: the config it "
               "runs chooses the CPU (the unified script restores on timing cores)", script);
        return;
    }
    const char *v = at + 10 + strspn(at + 10, "= \t");
    size_t n = strcspn(v, " \t\"'\n,");
    char var[64];
    if (*v == '{' && n > 2 && n - 2 < sizeof var) {
        snprintf(var, sizeof var, "%.*s", (int)(n - 2), v + 1);
        v = assigned(text, var, &n);
    }
    int line = pf_line_at(text, at);
    if (v && ((n == 6 && !strncmp(v, "timing", 6)) || (n == 2 && !strncmp(v, "o3", 2))))
        pf_add(c, PF_OK, "sst-cpu-type", script, line, "%s restores on %.*s cores", script,
               (int)n, v);
    else
        pf_add(c, PF_WARN, "sst-cpu-type", script, line, "%s line %d passes --cpu-type %.*s: "
               "only timing (or o3) cores send their memory requests through SST's memory; "
               "atomic and KVM cores bypass it", script, line, v ? (int)n : 7,
               v ? v : "unknown");
}

/* The step's cpu_type, which gem5wb's copy of the script gets. */
static void step_cpu(struct pf_ctx *c, const char *cpu)
{
    if (!cpu || !strcmp(cpu, "timing") || !strcmp(cpu, "o3"))
        pf_add(c, PF_OK, "sst-cpu-type", NULL, 0, "restore-sst.cpu_type is %s",
               cpu ? cpu : "the script's");
    else
        pf_add(c, PF_WARN, "sst-cpu-type", NULL, 0, "restore-sst.cpu_type is %s: only timing "
               "(or o3) cores send their memory requests through SST's memory", cpu);
}

void pf_sst_script(struct pf_ctx *c, const char *script, const char *ckpt_dir,
                   const struct pf_sst *s)
{
    struct sst_facts f;
    struct sst_result r;
    char err[ERR_LEN];
    struct sst_opts o = { .nodes = s->nodes, .cpu_type = s->cpu_type };
    if (sstscript_facts(ckpt_dir, NULL, &f, err) != 0) {
        pf_add(c, PF_FAIL, "sst-script-ckpt", ckpt_dir, 0, "%s", err);
        return;
    }
    if (sstscript_preview(script, &f, &o, &r, err) != 0)
        pf_add(c, PF_FAIL, "sst-script-ckpt", script, 0, "%s", err);
    else {
        report(c, script, &f, &r, s);
        sstscript_result_free(&r);
    }
    sstscript_facts_free(&f);
    char *text;
    size_t len;
    if (file_read_all(script, PATCH_MAX_FILE, &text, &len, err) != 0)
        return;
    timebase(c, script, text);
    if (s->step)
        step_cpu(c, s->cpu_type);
    else
        script_cpu(c, script, text);
    free(text);
}

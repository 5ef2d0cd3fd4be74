/* What is wrong with an SST restore script beyond its values: options it cannot carry,
 * several nodes sharing one checkpoint, a take instead of a restore, a stale run script. */
#include "core/workflow/sstscript.h"
#include "core/workflow/sstscript_impl.h"
#include "core/util/err.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* No blanks or quotes: gem5Component splits its cmd at them (ext/sst/gem5.cc). */
static bool plain(const char *s)
{
    return *s && !strpbrk(s, " \t\r\n\\'\"{}");
}

static bool frequency(const char *s)
{
    size_t n = strspn(s, "0123456789.");
    return n > 0 && isdigit((unsigned char)s[0]) &&
           (!strcmp(s + n, "GHz") || !strcmp(s + n, "MHz") || !strcmp(s + n, "kHz") ||
            !strcmp(s + n, "Hz"));
}

int sst_check_opts(const struct sst_opts *o, char *err)
{
    static const char *const cpus[] = { "atomic", "timing", "o3", "kvm" };
    bool cpu_ok = !o->cpu_type;
    for (size_t i = 0; i < 4 && !cpu_ok; i++)
        cpu_ok = !strcmp(o->cpu_type, cpus[i]);
    if (!cpu_ok)
        return err_set(err, "--cpu-type '%s' is not one the fork's gem5 scripts take: atomic, "
                       "timing, o3 or kvm", o->cpu_type);
    if (o->clock && !frequency(o->clock))
        return err_set(err, "--clock '%s' is not a frequency such as 3GHz", o->clock);
    if (o->latency && (!*o->latency || o->latency[strspn(o->latency, "0123456789")]))
        return err_set(err, "--latency '%s' is not a whole number of gem5 cycles (e.g. 750)",
                       o->latency);
    if (o->run_script && !plain(o->run_script))
        return err_set(err, "--run-script '%s' has a blank, quote, brace or backslash, which "
                       "SST's gem5 component cannot pass on", o->run_script);
    if (o->nodes > 4096)
        return err_set(err, "--nodes %u is more gem5 nodes than SST can place", o->nodes);
    return 0;
}

int sst_opt_warnings(char ***list, size_t *n, const struct sst_opts *o, unsigned nodes)
{
    int rc = 0;
    if (nodes > 1)
        rc |= sst_list_add(list, n, "%u gem5 nodes all restore the same checkpoint and map "
                           "its remote range to the same SST addresses, so they share (and "
                           "overwrite) that memory; more than one node also needs mpirun",
                           nodes);
    if (o->cpu_type && !strcmp(o->cpu_type, "kvm"))
        rc |= sst_list_add(list, n, "KVM cores do not send their memory requests through SST "
                           "(the board turns the bridge's use_sst_sim off); use timing or o3 "
                           "to simulate the remote memory in SST");
    return rc;
}

static void check_item(struct sst_plan *pl, const char *opt, const struct sst_target *v, void *arg)
{
    const char *why = arg;
    char *text = sst_target_text(pl, v);
    bool bad = text && (!strcmp(opt, "--is-composable") ? !strcmp(text, "False")
                                                         : !strcmp(text, "True"));
    if (bad && sst_list_add(&pl->r->warnings, &pl->r->nwarnings, "%s line %u: %s %s: %s",
                            pl->path, sst_line_of(pl->src, v->off), opt, text, why))
        pl->failed = 1;
    free(text);
}

/* The script's own value of a top-level variable (malloc'ed), or NULL. */
static char *var_text(const struct sst_plan *pl, const char *name)
{
    struct sst_target tg;
    return sst_find_var(pl, name, &tg) == 0 ? sst_target_text(pl, &tg) : NULL;
}

static void check_run_script(struct sst_plan *pl, const struct sst_opts *o)
{
    char *own = o->run_script ? NULL : var_text(pl, "gem5_run_script");
    const char *script = o->run_script ? o->run_script : own;
    if (script && strstr(script, "arm-numa-checkpoints.py") &&
        sst_list_add(&pl->r->warnings, &pl->r->nwarnings, "%s runs arm-numa-checkpoints.py, "
                     "which has not parsed since 7b7a23fa34 (2024-03-06, a missing comma); at "
                     "a later commit restore through arm-stream-checkpoint-restore-unified-"
                     "script.py (--generate writes such a script)", pl->path))
        pl->failed = 1;
    free(own);
}

void sst_check_script(struct sst_plan *pl, const struct sst_opts *o)
{
    unsigned nodes = o->nodes;
    char *own = nodes ? NULL : var_text(pl, "system_nodes");
    if (own && isdigit((unsigned char)own[0]))
        nodes = (unsigned)strtoul(own, NULL, 10);
    free(own);
    if (sst_opt_warnings(&pl->r->warnings, &pl->r->nwarnings, o, nodes))
        pl->failed = 1;
    static const char take[] = "gem5 would take a checkpoint instead of restoring one (and "
                               "none can be taken under SST); a restore needs False";
    sst_each_item(pl, "--take-chpt", check_item, (void *)take);
    sst_each_item(pl, "--take-ckpt", check_item, (void *)take);
    sst_each_item(pl, "--is-composable", check_item,
                  (void *)"that is the gem5-only board, whose memory SST cannot serve; a "
                          "restore under SST needs True");
    check_run_script(pl, o);
}

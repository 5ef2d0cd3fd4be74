/* Pointing an existing SST restore script at a checkpoint: which settings are set from
 * which facts, what the script itself gets wrong, and the checked apply. */
#include "core/workflow/sstscript.h"
#include "core/workflow/sstscript_impl.h"
#include "core/util/err.h"
#include "core/util/fileio.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WARN(pl, ...)                                                                  \
    do {                                                                               \
        if (sst_list_add(&(pl)->r->warnings, &(pl)->r->nwarnings, __VA_ARGS__) != 0)   \
            (pl)->failed = 1;                                                          \
    } while (0)

/* Where a script keeps one setting: a top-level variable, a cmd item, a dict entry. */
struct setting {
    const char *name, *var, *opt, *key;
    bool numeric;
};

static const struct setting S_CKPT = { "chpt_dir", "chpt_dir", "--chpt-dir", NULL, false };
static const struct setting S_RANGE = { "--remote-memory-addr-range", NULL,
                                        "--remote-memory-addr-range", NULL, false };
static const struct setting S_MEM = { "sst_memory_size", "sst_memory_size", NULL, NULL, false };
static const struct setting S_PORT = { "remote_memory_port", NULL, NULL, "remote_memory_port", false };
static const struct setting S_RECV = { "response_receiver_name", NULL, NULL,
                                       "response_receiver_name", false };
static const struct setting S_LOCAL = { "--local-memory-size", NULL, "--local-memory-size",
                                        NULL, false };
static const struct setting S_NODES = { "system_nodes", "system_nodes", NULL, NULL, true };
static const struct setting S_CPU = { "cpu_type", "cpu_type", "--cpu-type", NULL, false };
static const struct setting S_CLOCK = { "cpu_clock_rate", "cpu_clock_rate", "--cpu-clock-rate",
                                        NULL, false };
static const struct setting S_LAT = { "--remote-memory-latency", NULL, "--remote-memory-latency",
                                      NULL, true };
static const struct setting S_RUN = { "gem5_run_script", "gem5_run_script", NULL, NULL, false };

struct set_ctx {
    const char *value;
    bool numeric;
};

static void set_item(struct sst_plan *pl, const char *opt, const struct sst_target *v, void *arg)
{
    const struct set_ctx *c = arg;
    struct sst_target tg;
    char var[128];
    sst_resolve(pl, v, &tg, var, sizeof var);
    sst_set(pl, var[0] ? var : opt, &tg, c->value, c->numeric);
}

/* Sets every place the script keeps the setting; returns how many places it found. */
static size_t apply(struct sst_plan *pl, const struct setting *s, const char *value)
{
    struct set_ctx c = { value, s->numeric };
    struct sst_target tg;
    size_t n = 0;
    if (s->var && sst_find_var(pl, s->var, &tg) == 0) {
        sst_set(pl, s->var, &tg, value, s->numeric);
        n++;
    }
    if (s->opt)
        n += sst_each_item(pl, s->opt, set_item, &c);
    if (s->key)
        n += sst_each_entry(pl, s->key, set_item, &c);
    return n;
}

/* The same, for a setting every restore script has: its absence is reported. */
static void need(struct sst_plan *pl, const struct setting *s, const char *value)
{
    if (apply(pl, s, value) == 0)
        WARN(pl, "%s sets no %s: nothing was added for it (it should be %s); set it by hand "
             "or write a fresh script with --generate", pl->path, s->name, value);
}

/* The old layout (arm-numa-checkpoints.py) restores "<--ckpt-file><--instance>". */
static void read_instance(struct sst_plan *pl, const char *opt, const struct sst_target *v, void *arg)
{
    (void)opt;
    char *suffix = arg, *text = sst_target_text(pl, v);
    if (!text)
        return;
    size_t n = strspn(text, "0123456789");
    if (n && !text[n] && n < 16)
        strcpy(suffix, text);
    else if (text[0] == '{')
        strcpy(suffix, "0");   /* the loop's node number: 0 for the first node */
    free(text);
}

static void set_ckpt_file(struct sst_plan *pl, const char *opt, const struct sst_target *v, void *arg)
{
    const struct sst_facts *f = arg;
    char suffix[16] = "";
    if (sst_each_item(pl, "--instance", read_instance, suffix) && !suffix[0]) {
        WARN(pl, "%s: cannot tell the --instance number gem5 appends to --ckpt-file; %s "
             "left as it is", pl->path, opt);
        return;
    }
    size_t dl = strlen(f->ckpt_dir), sl = strlen(suffix);
    if (dl <= sl || strcmp(f->ckpt_dir + dl - sl, suffix)) {
        WARN(pl, "%s restores the --ckpt-file value followed by the instance number %s, so "
             "it cannot name %s; rename the checkpoint folder to end in %s, or write a fresh "
             "script with --generate", pl->path, suffix, f->ckpt_dir, suffix);
        return;
    }
    char *value = strndup(f->ckpt_dir, dl - sl);
    if (!value) {
        pl->failed = 1;
        return;
    }
    struct set_ctx c = { value, false };
    set_item(pl, opt, v, &c);
    free(value);
}

static void set_facts(struct sst_plan *pl, const struct sst_facts *f)
{
    if (apply(pl, &S_CKPT, f->ckpt_dir) + sst_each_item(pl, "--ckpt-file", set_ckpt_file,
                                                        (void *)f) == 0)
        WARN(pl, "%s sets no chpt_dir, --chpt-dir or --ckpt-file: nothing was added for the "
             "checkpoint %s; set it by hand or write a fresh script with --generate", pl->path,
             f->ckpt_dir);
    char buf[64];
    if (f->have_range) {
        snprintf(buf, sizeof buf, "%llu,%llu", (unsigned long long)f->range_start,
                 (unsigned long long)f->range_end);
        need(pl, &S_RANGE, buf);
        sst_size_text(f->sst_mem_size, buf, sizeof buf);
        need(pl, &S_MEM, buf);
        if (apply(pl, &S_PORT, f->remote_path) + apply(pl, &S_RECV, f->remote_path) == 0)
            WARN(pl, "%s names no bridge (remote_memory_port or response_receiver_name): "
                 "it should be %s", pl->path, f->remote_path);
    }
    if (f->have_local) {
        sst_size_text(f->local_size, buf, sizeof buf);
        apply(pl, &S_LOCAL, buf);   /* only the old layout passes it */
    }
}

static void set_options(struct sst_plan *pl, const struct sst_opts *o)
{
    char buf[32];
    if (o->nodes) {
        snprintf(buf, sizeof buf, "%u", o->nodes);
        need(pl, &S_NODES, buf);
    }
    if (o->cpu_type)
        need(pl, &S_CPU, o->cpu_type);
    if (o->clock)
        need(pl, &S_CLOCK, o->clock);
    if (o->latency)
        need(pl, &S_LAT, o->latency);
    if (o->run_script)
        need(pl, &S_RUN, o->run_script);
}

static int cmp_edit(const void *a, const void *b)
{
    const struct patch_edit *x = a, *y = b;
    return x->off < y->off ? -1 : x->off > y->off;
}

static int cmp_change(const void *a, const void *b)
{
    const struct sst_change *x = a, *y = b;
    return x->line < y->line ? -1 : x->line > y->line;
}

static int plan(struct sst_plan *pl, const struct sst_facts *f, const struct sst_opts *o,
                char *err)
{
    if (sst_tokenize(pl->path, pl->src, pl->len, &pl->toks, err) != 0)
        return -1;
    for (size_t i = 0; i < f->nwarnings; i++)
        WARN(pl, "%s", f->warnings[i]);
    set_facts(pl, f);
    set_options(pl, o);
    sst_check_script(pl, o);
    if (pl->failed)
        return err_set(err, "out of memory planning the edits of %s", pl->path);
    if (pl->nedits)
        qsort(pl->edits, pl->nedits, sizeof *pl->edits, cmp_edit);
    if (pl->r->nchanges)
        qsort(pl->r->changes, pl->r->nchanges, sizeof *pl->r->changes, cmp_change);
    return patch_preview(pl->path, pl->src, pl->len, true, pl->edits, pl->nedits, &pl->r->pv,
                         err);
}

int sstscript_preview(const char *script, const struct sst_facts *f, const struct sst_opts *o,
                      struct sst_result *r, char *err)
{
    memset(r, 0, sizeof *r);
    if (sst_check_opts(o, err) != 0)
        return -1;
    struct sst_plan pl = { .path = script, .r = r };
    char *src;
    if (file_read_all(script, PATCH_MAX_FILE, &src, &pl.len, err) != 0)
        return -1;
    pl.src = src;
    int rc = plan(&pl, f, o, err);
    for (size_t i = 0; i < pl.nedits; i++)
        free(pl.edits[i].text);
    free(pl.edits);
    sst_toks_free(&pl.toks);
    free(src);
    if (rc != 0)
        sstscript_result_free(r);
    return rc;
}

int sstscript_apply(struct sst_result *r, const char *expect, char *err)
{
    const struct patch_preview *pv = &r->pv;
    if (expect && strcasecmp(expect, pv->fingerprint))
        return err_set(err, "%s changed since the preview (it is now %s, the preview showed "
                       "%s); run the preview again", pv->path, pv->fingerprint, expect);
    if (pv->existed && pv->old_len == pv->new_len &&
        !memcmp(pv->old_data, pv->new_data, pv->new_len))
        return 0;   /* nothing to change: the file is left alone */
    if (patch_apply(pv->path, pv->new_data, pv->new_len, pv->fingerprint, r->backup,
                    sizeof r->backup, err) != 0)
        return -1;
    r->applied = true;
    return 0;
}

void sstscript_result_free(struct sst_result *r)
{
    patch_preview_free(&r->pv);
    for (size_t i = 0; i < r->nchanges; i++) {
        free(r->changes[i].name);
        free(r->changes[i].old_value);
        free(r->changes[i].new_value);
    }
    free(r->changes);
    sst_list_free(r->warnings, r->nwarnings);
    memset(r, 0, sizeof *r);
}

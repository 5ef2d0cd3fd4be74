/* Which checkpoint an SST restore script restores, read with the script tokenizer: --chpt-dir
 * (or its variable), chpt_dir, or --ckpt-file plus the --instance number gem5 appends. */
#include "core/workflow/sstscript.h"
#include "core/workflow/sstscript_impl.h"
#include "core/util/err.h"
#include "core/util/fileio.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct found {
    struct sst_target tg;
    bool have;
    char instance[16];
};

static void first_item(struct sst_plan *pl, const char *opt, const struct sst_target *v, void *arg)
{
    (void)opt;
    struct found *f = arg;
    char var[128];
    if (!f->have)
        sst_resolve(pl, v, &f->tg, var, sizeof var);
    f->have = true;
}

/* The node number gem5 gets as --instance: digits, or the loop's {node} (0 for node 0). */
static void instance(struct sst_plan *pl, const char *opt, const struct sst_target *v, void *arg)
{
    (void)opt;
    char *out = arg, *text = sst_target_text(pl, v);
    if (text && text[0] && strspn(text, "0123456789") == strlen(text) && strlen(text) < 16)
        strcpy(out, text);
    else if (text && text[0] == '{')
        strcpy(out, "0");
    free(text);
}

static int locate(struct sst_plan *pl, struct found *f)
{
    sst_each_item(pl, "--chpt-dir", first_item, f);
    if (!f->have && sst_find_var(pl, "chpt_dir", &f->tg) == 0)
        f->have = true;
    if (!f->have) {
        sst_each_item(pl, "--ckpt-file", first_item, f);
        if (f->have)
            sst_each_item(pl, "--instance", instance, f->instance);
    }
    return f->have ? 0 : -1;
}

int sstscript_checkpoint(const char *script, char *buf, size_t cap, unsigned *line, char *err)
{
    struct sst_plan pl = { .path = script };
    char *src;
    if (file_read_all(script, PATCH_MAX_FILE, &src, &pl.len, err) != 0)
        return -1;
    pl.src = src;
    struct found f = { .have = false };
    int rc = sst_tokenize(script, src, pl.len, &pl.toks, err);
    if (rc == 0 && locate(&pl, &f) != 0)
        rc = err_set(err, "%s names no checkpoint: it has no chpt_dir, --chpt-dir or "
                     "--ckpt-file", script);
    if (rc == 0 && snprintf(buf, cap, "%.*s%s", (int)f.tg.len, src + f.tg.off, f.instance) >=
                   (int)cap)
        rc = err_set(err, "%s: the checkpoint path at line %u is too long", script,
                     sst_line_of(src, f.tg.off));
    if (rc == 0 && line)
        *line = sst_line_of(src, f.tg.off);
    sst_toks_free(&pl.toks);
    free(src);
    return rc;
}

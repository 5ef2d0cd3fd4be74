/* The fork's take/restore configs read from their text: the options their argparse declares
 * (and so their dialect), where taking writes the checkpoint, and the memory object their
 * SST board builds (found through their `from memories.X import Y` lines). */
#include "core/workflow/fork_impl.h"

#include "core/util/fileio.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define DM "disaggregated_memory/configs/"

/* Every name a take/restore config had on the branch, newest first (workflow doc §0.1). */
static const struct { const char *path; enum fork_dialect d; } candidates[] = {
    { DM "arm-stream-checkpoint-restore-unified-script.py", FORK_CFG_UNIFIED },
    { DM "arm-checkpoint-restore-unified-script.py", FORK_CFG_UNIFIED },
    { DM "arm-gem5-only-numa-checkpoint-restore.py", FORK_CFG_GEM5_ONLY_NUMA },
    { DM "arm-gem5-only-numa-checkpoints.py", FORK_CFG_GEM5_ONLY_NUMA },
    { DM "arm-numa-checkpoints.py", FORK_CFG_NUMA },
    { "disaggregated_memory_v2/configs/arm-main.py", FORK_CFG_V2_MAIN },
};

enum fork_dialect fork_candidate_dialect(const char *rel)
{
    for (size_t i = 0; i < sizeof candidates / sizeof candidates[0]; i++)
        if (!strcmp(candidates[i].path, rel))
            return candidates[i].d;
    return FORK_CFG_NONE;
}

enum fork_ckpt_at fork_dialect_ckpt_at(enum fork_dialect d)
{
    switch (d) {
    case FORK_CFG_UNIFIED:
    case FORK_CFG_GEM5_ONLY_NUMA: return FORK_AT_OUTDIR_CHECKPOINT;
    case FORK_CFG_NUMA: return FORK_AT_CWD_FILE_INSTANCE;
    case FORK_CFG_V2_MAIN: return FORK_AT_CWD_OUTDIR_FILE_INSTANCE;
    default: return FORK_AT_UNKNOWN;
    }
}

/* The options decide, so that a renamed or edited file is still read right. */
static enum fork_dialect dialect_of(const struct fork_config *c, enum fork_dialect def)
{
    if (fork_config_has_option(c, "--take-chpt"))
        return FORK_CFG_UNIFIED;
    if (fork_config_has_option(c, "--take-ckpt")) {
        if (fork_config_has_option(c, "--is-composable"))
            return FORK_CFG_V2_MAIN;
        if (fork_config_has_option(c, "--restore-ckpt"))
            return FORK_CFG_GEM5_ONLY_NUMA;
        if (fork_config_has_option(c, "--instance"))
            return FORK_CFG_NUMA;
    }
    return def;
}

static enum fork_ckpt_at ckpt_at_of(const char *text, enum fork_dialect d)
{
    if (fork_loose(text, "options.outdir + \"/checkpoint\"", NULL))
        return FORK_AT_OUTDIR_CHECKPOINT;
    if (fork_loose(text, "options.outdir + \"/\" + args.ckpt_file + str(args.instance)", NULL))
        return FORK_AT_CWD_OUTDIR_FILE_INSTANCE;
    if (fork_loose(text, "args.ckpt_file + str(args.instance)", NULL))
        return FORK_AT_CWD_FILE_INSTANCE;
    if (fork_loose(text, "save_checkpoint(args.ckpt_file)", NULL))
        return FORK_AT_CWD_FILE;
    return fork_dialect_ckpt_at(d);
}

/* name(...) called in text (not imported, not a longer name); NULL when not. */
static const char *find_call(const char *text, const char *name)
{
    for (const char *w = fork_word(text, name); w; w = fork_word(w + 1, name)) {
        const char *p = w + strlen(name);
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '(')
            return w;
    }
    return NULL;
}

/* Which SST memory object the memories module rel builds; 0 when it is missing. */
static int module_memory(struct fork_probe *p, struct fork_config *c, const char *rel)
{
    char *text = NULL, err[512];
    int r = fork_read(p->dir, rel, &text, err);
    if (r <= 0) {
        fork_fmt(c->memory_path, sizeof c->memory_path, "%s", rel);
        c->memory = FORK_MEM_UNKNOWN;
        c->memory_line = 0;
        return 0;
    }
    fork_strip_py(text);
    const char *b = find_call(text, "OutgoingRequestBridge");
    const char *e = find_call(text, "ExternalMemory");
    const char *hit = b && (!e || b < e) ? b : e;
    if (hit) {
        c->memory = hit == b ? FORK_MEM_BRIDGE : FORK_MEM_EXTERNAL;
        c->memory_line = fork_line_at(text, hit);
        fork_fmt(c->memory_path, sizeof c->memory_path, "%s", rel);
    }
    free(text);
    return 1;
}

/* The names after `import` (one line, or a parenthesised list) into names[]. */
static size_t import_names(const char *p, char names[][64], size_t max)
{
    size_t n = 0;
    while (*p == ' ' || *p == '\t')
        p++;
    bool paren = *p == '(';
    p += paren;
    while (*p && n < max && (paren ? *p != ')' : *p != '\n')) {
        if (isalpha((unsigned char)*p) || *p == '_') {
            size_t w = 0;
            while ((isalnum((unsigned char)p[w]) || p[w] == '_') && w < 63)
                w++;
            memcpy(names[n], p, w);
            names[n++][w] = '\0';
            p += w;
            while (isalnum((unsigned char)*p) || *p == '_')
                p++;
        } else {
            p++;
        }
    }
    return n;
}

/* Follows `from memories.M import N` for each N the config calls. */
static void config_memory(struct fork_probe *p, struct fork_config *c, const char *text)
{
    char base[FORK_PATH_LEN], dir[FORK_PATH_LEN];
    path_parent(c->path, dir, sizeof dir);
    path_parent(dir, base, sizeof base);          /* configs/.. holds memories/ */
    c->memory = FORK_MEM_NONE;
    const char *after;
    for (const char *f = text; (f = fork_loose(f, "from memories.", &after)); f = after) {
        char module[64], names[16][64], rel[FORK_PATH_LEN * 2];
        size_t m = 0;
        while ((isalnum((unsigned char)after[m]) || after[m] == '_') && m < sizeof module - 1)
            m++;
        memcpy(module, after, m);
        module[m] = '\0';
        const char *imp = fork_word(after + m, "import");
        if (!m || !imp || fork_line_at(after, imp) != 1)
            continue;
        size_t n = import_names(imp + 6, names, 16);
        for (size_t i = 0; i < n; i++) {
            if (!find_call(text, names[i]))
                continue;
            fork_fmt(rel, sizeof rel, "%s%smemories/%s.py", strcmp(base, ".") ? base : "",
                     strcmp(base, ".") ? "/" : "", module);
            if (!module_memory(p, c, rel) || c->memory != FORK_MEM_NONE)
                return;
        }
    }
}

static struct fork_config *config_new(struct fork_probe *p)
{
    if (p->nconfigs == p->cap_configs) {
        size_t cap = p->cap_configs ? 2 * p->cap_configs : 8;
        struct fork_config *v = realloc(p->configs, cap * sizeof *v);
        if (!v)
            return NULL;
        p->configs = v;
        p->cap_configs = cap;
    }
    struct fork_config *c = &p->configs[p->nconfigs++];
    memset(c, 0, sizeof *c);
    return c;
}

int fork_config_add(struct fork_probe *p, const char *rel, enum fork_dialect def, bool candidate,
                    char *err)
{
    for (size_t i = 0; i < p->nconfigs; i++)
        if (!strcmp(p->configs[i].path, rel))
            return (int)i;
    char *text;
    int r = fork_read(p->dir, rel, &text, err);
    if (r <= 0)
        return r == 0 ? -2 : -1;
    struct fork_config *c = config_new(p);
    if (!c) {
        free(text);
        p->oom = true;
        return -2;
    }
    fork_fmt(c->path, sizeof c->path, "%s", rel);
    c->candidate = candidate;
    fork_strip_py(text);
    fork_py_options(text, c->options, sizeof c->options, c->required, sizeof c->required);
    c->dialect = dialect_of(c, def);
    c->ckpt_at = ckpt_at_of(text, c->dialect);
    c->take_kvm = !fork_config_has_option(c, "--cpu-type") &&
                  fork_loose(text, "CPUTypes.KVM", NULL);
    config_memory(p, c, text);
    free(text);
    return (int)(c - p->configs);
}

int fork_probe_configs(struct fork_probe *p, char *err)
{
    for (size_t i = 0; i < sizeof candidates / sizeof candidates[0]; i++)
        if (fork_config_add(p, candidates[i].path, candidates[i].d, true, err) == -1)
            return -1;
    return 0;
}

/* Opening a checkpoint directory: m5.cpt, the config beside it, the memory map, and
 * the checks that need no decoding (sections, files, sizes against the map). */
#include "core/checkpoint/checkpoint.h"
#include "core/checkpoint/cpt.h"
#include "core/checkpoint/runcfg.h"
#include "core/util/err.h"
#include "core/util/fileio.h"
#include "core/util/txn.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void ckpt_problem_add(struct ckpt *ck, enum ckpt_sev sev, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    struct ckpt_problem *p = realloc(ck->problems, (ck->nproblems + 1) * sizeof *p);
    if (!p)
        return;
    ck->problems = p;
    p[ck->nproblems].sev = sev;
    if ((p[ck->nproblems].text = strdup(buf)))
        ck->nproblems++;
}

size_t ckpt_error_count(const struct ckpt *ck)
{
    size_t n = 0;
    for (size_t i = 0; i < ck->nproblems; i++)
        n += ck->problems[i].sev == CKPT_ERROR;
    return n;
}

/* The system is whoever owns a "<x>.physmem" section with nbr_of_stores. */
static char *find_system(const struct cpt *c)
{
    for (size_t i = 0; i < cpt_section_count(c); i++) {
        const char *name = cpt_section_name(c, i);
        size_t n = strlen(name);
        if (n > 8 && !strcmp(name + n - 8, ".physmem") && cpt_get(c, name, "nbr_of_stores"))
            return strndup(name, n - 8);
    }
    return NULL;
}

static void read_globals(struct ckpt *ck)
{
    char err[ERR_LEN];
    ck->globals = cpt_section_find(ck->cpt, "root.globals") >= 0 ? "root.globals"
                : cpt_section_find(ck->cpt, "Globals") >= 0      ? "Globals" : NULL;
    if (!ck->globals) {
        ckpt_problem_add(ck, CKPT_ERROR, "%s has no [root.globals] section: gem5 cannot "
                         "restore the tick", ck->cpt_path);
        return;
    }
    if (cpt_get_u64(ck->cpt, ck->globals, "curTick", &ck->tick, err) == 0)
        ck->have_tick = true;
    else
        ckpt_problem_add(ck, CKPT_ERROR, "%s", err);
    ck->version_tags = cpt_get(ck->cpt, ck->globals, "version_tags");
    if (!ck->version_tags)
        ckpt_problem_add(ck, CKPT_WARNING, "[%s] has no version_tags: gem5 says \"Checkpoint "
                         "uses an old versioning scheme\" (run util/cpt_upgrader.py)",
                         ck->globals);
    for (const char *p = ck->version_tags; p && *p;) {
        while (*p == ' ')
            p++;
        if (*p)
            ck->ntags++;
        while (*p && *p != ' ')
            p++;
    }
}

static int load_config(struct ckpt *ck, const char *config, char *err)
{
    char found[4096];
    if (!config) {
        if (runcfg_find_beside(ck->dir, found, sizeof found) != 0) {
            ckpt_problem_add(ck, CKPT_WARNING, "no config.json or config.ini in %s or its "
                             "parent: store address ranges are unknown (give one with --config)",
                             ck->dir);
            return 0;
        }
        config = found;
    }
    ck->cfg = runcfg_load(config, err);
    if (!ck->cfg)
        return -1;
    if (!ck->system)
        return 0;
    char why[ERR_LEN];
    if (memmap_derive(ck->cfg, ck->system, &ck->map, why) != 0)
        ckpt_problem_add(ck, CKPT_ERROR, "%s", why);
    for (size_t i = 0; i < ck->map.nproblems; i++)
        ckpt_problem_add(ck, CKPT_ERROR, "%s (gem5 would stop with this)", ck->map.problems[i]);
    return 0;
}

static void read_store(struct ckpt *ck, unsigned n, struct ckpt_store *s)
{
    char err[ERR_LEN];
    s->section = n;
    s->map_index = -1;
    if (asprintf(&s->section_name, "%s.physmem.store%u", ck->system, n) < 0) {
        s->section_name = NULL;
        return;
    }
    if (cpt_section_find(ck->cpt, s->section_name) < 0) {
        ckpt_problem_add(ck, CKPT_ERROR, "nbr_of_stores is %" PRIu64 " but there is no [%s]: "
                         "gem5 would stop with \"Can't unserialize '%s:store_id'\"",
                         ck->nbr_of_stores, s->section_name, s->section_name);
        return;
    }
    if (cpt_get_u64(ck->cpt, s->section_name, "store_id", &s->store_id, err) == 0)
        s->have_id = true;
    else
        ckpt_problem_add(ck, CKPT_ERROR, "%s", err);
    if (cpt_get_u64(ck->cpt, s->section_name, "range_size", &s->range_size, err) == 0)
        s->have_size = true;
    else
        ckpt_problem_add(ck, CKPT_ERROR, "%s", err);
    const char *fn = cpt_get(ck->cpt, s->section_name, "filename");
    if (!fn) {
        ckpt_problem_add(ck, CKPT_ERROR, "[%s] has no filename key", s->section_name);
        return;
    }
    s->filename = strdup(fn);
    char path[4096];
    if (!s->filename || path_join(path, sizeof path, ck->dir, fn) != 0)
        return;
    s->file_path = strdup(path);
    struct stat st;
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
        s->file_exists = true;
        s->file_bytes = (uint64_t)st.st_size;
    } else {
        ckpt_problem_add(ck, CKPT_ERROR, "store file %s is missing: gem5 would stop with "
                         "\"Can't open physical memory checkpoint file '%s'\"", path, fn);
    }
}

static void check_store_ids(struct ckpt *ck)
{
    for (size_t i = 0; i < ck->nstores; i++) {
        struct ckpt_store *s = &ck->stores[i];
        if (!s->have_id)
            continue;
        if (s->store_id >= ck->nbr_of_stores)
            ckpt_problem_add(ck, CKPT_ERROR, "[%s] store_id=%" PRIu64 " is not below "
                             "nbr_of_stores=%" PRIu64 ": gem5 does not check it and would "
                             "write outside its stores", s->section_name, s->store_id,
                             ck->nbr_of_stores);
        for (size_t j = 0; j < i; j++)
            if (ck->stores[j].have_id && ck->stores[j].store_id == s->store_id)
                ckpt_problem_add(ck, CKPT_ERROR, "[%s] and [%s] both restore into store_id=%"
                                 PRIu64 ": the second overwrites the first",
                                 ck->stores[j].section_name, s->section_name, s->store_id);
        if (s->have_size && s->range_size % 8)
            ckpt_problem_add(ck, CKPT_ERROR, "[%s] range_size=%" PRIu64 " is not a multiple "
                             "of 8: gem5 asserts on it", s->section_name, s->range_size);
    }
}

/* Sizes against the map, in the words gem5 uses when it refuses a restore. */
static void check_against_map(struct ckpt *ck)
{
    if (!ck->map.known)
        return;
    if (ck->map.nstores != ck->nbr_of_stores)
        ckpt_problem_add(ck, CKPT_ERROR, "%s: the config %s gives %zu backing stores but the "
                         "checkpoint has nbr_of_stores=%" PRIu64 "%s", ck->cpt_path,
                         ck->map.config_file, ck->map.nstores, ck->nbr_of_stores,
                         ck->map.nstores > ck->nbr_of_stores
                             ? ": the extra stores would restore as zeros"
                             : ": gem5 would stop with \"Can't unserialize\"");
    for (size_t i = 0; i < ck->nstores; i++) {
        struct ckpt_store *s = &ck->stores[i];
        if (!s->have_id || s->store_id >= ck->map.nstores)
            continue;
        s->map_index = (long)s->store_id;
        const struct mm_store *m = &ck->map.stores[s->store_id];
        uint64_t actual = m->end - m->start;
        if (s->have_size && s->range_size != actual)
            ckpt_problem_add(ck, CKPT_ERROR, "Memory range size has changed! Saw %" PRIu64
                             ", expected %" PRIu64 " ([%s], memory %s in %s)", s->range_size,
                             actual, s->section_name, m->name, ck->map.config_file);
    }
}

static int read_stores(struct ckpt *ck, char *err)
{
    char sec[1024];
    snprintf(sec, sizeof sec, "%s.physmem", ck->system);
    if (cpt_get_u64(ck->cpt, sec, "nbr_of_stores", &ck->nbr_of_stores, err) != 0)
        return -1;
    if (ck->nbr_of_stores > 4096)
        return err_set(err, "%s: [%s] nbr_of_stores=%" PRIu64 " is not plausible",
                       ck->cpt_path, sec, ck->nbr_of_stores);
    ck->stores = calloc(ck->nbr_of_stores ? ck->nbr_of_stores : 1, sizeof *ck->stores);
    if (!ck->stores)
        return err_set(err, "out of memory");
    for (unsigned n = 0; n < ck->nbr_of_stores; n++)
        read_store(ck, n, &ck->stores[n]);
    ck->nstores = ck->nbr_of_stores;
    check_store_ids(ck);
    return 0;
}

static void add_parse_warnings(struct ckpt *ck)
{
    for (size_t i = 0; i < cpt_warning_count(ck->cpt); i++) {
        const struct cpt_warning *w = cpt_warning_at(ck->cpt, i);
        ckpt_problem_add(ck, w->serious ? CKPT_ERROR : CKPT_WARNING, "%s:%zu: %s", ck->cpt_path,
                         w->line, w->text);
    }
}

/* A gem5wb killed mid-commit leaves temps and maybe a journal: finish (or undo) it first,
 * so what is read is the checkpoint as it was before or after that commit, never between. */
static void recover(struct ckpt *ck)
{
    char why[ERR_LEN];
    int recovered = 0;
    if (txn_recover(ck->dir, &recovered, why) != 0)
        ckpt_problem_add(ck, CKPT_ERROR, "%s: an interrupted gem5wb commit could not be "
                         "finished, so its files may be half changed (%s)", ck->dir, why);
    else if (recovered)
        ckpt_problem_add(ck, CKPT_WARNING, "%s: an interrupted gem5wb commit was completed",
                         ck->dir);
}

int ckpt_open(const char *dir, const char *config, struct ckpt **out, char *err)
{
    struct ckpt *ck = calloc(1, sizeof *ck);
    char path[4096];
    if (!ck)
        return err_set(err, "out of memory");
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        free(ck);
        return err_set(err, "'%s' is not a checkpoint directory (no such directory)", dir);
    }
    if (!(ck->dir = strdup(dir)) || path_join(path, sizeof path, dir, "m5.cpt") != 0 ||
        !(ck->cpt_path = strdup(path)))
        goto fail_oom;
    recover(ck);
    ck->cpt = cpt_load(path, err);
    if (!ck->cpt)
        goto fail;
    add_parse_warnings(ck);
    read_globals(ck);
    ck->system = find_system(ck->cpt);
    if (!ck->system)
        ckpt_problem_add(ck, CKPT_ERROR, "%s has no [<system>.physmem] section with "
                         "nbr_of_stores: it holds no memory", path);
    if (ck->system && read_stores(ck, err) != 0)
        goto fail;
    if (load_config(ck, config, err) != 0 || ckpt_read_cpus(ck, err) != 0)
        goto fail;
    check_against_map(ck);
    *out = ck;
    return 0;
fail_oom:
    err_set(err, "out of memory");
fail:
    ckpt_close(ck);
    return -1;
}

void ckpt_close(struct ckpt *ck)
{
    if (!ck)
        return;
    for (size_t i = 0; i < ck->nstores; i++) {
        free(ck->stores[i].section_name);
        free(ck->stores[i].filename);
        free(ck->stores[i].file_path);
    }
    for (size_t i = 0; i < ck->ncpus; i++) {
        free(ck->cpus[i].section);
        free(ck->cpus[i].type);
    }
    for (size_t i = 0; i < ck->nproblems; i++)
        free(ck->problems[i].text);
    free(ck->problems);
    free(ck->cpus);
    free(ck->stores);
    memmap_free(&ck->map);
    runcfg_free(ck->cfg);
    cpt_free(ck->cpt);
    free(ck->system);
    free(ck->cpt_path);
    free(ck->dir);
    free(ck);
}

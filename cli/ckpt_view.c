/* Text and JSON renderings of a checkpoint summary: globals, CPUs, stores with their
 * address ranges and memories, which store is the remote memory, and the problems. */
#include "cli/ckpt_view.h"
#include "cli/cli.h"
#include "core/util/size.h"

#include <inttypes.h>
#include <string.h>

static const char *status_name(int64_t s)
{
    static const char *names[] = {"Active", "Suspended", "Halting", "Halted"};
    return s >= 0 && s < 4 ? names[s] : "?";
}

char *ckpt_view_range(uint64_t start, uint64_t end, char *buf, size_t len)
{
    snprintf(buf, len, "0x%" PRIx64 "-0x%" PRIx64, start, end - 1);
    return buf;
}

static const struct mm_store *mapped(const struct ckpt *ck, const struct ckpt_store *s)
{
    return s->map_index >= 0 ? &ck->map.stores[s->map_index] : NULL;
}

/* The remote memory's store section, or -1. */
static long remote_store(const struct ckpt *ck)
{
    for (size_t i = 0; i < ck->nstores; i++) {
        const struct mm_store *m = mapped(ck, &ck->stores[i]);
        if (m && m->role == MM_ROLE_REMOTE)
            return (long)i;
    }
    return -1;
}

static cJSON *cpu_json(const struct ckpt_cpu *c)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "section", c->section);
    cJSON_AddStringToObject(j, "type", c->type);
    if (c->have_pc)
        cli_json_hex(j, "pc", c->pc);
    if (c->aarch64_known)
        cJSON_AddBoolToObject(j, "aarch64", c->aarch64);
    if (c->have_status)
        cJSON_AddStringToObject(j, "status", status_name(c->status));
    if (c->have_inst)
        cli_json_u64(j, "inst_count", c->inst_count);
    cJSON_AddBoolToObject(j, "switched_out", c->switched_out);
    return j;
}

static cJSON *store_json(const struct ckpt *ck, const struct ckpt_store *s)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddNumberToObject(j, "index", s->section);
    cJSON_AddStringToObject(j, "section", s->section_name ? s->section_name : "");
    if (s->have_id)
        cli_json_u64(j, "store_id", s->store_id);
    cJSON_AddStringToObject(j, "file", s->filename ? s->filename : "");
    cJSON_AddBoolToObject(j, "file_exists", s->file_exists);
    if (s->file_exists)
        cli_json_u64(j, "compressed_bytes", s->file_bytes);
    if (s->have_size)
        cli_json_u64(j, "range_size", s->range_size);
    const struct mm_store *m = mapped(ck, s);
    cJSON_AddBoolToObject(j, "range_known", m != NULL);
    if (m) {
        cli_json_hex(j, "start", m->start);
        cli_json_hex(j, "end", m->end);
        cJSON_AddStringToObject(j, "memory", m->name);
        cJSON_AddStringToObject(j, "memory_type", ck->map.mems[m->mems[0]].type);
        cJSON_AddNumberToObject(j, "channels", (double)m->nmems);
        cJSON_AddStringToObject(j, "role", mm_role_name(m->role));
        cJSON_AddBoolToObject(j, "in_addr_map", m->in_addr_map);
    }
    if (s->scanned) {
        cli_json_u64(j, "decoded_bytes", s->scan.decoded_bytes);
        cJSON_AddNumberToObject(j, "gzip_members", s->scan.members);
        cli_json_u64(j, "nonzero_pages", s->scan.nonzero_pages);
    }
    return j;
}

cJSON *ckpt_view_json(const struct ckpt *ck)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddBoolToObject(j, "ok", ckpt_error_count(ck) == 0);
    cJSON_AddStringToObject(j, "dir", ck->dir);
    if (ck->have_tick)
        cli_json_u64(j, "tick", ck->tick);
    cJSON_AddNumberToObject(j, "version_tags", (double)ck->ntags);
    cJSON_AddStringToObject(j, "isa", ck->isa);
    cJSON_AddStringToObject(j, "system", ck->system ? ck->system : "");
    cJSON_AddStringToObject(j, "config", ck->cfg ? ck->map.config_file ? ck->map.config_file : "" : "");
    cJSON *cpus = cJSON_AddArrayToObject(j, "cpus");
    for (size_t i = 0; i < ck->ncpus; i++)
        cJSON_AddItemToArray(cpus, cpu_json(&ck->cpus[i]));
    cJSON *stores = cJSON_AddArrayToObject(j, "stores");
    for (size_t i = 0; i < ck->nstores; i++)
        cJSON_AddItemToArray(stores, store_json(ck, &ck->stores[i]));
    long r = remote_store(ck);
    if (r >= 0)
        cJSON_AddNumberToObject(j, "remote_store", (double)r);
    else
        cJSON_AddNullToObject(j, "remote_store");
    cJSON *probs = cJSON_AddArrayToObject(j, "problems");
    for (size_t i = 0; i < ck->nproblems; i++) {
        cJSON *p = cJSON_CreateObject();
        cJSON_AddStringToObject(p, "severity",
                                ck->problems[i].sev == CKPT_ERROR ? "error" : "warning");
        cJSON_AddStringToObject(p, "text", ck->problems[i].text);
        cJSON_AddItemToArray(probs, p);
    }
    return j;
}

static void cpus_text(FILE *f, const struct ckpt *ck)
{
    fprintf(f, "\nCPUs (%zu)\n", ck->ncpus);
    for (size_t i = 0; i < ck->ncpus; i++) {
        const struct ckpt_cpu *c = &ck->cpus[i];
        fprintf(f, "  %-34s %-22s", c->section, *c->type ? c->type : "(type unknown)");
        if (c->switched_out)
            fputs("  switched out", f);
        if (c->have_pc)
            fprintf(f, "  pc 0x%" PRIx64 "%s", c->pc,
                    c->aarch64_known ? (c->aarch64 ? " AArch64" : " AArch32") : "");
        if (c->have_status)
            fprintf(f, "  %s", status_name(c->status));
        if (c->have_inst)
            fprintf(f, "  %" PRIu64 " insts", c->inst_count);
        fputc('\n', f);
    }
}

static void store_row(FILE *f, const struct ckpt *ck, const struct ckpt_store *s)
{
    char range[64] = "unknown", size[32] = "?", comp[32] = "missing";
    const struct mm_store *m = mapped(ck, s);
    if (m)
        ckpt_view_range(m->start, m->end, range, sizeof range);
    if (m && !m->in_addr_map)
        strcat(range, "*");
    if (s->have_size)
        size_format(s->range_size, size, sizeof size);
    if (s->file_exists)
        size_format(s->file_bytes, comp, sizeof comp);
    fprintf(f, "  %-2u %-34s %-8s %-26s %-9s %-30s %s\n", s->section,
            m ? m->name : "(unknown)", m ? mm_role_name(m->role) : "", range, size,
            s->filename ? s->filename : "(no filename)", comp);
}

static void stores_text(FILE *f, const struct ckpt *ck)
{
    fprintf(f, "\nStores (%zu)\n  %-2s %-34s %-8s %-26s %-9s %-30s %s\n", ck->nstores, "#",
            "memory", "role", "range", "size", "file", "compressed");
    bool unmapped = false;
    for (size_t i = 0; i < ck->nstores; i++) {
        store_row(f, ck, &ck->stores[i]);
        const struct mm_store *m = mapped(ck, &ck->stores[i]);
        unmapped |= m && !m->in_addr_map;
    }
    if (unmapped)
        fputs("  * not in gem5's address map (a bridge to memory outside gem5, such as SST)\n", f);
    if (!ck->map.known)
        fputs("  ranges are unknown without the run's config.json or config.ini "
              "(give it with --config)\n", f);
}

static void remote_text(FILE *f, const struct ckpt *ck)
{
    long r = remote_store(ck);
    if (r < 0) {
        if (ck->map.known)
            fputs("\nremote memory: none found in the config\n", f);
        return;
    }
    const struct mm_store *m = mapped(ck, &ck->stores[r]);
    char range[64], size[32];
    fprintf(f, "\nremote memory: store%ld = %s (%s), %s, %s\n", r, m->name,
            ck->map.mems[m->mems[0]].type, ckpt_view_range(m->start, m->end, range, sizeof range),
            size_format(m->end - m->start, size, sizeof size));
}

void ckpt_view_problems(FILE *f, const struct ckpt *ck)
{
    if (ck->nproblems == 0) {
        fputs("\nproblems: none\n", f);
        return;
    }
    fprintf(f, "\nproblems (%zu errors, %zu warnings)\n", ckpt_error_count(ck),
            ck->nproblems - ckpt_error_count(ck));
    for (size_t i = 0; i < ck->nproblems; i++)
        fprintf(f, "  %s: %s\n", ck->problems[i].sev == CKPT_ERROR ? "error" : "warning",
                ck->problems[i].text);
}

void ckpt_view_text(FILE *f, const struct ckpt *ck)
{
    fprintf(f, "checkpoint  %s\n", ck->dir);
    if (ck->have_tick)
        fprintf(f, "tick        %" PRIu64 " (%.9f s simulated)\n", ck->tick, (double)ck->tick / 1e12);
    fprintf(f, "version     %zu tags%s\n", ck->ntags, ck->globals && !strcmp(ck->globals, "Globals")
                                                          ? " (old [Globals] layout)" : "");
    fprintf(f, "ISA         %s\nsystem      %s\nconfig      %s\n", ck->isa,
            ck->system ? ck->system : "(none)", ck->cfg ? ck->map.config_file ? ck->map.config_file
                                                                              : "(unusable)"
                                                        : "(none found)");
    cpus_text(f, ck);
    stores_text(f, ck);
    remote_text(f, ck);
}

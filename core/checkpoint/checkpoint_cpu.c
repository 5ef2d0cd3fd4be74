/* The CPUs and ISA of a checkpoint: a CPU is a section with instCnt; its thread
 * context <cpu>.xc.0 holds the PC and status; the type comes from the config. */
#include "core/checkpoint/checkpoint.h"
#include "core/checkpoint/cpt.h"
#include "core/checkpoint/runcfg.h"
#include "core/util/err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && !strcmp(s + n - k, suffix);
}

static const char *isa_of_type(const char *type)
{
    if (!strncmp(type, "Arm", 3))
        return "arm";
    if (!strncmp(type, "X86", 3))
        return "x86";
    if (!strncmp(type, "Riscv", 5))
        return "riscv";
    return NULL;
}

static void read_thread(struct ckpt *ck, struct ckpt_cpu *cpu)
{
    char xc[1024], err[ERR_LEN];
    snprintf(xc, sizeof xc, "%s.xc.0", cpu->section);
    if (cpt_section_find(ck->cpt, xc) < 0) {
        cpu->switched_out = cpt_entry_count(ck->cpt, (size_t)cpt_section_find(ck->cpt,
                                            cpu->section)) == 1;
        return;
    }
    cpu->have_pc = cpt_get_u64(ck->cpt, xc, "_pc", &cpu->pc, err) == 0;
    cpu->have_status = cpt_get_i64(ck->cpt, xc, "_status", &cpu->status, err) == 0;
    uint64_t flags;
    if (cpt_get(ck->cpt, xc, "nextFlags") && cpt_get_u64(ck->cpt, xc, "flags", &flags, err) == 0) {
        cpu->aarch64_known = true;   /* ARM PCState: bit 2 of flags is AArch64 */
        cpu->aarch64 = (flags >> 2) & 1;
    }
}

static int add_cpu(struct ckpt *ck, const char *section)
{
    struct ckpt_cpu *c = realloc(ck->cpus, (ck->ncpus + 1) * sizeof *c);
    if (!c)
        return -1;
    ck->cpus = c;
    struct ckpt_cpu *cpu = &c[ck->ncpus];
    memset(cpu, 0, sizeof *cpu);
    long obj = ck->cfg ? runcfg_find(ck->cfg, section) : -1;
    cpu->section = strdup(section);
    cpu->type = strdup(obj >= 0 ? runcfg_type(ck->cfg, (size_t)obj) : "");
    if (!cpu->section || !cpu->type) {
        free(cpu->section);
        free(cpu->type);
        return -1;
    }
    ck->ncpus++;
    char err[ERR_LEN];
    cpu->have_inst = cpt_get_u64(ck->cpt, section, "instCnt", &cpu->inst_count, err) == 0;
    read_thread(ck, cpu);
    return 0;
}

static const char *isa_from_sections(const struct ckpt *ck)
{
    for (size_t i = 0; i < cpt_section_count(ck->cpt); i++) {
        const char *name = cpt_section_name(ck->cpt, i);
        if (ends_with(name, ".isa.miscRegs"))
            return "arm";
        if (ends_with(name, ".isa") && cpt_get(ck->cpt, name, "regVal"))
            return "x86";
    }
    return NULL;
}

static const char *isa_from_config(const struct ckpt *ck)
{
    for (size_t i = 0; i < ck->ncpus; i++)
        if (isa_of_type(ck->cpus[i].type))
            return isa_of_type(ck->cpus[i].type);
    for (size_t i = 0; ck->cfg && i < runcfg_count(ck->cfg); i++)
        if (ends_with(runcfg_type(ck->cfg, i), "ISA") && isa_of_type(runcfg_type(ck->cfg, i)))
            return isa_of_type(runcfg_type(ck->cfg, i));
    return NULL;
}

int ckpt_read_cpus(struct ckpt *ck, char *err)
{
    for (size_t i = 0; i < cpt_section_count(ck->cpt); i++) {
        const char *name = cpt_section_name(ck->cpt, i);
        if (cpt_get(ck->cpt, name, "instCnt") && add_cpu(ck, name) != 0)
            return err_set(err, "out of memory");
    }
    const char *isa = isa_from_sections(ck);
    if (!isa)
        isa = isa_from_config(ck);
    snprintf(ck->isa, sizeof ck->isa, "%s", isa ? isa : "unknown");
    return 0;
}

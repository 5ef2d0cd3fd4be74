/* m5.cpt of a sample checkpoint, with the sections gem5 writes for the darchr boards:
 * CPUs with their thread contexts and ISA state, physmem and its stores, root.globals. */
#include "core/checkpoint/memmap.h"
#include "core/checkpoint/sample.h"
#include "core/util/err.h"
#include "core/util/fileio.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The 28 tags the fork's binary writes (gem5-checkpoint-format.md §4). */
static const char version_tags[] =
    "arm-ccregs arm-contextidr-el2 arm-gem5-gic-ext arm-gicv2-banked-regs arm-hdlcd-upgrade "
    "arm-miscreg-teehbr arm-sve arm-sysreg-mapping-ns armv8 cpu-pid dvfs-perflevel "
    "etherswitch globals-to-root ide-dma-abort isa-is-simobject memory-per-range "
    "mempool-sections mempool-to-seworkload multiple-event-queues process-fdmap-rename "
    "register-files remove-arm-cpsr-mode-miscreg riscv-dyn-vlen riscv-pcstate riscv-vext "
    "ruby-block-size-bytes smt-interrupts x86-add-tlb";

/* A register file as gem5 writes it: every byte, little-endian, as a decimal number. */
static void byte_array(FILE *f, const char *key, const uint64_t *regs, size_t nregs,
                       size_t total_bytes)
{
    fprintf(f, "%s=", key);
    for (size_t b = 0; b < total_bytes; b++) {
        uint64_t r = b / 8 < nregs ? regs[b / 8] : 0;
        fprintf(f, b ? " %u" : "%u", (unsigned)((r >> (8 * (b % 8))) & 0xff));
    }
    fputc('\n', f);
}

static void arm_thread(FILE *f, const char *cpu, unsigned i)
{
    uint64_t x[42] = {0};
    for (unsigned r = 0; r < 31; r++)
        x[r] = r == 0 ? 0 : 0xffff000000000000ULL + (uint64_t)r * 0x1000 + i;
    x[39] = 0xffff800011ab3e60ULL - 0x4000ULL * i;   /* SP_EL1 */
    uint64_t pc = 0xffff800010a3c9f4ULL + 0x40ULL * i;
    fprintf(f, "\n[%s.xc.0]\ninterrupts=false false false false false false false\n"
               "intStatus=0\n_status=%d\n", cpu, i == 0 ? 0 : 1);
    byte_array(f, "regs.integer", x, 42, 42 * 8);
    fprintf(f, "regs.floating_point=\n");
    byte_array(f, "regs.vector", NULL, 0, 44 * 256);
    byte_array(f, "regs.vector_element", NULL, 0, 2816 * 8);
    byte_array(f, "regs.vector_predicate", NULL, 0, 17 * 32);
    fprintf(f, "regs.matrix=\n");
    uint64_t cc[6] = {0, 1, 0, 0, 0, 0};
    byte_array(f, "regs.condition_code", cc, 6, 6 * 8);
    fprintf(f, "_pc=%" PRIu64 "\n_upc=0\n_npc=%" PRIu64 "\n_nupc=1\nflags=4\n_size=4\n"
               "nextFlags=4\n_itstate=0\n_nextItstate=0\n_illegalExec=false\n"
               "_debugStep=false\n_stepped=false\n", pc, pc + 4);
    fprintf(f, "\n[%s.isa.miscRegs]\ncpsr=965\ncurrentel=4\nnzcv=1610612736\ndaif=960\n"
               "sctlr_el1=886067229\ntcr_el1=5111874768\nttbr0_el1=%" PRIu64 "\n"
               "ttbr1_el1=%" PRIu64 "\nvbar_el1=18446603336221204480\nsp_el0=0\n"
               "midr_el1=1091551472\nmpidr_el1=%u\n", cpu, (uint64_t)0x81c2d000, (uint64_t)0x826f9000,
            0x80000000u + i);
}

static void x86_thread(FILE *f, const char *cpu, unsigned i)
{
    uint64_t r[38] = {0};
    r[4] = 0xffffc90000083ec8ULL - 0x4000ULL * i;   /* RSP */
    uint64_t pc = 0xffffffff81c3a2e0ULL + 0x20ULL * i;
    fprintf(f, "\n[%s.xc.0]\nregs=", cpu);
    for (int k = 0; k < 256; k++)
        fprintf(f, k ? " 0" : "0");
    fprintf(f, "\npendingSmi=false\nsmiVector=0\npendingNmi=false\nnmiVector=0\n"
               "pendingInit=false\ninitVector=0\npendingStartup=false\nstartupVector=0\n"
               "startedUp=true\npendingUnmaskableInt=false\npendingExtInt=false\n"
               "IRRV=0\nISRV=0\napicTimerEventScheduled=false\napicTimerEventTick=0\n"
               "_status=%d\n", i == 0 ? 0 : 1);
    byte_array(f, "regs.integer", r, 38, 38 * 8);
    byte_array(f, "regs.floating_point", NULL, 0, 8 * 8);
    byte_array(f, "regs.vector", NULL, 0, 16 * 16);
    fprintf(f, "regs.vector_element=\nregs.vector_predicate=\nregs.matrix=\n");
    byte_array(f, "regs.condition_code", NULL, 0, 5 * 8);
    fprintf(f, "_pc=%" PRIu64 "\n_upc=0\n_npc=%" PRIu64 "\n_nupc=1\n_size=0\n", pc, pc + 1);
    fprintf(f, "\n[%s.isa]\nregVal=", cpu);
    for (int k = 0; k < 320; k++)
        fprintf(f, k ? " 0" : "0");
    fputc('\n', f);
}

static void cpu_sections(FILE *f, const struct sample_layout *l, const struct sample_opts *o)
{
    unsigned i = 0;
    for (unsigned k = 0; k < l->n; k++) {
        const struct sample_obj *c = &l->objs[k];
        if (!strstr(c->type, "CPU"))
            continue;
        fprintf(f, "\n[%s]\ninstCnt=%" PRIu64 "\n_pid=-1\n", c->path,
                (uint64_t)(987654321 + 1000003ULL * i));
        if (!strcmp(o->isa, "arm"))
            arm_thread(f, c->path, i);
        else
            x86_thread(f, c->path, i);
        i++;
    }
}

static void physmem_sections(FILE *f, const char *system, const struct memmap *map)
{
    fprintf(f, "\n[%s.physmem]\nlal_addr=\nlal_cid=\nnbr_of_stores=%zu\n", system, map->nstores);
    for (size_t i = 0; i < map->nstores; i++)
        fprintf(f, "\n[%s.physmem.store%zu]\nstore_id=%zu\nfilename=%s.physmem.store%zu.pmem\n"
                   "range_size=%" PRIu64 "\n", system, i, i, system, i,
                map->stores[i].end - map->stores[i].start);
}

static void globals(FILE *f, const struct sample_opts *o, bool first)
{
    if (o->old_globals && first)
        fprintf(f, "\n[Globals]\ncurTick=%" PRIu64 "\n", o->tick);
    if (!o->old_globals && !first)
        fprintf(f, "\n[root.globals]\ncurTick=%" PRIu64 "\nversion_tags=%s\n", o->tick,
                version_tags);
}

static void cpt_text(FILE *f, const struct sample_layout *l, const struct memmap *map,
                     const struct sample_opts *o)
{
    time_t now = time(NULL);
    char date[64];
    ctime_r(&now, date);   /* ends with '\n', as gem5's line does */
    fprintf(f, "## checkpoint generated: %s", date);
    globals(f, o, true);
    cpu_sections(f, l, o);
    for (unsigned k = 0; k < l->n; k++)
        if (l->objs[k].is_memory)
            fprintf(f, "\n[%s]\ncurrState=0\nprvEvalTick=0\n", l->objs[k].path);
    fprintf(f, "\n[%s]\n", l->system);
    for (unsigned i = 0; i < o->ncpus; i++)
        fprintf(f, "quiesceEndTick_%u=0\n", i);
    physmem_sections(f, l->system, map);
    fprintf(f, "\n[root]\nFullSystem=%s\n", o->board == SAMPLE_BOARD_CLASSIC ? "false" : "true");
    globals(f, o, false);
}

int sample_cpt_write(const char *cptdir, const struct sample_layout *l, const struct memmap *map,
                     const struct sample_opts *o, char *err)
{
    char *buf = NULL, path[4096];
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return err_set(err, "out of memory");
    cpt_text(f, l, map, o);
    fclose(f);
    int rc = path_join(path, sizeof path, cptdir, "m5.cpt") == 0
                 ? file_replace(path, buf, len, 0, err)
                 : err_set(err, "path '%s' is too long", cptdir);
    free(buf);
    return rc;
}

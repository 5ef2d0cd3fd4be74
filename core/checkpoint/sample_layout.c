/* The objects of a sample run: the darchr boards' memories (ARM platform memories of
 * VExpress_GEM5_V1, local DRAM, remote memory) and CPUs, as their config names them. */
#include "core/checkpoint/sample.h"
#include "core/util/err.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GiB (1ULL << 30)
#define MiB (1ULL << 20)

/* VExpress_GEM5_V1's memories (src/dev/arm/RealView.py): all in the address map. */
static const struct { const char *name, *type; uint64_t start, size; } realview[] = {
    {"bootmem", "SimpleMemory", 0x0, 64 * MiB},
    {"flash0", "SimpleMemory", 0x08000000, 64 * MiB},
    {"flash1", "CfiMemory", 0x0C000000, 64 * MiB},
    {"non_trusted_sram", "SimpleMemory", 0x2E000000, 32 * 1024},
    {"trusted_dram", "SimpleMemory", 0x06000000, 32 * MiB},
    {"trusted_sram", "SimpleMemory", 0x04000000, 256 * 1024},
    {"vram", "SimpleMemory", 0x18000000, 32 * MiB},
};

int sample_board_parse(const char *text, enum sample_board *out, char *err)
{
    static const char *names[] = {"sst", "gem5", "sst-v2", "classic"};
    for (int i = 0; i < 4; i++)
        if (!strcmp(text, names[i])) {
            *out = (enum sample_board)i;
            return 0;
        }
    return err_set(err, "board '%s' is not one of sst, gem5, sst-v2, classic", text);
}

const char *sample_board_name(enum sample_board b)
{
    static const char *names[] = {"sst", "gem5", "sst-v2", "classic"};
    return names[b];
}

static void param(struct sample_obj *o, const char *key, enum sample_kind kind, const char *fmt, ...)
    __attribute__((format(__printf__, 4, 5)));
static void param(struct sample_obj *o, const char *key, enum sample_kind kind, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *v = NULL;
    if (vasprintf(&v, fmt, ap) < 0)
        v = NULL;
    va_end(ap);
    if (o->nparams < sizeof o->params / sizeof o->params[0]) {
        o->params[o->nparams].key = key;
        o->params[o->nparams].kind = kind;
        o->params[o->nparams++].value = v;
    } else {
        free(v);
    }
}

static struct sample_obj *obj(struct sample_layout *l, const char *path, const char *attr,
                              const char *type)
{
    if (l->n >= SAMPLE_MAX_OBJS) {
        l->overflow = true;
        return NULL;
    }
    struct sample_obj *o = &l->objs[l->n++];
    memset(o, 0, sizeof *o);
    o->path = strdup(path);
    o->attr = strdup(attr);
    o->type = strdup(type);
    return o;
}

static void range_param(struct sample_obj *o, const struct sample_opts *opt, uint64_t start,
                        uint64_t size, int channel, int channels)
{
    uint64_t end = start + size - (opt->inclusive_ends ? 1 : 0);
    if (channels > 1)
        param(o, "range", SP_STR, "%" PRIu64 ":%" PRIu64 ":%d:64", start, end, channel);
    else
        param(o, "range", SP_STR, "%" PRIu64 ":%" PRIu64, start, end);
}

static void memory(struct sample_layout *l, const struct sample_opts *opt, const char *path,
                   const char *attr, const char *type, uint64_t start, uint64_t size,
                   bool in_addr_map, int channel, int channels)
{
    struct sample_obj *o = obj(l, path, attr, type);
    if (!o)
        return;
    o->is_memory = true;
    o->store_start = start;
    o->store_size = size;
    param(o, "conf_table_reported", SP_BOOL, "true");
    param(o, "in_addr_map", SP_BOOL, in_addr_map ? "true" : "false");
    param(o, "kvm_map", SP_BOOL, "true");
    param(o, "null", SP_BOOL, "false");
    range_param(o, opt, start, size, channel, channels);
}

/* Two channels interleaved every 64 B, as DualChannelDDR4_2400 / RemoteChanneledMemory. */
static void channeled(struct sample_layout *l, const struct sample_opts *opt, const char *prefix,
                      const char *ctrl_attr, uint64_t start, uint64_t size)
{
    char path[256];
    snprintf(path, sizeof path, "%s", prefix);
    if (strchr(prefix + strlen(l->system) + 1, '.') == NULL && strcmp(ctrl_attr, "mem_ctrls"))
        obj(l, path, strrchr(prefix, '.') + 1, "SubSystem");
    for (int ch = 0; ch < 2; ch++) {
        snprintf(path, sizeof path, "%s.%s%d", prefix, ctrl_attr, ch);
        if (!strcmp(ctrl_attr, "mem_ctrls"))   /* classic: system.mem_ctrls0 */
            snprintf(path, sizeof path, "%s%d", prefix, ch);
        obj(l, path, ctrl_attr, "MemCtrl");
        strcat(path, ".dram");
        memory(l, opt, path, "dram", "DRAMInterface", start, size, true, ch, 2);
    }
}

static const char *cpu_type(const struct sample_opts *o)
{
    static char buf[64];
    const char *isa = !strcmp(o->isa, "x86") ? "X86" : "Arm";
    const char *kind = !strcmp(o->cpu, "kvm") ? "KvmCPU"
                     : !strcmp(o->cpu, "timing") ? "TimingSimpleCPU" : "AtomicSimpleCPU";
    snprintf(buf, sizeof buf, "%s%s", isa, kind);
    return buf;
}

/* gem5 numbers a vector of n children with ceil(log10(n)) digits: cores0..cores3,
 * cores00..cores15. */
static int index_width(unsigned n)
{
    int w = 1;
    for (unsigned v = 10; v < n; v *= 10)
        w++;
    return w;
}

static void cpus(struct sample_layout *l, const struct sample_opts *o)
{
    char path[256];
    bool classic = o->board == SAMPLE_BOARD_CLASSIC;
    int w = index_width(o->ncpus);
    if (!classic)
        obj(l, "board.processor", "processor", "SubSystem");
    for (unsigned i = 0; i < o->ncpus; i++) {
        if (classic) {
            snprintf(path, sizeof path, o->ncpus == 1 ? "system.cpu" : "system.cpu%0*u", w, i);
            obj(l, path, "cpu", cpu_type(o));
            continue;
        }
        snprintf(path, sizeof path, o->ncpus == 1 ? "board.processor.cores"
                                                  : "board.processor.cores%0*u", w, i);
        obj(l, path, "cores", "SubSystem");
        strcat(path, ".core");
        obj(l, path, "core", cpu_type(o));
    }
}

static void remote(struct sample_layout *l, const struct sample_opts *o, uint64_t start)
{
    switch (o->board) {
    case SAMPLE_BOARD_SST:
        memory(l, o, "board.remote_memory", "remote_memory", "OutgoingRequestBridge", start,
               o->remote_size, false, 0, 1);
        break;
    case SAMPLE_BOARD_SST_V2:
        obj(l, "board.remote_memory", "remote_memory", "SubSystem");
        memory(l, o, "board.remote_memory.outgoing_request_bridge", "outgoing_request_bridge",
               "ExternalMemory", start, o->remote_size, true, 0, 1);
        break;
    case SAMPLE_BOARD_GEM5:
        channeled(l, o, "board.remote_memory", "mem_ctrl", start, o->remote_size);
        break;
    case SAMPLE_BOARD_CLASSIC:
        memory(l, o, "system.remote_mem", "remote_mem", "SimpleMemory", start, o->remote_size,
               true, 0, 1);
        break;
    }
}

static int cmp_path(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The system's memories param: every memory under it, sorted by path (Self.all). */
static void system_params(struct sample_layout *l, struct sample_obj *sys, uint64_t local_start,
                          const struct sample_opts *o, uint64_t remote_start)
{
    char *paths[SAMPLE_MAX_OBJS], *list = NULL;
    unsigned n = 0;
    for (unsigned i = 0; i < l->n; i++)
        if (l->objs[i].is_memory)
            paths[n++] = l->objs[i].path;
    qsort(paths, n, sizeof *paths, cmp_path);
    size_t len = 1;
    for (unsigned i = 0; i < n; i++)
        len += strlen(paths[i]) + 1;
    if ((list = calloc(1, len)))
        for (unsigned i = 0; i < n; i++) {
            if (i)
                strcat(list, " ");
            strcat(list, paths[i]);
        }
    uint64_t lo_end = local_start + o->local_size, re_end = remote_start + o->remote_size;
    if (o->inclusive_ends)
        lo_end--, re_end--;
    param(sys, "mem_ranges", SP_LIST, "%" PRIu64 ":%" PRIu64 " %" PRIu64 ":%" PRIu64,
          local_start, lo_end, remote_start, re_end);
    param(sys, "memories", SP_LIST, "%s", list ? list : "");
    free(list);
}

int sample_layout_build(const struct sample_opts *o, struct sample_layout *l, char *err)
{
    bool arm = !strcmp(o->isa, "arm"), classic = o->board == SAMPLE_BOARD_CLASSIC;
    if (!arm && strcmp(o->isa, "x86"))
        return err_set(err, "ISA '%s' is not arm or x86", o->isa);
    uint64_t local_start = arm ? 2 * GiB : 0;
    if (!arm && o->local_size > 3 * GiB)
        return err_set(err, "x86 local memory is at most 3 GiB (the I/O hole starts there)");
    if (o->local_size == 0 || o->remote_size == 0 || o->local_size % (4096 * 2) ||
        o->remote_size % 4096)
        return err_set(err, "memory sizes must be non-zero multiples of 8 KiB");
    if (o->ncpus == 0 || o->ncpus > 64)
        return err_set(err, "the number of CPUs must be between 1 and 64");
    memset(l, 0, sizeof *l);
    l->system = classic ? "system" : "board";
    uint64_t remote_start = o->remote_start ? o->remote_start
                                            : (local_start + o->local_size > 4 * GiB
                                                   ? local_start + o->local_size : 4 * GiB);
    obj(l, "root", "root", "Root");
    struct sample_obj *sys = obj(l, l->system, l->system,
                                 arm ? "ArmSystem" : (classic ? "System" : "X86System"));
    if (classic)
        channeled(l, o, "system.mem_ctrls", "mem_ctrls", local_start, o->local_size);
    else
        channeled(l, o, "board.local_memory", "mem_ctrl", local_start, o->local_size);
    if (arm && !classic) {
        obj(l, "board.realview", "realview", "VExpress_GEM5_V1");
        for (size_t i = 0; i < sizeof realview / sizeof realview[0]; i++) {
            char path[128];
            snprintf(path, sizeof path, "board.realview.%s", realview[i].name);
            memory(l, o, path, realview[i].name, realview[i].type, realview[i].start,
                   realview[i].size, true, 0, 1);
        }
    }
    remote(l, o, remote_start);
    cpus(l, o);
    if (sys)
        system_params(l, sys, local_start, o, remote_start);
    if (l->overflow) {
        sample_layout_free(l);
        return err_set(err, "the sample layout has more than %d objects", SAMPLE_MAX_OBJS);
    }
    return 0;
}

void sample_layout_free(struct sample_layout *l)
{
    for (unsigned i = 0; i < l->n; i++) {
        for (unsigned k = 0; k < l->objs[i].nparams; k++)
            free(l->objs[i].params[k].value);
        free(l->objs[i].path);
        free(l->objs[i].attr);
        free(l->objs[i].type);
    }
    l->n = 0;
}

/* Driver for the job benchmark (bench/jobs.sh): writes gem5-like scons output, and times
 * `cat FILE` run as a job with every line fed to the scons progress parser (and logged). */
#include "core/util/err.h"
#include "core/workflow/job.h"
#include "core/workflow/progress/progress.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* This process's own user + system CPU time; children (cat) are not included. */
static double cpu_seconds(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
           (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

/* ---- --gen: output shaped like a pipe capture of gem5's `scons build/X86/gem5.opt` ---- */

static uint64_t rng = 88172645463325252ull;
static unsigned pick(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}
#define ANY(a) (a)[pick(sizeof(a) / sizeof(a)[0])]

static const char *const dirs[] = {
    "arch/x86/insts", "arch/x86/isa", "arch/x86/regs", "arch/generic", "base", "base/stats",
    "base/loader", "cpu/o3", "cpu/minor", "cpu/simple", "cpu/pred", "cpu/testers/traffic_gen",
    "dev/x86", "dev/storage", "dev/net", "dev/pci", "mem", "mem/cache", "mem/cache/prefetch",
    "mem/cache/replacement_policies", "mem/ruby/network/garnet", "mem/ruby/structures",
    "mem/ruby/system", "mem/qos", "sim", "sim/power", "systemc/core", "gpu-compute", "kern",
};
static const char *const files[] = {
    "fetch", "decode", "rename", "iew", "commit", "lsq_unit", "tlb", "pagetable_walker",
    "interrupts", "decoder", "faults", "microop", "static_inst", "cache", "mshr", "write_queue",
    "base_set_assoc", "replaceable_entry", "router", "network_link", "cross_bar_switch", "eq",
    "serialize", "simulate", "port", "packet", "request", "dram_interface", "mem_ctrl", "trace",
    "bitfield", "statistics", "histogram", "thermal_model", "x",
};
static const char *const objs[] = {
    "X86TLB", "O3CPU", "BaseCache", "DRAMInterface", "SimpleMemory", "Root", "Bridge", "I8254",
    "BranchPredictor", "TAGE_SC_L_64KB", "MultiperspectivePerceptron64KB", "GarnetNetwork",
    "RubySystem", "IdeController", "X86LocalApic", "PowerModel", "ThermalDomain", "QoSMemCtrl",
};

struct gen {
    FILE *f;
    unsigned long lines, limit;
};

/* Writes one line unless the file already has its N lines. */
__attribute__((format(__printf__, 2, 3))) static void emit(struct gen *g, const char *fmt, ...)
{
    if (g->lines >= g->limit)
        return;
    va_list ap;
    va_start(ap, fmt);
    vfprintf(g->f, fmt, ap);
    va_end(ap);
    fputc('\n', g->f);
    g->lines++;
}

/* A gcc -Wdeprecated-declarations report (7 lines, one of about 330 bytes), as in the log. */
static void gen_warning(struct gen *g, unsigned long n)
{
    const char *d = ANY(dirs), *f = ANY(files), *o = ANY(objs);
    emit(g, "In file included from src/%s/%s_%lu.cc:17:", d, f, n);
    emit(g, "src/%s/%s.hh: In constructor 'gem5::%s::%s(const std::string&, gem5::%s&)':", d, f,
         o, o, ANY(objs));
    emit(g, "src/%s/%s.hh:93:58: warning: 'gem5::RequestPort::RequestPort(const std::string&, "
            "gem5::SimObject*, gem5::PortID)' is deprecated: RequestPort ownership is "
            "deprecated. Owner should now be registered in derived classes. "
            "[-Wdeprecated-declarations]", d, f);
    emit(g, "   93 |             : RequestPort(name, &_%s), owner(_%s)", f, f);
    emit(g, "      |                                                          ^");
    emit(g, "src/mem/port.hh:148:5: note: declared here");
    emit(g, "  148 |     RequestPort(const std::string& name, SimObject* _owner,");
}

/* SLICC's one step with a target list some 6 KB long. */
static void gen_slicc(struct gen *g)
{
    if (g->lines >= g->limit)
        return;
    fputs(" [   SLICC] src/mem/ruby/protocol/MESI_Two_Level.slicc -> ", g->f);
    for (int i = 0; i < 120; i++)
        fprintf(g->f, "%sX86/mem/ruby/protocol/%s_Controller%d.%s", i ? ", " : "", ANY(objs),
                i / 2, i % 2 ? "hh" : "cc");
    fputc('\n', g->f);
    g->lines++;
}

/* One build step, the tools in about the proportions of a full gem5 build. */
static void gen_step(struct gen *g, unsigned long n)
{
    const char *d = ANY(dirs), *f = ANY(files), *o = ANY(objs);
    unsigned r = pick(1000);
    if (r < 380)
        emit(g, " [     CXX] src/%s/%s_%lu.cc -> X86/%s/%s_%lu.o", d, f, n, d, f, n);
    else if (r < 470)
        emit(g, " [     CXX] X86/python/_m5/param_%s%lu.cc -> .o", o, n);
    else if (r < 540)
        emit(g, " [     CXX] X86/%s/%s%lu.py.cc -> .pyo", d, o, n);
    else if (r < 740)
        emit(g, " [SO Param] m5.objects.%s, %s%lu -> X86/%s/%s%s%lu.%s", o, o, n,
             r & 1 ? "params" : "python/_m5", r & 1 ? "" : "param_", o, n, r & 1 ? "hh" : "cc");
    else if (r < 880)
        emit(g, " [ TRACING]  -> X86/debug/%s%lu.hh", o, n);
    else if (r < 980)
        emit(g, " [EMBED PY] src/%s/%s%lu.py -> X86/%s/%s%lu.py.cc", d, o, n, d, o, n);
    else if (r < 990)
        emit(g, " [%s] m5.objects.%s, %sType%lu -> X86/enums/%sType%lu.%s",
             r & 1 ? "ENUMDECL" : "ENUM STR", o, o, n, o, n, r & 1 ? "hh" : "cc");
    else if (r < 995)
        emit(g, " [MAKE INC] src/mem/ruby/common/%s%lu.hh -> X86/mem/ruby/protocol/%s%lu.hh",
             o, n, o, n);
    else if (r < 998)
        emit(g, " [CONFIG H] HAVE_FEATURE_%lu, 1 -> X86/config/have_feature_%lu.hh", n, n);
    else
        emit(g, " [    LINK]  -> X86/%s", r & 1 ? "gem5.opt" : "gem5py_m5");
}

static int cmd_gen(const char *path, const char *count)
{
    struct gen g = { fopen(path, "w"), 0, strtoul(count, NULL, 10) };
    if (!g.f) {
        perror(path);
        return 1;
    }
    emit(&g, "scons: Reading SConscript files ...");
    emit(&g, "Checking for linker -Wl,--as-needed support... yes");
    emit(&g, "Checking for C header file Python.h... yes");
    emit(&g, "Checking for C header file linux/kvm.h... yes");
    emit(&g, "Warning: Header file <capstone/capstone.h> not found.");
    emit(&g, "scons: done reading SConscript files.");
    emit(&g, "scons: Building targets ...");
    while (g.lines + 1 < g.limit) {
        unsigned r = pick(100000);
        if (r < 250)
            gen_warning(&g, g.lines);
        else if (r < 300)
            emit(&g, "MESI_Two_Level-L1cache.sm:%u: Warning: Non-void return ignored, "
                     "return type is 'Tick'", 100 + r);
        else if (r < 302)
            gen_slicc(&g);
        else
            gen_step(&g, g.lines);
    }
    emit(&g, "scons: done building targets.");
    if (fclose(g.f) != 0) {
        perror(path);
        return 1;
    }
    return 0;
}

/* ---- the measurement ---- */

struct bench {
    struct prog_parser *p;          /* NULL with --no-parser */
    uint64_t events, warnings;
};

/* As the workbench does: every line, progress updates and pieces included, to the parser. */
static void on_line(void *arg, int stream, const char *line, size_t len, unsigned flags)
{
    (void)stream, (void)flags;
    struct bench *b = arg;
    struct prog_event ev;
    if (!b->p || prog_feed(b->p, line, len, &ev) != 1)
        return;
    b->events++;
    b->warnings += ev.has_diag && ev.sev == PROG_WARNING;
}

/* Untimed pre-pass: the file's lines and its gem5 step lines (" [TOOL] src -> target" once
 * escapes are removed), counted without the parser, to check what the parser reports. */
static int count_file(const char *path, uint64_t *lines, uint64_t *steps, bool *has_cr)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return perror(path), -1;
    static char clean[JOB_LINE_MAX];
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    *lines = *steps = 0, *has_cr = false;
    while ((n = getline(&line, &cap, f)) > 0) {
        (*lines)++;
        n -= line[n - 1] == '\n';
        *has_cr |= memchr(line, '\r', (size_t)n) != NULL;
        prog_clean(line, (size_t)n, clean, sizeof clean);
        const char *close = strchr(clean, ']');
        *steps += !strncmp(clean, " [", 2) && close && close[1] == ' ' && strstr(close, " -> ");
    }
    free(line);
    fclose(f);
    return 0;
}

/* Runs `cat FILE` as a job to its end; fails unless it exited 0. */
static int run_job(struct bench *b, const char *file, const char *log, struct job_result *res,
                   char *err)
{
    const char *const argv[] = { "cat", file, NULL };
    struct job_spec spec = { .argv = argv, .log_path = log };
    struct job *j;
    if (job_start(&spec, on_line, b, &j, err) != 0)
        return -1;
    int rc = job_wait(j, -1, err);
    job_result(j, res);
    job_free(j);
    if (rc == 0 && !(res->finished && res->exited && res->exit_code == 0))
        rc = err_set(err, "cat %s did not exit 0 (exit %d, signal %d).", file,
                     res->exit_code, res->signal);
    return rc;
}

/* Checks the job's and the parser's counts against the pre-pass. */
static int check(const struct bench *b, const struct job_result *res, uint64_t lines,
                 uint64_t steps, bool has_cr)
{
    if (!has_cr && res->lines != lines) {
        fprintf(stderr, "job-bench: the job delivered %llu lines, the file has %llu\n",
                (unsigned long long)res->lines, (unsigned long long)lines);
        return -1;
    }
    if (b->p && prog_count(b->p) != steps) {
        fprintf(stderr, "job-bench: the scons parser counted %llu items, the file has %llu "
                "step lines\n", (unsigned long long)prog_count(b->p), (unsigned long long)steps);
        return -1;
    }
    return 0;
}

static int cmd_run(const char *file, const char *log, bool parser)
{
    char err[ERR_LEN];
    uint64_t lines, steps;
    bool has_cr;
    struct bench b = { 0 };
    if (count_file(file, &lines, &steps, &has_cr) != 0)
        return 1;
    int fd = log ? open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644) : -2;
    if (fd == -1 || (fd >= 0 && close(fd) != 0))
        return perror(log), 1;               /* the job appends: start from an empty log */
    if (parser && !(b.p = prog_new("scons", err)))
        return fprintf(stderr, "job-bench: %s\n", err), 1;
    struct job_result res;
    double t0 = now(), c0 = cpu_seconds();
    int rc = run_job(&b, file, log, &res, err);
    double secs = now() - t0, cpu = cpu_seconds() - c0;
    if (rc != 0)
        fprintf(stderr, "job-bench: %s\n", err);
    else if ((rc = check(&b, &res, lines, steps, has_cr)) == 0)
        printf("lines=%llu seconds=%.4f lines_per_s=%.0f cpu_s=%.4f cpu_per_million=%.4f "
               "items=%llu\n", (unsigned long long)res.lines, secs, (double)res.lines / secs,
               cpu, cpu * 1e6 / (double)(res.lines ? res.lines : 1),
               (unsigned long long)(b.p ? prog_count(b.p) : 0));
    prog_free(b.p);
    return rc != 0;
}

static int usage(void)
{
    fputs("usage: job-bench FILE [--log LOGFILE] [--no-parser]   (LOGFILE is truncated first)\n"
          "       job-bench --gen FILE N\n", stderr);
    return 2;
}

int main(int argc, char **argv)
{
    if (argc == 4 && !strcmp(argv[1], "--gen"))
        return cmd_gen(argv[2], argv[3]);
    if (argc < 2 || argv[1][0] == '-')
        return usage();
    const char *log = NULL;
    bool parser = true;
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--log") && i + 1 < argc)
            log = argv[++i];
        else if (!strcmp(argv[i], "--no-parser"))
            parser = false;
        else
            return usage();
    }
    return cmd_run(argv[1], log, parser);
}

/* Benchmark helper: a fake scons that streams gem5-style build output at a steady rate
 * (lines per second, in 10 ms batches) for a number of seconds, then says it is done.
 *   tui-stream RATE SECONDS [scons arguments, ignored] */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BATCH_NS 10000000L   /* one write every 10 ms, as a busy build's pipe sees it */

static const char *const dirs[] = { "cpu/o3", "mem/ruby", "arch/arm", "sim", "dev/arm",
                                    "mem/cache", "arch/arm/insts", "cpu/simple" };
static const char *const objs[] = { "Fetch", "Decoder", "Cache", "Tlb", "Port", "Bridge",
                                    "Gic", "Uart", "Dram", "Walker" };

static size_t step_line(char *out, size_t cap, unsigned long n)
{
    const char *d = dirs[n % 8], *o = objs[(n / 8) % 10];
    int r = (int)(n % 100), len;
    if (r == 97)
        len = snprintf(out, cap, "src/%s/%s.cc:%lu:17: warning: unused variable 'tmp%lu' "
                       "[-Wunused-variable]\n", d, o, n % 900 + 10, n);
    else if (r < 60)
        len = snprintf(out, cap, " [     CXX] ARM/%s/%s%lu.cc -> .o\n", d, o, n);
    else if (r < 80)
        len = snprintf(out, cap, " [SO Param] m5.objects.%s, %s%lu -> ARM/params/%s%lu.hh\n",
                       o, o, n, o, n);
    else if (r < 90)
        len = snprintf(out, cap, " [ TRACING]  -> ARM/debug/%s%lu.hh\n", o, n);
    else
        len = snprintf(out, cap, " [EMBED PY] src/%s/%s%lu.py -> ARM/%s/%s%lu.py.cc\n", d, o,
                       n, d, o, n);
    return len < 0 ? 0 : (size_t)len < cap ? (size_t)len : cap - 1;
}

static int write_all(const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(STDOUT_FILENO, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

static double since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

int main(int argc, char **argv)
{
    if (argc < 3 || atol(argv[1]) <= 0 || atof(argv[2]) <= 0) {
        fprintf(stderr, "usage: tui-stream RATE SECONDS [ignored...]\n");
        return 2;
    }
    long rate = atol(argv[1]);
    double seconds = atof(argv[2]);
    static char buf[4 << 20];
    const char *head = "scons: Reading SConscript files ...\nChecking for C header file "
                       "fenv.h... yes\nscons: done reading SConscript files.\n"
                       "scons: Building targets ...\n";
    if (write_all(head, strlen(head)) != 0)
        return 1;
    struct timespec t0, next;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    next = t0;
    unsigned long sent = 0;
    for (double t = 0; t < seconds; t = since(&t0)) {
        unsigned long due = (unsigned long)(t * (double)rate) + (unsigned long)rate / 100;
        size_t used = 0;
        while (sent < due && used + 512 < sizeof buf)
            used += step_line(buf + used, sizeof buf - used, sent++);
        if (write_all(buf, used) != 0)
            return 1;
        next.tv_nsec += BATCH_NS;
        if (next.tv_nsec >= 1000000000L)
            next.tv_sec++, next.tv_nsec -= 1000000000L;
        clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL);
    }
    char tail[128];
    int n = snprintf(tail, sizeof tail, "scons: done building targets.\n");
    return write_all(tail, (size_t)n) != 0;
}

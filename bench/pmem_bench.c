/* Driver for the memory engine benchmarks (bench/pmem.sh): makes stores, and times the
 * engine's decode, commits, random reads and first read, printing seconds and KiB. */
#include "core/checkpoint/store.h"
#include "core/pmem/pmem.h"
#include "core/util/err.h"
#include "core/util/size.h"

#include <fcntl.h>
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

static uint64_t rng = 88172645463325252ull;
static uint64_t next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* Which pages are non-zero: runs of 1-64 pages placed at random until pct is reached. */
struct gen {
    uint64_t size;
    uint8_t *mask;
};

static void gen_mask(struct gen *g, double pct)
{
    uint64_t pages = g->size / 4096, want = (uint64_t)((double)pages * pct / 100.0), have = 0;
    g->mask = calloc(pages, 1);
    while (have < want) {
        uint64_t at = next_rand() % pages, len = 1 + next_rand() % 64;
        for (uint64_t p = at; p < at + len && p < pages && have < want; p++)
            if (!g->mask[p]) {
                g->mask[p] = 1;
                have++;
            }
    }
}

/* Page contents like a program's memory: half zero bytes, small values, some text. */
static void fill_page(uint8_t *p, uint64_t page)
{
    uint64_t s = page * 0x9e3779b97f4a7c15ull + 1;
    for (int i = 0; i < 4096; i += 8) {
        s ^= s << 13, s ^= s >> 7, s ^= s << 17;
        uint64_t v = (s & 3) == 0 ? 0 : (s & 3) == 1 ? (s >> 40) & 0xff
                   : (s & 3) == 2 ? 0x0000555555550000ull | ((s >> 20) & 0xfff8)
                                  : 0x2065687420666f20ull;   /* " of the " */
        memcpy(p + i, &v, 8);
    }
}

static int gen_fill(void *arg, uint64_t off, uint8_t *buf, size_t len, char *err)
{
    (void)err;
    struct gen *g = arg;
    int any = 0;
    memset(buf, 0, len);
    for (size_t i = 0; i < len; i += 4096)
        if (g->mask[(off + i) / 4096]) {
            fill_page(buf + i, (off + i) / 4096);
            any = 1;
        }
    return any;
}

static int cmd_gen(char **argv, char *err)
{
    struct gen g;
    if (size_parse(argv[1], &g.size, "the store size", err) != 0)
        return -1;
    gen_mask(&g, atof(argv[2]));
    /* "exact": the bytes gem5's gzwrite makes (slow to write); else the fast writer */
    enum store_gz_mode mode = argv[3] && strcmp(argv[3], "exact") == 0 ? STORE_GZ_EXACT
                                                                        : STORE_GZ_FAST;
    int rc = store_write(argv[0], g.size, gen_fill, &g, mode, err);
    free(g.mask);
    return rc;
}

static struct pmem *open_nc(const char *path, char *err)
{
    struct pmem_open_opts o = { .no_cache = true };
    struct pmem *pm;
    return pmem_open(path, &o, &pm, err) == 0 ? pm : NULL;
}

static long max_rss_kib(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* decode STORE: seconds, peak RSS KiB, non-zero KiB */
static int cmd_decode(char **argv, char *err)
{
    double t0 = now();
    struct pmem *pm = open_nc(argv[0], err);
    if (!pm || pmem_wait(pm, UINT64_MAX, NULL, NULL, err) != 0)
        return -1;
    double t = now() - t0;
    struct pmem_info i;
    pmem_info(pm, &i);
    printf("%.4f %ld %llu\n", t, max_rss_kib(), (unsigned long long)(i.nonzero_pages * 4));
    pmem_close(pm);
    return 0;
}

/* raw STORE OUT: the decoded bytes as a plain file (for igzip -1) */
static int cmd_raw(char **argv, char *err)
{
    struct pmem *pm = open_nc(argv[0], err);
    if (!pm || pmem_wait(pm, UINT64_MAX, NULL, NULL, err) != 0)
        return -1;
    struct pmem_info i;
    pmem_info(pm, &i);
    int fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
    for (uint64_t at = 0; fd >= 0 && at < i.size;) {   /* write() stops near 2 GiB */
        ssize_t n = write(fd, pmem_data(pm) + at, i.size - at);
        if (n <= 0)
            return err_set(err, "%s: cannot write the raw copy", argv[1]);
        at += (uint64_t)n;
    }
    if (fd < 0)
        return err_set(err, "%s: cannot create the raw copy", argv[1]);
    close(fd);
    pmem_close(pm);
    return 0;
}

/* commit STORE: decodes, then two one-byte edits each committed: seconds of each */
static int cmd_commit(char **argv, char *err)
{
    struct pmem *pm = open_nc(argv[0], err);
    if (!pm || pmem_wait(pm, UINT64_MAX, NULL, NULL, err) != 0)
        return -1;
    struct pmem_info i;
    pmem_info(pm, &i);
    double t[2];
    struct pmem_commit_stats st[2];
    for (int k = 0; k < 2; k++) {
        uint8_t b = (uint8_t)(0x41 + k);
        double t0 = now();
        if (pmem_write(pm, i.size / 3 + (uint64_t)k * (i.size / 3), &b, 1, err) != 0 ||
            pmem_commit(pm, false, NULL, NULL, &st[k], err) != 0)
            return -1;
        t[k] = now() - t0;
    }
    printf("%.4f %.4f %llu %llu %llu %llu %u\n", t[0], t[1], (unsigned long long)st[0].encoded,
           (unsigned long long)st[0].zero, (unsigned long long)st[1].encoded,
           (unsigned long long)st[1].copied, st[0].threads);
    pmem_close(pm);
    return 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* reads STORE N: median and worst seconds of N random 4 KiB reads after a decode */
static int cmd_reads(char **argv, char *err)
{
    struct pmem *pm = open_nc(argv[0], err);
    if (!pm || pmem_wait(pm, UINT64_MAX, NULL, NULL, err) != 0)
        return -1;
    struct pmem_info i;
    pmem_info(pm, &i);
    int n = atoi(argv[1]);
    double *t = malloc(sizeof *t * (size_t)n);
    uint8_t buf[4096];
    for (int k = 0; k < n; k++) {
        uint64_t off = next_rand() % (i.size - sizeof buf);
        double t0 = now();
        if (pmem_read(pm, off, buf, sizeof buf, err) != 0)
            return -1;
        t[k] = now() - t0;
    }
    qsort(t, (size_t)n, sizeof *t, cmp_double);
    printf("%.6f %.6f\n", t[n / 2], t[n - 1]);
    free(t);
    pmem_close(pm);
    return 0;
}

/* first STORE: seconds from open to having the first 4 KiB */
static int cmd_first(char **argv, char *err)
{
    uint8_t buf[4096];
    double t0 = now();
    struct pmem *pm = open_nc(argv[0], err);
    if (!pm || pmem_read(pm, 0, buf, sizeof buf, err) != 0)
        return -1;
    printf("%.4f\n", now() - t0);
    pmem_close(pm);
    return 0;
}

int main(int argc, char **argv)
{
    static const struct { const char *name; int nargs; int (*run)(char **, char *); } cmds[] = {
        { "gen", 3, cmd_gen }, { "decode", 1, cmd_decode }, { "raw", 2, cmd_raw },
        { "commit", 1, cmd_commit }, { "reads", 2, cmd_reads }, { "first", 1, cmd_first },
    };
    char err[ERR_LEN] = "";
    for (size_t i = 0; argc > 1 && i < sizeof cmds / sizeof cmds[0]; i++)
        if (strcmp(argv[1], cmds[i].name) == 0 &&
            (argc == cmds[i].nargs + 2 || (i == 0 && argc == cmds[i].nargs + 3))) {
            if (cmds[i].run(argv + 2, err) == 0)
                return 0;
            fprintf(stderr, "pmem-bench: %s\n", err);
            return 1;
        }
    fprintf(stderr, "usage: pmem-bench gen OUT SIZE PCT [exact] | decode S | raw S OUT | commit S | "
                    "reads S N | first S\n");
    return 2;
}

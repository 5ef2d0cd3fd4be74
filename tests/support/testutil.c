/* Test helpers: shared fixture paths, temp folders, and running the binary. */
#include "tests/support/testutil.h"

#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

const char *tu_shared(const char *rel)
{
    static char buf[4][4096];
    static int slot;
    const char *base = getenv("GEM5WB_SHARED");
    char *b = buf[slot++ % 4];
    snprintf(b, 4096, "%s/%s", base && *base ? base : "../shared", rel);
    return b;
}

char *tu_tmpdir(void)
{
    static char buf[4][64];
    static int slot;
    char *b = buf[slot++ % 4];
    snprintf(b, 64, "/tmp/gem5wb-test.XXXXXX");
    return mkdtemp(b);
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

void tu_rmtree(const char *dir)
{
    if (dir && !strncmp(dir, "/tmp/gem5wb-test.", 17))
        nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static char *slurp(int fd)
{
    size_t len = 0, cap = 4096;
    char *buf = malloc(cap);
    ssize_t r;
    while ((r = read(fd, buf + len, cap - len - 1)) > 0) {
        len += (size_t)r;
        if (cap - len < 2)
            buf = realloc(buf, cap *= 2);
    }
    buf[len] = '\0';
    return buf;
}

int tu_run(char **out, char **errout, const char *arg0, ...)
{
    char *argv[32];
    int n = 0;
    const char *bin = getenv("GEM5WB_BIN");
    argv[n++] = (char *)(bin ? bin : "./gem5wb");
    va_list ap;
    va_start(ap, arg0);
    for (const char *a = arg0; a && n < 31; a = va_arg(ap, const char *))
        argv[n++] = (char *)a;
    va_end(ap);
    argv[n] = NULL;
    char tmpl_out[] = "/tmp/gem5wb-out.XXXXXX", tmpl_err[] = "/tmp/gem5wb-err.XXXXXX";
    int fo = mkstemp(tmpl_out), fe = mkstemp(tmpl_err);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fo, 1);
        dup2(fe, 2);
        execv(argv[0], argv);
        _exit(127);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    lseek(fo, 0, SEEK_SET);
    lseek(fe, 0, SEEK_SET);
    *out = slurp(fo);
    *errout = slurp(fe);
    close(fo);
    close(fe);
    unlink(tmpl_out);
    unlink(tmpl_err);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

void tu_write(const char *dir, const char *name, const char *text)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

int tu_contains(const char *haystack, const char *needle)
{
    return haystack && strstr(haystack, needle) != NULL;
}

static char case_dir[4096];

int tu_cache_setup(void **state)
{
    (void)state;
    char cache[4200];
    snprintf(case_dir, sizeof case_dir, "%s", tu_tmpdir());
    snprintf(cache, sizeof cache, "%s/cache", case_dir);
    return setenv("GEM5WB_CACHE_DIR", cache, 1);
}

int tu_cache_teardown(void **state)
{
    (void)state;
    tu_rmtree(case_dir);
    return 0;
}

const char *tu_case_dir(void)
{
    return case_dir;
}

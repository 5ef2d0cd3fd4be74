/* Test helper: writes a captured tool log (.raw.log) to stdout at its recorded pace (.timing),
 * then exits with a given code or dies by a given signal; tests/fakes/gem5 and sst use it. */
#include <errno.h>
#include <math.h>             /* isfinite only: the build rule links no -lm */
#include <signal.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define USAGE "usage: replay [--speed X] [--exit N] [--signal SIG] LOG.raw.log [LOG.timing]"

struct opts {
    double speed;                 /* > 0; delays are divided by it */
    int exit_code;
    int sig;                      /* 0: exit with exit_code */
    const char *log, *timing;     /* timing NULL: write the log at once */
};

struct chunk {
    double delay;                 /* seconds since the previous chunk */
    size_t bytes;
};

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("replay: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(2);
}

static double parse_speed(const char *s, const char *from)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || !isfinite(v) || v <= 0)
        die("%s: speed '%s' is not a number above 0", from, s);
    return v;
}

static int parse_int(const char *s, const char *what, long max)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < 0 || v > max)
        die("%s '%s' is not a number from 0 to %ld", what, s, max);
    return (int)v;
}

/* A signal number, or a name such as SEGV / SIGSEGV. */
static int parse_signal(const char *s)
{
    static const struct { const char *name; int sig; } names[] = {
        {"SEGV", SIGSEGV}, {"ABRT", SIGABRT}, {"BUS", SIGBUS}, {"FPE", SIGFPE},
        {"ILL", SIGILL},   {"KILL", SIGKILL}, {"TERM", SIGTERM}, {"INT", SIGINT},
    };
    const char *n = strncmp(s, "SIG", 3) == 0 ? s + 3 : s;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(n, names[i].name) == 0)
            return names[i].sig;
    int sig = parse_int(s, "--signal", 64);
    if (sig == 0)
        die("--signal 0 is not a signal");
    return sig;
}

/* Value of option `name` at argv[*i] ("--name V" or "--name=V"), or NULL if it is another. */
static const char *opt_value(int argc, char **argv, int *i, const char *name)
{
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n) != 0)
        return NULL;
    if (argv[*i][n] == '=')
        return argv[*i] + n + 1;
    if (argv[*i][n] != '\0')
        return NULL;
    if (*i + 1 >= argc)
        die("%s needs a value\n" USAGE, name);
    return argv[++*i];
}

static void add_file(struct opts *o, const char *path)
{
    if (!o->log)
        o->log = path;
    else if (!o->timing)
        o->timing = path;
    else
        die("too many files: '%s'\n" USAGE, path);
}

static void parse_args(int argc, char **argv, struct opts *o)
{
    const char *env = getenv("GEM5WB_REPLAY_SPEED"), *v;
    *o = (struct opts){ .speed = 0 };
    bool opts_done = false;
    for (int i = 1; i < argc; i++) {
        if (opts_done || argv[i][0] != '-' || !argv[i][1])
            add_file(o, argv[i]);
        else if (strcmp(argv[i], "--") == 0)
            opts_done = true;
        else if ((v = opt_value(argc, argv, &i, "--speed")))
            o->speed = parse_speed(v, "--speed");
        else if ((v = opt_value(argc, argv, &i, "--exit")))
            o->exit_code = parse_int(v, "--exit", 255);
        else if ((v = opt_value(argc, argv, &i, "--signal")))
            o->sig = parse_signal(v);
        else
            die("unknown option '%s'\n" USAGE, argv[i]);
    }
    if (!o->log)
        die("no log file given\n" USAGE);
    if (o->speed == 0)            /* --speed wins over the environment */
        o->speed = env && *env ? parse_speed(env, "GEM5WB_REPLAY_SPEED") : 1;
}

/* Reads all of path into a malloc'ed buffer with room for a NUL after *len bytes. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        die("cannot open %s: %s", path, strerror(errno));
    size_t cap = 1 << 16, n = 0, r;
    char *buf = malloc(cap);
    while (buf && (r = fread(buf + n, 1, cap - n - 1, f)) > 0)
        if ((n += r) == cap - 1)
            buf = realloc(buf, cap *= 2);
    if (!buf || ferror(f))
        die("cannot read %s: %s", path, buf ? strerror(errno) : "out of memory");
    fclose(f);
    *len = n;
    return buf;
}

/* Parses one "<seconds> <bytes>" line; returns 0, or -1 if it is malformed. */
static int parse_chunk(char *line, struct chunk *c)
{
    char *end;
    errno = 0;
    c->delay = strtod(line, &end);
    if (errno || end == line || !isfinite(c->delay) || c->delay < 0 || (*end != ' ' && *end != '\t'))
        return -1;
    char *num = end + strspn(end, " \t");
    if (*num < '0' || *num > '9')
        return -1;
    unsigned long long b = strtoull(num, &end, 10);
    if (errno || *(end + strspn(end, " \t\r")) != '\0')
        return -1;
    c->bytes = (size_t)b;
    return 0;
}

/* Loads the timing file into *out (blank lines skipped); returns the number of chunks. */
static size_t load_timing(const char *path, struct chunk **out, size_t *total)
{
    size_t len, n = 0, lineno = 0;
    char *text = slurp(path, &len), *line = text, *nl;
    struct chunk *v = malloc((len / 4 + 1) * sizeof *v);   /* a line is at least "0 0\n" */
    if (!v)
        die("out of memory reading %s", path);
    text[len] = '\0';
    *total = 0;
    for (; *line; line = nl ? nl + 1 : line + strlen(line)) {
        if ((nl = strchr(line, '\n')))
            *nl = '\0';
        lineno++;
        if (line[strspn(line, " \t\r")] == '\0')
            continue;
        if (parse_chunk(line, &v[n]) != 0)
            die("%s: line %zu is not '<seconds> <bytes>': %.60s", path, lineno, line);
        *total += v[n++].bytes;
    }
    free(text);
    *out = v;
    return n;
}

static void write_all(const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(STDOUT_FILENO, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            die("cannot write to stdout: %s", w < 0 ? strerror(errno) : "wrote nothing");
        p += w;
        n -= (size_t)w;
    }
}

/* Sleeps until start + offset seconds (CLOCK_MONOTONIC, absolute: no drift builds up). */
static void sleep_until(const struct timespec *start, double offset)
{
    if (offset > 1e9)             /* ~30 years: keeps the conversion below defined */
        offset = 1e9;
    int64_t ns = (int64_t)start->tv_nsec + (int64_t)(offset * 1e9 + 0.5);
    struct timespec at = { .tv_sec = start->tv_sec + (time_t)(ns / 1000000000),
                           .tv_nsec = (long)(ns % 1000000000) };
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &at, NULL) == EINTR)
        ;
}

static void replay_paced(const struct opts *o, const char *data, size_t len)
{
    struct chunk *v;
    size_t total, n = load_timing(o->timing, &v, &total), pos = 0;
    if (total != len)
        die("%s: byte counts add up to %zu, but %s has %zu bytes", o->timing, total, o->log, len);
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    double at = 0;
    for (size_t i = 0; i < n; i++) {
        at += v[i].delay / o->speed;
        sleep_until(&start, at);
        write_all(data + pos, v[i].bytes);
        pos += v[i].bytes;
    }
    free(v);
}

/* Dies by sig with the default action, so the parent's wait() sees WIFSIGNALED. */
static void die_by_signal(int sig)
{
    struct sigaction dfl = { .sa_handler = SIG_DFL };
    sigemptyset(&dfl.sa_mask);
    sigaction(sig, &dfl, NULL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    raise(sig);
    _exit(128 + sig);             /* a signal whose default action is to be ignored */
}

int main(int argc, char **argv)
{
    struct opts o;
    parse_args(argc, argv, &o);
    size_t len;
    char *data = slurp(o.log, &len);
    if (o.timing)
        replay_paced(&o, data, len);
    else
        write_all(data, len);
    free(data);
    if (o.sig)
        die_by_signal(o.sig);
    return o.exit_code;
}

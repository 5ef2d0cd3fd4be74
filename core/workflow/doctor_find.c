/* Finding a tool: PATH looked up by hand (no shell), its version command run as a job with
 * a deadline, so a tool that hangs (waits for input, the network) is stopped, not waited on. */
#include "core/workflow/doctor.h"
#include "core/util/err.h"
#include "core/util/fileio.h"
#include "core/workflow/job.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define OUTPUT_MAX 8192          /* the version is in the first lines; the rest is dropped */
#define KILL_GRACE_MS 200

static bool is_exec(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

static bool try_dir(const char *dir, size_t dlen, const char *name, char *out, size_t cap)
{
    char d[1024];
    if (dlen >= sizeof d)
        return false;
    memcpy(d, dlen ? dir : ".", dlen ? dlen : 1);    /* an empty PATH entry is "." */
    d[dlen ? dlen : 1] = '\0';
    return path_join(out, cap, d, name) == 0 && is_exec(out);
}

/* execvp's search: first_dir, then each PATH entry in order. */
static bool lookup(const char *name, const char *first_dir, char *out, size_t cap)
{
    if (strchr(name, '/')) {
        snprintf(out, cap, "%s", name);
        return is_exec(out);
    }
    if (first_dir && try_dir(first_dir, strlen(first_dir), name, out, cap))
        return true;
    const char *path = getenv("PATH");
    if (!path)
        path = "/usr/local/bin:/usr/bin:/bin";
    for (const char *p = path;; ) {
        const char *end = strchrnul(p, ':');
        if (try_dir(p, (size_t)(end - p), name, out, cap))
            return true;
        if (!*end)
            break;
        p = end + 1;
    }
    out[0] = '\0';
    return false;
}

struct capture {
    char buf[OUTPUT_MAX];
    size_t len;
};

static void on_line(void *arg, int stream, const char *line, size_t len, unsigned flags)
{
    (void)stream, (void)flags;
    struct capture *c = arg;
    if (c->len + len + 2 > sizeof c->buf)
        return;
    memcpy(c->buf + c->len, line, len);
    c->len += len;
    c->buf[c->len++] = '\n';
    c->buf[c->len] = '\0';
}

/* The first line with something on it, escapes and trailing blanks removed. */
static void first_line(const char *text, char *out, size_t cap)
{
    const char *p = text + strspn(text, " \t\r\n");
    size_t n = strcspn(p, "\r\n");
    while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
        n--;
    snprintf(out, cap, "%.*s", (int)n, p);
}

/* Waits up to timeout_ms; a job still running then is cancelled and reaped. */
static void finish(struct job *j, int timeout_ms, struct doctor_tool *out)
{
    char err[ERR_LEN];
    int rc = job_wait(j, timeout_ms, err);
    if (rc == 1) {
        out->timed_out = true;
        job_cancel(j);
        job_wait(j, KILL_GRACE_MS + 1000, err);
    }
    struct job_result res;
    job_result(j, &res);
    out->exit_code = res.finished && res.exited ? res.exit_code : -1;
    job_free(j);
}

static void run_version(const struct doctor_tool_info *info, int timeout_ms,
                        struct doctor_tool *out)
{
    static const char *const env[] = { "LC_ALL=C", "CHECKPOINT_DISABLE=1", NULL };
    const char *argv[] = { out->path, info && info->version_arg ? info->version_arg : "--version",
                           NULL };
    struct job_spec spec = { .argv = argv, .env_set = env, .grace_ms = KILL_GRACE_MS };
    struct capture *c = calloc(1, sizeof *c);
    char err[ERR_LEN];
    struct job *j;
    out->exit_code = -1;
    if (!c)
        return;
    if (job_start(&spec, on_line, c, &j, err) != 0) {
        snprintf(out->first_line, sizeof out->first_line, "%.255s", err);
        free(c);
        return;
    }
    out->ran = true;
    finish(j, timeout_ms, out);
    job_strip_ansi(c->buf);
    first_line(c->buf, out->first_line, sizeof out->first_line);
    doctor_version_parse(c->buf, info ? info->marker : NULL, out->version, sizeof out->version);
    free(c);
}

int doctor_tool_find_in(const char *name, const char *first_dir, int timeout_ms,
                        struct doctor_tool *out, char *err)
{
    memset(out, 0, sizeof *out);
    out->exit_code = -1;
    if (!name || !*name || strlen(name) >= sizeof out->name)
        return err_set(err, "'%.80s' is not a program name gem5wb can look up", name ? name : "");
    snprintf(out->name, sizeof out->name, "%s", name);
    out->found = lookup(name, first_dir, out->path, sizeof out->path);
    if (out->found)
        run_version(doctor_tool_info(name), timeout_ms, out);
    return 0;
}

int doctor_tool_find(const char *name, struct doctor_tool *out, char *err)
{
    return doctor_tool_find_in(name, NULL, DOCTOR_VERSION_TIMEOUT_MS, out, err);
}

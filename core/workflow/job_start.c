/* Starting jobs: environment overrides, pipes, fork and the child's setup before exec
 * (process group, PDEATHSIG, /dev/null stdin), exec errors reported through a CLOEXEC pipe. */
#include "core/workflow/job_impl.h"
#include "core/util/err.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

enum { STAGE_SETUP, STAGE_CWD, STAGE_EXEC };

/* Builds environ with the "NAME=value" overrides replacing same-named entries. */
static char **env_build(const char *const *set)
{
    size_t n = 0, k = 0, m = 0;
    while (environ[n])
        n++;
    while (set[k])
        k++;
    char **env = calloc(n + k + 1, sizeof *env);
    if (!env)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        const char *eq = strchr(environ[i], '=');
        size_t nl = eq ? (size_t)(eq - environ[i]) + 1 : strlen(environ[i]);
        bool over = false;
        for (size_t s = 0; s < k && !over; s++)
            over = !strncmp(set[s], environ[i], nl);
        if (!over)
            env[m++] = environ[i];
    }
    for (size_t s = 0; s < k; s++)
        env[m++] = (char *)set[s];
    return env;
}

/* Reports errno to the parent through the CLOEXEC pipe and dies; async-signal-safe. */
static void child_fail(int fd, int stage)
{
    int msg[2] = { stage, errno };
    ssize_t w = write(fd, msg, sizeof msg);
    (void)w;
    _exit(127);
}

/* Between fork and exec only async-signal-safe calls: the parent may have threads. */
static void child_exec(const struct job_spec *spec, char **env, pid_t parent, int ow, int ew,
                       int xw)
{
    setpgid(0, 0);
    /* lift the pipe ends above 0..2 so the dup2s below cannot clobber one another */
    ow = fcntl(ow, F_DUPFD_CLOEXEC, 3);
    ew = fcntl(ew, F_DUPFD_CLOEXEC, 3);
    xw = fcntl(xw, F_DUPFD_CLOEXEC, 3);
    if (xw < 0)
        _exit(127);
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0)
        child_fail(xw, STAGE_SETUP);
    if (getppid() != parent)      /* the parent died before prctl took effect */
        _exit(127);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    struct sigaction dfl = { .sa_handler = SIG_DFL };
    sigaction(SIGPIPE, &dfl, NULL);   /* ignored dispositions survive exec */
    int nul = open("/dev/null", O_RDONLY);
    if (ow < 0 || ew < 0 || nul < 0 || dup2(nul, 0) < 0 || dup2(ow, 1) < 0 || dup2(ew, 2) < 0)
        child_fail(xw, STAGE_SETUP);
    if (spec->cwd && chdir(spec->cwd) != 0)
        child_fail(xw, STAGE_CWD);
    execvpe(spec->argv[0], (char *const *)spec->argv, env);
    child_fail(xw, STAGE_EXEC);
}

static int start_error(const struct job_spec *spec, int stage, int errnum, char *err)
{
    if (stage == STAGE_CWD)
        return err_sys(err, errnum, "cannot run %s in folder %s", spec->argv[0], spec->cwd);
    if (stage == STAGE_EXEC)
        return err_sys(err, errnum, "cannot run %s", spec->argv[0]);
    return err_sys(err, errnum, "cannot set up the process for %s", spec->argv[0]);
}

/* Waits for exec through the CLOEXEC pipe: EOF means it succeeded. */
static int await_exec(struct job *j, const struct job_spec *spec, int xr, char *err)
{
    int msg[2];
    ssize_t n;
    do
        n = read(xr, msg, sizeof msg);
    while (n < 0 && errno == EINTR);
    if (n == 0)
        return 0;
    while (waitpid(j->pid, NULL, 0) < 0 && errno == EINTR)
        ;
    j->reaped = j->done = true;
    if (n != (ssize_t)sizeof msg)
        return err_set(err, "cannot run %s: the child failed before exec", spec->argv[0]);
    return start_error(spec, msg[0], msg[1], err);
}

static struct job *job_alloc(const struct job_spec *spec, job_line_fn fn, void *arg)
{
    struct job *j = calloc(1, sizeof *j);
    if (!j)
        return NULL;
    j->fd[0] = j->fd[1] = j->log_fd = -1;
    j->pid = -1;
    j->grace_ms = spec->grace_ms ? spec->grace_ms : JOB_GRACE_DEFAULT_MS;
    j->prog = strdup(spec->argv[0]);
    j->log_path = spec->log_path ? strdup(spec->log_path) : NULL;
    for (int s = 0; s < 2; s++)
        j->out[s] = (struct job_lines){ .stream = s + 1, .fn = fn, .arg = arg,
                                        .lines = &j->lines };
    if (!j->prog || (spec->log_path && !j->log_path)) {
        job_free(j);
        return NULL;
    }
    return j;
}

/* Pipes for stdout, stderr and the exec report, all CLOEXEC; parent ends non-blocking. */
static int open_pipes(int po[2], int pe[2], int px[2], const char *prog, char *err)
{
    if (pipe2(po, O_CLOEXEC) || pipe2(pe, O_CLOEXEC) || pipe2(px, O_CLOEXEC))
        return err_sys(err, errno, "cannot create pipes to run %s", prog);
    if (fcntl(po[0], F_SETFL, O_NONBLOCK) || fcntl(pe[0], F_SETFL, O_NONBLOCK))
        return err_sys(err, errno, "cannot set up pipes to run %s", prog);
    return 0;
}

static int job_spawn(struct job *j, const struct job_spec *spec, char **env, char *err)
{
    int po[2] = { -1, -1 }, pe[2] = { -1, -1 }, px[2] = { -1, -1 }, rc = -1;
    if (open_pipes(po, pe, px, spec->argv[0], err) == 0) {
        pid_t parent = getpid();
        j->t0 = job_now();
        j->pid = fork();
        if (j->pid == 0)
            child_exec(spec, env, parent, po[1], pe[1], px[1]);
        if (j->pid < 0) {
            err_sys(err, errno, "cannot start %s", spec->argv[0]);
        } else {
            setpgid(j->pid, j->pid);  /* both sides, so a cancel right away reaches the group */
            job_close_fd(&po[1]);
            job_close_fd(&pe[1]);
            job_close_fd(&px[1]);
            rc = await_exec(j, spec, px[0], err);
        }
    }
    j->fd[0] = po[0];
    j->fd[1] = pe[0];
    job_close_fd(&po[1]);
    job_close_fd(&pe[1]);
    job_close_fd(&px[0]);
    job_close_fd(&px[1]);
    return rc;
}

int job_start(const struct job_spec *spec, job_line_fn on_line, void *arg, struct job **out,
              char *err)
{
    *out = NULL;
    if (!spec || !spec->argv || !spec->argv[0] || !spec->argv[0][0])
        return err_set(err, "cannot start a job: no program was given");
    struct job *j = job_alloc(spec, on_line, arg);
    if (!j)
        return err_set(err, "cannot start %s: out of memory", spec->argv[0]);
    if (spec->log_path) {
        j->log_fd = open(spec->log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        if (j->log_fd < 0) {
            err_sys(err, errno, "cannot open the log %s for %s", spec->log_path, spec->argv[0]);
            job_free(j);
            return -1;
        }
    }
    char **env = spec->env_set ? env_build(spec->env_set) : environ;
    int rc = env ? job_spawn(j, spec, env, err)
                 : err_set(err, "cannot start %s: out of memory", spec->argv[0]);
    if (env != environ)
        free(env);
    if (rc != 0) {
        job_free(j);
        return -1;
    }
    *out = j;
    return 0;
}

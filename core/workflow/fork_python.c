/* Does each config and SST script parse as Python? One python3 job checks them all with
 * ast.parse (nothing is run) and reports each SyntaxError's message and line. */
#include "core/workflow/fork_impl.h"

#include "core/util/err.h"
#include "core/workflow/job.h"

#include <stdlib.h>
#include <string.h>

/* One line per file, in argv order: "ok|error|unknown <TAB> line <TAB> message". */
static const char snippet[] =
    "import ast, sys\n"
    "for f in sys.argv[1:]:\n"
    "    try:\n"
    "        ast.parse(open(f, 'rb').read(), f)\n"
    "        r = ('ok', 0, '')\n"
    "    except SyntaxError as e:\n"
    "        r = ('error', e.lineno or 0, e.msg)\n"
    "    except ValueError as e:\n"
    "        r = ('error', 0, str(e))\n"
    "    except OSError as e:\n"
    "        r = ('unknown', 0, e.strerror or str(e))\n"
    "    print('%s\\t%d\\t%s' % (r[0], r[1], ' '.join(str(r[2]).split())), flush=True)\n";

struct pyres {
    enum fork_parse parse;
    int line;
    char msg[256];
};

struct collect {
    struct pyres *res;
    size_t n, got;
};

static void on_line(void *arg, int stream, const char *line, size_t len, unsigned flags)
{
    struct collect *c = arg;
    (void)len;
    if (stream != 1 || flags || c->got >= c->n)
        return;
    struct pyres *r = &c->res[c->got++];
    char *tab;
    r->parse = !strncmp(line, "ok\t", 3) ? FORK_PARSE_OK
             : !strncmp(line, "error\t", 6) ? FORK_PARSE_ERROR : FORK_PARSE_UNKNOWN;
    const char *num = strchr(line, '\t');
    r->line = num ? atoi(num + 1) : 0;
    tab = num ? strchr(num + 1, '\t') : NULL;
    fork_fmt(r->msg, sizeof r->msg, "%s", tab ? tab + 1 : "");
}

/* Runs the checks; -1 (err filled) when python cannot run or does not finish. */
static int run(const char *python, int timeout_ms, const char *const *files, size_t n,
               struct collect *c, char *err)
{
    const char **argv = calloc(n + 4, sizeof *argv);
    if (!argv)
        return err_set(err, "out of memory");
    argv[0] = python;
    argv[1] = "-c";
    argv[2] = snippet;
    for (size_t i = 0; i < n; i++)
        argv[3 + i] = files[i];
    struct job_spec spec = { .argv = argv };
    struct job *j = NULL;
    int rc = job_start(&spec, on_line, c, &j, err);
    if (rc == 0) {
        rc = job_wait(j, timeout_ms, err);
        if (rc == 1) {
            job_cancel(j);
            job_wait(j, 5000, NULL);
            rc = err_set(err, "%s did not finish checking the configs in %d s", python,
                         timeout_ms / 1000);
        }
    }
    job_free(j);
    free(argv);
    return rc;
}

/* The tree's Python files in a fixed order: configs, then SST scripts. */
static size_t list_files(const struct fork_probe *p, char (*abs)[4096], const char **files)
{
    size_t n = 0;
    for (size_t i = 0; i < p->nconfigs; i++, n++)
        fork_abs(p->dir, p->configs[i].path, abs[n], 4096);
    for (size_t i = 0; i < p->nscripts; i++, n++)
        fork_abs(p->dir, p->scripts[i].path, abs[n], 4096);
    for (size_t i = 0; i < n; i++)
        files[i] = abs[i];
    return n;
}

static void store(struct fork_probe *p, const struct pyres *r)
{
    size_t k = 0;
    for (size_t i = 0; i < p->nconfigs; i++, k++) {
        p->configs[i].parse = r[k].parse;
        p->configs[i].parse_line = r[k].line;
        fork_fmt(p->configs[i].parse_msg, sizeof p->configs[i].parse_msg, "%s", r[k].msg);
    }
    for (size_t i = 0; i < p->nscripts; i++, k++) {
        p->scripts[i].parse = r[k].parse;
        p->scripts[i].parse_line = r[k].line;
        fork_fmt(p->scripts[i].parse_msg, sizeof p->scripts[i].parse_msg, "%s", r[k].msg);
    }
}

void fork_probe_python(struct fork_probe *p, const struct fork_opts *o)
{
    size_t total = p->nconfigs + p->nscripts;
    const char *python = o->python ? o->python : "python3";
    char err[ERR_LEN];
    if (!total)
        return;
    char (*abs)[4096] = calloc(total, sizeof *abs);
    const char **files = calloc(total, sizeof *files);
    struct pyres *res = calloc(total, sizeof *res);
    if (!abs || !files || !res) {
        p->oom = true;
        goto out;
    }
    struct collect c = { .res = res, .n = list_files(p, abs, files) };
    if (run(python, o->python_timeout_ms > 0 ? o->python_timeout_ms : 20000, files, c.n, &c,
            err) != 0) {
        fork_fmt(p->python_note, sizeof p->python_note,
                 "the Python parse checks did not run (%s); install python3 to have them", err);
    } else if (c.got < c.n) {
        fork_fmt(p->python_note, sizeof p->python_note,
                 "%s stopped after checking %zu of %zu files", python, c.got, c.n);
    } else {
        p->python = true;
    }
    store(p, res);
out:
    free(abs);
    free(files);
    free(res);
}

int fork_parse_file(const char *path, enum fork_parse *state, int *line, char *msg, size_t cap,
                    char *err)
{
    struct pyres r = { FORK_PARSE_UNKNOWN, 0, "" };
    struct collect c = { .res = &r, .n = 1 };
    if (run("python3", 20000, &path, 1, &c, err) != 0)
        return -1;
    if (!c.got)
        return err_set(err, "python3 printed nothing about %s", path);
    *state = r.parse;
    *line = r.line;
    fork_fmt(msg, cap, "%s", r.msg);
    return 0;
}

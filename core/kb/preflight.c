/* The pre-flight report: findings added in the order the checks ran, each naming the kb
 * entry its check predicts. */
#include "core/kb/preflight_impl.h"
#include "core/util/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>

int pf_report_add(struct pf_report *r, const struct pf_finding *f, char *err)
{
    if (r->n == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 16;
        struct pf_finding *v = realloc(r->items, cap * sizeof *v);
        if (!v)
            return err_set(err, "out of memory adding the pre-flight finding %s", f->check);
        r->items = v;
        r->cap = cap;
    }
    r->items[r->n++] = *f;
    return 0;
}

void pf_report_free(struct pf_report *r)
{
    free(r->items);
    memset(r, 0, sizeof *r);
}

const char *pf_sev_name(enum pf_sev s)
{
    static const char *const n[] = { "ok", "info", "warn", "fail" };
    return (unsigned)s < 4 ? n[s] : "?";
}

void pf_add(struct pf_ctx *c, enum pf_sev sev, const char *check, const char *file, int line,
            const char *fmt, ...)
{
    struct pf_finding f = { .sev = sev, .line = line };
    snprintf(f.check, sizeof f.check, "%s", check);
    if (sev != PF_OK)
        snprintf(f.kb_id, sizeof f.kb_id, "%s", pf_kb_id(c->kb, check));
    snprintf(f.file, sizeof f.file, "%s", file ? file : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(f.what, sizeof f.what, fmt, ap);
    va_end(ap);
    if (pf_report_add(c->out, &f, NULL) != 0)
        c->oom = true;
}

int pf_done(const struct pf_ctx *c, char *err)
{
    return c->oom ? err_set(err, "out of memory gathering the pre-flight findings") : 0;
}

int pf_line_at(const char *text, const char *p)
{
    int line = 1;
    for (const char *q = text; q < p; q++)
        line += *q == '\n';
    return line;
}

bool pf_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

bool pf_host_aarch64(char *machine, size_t cap)
{
    struct utsname u;
    bool ok = uname(&u) == 0;
    if (machine)
        snprintf(machine, cap, "%s", ok ? u.machine : "unknown");
    return ok && !strcmp(u.machine, "aarch64");
}

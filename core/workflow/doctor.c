/* The doctor's report: every system and tool check in one list with counts, tools looked
 * up once and remembered, and one line for a set of tools (what a step needs). */
#include "core/workflow/doctor_impl.h"
#include "core/util/err.h"
#include "core/util/fileio.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#define EFI_AARCH64 "/usr/share/qemu-efi-aarch64/QEMU_EFI.fd"

const char *doctor_status_name(enum doctor_status s)
{
    return s == DOCTOR_FAIL ? "fail" : s == DOCTOR_WARN ? "warn" : "ok";
}

int doctor_report_add(struct doctor_report *r, const struct doctor_check *c, char *err)
{
    if (r->nchecks == r->cap_checks) {
        size_t cap = r->cap_checks ? r->cap_checks * 2 : 32;
        struct doctor_check *v = realloc(r->checks, cap * sizeof *v);
        if (!v)
            return err_set(err, "out of memory while collecting the doctor's checks");
        r->checks = v;
        r->cap_checks = cap;
    }
    r->checks[r->nchecks++] = *c;
    if (c->status == DOCTOR_OK)
        r->ok++;
    else if (c->status == DOCTOR_WARN)
        r->warnings++;
    else
        r->problems++;
    return 0;
}

const struct doctor_check *doctor_report_find(const struct doctor_report *r, const char *id)
{
    for (size_t i = 0; i < r->nchecks; i++)
        if (!strcmp(r->checks[i].id, id))
            return &r->checks[i];
    return NULL;
}

/* Looks the tool up (in <workspace>/<ws_bin> first for those the workspace installs). */
static int find_tool(const struct doctor_report *r, const char *name, struct doctor_tool *t,
                     char *err)
{
    const struct doctor_tool_info *info = doctor_tool_info(name);
    char dir[4096];
    bool in_ws = info && info->ws_bin && r->workspace &&
                 path_join(dir, sizeof dir, r->workspace, info->ws_bin) == 0;
    return doctor_tool_find_in(name, in_ws ? dir : NULL, DOCTOR_VERSION_TIMEOUT_MS, t, err);
}

const struct doctor_tool *doctor_report_tool(struct doctor_report *r, const char *name, char *err)
{
    for (size_t i = 0; i < r->ntools; i++)
        if (!strcmp(r->tools[i].name, name))
            return &r->tools[i];
    if (r->ntools == r->cap_tools) {
        size_t cap = r->cap_tools ? r->cap_tools * 2 : 32;
        struct doctor_tool *v = realloc(r->tools, cap * sizeof *v);
        if (!v) {
            err_set(err, "out of memory while looking up %s", name);
            return NULL;
        }
        r->tools = v;
        r->cap_tools = cap;
    }
    if (find_tool(r, name, &r->tools[r->ntools], err) != 0)
        return NULL;
    return &r->tools[r->ntools++];
}

/* gem5 embeds the Python that python3-config describes, which PATH order can make another
 * one than python3 (a pyenv shim ahead of Debian's, say). */
static void python_pair(struct doctor_report *r, struct doctor_check *c)
{
    const struct doctor_tool *py = doctor_report_tool(r, "python3", NULL);
    const struct doctor_tool *cfg = doctor_report_tool(r, "python3-config", NULL);
    if (!py || !cfg || !py->version[0] || !cfg->version[0] || c->status != DOCTOR_OK ||
        doctor_version_in(py->version, cfg->version))
        return;
    c->status = DOCTOR_WARN;
    snprintf(c->detail, sizeof c->detail, "%s at %.300s describes Python %s, but python3 on PATH is "
             "%s: gem5 embeds the Python of python3-config", cfg->version, cfg->path, cfg->version,
             py->version);
    snprintf(c->fix, sizeof c->fix, "put the python3-config of the Python you build with first "
             "on PATH, or give scons PYTHON_CONFIG=/usr/bin/python3-config in its environment");
}

static int add_tools(struct doctor_report *r, char *err)
{
    for (const struct doctor_tool_info *info = doctor_tools; info->name; info++) {
        const struct doctor_tool *t = doctor_report_tool(r, info->name, err);
        if (!t)
            return -1;
        struct doctor_check c;
        doctor_tool_check(t, info->required, &c);
        if (!strcmp(info->name, "python3-config"))
            python_pair(r, &c);
        if (doctor_report_add(r, &c, err) != 0)
            return -1;
    }
    return 0;
}

static int add_system(struct doctor_report *r, char *err)
{
    struct doctor_check c[9];
    size_t n = 0;
    struct utsname u;
    doctor_check_arch(uname(&u) == 0 ? u.machine : "unknown", &c[n++]);
    doctor_check_kvm(&c[n++]);
    if (doctor_check_nested(&c[n]) == 0)
        n++;
    doctor_check_perf(&c[n++]);
    doctor_check_disk(r->workspace, &c[n++]);
    doctor_check_memory(&c[n++]);
    doctor_check_cpus(&c[n++]);
    doctor_check_file("efi-aarch64", "arm64 UEFI firmware", EFI_AARCH64, "qemu-efi-aarch64",
                      "qemu -bios for arm64 disk images", &c[n++]);
    for (size_t i = 0; i < n; i++)
        if (doctor_report_add(r, &c[i], err) != 0)
            return -1;
    return 0;
}

int doctor_run(const char *workspace_dir, struct doctor_report **out, char *err)
{
    *out = NULL;
    struct doctor_report *r = calloc(1, sizeof *r);
    if (!r || !(r->workspace = strdup(workspace_dir && *workspace_dir ? workspace_dir : "."))) {
        free(r);
        return err_set(err, "out of memory while starting the doctor's checks");
    }
    if (add_system(r, err) != 0 || add_tools(r, err) != 0) {
        doctor_report_free(r);
        return -1;
    }
    *out = r;
    return 0;
}

void doctor_report_free(struct doctor_report *r)
{
    if (!r)
        return;
    free(r->checks);
    free(r->tools);
    free(r->workspace);
    free(r);
}

/* Appends to buf (cap bytes) what fits. */
static void append(char *buf, size_t cap, const char *fmt, ...)
{
    size_t len = strlen(buf);
    if (len + 1 >= cap)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + len, cap - len, fmt, ap);
    va_end(ap);
}

/* Why a tool of a set is not fine: "missing", "older than 10"... */
static void trouble(const struct doctor_tool *t, const struct doctor_tool_info *info,
                    char *buf, size_t cap)
{
    if (!t->found)
        snprintf(buf, cap, "missing");
    else if (!t->version[0])
        snprintf(buf, cap, "did not tell its version");
    else if (info && info->fail_below && doctor_version_cmp(t->version, info->fail_below) < 0)
        snprintf(buf, cap, "%s is older than %s", t->version, info->fail_below);
    else if (info && info->warn_below && doctor_version_cmp(t->version, info->warn_below) < 0)
        snprintf(buf, cap, "%s is older than %s", t->version, info->warn_below);
    else
        snprintf(buf, cap, "%s is not %s.x", t->version, info && info->series ? info->series : "?");
}

/* What one tool adds to the line of a set: its version, or what is wrong and the fix. */
static void need_one(const struct doctor_tool *t, struct doctor_check *out, char *found,
                     char *bad, char *pkgs, char *other)
{
    const struct doctor_tool_info *info = doctor_tool_info(t->name);
    struct doctor_check c;
    char why[128];
    doctor_tool_check(t, true, &c);
    if (c.status > out->status)
        out->status = c.status;
    if (c.status == DOCTOR_OK) {
        append(found, 512, "%s%s%s%s", *found ? ", " : "", t->name, t->version[0] ? " " : "",
               t->version);
        return;
    }
    trouble(t, info, why, sizeof why);
    append(bad, 512, "%s%s %s", *bad ? "; " : "", t->name, why);
    if (info && info->package && (!t->found || t->version[0]))
        append(pkgs, 512, " %s", info->package);
    else
        append(other, 512, "%s%s", *other ? "; " : "", c.fix);
}

int doctor_tools_need(struct doctor_report *r, const char *const *tools, size_t max,
                      struct doctor_check *out, char *err)
{
    char found[512] = "", bad[512] = "", pkgs[512] = "", other[512] = "";
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < max; i++) {
        if (!tools[i])
            continue;
        const struct doctor_tool *t = doctor_report_tool(r, tools[i], err);
        if (!t)
            return -1;
        need_one(t, out, found, bad, pkgs, other);
    }
    append(out->detail, sizeof out->detail, "%s", found);
    append(out->detail, sizeof out->detail, "%s%s", *found && *bad ? "; " : "", bad);
    if (!*found && !*bad)
        append(out->detail, sizeof out->detail, "needs no external tools");
    if (*pkgs)
        append(out->fix, sizeof out->fix, "sudo apt-get install%s", pkgs);
    if (*other)
        append(out->fix, sizeof out->fix, "%s%s", *pkgs ? "; " : "", other);
    return 0;
}

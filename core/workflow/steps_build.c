/* Plans of the clone and build steps: m5, gem5, libgem5, SST core and elements, and the
 * gem5 SST element, with the commands and flags the fork's docs give (darchr-workflow §1). */
#include "core/workflow/steps_impl.h"

#include "core/util/err.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

const char *step_jobs(const struct step_ctx *c)
{
    return step_value(c, "jobs");
}

/* Is prog in PATH? */
static bool in_path(const char *prog)
{
    const char *path = getenv("PATH");
    char buf[PATH_MAX];
    for (const char *s = path; s && *s;) {
        const char *colon = strchr(s, ':');
        size_t n = colon ? (size_t)(colon - s) : strlen(s);
        snprintf(buf, sizeof buf, "%.*s/%s", (int)n, s, prog);
        if (step_exists(buf, true))
            return true;
        s = colon ? colon + 1 : NULL;
    }
    return false;
}

static bool host_is_arm64(void)
{
    struct utsname u;
    return uname(&u) == 0 && !strcmp(u.machine, "aarch64");
}

/* Another step's value of a parameter (its setting or default). */
static const char *other(const struct step_ctx *c, const char *step, const char *name)
{
    struct step_ctx o = { .w = c->w, .def = step_find(step) };
    snprintf(o.commit, sizeof o.commit, "%s", c->commit);
    return o.def ? step_value(&o, name) : NULL;
}

const char *step_default(const struct step_ctx *c, const char *name, char *buf, size_t cap)
{
    const char *id = c->def->id;
    if (!strcmp(id, "disk-image"))
        return step_disk_default(c, name, buf, cap);
    if (!strcmp(name, "jobs")) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        snprintf(buf, cap, "%ld", n > 0 ? n : 1);
        return buf;
    }
    if (!strcmp(id, "build-m5") && !strcmp(name, "abi"))
        return !strcmp(other(c, "disk-image", "arch"), "arm64") ? "arm64" : "x86";
    if (!strcmp(id, "build-m5") && !strcmp(name, "cross_compile"))
        return !strcmp(step_value(c, "abi"), "arm64") && !host_is_arm64() ? "aarch64-linux-gnu-"
                                                                          : "";
    /* a restore boots what the take booted */
    if ((!strcmp(id, "restore-gem5") || !strcmp(id, "restore-sst")) &&
        (!strcmp(name, "kernel") || !strcmp(name, "bootloader") || !strcmp(name, "disk")))
        return other(c, "take-checkpoint", name);
    if (!strcmp(id, "build-libgem5") && !strcmp(name, "isa"))
        return other(c, "build-gem5", "isa");
    if (!strcmp(id, "build-gem5-sst") && !strcmp(name, "isa"))
        return other(c, "build-libgem5", "isa");
    if (!strcmp(id, "build-sst-core") && !strcmp(name, "prefix")) {
        ws_path(c->w, "sst", buf, cap);
        return buf;
    }
    if (!strcmp(id, "build-sst-core") && !strcmp(name, "mpi"))
        return in_path("mpicc") ? "on" : "off";
    return NULL;
}

int plan_clone(struct step_ctx *c, struct step_plan *p, char *err)
{
    (void)err;
    char dir[STEP_PATH_MAX];
    step_ws_path(c, "gem5", dir);
    const char *argv[] = { step_value(c, "url"), step_value(c, "branch"), NULL };
    plan_cmd(p, ACT_CLONE, "clone", dir, "git", NULL, argv);
    plan_artifact(p, "%s/.git", dir);
    return 0;
}

/* gem5/ must be a clone before any build. */
static int need_gem5(const struct step_ctx *c, const char *rel, char *buf, char *err)
{
    char git[STEP_PATH_MAX + 8];
    step_ws_path(c, "gem5", buf);
    snprintf(git, sizeof git, "%s/.git", buf);
    if (!step_exists(git, false))
        return err_set(err, "%s is not cloned yet: run `gem5wb run clone` first", buf);
    if (rel && *rel)
        snprintf(buf + strlen(buf), STEP_PATH_MAX - strlen(buf), "/%s", rel);
    return 0;
}

int plan_build_m5(struct step_ctx *c, struct step_plan *p, char *err)
{
    char dir[STEP_PATH_MAX], target[64], cross[160];
    if (need_gem5(c, "util/m5", dir, err) != 0)
        return -1;
    const char *abi = step_value(c, "abi"), *cc = step_value(c, "cross_compile");
    snprintf(target, sizeof target, "build/%s/out/m5", abi);
    snprintf(cross, sizeof cross, "%s.CROSS_COMPILE=%s", abi, cc);
    bool default_cc = !strcmp(abi, "x86") ? !*cc : !strcmp(cc, "aarch64-linux-gnu-") &&
                      !strcmp(abi, "arm64");
    if (default_cc)
        plan_exec(p, target, dir, "scons", NULL, "scons", target, "-j", step_jobs(c), NULL);
    else
        plan_exec(p, target, dir, "scons", NULL, "scons", cross, target, "-j", step_jobs(c),
                  NULL);
    if (!strcmp(abi, "arm64") && *cc && !in_path("aarch64-linux-gnu-gcc"))
        plan_note(p, "%sgcc is not installed: install gcc-aarch64-linux-gnu and "
                  "g++-aarch64-linux-gnu (Debian) to cross-build m5 for arm64", cc);
    plan_artifact(p, "%s/%s", dir, target);
    return 0;
}

static int gem5_target(struct step_ctx *c, struct step_plan *p, const char *target,
                       const char *const *extra, char *err)
{
    char dir[STEP_PATH_MAX];
    if (need_gem5(c, NULL, dir, err) != 0)
        return -1;
    const char *argv[12] = { "scons", target, "-j", step_jobs(c) };
    size_t n = 4;
    for (size_t i = 0; extra && extra[i] && n < 11; i++)
        argv[n++] = extra[i];
    argv[n] = NULL;
    plan_cmd(p, ACT_EXEC, target, dir, "scons", NULL, argv);
    plan_artifact(p, "%s/%s", dir, target);
    return 0;
}

int plan_build_gem5(struct step_ctx *c, struct step_plan *p, char *err)
{
    char target[64];
    const char *isa = step_value(c, "isa");
    snprintf(target, sizeof target, "build/%s/gem5.%s", isa, step_value(c, "variant"));
    if (!strcmp(isa, "ARM") && !host_is_arm64())
        plan_note(p, "gem5 builds the ARM KVM CPU only on an aarch64 host: on this host "
                  "checkpoints must be taken with the atomic CPU (the fork's unified script "
                  "takes them with KVM)");
    return gem5_target(c, p, target, NULL, err);
}

int plan_build_libgem5(struct step_ctx *c, struct step_plan *p, char *err)
{
    char target[64];
    snprintf(target, sizeof target, "build/%s/libgem5_opt.so", step_value(c, "isa"));
    /* ext/sst/INSTALL.md: tcmalloc conflicts with SST's malloc; the element includes
     * headers from build/<ISA>/, where --duplicate-sources copies them */
    static const char *const extra[] = { "--without-tcmalloc", "--duplicate-sources", NULL };
    return gem5_target(c, p, target, extra, err);
}

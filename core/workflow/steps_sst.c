/* Plans of the SST builds: sst-core and sst-elements from a source folder or a release
 * tarball (configure, make all, make install), then the gem5 element in gem5/ext/sst. */
#include "core/workflow/steps_impl.h"

#include "core/util/err.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool is_tarball(const char *s)
{
    static const char *const ext[] = { ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".tar", NULL };
    size_t n = strlen(s);
    for (int i = 0; ext[i]; i++) {
        size_t e = strlen(ext[i]);
        if (n > e && !strcmp(s + n - e, ext[i]))
            return true;
    }
    return false;
}

/* The folder configure runs in: the source folder, or src/<name> where the tarball is
 * unpacked first. Folders from git have no configure yet: autogen.sh makes it. */
static int source_dir(struct step_ctx *c, struct step_plan *p, const char *name, char *dir,
                      char *err)
{
    const char *src = step_value(c, "source");
    char abs[PATH_MAX];
    if (!realpath(src, abs))
        return err_set(err, "%s.source: %s does not exist; give the %s source folder or its "
                       "release tarball", c->def->id, src, name);
    if (is_tarball(abs)) {
        char rel[64];
        snprintf(rel, sizeof rel, "src/%s", name);
        step_ws_path(c, rel, dir);
        plan_exec(p, "unpack", NULL, "make", NULL, "mkdir", "-p", dir, NULL);
        plan_exec(p, "unpack", dir, "make", NULL, "tar", "xf", abs, "--strip-components=1",
                  NULL);
        return 0;
    }
    snprintf(dir, STEP_PATH_MAX, "%s", abs);
    char probe[STEP_PATH_MAX + 16];
    snprintf(probe, sizeof probe, "%s/configure", dir);
    if (step_exists(probe, false))
        return 0;
    snprintf(probe, sizeof probe, "%s/autogen.sh", dir);
    if (!step_exists(probe, false))
        return err_set(err, "%s has neither configure nor autogen.sh: is it the %s source?",
                       dir, name);
    plan_exec(p, "autogen", dir, "make", NULL, "./autogen.sh", NULL);
    return 0;
}

/* PATH and PKG_CONFIG_PATH with the SST prefix in front. */
void step_sst_env(const char *prefix, char *path, char *pkg, size_t cap)
{
    const char *p = getenv("PATH"), *k = getenv("PKG_CONFIG_PATH");
    snprintf(path, cap, "PATH=%s/bin:%s", prefix, p ? p : "/usr/bin:/bin");
    snprintf(pkg, cap, "PKG_CONFIG_PATH=%s/lib/pkgconfig%s%s", prefix, k && *k ? ":" : "",
             k ? k : "");
}

static const char *core_prefix(struct step_ctx *c)
{
    struct step_ctx o = { .w = c->w, .def = step_find("build-sst-core") };
    return step_value(&o, "prefix");
}

static void make_install(struct step_ctx *c, struct step_plan *p, const char *dir,
                         const char *const *env)
{
    plan_exec(p, "make", dir, "make", env, "make", "all", "-j", step_jobs(c), NULL);
    plan_exec(p, "make install", dir, "make", env, "make", "install", NULL);
}

int plan_build_sst_core(struct step_ctx *c, struct step_plan *p, char *err)
{
    char dir[STEP_PATH_MAX], prefix[STEP_PATH_MAX + 16], py[STEP_PATH_MAX + 16];
    if (source_dir(c, p, "sst-core", dir, err) != 0)
        return -1;
    const char *pre = step_value(c, "prefix");
    snprintf(prefix, sizeof prefix, "--prefix=%s", pre);
    snprintf(py, sizeof py, "--with-python=%s", step_value(c, "python_config"));
    bool mpi = !strcmp(step_value(c, "mpi"), "on");
    plan_exec(p, "configure", dir, "make", NULL, "./configure", prefix, py,
              mpi ? NULL : "--disable-mpi", NULL);
    make_install(c, p, dir, NULL);
    if (strpbrk(pre, " \"'\\$`"))
        plan_note(p, "the install prefix %s has spaces or quotes, which autotools' make "
                  "install and pkg-config break on: set build-sst-core.prefix to a plain "
                  "folder", pre);
    if (!mpi)
        plan_note(p, "sst-core without MPI: restore-sst can only run with ranks=1 (mpirun "
                  "needs an MPI build: install libopenmpi-dev and set mpi=on)");
    plan_artifact(p, "%s/bin/sst", pre);
    plan_artifact(p, "%s/bin/sst-config", pre);
    return 0;
}

int plan_build_sst_elements(struct step_ctx *c, struct step_plan *p, char *err)
{
    char dir[STEP_PATH_MAX], prefix[STEP_PATH_MAX + 16], py[STEP_PATH_MAX + 16];
    char core[STEP_PATH_MAX + 16], path[8192], pkg[8192];
    if (source_dir(c, p, "sst-elements", dir, err) != 0)
        return -1;
    const char *pre = core_prefix(c);
    snprintf(prefix, sizeof prefix, "--prefix=%s", pre);
    snprintf(py, sizeof py, "--with-python=%s", step_value(c, "python_config"));
    snprintf(core, sizeof core, "--with-sst-core=%s", pre);
    step_sst_env(pre, path, pkg, sizeof path);
    const char *env[] = { path, pkg, NULL };
    plan_exec(p, "configure", dir, "make", env, "./configure", prefix, py, core, NULL);
    make_install(c, p, dir, env);
    plan_artifact(p, "%s/lib/sst-elements-library", pre);
    return 0;
}

/* The SST-x.y.z name of the .pc file SST installed, for Makefile.linux's SST_VERSION. */
static bool installed_sst_version(const char *prefix, char *name, size_t cap)
{
    char dir[STEP_PATH_MAX + 32];
    snprintf(dir, sizeof dir, "%s/lib/pkgconfig", prefix);
    DIR *d = opendir(dir);
    struct dirent *e;
    bool found = false;
    while (d && !found && (e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (!strncmp(e->d_name, "SST-", 4) && n > 7 && !strcmp(e->d_name + n - 3, ".pc")) {
            snprintf(name, cap, "%.*s", (int)(n - 3), e->d_name);
            found = true;
        }
    }
    if (d)
        closedir(d);
    return found;
}

int plan_build_gem5_sst(struct step_ctx *c, struct step_plan *p, char *err)
{
    char dir[STEP_PATH_MAX], from[STEP_PATH_MAX + 16], to[STEP_PATH_MAX + 16];
    char path[8192], pkg[8192], arch[32], ver[96], version[128];
    step_ws_path(c, "gem5/ext/sst", dir);
    snprintf(from, sizeof from, "%s/Makefile.linux", dir);
    snprintf(to, sizeof to, "%s/Makefile", dir);
    if (!step_exists(from, false))
        return err_set(err, "%s is missing: this commit of the fork has no SST element "
                       "Makefile (ext/sst)", from);
    const char *pre = core_prefix(c);
    step_sst_env(pre, path, pkg, sizeof path);
    const char *env[] = { path, pkg, NULL };
    const char *copy[] = { from, to, NULL };
    plan_cmd(p, ACT_COPY, "cp Makefile.linux Makefile", dir, NULL, NULL, copy);
    /* the link rule uses $? (only newer objects): a partial rebuild links a broken .so */
    plan_exec(p, "make clean", dir, "make", env, "make", "clean", NULL);
    snprintf(arch, sizeof arch, "ARCH=%s", step_value(c, "isa"));
    const char *argv[8] = { "make", arch, "-j", step_jobs(c), NULL };
    if (installed_sst_version(pre, ver, sizeof ver)) {
        snprintf(version, sizeof version, "SST_VERSION=%s", ver);
        argv[4] = version;
    }
    plan_cmd(p, ACT_EXEC, "make", dir, "make", env, argv);
    plan_artifact(p, "%s/libgem5.so", dir);
    return 0;
}

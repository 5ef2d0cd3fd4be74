/* What a step needs from this machine: its tools (the doctor's lookups), /dev/kvm and perf
 * counters, SST's install and its MPI, libgem5 and whether it links tcmalloc. */
#include "core/kb/preflight_impl.h"
#include "core/util/err.h"
#include "core/util/fileio.h"
#include "core/workflow/doctor.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void from_doctor(struct pf_ctx *c, const char *check, const struct doctor_check *d)
{
    enum pf_sev sev = d->status == DOCTOR_FAIL ? PF_FAIL : d->status == DOCTOR_WARN ? PF_WARN
                                                                                   : PF_OK;
    pf_add(c, sev, check, NULL, 0, "%s: %s%s%s", d->title, d->detail,
           sev != PF_OK && d->fix[0] ? "; fix: " : "", sev != PF_OK ? d->fix : "");
}

void pf_tool(struct pf_ctx *c, const char *check, const char *name, bool required)
{
    struct doctor_tool t;
    struct doctor_check d;
    char err[ERR_LEN];
    if (doctor_tool_find(name, &t, err) != 0) {
        pf_add(c, PF_FAIL, check ? check : "tool", NULL, 0, "%s", err);
        return;
    }
    doctor_tool_check(&t, required, &d);
    from_doctor(c, check ? check : d.id, &d);
}

void pf_kvm(struct pf_ctx *c)
{
    const char *dev = getenv("GEM5WB_DEV_KVM");
    struct doctor_check d;
    doctor_check_kvm(&d);
    from_doctor(c, pf_exists(dev && *dev ? dev : "/dev/kvm") ? "kvm-access" : "kvm-device", &d);
    doctor_check_perf(&d);
    from_doctor(c, "perf-paranoid", &d);
}

void pf_sst_core(struct pf_ctx *c, const char *prefix)
{
    char cfg[4200];
    const char *home = getenv("SST_CORE_HOME");
    snprintf(cfg, sizeof cfg, "%s/bin/sst-config", prefix);
    if (pf_exists(cfg))
        pf_add(c, PF_OK, "sst-core-home", cfg, 0, "sst-core is installed in %s", prefix);
    else
        pf_add(c, PF_FAIL, "sst-core-home", cfg, 0, "sst-core is not installed in %s (no "
               "bin/sst-config): run build-sst-core, or set build-sst-core.prefix to where it "
               "is", prefix);
    snprintf(cfg, sizeof cfg, "%s/bin/sst-config", home ? home : "");
    if (home && *home && strcmp(home, prefix) && !pf_exists(cfg))
        pf_add(c, PF_WARN, "sst-core-home", cfg, 0, "SST_CORE_HOME is %s, which has no "
               "bin/sst-config: scripts that follow ext/sst/INSTALL.md look there", home);
}

/* 1: the installed sst-core has MPI, 0: it has not, -1: no header says. */
static int installed_mpi(const char *prefix, char *header, size_t cap)
{
    char *text, err[ERR_LEN];
    size_t len;
    snprintf(header, cap, "%s/include/sst/core/sst_config.h", prefix);
    if (file_read_all(header, 1u << 20, &text, &len, err) != 0)
        return -1;
    int have = strstr(text, "#define SST_CONFIG_HAVE_MPI") != NULL;
    free(text);
    return have;
}

void pf_sst_mpi(struct pf_ctx *c, const char *prefix, const char *mpi_setting, int ranks)
{
    char header[4200] = "";
    int have = prefix ? installed_mpi(prefix, header, sizeof header) : -1;
    if (ranks <= 1)
        pf_add(c, PF_OK, "sst-mpi", NULL, 0, "restore-sst runs sst on 1 rank: no MPI needed");
    else if (have == 1)
        pf_add(c, PF_OK, "sst-mpi", header, 0, "sst-core in %s has MPI, for %d ranks", prefix,
               ranks);
    else if (have == 0)
        pf_add(c, PF_FAIL, "sst-mpi", header, 0, "restore-sst.ranks is %d but the sst-core in %s "
               "was built without MPI (%s does not define SST_CONFIG_HAVE_MPI): mpirun would "
               "start %d separate serial simulations", ranks, prefix, header, ranks);
    else if (mpi_setting && !strcmp(mpi_setting, "off"))
        pf_add(c, PF_FAIL, "sst-mpi", NULL, 0, "restore-sst.ranks is %d but build-sst-core.mpi "
               "is off (configure --disable-mpi): set it to on (needs libopenmpi-dev)", ranks);
    else
        pf_add(c, PF_OK, "sst-mpi", NULL, 0, "build-sst-core builds with MPI, for %d ranks",
               ranks);
}

void pf_libgem5(struct pf_ctx *c, const char *gem5_dir, const char *isa)
{
    char lib[4200], needed[256];
    snprintf(lib, sizeof lib, "%s/build/%s/libgem5_opt.so", gem5_dir, isa);
    if (!pf_exists(lib)) {
        pf_add(c, PF_FAIL, "libgem5-path", lib, 0, "%s does not exist: the gem5 SST element "
               "links -lgem5_opt from build/%s (run build-libgem5 with isa=%s)", lib, isa, isa);
        return;
    }
    pf_add(c, PF_OK, "libgem5-path", lib, 0, "libgem5 is %s", lib);
    int r = pf_elf_needs(lib, "libtcmalloc", needed, sizeof needed);
    if (r == 1)
        pf_add(c, PF_FAIL, "libgem5-tcmalloc", lib, 0, "%s needs %s: it was built without "
               "--without-tcmalloc, and tcmalloc clashes with SST's allocator", lib, needed);
    else if (r == 0)
        pf_add(c, PF_OK, "libgem5-tcmalloc", lib, 0, "%s does not link tcmalloc", lib);
    else
        pf_add(c, PF_INFO, "libgem5-tcmalloc", lib, 0, "%s is not a 64-bit ELF gem5wb can "
               "read: whether it links tcmalloc is unknown", lib);
}

/* The tools the workflow runs, with the Debian package that provides each and the versions
 * the fork needs; and the check line a looked-up tool gives. */
#include "core/workflow/doctor.h"

#include <stdio.h>
#include <string.h>

#define GCC_WHY "the fork's SConstruct refuses GCC older than 7; gem5 23.1 is tested with GCC 10 to 13"
#define PY_WHY  "gem5 23.1 needs Python 3.6 or newer (site_scons/site_init.py, SConstruct)"

const struct doctor_tool_info doctor_tools[] = {
    { .name = "scons", .package = "scons", .purpose = "builds gem5, libgem5 and m5",
      .marker = "SCons: v", .required = true, .fail_below = "3.0",
      .why = "gem5 23.1 needs SCons 3.0 or newer (EnsureSConsVersion in site_scons/site_init.py)" },
    { .name = "g++", .package = "g++", .purpose = "compiles gem5, libgem5 and the gem5 SST element",
      .marker = ") ", .required = true, .fail_below = "7", .warn_below = "10", .why = GCC_WHY },
    { .name = "gcc", .package = "gcc", .purpose = "compiles gem5's C sources and m5 for x86",
      .marker = ") ", .required = true, .fail_below = "7", .warn_below = "10", .why = GCC_WHY },
    { .name = "make", .package = "make", .purpose = "builds SST and the gem5 SST element",
      .required = true },
    { .name = "python3", .package = "python3", .purpose = "runs scons and gem5's build scripts",
      .marker = "Python ", .required = true, .fail_below = "3.6", .why = PY_WHY },
    { .name = "python3-config", .package = "python3-dev", .version_arg = "--includes",
      .marker = "python", .purpose = "gives gem5 and SST the headers of the Python they embed",
      .required = true, .fail_below = "3.6", .why = PY_WHY },
    { .name = "pkg-config", .package = "pkg-config", .required = true,
      .purpose = "finds SST-13.0.0 for the gem5 SST element, and gem5's optional libraries" },
    { .name = "m4", .package = "m4", .required = true,
      .purpose = "processes ext/libelf's sources in gem5's build" },
    { .name = "tar", .package = "tar", .required = true,
      .purpose = "unpacks the SST release tarballs" },
    { .name = "protoc", .package = "protobuf-compiler libprotobuf-dev",
      .marker = "libprotoc ", .fail_below = "2.1.0",
      .why = "gem5 needs protoc 2.1.0 or newer (src/proto/SConsopts)",
      .purpose = "lets gem5 build its protobuf trace support (optional: gem5 builds without it)" },
    { .name = "git", .package = "git", .marker = "version ",
      .purpose = "serves gem5's style hooks (optional: gem5wb clones with its built-in libgit2)" },
    { .name = "packer", .package = "packer", .version_arg = "version", .marker = "Packer v",
      .warn_below = "1.6", .purpose = "builds the disk image (hack-back)",
      .why = "hack-back's build.sh downloads packer 1.7.8; Debian's 1.6.6 also reads its JSON "
             "template; older releases are untested" },
    { .name = "qemu-system-x86_64", .package = "qemu-system-x86", .marker = "version ",
      .purpose = "runs the installer of an x86 disk image under packer" },
    { .name = "qemu-system-aarch64", .package = "qemu-system-arm", .marker = "version ",
      .purpose = "runs the installer of an arm64 disk image under packer" },
    { .name = "qemu-img", .package = "qemu-utils", .marker = "version ",
      .purpose = "creates and converts disk images" },
    { .name = "aarch64-linux-gnu-gcc", .package = "gcc-aarch64-linux-gnu", .marker = ") ",
      .purpose = "cross-compiles m5 for arm64 guests on an x86_64 host" },
    { .name = "aarch64-linux-gnu-g++", .package = "g++-aarch64-linux-gnu", .marker = ") ",
      .purpose = "cross-compiles m5 for arm64 guests (scons build/arm64/out/m5 calls it)" },
    { .name = "mpirun", .package = "openmpi-bin", .marker = "Open MPI) ",
      .purpose = "runs SST on several ranks (mpirun -np 2 sst ...)" },
    { .name = "mpicc", .package = "libopenmpi-dev", .version_arg = "--showme:version",
      .marker = "Open MPI ", .purpose = "lets sst-core be built with MPI (not --disable-mpi)" },
    { .name = "autoconf", .package = "autoconf", .marker = ") ",
      .purpose = "builds SST from git (./autogen.sh); not needed for the release tarballs" },
    { .name = "automake", .package = "automake", .marker = ") ",
      .purpose = "builds SST from git (./autogen.sh); not needed for the release tarballs" },
    { .name = "libtoolize", .package = "libtool", .marker = ") ",
      .purpose = "builds SST from git (./autogen.sh); not needed for the release tarballs" },
    { .name = "sst", .marker = "Version (", .series = "13.0", .ws_bin = "sst/bin",
      .purpose = "runs the gem5 SST element (restores checkpoints into SST memory)",
      .why = "the gem5 SST element's Makefile asks pkg-config for SST-13.0.0 "
             "(SST_VERSION in ext/sst/Makefile.linux)",
      .fix = "build SST 13.0.0 with `gem5wb run build-sst-core` (it installs into the "
             "workspace's sst/), or put the bin folder of an installed SST 13.0.0 on PATH" },
    { .name = NULL },
};

const struct doctor_tool_info *doctor_tool_info(const char *name)
{
    for (const struct doctor_tool_info *t = doctor_tools; t->name; t++)
        if (!strcmp(t->name, name))
            return t;
    return NULL;
}

/* What to do for a missing (or too old: upgrade) tool. */
static void fix_text(const struct doctor_tool *t, const struct doctor_tool_info *info,
                     bool upgrade, char *fix, size_t cap)
{
    if (info && info->package)
        snprintf(fix, cap, "%ssudo apt-get install %s", upgrade ? "install a newer release: " : "",
                 info->package);
    else if (info && info->fix)
        snprintf(fix, cap, "%s", info->fix);
    else
        snprintf(fix, cap, "install %s (the package that provides it: apt-file search bin/%s) "
                 "and put its folder on PATH", t->name, t->name);
}

static const char *arg_of(const struct doctor_tool_info *info)
{
    return info && info->version_arg ? info->version_arg : "--version";
}

/* A found tool's version against the table: the status, and the detail's reason. */
static enum doctor_status judge(const struct doctor_tool *t, const struct doctor_tool_info *info,
                                char *why, size_t cap)
{
    why[0] = '\0';
    if (!info || !t->version[0])
        return DOCTOR_OK;
    if (info->fail_below && doctor_version_cmp(t->version, info->fail_below) < 0) {
        snprintf(why, cap, "older than %s: %s", info->fail_below, info->why);
        return DOCTOR_FAIL;
    }
    if (info->warn_below && doctor_version_cmp(t->version, info->warn_below) < 0) {
        snprintf(why, cap, "older than %s: %s", info->warn_below, info->why);
        return DOCTOR_WARN;
    }
    if (info->series && !doctor_version_in(t->version, info->series)) {
        snprintf(why, cap, "not %s.x: %s", info->series, info->why);
        return DOCTOR_WARN;
    }
    return DOCTOR_OK;
}

static void found_check(const struct doctor_tool *t, const struct doctor_tool_info *info,
                        struct doctor_check *out)
{
    const char *purpose = info ? info->purpose : "";
    bool ruled = info && (info->fail_below || info->warn_below || info->series);
    char why[384];
    if (!t->version[0]) {
        out->status = t->timed_out || ruled ? DOCTOR_WARN : DOCTOR_OK;
        if (t->timed_out)
            snprintf(out->detail, sizeof out->detail, "found at %.200s, but `%s %s` did not finish "
                     "within the deadline and was stopped, so its version is unknown", t->path,
                     t->name, arg_of(info));
        else
            snprintf(out->detail, sizeof out->detail, "found at %.200s; no version in the output of "
                     "`%s %s`%s%.150s", t->path, t->name, arg_of(info), t->first_line[0] ? ": " : "",
                     t->first_line);
        if (out->status != DOCTOR_OK)
            snprintf(out->fix, sizeof out->fix, "check that `%.300s %s` runs and prints a version",
                     t->path, arg_of(info));
        return;
    }
    out->status = judge(t, info, why, sizeof why);
    if (out->status == DOCTOR_OK)
        snprintf(out->detail, sizeof out->detail, "%s at %.200s%s%s", t->version, t->path,
                 *purpose ? ": " : "", purpose);
    else {
        snprintf(out->detail, sizeof out->detail, "%s at %.160s is %.300s", t->version, t->path, why);
        fix_text(t, info, true, out->fix, sizeof out->fix);
    }
}

void doctor_tool_check(const struct doctor_tool *restrict t, bool required,
                       struct doctor_check *restrict out)
{
    const struct doctor_tool_info *info = doctor_tool_info(t->name);
    memset(out, 0, sizeof *out);
    snprintf(out->id, sizeof out->id, "tool-%.26s", t->name);
    snprintf(out->title, sizeof out->title, "%.63s", t->name);
    if (t->found) {
        found_check(t, info, out);
        return;
    }
    out->status = required ? DOCTOR_FAIL : DOCTOR_WARN;
    snprintf(out->detail, sizeof out->detail, "not found %s%s%s",
             info && info->ws_bin ? "in the workspace or on PATH" : "on PATH",
             info ? "; it " : "", info ? info->purpose : "");
    fix_text(t, info, false, out->fix, sizeof out->fix);
}

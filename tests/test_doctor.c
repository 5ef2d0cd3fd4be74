/* core/workflow/doctor tests: versions read from real tool output (fixtures and this
 * machine's scons and g++), fake tools on PATH, a tool that hangs, missing tools and their
 * Debian packages, fake /proc, /sys and /dev/kvm through the test hooks, the whole report. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/util/err.h"
#include "core/util/fileio.h"
#include "core/workflow/doctor.h"
#include "tests/support/testutil.h"

#include <errno.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define GIB (1024ull * 1024 * 1024)

struct env {
    char *base;               /* tu_tmpdir */
    char dir[1024];           /* base/fake tools "q" 'x' */
    char proc[1024];          /* base/proc with "spaces" */
    char *old_path;
};

static const char *const hooks[] = { "GEM5WB_DEV_KVM", "GEM5WB_PROC", "GEM5WB_SYS" };

static int env_setup(void **state)
{
    struct env *e = calloc(1, sizeof *e);
    e->base = strdup(tu_tmpdir());
    snprintf(e->dir, sizeof e->dir, "%s/fake tools \"q\" 'x'", e->base);
    snprintf(e->proc, sizeof e->proc, "%s/proc with \"spaces\"", e->base);
    assert_int_equal(mkdir(e->dir, 0755), 0);
    assert_int_equal(mkdir(e->proc, 0755), 0);
    const char *p = getenv("PATH");
    e->old_path = strdup(p ? p : "/usr/bin:/bin");
    *state = e;
    return 0;
}

static int env_teardown(void **state)
{
    struct env *e = *state;
    setenv("PATH", e->old_path, 1);
    for (size_t i = 0; i < 3; i++)
        unsetenv(hooks[i]);
    tu_rmtree(e->base);
    free(e->base);
    free(e->old_path);
    free(e);
    return 0;
}

/* An executable script dir/name with body after the #! line. */
static void tool(const char *dir, const char *name, const char *body)
{
    char path[2048], text[2048];
    snprintf(text, sizeof text, "#!/bin/sh\n%s\n", body);
    tu_write(dir, name, text);
    snprintf(path, sizeof path, "%s/%s", dir, name);
    assert_int_equal(chmod(path, 0755), 0);
}

/* file dir/rel with text, making the folders on the way. */
static void put(const char *dir, const char *rel, const char *text)
{
    char path[2048], parent[2048], err[ERR_LEN];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    path_parent(path, parent, sizeof parent);
    assert_int_equal(dir_create(parent, err), 0);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static char *slurp(const char *path)
{
    char *data, err[ERR_LEN];
    size_t len;
    if (file_read_all(path, 1 << 20, &data, &len, err) != 0)
        fail_msg("%s", err);
    return data;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void parsed(const char *text, const char *marker, const char *want)
{
    char v[32];
    assert_int_equal(doctor_version_parse(text, marker, v, sizeof v), want ? 0 : -1);
    assert_string_equal(v, want ? want : "");
}

static void test_version_parse_real_output(void **state)
{
    (void)state;
    char *packer = slurp(tu_shared("fixtures/packer/packer-version.raw.log"));
    char *sst = slurp(tu_shared("fixtures/autotools-sst/sst-version.raw.log"));
    parsed(packer, doctor_tool_info("packer")->marker, "1.6.6");
    parsed(sst, doctor_tool_info("sst")->marker, "13.0.0");       /* "\r\n" from a pty */
    free(packer);
    free(sst);
    parsed("SCons by Steven Knight et al.:\n\tSCons: v4.4.0.fc8d0ec215ee6cba8bc158ad40c099be0b59"
           "8297, Sat, 30 Jul 2022 14:11:34 -0700, by bdbaddog on M1Dog2021\n", "SCons: v", "4.4.0");
    parsed("g++ (Debian 12.2.0-14+deb12u1) 12.2.0\nCopyright (C) 2022", ") ", "12.2.0");
    parsed("aarch64-linux-gnu-gcc (Debian 12.2.0-14) 12.2.0", ") ", "12.2.0");
    parsed("aarch64-linux-gnu-gcc (Debian 12.2.0-14) 12.2.0", NULL, "12.2.0");   /* not "64" */
    parsed("-I/root/.pyenv/versions/3.11.7/include/python3.11 -I/x", "python", "3.11");
    parsed("-I/usr/include/python3.9 -I/usr/include/python3.9", "python", "3.9");
    parsed("QEMU emulator version 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b3)", "version ", "7.2.22");
    parsed("mpirun (Open MPI) 4.1.4\n\nReport bugs to", "Open MPI) ", "4.1.4");
    parsed("libprotoc 3.21.12", "libprotoc ", "3.21.12");
    parsed("GNU Make 4.3\nBuilt for x86_64-pc-linux-gnu", NULL, "4.3");
    parsed("Packer v1.7.8\n\nYour version of Packer is out of date! The latest version\nis 1.11.2.",
           "Packer v", "1.7.8");
    parsed("tool 2.0 (marker missing)", "Version (", "2.0");        /* falls back */
    parsed("no numbers here 42 x86_64", NULL, NULL);
    parsed("", NULL, NULL);
}

/* The same version the tool's own output gives when run here by hand. */
static void real_tool(const char *name, const char *cmd)
{
    struct doctor_tool t;
    char err[ERR_LEN], buf[4096] = "", want[32];
    assert_int_equal(doctor_tool_find(name, &t, err), 0);
    if (!t.found)
        skip();
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t n = fread(buf, 1, sizeof buf - 1, p);
    buf[n] = '\0';
    pclose(p);
    assert_int_equal(doctor_version_parse(buf, doctor_tool_info(name)->marker, want, sizeof want), 0);
    assert_string_equal(t.version, want);
    assert_true(t.ran);
    assert_false(t.timed_out);
    assert_int_equal(t.exit_code, 0);
    assert_true(t.first_line[0]);
    struct doctor_check c;
    doctor_tool_check(&t, true, &c);
    assert_int_equal(c.status, DOCTOR_OK);
    assert_true(tu_contains(c.detail, want));
    assert_string_equal(c.id, name[0] == 's' ? "tool-scons" : "tool-g++");
}

static void test_real_scons_and_gxx(void **state)
{
    (void)state;
    real_tool("scons", "scons --version 2>&1");
    real_tool("g++", "g++ --version 2>&1");
}

static void test_version_compare(void **state)
{
    (void)state;
    assert_int_equal(doctor_version_cmp("3", "3.0"), 0);
    assert_true(doctor_version_cmp("2.5.1", "3.0") < 0);
    assert_true(doctor_version_cmp("10.1", "9.9") > 0);
    assert_true(doctor_version_cmp("1.6.6", "1.6") > 0);
    assert_true(doctor_version_cmp("1.5.9", "1.6") < 0);
    assert_true(doctor_version_in("13.0.0", "13.0"));
    assert_true(doctor_version_in("13.0.1", "13"));
    assert_false(doctor_version_in("12.1.0", "13.0"));
    assert_false(doctor_version_in("13.1.0", "13.0"));
}

static void test_fake_tools_found(void **state)
{
    struct env *e = *state;
    tool(e->dir, "packer", "[ \"$1\" = version ] || { echo \"wrong args: $*\" >&2; exit 1; }\n"
                           "echo 'Packer v1.6.6'");
    tool(e->dir, "sst", "printf 'SST-Core Version (13.0.0)\\r\\n'");
    tool(e->dir, "mytool", "printf '\\033[1mmytool\\033[0m 0.9.1\\n'");
    tool(e->dir, "g++", "echo 'g++ (Debian 9.3.0-1) 9.3.0'");
    tool(e->dir, "scons", "printf 'SCons by Steven Knight et al.:\\n\\tSCons: v2.5.1.rel_2.5.1, "
                          "2016/11/03\\n'");
    setenv("PATH", e->dir, 1);
    struct doctor_tool t;
    struct doctor_check c;
    char err[ERR_LEN];

    assert_int_equal(doctor_tool_find("packer", &t, err), 0);
    assert_true(t.found);
    assert_true(tu_contains(t.path, "fake tools \"q\" 'x'/packer"));
    assert_string_equal(t.version, "1.6.6");
    assert_string_equal(t.first_line, "Packer v1.6.6");
    doctor_tool_check(&t, false, &c);
    assert_int_equal(c.status, DOCTOR_OK);                 /* 1.6.6 is not below 1.6 */

    assert_int_equal(doctor_tool_find("sst", &t, err), 0);
    assert_string_equal(t.version, "13.0.0");
    assert_string_equal(t.first_line, "SST-Core Version (13.0.0)");

    assert_int_equal(doctor_tool_find("mytool", &t, err), 0);     /* unknown: --version */
    assert_string_equal(t.version, "0.9.1");
    assert_string_equal(t.first_line, "mytool 0.9.1");             /* escapes removed */
    doctor_tool_check(&t, false, &c);
    assert_int_equal(c.status, DOCTOR_OK);
    assert_string_equal(c.id, "tool-mytool");

    assert_int_equal(doctor_tool_find("g++", &t, err), 0);
    doctor_tool_check(&t, true, &c);
    assert_int_equal(c.status, DOCTOR_WARN);                /* 9 < 10: untested */
    assert_true(tu_contains(c.detail, "9.3.0"));
    assert_true(tu_contains(c.detail, "older than 10"));
    assert_true(tu_contains(c.fix, "sudo apt-get install g++"));

    assert_int_equal(doctor_tool_find("scons", &t, err), 0);
    doctor_tool_check(&t, true, &c);
    assert_int_equal(c.status, DOCTOR_FAIL);                /* 2.5.1 < 3.0 */
    assert_true(tu_contains(c.detail, "older than 3.0"));
    assert_true(tu_contains(c.fix, "sudo apt-get install scons"));

    char abs[2048];                                            /* a path is used as it is */
    snprintf(abs, sizeof abs, "%s/mytool", e->dir);
    setenv("PATH", "/nonexistent", 1);
    assert_int_equal(doctor_tool_find(abs, &t, err), 0);
    assert_true(t.found);
    assert_string_equal(t.version, "0.9.1");
    assert_int_equal(doctor_tool_find("", &t, err), -1);
    assert_true(err[0]);
}

static void test_hanging_tool_given_up(void **state)
{
    struct env *e = *state;
    /* ignores SIGTERM, so only the SIGKILL after the grace period ends it */
    tool(e->dir, "hangs", "trap '' TERM\necho $$ > \"$0.pid\"\nwhile :; do /bin/sleep 1; done");
    tool(e->dir, "slowtool", "echo 'slowtool 1.2.3'\nexec /bin/sleep 30");
    setenv("PATH", e->dir, 1);
    struct doctor_tool t;
    char err[ERR_LEN], pidfile[2048];
    double t0 = now_ms();
    assert_int_equal(doctor_tool_find_in("hangs", NULL, 500, &t, err), 0);
    double took = now_ms() - t0;
    assert_true(took >= 450);
    assert_true(took < 3000);
    assert_true(t.found);
    assert_true(t.timed_out);
    assert_string_equal(t.version, "");
    assert_int_equal(t.exit_code, -1);
    snprintf(pidfile, sizeof pidfile, "%s/hangs.pid", e->dir);
    char *pid = slurp(pidfile);
    assert_int_equal(kill((pid_t)atoi(pid), 0), -1);          /* killed and reaped */
    assert_int_equal(errno, ESRCH);
    free(pid);
    struct doctor_check c;
    doctor_tool_check(&t, false, &c);
    assert_int_equal(c.status, DOCTOR_WARN);
    assert_true(tu_contains(c.detail, "did not finish"));

    t0 = now_ms();
    assert_int_equal(doctor_tool_find_in("slowtool", NULL, 500, &t, err), 0);
    assert_true(now_ms() - t0 < 3000);
    assert_true(t.timed_out);
    assert_string_equal(t.version, "1.2.3");                   /* what it printed is kept */
}

/* A missing tool: FAIL when required, WARN otherwise, fix naming its Debian package. */
static void missing(const char *name, bool required, const char *package)
{
    struct doctor_tool t;
    struct doctor_check c;
    char err[ERR_LEN], want[128];
    assert_int_equal(doctor_tool_find(name, &t, err), 0);
    assert_false(t.found);
    assert_false(t.ran);
    doctor_tool_check(&t, required, &c);
    assert_int_equal(c.status, required ? DOCTOR_FAIL : DOCTOR_WARN);
    assert_true(tu_contains(c.detail, "not found"));
    snprintf(want, sizeof want, "sudo apt-get install %s", package);
    if (!tu_contains(c.fix, want))
        fail_msg("%s: fix '%s' lacks '%s'", name, c.fix, want);
}

static void test_missing_tools_packages(void **state)
{
    struct env *e = *state;
    setenv("PATH", e->dir, 1);
    missing("qemu-system-aarch64", false, "qemu-system-arm");
    missing("qemu-system-x86_64", false, "qemu-system-x86");
    missing("qemu-img", false, "qemu-utils");
    missing("aarch64-linux-gnu-gcc", false, "gcc-aarch64-linux-gnu");
    missing("mpirun", false, "openmpi-bin");
    missing("mpicc", false, "libopenmpi-dev");
    missing("python3-config", true, "python3-dev");
    missing("protoc", false, "protobuf-compiler");
    missing("libtoolize", false, "libtool");
    missing("m4", true, "m4");
    assert_true(doctor_tool_info("m4")->required);
    assert_false(doctor_tool_info("git")->required);          /* libgit2 is built in */

    struct doctor_tool t;
    struct doctor_check c;
    char err[ERR_LEN];
    assert_int_equal(doctor_tool_find("sst", &t, err), 0);    /* no package: how to build it */
    doctor_tool_check(&t, false, &c);
    assert_true(tu_contains(c.fix, "gem5wb run build-sst-core"));
    assert_null(doctor_tool_info("nosuchtool-xyz"));
    assert_int_equal(doctor_tool_find("nosuchtool-xyz", &t, err), 0);
    doctor_tool_check(&t, false, &c);
    assert_int_equal(c.status, DOCTOR_WARN);
    assert_true(tu_contains(c.fix, "install nosuchtool-xyz"));
}

static void test_arch(void **state)
{
    (void)state;
    struct doctor_check c;
    doctor_check_arch("x86_64", &c);
    assert_string_equal(c.id, "host-arch");
    assert_int_equal(c.status, DOCTOR_WARN);
    assert_true(tu_contains(c.detail, "ARM KVM checkpoints cannot be taken here"));
    assert_true(tu_contains(c.fix, "atomic"));
    doctor_check_arch("aarch64", &c);
    assert_int_equal(c.status, DOCTOR_OK);
    assert_string_equal(c.fix, "");
}

static void test_perf_paranoid_hook(void **state)
{
    struct env *e = *state;
    struct doctor_check c;
    setenv("GEM5WB_PROC", e->proc, 1);
    doctor_check_perf(&c);                                     /* no file */
    assert_int_equal(c.status, DOCTOR_WARN);
    assert_true(tu_contains(c.detail, "cannot read"));
    put(e->proc, "sys/kernel/perf_event_paranoid", "3\n");
    doctor_check_perf(&c);
    assert_string_equal(c.id, "perf-paranoid");
    assert_int_equal(c.status, DOCTOR_WARN);
    assert_true(tu_contains(c.detail, "is 3"));
    assert_true(tu_contains(c.fix, "sudo sysctl kernel.perf_event_paranoid=1"));
    put(e->proc, "self/status", "Name:\tx\nCapEff:\t0000004000000000\n");    /* CAP_PERFMON */
    doctor_check_perf(&c);
    assert_int_equal(c.status, DOCTOR_OK);
    assert_true(tu_contains(c.detail, "CAP_PERFMON"));
    put(e->proc, "self/status", "Name:\tx\nCapEff:\t0000000000000000\n");
    put(e->proc, "sys/kernel/perf_event_paranoid", "1\n");
    doctor_check_perf(&c);
    assert_int_equal(c.status, DOCTOR_OK);
    put(e->proc, "sys/kernel/perf_event_paranoid", "2\n");
    doctor_check_perf(&c);
    assert_int_equal(c.status, DOCTOR_WARN);
}

static void test_kvm_missing_hook(void **state)
{
    struct env *e = *state;
    struct doctor_check c;
    char dev[2048];
    snprintf(dev, sizeof dev, "%s/no kvm", e->base);
    setenv("GEM5WB_DEV_KVM", dev, 1);
    setenv("GEM5WB_PROC", e->proc, 1);
    put(e->proc, "cpuinfo", "processor\t: 0\nflags\t\t: fpu sse2 hypervisor\n");
    doctor_check_kvm(&c);
    assert_string_equal(c.id, "kvm");
    assert_int_equal(c.status, DOCTOR_WARN);
    assert_true(tu_contains(c.detail, "no kvm: does not exist"));
    assert_true(tu_contains(c.fix, "nested virtualization"));
    put(e->proc, "cpuinfo", "processor\t: 0\nflags\t\t: fpu vmx sse2\n");
    doctor_check_kvm(&c);
    assert_true(tu_contains(c.fix, "sudo modprobe kvm_intel"));
    put(e->proc, "cpuinfo", "processor\t: 0\nflags\t\t: fpu svm\n");
    doctor_check_kvm(&c);
    assert_true(tu_contains(c.fix, "sudo modprobe kvm_amd"));

    tu_write(e->base, "kvm ok", "");
    snprintf(dev, sizeof dev, "%s/kvm ok", e->base);
    assert_int_equal(chmod(dev, 0666), 0);
    setenv("GEM5WB_DEV_KVM", dev, 1);
    doctor_check_kvm(&c);
    assert_int_equal(c.status, DOCTOR_OK);
    assert_true(tu_contains(c.detail, "readable and writable"));
}

/* The kvm line as a user who may not open dev (as root: run as nobody in a child). */
static void kvm_as_user(const char *dev, struct doctor_check *c)
{
    if (geteuid() != 0) {
        doctor_check_kvm(c);
        return;
    }
    int p[2];
    assert_int_equal(pipe(p), 0);
    pid_t pid = fork();
    if (pid == 0) {
        close(p[0]);
        if (setgroups(0, NULL) != 0 || setgid(65534) != 0 || setuid(65534) != 0)
            _exit(3);
        setenv("GEM5WB_DEV_KVM", dev, 1);
        doctor_check_kvm(c);
        _exit(write(p[1], c, sizeof *c) == (ssize_t)sizeof *c ? 0 : 4);
    }
    close(p[1]);
    ssize_t n = read(p[0], c, sizeof *c);
    close(p[0]);
    int st;
    waitpid(pid, &st, 0);
    assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    assert_int_equal(n, (ssize_t)sizeof *c);
}

static void test_kvm_unwritable_hook(void **state)
{
    struct env *e = *state;
    char dev[2048];
    snprintf(dev, sizeof dev, "%s/kvm \"dev\"", e->base);
    tu_write(e->base, "kvm \"dev\"", "");
    struct group *g = getgrnam("kvm");
    if (!g)
        g = getgrnam("disk");
    if (geteuid() == 0) {
        if (!g)
            skip();
        assert_int_equal(chown(dev, 0, g->gr_gid), 0);
        assert_int_equal(chmod(e->base, 0755), 0);        /* nobody must reach the file */
    } else {
        g = getgrgid(getegid());
        assert_non_null(g);
    }
    char gname[64];
    snprintf(gname, sizeof gname, "%s", g->gr_name);
    assert_int_equal(chmod(dev, 0060), 0);      /* the group may, this user may not */
    setenv("GEM5WB_DEV_KVM", dev, 1);
    struct doctor_check c;
    kvm_as_user(dev, &c);
    assert_int_equal(c.status, DOCTOR_WARN);
    char want[128];
    snprintf(want, sizeof want, "group %s", gname);
    assert_true(tu_contains(c.detail, want));
    assert_true(tu_contains(c.detail, "not readable and writable"));
    snprintf(want, sizeof want, "sudo usermod -aG %s $USER", gname);
    assert_true(tu_contains(c.fix, want));
    assert_true(tu_contains(c.fix, "log out and in again"));
}

static void test_nested_hook(void **state)
{
    struct env *e = *state;
    struct doctor_check c;
    setenv("GEM5WB_SYS", e->proc, 1);
    assert_int_equal(doctor_check_nested(&c), -1);
    put(e->proc, "module/kvm_amd/parameters/nested", "1\n");
    assert_int_equal(doctor_check_nested(&c), 0);
    assert_string_equal(c.id, "kvm-nested");
    assert_true(tu_contains(c.detail, "kvm_amd nested=Y"));
    put(e->proc, "module/kvm_intel/parameters/nested", "N\n");
    assert_int_equal(doctor_check_nested(&c), 0);
    assert_true(tu_contains(c.detail, "kvm_intel nested=N"));
}

static void test_memory_cpus_disk(void **state)
{
    struct env *e = *state;
    struct doctor_check c;
    setenv("GEM5WB_PROC", e->proc, 1);
    doctor_check_memory(&c);
    assert_int_equal(c.status, DOCTOR_WARN);                   /* no meminfo */
    put(e->proc, "meminfo", "MemTotal:        4194304 kB\nMemFree:  100 kB\n"
                            "MemAvailable:    3145728 kB\n");
    uint64_t total, avail;
    assert_int_equal(doctor_meminfo(&total, &avail), 0);
    assert_true(total == 4 * GIB && avail == 3 * GIB);
    doctor_check_memory(&c);
    assert_int_equal(c.status, DOCTOR_WARN);
    assert_true(tu_contains(c.detail, "4.0 GiB total, 3.0 GiB available"));
    assert_true(tu_contains(c.fix, "-j1"));
    put(e->proc, "meminfo", "MemTotal:       25165824 kB\nMemAvailable:   20971520 kB\n");
    doctor_check_memory(&c);
    assert_int_equal(c.status, DOCTOR_OK);

    assert_int_equal(doctor_jobs(2, 24 * GIB), 2);
    assert_int_equal(doctor_jobs(16, 8 * GIB), 2);
    assert_int_equal(doctor_jobs(4, 1 * GIB), 1);
    assert_int_equal(doctor_jobs(4, 0), 4);
    doctor_check_cpus(&c);
    assert_int_equal(c.status, DOCTOR_OK);
    char want[64];
    snprintf(want, sizeof want, "-j%u", doctor_jobs(doctor_cpus(), 20 * GIB));
    assert_true(tu_contains(c.detail, want));

    doctor_check_disk_eval("/w", 5 * GIB, &c);
    assert_int_equal(c.status, DOCTOR_FAIL);
    doctor_check_disk_eval("/w", 20 * GIB, &c);
    assert_int_equal(c.status, DOCTOR_WARN);
    doctor_check_disk_eval("/w", 100 * GIB, &c);
    assert_int_equal(c.status, DOCTOR_OK);
    assert_true(tu_contains(c.detail, "100.0 GiB free"));
    char sub[2048];                           /* not made yet: the disk it would be on */
    snprintf(sub, sizeof sub, "%s/not made/yet", e->dir);
    doctor_check_disk(sub, &c);
    assert_true(tu_contains(c.detail, "GiB free on the disk holding"));
    assert_true(tu_contains(c.detail, e->dir));
    assert_false(tu_contains(c.detail, "not made"));
}

static bool has(const struct doctor_report *r, const char *id)
{
    return doctor_report_find(r, id) != NULL;
}

static void test_run_report(void **state)
{
    struct env *e = *state;
    char ws[2048], bin[4096], err[ERR_LEN];
    snprintf(ws, sizeof ws, "%s/work space", e->base);
    snprintf(bin, sizeof bin, "%s/sst/bin", ws);
    assert_int_equal(dir_create(bin, err), 0);
    tool(bin, "sst", "echo 'SST-Core Version (13.0.0)'");          /* the workspace's */
    tool(e->dir, "sst", "echo 'SST-Core Version (12.1.0)'");       /* PATH's */
    tool(e->dir, "python3", "echo 'Python 3.11.7'");
    tool(e->dir, "python3-config", "[ \"$1\" = --includes ] || exit 1\n"
                                   "echo '-I/usr/include/python3.9 -I/usr/include/python3.9'");
    setenv("PATH", e->dir, 1);
    setenv("GEM5WB_PROC", e->proc, 1);
    put(e->proc, "sys/kernel/perf_event_paranoid", "3\n");
    struct doctor_report *r;
    assert_int_equal(doctor_run(ws, &r, err), 0);
    const char *ids[] = { "host-arch", "kvm", "perf-paranoid", "disk", "memory", "cpus",
                          "efi-aarch64", "tool-scons", "tool-g++", "tool-packer", "tool-sst",
                          "tool-qemu-system-aarch64", "tool-aarch64-linux-gnu-gcc", "tool-mpicc" };
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
        if (!has(r, ids[i]))
            fail_msg("no check %s", ids[i]);
    assert_int_equal(r->ok + r->warnings + r->problems, r->nchecks);
    assert_true(r->problems > 0);                                   /* make, m4... missing */
    assert_int_equal(doctor_report_find(r, "tool-make")->status, DOCTOR_FAIL);
    assert_int_equal(doctor_report_find(r, "perf-paranoid")->status, DOCTOR_WARN);
    const struct doctor_check *sst = doctor_report_find(r, "tool-sst");
    assert_int_equal(sst->status, DOCTOR_OK);
    assert_true(tu_contains(sst->detail, "work space/sst/bin/sst"));
    const struct doctor_check *pc = doctor_report_find(r, "tool-python3-config");
    assert_int_equal(pc->status, DOCTOR_WARN);                      /* 3.9 vs 3.11.7 */
    assert_true(tu_contains(pc->detail, "gem5 embeds"));

    /* a step's tools in one line, the Debian packages in one apt-get line */
    tool(e->dir, "mytool", "echo 'mytool 0.9.1'");
    const char *need[8] = { "mytool", "m4", NULL, "protoc", "sst" };
    struct doctor_check c;
    size_t before = r->ntools;
    assert_int_equal(doctor_tools_need(r, need, 8, &c, err), 0);
    assert_int_equal(r->ntools, before + 1);                        /* only mytool was new */
    assert_int_equal(c.status, DOCTOR_FAIL);
    assert_true(tu_contains(c.detail, "mytool 0.9.1"));
    assert_true(tu_contains(c.detail, "sst 13.0.0"));
    assert_true(tu_contains(c.detail, "m4 missing"));
    assert_true(tu_contains(c.detail, "protoc missing"));
    assert_string_equal(c.fix, "sudo apt-get install m4 protobuf-compiler libprotobuf-dev");
    const char *fine[] = { "mytool" };
    assert_int_equal(doctor_tools_need(r, fine, 1, &c, err), 0);
    assert_int_equal(c.status, DOCTOR_OK);
    assert_string_equal(c.fix, "");

    struct doctor_check extra = { .id = "step-x", .status = DOCTOR_WARN };
    size_t w = r->warnings;
    assert_int_equal(doctor_report_add(r, &extra, err), 0);
    assert_int_equal(r->warnings, w + 1);
    assert_non_null(doctor_report_find(r, "step-x"));
    doctor_report_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_version_parse_real_output),
        cmocka_unit_test(test_version_compare),
        cmocka_unit_test(test_real_scons_and_gxx),
        cmocka_unit_test(test_arch),
        cmocka_unit_test_setup_teardown(test_fake_tools_found, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_hanging_tool_given_up, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_missing_tools_packages, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_perf_paranoid_hook, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_kvm_missing_hook, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_kvm_unwritable_hook, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_nested_hook, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_memory_cpus_disk, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_run_report, env_setup, env_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

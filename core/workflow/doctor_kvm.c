/* Whether checkpoints can be taken with KVM here: the host's architecture (gem5 builds its
 * ARM KVM CPU only on aarch64), /dev/kvm and its permissions, nesting, perf counters. */
#include "core/workflow/doctor_impl.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CAP_SYS_ADMIN_BIT 21
#define CAP_PERFMON_BIT   38

void doctor_check_arch(const char *machine, struct doctor_check *out)
{
    doctor_check_init(out, "host-arch", "Host architecture");
    if (!strcmp(machine, "aarch64") || !strcmp(machine, "arm64")) {
        snprintf(out->detail, sizeof out->detail, "%s: gem5 builds its ARM KVM CPU here, so ARM "
                 "checkpoints can be taken with KVM (with /dev/kvm and perf counters)", machine);
        return;
    }
    out->status = DOCTOR_WARN;
    snprintf(out->detail, sizeof out->detail, "%s: gem5 builds its ARM KVM CPU only on aarch64 "
             "hosts, so ARM KVM checkpoints cannot be taken here and the atomic CPU must be used "
             "(every darchr checkpoint-taking recipe uses KVM except the atomic variant of "
             "arm-numa-checkpoints.py)", machine);
    snprintf(out->fix, sizeof out->fix, "take checkpoints with the atomic CPU (slower to boot; e.g. "
             "arm-numa-checkpoints.py --cpu-type atomic, as the tip's unified script always takes "
             "them with KVM), or take them on an aarch64 machine with KVM");
}

/* Whether the first "flags" line of cpuinfo lists word; -1 when there is none (not x86). */
static int cpu_flag(const char *word)
{
    char path[4096];
    doctor_host_path("GEM5WB_PROC", "/proc", "cpuinfo", path, sizeof path);
    FILE *f = fopen(path, "re");
    if (!f)
        return -1;
    char *line = NULL;
    size_t cap = 0;
    int found = -1;
    while (found < 0 && getline(&line, &cap, f) > 0) {
        char *colon = strchr(line, ':');
        if (strncmp(line, "flags", 5) || !colon)
            continue;
        found = 0;
        for (char *save, *t = strtok_r(colon + 1, " \t\n", &save); t;
             t = strtok_r(NULL, " \t\n", &save))
            found |= !strcmp(t, word);
    }
    free(line);
    fclose(f);
    return found;
}

/* /dev/kvm is absent: why, from what the CPU offers this machine. */
static void kvm_missing(const char *dev, int errnum, struct doctor_check *out)
{
    int vmx = cpu_flag("vmx"), svm = cpu_flag("svm"), vm = cpu_flag("hypervisor");
    out->status = DOCTOR_WARN;
    snprintf(out->detail, sizeof out->detail, "%s: %s, so packer's QEMU would run emulated (about "
             "10x slower) and gem5's KVM CPU cannot be used", dev,
             errnum == ENOENT ? "does not exist" : strerror(errnum));
    if (vmx > 0 || svm > 0)
        snprintf(out->fix, sizeof out->fix, "sudo modprobe %s (the CPU offers %s); if that fails, "
                 "enable virtualization in the firmware settings", vmx > 0 ? "kvm_intel" : "kvm_amd",
                 vmx > 0 ? "VT-x" : "AMD-V");
    else if (vm > 0)
        snprintf(out->fix, sizeof out->fix, "this machine is a virtual machine whose CPU offers no "
                 "VT-x/AMD-V: enable nested virtualization on its host (kvm_intel nested=1 or "
                 "kvm_amd nested=1 there, or the cloud's nested-virtualization option), or use "
                 "a physical machine");
    else if (vmx == 0)
        snprintf(out->fix, sizeof out->fix, "enable virtualization (VT-x/AMD-V) in the firmware "
                 "settings, then sudo modprobe kvm_intel (or kvm_amd)");
    else
        snprintf(out->fix, sizeof out->fix, "sudo modprobe kvm; on a virtual machine, enable "
                 "nested virtualization on its host");
}

/* /dev/kvm exists but this user cannot open it read-write: which group to join. */
static void kvm_denied(const char *dev, const struct stat *st, struct doctor_check *out)
{
    struct group *g = getgrgid(st->st_gid);
    struct passwd *pw = getpwuid(st->st_uid);
    char gname[64], uname[64];
    snprintf(gname, sizeof gname, "%s", g ? g->gr_name : "?");
    snprintf(uname, sizeof uname, "%s", pw ? pw->pw_name : "?");
    out->status = DOCTOR_WARN;
    snprintf(out->detail, sizeof out->detail, "%s (owner %s, group %s, mode %03o) is not readable "
             "and writable by this user, so QEMU and gem5 cannot use KVM", dev, uname,
             g ? gname : "unknown", (unsigned)(st->st_mode & 0777));
    if (g && st->st_gid != 0 && (st->st_mode & 060) == 060)
        snprintf(out->fix, sizeof out->fix, "sudo usermod -aG %s $USER, then log out and in again "
                 "(group membership is read at login)", gname);
    else
        snprintf(out->fix, sizeof out->fix, "give it a group you can join: sudo groupadd -f kvm && "
                 "sudo chgrp kvm %s && sudo chmod 660 %s, then sudo usermod -aG kvm $USER and "
                 "log out and in again", dev, dev);
}

void doctor_check_kvm(struct doctor_check *out)
{
    const char *dev = getenv("GEM5WB_DEV_KVM");
    if (!dev || !*dev)
        dev = "/dev/kvm";
    doctor_check_init(out, "kvm", "KVM (/dev/kvm)");
    struct stat st;
    if (stat(dev, &st) != 0) {
        kvm_missing(dev, errno, out);
        return;
    }
    if (access(dev, R_OK | W_OK) != 0) {
        kvm_denied(dev, &st, out);
        return;
    }
    snprintf(out->detail, sizeof out->detail, "%s is readable and writable: packer's QEMU and "
             "gem5's KVM CPU can use it%s", dev, cpu_flag("hypervisor") > 0
             ? " (this machine is a virtual machine: if QEMU fails with -cpu host, \"failed to "
               "set MSR 0x10a\", use -cpu host,-arch-capabilities)" : "");
}

int doctor_check_nested(struct doctor_check *out)
{
    static const char *const mods[] = { "kvm_intel", "kvm_amd" };
    for (size_t i = 0; i < 2; i++) {
        char rel[64], path[4096], v[16];
        snprintf(rel, sizeof rel, "module/%s/parameters/nested", mods[i]);
        doctor_host_path("GEM5WB_SYS", "/sys", rel, path, sizeof path);
        if (doctor_read_text(path, v, sizeof v) != 0)
            continue;
        bool on = v[0] == 'Y' || v[0] == 'y' || v[0] == '1';
        doctor_check_init(out, "kvm-nested", "Nested virtualization");
        snprintf(out->detail, sizeof out->detail, "%s nested=%c: %s", mods[i], on ? 'Y' : 'N',
                 on ? "virtual machines started here can use KVM themselves"
                    : "virtual machines started here cannot use KVM inside (the workflow does "
                      "not need it)");
        return 0;
    }
    return -1;
}

/* Whether this process may use perf events whatever perf_event_paranoid says. */
static bool perf_privileged(void)
{
    char path[4096], text[4096];
    doctor_host_path("GEM5WB_PROC", "/proc", "self/status", path, sizeof path);
    if (doctor_read_text(path, text, sizeof text) != 0)
        return false;
    const char *p = strstr(text, "CapEff:");
    if (!p)
        return false;
    unsigned long long caps = strtoull(p + 7, NULL, 16);
    return (caps >> CAP_PERFMON_BIT & 1) || (caps >> CAP_SYS_ADMIN_BIT & 1);
}

void doctor_check_perf(struct doctor_check *out)
{
    char path[4096], v[32];
    doctor_host_path("GEM5WB_PROC", "/proc", "sys/kernel/perf_event_paranoid", path, sizeof path);
    doctor_check_init(out, "perf-paranoid", "Perf counters (for KVM)");
    if (doctor_read_text(path, v, sizeof v) != 0) {
        out->status = DOCTOR_WARN;
        snprintf(out->detail, sizeof out->detail, "cannot read %.300s: %s; gem5's KVM CPU needs perf "
                 "events", path, strerror(errno));
        snprintf(out->fix, sizeof out->fix, "use a kernel built with CONFIG_PERF_EVENTS (most "
                 "distribution kernels are)");
        return;
    }
    int level = atoi(v);
    if (level <= 1) {
        snprintf(out->detail, sizeof out->detail, "kernel.perf_event_paranoid is %d: gem5's KVM "
                 "CPU can use perf counters", level);
    } else if (perf_privileged()) {
        snprintf(out->detail, sizeof out->detail, "kernel.perf_event_paranoid is %d, but this user "
                 "has CAP_PERFMON or CAP_SYS_ADMIN, to which it does not apply", level);
    } else {
        out->status = DOCTOR_WARN;
        snprintf(out->detail, sizeof out->detail, "kernel.perf_event_paranoid is %d: gem5's KVM "
                 "CPU counts with perf events, which needs 1 or lower for a user without "
                 "CAP_PERFMON", level);
        snprintf(out->fix, sizeof out->fix, "sudo sysctl kernel.perf_event_paranoid=1 (to keep it "
                 "after a reboot, put kernel.perf_event_paranoid=1 in /etc/sysctl.d/99-gem5.conf)");
    }
}

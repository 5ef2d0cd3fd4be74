/* The host's resources: free disk space where the workspace is, memory and CPUs (and the
 * parallel jobs they allow), and files the workflow needs such as the arm64 UEFI firmware. */
#include "core/workflow/doctor_impl.h"
#include "core/util/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#define GIB (1024.0 * 1024.0 * 1024.0)

void doctor_host_path(const char *env, const char *dflt, const char *rel, char *buf, size_t cap)
{
    const char *base = getenv(env);
    snprintf(buf, cap, "%s/%s", base && *base ? base : dflt, rel);
}

int doctor_read_text(const char *path, char *buf, size_t cap)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    size_t len = 0;
    ssize_t n;
    while (len + 1 < cap && (n = read(fd, buf + len, cap - 1 - len)) > 0)
        len += (size_t)n;
    int e = errno;
    close(fd);
    buf[len] = '\0';
    errno = e;
    return 0;
}

void doctor_check_init(struct doctor_check *out, const char *id, const char *title)
{
    memset(out, 0, sizeof *out);
    snprintf(out->id, sizeof out->id, "%s", id);
    snprintf(out->title, sizeof out->title, "%s", title);
}

void doctor_check_disk_eval(const char *dir, uint64_t free_bytes, struct doctor_check *out)
{
    double gib = (double)free_bytes / GIB;
    doctor_check_init(out, "disk", "Free disk space");
    snprintf(out->detail, sizeof out->detail, "%.1f GiB free on the disk holding %s (a gem5 ARM "
             "build takes about 10 GiB, a disk image 10-25 GiB)", gib, dir);
    if (gib < DOCTOR_DISK_FAIL_GIB) {
        out->status = DOCTOR_FAIL;
        snprintf(out->fix, sizeof out->fix, "free at least %d GiB there, or make the workspace on "
                 "a larger disk (gem5wb init DIR)", DOCTOR_DISK_WARN_GIB);
    } else if (gib < DOCTOR_DISK_WARN_GIB) {
        out->status = DOCTOR_WARN;
        snprintf(out->fix, sizeof out->fix, "%d GiB or more are needed to build gem5 and a disk "
                 "image in the same workspace: free space or use a larger disk",
                 DOCTOR_DISK_WARN_GIB);
    }
}

void doctor_check_disk(const char *dir, struct doctor_check *out)
{
    char at[4096], up[4096];
    struct stat st;
    snprintf(at, sizeof at, "%s", dir && *dir ? dir : ".");
    while (stat(at, &st) != 0 && strcmp(at, "/") && strcmp(at, ".")) {
        path_parent(at, up, sizeof up);      /* a workspace not made yet: its disk */
        snprintf(at, sizeof at, "%s", up);
    }
    struct statvfs fs;
    if (statvfs(at, &fs) != 0) {
        doctor_check_init(out, "disk", "Free disk space");
        out->status = DOCTOR_WARN;
        snprintf(out->detail, sizeof out->detail, "cannot measure the free space of %.400s: %s", at,
                 strerror(errno));
        snprintf(out->fix, sizeof out->fix, "check that %.400s exists and can be read", at);
        return;
    }
    char *abs = realpath(at, NULL);            /* "." says little in a report */
    doctor_check_disk_eval(abs ? abs : at, (uint64_t)fs.f_bavail * fs.f_frsize, out);
    free(abs);
}

/* "MemTotal:  24567 kB" -> bytes; 0 when the key is absent. */
static uint64_t meminfo_value(const char *text, const char *key)
{
    const char *p = strstr(text, key);
    return p ? strtoull(p + strlen(key), NULL, 10) * 1024 : 0;
}

int doctor_meminfo(uint64_t *total, uint64_t *available)
{
    char path[4096], text[8192];
    doctor_host_path("GEM5WB_PROC", "/proc", "meminfo", path, sizeof path);
    if (doctor_read_text(path, text, sizeof text) != 0)
        return -1;
    *total = meminfo_value(text, "MemTotal:");
    *available = meminfo_value(text, "MemAvailable:");
    if (!*available)                         /* kernels before 3.14 */
        *available = meminfo_value(text, "MemFree:");
    return *total ? 0 : -1;
}

unsigned doctor_jobs(unsigned cpus, uint64_t mem_available)
{
    unsigned jobs = cpus ? cpus : 1;
    if (mem_available) {
        uint64_t by_mem = mem_available / ((uint64_t)DOCTOR_MEM_PER_JOB_GIB << 30);
        if (by_mem < jobs)
            jobs = by_mem ? (unsigned)by_mem : 1;
    }
    return jobs;
}

unsigned doctor_cpus(void)
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
        return (unsigned)CPU_COUNT(&set);    /* what nproc says: the CPUs we may use */
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (unsigned)n : 1;
}

void doctor_check_memory(struct doctor_check *out)
{
    uint64_t total, avail;
    doctor_check_init(out, "memory", "Memory");
    if (doctor_meminfo(&total, &avail) != 0) {
        char path[4096];
        doctor_host_path("GEM5WB_PROC", "/proc", "meminfo", path, sizeof path);
        out->status = DOCTOR_WARN;
        snprintf(out->detail, sizeof out->detail, "cannot read MemTotal from %.400s", path);
        snprintf(out->fix, sizeof out->fix, "build with few jobs until you know the memory: a "
                 "gem5 compile job takes 2-4 GiB");
        return;
    }
    unsigned jobs = doctor_jobs(UINT32_MAX, avail);
    snprintf(out->detail, sizeof out->detail, "%.1f GiB total, %.1f GiB available: room for "
             "about %u parallel gem5 compile jobs (2-4 GiB each)", (double)total / GIB,
             (double)avail / GIB, jobs);
    if ((double)total / GIB < DOCTOR_MEM_WARN_GIB) {
        out->status = DOCTOR_WARN;
        snprintf(out->fix, sizeof out->fix, "build with -j%u or fewer (gem5wb run build-gem5 "
                 "--set jobs=%u), or add swap: under %d GiB a parallel gem5 build can run out "
                 "of memory", jobs, jobs, DOCTOR_MEM_WARN_GIB);
    }
}

void doctor_check_cpus(struct doctor_check *out)
{
    uint64_t total = 0, avail = 0;
    unsigned cpus = doctor_cpus();
    doctor_meminfo(&total, &avail);
    unsigned jobs = doctor_jobs(cpus, avail);
    doctor_check_init(out, "cpus", "CPUs");
    if (jobs < cpus)
        snprintf(out->detail, sizeof out->detail, "%u CPUs: build with -j%u (memory allows %u "
                 "jobs)", cpus, jobs, jobs);
    else
        snprintf(out->detail, sizeof out->detail, "%u CPU%s: build with -j%u", cpus,
                 cpus == 1 ? "" : "s", jobs);
}

void doctor_check_file(const char *id, const char *title, const char *path,
                       const char *package, const char *purpose, struct doctor_check *out)
{
    struct stat st;
    doctor_check_init(out, id, title);
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
        snprintf(out->detail, sizeof out->detail, "%s (%s)", path, purpose);
        return;
    }
    out->status = DOCTOR_WARN;
    snprintf(out->detail, sizeof out->detail, "%s not found (%s)", path, purpose);
    snprintf(out->fix, sizeof out->fix, "sudo apt-get install %s", package);
}

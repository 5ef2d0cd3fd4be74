/* Whether this machine can run the workflow: tools and their versions, /dev/kvm, perf
 * counters, host architecture, disk, memory and CPUs, each with the finding and the fix. */
#ifndef GW_DOCTOR_H
#define GW_DOCTOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Test hooks (read from the environment at every check):
 *   PATH            where tools are looked up (tests put fake tools first)
 *   GEM5WB_DEV_KVM  a file to check instead of /dev/kvm
 *   GEM5WB_PROC     a folder read instead of /proc (sys/kernel/perf_event_paranoid,
 *                   meminfo, cpuinfo, self/status)
 *   GEM5WB_SYS      a folder read instead of /sys (module/kvm_{intel,amd}/parameters/nested)
 */

/* How long a tool may take to print its version before it is given up on (and killed). */
#define DOCTOR_VERSION_TIMEOUT_MS 5000

/* Thresholds, from what a gem5 ARM build (~10 GiB) and a disk image (10-25 GiB) take. */
#define DOCTOR_DISK_FAIL_GIB 10
#define DOCTOR_DISK_WARN_GIB 30
#define DOCTOR_MEM_WARN_GIB  8
#define DOCTOR_MEM_PER_JOB_GIB 3     /* a gem5 compile job takes 2-4 GiB */

enum doctor_status { DOCTOR_OK, DOCTOR_WARN, DOCTOR_FAIL };

struct doctor_check {
    char id[32];              /* "kvm", "tool-scons" */
    char title[64];
    enum doctor_status status;
    char detail[512];         /* the finding: version, path, numbers */
    char fix[512];            /* what to do; "" when nothing is to be done */
};

/* A program looked up in PATH, and what its version command printed. */
struct doctor_tool {
    char name[64];
    bool found;
    char path[1024];
    bool ran;                 /* its version command started */
    bool timed_out;           /* ...and was given up on after the deadline */
    int exit_code;            /* of the version command; -1 when killed or not run */
    char version[32];         /* "4.4.0"; "" when none could be read */
    char first_line[256];     /* first non-empty line it printed (escapes removed) */
};

/* What gem5wb knows about a tool the workflow uses. */
struct doctor_tool_info {
    const char *name;
    const char *package;      /* Debian package(s) providing it, space-separated; NULL: none */
    const char *purpose;      /* "builds gem5 and m5" */
    const char *version_arg;  /* "--version" unless set */
    const char *marker;       /* the version is the first dotted number after this text */
    bool required;            /* missing: FAIL in doctor_run (else WARN) */
    const char *fail_below;   /* older than this: FAIL */
    const char *warn_below;   /* older than this: WARN */
    const char *series;       /* a version outside this series ("13.0"): WARN */
    const char *why;          /* why the versions above matter */
    const char *ws_bin;       /* looked up first in <workspace>/<ws_bin> ("sst/bin") */
    const char *fix;          /* how to get it when no package provides it */
};

/* The tools the workflow needs, in report order; the last row has name NULL. */
extern const struct doctor_tool_info doctor_tools[];
/* The row of a tool, or NULL for a program gem5wb knows nothing about. */
const struct doctor_tool_info *doctor_tool_info(const char *name);

/* Looks name up in PATH (no shell; a name with '/' is used as it is), runs its version
 * command as a job and reads the version. Works for any program: unknown ones are asked
 * `--version`. A missing tool is not an error (out->found false); -1 only for a bad name. */
int doctor_tool_find(const char *name, struct doctor_tool *out, char *err);
/* The same, looking in first_dir before PATH (may be NULL), giving up after timeout_ms. */
int doctor_tool_find_in(const char *name, const char *first_dir, int timeout_ms,
                        struct doctor_tool *out, char *err);

/* The first dotted number ("4.4.0") in text after the first occurrence of marker (NULL or
 * "": anywhere), else anywhere; 0 when one was found, -1 otherwise (out ""). */
int doctor_version_parse(const char *text, const char *marker, char *out, size_t cap);
/* <0, 0, >0 as a is older, equal, newer than b, number by number ("3" == "3.0"). */
int doctor_version_cmp(const char *a, const char *b);
/* Whether version is in series ("13.0.0" is in "13.0" and "13"). */
bool doctor_version_in(const char *version, const char *series);

/* The check line of a looked-up tool (id "tool-<name>"): missing is FAIL when required,
 * else WARN, with the apt-get line; a version below the table's limits or outside its series
 * FAILs or WARNs as the table says. */
void doctor_tool_check(const struct doctor_tool *t, bool required, struct doctor_check *out);

/* System checks. Each fills one line; they never fail (what cannot be read is reported). */
void doctor_check_arch(const char *machine, struct doctor_check *out);   /* uname -m */
void doctor_check_kvm(struct doctor_check *out);
/* 0 when the nested parameter of kvm_intel/kvm_amd could be read (out filled), else -1. */
int doctor_check_nested(struct doctor_check *out);
void doctor_check_perf(struct doctor_check *out);
void doctor_check_disk(const char *dir, struct doctor_check *out);
void doctor_check_disk_eval(const char *dir, uint64_t free_bytes, struct doctor_check *out);
void doctor_check_memory(struct doctor_check *out);
void doctor_check_cpus(struct doctor_check *out);
void doctor_check_file(const char *id, const char *title, const char *path,
                       const char *package, const char *purpose, struct doctor_check *out);

/* Parallel compile jobs worth running: one per CPU, at most one per DOCTOR_MEM_PER_JOB_GIB of
 * available memory, at least 1. mem_available 0: unknown (CPUs only). */
unsigned doctor_jobs(unsigned cpus, uint64_t mem_available);
unsigned doctor_cpus(void);
/* MemTotal and MemAvailable in bytes from <proc>/meminfo; -1 when unreadable. */
int doctor_meminfo(uint64_t *total, uint64_t *available);

struct doctor_report {
    struct doctor_check *checks;
    size_t nchecks, cap_checks;
    struct doctor_tool *tools;        /* every tool looked up, in order */
    size_t ntools, cap_tools;
    size_t ok, warnings, problems;    /* checks by status */
    char *workspace;                  /* the folder given to doctor_run (owned) */
};

/* Runs every check: the system's (host-arch, kvm, kvm-nested when readable, perf-paranoid,
 * disk, memory, cpus, efi-aarch64), then "tool-<name>" for each row of doctor_tools.
 * workspace_dir (NULL: ".") is where disk space is measured and sst is looked for first. */
int doctor_run(const char *workspace_dir, struct doctor_report **out, char *err);
void doctor_report_free(struct doctor_report *r);

/* Appends a copy of c and counts it (for per-step lines a caller adds). */
int doctor_report_add(struct doctor_report *r, const struct doctor_check *c, char *err);
const struct doctor_check *doctor_report_find(const struct doctor_report *r, const char *id);
/* A tool of the report, looked up (and remembered) now when doctor_run did not. The pointer
 * is valid until the next tool the report has not seen is looked up. */
const struct doctor_tool *doctor_report_tool(struct doctor_report *r, const char *name,
                                             char *err);

/* One line for a set of tools (a step's needs; NULL entries and those past max are
 * skipped): FAIL when any is missing or too old, WARN when any warns; detail lists the
 * versions found and what is missing, fix the one apt-get line for all of them. id and
 * title are left for the caller. */
int doctor_tools_need(struct doctor_report *r, const char *const *tools, size_t max,
                      struct doctor_check *out, char *err);

/* "ok", "warn", "fail". */
const char *doctor_status_name(enum doctor_status s);

#endif

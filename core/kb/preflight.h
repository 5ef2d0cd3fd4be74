/* Pre-flight checks: what can be known before a step runs, or from a file (a config, an
 * SST script, an m5.cpt), that predicts a known issue; each finding names its kb entry. */
#ifndef GW_PREFLIGHT_H
#define GW_PREFLIGHT_H

#include "core/kb/kb.h"

#include <stddef.h>

enum pf_sev { PF_OK, PF_INFO, PF_WARN, PF_FAIL };

struct pf_finding {
    enum pf_sev sev;
    char check[48];      /* the check's id, as kb entries name it in "preflight" */
    char kb_id[64];      /* the entry it predicts ("" when none: an ok or info line) */
    char what[768];      /* what is true here, naming the file and the values */
    char file[1024];     /* the file it is about ("" for the step or machine as a whole) */
    int line;            /* 0: the whole file */
};

struct pf_report {
    struct pf_finding *items;
    size_t n, cap;
};

/* The checks for one step of the workspace (restore-sst: checkpoint folder, store sizes
 * against the script's sizes and ranges, the store the bridge reads, the init-data
 * volume against MPI's 2^31-1 count when ranks > 1; take/restore: absolute paths in the
 * config that do not exist, the CPU type; builds: the tools). kb may be NULL (kb_id is
 * still set from the check's id). */
int preflight_step(const char *workspace_dir, const char *step, const struct kb *kb,
                   struct pf_report *out, char *err);

/* The checks for one file, by what it holds: m5.cpt (CRLF line ends, integers with a
 * leading zero, range sizes against the store files, KVM CPU state), an SST restore
 * script (against the checkpoint it names), a gem5 config (paths, CPU type, syntax). */
int preflight_file(const char *path, const struct kb *kb, struct pf_report *out, char *err);

int pf_report_add(struct pf_report *r, const struct pf_finding *f, char *err);
void pf_report_free(struct pf_report *r);
const char *pf_sev_name(enum pf_sev s);   /* "ok" "info" "warn" "fail" */

#endif

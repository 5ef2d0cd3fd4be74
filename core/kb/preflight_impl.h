/* Inside the pre-flight checks: the context findings are added to (with the kb entry each
 * check predicts), and the check groups the steps and the file kinds share. */
#ifndef GW_PREFLIGHT_IMPL_H
#define GW_PREFLIGHT_IMPL_H

#include "core/kb/preflight.h"
#include "core/workflow/fork.h"

#include <stdbool.h>
#include <stdint.h>

struct ckpt;

struct pf_ctx {
    const struct kb *kb;
    struct pf_report *out;
    bool oom;                 /* a finding could not be added */
};

/* Adds a finding whose what is formatted; its kb id comes from the check (pf_kb_id), except
 * on ok lines. file may be NULL. */
void pf_add(struct pf_ctx *c, enum pf_sev sev, const char *check, const char *file, int line,
            const char *fmt, ...) __attribute__((format(__printf__, 6, 7)));
/* The entry a check predicts: the kb entry whose "preflight" names it (kb given), else the
 * plan's table; "" when none. */
const char *pf_kb_id(const struct kb *kb, const char *check);
/* 0, or -1 with err when a finding could not be added. */
int pf_done(const struct pf_ctx *c, char *err);
/* The 1-based line of p in text. */
int pf_line_at(const char *text, const char *p);
bool pf_exists(const char *path);
/* Whether this host is aarch64, where gem5 has its ARM KVM CPU; machine gets uname -m. */
bool pf_host_aarch64(char *machine, size_t cap);

/* ---- a checkpoint (preflight_cpt.c, preflight_cpt_text.c) ---- */

/* m5.cpt's text: CRLF line ends (cpt-crlf), integers with a leading zero (cpt-octal). */
void pf_cpt_text(struct pf_ctx *c, const char *cpt_path);
/* Each store file's decoded size against its range_size (cpt-range-sizes), from the page-map
 * cache when it knows the file, else from a scan that never materialises zero pages. */
void pf_cpt_sizes(struct pf_ctx *c, const struct ckpt *ck);
/* KVM CPUs in the checkpoint (cpt-kvm-cpu), at sev; why ends the sentence. */
void pf_cpt_kvm(struct pf_ctx *c, const struct ckpt *ck, enum pf_sev sev, const char *why);
/* Whether dir holds a checkpoint (cpt-dir); false after a fail line. */
bool pf_cpt_dir(struct pf_ctx *c, const char *dir);
/* The text (of cpt_path, NULL: dir/m5.cpt) and size checks of dir's checkpoint, once
 * pf_cpt_dir found it; the checkpoint opened (ckpt_close it), or NULL after a fail line. */
struct ckpt *pf_checkpoint(struct pf_ctx *c, const char *dir, const char *cpt_path);

/* ---- SST (preflight_sst*.c) ---- */

/* What the SST restore depends on beyond the script: the fork's bridge, ranks. */
struct pf_sst {
    const struct fork_probe *fork;    /* NULL: the bridge is unknown */
    int ranks;                        /* 0: unknown (a script run by hand) */
    bool step;                        /* gem5wb's copy of the script is patched at run time */
    unsigned nodes;                   /* step: system_nodes its copy gets */
    const char *cpu_type;             /* step: the CPU type its copy gets */
};
/* The SST restore script `script` against the checkpoint `ckpt_dir`: the script's values
 * (sst-script-ckpt), its CPU type (sst-cpu-type), the timebase (sst-tick-base). */
void pf_sst_script(struct pf_ctx *c, const char *script, const char *ckpt_dir,
                   const struct pf_sst *s);
/* The bridge against the checkpoint: the store it reads (sst-bridge-store), the init-data
 * volume (sst-init-volume), the 1 GiB loading step (sst-remote-chunking), KVM CPUs. */
void pf_sst_bridge(struct pf_ctx *c, const struct ckpt *ck, const struct pf_sst *s);
/* The gem5 fork folder holding an SST script (the folder above its ext/sst), or "". */
void pf_fork_root(const char *script, char *buf, size_t cap);

/* ---- the fork (preflight_fork.c) ---- */

/* Probes the fork at gem5_dir; false after a fail line when it cannot. */
bool pf_fork_probe(struct pf_ctx *c, const char *gem5_dir, struct fork_probe *p);
/* The probe's findings about the files (relative to the fork) a step runs: a config or SST
 * script that does not parse (fork-config-syntax), a config renamed away (fork-config-renamed). */
void pf_fork_findings(struct pf_ctx *c, const struct fork_probe *p, const char *const *paths,
                      size_t n);
/* The memory object the SST responder casts to against the one config builds (fork-responder). */
void pf_fork_responder(struct pf_ctx *c, const struct fork_probe *p, const char *config);
/* A step's config or script parameter naming a file missing at this commit
 * (fork-config-renamed, with the one the commit has for purpose); false after a fail line. */
bool pf_fork_param(struct pf_ctx *c, const struct fork_probe *p, const char *param,
                   const char *value, enum fork_purpose purpose);

/* ---- gem5 configs (preflight_config.c) ---- */

/* Absolute guest paths the config hard-codes that are not on this machine (config-abs-paths);
 * mine[i] (NULL or "": none) replaces the config's kernel, bootloader and disk. */
void pf_config_paths(struct pf_ctx *c, const char *config, const char *const mine[3]);
/* Whether the config parses as Python (fork-config-syntax). */
void pf_config_syntax(struct pf_ctx *c, const char *config);
/* The CPU types the config builds (config-cpu-type): KVM on a host without gem5's KVM CPU. */
void pf_config_cpu(struct pf_ctx *c, const char *config);

/* ---- the machine (preflight_env.c) ---- */

/* One tool, as check (NULL: tool-<name>); required: missing is a fail. */
void pf_tool(struct pf_ctx *c, const char *check, const char *name, bool required);
/* /dev/kvm (kvm-device, kvm-access) and perf_event_paranoid (perf-paranoid). */
void pf_kvm(struct pf_ctx *c);
/* SST's install: bin/sst-config under prefix and $SST_CORE_HOME (sst-core-home). */
void pf_sst_core(struct pf_ctx *c, const char *prefix);
/* Whether sst-core at prefix (NULL: not looked at) or, when no install says, as
 * build-sst-core.mpi says, has MPI, for ranks > 1 (sst-mpi). */
void pf_sst_mpi(struct pf_ctx *c, const char *prefix, const char *mpi_setting, int ranks);
/* libgem5 for the element (libgem5-path) and whether it links tcmalloc (libgem5-tcmalloc). */
void pf_libgem5(struct pf_ctx *c, const char *gem5_dir, const char *isa);

/* Whether an ELF shared object needs a library whose name starts with prefix: 1 yes, 0 no,
 * -1 when it cannot be read as ELF (preflight_elf.c). */
int pf_elf_needs(const char *path, const char *prefix, char *needed, size_t cap);

#endif

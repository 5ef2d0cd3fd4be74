/* What the checked-out darchr gem5 fork really holds, read from the files on disk: its
 * checkpoint configs and their option dialects, the SST bridge, and where its README is wrong. */
#ifndef GW_FORK_H
#define GW_FORK_H

#include <stdbool.h>
#include <stddef.h>

#define FORK_PATH_LEN 256

/* The option dialect a take/restore config speaks (workflow doc §3). */
enum fork_dialect {
    FORK_CFG_NONE,
    FORK_CFG_UNIFIED,         /* --take-chpt, --chpt-dir, --is-composable (or --is-remote) */
    FORK_CFG_GEM5_ONLY_NUMA,  /* --take-ckpt, --restore-ckpt, --ckpt-file (or --ckpt-dir) */
    FORK_CFG_NUMA,            /* --cpu-type ... --instance --ckpt-file --take-ckpt */
    FORK_CFG_V2_MAIN,         /* as NUMA plus --is-composable */
};

enum fork_parse { FORK_PARSE_UNKNOWN, FORK_PARSE_OK, FORK_PARSE_ERROR };

/* The gem5 object that stands for the remote memory SST simulates. */
enum fork_mem {
    FORK_MEM_UNKNOWN,
    FORK_MEM_NONE,            /* the config builds no SST-side memory (gem5-only) */
    FORK_MEM_BRIDGE,          /* OutgoingRequestBridge */
    FORK_MEM_EXTERNAL,        /* ExternalMemory */
};

/* Where taking a checkpoint writes it (workflow doc §4). */
enum fork_ckpt_at {
    FORK_AT_UNKNOWN,
    FORK_AT_OUTDIR_CHECKPOINT,        /* <outdir>/checkpoint: unified, gem5-only --ckpt-dir */
    FORK_AT_CWD_FILE,                 /* <cwd>/<ckpt-file>: gem5-only --ckpt-file */
    FORK_AT_CWD_FILE_INSTANCE,        /* <cwd>/<ckpt-file><instance>: arm-numa-checkpoints.py */
    FORK_AT_CWD_OUTDIR_FILE_INSTANCE, /* <cwd>/<outdir>/<ckpt-file><instance>: v2 arm-main.py */
};

/* How SST gets the remote memory's bytes (workflow doc §5.3). */
enum fork_bridge {
    FORK_BRIDGE_UNKNOWN,
    FORK_BRIDGE_NONE,         /* no checkpoint loading at all */
    FORK_BRIDGE_CPT_SECTION,  /* 117b7c7bef: a remoteMemoryStore_ section in m5.cpt */
    FORK_BRIDGE_INITDATA_64,  /* d3129bb3f9: physical_memory_file read in 64-byte pieces */
    FORK_BRIDGE_INITDATA_4M,  /* 05008c17c0: the same in 4 MiB pieces */
    FORK_BRIDGE_BACKDOOR,     /* 7d4cb1dc8e: the responder reads a MemBackdoor, 1 GiB a phase */
};

enum fork_sev { FORK_INFO, FORK_WARN, FORK_ERROR };

/* One gem5 config found in the tree. */
struct fork_config {
    char path[FORK_PATH_LEN];         /* relative to the gem5 folder */
    enum fork_dialect dialect;        /* from its argparse options (its name when unclear) */
    char options[512];                /* " --a --b ": every option its argparse declares */
    char required[256];               /* the same for those with required=True */
    enum fork_ckpt_at ckpt_at;
    bool take_kvm;                    /* taking always runs on the KVM CPU (arm64 hosts only) */
    enum fork_mem memory;             /* what its SST board builds */
    char memory_path[FORK_PATH_LEN];  /* the memories module that builds it (or is missing) */
    int memory_line;
    enum fork_parse parse;
    char parse_msg[256];              /* Python's SyntaxError message */
    int parse_line;
    bool candidate;                   /* a known take/restore config; else run by an SST script */
};

/* How an SST script names the checkpoint it restores. */
enum fork_sst_ckpt { FORK_SST_CKPT_NONE, FORK_SST_CKPT_DIR, FORK_SST_CKPT_FILE_INSTANCE };

/* One SST script under ext/sst/sst/. Paths in it are relative to ext/sst, where sst runs. */
struct fork_sst_script {
    char path[FORK_PATH_LEN];
    enum fork_parse parse;
    char parse_msg[256];
    int parse_line;
    char run_script[FORK_PATH_LEN];   /* gem5_run_script as written */
    char run_config[FORK_PATH_LEN];   /* the same relative to the gem5 folder ("" if outside) */
    int run_line;
    bool run_present;
    enum fork_sst_ckpt ckpt_kind;
    char ckpt[512];                   /* as written (chpt_dir, --chpt-dir= or --ckpt-file) */
    int ckpt_line;
    bool ckpt_present;                /* it exists on this machine */
    char passed[512];                 /* " --a --b ": the options it gives the config */
    char rejected[256];               /* of those, the ones the config's argparse rejects */
    char missing[256];                /* required options of the config it does not give */
    char receiver[128];               /* response_receiver_name */
};

struct fork_sst {
    enum fork_bridge bridge;
    char bridge_path[FORK_PATH_LEN];  /* the file and line that show the version */
    int bridge_line;
    unsigned piece_bytes;             /* INITDATA: bytes read at a time */
    char pmem_file[128];              /* the hard-coded physical_memory_file ("" if none) */
    int pmem_line;                    /* its line in src/sst/outgoing_request_bridge.cc */
    enum fork_mem responder;          /* what SSTResponderSubComponent casts its receiver to */
    int responder_line;               /* in ext/sst/sst_responder_subcomponent.cc */
    bool external_memory;             /* src/sst/external_memory.cc exists */
};

struct fork_build {
    bool install_md, readme_md;       /* ext/sst/INSTALL.md, ext/sst/README.md */
    char install_lib[128];            /* the libgem5 target INSTALL.md builds */
    int install_lib_line;
    char make_arch[32];               /* Makefile.linux's default ARCH */
    int make_arch_line;
    char sst_version[64];             /* Makefile.linux's SST_VERSION (pkg-config name) */
    bool make_rpath_relative;
    char install_sh_arch[32];         /* the ARCH SST_INSTALL.sh makes ("" if no script) */
    int install_sh_line;
};

struct fork_finding {
    enum fork_sev sev;
    char id[48];                      /* stable: "config-syntax-error", "responder-mismatch"... */
    char what[512];                   /* what is true at this commit */
    char readme[512];                 /* what checkpoints.md / INSTALL.md says ("" if no drift) */
    char fix[512];
    char path[FORK_PATH_LEN];         /* the file it is about, relative to the gem5 folder */
    int line;                         /* 0: the file as a whole */
};

struct fork_probe {
    char dir[1024];
    bool is_git;
    char commit[41];                  /* HEAD ("" outside git) */
    char branch[128];                 /* "" when detached */
    char base[16];                    /* newest known commit of the branch that HEAD contains */
    char base_what[128];
    bool dirty;                       /* some probed file differs from HEAD */
    char edited[512];                 /* which ones */
    char readme_path[FORK_PATH_LEN];  /* checkpoints.md ("" when absent) */
    bool python;                      /* parse checks ran */
    char python_note[256];            /* why not */
    struct fork_config *configs;
    size_t nconfigs;
    struct fork_sst_script *scripts;
    size_t nscripts;
    struct fork_sst sst;
    struct fork_build build;
    struct fork_finding *findings;
    size_t nfindings;
    size_t cap_configs, cap_findings; /* internal: allocated lengths */
    bool oom;                         /* internal: an allocation failed */
};

struct fork_opts {
    const char *python;               /* program for the parse checks; NULL: python3 */
    int python_timeout_ms;            /* 0: 20 s */
};

/* Probes the gem5 tree at gem5_dir as it is on disk (local edits included); the git HEAD
 * is read only to report it. Fails when the folder is missing or holds no gem5 fork.
 * Free with fork_probe_free, also after a failure. */
int fork_probe_run(const char *gem5_dir, struct fork_probe *out, char *err);
int fork_probe_run_with(const char *gem5_dir, const struct fork_opts *opts,
                        struct fork_probe *out, char *err);
void fork_probe_free(struct fork_probe *p);

/* What a workflow step needs a config for. */
enum fork_purpose {
    FORK_TAKE_GEM5_ONLY,              /* take a checkpoint of the gem5-only board */
    FORK_TAKE_FOR_SST,                /* take one that the SST restore can load */
    FORK_RESTORE_GEM5,                /* restore in gem5 alone */
    FORK_RESTORE_SST_SCRIPT,          /* the SST script that restores (and its gem5 config) */
    FORK_NPURPOSES
};

struct fork_choice {
    enum fork_purpose purpose;
    char path[FORK_PATH_LEN];         /* the config (the SST script for RESTORE_SST_SCRIPT) */
    char config[FORK_PATH_LEN];       /* the gem5 config it runs (= path for gem5 purposes) */
    enum fork_dialect dialect;        /* of config */
    enum fork_ckpt_at ckpt_at;        /* of config */
    char usage[512];                  /* a command line for it, placeholders in capitals */
    char note[512];                   /* what to know before running it ("" if nothing) */
};

/* The best config for a purpose at the probed commit: present, parsing, speaking a known
 * dialect and (for SST) building the memory object the responder expects. Otherwise -1
 * with a sentence naming what is missing or broken and the fix. */
int fork_choose(const struct fork_probe *p, enum fork_purpose purpose, struct fork_choice *out,
                char *err);
/* Whether one Python file parses (python3's ast.parse; nothing is run): OK, ERROR with the
 * SyntaxError's line and message, UNKNOWN when unreadable; -1 (err) when python3 cannot run. */
int fork_parse_file(const char *path, enum fork_parse *state, int *line, char *msg, size_t cap,
                    char *err);
/* fork_probe_run + fork_choose. */
int fork_find_config(const char *gem5_dir, enum fork_purpose purpose, struct fork_choice *out,
                     char *err);

/* Where taking a checkpoint with a config of layout `at` writes it, as gem5 resolves it:
 * cwd is the folder gem5 runs in, outdir its --outdir (NULL: m5out), ckpt_file and instance
 * the config's --ckpt-file and --instance where it has them. Fails, saying why, where the
 * config would save nothing or not where meant (e.g. v2 arm-main.py with an absolute outdir). */
int fork_ckpt_path(enum fork_ckpt_at at, const char *cwd, const char *outdir,
                   const char *ckpt_file, int instance, char *buf, size_t len, char *err);
/* The usual layout of a dialect (GEM5_ONLY_NUMA: the later --ckpt-dir one). */
enum fork_ckpt_at fork_dialect_ckpt_at(enum fork_dialect d);

/* Short names for faces and JSON: "unified", "backdoor", "OutgoingRequestBridge", "error"... */
const char *fork_dialect_name(enum fork_dialect d);
const char *fork_bridge_name(enum fork_bridge b);
const char *fork_mem_name(enum fork_mem m);
const char *fork_parse_name(enum fork_parse s);
const char *fork_ckpt_at_text(enum fork_ckpt_at at);
const char *fork_sev_name(enum fork_sev s);
const char *fork_purpose_name(enum fork_purpose p);
bool fork_config_has_option(const struct fork_config *c, const char *option);
const struct fork_config *fork_config_get(const struct fork_probe *p, const char *path);
const struct fork_finding *fork_finding_get(const struct fork_probe *p, const char *id);

#endif

/* The disk-image step's building blocks: write the hack-back folder (packer template, boot
 * script, post-installation script, installer answers) for x86 or arm64, and run packer. */
#ifndef GW_DISKIMAGE_H
#define GW_DISKIMAGE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/util/err.h"

/* Where things live, relative to the workspace (the hack-back README's layout). Packer runs
 * with DIMG_DIR as its folder, so the template's paths are relative to it. */
#define DIMG_DIR       "disk-image"
#define DIMG_TEMPLATE  "hack-back/hack-back.json"
#define DIMG_BOOT      "hack-back/gem5-init.sh"
#define DIMG_POST      "hack-back/post-installation.sh"
#define DIMG_MANIFEST  ".gem5wb-manifest"
/* Where post-installation.sh installs the boot script: the darchr ARM boards boot with
 * init=/root/gem5-init.sh, and root's .bashrc on the serial console sources it too. */
#define DIMG_GUEST_BOOT "/root/gem5-init.sh"

/* Every value is text (as --set gives it) owned by the caller or static; NULL or "" means
 * the default for the architecture (dimg_params_init fills those in). */
struct dimg_params {
    const char *arch;          /* "x86" | "arm64" */
    const char *iso_url;
    const char *iso_checksum;  /* "md5:...", "sha256:..." (packer's form) */
    const char *disk_size;     /* packer's disk_size: MiB ("12000") or with a suffix ("16G") */
    const char *memory;        /* MiB */
    const char *cpus;
    const char *ssh_user, *ssh_password, *hostname;
    const char *image_name;    /* packer's vm_name: the image file's name */
    const char *output_dir;    /* relative to disk-image/: where packer writes the image */
    const char *m5_path;       /* the m5 binary to copy in, relative to disk-image/ */
    const char *m5_args;       /* extra m5 arguments in the boot script ("--addr=0x10010000") */
    const char *efi_firmware;  /* arm64: UEFI firmware given to qemu with -bios */
    const char *qemu_binary;
    const char *cpu;           /* qemu -cpu ("" = qemu's default) */
    const char *accelerator;   /* "auto" (from dimg_kvm_check) | "kvm" | "tcg" */
    const char *boot_wait;     /* "" = 10s, scaled when emulated */
    const char *ssh_timeout;   /* "" = 60m, scaled when emulated */
    const char *console;       /* guest serial console the boot script runs on (ttyS0, ttyAMA0) */
    const char *packages;      /* extra apt packages post-installation.sh installs */
};

/* The keys --set accepts, with a line of help each; NULL-terminated. */
struct dimg_key {
    const char *name;
    const char *help;
};
extern const struct dimg_key dimg_keys[];

/* Defaults for arch ("x86" or "arm64"); -1 with a sentence for any other. */
int dimg_params_init(struct dimg_params *p, const char *arch, char *err);
/* Sets one key (value kept by pointer: it must outlive p); checks the value. */
int dimg_params_set(struct dimg_params *p, const char *key, const char *value, char *err);
/* arch, then "KEY=VALUE" strings in order (an arch=... among them wins over `arch`):
 * init + set, the way the CLI and the step engine build parameters. */
int dimg_params_from(struct dimg_params *p, const char *arch, const char *const *sets,
                     size_t nsets, char *err);
/* The value of a key (after init), or NULL for an unknown key. */
const char *dimg_params_get(const struct dimg_params *p, const char *key);

/* Can the guest run under KVM here? */
struct dimg_kvm {
    bool kvm;                  /* a KVM for the guest's architecture is usable */
    int scale;                 /* time-out factor: 1 with KVM, 10 emulated */
    char host[32];             /* uname machine */
    char reason[256];          /* why not (or "" when kvm) */
};
/* x86 guest on x86_64 or arm64 guest on aarch64, with /dev/kvm openable read-write
 * ($GEM5WB_DEV_KVM replaces /dev/kvm, for tests); otherwise emulated. Never fails. */
void dimg_kvm_check(const char *arch, struct dimg_kvm *out);

/* What became of one file of the folder. */
enum dimg_fstate {
    DIMG_CREATED,              /* was missing */
    DIMG_UPDATED,              /* gem5wb's own earlier version, replaced */
    DIMG_UNCHANGED,            /* already exactly this */
    DIMG_KEPT,                 /* edited by the user: left alone (force replaces it) */
    DIMG_REPLACED,             /* edited by the user, replaced by force; the edit is in backup */
};
const char *dimg_fstate_name(enum dimg_fstate s);

#define DIMG_MAX_FILES 8
#define DIMG_MAX_WARN  6

struct dimg_file {
    char rel[64];              /* relative to disk-image/ */
    char path[PATH_MAX];
    enum dimg_fstate state;
    char backup[PATH_MAX];     /* DIMG_REPLACED: where the user's version went */
};

struct dimg_result {
    struct dimg_file files[DIMG_MAX_FILES];
    size_t nfiles;
    struct dimg_kvm kvm;
    char accelerator[8];       /* what the template uses: "kvm" or "tcg" */
    int timeout_scale;         /* the factor applied to the default time-outs */
    char boot_wait[16], ssh_timeout[16];
    char warnings[DIMG_MAX_WARN][ERR_LEN];   /* missing m5, firmware, qemu, emulation... */
    size_t nwarnings;
    char artifact[PATH_MAX];
    char dir[PATH_MAX];        /* WS/disk-image: packer's folder */
};

/* Creates or updates WS/disk-image for p. A file is written only when missing, equal to
 * what gem5wb last wrote there (the manifest disk-image/.gem5wb-manifest keeps hashes) or
 * when force is set (the user's version is then kept as a backup); others are reported
 * DIMG_KEPT. -1 on bad parameters or a write failure. */
int dimg_write(const char *ws_dir, const struct dimg_params *p, bool force,
               struct dimg_result *res, char *err);

/* The exact text dimg_write writes for a file (rel as in DIMG_TEMPLATE...), malloc'ed;
 * NULL with err for a file this arch has none of. kvm: from dimg_kvm_check. */
char *dimg_render(const struct dimg_params *p, const struct dimg_kvm *kvm, const char *rel,
                  char *err);

/* A packer command for the step engine: argv (NULL-terminated, static strings) and the
 * folder to run it in. verb: "validate" or "build"; force adds -force to build (packer
 * refuses to build into an existing output folder). */
struct dimg_cmd {
    const char *argv[8];
    char cwd[PATH_MAX];
};
int dimg_packer_argv(const char *ws_dir, const char *verb, bool force, struct dimg_cmd *out,
                     char *err);

/* Where the image will be: WS/disk-image/<output_dir>/<image_name>. */
int dimg_artifact(const char *ws_dir, const struct dimg_params *p, char *buf, size_t cap,
                  char *err);

/* Result of a real `packer validate` run. packer 1.6.6 prints nothing on success, so the
 * exit status decides. */
struct dimg_check {
    bool ok;
    int exit_code;             /* -1 when packer was killed (time-out) */
    char message[2048];        /* packer's output, wrapped lines joined, blank lines dropped */
    char diags[4][512];        /* the errors the packer parser picked out */
    size_t ndiags;
};
/* Runs packer validate on the template in WS/disk-image (as a job with the "packer" progress
 * parser), waiting at most timeout_ms. -1 only when packer cannot be run at all. */
int dimg_validate(const char *ws_dir, int timeout_ms, struct dimg_check *out, char *err);

#endif

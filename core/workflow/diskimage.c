/* Parameters of the disk image: defaults per guest architecture, --set KEY=VALUE, and the
 * checks that keep every value safe to put into JSON, YAML, a preseed file and shell. */
#include "core/workflow/diskimage.h"

#include <ctype.h>
#include <stddef.h>
#include <string.h>

enum ktype { K_TEXT, K_INT, K_SIZE, K_DUR, K_WORD, K_NAME, K_ARGS, K_PKGS, K_ACCEL };

struct kdef {
    const char *name;
    size_t off;
    enum ktype type;
};

#define K(n, t) { #n, offsetof(struct dimg_params, n), t }
static const struct kdef kdefs[] = {
    K(iso_url, K_TEXT), K(iso_checksum, K_TEXT), K(disk_size, K_SIZE), K(memory, K_INT),
    K(cpus, K_INT), K(ssh_user, K_WORD), K(ssh_password, K_TEXT), K(hostname, K_WORD),
    K(image_name, K_NAME), K(output_dir, K_TEXT), K(m5_path, K_TEXT), K(m5_args, K_ARGS),
    K(efi_firmware, K_TEXT), K(qemu_binary, K_TEXT), K(cpu, K_ARGS), K(accelerator, K_ACCEL),
    K(boot_wait, K_DUR), K(ssh_timeout, K_DUR), K(console, K_WORD), K(packages, K_PKGS),
};
#define NKDEFS (sizeof kdefs / sizeof kdefs[0])

const struct dimg_key dimg_keys[] = {
    { "arch", "guest architecture: x86 (Ubuntu 18.04.2, as hack-back) or arm64 (Ubuntu 22.04)" },
    { "iso_url", "installer ISO (x86: Ubuntu 18.04.2 server, arm64: 22.04.5 live server)" },
    { "iso_checksum", "its checksum in packer's form, md5:HEX or sha256:HEX" },
    { "disk_size", "image size, MiB (12000) or with a suffix (16G)" },
    { "memory", "MiB of RAM for the installer VM" },
    { "cpus", "CPUs of the installer VM" },
    { "ssh_user", "user the installer creates and packer logs in as (gem5)" },
    { "ssh_password", "its password (12345)" },
    { "hostname", "guest host name" },
    { "image_name", "image file name (packer's vm_name)" },
    { "output_dir", "image folder, relative to disk-image/ (must not exist for packer build)" },
    { "m5_path", "m5 binary copied in, relative to disk-image/ (gem5/util/m5/build/<abi>/out/m5)" },
    { "m5_args", "extra m5 arguments in the boot script (arm64: --addr=0x10010000, for KVM)" },
    { "efi_firmware", "arm64: UEFI firmware for qemu -bios (Debian package qemu-efi-aarch64)" },
    { "qemu_binary", "qemu-system-x86_64 or qemu-system-aarch64" },
    { "cpu", "qemu -cpu (default: host with KVM; cortex-a57 for arm64 emulated)" },
    { "accelerator", "auto, kvm or tcg (auto: kvm when usable for the guest)" },
    { "boot_wait", "wait before typing the boot command (default 10s, x3 emulated)" },
    { "ssh_timeout", "how long packer waits for the installed system (default 60m, x10 emulated)" },
    { "console", "serial console the boot script runs on (ttyS0 for x86, ttyAMA0 for arm64)" },
    { "packages", "extra apt packages post-installation.sh installs (arm64: numactl)" },
    { NULL, NULL },
};

static const struct dimg_params x86_defaults = {
    .arch = "x86",
    .iso_url = "http://old-releases.ubuntu.com/releases/18.04.2/ubuntu-18.04.2-server-amd64.iso",
    .iso_checksum = "md5:34416ff83179728d54583bf3f18d42d2",
    .disk_size = "12000", .memory = "8192", .cpus = "4",
    .ssh_user = "gem5", .ssh_password = "12345", .hostname = "gem5",
    .image_name = "hack-back", .output_dir = "hack-back/hack-back-image",
    .m5_path = "../gem5/util/m5/build/x86/out/m5", .m5_args = "",
    .efi_firmware = "", .qemu_binary = "qemu-system-x86_64", .cpu = "",
    .accelerator = "auto", .boot_wait = "", .ssh_timeout = "",
    .console = "ttyS0", .packages = "",
};

/* The 22.04 point release cdimage.ubuntu.com keeps; its sha256 as published in SHA256SUMS. */
static const struct dimg_params arm64_defaults = {
    .arch = "arm64",
    .iso_url = "https://cdimage.ubuntu.com/releases/22.04/release/"
               "ubuntu-22.04.5-live-server-arm64.iso",
    .iso_checksum = "sha256:eafec62cfe760c30cac43f446463e628fada468c2de2f14e0e2bc27295187505",
    .disk_size = "16000", .memory = "4096", .cpus = "4",
    .ssh_user = "gem5", .ssh_password = "12345", .hostname = "gem5",
    .image_name = "hack-back", .output_dir = "hack-back/hack-back-image",
    .m5_path = "../gem5/util/m5/build/arm64/out/m5", .m5_args = "--addr=0x10010000",
    .efi_firmware = "/usr/share/qemu-efi-aarch64/QEMU_EFI.fd",
    .qemu_binary = "qemu-system-aarch64", .cpu = "",
    .accelerator = "auto", .boot_wait = "", .ssh_timeout = "",
    .console = "ttyAMA0", .packages = "numactl",
};

int dimg_params_init(struct dimg_params *p, const char *arch, char *err)
{
    if (arch && !strcmp(arch, "x86"))
        *p = x86_defaults;
    else if (arch && !strcmp(arch, "arm64"))
        *p = arm64_defaults;
    else
        return err_set(err, "unknown disk-image architecture '%s': use x86 or arm64",
                       arch ? arch : "");
    return 0;
}

static const struct kdef *kfind(const char *key)
{
    for (size_t i = 0; i < NKDEFS; i++)
        if (!strcmp(kdefs[i].name, key))
            return &kdefs[i];
    return NULL;
}

static bool all_of(const char *v, const char *extra)
{
    for (const unsigned char *s = (const unsigned char *)v; *s; s++)
        if (!isalnum(*s) && !strchr(extra, *s))
            return false;
    return true;
}

/* Digits, then one of `units` (or nothing, unless a unit is needed). */
static bool number_with(const char *v, const char *units, bool unit_needed)
{
    size_t n = strspn(v, "0123456789");
    if (n == 0)
        return false;
    if (v[n] == '\0')
        return !unit_needed;
    return strchr(units, v[n]) && v[n + 1] == '\0';
}

static const char *const why[] = {
    [K_TEXT] = "must not be empty", [K_INT] = "must be a whole number",
    [K_SIZE] = "must be MiB (12000) or a size like 16G",
    [K_DUR] = "must be a duration like 30s, 60m, 2h",
    [K_WORD] = "must be one word (letters, digits, _ . -)",
    [K_NAME] = "must be a file name (letters, digits, _ . - +)",
    [K_ARGS] = "must be plain words (letters, digits, = _ . , : / + -)",
    [K_PKGS] = "must be package names separated by spaces",
    [K_ACCEL] = "must be auto, kvm or tcg",
};

static bool fits(enum ktype t, const char *v)
{
    switch (t) {
    case K_TEXT: return *v;
    case K_INT: return *v && strspn(v, "0123456789") == strlen(v);
    case K_SIZE: return number_with(v, "MGT", false);
    case K_DUR: return !*v || number_with(v, "smh", true);
    case K_WORD: return *v && *v != '-' && all_of(v, "_.-");
    case K_NAME: return *v && *v != '.' && all_of(v, "_.-+");
    case K_ARGS: return all_of(v, "=_.,:/+ -");
    case K_PKGS: return all_of(v, "_.+:- ");
    case K_ACCEL: return !strcmp(v, "auto") || !strcmp(v, "kvm") || !strcmp(v, "tcg");
    }
    return true;
}

/* NULL when v suits the type, else why not. Nothing may break a line of the preseed or
 * YAML files, nor start a packer template expression. */
static const char *check(enum ktype t, const char *v)
{
    for (const unsigned char *s = (const unsigned char *)v; *s; s++)
        if (*s < 0x20 || *s == 0x7f)
            return "must not hold control characters (newlines, tabs)";
    if (strstr(v, "{{"))
        return "must not hold '{{' (packer would read it as a template)";
    return fits(t, v) ? NULL : why[t];
}

int dimg_params_set(struct dimg_params *p, const char *key, const char *value, char *err)
{
    if (!strcmp(key, "arch"))
        return err_set(err, "arch=%s: set the architecture first (--arch), before other keys",
                       value);
    const struct kdef *k = kfind(key);
    if (!k)
        return err_set(err, "unknown disk-image parameter '%s' (see `gem5wb disk-image --help`)",
                       key);
    const char *why = check(k->type, value);
    if (why)
        return err_set(err, "disk-image parameter %s='%s' %s", key, value, why);
    *(const char **)((char *)p + k->off) = value;
    return 0;
}

const char *dimg_params_get(const struct dimg_params *p, const char *key)
{
    if (!strcmp(key, "arch"))
        return p->arch;
    const struct kdef *k = kfind(key);
    return k ? *(const char *const *)((const char *)p + k->off) : NULL;
}

int dimg_params_from(struct dimg_params *p, const char *arch, const char *const *sets,
                     size_t nsets, char *err)
{
    for (size_t i = 0; i < nsets; i++)
        if (!strncmp(sets[i], "arch=", 5))
            arch = sets[i] + 5;
    if (dimg_params_init(p, arch ? arch : "x86", err) != 0)
        return -1;
    for (size_t i = 0; i < nsets; i++) {
        const char *eq = strchr(sets[i], '=');
        char key[64];
        if (!eq || eq == sets[i] || (size_t)(eq - sets[i]) >= sizeof key)
            return err_set(err, "'%s' is not KEY=VALUE", sets[i]);
        memcpy(key, sets[i], (size_t)(eq - sets[i]));
        key[eq - sets[i]] = '\0';
        if (!strcmp(key, "arch"))
            continue;
        if (dimg_params_set(p, key, eq + 1, err) != 0)
            return -1;
    }
    return 0;
}

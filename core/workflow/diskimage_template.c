/* The packer template, hack-back/hack-back.json: one qemu builder that installs Ubuntu from
 * its ISO with answers served over HTTP, then file and shell provisioners that add m5 and
 * the boot script. Built with cJSON so every value is quoted right. */
#include "core/workflow/diskimage_impl.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void add_strings(cJSON *arr, const char *const *s)
{
    for (; *s; s++)
        cJSON_AddItemToArray(arr, cJSON_CreateString(*s));
}

static void qemuarg(cJSON *args, const char *flag, const char *value)
{
    cJSON *row = cJSON_CreateArray();
    cJSON_AddItemToArray(row, cJSON_CreateString(flag));
    cJSON_AddItemToArray(row, cJSON_CreateString(value));
    cJSON_AddItemToArray(args, row);
}

/* The typed boot command: x86 at isolinux's boot: prompt, arm64 at GRUB's command line. */
static void boot_command(const struct dimg_ctx *c, cJSON *b)
{
    cJSON *cmd = cJSON_AddArrayToObject(b, "boot_command");
    char line[512];
    if (!c->arm64) {
        const char *x86[] = { "<esc><wait>", "<esc><wait>", "<enter><wait>", NULL };
        add_strings(cmd, x86);
        snprintf(line, sizeof line,
                 "/install/vmlinuz auto=true priority=critical locale=en_US.UTF-8 "
                 "console-setup/ask_detect=false keyboard-configuration/layoutcode=us "
                 "netcfg/get_hostname=%s netcfg/get_domain=local fb=false "
                 "preseed/url=http://{{ .HTTPIP }}:{{ .HTTPPort }}/preseed.cfg "
                 "initrd=/install/initrd.gz --- <enter>", c->p->hostname);
        cJSON_AddItemToArray(cmd, cJSON_CreateString(line));
        return;
    }
    const char *wait = c->kvm ? "<wait5>" : "<wait20>";
    snprintf(line, sizeof line, "c%s", wait);
    cJSON_AddItemToArray(cmd, cJSON_CreateString(line));
    snprintf(line, sizeof line,
             "linux /casper/vmlinuz autoinstall "
             "\"ds=nocloud-net;s=http://{{ .HTTPIP }}:{{ .HTTPPort }}/\" ---<enter>%s", wait);
    cJSON_AddItemToArray(cmd, cJSON_CreateString(line));
    snprintf(line, sizeof line, "initrd /casper/initrd<enter>%s", wait);
    cJSON_AddItemToArray(cmd, cJSON_CreateString(line));
    cJSON_AddItemToArray(cmd, cJSON_CreateString("boot<enter>"));
}

/* arm64 on the virt machine: UEFI firmware, a screen and a USB keyboard for the boot
 * command over VNC, and the disk before the CD in the boot order so that the installed
 * system boots after the installer's reboot (-bios keeps no boot entries). Giving -device
 * replaces all of packer's, so the disk, CD and network devices are listed here too. */
static void qemuargs_arm64(const struct dimg_ctx *c, cJSON *args)
{
    char machine[64];
    snprintf(machine, sizeof machine, "type=virt,accel=%s,gic-version=max",
             c->kvm ? "kvm" : "tcg");
    qemuarg(args, "-machine", machine);
    qemuarg(args, "-bios", c->p->efi_firmware);
    const char *devices[] = {
        "virtio-gpu-pci", "qemu-xhci", "usb-kbd", "virtio-scsi-pci,id=scsi0",
        "scsi-hd,bus=scsi0.0,drive=drive0,bootindex=0",
        "scsi-cd,bus=scsi0.0,drive=cdrom0,bootindex=1", "virtio-net-pci,netdev=user.0", NULL,
    };
    for (const char *const *d = devices; *d; d++)
        qemuarg(args, "-device", *d);
}

static void builder_machine(const struct dimg_ctx *c, cJSON *b)
{
    const struct dimg_params *p = c->p;
    cJSON_AddStringToObject(b, "accelerator", c->kvm ? "kvm" : "tcg");
    cJSON_AddStringToObject(b, "qemu_binary", p->qemu_binary);
    if (c->arm64)
        cJSON_AddStringToObject(b, "machine_type", "virt");
    cJSON_AddNumberToObject(b, "cpus", atoi(p->cpus));
    cJSON_AddNumberToObject(b, "memory", atoi(p->memory));
    cJSON_AddStringToObject(b, "disk_size", p->disk_size);
    cJSON_AddStringToObject(b, "format", "raw");
    cJSON_AddStringToObject(b, "disk_interface", c->arm64 ? "virtio-scsi" : "virtio");
    if (c->arm64)
        cJSON_AddStringToObject(b, "cdrom_interface", "virtio-scsi");
    cJSON_AddStringToObject(b, "net_device", c->arm64 ? "virtio-net-pci" : "virtio-net");
    cJSON_AddBoolToObject(b, "headless", true);
    cJSON *args = cJSON_AddArrayToObject(b, "qemuargs");
    qemuarg(args, "-display", "none");
    if (*c->cpu)
        qemuarg(args, "-cpu", c->cpu);
    if (c->arm64)
        qemuargs_arm64(c, args);
}

static void builder_install(const struct dimg_ctx *c, cJSON *b)
{
    const struct dimg_params *p = c->p;
    cJSON_AddStringToObject(b, "iso_url", p->iso_url);
    cJSON_AddStringToObject(b, "iso_checksum", p->iso_checksum);
    cJSON_AddStringToObject(b, "http_directory", "shared");
    cJSON_AddStringToObject(b, "boot_wait", c->boot_wait);
    if (!c->kvm)
        cJSON_AddStringToObject(b, "boot_key_interval", "100ms");
    boot_command(c, b);
    cJSON_AddStringToObject(b, "communicator", "ssh");
    cJSON_AddStringToObject(b, "ssh_username", p->ssh_user);
    cJSON_AddStringToObject(b, "ssh_password", p->ssh_password);
    cJSON_AddStringToObject(b, "ssh_timeout", c->ssh_timeout);
    /* the arm64 installer runs an sshd of its own that refuses these credentials */
    cJSON_AddNumberToObject(b, "ssh_handshake_attempts", c->arm64 ? 1000 : 100);
    /* the installer gave the user password-less sudo (preseed late_command, user-data) */
    cJSON_AddStringToObject(b, "shutdown_command", "sudo shutdown -P now");
    cJSON_AddStringToObject(b, "shutdown_timeout", c->shutdown_timeout);
}

static void provisioners(const struct dimg_ctx *c, cJSON *doc)
{
    cJSON *list = cJSON_AddArrayToObject(doc, "provisioners");
    cJSON *f = cJSON_CreateObject();
    cJSON_AddStringToObject(f, "type", "file");
    cJSON_AddStringToObject(f, "source", c->p->m5_path);
    cJSON_AddStringToObject(f, "destination", "/tmp/gem5wb-m5");
    cJSON_AddItemToArray(list, f);
    f = cJSON_CreateObject();
    cJSON_AddStringToObject(f, "type", "file");
    cJSON_AddStringToObject(f, "source", DIMG_BOOT);
    cJSON_AddStringToObject(f, "destination", "/tmp/gem5wb-init.sh");
    cJSON_AddItemToArray(list, f);
    f = cJSON_CreateObject();
    cJSON_AddStringToObject(f, "type", "shell");
    cJSON_AddStringToObject(f, "execute_command", "{{ .Vars }} sudo -E bash '{{ .Path }}'");
    cJSON_AddStringToObject(f, "script", DIMG_POST);
    cJSON_AddItemToArray(list, f);
}

char *dimg_text_template(const struct dimg_ctx *c)
{
    char note[400];
    snprintf(note, sizeof note,
             "Written by `gem5wb disk-image write` for an %s guest (%s). gem5wb rewrites it "
             "when its parameters change unless you edited it; --force then keeps your "
             "version as a .gem5wb-backup.", c->arm64 ? "arm64" : "x86",
             c->kvm ? "KVM" : "emulated, time-outs scaled");
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "_gem5wb", note);
    cJSON *b = cJSON_CreateObject();
    cJSON_AddStringToObject(b, "type", "qemu");
    cJSON_AddStringToObject(b, "vm_name", c->p->image_name);
    cJSON_AddStringToObject(b, "output_directory", c->p->output_dir);
    builder_machine(c, b);
    builder_install(c, b);
    cJSON_AddItemToArray(cJSON_AddArrayToObject(doc, "builders"), b);
    provisioners(c, doc);
    char *text = cJSON_Print(doc);
    cJSON_Delete(doc);
    if (!text)
        return NULL;
    size_t n = strlen(text);
    char *out = malloc(n + 2);
    if (out) {
        memcpy(out, text, n);
        memcpy(out + n, "\n", 2);
    }
    cJSON_free(text);
    return out;
}

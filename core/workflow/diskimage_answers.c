/* The installer's answers, served by packer's HTTP server from disk-image/shared/: a
 * preseed file for the x86 Ubuntu 18.04 installer, cloud-init autoinstall data for arm64. */
#include "core/workflow/diskimage_impl.h"

#include <stdio.h>
#include <string.h>

char *dimg_text_preseed(const struct dimg_ctx *c)
{
    const struct dimg_params *p = c->p;
    struct dimg_sb b = { 0 };
    dimg_sb_add(&b,
        "# preseed.cfg, written by gem5wb disk-image: answers for Ubuntu 18.04's installer.\n"
        "# One ext4 partition, /dev/vda1, no swap: the root partition gem5 boots from.\n"
        "d-i debian-installer/locale string en_US.UTF-8\n"
        "d-i keyboard-configuration/xkb-keymap select us\n"
        "d-i console-setup/ask_detect boolean false\n"
        "d-i netcfg/choose_interface select auto\n"
        "d-i netcfg/get_hostname string %s\n"
        "d-i netcfg/get_domain string local\n"
        "d-i mirror/country string manual\n"
        "d-i mirror/http/hostname string archive.ubuntu.com\n"
        "d-i mirror/http/directory string /ubuntu\n"
        "d-i mirror/http/proxy string\n"
        "d-i clock-setup/utc boolean true\n"
        "d-i time/zone string UTC\n"
        "d-i clock-setup/ntp boolean false\n", p->hostname);
    dimg_sb_add(&b,
        "d-i partman-auto/disk string /dev/vda\n"
        "d-i partman-auto/method string regular\n"
        "d-i partman-auto/expert_recipe string gem5root :: 1000 50 -1 ext4 $primary{ } "
        "$bootable{ } method{ format } format{ } use_filesystem{ } filesystem{ ext4 } "
        "mountpoint{ / } .\n"
        "d-i partman-auto/choose_recipe select gem5root\n"
        "d-i partman-basicfilesystems/no_swap boolean false\n"
        "d-i partman-partitioning/confirm_write_new_label boolean true\n"
        "d-i partman/choose_partition select finish\n"
        "d-i partman/confirm boolean true\n"
        "d-i partman/confirm_nooverwrite boolean true\n");
    dimg_sb_add(&b,
        "d-i passwd/root-login boolean false\n"
        "d-i passwd/user-fullname string %s\n"
        "d-i passwd/username string %s\n"
        "d-i passwd/user-password password %s\n"
        "d-i passwd/user-password-again password %s\n"
        "d-i user-setup/allow-password-weak boolean true\n"
        "d-i user-setup/encrypt-home boolean false\n"
        "tasksel tasksel/first multiselect standard, server\n"
        "d-i pkgsel/include string openssh-server build-essential\n"
        "d-i pkgsel/upgrade select none\n"
        "d-i pkgsel/update-policy select none\n"
        "d-i grub-installer/only_debian boolean true\n"
        "d-i grub-installer/bootdev string /dev/vda\n"
        "d-i finish-install/reboot_in_progress note\n",
        p->ssh_user, p->ssh_user, p->ssh_password, p->ssh_password);
    /* packer's provisioner and shutdown use sudo without a password */
    dimg_sb_add(&b,
        "d-i preseed/late_command string in-target sh -c 'echo \"%s ALL=(ALL) NOPASSWD:ALL\" "
        "> /etc/sudoers.d/%s; chmod 0440 /etc/sudoers.d/%s'\n", p->ssh_user, p->ssh_user,
        p->ssh_user);
    return dimg_sb_take(&b);
}

/* s as a YAML double-quoted scalar (control characters were refused by the checks). */
static void yaml_str(struct dimg_sb *b, const char *s)
{
    dimg_sb_add(b, "\"");
    for (; *s; s++)
        dimg_sb_add(b, *s == '"' || *s == '\\' ? "\\%c" : "%c", *s);
    dimg_sb_add(b, "\"");
}

static void user_data_storage(struct dimg_sb *b)
{
    dimg_sb_add(b,
        "  storage:\n"
        "    # root is partition 1, the one the darchr configs boot (root_partition=\"1\");\n"
        "    # the EFI system partition the installer needs is number 15, as in Ubuntu's\n"
        "    # cloud images\n"
        "    config:\n"
        "      - {type: disk, id: disk0, match: {size: largest}, ptable: gpt, "
        "wipe: superblock-recursive, preserve: false, grub_device: false}\n"
        "      - {type: partition, id: esp, device: disk0, number: 15, size: 512M, flag: boot, "
        "grub_device: true, wipe: superblock, preserve: false}\n"
        "      - {type: partition, id: root, device: disk0, number: 1, size: -1, "
        "wipe: superblock, preserve: false}\n"
        "      - {type: format, id: esp-fs, volume: esp, fstype: fat32, preserve: false}\n"
        "      - {type: format, id: root-fs, volume: root, fstype: ext4, preserve: false}\n"
        "      - {type: mount, id: root-mnt, device: root-fs, path: /}\n"
        "      - {type: mount, id: esp-mnt, device: esp-fs, path: /boot/efi}\n");
}

char *dimg_text_user_data(const struct dimg_ctx *c)
{
    const struct dimg_params *p = c->p;
    struct dimg_sb b = { 0 };
    dimg_sb_add(&b,
        "#cloud-config\n"
        "# user-data, written by gem5wb disk-image: Ubuntu 22.04's autoinstall answers for the\n"
        "# arm64 image (the boot command points the installer here with ds=nocloud-net).\n"
        "autoinstall:\n"
        "  version: 1\n"
        "  locale: en_US.UTF-8\n"
        "  keyboard:\n"
        "    layout: us\n"
        "  ssh:\n"
        "    install-server: true\n"
        "    allow-pw: true\n");
    user_data_storage(&b);
    dimg_sb_add(&b,
        "  user-data:\n"
        "    hostname: %s\n"
        "    ssh_pwauth: true\n"
        "    users:\n"
        "      - name: %s\n"
        "        plain_text_passwd: ", p->hostname, p->ssh_user);
    yaml_str(&b, p->ssh_password);
    dimg_sb_add(&b,
        "\n"
        "        lock_passwd: false\n"
        "        shell: /bin/bash\n"
        "        groups: [adm, sudo]\n"
        "        sudo: \"ALL=(ALL) NOPASSWD:ALL\"\n");
    return dimg_sb_take(&b);
}

char *dimg_text_meta_data(const struct dimg_ctx *c)
{
    struct dimg_sb b = { 0 };
    dimg_sb_add(&b, "instance-id: gem5wb-%s\nlocal-hostname: %s\n", c->p->image_name,
                c->p->hostname);
    return dimg_sb_take(&b);
}

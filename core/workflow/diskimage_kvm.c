/* Whether the installer VM gets KVM for the guest's architecture, and the time-outs that
 * follow from it: an emulated (TCG) install is many times slower, so packer must wait longer. */
#include "core/workflow/diskimage_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#define EMULATED_SCALE 10
/* The boot command must be typed before the installer's boot menu times out (GRUB: 30 s),
 * so boot_wait grows less than the other time-outs. */
#define BOOT_SCALE_MAX 3

static bool native(const char *arch, const char *host)
{
    if (!strcmp(arch, "arm64"))
        return !strcmp(host, "aarch64") || !strcmp(host, "arm64");
    return !strcmp(host, "x86_64");
}

void dimg_kvm_check(const char *arch, struct dimg_kvm *out)
{
    struct utsname u;
    memset(out, 0, sizeof *out);
    snprintf(out->host, sizeof out->host, "%.31s", uname(&u) == 0 ? u.machine : "unknown");
    out->scale = EMULATED_SCALE;
    if (!native(arch ? arch : "x86", out->host)) {
        snprintf(out->reason, sizeof out->reason,
                 "KVM cannot run an %s guest on this %s host", arch ? arch : "x86", out->host);
        return;
    }
    const char *dev = getenv("GEM5WB_DEV_KVM");
    if (!dev || !*dev)
        dev = "/dev/kvm";
    int fd = open(dev, O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        snprintf(out->reason, sizeof out->reason, "%s is not usable: %s", dev, strerror(errno));
        return;
    }
    close(fd);
    out->kvm = true;
    out->scale = 1;
}

/* "<n*scale><unit>" from a base like "60m"; a value the user gave is kept as it is. */
static void scaled(char *buf, size_t cap, const char *given, int base, char unit, int scale)
{
    if (given && *given)
        snprintf(buf, cap, "%s", given);
    else
        snprintf(buf, cap, "%d%c", base * scale, unit);
}

void dimg_ctx_init(struct dimg_ctx *c, const struct dimg_params *p, const struct dimg_kvm *kvm)
{
    memset(c, 0, sizeof *c);
    c->p = p;
    c->arm64 = !strcmp(p->arch, "arm64");
    c->kvm = !strcmp(p->accelerator, "kvm") || (!strcmp(p->accelerator, "auto") && kvm->kvm);
    c->scale = c->kvm ? 1 : EMULATED_SCALE;
    if (p->cpu && *p->cpu)
        c->cpu = p->cpu;
    else
        c->cpu = c->kvm ? "host" : c->arm64 ? "cortex-a57" : "";
    int boot_scale = c->scale < BOOT_SCALE_MAX ? c->scale : BOOT_SCALE_MAX;
    scaled(c->boot_wait, sizeof c->boot_wait, p->boot_wait, 10, 's', boot_scale);
    scaled(c->ssh_timeout, sizeof c->ssh_timeout, p->ssh_timeout, 60, 'm', c->scale);
    scaled(c->shutdown_timeout, sizeof c->shutdown_timeout, NULL, 5, 'm', c->scale);
}

/* The guest-side scripts of the image: the boot script (checkpoint once after boot, then run
 * what the restoring config hands over through `m5 readfile`) and post-installation.sh. */
#include "core/workflow/diskimage_impl.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void dimg_sb_add(struct dimg_sb *b, const char *fmt, ...)
{
    if (b->oom)
        return;
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(b->s ? b->s + b->len : NULL, b->s ? b->cap - b->len : 0, fmt, ap);
        va_end(ap);
        if (n < 0) {
            b->oom = true;
            return;
        }
        if (b->s && b->len + (size_t)n < b->cap) {
            b->len += (size_t)n;
            return;
        }
        size_t cap = (b->cap ? b->cap * 2 : 4096) + (size_t)n;
        char *s = realloc(b->s, cap);
        if (!s) {
            b->oom = true;
            return;
        }
        b->s = s;
        b->cap = cap;
    }
}

char *dimg_sb_take(struct dimg_sb *b)
{
    if (b->oom || !b->s) {
        free(b->s);
        return NULL;
    }
    return b->s;
}

/* The m5 call: where post-installation.sh installs m5, plus the extra arguments (on arm64
 * the address of the m5ops region, since KVM on ARM cannot trap the m5 instruction). */
static void m5_call(const struct dimg_ctx *c, char *buf, size_t cap)
{
    snprintf(buf, cap, "/sbin/m5%s%s", *c->p->m5_args ? " " : "", c->p->m5_args);
}

char *dimg_text_boot(const struct dimg_ctx *c)
{
    struct dimg_sb b = { 0 };
    char m5[160];
    m5_call(c, m5, sizeof m5);
    dimg_sb_add(&b,
        "#!/bin/sh\n"
        "# gem5-init.sh, written by gem5wb disk-image for an %s guest.\n"
        "# Runs once the guest has booted in gem5: as init (the darchr ARM boards boot with\n"
        "# init=" DIMG_GUEST_BOOT ") or from root's .bashrc on the serial console %s.\n"
        "# The first pass takes a checkpoint. Whatever resumes from it (the run that took it\n"
        "# or a restore) fetches the script the gem5 config handed over (readfile_contents,\n"
        "# read with `m5 readfile`) and runs it; without one it opens a shell. A second pass\n"
        "# in the same boot ends the simulation instead.\n"
        "M5=\"%s\"\n\n", c->arm64 ? "arm64" : "x86", c->p->console, m5);
    dimg_sb_add(&b,
        "if [ -n \"${GEM5WB_BOOT_PASS:-}\" ]; then\n"
        "    echo \"gem5-init: second pass in this boot; exiting the simulation\"\n"
        "    $M5 exit\n"
        "fi\n"
        "export GEM5WB_BOOT_PASS=1\n\n"
        "echo \"gem5-init: taking the checkpoint\"\n"
        "$M5 checkpoint\n\n"
        "echo \"gem5-init: fetching the run script (m5 readfile)\"\n"
        "$M5 readfile > /tmp/runscript\n"
        "chmod 755 /tmp/runscript\n"
        "if [ -s /tmp/runscript ]; then\n"
        "    export GEM5WB_BOOT_PASS=2\n"
        "    case \"$(head -c 2 /tmp/runscript)\" in\n"
        "    '#!') exec /tmp/runscript ;;\n"
        "    *) exec /bin/sh /tmp/runscript ;;\n"
        "    esac\n"
        "fi\n"
        "echo \"gem5-init: no run script given; dropping into a shell\"\n"
        "/bin/bash\n"
        "echo \"gem5-init: the shell ended; exiting the simulation\"\n"
        "$M5 exit\n");
    return dimg_sb_take(&b);
}

static void post_autologin(struct dimg_sb *b, const char *tty)
{
    dimg_sb_add(b,
        "# root logs in on %s without a password, so its shell runs the boot script\n"
        "mkdir -p /etc/systemd/system/serial-getty@%s.service.d\n"
        "cat > /etc/systemd/system/serial-getty@%s.service.d/gem5wb-autologin.conf <<'EOF'\n"
        "[Service]\n"
        "ExecStart=\n"
        "ExecStart=-/sbin/agetty --autologin root --noclear --keep-baud 115200,38400,9600 "
        "%%I $TERM\n"
        "EOF\n"
        "systemctl enable serial-getty@%s.service\n\n", tty, tty, tty, tty);
    dimg_sb_add(b,
        "if ! grep -q 'gem5wb: boot script' /root/.bashrc; then\n"
        "    cat >> /root/.bashrc <<'EOF'\n"
        "# gem5wb: boot script on gem5's serial console (checkpoint once, then m5 readfile)\n"
        "if [ \"$(tty)\" = /dev/%s ] && [ -z \"${GEM5WB_BOOT_PASS:-}\" ]; then\n"
        "    . " DIMG_GUEST_BOOT "\n"
        "fi\n"
        "EOF\n"
        "fi\n\n", tty);
}

char *dimg_text_post(const struct dimg_ctx *c)
{
    struct dimg_sb b = { 0 };
    dimg_sb_add(&b,
        "#!/bin/bash\n"
        "# post-installation.sh, written by gem5wb disk-image: packer runs it as root in the\n"
        "# freshly installed %s guest. It installs m5 and the boot script, and makes root log\n"
        "# in on the serial console so that the boot script runs when gem5 boots the image.\n"
        "set -euo pipefail\n\n"
        "echo \"gem5wb: installing m5 as /sbin/m5 and the boot script as " DIMG_GUEST_BOOT "\"\n"
        "install -m 0755 /tmp/gem5wb-m5 /sbin/m5\n"
        "install -m 0755 /tmp/gem5wb-init.sh " DIMG_GUEST_BOOT "\n"
        "rm -f /tmp/gem5wb-m5 /tmp/gem5wb-init.sh\n\n", c->arm64 ? "arm64" : "x86");
    post_autologin(&b, c->p->console);
    if (*c->p->packages)
        dimg_sb_add(&b,
            "export DEBIAN_FRONTEND=noninteractive\n"
            "apt-get update\n"
            "apt-get install -y %s\n\n", c->p->packages);
    dimg_sb_add(&b, "echo \"gem5wb: post-installation done\"\n");
    return dimg_sb_take(&b);
}

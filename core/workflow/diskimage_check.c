/* Checks around the disk-image folder: what is missing before packer can build (m5, UEFI
 * firmware, qemu, packer, KVM), and a real `packer validate` run through the job runner. */
#include "core/workflow/diskimage_impl.h"

#include "core/util/fileio.h"
#include "core/workflow/job.h"
#include "core/workflow/progress/progress.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void warn(struct dimg_result *res, const char *fmt, ...)
    __attribute__((format(__printf__, 2, 3)));

static void warn(struct dimg_result *res, const char *fmt, ...)
{
    if (res->nwarnings >= DIMG_MAX_WARN)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(res->warnings[res->nwarnings++], ERR_LEN, fmt, ap);
    va_end(ap);
}

/* Is prog runnable: a path, or a name found in $PATH? */
static bool runnable(const char *prog)
{
    if (strchr(prog, '/'))
        return access(prog, X_OK) == 0;
    const char *path = getenv("PATH");
    char dir[PATH_MAX], full[PATH_MAX + 64];
    for (const char *s = path ? path : "/usr/bin:/bin"; *s;) {
        size_t n = strcspn(s, ":");
        snprintf(dir, sizeof dir, "%.*s", (int)n, s);
        snprintf(full, sizeof full, "%s/%s", n ? dir : ".", prog);
        if (access(full, X_OK) == 0)
            return true;
        s += n + (s[n] == ':');
    }
    return false;
}

static void warn_kvm(const struct dimg_ctx *c, struct dimg_result *res)
{
    if (c->kvm && !res->kvm.kvm)
        warn(res, "accelerator=kvm was asked for, but %s: qemu will fail to start "
             "(set accelerator=auto to emulate)", res->kvm.reason);
    else if (!c->kvm)
        warn(res, "no KVM for this guest (%s): the build runs emulated (TCG), many times "
             "slower, so its time-outs are scaled x%d (ssh_timeout %s, boot_wait %s)",
             res->kvm.kvm ? "accelerator=tcg" : res->kvm.reason, c->scale, c->ssh_timeout,
             c->boot_wait);
}

void dimg_warnings(const char *dir, const struct dimg_params *p, const struct dimg_ctx *c,
                   struct dimg_result *res)
{
    char m5[PATH_MAX], ws[PATH_MAX];
    int n;
    path_parent(dir, ws, sizeof ws);
    if (p->m5_path[0] == '/')
        n = snprintf(m5, sizeof m5, "%s", p->m5_path);
    else if (!strncmp(p->m5_path, "../", 3))      /* the usual WS/gem5/..., said plainly */
        n = snprintf(m5, sizeof m5, "%s/%s", ws, p->m5_path + 3);
    else
        n = snprintf(m5, sizeof m5, "%s/%s", dir, p->m5_path);
    if (n > 0 && (size_t)n < sizeof m5 && access(m5, R_OK) != 0)
        warn(res, "m5 is not built yet: %s is missing, and packer validate fails until it is "
             "there (build it in gem5/util/m5 with scons build/%s/out/m5, or gem5wb run build-m5)",
             m5, c->arm64 ? "arm64" : "x86");
    if (c->arm64 && access(p->efi_firmware, R_OK) != 0)
        warn(res, "the UEFI firmware %s is missing: install it with apt-get install %s",
             p->efi_firmware, "qemu-efi-aarch64");
    if (!runnable(p->qemu_binary))
        warn(res, "%s is not installed: apt-get install %s", p->qemu_binary,
             c->arm64 ? "qemu-system-arm qemu-utils" : "qemu-system-x86 qemu-utils");
    if (!runnable("packer"))
        warn(res, "packer is not installed: apt-get install packer");
    warn_kvm(c, res);
}

struct vrun {
    struct prog_parser *pp;
    struct dimg_check *out;
    size_t mlen;
    bool in_diag;              /* the previous line was (part of) a diagnostic */
};

/* Appends " text" (or "text" to an empty buffer), truncating at cap. */
static size_t append(char *buf, size_t used, size_t cap, const char *text)
{
    int n = snprintf(buf + used, cap - used, "%s%s", used ? " " : "", text);
    return n < 0 ? used : used + (size_t)n < cap ? used + (size_t)n : cap - 1;
}

/* packer wraps its messages at ~80 columns mid-sentence: a line that follows a diagnostic
 * without a blank line between is the rest of it, and the message joins all lines. */
static void on_line(void *arg, int stream, const char *line, size_t len, unsigned flags)
{
    struct vrun *v = arg;
    struct dimg_check *o = v->out;
    char clean[1024];
    struct prog_event ev;
    (void)stream, (void)flags;
    bool diag = prog_feed(v->pp, line, len, &ev) == 1 && ev.has_diag && ev.sev == PROG_ERROR;
    prog_clean(line, len, clean, sizeof clean);
    const char *s = clean + strspn(clean, " \t");
    size_t dcap = sizeof o->diags[0];
    if (diag && o->ndiags < sizeof o->diags / sizeof o->diags[0]) {
        const char *d = ev.diag + (strncmp(ev.diag, "Error: ", 7) ? 0 : 7);
        size_t n = strnlen(d, dcap - 1);
        memcpy(o->diags[o->ndiags], d, n);
        o->diags[o->ndiags++][n] = '\0';
    }
    else if (!diag && *s && v->in_diag && o->ndiags)
        append(o->diags[o->ndiags - 1], strlen(o->diags[o->ndiags - 1]), dcap, s);
    v->in_diag = *s && (diag || v->in_diag);
    if (*s && v->mlen + 2 < sizeof o->message)
        v->mlen = append(o->message, v->mlen, sizeof o->message, s);
}

static int run(const struct dimg_cmd *cmd, int timeout_ms, struct vrun *v, char *err)
{
    static const char *const env[] = { "CHECKPOINT_DISABLE=1", NULL };   /* no phoning home */
    struct job_spec spec = { .argv = cmd->argv, .cwd = cmd->cwd, .env_set = env };
    struct job *j;
    if (job_start(&spec, on_line, v, &j, err) != 0)
        return -1;
    int rc = job_wait(j, timeout_ms, err);
    if (rc == 1) {
        job_cancel(j);
        job_wait(j, 2 * JOB_GRACE_DEFAULT_MS, err);
    }
    struct job_result r;
    job_result(j, &r);
    job_free(j);
    v->out->exit_code = r.exited ? r.exit_code : -1;
    v->out->ok = r.exited && r.exit_code == 0;
    if (rc == 1)
        snprintf(v->out->message, sizeof v->out->message,
                 "packer validate did not finish within %d s and was stopped", timeout_ms / 1000);
    return 0;
}

int dimg_validate(const char *ws_dir, int timeout_ms, struct dimg_check *out, char *err)
{
    struct dimg_cmd cmd;
    char tpl[PATH_MAX + 32];
    memset(out, 0, sizeof *out);
    if (dimg_packer_argv(ws_dir, "validate", false, &cmd, err) != 0)
        return -1;
    snprintf(tpl, sizeof tpl, "%s/%s", cmd.cwd, DIMG_TEMPLATE);
    if (access(tpl, F_OK) != 0)
        return err_set(err, "%s is missing: write it first with gem5wb disk-image write", tpl);
    struct vrun v = { .out = out };
    if (!(v.pp = prog_new("packer", err)))
        return -1;
    int rc = run(&cmd, timeout_ms, &v, err);
    prog_free(v.pp);
    return rc;
}

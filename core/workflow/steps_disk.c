/* The disk-image step: write the hack-back folder (core/workflow/diskimage), then packer
 * validate and packer build in WORKSPACE/disk-image; its parameters are diskimage's keys. */
#include "core/workflow/steps_impl.h"

#include "core/util/err.h"
#include "core/workflow/diskimage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DISK_MAX_PARAMS 40

/* Filled from dimg_keys before main, so the step table lists the image's keys as its own. */
struct step_param step_disk_params[DISK_MAX_PARAMS];

__attribute__((constructor)) static void fill_disk_params(void)
{
    size_t n = 0;
    for (size_t i = 0; dimg_keys[i].name && n < DISK_MAX_PARAMS - 1; i++) {
        bool arch = !strcmp(dimg_keys[i].name, "arch");
        step_disk_params[n++] = (struct step_param){
            .name = dimg_keys[i].name, .type = arch ? SP_CHOICE : SP_TEXT,
            .def = arch ? "x86" : NULL, .choices = arch ? "x86|arm64" : NULL,
            .help = dimg_keys[i].help };
    }
}

/* The image's defaults for the chosen architecture, shown by `gem5wb steps disk-image`. */
const char *step_disk_default(const struct step_ctx *c, const char *name, char *buf, size_t cap)
{
    struct dimg_params p;
    char err[ERR_LEN];
    if (dimg_params_init(&p, step_value(c, "arch"), err) != 0)
        return NULL;
    const char *v = dimg_params_get(&p, name);
    if (!v || !*v)
        return NULL;
    snprintf(buf, cap, "%s", v);
    return buf;
}

/* "KEY=VALUE" for every key with a value, as dimg_params_from takes them. */
static size_t disk_sets(struct step_ctx *c, char sets[][1200], const char **list)
{
    size_t n = 0;
    for (const struct step_param *q = step_disk_params; q->name; q++) {
        const char *v = step_value(c, q->name);
        if (!v || !*v || !strcmp(q->name, "arch"))
            continue;
        snprintf(sets[n], sizeof sets[n], "%s=%s", q->name, v);
        list[n] = sets[n];
        n++;
    }
    list[n] = NULL;
    return n;
}

int plan_disk_image(struct step_ctx *c, struct step_plan *p, char *err)
{
    static char sets[DISK_MAX_PARAMS][1200];
    const char *list[DISK_MAX_PARAMS + 2];
    char root[STEP_PATH_MAX], art[STEP_PATH_MAX];
    struct dimg_params dp;
    const char *arch = step_value(c, "arch");
    size_t n = disk_sets(c, sets, list);
    if (dimg_params_from(&dp, arch, list, n, err) != 0)
        return -1;
    step_ws_path(c, NULL, root);
    if (dimg_artifact(root, &dp, art, sizeof art, err) != 0)
        return -1;
    struct dimg_kvm kvm;
    dimg_kvm_check(arch, &kvm);
    if (!kvm.kvm)
        plan_note(p, "no KVM for a%s %s guest here (%s): the build runs emulated, its "
                  "time-outs are scaled x%d and it takes hours", !strcmp(arch, "x86") ? "n" : "",
                  arch, kvm.reason, kvm.scale);
    const char *argv[DISK_MAX_PARAMS + 2] = { arch };
    for (size_t i = 0; i < n; i++)
        argv[i + 1] = list[i];
    argv[n + 1] = NULL;
    plan_cmd(p, ACT_DISK_WRITE, "write disk-image/hack-back", root, NULL, NULL, argv);
    struct dimg_cmd v, b;
    bool rebuild = step_exists(art, false);   /* packer refuses an existing output folder */
    if (dimg_packer_argv(root, "validate", false, &v, err) != 0 ||
        dimg_packer_argv(root, "build", rebuild, &b, err) != 0)
        return -1;
    plan_cmd(p, ACT_EXEC, "packer validate", v.cwd, "packer", NULL, v.argv);
    plan_cmd(p, ACT_EXEC, "packer build", b.cwd, "packer", NULL, b.argv);
    plan_artifact(p, "%s", art);
    return 0;
}

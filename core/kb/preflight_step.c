/* Pre-flight checks of one workflow step, in the workspace: the builds' tools and what they
 * build on, the disk image's KVM; take and restore are in preflight_step_run.c. */
#include "core/kb/preflight_step.h"
#include "core/util/err.h"
#include "core/workflow/doctor.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *pf_step_value(const struct pf_step *s, const char *step, const char *name)
{
    struct step_ctx o = { .w = s->w, .def = step_find(step) };
    return o.def ? step_value(&o, name) : NULL;
}

static void tools(struct pf_step *s)
{
    for (size_t i = 0; i < 8 && s->def->tools[i]; i++) {
        const struct doctor_tool_info *t = doctor_tool_info(s->def->tools[i]);
        pf_tool(s->c, NULL, s->def->tools[i], t ? t->required : true);
    }
}

/* m5 for arm64 on another host: scons calls <prefix>gcc and <prefix>g++. */
static void cross(struct pf_step *s)
{
    const char *cc = pf_step_value(s, "build-m5", "cross_compile");
    char name[160];
    if (!cc || !*cc)
        return;
    snprintf(name, sizeof name, "%sgcc", cc);
    pf_tool(s->c, "tool-cross-gcc", name, true);
    snprintf(name, sizeof name, "%sg++", cc);
    pf_tool(s->c, "tool-cross-gcc", name, true);
}

static int ranks(const struct pf_step *s)
{
    const char *r = pf_step_value(s, "restore-sst", "ranks");
    return r ? atoi(r) : 1;
}

static void builds(struct pf_step *s)
{
    const char *id = s->def->id, *prefix = pf_step_value(s, "build-sst-core", "prefix");
    tools(s);
    if (!strcmp(id, "build-m5"))
        cross(s);
    if (!strcmp(id, "build-sst-core"))
        pf_sst_mpi(s->c, NULL, pf_step_value(s, id, "mpi"), ranks(s));
    if (!strcmp(id, "build-sst-elements") || !strcmp(id, "build-gem5-sst"))
        pf_sst_core(s->c, prefix);
    if (!strcmp(id, "build-gem5-sst"))
        pf_libgem5(s->c, s->gem5, pf_step_value(s, id, "isa"));
}

int preflight_step(const char *workspace_dir, const char *step, const struct kb *kb,
                   struct pf_report *out, char *err)
{
    const struct step_def *d = step_find(step);
    if (!d)
        return err_set(err, "there is no step '%s' (gem5wb steps lists them)", step);
    struct ws *w;
    if (ws_open(workspace_dir, &w, err) != 0)
        return -1;
    struct pf_ctx c = { .kb = kb, .out = out };
    struct pf_step s = { .c = &c, .w = w, .def = d };
    ws_path(w, "gem5", s.gem5, sizeof s.gem5);
    if (!strcmp(step, "take-checkpoint"))
        pf_step_take(&s);
    else if (!strcmp(step, "restore-gem5"))
        pf_step_restore_gem5(&s);
    else if (!strcmp(step, "restore-sst"))
        pf_step_restore_sst(&s);
    else if (!strcmp(step, "disk-image")) {
        tools(&s);
        pf_kvm(&c);
    } else if (!strncmp(step, "build-", 6))
        builds(&s);
    else
        pf_add(&c, PF_OK, "step", NULL, 0, "%s has no pre-flight checks beyond gem5wb doctor",
               step);
    ws_close(w);
    return pf_done(&c, err);
}

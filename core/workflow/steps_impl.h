/* Internals the step files share: building plans (commands, artifacts, notes) and the
 * per-step planners. Not for use outside core/workflow/steps*.c. */
#ifndef GW_STEPS_IMPL_H
#define GW_STEPS_IMPL_H

#include "core/workflow/steps.h"

/* Adds a command; argv and env are copied (NULL-terminated lists; env may be NULL). */
struct step_cmd *plan_cmd(struct step_plan *p, enum step_act act, const char *title,
                          const char *cwd, const char *parser, const char *const *env,
                          const char *const *argv);
/* The same with argv given inline, ending in NULL. */
struct step_cmd *plan_exec(struct step_plan *p, const char *title, const char *cwd,
                           const char *parser, const char *const *env, ...)
    __attribute__((sentinel));
void plan_artifact(struct step_plan *p, const char *fmt, ...) __attribute__((format(__printf__, 2, 3)));
void plan_note(struct step_plan *p, const char *fmt, ...) __attribute__((format(__printf__, 2, 3)));
/* Sets one of the plan's strings (ckpt_out, ckpt_in, config, board). */
void plan_set(char **field, const char *fmt, ...) __attribute__((format(__printf__, 2, 3)));

/* Absolute path of rel in the workspace into buf (PATH_MAX + 64 bytes). */
void step_ws_path(const struct step_ctx *c, const char *rel, char *buf);
/* Parallel jobs: the step's `jobs` value as text. */
const char *step_jobs(const struct step_ctx *c);

int plan_clone(struct step_ctx *c, struct step_plan *p, char *err);
int plan_build_m5(struct step_ctx *c, struct step_plan *p, char *err);
int plan_build_gem5(struct step_ctx *c, struct step_plan *p, char *err);
int plan_build_libgem5(struct step_ctx *c, struct step_plan *p, char *err);
int plan_build_sst_core(struct step_ctx *c, struct step_plan *p, char *err);
int plan_build_sst_elements(struct step_ctx *c, struct step_plan *p, char *err);
int plan_build_gem5_sst(struct step_ctx *c, struct step_plan *p, char *err);
int plan_disk_image(struct step_ctx *c, struct step_plan *p, char *err);
int plan_take(struct step_ctx *c, struct step_plan *p, char *err);
int plan_restore_gem5(struct step_ctx *c, struct step_plan *p, char *err);
int plan_restore_sst(struct step_ctx *c, struct step_plan *p, char *err);

/* A computed default ("build-m5.abi" follows "disk-image.arch"...), or NULL. */
const char *step_default(const struct step_ctx *c, const char *name, char *buf, size_t cap);

const char *step_disk_default(const struct step_ctx *c, const char *name, char *buf, size_t cap);

/* PATH=<prefix>/bin:$PATH and PKG_CONFIG_PATH=<prefix>/lib/pkgconfig:... for SST's tools. */
void step_sst_env(const char *prefix, char *path, char *pkg, size_t cap);

#define STEP_PATH_MAX 4160

#endif

/* The workflow as a table of steps: what each needs, its parameters, the commands it runs
 * (argv, cwd, environment, parser) and the artifacts that prove it done or stale. */
#ifndef GW_STEPS_H
#define GW_STEPS_H

#include "core/workflow/workspace.h"

#include <stdbool.h>
#include <stddef.h>

enum step_ptype { SP_TEXT, SP_INT, SP_SIZE, SP_CHOICE, SP_PATH, SP_RANGE, SP_CLOCK };

struct step_param {
    const char *name;
    enum step_ptype type;
    const char *def;          /* default; NULL: computed (see steps_defaults.c) or required */
    const char *choices;      /* SP_CHOICE: "x86|arm64" */
    const char *help;
    bool required;
};

/* What a command of a step does: run a program, or an action gem5wb does itself. */
enum step_act {
    ACT_EXEC,                 /* argv in cwd with env, output through `parser` */
    ACT_CLONE,                /* libgit2 clone of argv[0] (URL) at argv[1] (branch) into cwd */
    ACT_COPY,                 /* copy file argv[0] to argv[1] */
    ACT_DISK_WRITE,           /* write the hack-back folder */
    ACT_SST_SCRIPT,           /* write the patched SST restore script argv[1] from argv[0] */
    ACT_CONFIG_COPY,          /* the gem5 config argv[0] with the workspace's paths into argv[1] */
};

struct step_cmd {
    enum step_act act;
    char *title;
    char **argv;              /* NULL-terminated */
    char *cwd;
    char **env;               /* "NAME=value" overrides, NULL-terminated */
    const char *parser;       /* progress parser name (static) */
};

struct step_plan {
    struct step_cmd *cmds;
    size_t ncmds;
    char **artifacts;         /* files that prove the step done */
    size_t nartifacts;
    char **notes;             /* warnings to show before it runs */
    size_t nnotes;
    char inputs[17];          /* hash of everything the step depends on */
    char *ckpt_out;           /* take: the checkpoint folder it writes */
    char *ckpt_in;            /* restore: the checkpoint it reads */
    char *config;             /* the gem5 or SST config it runs */
    char *board;              /* "sst" or "gem5-only" for checkpoints */
};

struct step_ctx;

struct step_def {
    const char *id, *title, *summary;
    const char *needs[4];     /* earlier steps */
    const char *tools[8];     /* programs it runs (for doctor) */
    const struct step_param *params;
    int (*plan)(struct step_ctx *c, struct step_plan *p, char *err);
    const char *written_for;  /* the fork's commits the step was written and checked for */
};

/* The table, in workflow order, NULL-terminated; and lookup by id. */
extern const struct step_def *const step_table[];
const struct step_def *step_find(const char *id);

/* A step being planned: the workspace, and KEY=VALUE overrides given for this run. */
struct step_ctx {
    struct ws *w;
    const struct step_def *def;
    const char *const *sets;  /* "param=value", NULL-terminated, may be NULL */
    char commit[41];          /* gem5 clone's HEAD, "" before the clone */
};

/* The value of a parameter: --set, then the workspace's setting "step.param", then its
 * default. NULL when unset with no default. */
const char *step_value(const struct step_ctx *c, const char *name);
/* Checks the value against its type (size, clock, range, choice...); err names the step,
 * parameter and what is expected. */
int step_param_check(const struct step_def *d, const char *name, const char *value, char *err);
const struct step_param *step_param_find(const struct step_def *d, const char *name);

/* Builds the plan of a step (validating its parameters). */
int step_plan(struct ws *w, const struct step_def *d, const char *const *sets,
              struct step_plan *p, char *err);
void step_plan_free(struct step_plan *p);

enum step_status { STEP_NEW, STEP_RUNNING, STEP_OK, STEP_FAILED, STEP_CANCELLED, STEP_STALE,
                   STEP_MISSING };
const char *step_status_name(enum step_status s);
/* The status of a step now: its recorded outcome, STALE when done with other inputs than
 * the plan has today, MISSING when done but an artifact is gone. why: a sentence. */
enum step_status step_status(struct ws *w, const struct step_def *d, char *why, size_t cap);

/* The checkpoint a restore step reads (board "sst" or "gem5-only"): its `checkpoint`, else
 * the newest one the workspace took on that board; out holds 4160 bytes (STEP_PATH_MAX). Fails
 * naming what is missing: no such checkpoint, one from the other board, no m5.cpt. */
int step_pick_ckpt(struct step_ctx *c, const char *board, char *out, char *err);

/* Whether a file exists (and, for want_exec, is executable). */
bool step_exists(const char *path, bool want_exec);

#endif

/* Showing a step's plan on a terminal (gem5wb steps STEP, gem5wb run --dry-run). */
#ifndef GW_STEPS_VIEW_H
#define GW_STEPS_VIEW_H

#include "core/workflow/steps.h"

/* argv as one shell-quoted line (no newline). */
void steps_print_argv(char **argv);
/* Notes, numbered commands as `(cd DIR && ENV... ARGV)`, and the artifacts. */
void steps_print_plan(const struct step_plan *p);

#include <cjson/cJSON.h>

/* The plan as JSON: commands (title, argv, cwd, env, parser), artifacts, notes, inputs. */
cJSON *steps_plan_json(const struct step_plan *p);

#endif

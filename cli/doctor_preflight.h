/* gem5wb doctor --step STEP / --file FILE: the pre-flight findings of a step or a file, each
 * with the knowledge-base entry it predicts and the `gem5wb fix` that applies when there is one. */
#ifndef GW_DOCTOR_PREFLIGHT_H
#define GW_DOCTOR_PREFLIGHT_H

#include <stdbool.h>

/* One of step and file is set; workspace (NULL: the one here) is where a step is checked.
 * Returns the exit code: 1 when a finding fails (or the check cannot run), else 0. */
int doctor_preflight(const char *step, const char *file, const char *workspace, bool json);

#endif

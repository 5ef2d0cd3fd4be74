/* What the workspace commands (init, steps, set, run, status, log, history) share: the
 * --workspace option and opening the workspace with an error the user can act on. */
#ifndef GW_WSCLI_H
#define GW_WSCLI_H

#include "cli/args.h"
#include "core/workflow/workspace.h"

enum { WSCLI_O_WORKSPACE = 900 };

#define WSCLI_OPTION { "workspace", required_argument, NULL, WSCLI_O_WORKSPACE }
#define WSCLI_HELP "  --workspace DIR the workspace (default: $GEM5WB_WORKSPACE, else the nearest\n" \
                   "                  folder from here upwards that gem5wb init made)\n"

/* Opens the workspace (dir may be NULL); on failure reports it and returns CLI_FAIL. */
int wscli_open(const char *dir, bool json, struct ws **out);

#endif

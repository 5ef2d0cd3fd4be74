/* Option parsing shared by the commands: getopt_long over the common options
 * (--json, --help, --config) plus a command's own, and positional arguments. */
#ifndef GW_ARGS_H
#define GW_ARGS_H

#include "cli/cli.h"

#include <getopt.h>

#define ARGS_MAX_POS 8

struct args {
    struct cli_common common;
    const char *pos[ARGS_MAX_POS];
    int npos;
};

/* Called for each option a command adds (its `val`); returns 0, or an exit code. */
typedef int (*args_option_fn)(void *ctx, int val, const char *arg);

/* Parses argv (argv[0] is the command word). `extra` may add options (terminated by a
 * zero entry) handled by `on_option`. Needs between min_pos and max_pos positionals.
 * Returns -1 to go on, or an exit code to return at once (0 after --help, 2 on usage
 * errors, which it has already reported). */
int args_parse(const char *cmd, int argc, char **argv, const struct option *extra,
               args_option_fn on_option, void *ctx, int min_pos, int max_pos, struct args *out);

#endif

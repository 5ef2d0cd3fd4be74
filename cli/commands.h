/* The table of gem5wb commands: one row per command with its usage and a one-line
 * summary. The CLI's help, the man page and the workbench's home screen all read it. */
#ifndef GW_COMMANDS_H
#define GW_COMMANDS_H

#include <stddef.h>

struct cli_command {
    const char *name;      /* "cpt info" */
    const char *usage;     /* "DIR [--config FILE] [--json]" */
    const char *summary;   /* one line */
    const char *details;   /* options, one per line ("  --json   ..."), or NULL */
    const char *example;   /* a full example command line */
    int (*run)(int argc, char **argv);   /* argv[0] is the last word of the name */
};

extern const struct cli_command cli_commands[];
extern const size_t cli_command_count;

#endif

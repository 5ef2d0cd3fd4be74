/* gem5wb's entry point: with no command it opens the workbench; otherwise it runs one
 * command of the table in cli/commands.c. Exit codes: 0 ok, 1 failure, 2 usage. */
#include "cli/cli.h"
#include "cli/commands.h"
#include "tui/tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GEM5WB_VERSION "0.1.0"

static void usage(FILE *f)
{
    fprintf(f, "usage: gem5wb [--workspace DIR] [--theme NAME] [--ascii]   open the workbench\n"
               "       gem5wb COMMAND [ARGS...] [--json]    run one command\n\ncommands:\n");
    for (size_t i = 0; i < cli_command_count; i++)
        fprintf(f, "  %-17s %s\n", cli_commands[i].name, cli_commands[i].usage);
    fprintf(f, "\n'gem5wb COMMAND --help' says more about each command.\n");
}

/* The command whose name matches the first one or two words of argv. */
static const struct cli_command *match(int argc, char **argv, int *words)
{
    for (size_t i = 0; i < cli_command_count; i++) {
        const char *name = cli_commands[i].name;
        const char *space = strchr(name, ' ');
        if (!space && !strcmp(name, argv[1])) {
            *words = 1;
            return &cli_commands[i];
        }
        if (space && argc > 2 && !strncmp(name, argv[1], (size_t)(space - name)) &&
            strlen(argv[1]) == (size_t)(space - name) && !strcmp(space + 1, argv[2])) {
            *words = 2;
            return &cli_commands[i];
        }
    }
    return NULL;
}

static int open_workbench(int argc, char **argv)
{
    struct tui_options opts = {0};
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--ascii"))
            opts.ascii = 1;
        else if (!strcmp(argv[i], "--theme") && i + 1 < argc)
            opts.theme = argv[++i];
        else if (!strncmp(argv[i], "--theme=", 8))
            opts.theme = argv[i] + 8;
        else if (!strcmp(argv[i], "--workspace") && i + 1 < argc)
            opts.workspace = argv[++i];
        else if (!strncmp(argv[i], "--workspace=", 12))
            opts.workspace = argv[i] + 12;
        else if (!strncmp(argv[i], "--max-frames=", 13))
            opts.max_frames = atoi(argv[i] + 13);
        else {
            fprintf(stderr, "gem5wb: unknown option '%s'\n", argv[i]);
            usage(stderr);
            return CLI_USAGE;
        }
    }
    return tui_run(&opts);
}

int main(int argc, char **argv)
{
    if (argc < 2 || argv[1][0] == '-') {
        if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
            usage(stdout);
            return CLI_OK;
        }
        if (argc >= 2 && !strcmp(argv[1], "--version")) {
            printf("gem5wb %s\n", GEM5WB_VERSION);
            return CLI_OK;
        }
        return open_workbench(argc, argv);
    }
    int words = 0;
    const struct cli_command *c = match(argc, argv, &words);
    if (!c) {
        fprintf(stderr, "gem5wb: unknown command '%s%s%s'\n", argv[1], argc > 2 ? " " : "",
                argc > 2 ? argv[2] : "");
        usage(stderr);
        return CLI_USAGE;
    }
    return c->run(argc - words, argv + words);
}

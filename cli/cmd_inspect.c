/* gem5wb inspect DIR: opens the workbench straight into the inspector of a checkpoint
 * (its summary, m5.cpt sections and keys, stores with their ranges). */
#include "cli/args.h"
#include "cli/cli.h"
#include "cli/cmds.h"
#include "core/util/err.h"
#include "tui/tui.h"

#include <stdio.h>
#include <sys/stat.h>

enum { O_THEME = 1, O_ASCII };

static int on_option(void *ctx, int val, const char *arg)
{
    struct tui_options *o = ctx;
    if (val == O_THEME)
        o->theme = arg;
    else if (val == O_ASCII)
        o->ascii = 1;
    return 0;
}

int cmd_inspect(int argc, char **argv)
{
    static const struct option extra[] = { { "theme", required_argument, NULL, O_THEME },
                                           { "ascii", no_argument, NULL, O_ASCII },
                                           { 0, 0, 0, 0 } };
    struct tui_options o = TUI_OPTIONS_INIT;
    struct args a;
    int rc = args_parse("inspect", argc, argv, extra, on_option, &o, 1, 1, &a);
    if (rc >= 0)
        return rc;
    char cpt[4200];
    struct stat st;
    snprintf(cpt, sizeof cpt, "%s/m5.cpt", a.pos[0]);
    if (stat(cpt, &st) != 0)      /* say it on the shell, before the screen is taken */
        return cli_fail("%s has no m5.cpt: not a checkpoint folder", a.pos[0]);
    o.inspect = a.pos[0];
    return tui_run(&o);
}

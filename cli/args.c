/* getopt_long with the options every command shares, so each command only names its
 * own options and positional arguments. */
#include "cli/args.h"

#include <string.h>

enum { OPT_JSON = 1000, OPT_CONFIG, OPT_HELP };

static int merge_options(const struct option *extra, struct option *all, size_t cap)
{
    static const struct option common[] = {
        {"json", no_argument, NULL, OPT_JSON},
        {"config", required_argument, NULL, OPT_CONFIG},
        {"help", no_argument, NULL, OPT_HELP},
    };
    size_t n = 0;
    for (size_t i = 0; i < 3; i++)
        all[n++] = common[i];
    for (; extra && extra[n - 3].name && n < cap - 1; n++)
        all[n] = extra[n - 3];
    memset(&all[n], 0, sizeof all[n]);
    return 0;
}

int args_parse(const char *cmd, int argc, char **argv, const struct option *extra,
               args_option_fn on_option, void *ctx, int min_pos, int max_pos, struct args *out)
{
    struct option all[32];
    merge_options(extra, all, sizeof all / sizeof all[0]);
    memset(out, 0, sizeof *out);
    optind = 0;      /* full reset: the TUI's prompt may parse many times */
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":h", all, NULL)) != -1) {
        switch (c) {
        case OPT_JSON: out->common.json = true; break;
        case OPT_CONFIG: out->common.config = optarg; break;
        case 'h':
        case OPT_HELP: return cli_help(cmd);
        case '?':
            return cli_usage_error(cmd, "unknown option '%s' (put -- before a value that "
                                   "starts with '-')", argv[optind - 1]);
        case ':': return cli_usage_error(cmd, "option '%s' needs a value", argv[optind - 1]);
        default: {
            int rc = on_option ? on_option(ctx, c, optarg) : CLI_USAGE;
            if (rc != 0)
                return rc;
        }
        }
    }
    for (int i = optind; i < argc; i++) {
        if (out->npos >= max_pos || out->npos >= ARGS_MAX_POS)
            return cli_usage_error(cmd, "unexpected argument '%s'", argv[i]);
        out->pos[out->npos++] = argv[i];
    }
    if (out->npos < min_pos)
        return cli_usage_error(cmd, "missing argument%s", min_pos - out->npos > 1 ? "s" : "");
    return -1;
}

/* Opening the workspace for a command, the same way for all of them. */
#include "cli/wscli.h"

#include "cli/cli.h"
#include "core/util/err.h"

int wscli_open(const char *dir, bool json, struct ws **out)
{
    char err[ERR_LEN];
    if (ws_open(dir, out, err) != 0)
        return cli_error(json, err);
    return CLI_OK;
}

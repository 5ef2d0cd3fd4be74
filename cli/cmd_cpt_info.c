/* `gem5wb cpt info` and `gem5wb cpt verify`: open a checkpoint, optionally decode its
 * stores, and show the summary and problems. */
#include "cli/args.h"
#include "cli/ckpt_view.h"
#include "cli/cmds.h"
#include "core/util/err.h"

#include <stdio.h>

static int show(const char *cmd, int argc, char **argv, bool verify)
{
    struct args a;
    int rc = args_parse(cmd, argc, argv, NULL, NULL, NULL, 1, 1, &a);
    if (rc >= 0)
        return rc;
    char err[ERR_LEN];
    struct ckpt *ck;
    if (ckpt_open(a.pos[0], a.common.config, &ck, err) != 0)
        return cli_error(a.common.json, err);
    if (verify && ckpt_verify(ck, NULL, NULL, err) != 0) {
        ckpt_close(ck);
        return cli_error(a.common.json, err);
    }
    int code = verify && ckpt_error_count(ck) ? CLI_FAIL : CLI_OK;
    if (a.common.json) {
        cJSON *doc = ckpt_view_json(ck);
        ckpt_close(ck);
        return cli_json_out(doc, code);
    }
    if (!verify)
        ckpt_view_text(stdout, ck);
    else
        for (size_t i = 0; i < ck->nstores; i++) {
            const struct ckpt_store *s = &ck->stores[i];
            if (s->scanned)
                printf("store%u  %s  %llu bytes decoded from %u gzip member%s, %llu non-zero pages\n",
                       s->section, s->file_path, (unsigned long long)s->scan.decoded_bytes,
                       s->scan.members, s->scan.members == 1 ? "" : "s",
                       (unsigned long long)s->scan.nonzero_pages);
        }
    ckpt_view_problems(stdout, ck);
    if (verify)
        printf("%s\n", code == CLI_OK ? "verify: OK" : "verify: FAILED");
    ckpt_close(ck);
    return code;
}

int cmd_cpt_info(int argc, char **argv) { return show("cpt info", argc, argv, false); }
int cmd_cpt_verify(int argc, char **argv) { return show("cpt verify", argc, argv, true); }

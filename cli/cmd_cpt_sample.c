/* `gem5wb cpt sample`: write a small but faithful run folder (config + checkpoint) of
 * a darchr-style board, to explore checkpoints without running gem5. */
#include "cli/args.h"
#include "cli/cmds.h"
#include "core/checkpoint/sample.h"
#include "core/util/err.h"
#include "core/util/fileio.h"
#include "core/util/size.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { O_ISA = 1, O_LOCAL, O_REMOTE, O_BOARD, O_CPUS, O_CPU, O_EXACT, O_REMOTE_START };

static const struct option sample_options[] = {
    {"isa", required_argument, NULL, O_ISA},
    {"local", required_argument, NULL, O_LOCAL},
    {"remote", required_argument, NULL, O_REMOTE},
    {"remote-start", required_argument, NULL, O_REMOTE_START},
    {"board", required_argument, NULL, O_BOARD},
    {"cpus", required_argument, NULL, O_CPUS},
    {"cpu", required_argument, NULL, O_CPU},
    {"exact", no_argument, NULL, O_EXACT},
    {0, 0, 0, 0},
};

static int on_option(void *ctx, int val, const char *arg)
{
    struct sample_opts *o = ctx;
    const char *cmd = "cpt sample";
    uint64_t n;
    char err[ERR_LEN];
    switch (val) {
    case O_ISA:
        if (strcmp(arg, "arm") && strcmp(arg, "x86"))
            return cli_usage_error(cmd, "--isa takes arm or x86, not '%s'", arg);
        o->isa = !strcmp(arg, "arm") ? "arm" : "x86";
        return 0;
    case O_LOCAL: return cli_number(cmd, arg, "--local", &o->local_size) ? CLI_USAGE : 0;
    case O_REMOTE: return cli_number(cmd, arg, "--remote", &o->remote_size) ? CLI_USAGE : 0;
    case O_REMOTE_START:
        return cli_number(cmd, arg, "--remote-start", &o->remote_start) ? CLI_USAGE : 0;
    case O_BOARD:
        return sample_board_parse(arg, &o->board, err) ? cli_usage_error(cmd, "%s", err) : 0;
    case O_CPUS:
        if (cli_number(cmd, arg, "--cpus", &n) != 0)
            return CLI_USAGE;
        if (n == 0 || n > 64)
            return cli_usage_error(cmd, "--cpus takes 1 to 64");
        o->ncpus = (unsigned)n;
        return 0;
    case O_CPU:
        if (strcmp(arg, "atomic") && strcmp(arg, "timing") && strcmp(arg, "kvm"))
            return cli_usage_error(cmd, "--cpu takes atomic, timing or kvm, not '%s'", arg);
        o->cpu = !strcmp(arg, "kvm") ? "kvm" : !strcmp(arg, "timing") ? "timing" : "atomic";
        return 0;
    case O_EXACT: o->gz = STORE_GZ_EXACT; return 0;
    }
    return CLI_USAGE;
}

int cmd_cpt_sample(int argc, char **argv)
{
    struct sample_opts o = SAMPLE_OPTS_INIT;
    struct args a;
    int rc = args_parse("cpt sample", argc, argv, sample_options, on_option, &o, 1, 1, &a);
    if (rc >= 0)
        return rc;
    char err[ERR_LEN], cptdir[4096], l[32], r[32];
    if (sample_write(a.pos[0], &o, err) != 0)
        return cli_error(a.common.json, err);
    path_join(cptdir, sizeof cptdir, a.pos[0], o.cpt_name);
    if (a.common.json) {
        cJSON *doc = cJSON_CreateObject();
        cJSON_AddBoolToObject(doc, "ok", 1);
        cJSON_AddStringToObject(doc, "outdir", a.pos[0]);
        cJSON_AddStringToObject(doc, "checkpoint", cptdir);
        cJSON_AddStringToObject(doc, "board", sample_board_name(o.board));
        cJSON_AddStringToObject(doc, "isa", o.isa);
        return cli_json_out(doc, CLI_OK);
    }
    printf("wrote an %s %s-board checkpoint (%s local, %s remote, %u %s CPUs) to %s\n"
           "config.json and config.ini are in %s; look at it with:\n  gem5wb cpt info %s\n",
           !strcmp(o.isa, "arm") ? "ARM" : "x86", sample_board_name(o.board), size_format(o.local_size, l, sizeof l),
           size_format(o.remote_size, r, sizeof r), o.ncpus, o.cpu, cptdir, a.pos[0], cptdir);
    return CLI_OK;
}

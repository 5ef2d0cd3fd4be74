/* `gem5wb patch-sst`: point the fork's SST restore script at a checkpoint (or write a
 * fresh one): the diff and warnings first, then --apply, checked with --expect. */
#include "cli/args.h"
#include "cli/cli.h"
#include "cli/cmds.h"
#include "core/util/err.h"
#include "core/workflow/sstscript.h"

#include <stdio.h>
#include <string.h>

enum { O_APPLY = 1, O_EXPECT, O_GENERATE, O_NODES, O_CPU, O_CLOCK, O_LATENCY, O_RUN };

static const char CMD[] = "patch-sst";

struct ps_opts {
    struct sst_opts sst;
    bool apply;
    const char *expect, *generate;
};

static int on_option(void *ctx, int val, const char *arg)
{
    struct ps_opts *o = ctx;
    uint64_t n;
    switch (val) {
    case O_APPLY: o->apply = true; return 0;
    case O_EXPECT: o->expect = arg; return 0;
    case O_GENERATE: o->generate = arg; return 0;
    case O_NODES:
        if (cli_number(CMD, arg, "--nodes", &n) != 0)
            return CLI_USAGE;
        if (n == 0 || n > 4096)
            return cli_usage_error(CMD, "--nodes takes 1 to 4096");
        o->sst.nodes = (unsigned)n;
        return 0;
    case O_CPU: o->sst.cpu_type = arg; return 0;
    case O_CLOCK: o->sst.clock = arg; return 0;
    case O_LATENCY: o->sst.latency = arg; return 0;
    case O_RUN: o->sst.run_script = arg; return 0;
    }
    return CLI_USAGE;
}

/* Appends word to buf, in single quotes when the shell would split or expand it. */
static void shell_word(char *buf, size_t len, const char *word)
{
    size_t at = strlen(buf);
    bool plain = *word && strspn(word, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                       "0123456789_./:=@%+,-") == strlen(word);
    if (at + 3 >= len)
        return;
    buf[at++] = ' ';
    if (!plain)
        buf[at++] = '\'';
    for (const char *p = word; *p && at + 6 < len; p++) {
        if (!plain && *p == '\'') {
            memcpy(buf + at, "'\\''", 4);   /* close, escaped quote, reopen */
            at += 4;
        } else {
            buf[at++] = *p;
        }
    }
    if (!plain)
        buf[at++] = '\'';
    buf[at] = '\0';
}

/* The command that applies exactly the previewed change. */
static void apply_command(char *buf, size_t len, const struct ps_opts *o, const struct args *a,
                          const char *fp)
{
    char num[16];
    snprintf(buf, len, "gem5wb patch-sst");
    const char *words[24];
    size_t n = 0;
    if (o->generate)
        words[n++] = "--generate", words[n++] = o->generate;
    for (int i = 0; i < a->npos; i++)
        words[n++] = a->pos[i];
    if (a->common.config)
        words[n++] = "--config", words[n++] = a->common.config;
    if (o->sst.nodes) {
        snprintf(num, sizeof num, "%u", o->sst.nodes);
        words[n++] = "--nodes", words[n++] = num;
    }
    if (o->sst.cpu_type)
        words[n++] = "--cpu-type", words[n++] = o->sst.cpu_type;
    if (o->sst.clock)
        words[n++] = "--clock", words[n++] = o->sst.clock;
    if (o->sst.latency)
        words[n++] = "--latency", words[n++] = o->sst.latency;
    if (o->sst.run_script)
        words[n++] = "--run-script", words[n++] = o->sst.run_script;
    words[n++] = "--apply";
    words[n++] = "--expect";
    words[n++] = fp;
    for (size_t i = 0; i < n; i++)
        shell_word(buf, len, words[i]);
}

static cJSON *result_json(const struct sst_result *r, const struct sst_facts *f, const char *cmd)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddBoolToObject(j, "ok", 1);
    cJSON_AddStringToObject(j, "file", r->pv.path);
    cJSON_AddStringToObject(j, "checkpoint", f->ckpt_dir);
    cJSON_AddBoolToObject(j, "generated", r->generated);
    cJSON_AddBoolToObject(j, "created", !r->pv.existed);
    cJSON_AddStringToObject(j, "fingerprint", r->pv.fingerprint);
    cJSON_AddStringToObject(j, "diff", r->pv.diff);
    cJSON *ch = cJSON_AddArrayToObject(j, "changes");
    for (size_t i = 0; i < r->nchanges; i++) {
        cJSON *c = cJSON_CreateObject();
        cJSON_AddStringToObject(c, "name", r->changes[i].name);
        cJSON_AddStringToObject(c, "old", r->changes[i].old_value);
        cJSON_AddStringToObject(c, "new", r->changes[i].new_value);
        cJSON_AddNumberToObject(c, "line", r->changes[i].line);
        cJSON_AddItemToArray(ch, c);
    }
    cJSON *w = cJSON_AddArrayToObject(j, "warnings");
    for (size_t i = 0; i < r->nwarnings; i++)
        cJSON_AddItemToArray(w, cJSON_CreateString(r->warnings[i]));
    cJSON_AddBoolToObject(j, "applied", r->applied);
    if (r->applied && r->backup[0])
        cJSON_AddStringToObject(j, "backup", r->backup);
    else
        cJSON_AddNullToObject(j, "backup");
    if (!r->applied && cmd)
        cJSON_AddStringToObject(j, "apply_command", cmd);
    return j;
}

static void result_text(const struct sst_result *r, const char *cmd)
{
    fputs(r->pv.diff, stdout);
    for (size_t i = 0; i < r->nwarnings; i++)
        printf("warning: %s\n", r->warnings[i]);
    bool same = !r->pv.diff[0];
    if (same)
        printf("%s already says what %s needs: nothing to change.\n", r->pv.path,
               r->generated ? "a fresh script" : "the checkpoint");
    else if (r->applied && r->backup[0])
        printf("applied to %s; its original is kept as %s\n", r->pv.path, r->backup);
    else if (r->applied)
        printf("wrote %s\n", r->pv.path);
    else
        printf("fingerprint of %s as previewed: %s\nTo apply exactly this change:\n  %s\n",
               r->pv.path, r->pv.fingerprint, cmd);
}

static int run(const struct ps_opts *o, const struct args *a, const char *script,
               const char *ckpt)
{
    char err[ERR_LEN];
    struct sst_facts f;
    struct sst_result r;
    if (sstscript_facts(ckpt, &o->sst, &f, err) != 0)
        return cli_error(a->common.json, err);
    int rc = o->generate ? sstscript_preview_generate(o->generate, &f, &o->sst, &r, err)
                         : sstscript_preview(script, &f, &o->sst, &r, err);
    if (rc == 0 && o->apply && sstscript_apply(&r, o->expect, err) != 0) {
        sstscript_result_free(&r);
        rc = -1;
    }
    if (rc != 0) {
        sstscript_facts_free(&f);
        return cli_error(a->common.json, err);
    }
    char cmd[8192];
    apply_command(cmd, sizeof cmd, o, a, r.pv.fingerprint);
    if (a->common.json)
        cli_json_out(result_json(&r, &f, r.pv.diff[0] ? cmd : NULL), CLI_OK);
    else
        result_text(&r, cmd);
    sstscript_result_free(&r);
    sstscript_facts_free(&f);
    return CLI_OK;
}

int cmd_patch_sst(int argc, char **argv)
{
    static const struct option extra[] = {
        {"apply", no_argument, NULL, O_APPLY},       {"expect", required_argument, NULL, O_EXPECT},
        {"generate", required_argument, NULL, O_GENERATE},
        {"nodes", required_argument, NULL, O_NODES}, {"cpu-type", required_argument, NULL, O_CPU},
        {"clock", required_argument, NULL, O_CLOCK}, {"latency", required_argument, NULL, O_LATENCY},
        {"run-script", required_argument, NULL, O_RUN}, {0, 0, 0, 0},
    };
    struct ps_opts o = { 0 };
    struct args a;
    int rc = args_parse(CMD, argc, argv, extra, on_option, &o, 1, 2, &a);
    if (rc >= 0)
        return rc;
    o.sst.config = a.common.config;
    if (o.expect && !o.apply)
        return cli_usage_error(CMD, "--expect goes with --apply");
    if (o.generate && a.npos != 1)
        return cli_usage_error(CMD, "with --generate FILE give only the checkpoint folder");
    if (!o.generate && a.npos != 2)
        return cli_usage_error(CMD, "give the SST script and the checkpoint folder");
    return run(&o, &a, o.generate ? NULL : a.pos[0], a.pos[a.npos - 1]);
}

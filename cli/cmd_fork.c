/* gem5wb fork: what the checked-out darchr fork needs and where its README is wrong: configs
 * with their dialects and parse status, the SST bridge, the config each step uses, findings. */
#include "cli/args.h"
#include "cli/cli.h"
#include "cli/cmds.h"
#include "core/util/err.h"
#include "core/workflow/fork.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

enum { O_PYTHON = 1 };

static int on_option(void *ctx, int val, const char *arg)
{
    struct fork_opts *o = ctx;
    if (val == O_PYTHON)
        o->python = arg;
    return 0;
}

/* ./gem5 (a workspace's layout), else the current folder when it is a gem5 tree. */
static const char *default_dir(void)
{
    struct stat st;
    if (stat("gem5", &st) == 0 && S_ISDIR(st.st_mode))
        return "gem5";
    if (stat("ext/sst", &st) == 0 || stat("disaggregated_memory", &st) == 0)
        return ".";
    return "gem5";
}

/* " --a --b " without its trailing blank. */
static int list_len(const char *list)
{
    size_t n = strlen(list);
    return (int)(n && list[n - 1] == ' ' ? n - 1 : n);
}

static void text_header(const struct fork_probe *p)
{
    printf("gem5 fork at %s\n", p->dir);
    if (p->commit[0])
        printf("  commit   %.10s%s%s%s\n", p->commit, p->branch[0] ? " (" : " (detached",
               p->branch, ")");
    else
        printf("  commit   unknown (%s)\n", p->is_git ? "no commit yet" : "not a git clone");
    if (p->base[0])
        printf("  contains %s: %s\n", p->base, p->base_what);
    if (p->dirty)
        printf("  edited  %.*s\n", list_len(p->edited), p->edited);
    printf("  README   %s\n", p->readme_path[0] ? p->readme_path : "none (no checkpoints.md)");
}

static void text_configs(const struct fork_probe *p)
{
    printf("\nconfigs\n");
    for (size_t i = 0; i < p->nconfigs; i++) {
        const struct fork_config *c = &p->configs[i];
        printf("  %s\n    %s%s, ", c->path, fork_dialect_name(c->dialect),
               c->candidate ? "" : " (run by an SST script)");
        if (c->parse == FORK_PARSE_ERROR)
            printf("DOES NOT PARSE (line %d: %s)", c->parse_line, c->parse_msg);
        else
            printf("%s", c->parse == FORK_PARSE_OK ? "parses" : "parse not checked");
        printf(", takes into %s%s", fork_ckpt_at_text(c->ckpt_at), c->take_kvm ? " (KVM)" : "");
        if (c->memory == FORK_MEM_BRIDGE || c->memory == FORK_MEM_EXTERNAL)
            printf(", SST memory %s", fork_mem_name(c->memory));
        printf("\n    options%.*s\n", c->options[0] ? list_len(c->options) : 11,
               c->options[0] ? c->options : " none found");
    }
}

static void text_sst(const struct fork_probe *p)
{
    const struct fork_sst *s = &p->sst;
    printf("\nSST side\n  bridge     %s", fork_bridge_name(s->bridge));
    if (s->bridge_line)
        printf(" (%s:%d)", s->bridge_path, s->bridge_line);
    if (s->pmem_file[0])
        printf("\n  pmem file  %s (src/sst/outgoing_request_bridge.cc:%d)", s->pmem_file,
               s->pmem_line);
    printf("\n  responder  casts to %s", fork_mem_name(s->responder));
    if (s->responder_line)
        printf(" (ext/sst/sst_responder_subcomponent.cc:%d)", s->responder_line);
    printf("\n");
    for (size_t i = 0; i < p->nscripts; i++) {
        const struct fork_sst_script *t = &p->scripts[i];
        printf("  %s\n    runs %s%s", t->path, t->run_line ? t->run_script : "(no gem5_run_script)",
               t->run_line && !t->run_present ? " (MISSING)" : "");
        if (t->ckpt[0])
            printf("; restores %s%s (line %d)%s", t->ckpt,
                   t->ckpt_kind == FORK_SST_CKPT_FILE_INSTANCE ? "<instance>" : "", t->ckpt_line,
                   t->ckpt_present ? "" : " (not on this machine)");
        printf("\n");
    }
    const struct fork_build *b = &p->build;
    printf("  build      INSTALL.md %s; Makefile.linux ARCH=%s SST_VERSION=%s; SST_INSTALL.sh "
           "ARCH=%s\n", b->install_md ? "present" : "missing", b->make_arch[0] ? b->make_arch : "?",
           b->sst_version[0] ? b->sst_version : "?",
           b->install_sh_arch[0] ? b->install_sh_arch : "(no script)");
}

static void text_choices(const struct fork_probe *p)
{
    printf("\nwhat to use at this commit\n");
    for (int u = 0; u < FORK_NPURPOSES; u++) {
        struct fork_choice ch;
        char err[ERR_LEN];
        printf("  %-15s", fork_purpose_name(u));
        if (fork_choose(p, u, &ch, err) != 0) {
            printf("NONE: %s\n", err);
            continue;
        }
        printf("%s\n    %s\n", ch.path, ch.usage);
        if (ch.note[0])
            printf("    (%s)\n", ch.note);
    }
}

static void text_findings(const struct fork_probe *p)
{
    static const char *const title[] = { "info", "warnings", "errors" };
    for (int sev = FORK_ERROR; sev >= FORK_INFO; sev--) {
        size_t n = 0;
        for (size_t i = 0; i < p->nfindings; i++)
            n += p->findings[i].sev == (enum fork_sev)sev;
        if (!n)
            continue;
        printf("\n%s (%zu)\n", title[sev], n);
        for (size_t i = 0; i < p->nfindings; i++) {
            const struct fork_finding *f = &p->findings[i];
            if (f->sev != (enum fork_sev)sev)
                continue;
            printf("  [%s]", f->id);
            if (f->path[0])
                printf(" %s%s%.0d", f->path, f->line ? ":" : "", f->line);
            printf("\n    %s\n", f->what);
            if (f->readme[0])
                printf("    README: %s\n", f->readme);
            if (f->fix[0])
                printf("    fix: %s\n", f->fix);
        }
    }
}

/* " --a --b " as a JSON array of strings. */
static cJSON *words(const char *list)
{
    cJSON *arr = cJSON_CreateArray();
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", list);
    for (char *s = NULL, *t = strtok_r(buf, " ", &s); t; t = strtok_r(NULL, " ", &s))
        cJSON_AddItemToArray(arr, cJSON_CreateString(t));
    return arr;
}

static cJSON *json_config(const struct fork_config *c)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "path", c->path);
    cJSON_AddStringToObject(o, "dialect", fork_dialect_name(c->dialect));
    cJSON_AddBoolToObject(o, "candidate", c->candidate);
    cJSON_AddStringToObject(o, "parse", fork_parse_name(c->parse));
    cJSON_AddNumberToObject(o, "parse_line", c->parse_line);
    cJSON_AddStringToObject(o, "parse_message", c->parse_msg);
    cJSON_AddItemToObject(o, "options", words(c->options));
    cJSON_AddItemToObject(o, "required", words(c->required));
    cJSON_AddStringToObject(o, "checkpoint_at", fork_ckpt_at_text(c->ckpt_at));
    cJSON_AddBoolToObject(o, "take_kvm", c->take_kvm);
    cJSON_AddStringToObject(o, "memory", fork_mem_name(c->memory));
    cJSON_AddStringToObject(o, "memory_path", c->memory_path);
    cJSON_AddNumberToObject(o, "memory_line", c->memory_line);
    return o;
}

static cJSON *json_script(const struct fork_sst_script *s)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "path", s->path);
    cJSON_AddStringToObject(o, "parse", fork_parse_name(s->parse));
    cJSON_AddStringToObject(o, "gem5_run_script", s->run_script);
    cJSON_AddStringToObject(o, "config", s->run_config);
    cJSON_AddBoolToObject(o, "config_present", s->run_present);
    cJSON_AddStringToObject(o, "checkpoint", s->ckpt);
    cJSON_AddNumberToObject(o, "checkpoint_line", s->ckpt_line);
    cJSON_AddBoolToObject(o, "checkpoint_present", s->ckpt_present);
    cJSON_AddItemToObject(o, "passes", words(s->passed));
    cJSON_AddItemToObject(o, "rejected", words(s->rejected));
    cJSON_AddItemToObject(o, "missing", words(s->missing));
    cJSON_AddStringToObject(o, "receiver", s->receiver);
    return o;
}

static cJSON *json_sst(const struct fork_probe *p)
{
    const struct fork_sst *s = &p->sst;
    const struct fork_build *b = &p->build;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "bridge", fork_bridge_name(s->bridge));
    cJSON_AddStringToObject(o, "bridge_path", s->bridge_path);
    cJSON_AddNumberToObject(o, "bridge_line", s->bridge_line);
    cJSON_AddNumberToObject(o, "piece_bytes", s->piece_bytes);
    cJSON_AddStringToObject(o, "pmem_file", s->pmem_file);
    cJSON_AddNumberToObject(o, "pmem_line", s->pmem_line);
    cJSON_AddStringToObject(o, "responder_target", fork_mem_name(s->responder));
    cJSON_AddNumberToObject(o, "responder_line", s->responder_line);
    cJSON_AddBoolToObject(o, "external_memory", s->external_memory);
    cJSON_AddBoolToObject(o, "install_md", b->install_md);
    cJSON_AddStringToObject(o, "install_md_libgem5", b->install_lib);
    cJSON_AddStringToObject(o, "makefile_arch", b->make_arch);
    cJSON_AddStringToObject(o, "sst_version", b->sst_version);
    cJSON_AddStringToObject(o, "sst_install_arch", b->install_sh_arch);
    cJSON *arr = cJSON_AddArrayToObject(o, "scripts");
    for (size_t i = 0; i < p->nscripts; i++)
        cJSON_AddItemToArray(arr, json_script(&p->scripts[i]));
    return o;
}

static cJSON *json_choices(const struct fork_probe *p)
{
    cJSON *o = cJSON_CreateObject();
    for (int u = 0; u < FORK_NPURPOSES; u++) {
        struct fork_choice ch;
        char err[ERR_LEN];
        cJSON *c = cJSON_AddObjectToObject(o, fork_purpose_name(u));
        bool ok = fork_choose(p, u, &ch, err) == 0;
        cJSON_AddBoolToObject(c, "ok", ok);
        if (!ok) {
            cJSON_AddStringToObject(c, "error", err);
            continue;
        }
        cJSON_AddStringToObject(c, "path", ch.path);
        cJSON_AddStringToObject(c, "config", ch.config);
        cJSON_AddStringToObject(c, "dialect", fork_dialect_name(ch.dialect));
        cJSON_AddStringToObject(c, "checkpoint_at", fork_ckpt_at_text(ch.ckpt_at));
        cJSON_AddStringToObject(c, "usage", ch.usage);
        cJSON_AddStringToObject(c, "note", ch.note);
    }
    return o;
}

static cJSON *json_findings(const struct fork_probe *p)
{
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; i < p->nfindings; i++) {
        const struct fork_finding *f = &p->findings[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "severity", fork_sev_name(f->sev));
        cJSON_AddStringToObject(o, "id", f->id);
        cJSON_AddStringToObject(o, "what", f->what);
        cJSON_AddStringToObject(o, "readme", f->readme);
        cJSON_AddStringToObject(o, "fix", f->fix);
        cJSON_AddStringToObject(o, "path", f->path);
        cJSON_AddNumberToObject(o, "line", f->line);
        cJSON_AddItemToArray(arr, o);
    }
    return arr;
}

static int print_json(const struct fork_probe *p)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddBoolToObject(doc, "ok", 1);
    cJSON_AddStringToObject(doc, "dir", p->dir);
    cJSON_AddStringToObject(doc, "commit", p->commit);
    cJSON_AddStringToObject(doc, "branch", p->branch);
    cJSON_AddStringToObject(doc, "contains", p->base);
    cJSON_AddStringToObject(doc, "contains_what", p->base_what);
    cJSON_AddBoolToObject(doc, "dirty", p->dirty);
    cJSON_AddItemToObject(doc, "edited", words(p->edited));
    cJSON_AddStringToObject(doc, "readme", p->readme_path);
    cJSON_AddBoolToObject(doc, "parse_checked", p->python);
    cJSON *arr = cJSON_AddArrayToObject(doc, "configs");
    for (size_t i = 0; i < p->nconfigs; i++)
        cJSON_AddItemToArray(arr, json_config(&p->configs[i]));
    cJSON_AddItemToObject(doc, "sst", json_sst(p));
    cJSON_AddItemToObject(doc, "use", json_choices(p));
    cJSON_AddItemToObject(doc, "findings", json_findings(p));
    return cli_json_out(doc, CLI_OK);
}

int cmd_fork(int argc, char **argv)
{
    static const struct option extra[] = { { "python", required_argument, NULL, O_PYTHON },
                                           { 0, 0, 0, 0 } };
    struct fork_opts fo = { 0 };
    struct args a;
    int rc = args_parse("fork", argc, argv, extra, on_option, &fo, 0, 1, &a);
    if (rc >= 0)
        return rc;
    const char *dir = a.npos ? a.pos[0] : default_dir();
    struct fork_probe p;
    char err[ERR_LEN];
    if (fork_probe_run_with(dir, &fo, &p, err) != 0) {
        fork_probe_free(&p);
        return cli_error(a.common.json, err);
    }
    if (a.common.json) {
        rc = print_json(&p);
    } else {
        text_header(&p);
        text_configs(&p);
        text_sst(&p);
        text_choices(&p);
        text_findings(&p);
        rc = CLI_OK;
    }
    fork_probe_free(&p);
    return rc;
}

/* gem5wb disk-image write|validate: writes the hack-back folder (packer template, boot and
 * post-installation scripts, installer answers) for an x86 or arm64 guest, or runs packer
 * validate on it. */
#include "cli/args.h"
#include "cli/cli.h"
#include "cli/cmds.h"
#include "cli/steps_view.h"
#include "cli/wscli.h"
#include "core/util/err.h"
#include "core/workflow/diskimage.h"
#include "core/workflow/workspace.h"

#include <cjson/cJSON.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { O_ARCH = 1, O_SET, O_FORCE, O_TIMEOUT };
#define MAX_SETS 48

struct dopts {
    const char *arch;
    const char *sets[MAX_SETS];
    size_t nsets;
    bool force;
    uint64_t timeout_s;
    const char *workspace;
};

static int on_option(void *ctx, int val, const char *arg)
{
    struct dopts *o = ctx;
    if (val == O_ARCH)
        o->arch = arg;
    else if (val == WSCLI_O_WORKSPACE)
        o->workspace = arg;
    else if (val == O_FORCE)
        o->force = true;
    else if (val == O_TIMEOUT)
        return cli_number("disk-image", arg, "--timeout", &o->timeout_s) == 0 ? 0 : CLI_USAGE;
    else if (val == O_SET) {
        if (o->nsets >= MAX_SETS)
            return cli_usage_error("disk-image", "too many --set options");
        o->sets[o->nsets++] = arg;
    }
    return 0;
}

/* The workspace's settings "disk-image.KEY" (gem5wb set), put before the --set options so
 * that those win; --arch wins over the arch setting. */
static void add_settings(const struct ws *w, struct dopts *o)
{
    static char keyed[MAX_SETS][PATH_MAX];
    const char *all[MAX_SETS];
    size_t n = 0;
    for (const struct dimg_key *k = dimg_keys; k->name && n < MAX_SETS; k++) {
        char key[64];
        snprintf(key, sizeof key, "disk-image.%s", k->name);
        const char *v = ws_setting(w, key);
        if (!v || (o->arch && !strcmp(k->name, "arch")))
            continue;
        int len = snprintf(keyed[n], sizeof keyed[n], "%s=%s", k->name, v);
        if (len > 0 && (size_t)len < sizeof keyed[n]) {
            all[n] = keyed[n];
            n++;
        }
    }
    for (size_t i = 0; i < o->nsets && n < MAX_SETS; i++)
        all[n++] = o->sets[i];
    memcpy(o->sets, all, n * sizeof all[0]);
    o->nsets = n;
}

/* The workspace: WS (or --workspace) when given, else the one gem5wb init made around here. */
static int open_ws(const struct args *a, struct dopts *o, struct ws **w, const char **root,
                   char *err)
{
    static char abs[PATH_MAX];
    const char *dir = a->npos > 1 ? a->pos[1] : o->workspace;
    if (dir && realpath(dir, abs))
        dir = abs;                 /* absolute paths in the commands and the artifact */
    if (ws_open(dir, w, err) != 0) {
        *w = NULL;
        if (!dir)
            return -1;
        *root = dir;               /* a plain folder is fine: packer needs no state.json */
        return 0;
    }
    *root = dir ? dir : (*w)->root;
    add_settings(*w, o);
    return 0;
}

static void print_cmd(const struct dimg_cmd *c)
{
    char *cwd[] = { (char *)c->cwd, NULL };
    printf("  (cd ");
    steps_print_argv(cwd);
    printf(" && ");
    steps_print_argv((char **)c->argv);
    printf(")\n");
}

static cJSON *cmd_json(const struct dimg_cmd *c)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "cwd", c->cwd);
    cJSON *argv = cJSON_AddArrayToObject(o, "argv");
    for (size_t i = 0; c->argv[i]; i++)
        cJSON_AddItemToArray(argv, cJSON_CreateString(c->argv[i]));
    return o;
}

static const char *file_note(const struct dimg_file *f, char *buf, size_t cap)
{
    buf[0] = '\0';
    if (f->state == DIMG_KEPT)
        snprintf(buf, cap, "  (edited by you: kept; --force replaces it and keeps your version)");
    else if (f->state == DIMG_REPLACED)
        snprintf(buf, cap, "  (your version: %s)", f->backup);
    return buf;
}

static int write_text(const struct dimg_params *p, const struct dimg_result *r,
                      const struct dimg_cmd cmds[2])
{
    char note[PATH_MAX + 64];
    printf("disk-image folder for an %s guest: %s\n", p->arch, r->dir);
    for (size_t i = 0; i < r->nfiles; i++)
        printf("  %-10s %s%s\n", dimg_fstate_name(r->files[i].state), r->files[i].rel,
               file_note(&r->files[i], note, sizeof note));
    for (size_t i = 0; i < r->nwarnings; i++)
        fprintf(stderr, "warning: %s\n", r->warnings[i]);
    printf("accelerator %s, boot_wait %s, ssh_timeout %s\nimage: %s\n"
           "next (gem5wb disk-image validate runs the first):\n", r->accelerator, r->boot_wait,
           r->ssh_timeout, r->artifact);
    print_cmd(&cmds[0]);
    print_cmd(&cmds[1]);
    return CLI_OK;
}

static int write_json(const struct dimg_params *p, const struct dimg_result *r,
                      const struct dimg_cmd cmds[2])
{
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddBoolToObject(doc, "ok", true);
    cJSON_AddStringToObject(doc, "arch", p->arch);
    cJSON_AddStringToObject(doc, "dir", r->dir);
    cJSON *files = cJSON_AddArrayToObject(doc, "files");
    for (size_t i = 0; i < r->nfiles; i++) {
        cJSON *f = cJSON_CreateObject();
        cJSON_AddStringToObject(f, "path", r->files[i].rel);
        cJSON_AddStringToObject(f, "state", dimg_fstate_name(r->files[i].state));
        if (r->files[i].state == DIMG_REPLACED)
            cJSON_AddStringToObject(f, "backup", r->files[i].backup);
        cJSON_AddItemToArray(files, f);
    }
    cJSON_AddStringToObject(doc, "accelerator", r->accelerator);
    cJSON_AddBoolToObject(doc, "kvm_usable", r->kvm.kvm);
    cJSON_AddStringToObject(doc, "kvm_reason", r->kvm.reason);
    cJSON_AddNumberToObject(doc, "timeout_scale", r->timeout_scale);
    cJSON_AddStringToObject(doc, "boot_wait", r->boot_wait);
    cJSON_AddStringToObject(doc, "ssh_timeout", r->ssh_timeout);
    cJSON *w = cJSON_AddArrayToObject(doc, "warnings");
    for (size_t i = 0; i < r->nwarnings; i++)
        cJSON_AddItemToArray(w, cJSON_CreateString(r->warnings[i]));
    cJSON_AddStringToObject(doc, "artifact", r->artifact);
    cJSON *c = cJSON_AddArrayToObject(doc, "commands");
    cJSON_AddItemToArray(c, cmd_json(&cmds[0]));
    cJSON_AddItemToArray(c, cmd_json(&cmds[1]));
    return cli_json_out(doc, CLI_OK);
}

static int do_write(const char *root, const struct dopts *o, bool json)
{
    char err[ERR_LEN];
    struct dimg_params p;
    struct dimg_cmd cmds[2];
    if (dimg_params_from(&p, o->arch, o->sets, o->nsets, err) != 0)
        return json ? cli_error(true, err) : cli_usage_error("disk-image", "%s", err);
    struct dimg_result *r = malloc(sizeof *r);
    if (!r)
        return cli_error(json, "out of memory");
    int rc = dimg_write(root, &p, o->force, r, err);
    if (rc == 0)
        rc = dimg_packer_argv(root, "validate", false, &cmds[0], err);
    if (rc == 0)
        rc = dimg_packer_argv(root, "build", false, &cmds[1], err);
    if (rc != 0) {
        free(r);
        return cli_error(json, err);
    }
    rc = json ? write_json(&p, r, cmds) : write_text(&p, r, cmds);
    free(r);
    return rc;
}

static int do_validate(const char *root, const struct dopts *o, bool json)
{
    char err[ERR_LEN];
    struct dimg_check c;
    struct dimg_cmd cmd;
    if (dimg_packer_argv(root, "validate", false, &cmd, err) != 0 ||
        dimg_validate(root, (int)(o->timeout_s ? o->timeout_s : 120) * 1000, &c, err) != 0)
        return cli_error(json, err);
    int code = c.ok ? CLI_OK : CLI_FAIL;
    if (json) {
        cJSON *doc = cmd_json(&cmd);
        cJSON_AddBoolToObject(doc, "ok", c.ok);
        cJSON_AddNumberToObject(doc, "exit", c.exit_code);
        cJSON_AddStringToObject(doc, "message", c.message);
        cJSON *d = cJSON_AddArrayToObject(doc, "diagnostics");
        for (size_t i = 0; i < c.ndiags; i++)
            cJSON_AddItemToArray(d, cJSON_CreateString(c.diags[i]));
        return cli_json_out(doc, code);
    }
    if (c.ok) {
        printf("%s/" DIMG_TEMPLATE ": valid (packer validate exited 0)\n", cmd.cwd);
        return CLI_OK;
    }
    for (size_t i = 0; i < c.ndiags; i++)
        fprintf(stderr, "error: %s\n", c.diags[i]);
    if (c.ndiags)
        return cli_fail("packer validate %s failed (exit %d)", DIMG_TEMPLATE, c.exit_code);
    return cli_fail("packer validate %s failed (exit %d): %s", DIMG_TEMPLATE, c.exit_code,
                    c.message[0] ? c.message : "packer printed nothing");
}

int cmd_disk_image(int argc, char **argv)
{
    static const struct option extra[] = { { "arch", required_argument, NULL, O_ARCH },
                                           { "set", required_argument, NULL, O_SET },
                                           { "force", no_argument, NULL, O_FORCE },
                                           { "timeout", required_argument, NULL, O_TIMEOUT },
                                           WSCLI_OPTION, { 0, 0, 0, 0 } };
    struct dopts o = { 0 };
    struct args a;
    int rc = args_parse("disk-image", argc, argv, extra, on_option, &o, 1, 2, &a);
    if (rc >= 0)
        return rc;
    const char *sub = a.pos[0];
    if (strcmp(sub, "write") != 0 && strcmp(sub, "validate") != 0)
        return cli_usage_error("disk-image", "unknown action '%s': write or validate", sub);
    if (a.npos > 1 && o.workspace)
        return cli_usage_error("disk-image", "give the workspace once: WS or --workspace");
    char err[ERR_LEN];
    struct ws *w = NULL;
    const char *root = NULL;
    if (open_ws(&a, &o, &w, &root, err) != 0)
        return cli_error(a.common.json, err);
    rc = !strcmp(sub, "write") ? do_write(root, &o, a.common.json)
                               : do_validate(root, &o, a.common.json);
    if (w)
        ws_close(w);
    return rc;
}

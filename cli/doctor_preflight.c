/* gem5wb doctor --step / --file: pre-flight findings as a list (severity, check, what, where,
 * "see: gem5wb kb show ID", "fix: gem5wb fix ID") or as JSON. */
#include "cli/doctor_preflight.h"
#include "cli/cli.h"
#include "cli/textwrap.h"
#include "core/kb/kb.h"
#include "core/kb/preflight.h"
#include "core/util/err.h"
#include "core/util/fileio.h"
#include "core/util/shquote.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SEV_W 6

struct pf_out {
    const char *step, *file, *workspace;
    const struct kb *kb;      /* NULL when the kb could not be loaded */
    struct pf_report r;
};

/* The checkpoint an SST script names, as its cpt-dir finding found it. */
static const char *checkpoint(const struct pf_out *o)
{
    for (size_t i = 0; i < o->r.n; i++)
        if (!strcmp(o->r.items[i].check, "cpt-dir") && o->r.items[i].sev == PF_OK)
            return o->r.items[i].file;
    return NULL;
}

/* What `gem5wb fix` works on: --from for the KVM store swap (the finding's file is the
 * checkpoint's m5.cpt), else the file checked, or the workspace given. */
static int fix_args(const struct pf_out *o, const struct kb_entry *e, const struct pf_finding *f,
                    char *buf, size_t cap)
{
    char dir[4096], quoted[4 * 4096 + 3] = "";
    if (!strncmp(e->action, "replace-remote-store", 20)) {
        path_parent(f->file, dir, sizeof dir);
        if (shell_quote(dir, quoted, sizeof quoted) < 0)
            return -1;
        return snprintf(buf, cap, " --checkpoint %s --from ATOMIC_CHECKPOINT", quoted);
    }
    const char *arg = o->file ? o->file : o->workspace;
    if (arg && shell_quote(arg, quoted, sizeof quoted) < 0)
        return -1;
    int n = snprintf(buf, cap, "%s%s", !arg ? "" : o->file ? " --file " : " --workspace ", quoted);
    const char *ckpt = o->file && !strcmp(e->action, "patch-sst-script") ? checkpoint(o) : NULL;
    if (n < 0 || !ckpt || shell_quote(ckpt, quoted, sizeof quoted) < 0)
        return n;
    return n + snprintf(buf + n, cap - (size_t)n, " --checkpoint %s", quoted);
}

/* "gem5wb fix ID ..." when the entry has an action gem5wb applies. */
static bool fix_line(const struct pf_out *o, const struct pf_finding *f, char *buf, size_t cap)
{
    const struct kb_entry *e = o->kb && f->kb_id[0] ? kb_find(o->kb, f->kb_id) : NULL;
    char args[16500];
    if (!e || !e->action || !*e->action || fix_args(o, e, f, args, sizeof args) < 0)
        return false;
    snprintf(buf, cap, "gem5wb fix %s%s", f->kb_id, args);
    return true;
}

static void render_finding(const struct pf_out *o, const struct pf_finding *f, int width)
{
    char sev[8], fix[16600];
    snprintf(sev, sizeof sev, "%s", pf_sev_name(f->sev));
    for (char *p = sev; *p; p++)
        *p = (char)(*p - 'a' + 'A');
    int col = printf("%-*s%s: ", SEV_W, sev, f->check);
    textwrap_print(f->what, col, SEV_W, width);
    if (f->file[0] && f->line > 0 && !strstr(f->what, f->file))
        printf("%*sat %s:%d\n", SEV_W, "", f->file, f->line);
    if (f->kb_id[0])
        printf("%*ssee: gem5wb kb show %s\n", SEV_W, "", f->kb_id);
    if (f->sev >= PF_WARN && fix_line(o, f, fix, sizeof fix))
        printf("%*sfix: %s\n", SEV_W, "", fix);
}

static size_t count(const struct pf_report *r, enum pf_sev s)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n; i++)
        n += r->items[i].sev == s;
    return n;
}

static int render_text(const struct pf_out *o)
{
    int width = textwrap_width();
    printf("gem5wb doctor %s %s\n\n", o->step ? "--step" : "--file", o->step ? o->step : o->file);
    for (size_t i = 0; i < o->r.n; i++)
        render_finding(o, &o->r.items[i], width);
    size_t fails = count(&o->r, PF_FAIL);
    printf("\n%zu ok, %zu info, %zu warnings, %zu problems\n", count(&o->r, PF_OK),
           count(&o->r, PF_INFO), count(&o->r, PF_WARN), fails);
    return fails ? CLI_FAIL : CLI_OK;
}

static cJSON *finding_json(const struct pf_out *o, const struct pf_finding *f)
{
    char fix[16600];
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "severity", pf_sev_name(f->sev));
    cJSON_AddStringToObject(j, "check", f->check);
    cJSON_AddStringToObject(j, "kb", f->kb_id);
    cJSON_AddStringToObject(j, "what", f->what);
    cJSON_AddStringToObject(j, "file", f->file);
    cJSON_AddNumberToObject(j, "line", f->line);
    if (f->sev >= PF_WARN && fix_line(o, f, fix, sizeof fix))
        cJSON_AddStringToObject(j, "fix", fix);
    else
        cJSON_AddNullToObject(j, "fix");
    return j;
}

static int render_json(const struct pf_out *o)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, o->step ? "step" : "file", o->step ? o->step : o->file);
    cJSON_AddBoolToObject(doc, "kb_loaded", o->kb != NULL);
    cJSON *list = cJSON_AddArrayToObject(doc, "findings");
    for (size_t i = 0; i < o->r.n; i++)
        cJSON_AddItemToArray(list, finding_json(o, &o->r.items[i]));
    size_t fails = count(&o->r, PF_FAIL);
    cJSON_AddNumberToObject(doc, "ok", (double)count(&o->r, PF_OK));
    cJSON_AddNumberToObject(doc, "info", (double)count(&o->r, PF_INFO));
    cJSON_AddNumberToObject(doc, "warnings", (double)count(&o->r, PF_WARN));
    cJSON_AddNumberToObject(doc, "problems", (double)fails);
    return cli_json_out(doc, fails ? CLI_FAIL : CLI_OK);
}

int doctor_preflight(const char *step, const char *file, const char *workspace, bool json)
{
    struct kb kb;
    char err[ERR_LEN];
    struct pf_out o = { .step = step, .file = file, .workspace = workspace };
    bool have_kb = kb_load_default(&kb, err) == 0;    /* without it the plan's ids still show */
    o.kb = have_kb ? &kb : NULL;
    int rc = step ? preflight_step(workspace, step, o.kb, &o.r, err)
                  : preflight_file(file, o.kb, &o.r, err);
    if (rc != 0)
        rc = cli_error(json, err);
    else
        rc = json ? render_json(&o) : render_text(&o);
    pf_report_free(&o.r);
    if (have_kb)
        kb_free(&kb);
    return rc;
}

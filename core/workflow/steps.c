/* The step table and its parameters: lookup, values (--set, workspace setting, default),
 * validation by type, and planning with the hash of everything a step depends on. */
#include "core/workflow/steps_impl.h"

#include "core/util/err.h"
#include "core/util/size.h"
#include "core/workflow/git.h"

#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JOBS { "jobs", SP_INT, NULL, NULL, "parallel jobs (default: the number of CPUs)", false }
#define PATHS_OF_GUEST                                                                     \
    { "kernel", SP_PATH, NULL, NULL, "guest kernel (the configs hard-code the authors' path)", false }, \
    { "bootloader", SP_PATH, NULL, NULL, "ARM bootloader (hard-coded in the configs too)", false },     \
    { "disk", SP_PATH, NULL, NULL, "disk image (default: the disk-image step's image)", false }

static const struct step_param p_clone[] = {
    { "url", SP_TEXT, GIT_DEFAULT_URL, NULL, "repository to clone", false },
    { "branch", SP_TEXT, GIT_DEFAULT_BRANCH, NULL, "branch to check out", false },
    { 0 } };
static const struct step_param p_m5[] = {
    { "abi", SP_CHOICE, NULL, "x86|arm64|arm|thumb|sparc|riscv",
      "guest ABI (default: the disk image's architecture)", false },
    { "cross_compile", SP_TEXT, NULL, NULL,
      "compiler prefix (default: aarch64-linux-gnu- for arm64 on another host)", false },
    JOBS, { 0 } };
static const struct step_param p_gem5[] = {
    { "isa", SP_CHOICE, "ARM", "ARM|X86|RISCV|NULL|ALL", "gem5 build (build_opts/ISA)", false },
    { "variant", SP_CHOICE, "opt", "opt|debug|fast", "binary variant", false },
    JOBS, { 0 } };
static const struct step_param p_libgem5[] = {
    { "isa", SP_CHOICE, NULL, "ARM|X86|RISCV|ALL", "libgem5 build (default: build-gem5's)", false },
    JOBS, { 0 } };
static const struct step_param p_sst_core[] = {
    { "source", SP_PATH, NULL, NULL, "sst-core source folder or release tarball", true },
    { "prefix", SP_PATH, NULL, NULL, "install prefix (default: WORKSPACE/sst)", false },
    { "mpi", SP_CHOICE, NULL, "on|off", "build with MPI (default: on when mpicc is found)", false },
    { "python_config", SP_PATH, "/usr/bin/python3-config", NULL, "python3-config to use", false },
    JOBS, { 0 } };
static const struct step_param p_sst_elements[] = {
    { "source", SP_PATH, NULL, NULL, "sst-elements source folder or release tarball", true },
    { "python_config", SP_PATH, "/usr/bin/python3-config", NULL, "python3-config to use", false },
    JOBS, { 0 } };
static const struct step_param p_gem5_sst[] = {
    { "isa", SP_CHOICE, NULL, "ARM|X86|RISCV|ALL", "ARCH of libgem5 (default: build-libgem5's)", false },
    { "jobs", SP_INT, "4", NULL, "parallel jobs", false },
    { 0 } };
extern struct step_param step_disk_params[];   /* diskimage's keys (steps_disk.c) */
static const struct step_param p_take[] = {
    { "board", SP_CHOICE, "sst", "sst|gem5-only",
      "sst: the checkpoint is for an SST restore (composable board)", false },
    { "cpu_type", SP_CHOICE, "atomic", "atomic|timing|o3|kvm",
      "CPU (only configs with --cpu-type; the unified script takes with KVM)", false },
    { "clock", SP_CLOCK, "3GHz", NULL, "CPU clock", false },
    { "local_memory", SP_SIZE, "2GiB", NULL, "local memory size", false },
    { "remote_range", SP_RANGE, "4294967296,38654705664", NULL,
      "remote memory range start,end (bytes)", false },
    { "latency", SP_INT, "750", NULL, "remote memory latency (XBar cycles)", false },
    { "instance", SP_INT, "0", NULL, "instance number", false },
    { "config", SP_PATH, NULL, NULL, "gem5 config (default: the one this commit has)", false },
    PATHS_OF_GUEST, { 0 } };
static const struct step_param p_restore_gem5[] = {
    { "checkpoint", SP_PATH, NULL, NULL, "checkpoint folder (default: the latest gem5-only one)", false },
    { "latency", SP_INT, "750", NULL, "remote memory latency (XBar cycles)", false },
    { "config", SP_PATH, NULL, NULL, "gem5 config (default: the one this commit has)", false },
    PATHS_OF_GUEST, { 0 } };
static const struct step_param p_restore_sst[] = {
    { "checkpoint", SP_PATH, NULL, NULL, "checkpoint folder (default: the latest SST one)", false },
    { "script", SP_PATH, NULL, NULL,
      "the fork's SST restore script, relative to gem5/ (default: the one this commit has)", false },
    { "ranks", SP_INT, "1", NULL, "MPI ranks: 1 runs sst alone, N runs mpirun -np N sst", false },
    { "nodes", SP_INT, "1", NULL, "gem5 nodes (system_nodes)", false },
    { "cpu_type", SP_CHOICE, "timing", "atomic|timing|o3", "CPU type in the script", false },
    { 0 } };

static const struct step_def s_plan_clone = {
    .id = "clone", .title = "Clone darchr's gem5 fork",
    .summary = "libgit2 clone of the fork at its branch into gem5/",
    .needs = {NULL}, .tools = {NULL}, .params = p_clone, .plan = plan_clone,
    .written_for = "any branch; default kg/dm-sst-checkpoints-ver2" };

static const struct step_def s_plan_build_m5 = {
    .id = "build-m5", .title = "Build m5 (guest utility)",
    .summary = "scons build/<abi>/out/m5 in gem5/util/m5",
    .needs = {"clone"}, .tools = {"scons", "gcc"}, .params = p_m5, .plan = plan_build_m5,
    .written_for = "util/m5's SConstruct at 9fbbf1f9f8 (unchanged on the branch)" };

static const struct step_def s_plan_build_gem5 = {
    .id = "build-gem5", .title = "Build gem5",
    .summary = "scons build/ARM/gem5.opt -j N in gem5/",
    .needs = {"clone"}, .tools = {"scons", "g++", "python3-config", "m4", "protoc"}, .params = p_gem5, .plan = plan_build_gem5,
    .written_for = "gem5 23.1 SConstruct (DEVELOP-FOR-23.1), 9fbbf1f9f8" };

static const struct step_def s_plan_build_libgem5 = {
    .id = "build-libgem5", .title = "Build libgem5",
    .summary = "scons build/ARM/libgem5_opt.so --without-tcmalloc "
     "--duplicate-sources (ext/sst/INSTALL.md)",
    .needs = {"clone"}, .tools = {"scons", "g++"}, .params = p_libgem5, .plan = plan_build_libgem5,
    .written_for = "ext/sst/INSTALL.md, a1688bddbe..9fbbf1f9f8" };

static const struct step_def s_plan_build_sst_core = {
    .id = "build-sst-core", .title = "Build SST core",
    .summary = "configure --prefix --with-python [--disable-mpi], "
     "make all, make install",
    .needs = {NULL}, .tools = {"make", "g++", "python3-config"}, .params = p_sst_core, .plan = plan_build_sst_core,
    .written_for = "SST 13.0.0, as ext/sst/INSTALL.md names it" };

static const struct step_def s_plan_build_sst_elements = {
    .id = "build-sst-elements", .title = "Build SST elements",
    .summary = "configure --with-sst-core, make all, make "
     "install",
    .needs = {"build-sst-core"}, .tools = {"make", "g++"}, .params = p_sst_elements, .plan = plan_build_sst_elements,
    .written_for = "SST 13.0.0, as ext/sst/INSTALL.md names it" };

static const struct step_def s_plan_build_gem5_sst = {
    .id = "build-gem5-sst", .title = "Build the gem5 SST element",
    .summary = "make ARCH=ARM in gem5/ext/sst "
     "(libgem5.so)",
    .needs = {"build-libgem5", "build-sst-core"}, .tools = {"make", "g++", "pkg-config"}, .params = p_gem5_sst, .plan = plan_build_gem5_sst,
    .written_for = "ext/sst/Makefile.linux, a1688bddbe..9fbbf1f9f8" };

static const struct step_def s_plan_disk_image = {
    .id = "disk-image", .title = "Build the hack-back disk image",
    .summary = "write disk-image/hack-back, packer "
     "validate, packer build",
    .needs = {"build-m5"}, .tools = {"packer", "qemu-img"}, .params = step_disk_params, .plan = plan_disk_image,
    .written_for = "gem5-resources hack-back (stable, 91d67b7e); packer 1.6.6" };

static const struct step_def s_plan_take = {
    .id = "take-checkpoint", .title = "Take a checkpoint",
    .summary = "gem5 with the fork's take config; records where "
     "the checkpoint lands",
    .needs = {"build-gem5"}, .tools = {NULL}, .params = p_take, .plan = plan_take,
    .written_for = "b03cb1aa88..9fbbf1f9f8: the config and dialect are read from the checkout" };

static const struct step_def s_plan_restore_gem5 = {
    .id = "restore-gem5", .title = "Restore in gem5",
    .summary = "the gem5-only restore of a gem5-only checkpoint",
    .needs = {"build-gem5"}, .tools = {NULL}, .params = p_restore_gem5, .plan = plan_restore_gem5,
    .written_for = "b03cb1aa88..9fbbf1f9f8: the config and dialect are read from the checkout" };

static const struct step_def s_plan_restore_sst = {
    .id = "restore-sst", .title = "Restore in SST",
    .summary = "the SST restore script set to the checkpoint, run with "
     "sst (or mpirun -np N sst)",
    .needs = {"build-gem5-sst", "build-sst-elements"}, .tools = {NULL}, .params = p_restore_sst, .plan = plan_restore_sst,
    .written_for = "117b7c7bef..9fbbf1f9f8: bridge, responder and script are read from the checkout" };

const struct step_def *const step_table[] = {
    &s_plan_clone, &s_plan_build_m5, &s_plan_build_gem5, &s_plan_build_libgem5,
    &s_plan_build_sst_core, &s_plan_build_sst_elements, &s_plan_build_gem5_sst,
    &s_plan_disk_image, &s_plan_take, &s_plan_restore_gem5, &s_plan_restore_sst, NULL,
};

const struct step_def *step_find(const char *id)
{
    for (size_t i = 0; step_table[i]; i++)
        if (!strcmp(step_table[i]->id, id))
            return step_table[i];
    return NULL;
}

const struct step_param *step_param_find(const struct step_def *d, const char *name)
{
    for (const struct step_param *p = d->params; p && p->name; p++)
        if (!strcmp(p->name, name))
            return p;
    return NULL;
}

static const char *set_value(const struct step_ctx *c, const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; c->sets && c->sets[i]; i++)
        if (!strncmp(c->sets[i], name, n) && c->sets[i][n] == '=')
            return c->sets[i] + n + 1;
    return NULL;
}

/* Computed defaults are interned: the pointers step_value returns stay valid while later
 * calls compute others (a planner holds several at once). The set of distinct values is
 * small (paths and numbers of one workspace), so they are kept for the process's life. */
static const char *intern(const char *s)
{
    static struct interned { struct interned *next; char text[]; } *head;
    static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
    const char *found = NULL;
    pthread_mutex_lock(&mu);
    for (struct interned *i = head; i && !found; i = i->next)
        if (!strcmp(i->text, s))
            found = i->text;
    struct interned *n = found ? NULL : malloc(sizeof *n + strlen(s) + 1);
    if (n) {
        strcpy(n->text, s);
        n->next = head;
        head = n;
        found = n->text;
    }
    pthread_mutex_unlock(&mu);
    return found;
}

const char *step_value(const struct step_ctx *c, const char *name)
{
    char buf[STEP_PATH_MAX];
    char key[128];
    const char *v = set_value(c, name);
    if (v)
        return v;
    snprintf(key, sizeof key, "%s.%s", c->def->id, name);
    if ((v = ws_setting(c->w, key)))
        return v;
    const struct step_param *p = step_param_find(c->def, name);
    if (p && p->def)
        return p->def;
    v = step_default(c, name, buf, sizeof buf);
    return v ? intern(v) : NULL;
}

static bool all_digits(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s))
            return false;
    return true;
}

/* "3GHz", "2.5GHz", "800MHz" */
static bool is_clock(const char *v)
{
    char *end;
    double f = strtod(v, &end);
    return f > 0 && end != v && (!strcmp(end, "GHz") || !strcmp(end, "MHz") ||
                                 !strcmp(end, "kHz") || !strcmp(end, "Hz"));
}

static bool is_range(const char *v)
{
    char a[32], b[32];
    const char *comma = strchr(v, ',');
    if (!comma || (size_t)(comma - v) >= sizeof a || strlen(comma + 1) >= sizeof b)
        return false;
    snprintf(a, sizeof a, "%.*s", (int)(comma - v), v);
    snprintf(b, sizeof b, "%s", comma + 1);
    return all_digits(a) && all_digits(b) && strtoull(a, NULL, 10) < strtoull(b, NULL, 10);
}

static bool in_choices(const char *choices, const char *v)
{
    size_t n = strlen(v);
    for (const char *s = choices; s && *s;) {
        const char *bar = strchr(s, '|');
        size_t len = bar ? (size_t)(bar - s) : strlen(s);
        if (len == n && !strncmp(s, v, n))
            return true;
        s = bar ? bar + 1 : NULL;
    }
    return false;
}

int step_param_check(const struct step_def *d, const char *name, const char *v, char *err)
{
    const struct step_param *p = step_param_find(d, name);
    uint64_t size;
    char sub[ERR_LEN];
    if (!p)
        return err_set(err, "step %s has no parameter '%s' (see `gem5wb steps %s`)", d->id,
                       name, d->id);
    switch (p->type) {
    case SP_INT:
        if (!all_digits(v))
            return err_set(err, "%s.%s must be a whole number, not '%s'", d->id, name, v);
        break;
    case SP_SIZE:
        if (size_parse(v, &size, name, sub) != 0 || !size)
            return err_set(err, "%s.%s must be a size such as 2GiB, not '%s'", d->id, name, v);
        break;
    case SP_CLOCK:
        if (!is_clock(v))
            return err_set(err, "%s.%s must be a clock such as 3GHz, not '%s'", d->id, name, v);
        break;
    case SP_RANGE:
        if (!is_range(v))
            return err_set(err, "%s.%s must be start,end in bytes with start < end (e.g. "
                           "4294967296,38654705664), not '%s'", d->id, name, v);
        break;
    case SP_CHOICE:
        if (!in_choices(p->choices, v))
            return err_set(err, "%s.%s must be one of %s, not '%s'", d->id, name, p->choices, v);
        break;
    case SP_TEXT:
    case SP_PATH:
        if (!*v && p->required)
            return err_set(err, "%s.%s must not be empty", d->id, name);
        break;
    }
    return 0;
}

/* FNV-1a over everything that decides what a step does. */
static void hash_add(uint64_t *h, const char *s)
{
    for (; s && *s; s++)
        *h = (*h ^ (unsigned char)*s) * 0x100000001b3ULL;
    *h = (*h ^ 0xff) * 0x100000001b3ULL;
}

static void inputs_hash(struct step_ctx *c, char out[17])
{
    uint64_t h = 0xcbf29ce484222325ULL;
    hash_add(&h, c->def->id);
    for (const struct step_param *p = c->def->params; p && p->name; p++) {
        hash_add(&h, p->name);
        hash_add(&h, step_value(c, p->name));
    }
    for (size_t i = 0; i < 4 && c->def->needs[i]; i++) {
        const cJSON *in = cJSON_GetObjectItem(ws_step(c->w, c->def->needs[i]), "inputs");
        hash_add(&h, cJSON_IsString(in) ? in->valuestring : "");
    }
    if (strcmp(c->def->id, "clone") != 0)
        hash_add(&h, c->commit);
    snprintf(out, 17, "%016llx", (unsigned long long)h);
}

static void read_commit(struct step_ctx *c)
{
    const cJSON *v = cJSON_GetObjectItem(ws_step(c->w, "clone"), "commit");
    snprintf(c->commit, sizeof c->commit, "%s", cJSON_IsString(v) ? v->valuestring : "");
}

int step_plan(struct ws *w, const struct step_def *d, const char *const *sets,
              struct step_plan *p, char *err)
{
    struct step_ctx c = { .w = w, .def = d, .sets = sets };
    *p = (struct step_plan){ 0 };
    read_commit(&c);
    for (size_t i = 0; sets && sets[i]; i++) {
        const char *eq = strchr(sets[i], '=');
        char name[128];
        if (!eq || eq == sets[i] || (size_t)(eq - sets[i]) >= sizeof name)
            return err_set(err, "--set takes KEY=VALUE, not '%s'", sets[i]);
        snprintf(name, sizeof name, "%.*s", (int)(eq - sets[i]), sets[i]);
        if (!step_param_find(d, name))
            return step_param_check(d, name, eq + 1, err);
    }
    for (const struct step_param *q = d->params; q && q->name; q++) {
        const char *v = step_value(&c, q->name);
        if (!v && q->required)
            return err_set(err, "%s needs %s (%s): give --set %s=VALUE, or set it once with "
                           "`gem5wb set %s.%s VALUE`", d->id, q->name, q->help, q->name,
                           d->id, q->name);
        if (v && step_param_check(d, q->name, v, err) != 0)
            return -1;
    }
    inputs_hash(&c, p->inputs);
    if (d->plan(&c, p, err) != 0) {
        step_plan_free(p);
        return -1;
    }
    return 0;
}

const char *step_status_name(enum step_status s)
{
    static const char *const names[] = { "new", "running", "ok", "failed", "cancelled",
                                         "stale", "missing" };
    return names[s];
}

static enum step_status recorded(const cJSON *st)
{
    const cJSON *s = cJSON_GetObjectItem(st, "status");
    const char *v = cJSON_IsString(s) ? s->valuestring : "";
    return !strcmp(v, "ok") ? STEP_OK : !strcmp(v, "failed") ? STEP_FAILED
         : !strcmp(v, "cancelled") ? STEP_CANCELLED : !strcmp(v, "running") ? STEP_RUNNING
         : STEP_NEW;
}

/* Names what changed since the step ran: a parameter (with both values), the fork's
 * commit, or an earlier step. */
static void stale_reason(struct ws *w, const struct step_def *d, const cJSON *st, char *why,
                         size_t cap)
{
    struct step_ctx c = { .w = w, .def = d };
    const cJSON *was = cJSON_GetObjectItem(st, "params");
    for (const struct step_param *p = d->params; p && p->name; p++) {
        const cJSON *old = cJSON_GetObjectItem(was, p->name);
        const char *now = step_value(&c, p->name);
        const char *then = cJSON_IsString(old) ? old->valuestring : NULL;
        if (was && (now ? !then || strcmp(now, then) : then != NULL)) {
            snprintf(why, cap, "%s changed from %s to %s since it ran", p->name,
                     then ? then : "(unset)", now ? now : "(unset)");
            return;
        }
    }
    const cJSON *commit = cJSON_GetObjectItem(st, "commit");
    read_commit(&c);
    if (cJSON_IsString(commit) && strcmp(commit->valuestring, c.commit) != 0)
        snprintf(why, cap, "the fork moved from %.10s to %.10s since it ran",
                 commit->valuestring, c.commit);
    else if (was && cJSON_IsString(commit))
        snprintf(why, cap, "an earlier step (%s) ran again since", d->needs[0] ? d->needs[0]
                                                                              : "clone");
    else                                /* recorded by an older gem5wb: less is known */
        snprintf(why, cap, "its parameters, the fork's commit or an earlier step changed "
                 "since it ran");
}

enum step_status step_status(struct ws *w, const struct step_def *d, char *why, size_t cap)
{
    cJSON *st = ws_step(w, d->id);
    enum step_status s = recorded(st);
    char err[ERR_LEN];
    struct step_plan p;
    why[0] = '\0';
    const cJSON *pid = cJSON_GetObjectItem(st, "pid");
    if (s == STEP_RUNNING && cJSON_IsNumber(pid) && kill((pid_t)pid->valuedouble, 0) != 0 &&
        errno == ESRCH) {
        snprintf(why, cap, "interrupted: the gem5wb that ran it (pid %.0f) is gone; run it "
                 "again to resume", pid->valuedouble);
        return STEP_FAILED;
    }
    if (s != STEP_OK)
        return s;
    if (step_plan(w, d, NULL, &p, err) != 0) {
        snprintf(why, cap, "%s", err);
        return STEP_STALE;
    }
    const cJSON *in = cJSON_GetObjectItem(st, "inputs");
    if (!cJSON_IsString(in) || strcmp(in->valuestring, p.inputs) != 0) {
        stale_reason(w, d, st, why, cap);
        s = STEP_STALE;
    }
    const cJSON *made = cJSON_GetObjectItem(st, "artifacts"), *a;
    if (cJSON_IsArray(made)) {   /* what the run made (a take names its folder by run) */
        cJSON_ArrayForEach(a, made)
            if (s == STEP_OK && cJSON_IsString(a) && !step_exists(a->valuestring, false)) {
                snprintf(why, cap, "%s is gone", a->valuestring);
                s = STEP_MISSING;
            }
    } else {                     /* recorded by an older gem5wb: what a run makes now */
        for (size_t i = 0; s == STEP_OK && i < p.nartifacts; i++)
            if (!step_exists(p.artifacts[i], false)) {
                snprintf(why, cap, "%s is gone", p.artifacts[i]);
                s = STEP_MISSING;
            }
    }
    step_plan_free(&p);
    return s;
}

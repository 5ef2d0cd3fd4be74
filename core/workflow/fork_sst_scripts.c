/* The SST scripts under ext/sst/sst/ read from their text: the gem5 config each runs, the
 * options it passes (checked against that config's argparse), the checkpoint it restores and
 * the gem5 object it connects to (workflow doc §5.1, §0.5). */
#include "core/workflow/fork_impl.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The README's script first: it is the one a restore step uses when it works. */
static const char *const scripts[] = {
    "ext/sst/sst/checkpoints/arm_checkpoints.py",
    "ext/sst/sst/arm_sst_restore.py",
    "ext/sst/sst/arm_composable_memory.py",
    "ext/sst/sst/restore/arm_restore.py",
};
#define NSCRIPTS (sizeof scripts / sizeof scripts[0])

/* Does the checkpoint path (relative to ext/sst, where sst runs) exist here? */
static bool ckpt_exists(const struct fork_probe *p, const char *path, const char *suffix)
{
    char rel[1024], abs[4096];
    struct stat st;
    if (strchr(path, '{'))                  /* an f-string placeholder: known only at run time */
        return false;
    fork_fmt(rel, sizeof rel, "%s%s", path, suffix);
    if (rel[0] == '/')
        return stat(rel, &st) == 0;
    char joined[1024];
    fork_rel_join("ext/sst", rel, joined, sizeof joined);
    fork_abs(p->dir, joined, abs, sizeof abs);
    return joined[0] && abs[0] && stat(abs, &st) == 0;
}

/* One string literal of the gem5 command list: the options it holds and an inline
 * checkpoint path (--chpt-dir=PATH or --ckpt-file NAME). */
static void cmd_literal(struct fork_sst_script *s, const char *lit, int line)
{
    char buf[512];
    fork_fmt(buf, sizeof buf, "%s", lit);
    char *save = NULL;
    for (char *t = strtok_r(buf, " \t\n", &save); t; t = strtok_r(NULL, " \t\n", &save)) {
        if (strncmp(t, "--", 2) != 0)
            continue;
        char name[128];
        fork_fmt(name, sizeof name, "%.*s", (int)strcspn(t, "="), t);
        fork_list_add(s->passed, sizeof s->passed, name);
        const char *val = strchr(t, '=') ? strchr(t, '=') + 1 : strtok_r(NULL, " \t\n", &save);
        bool dir = !strcmp(name, "--chpt-dir"), file = !strcmp(name, "--ckpt-file");
        if ((dir || file) && val && !strchr(val, '{') && s->ckpt_kind == FORK_SST_CKPT_NONE) {
            s->ckpt_kind = dir ? FORK_SST_CKPT_DIR : FORK_SST_CKPT_FILE_INSTANCE;
            fork_fmt(s->ckpt, sizeof s->ckpt, "%s", val);
            s->ckpt_line = line;
        }
        if (!val)
            break;
    }
}

/* The literals after `{gem5_run_script}` up to the end of the cmd list. */
static void cmd_list(struct fork_sst_script *s, const char *text)
{
    const char *p, *at = fork_loose(text, "{gem5_run_script}", &p);
    if (!at)
        return;
    const char *open = at;               /* the rest of the literal the script is in */
    while (open > text && *open != '"' && *open != '\'')
        open--;
    size_t rest = strcspn(p, *open == '\'' ? "'\n" : "\"\n");
    char lit[512];
    fork_fmt(lit, sizeof lit, "%.*s", (int)rest, p);
    cmd_literal(s, lit, fork_line_at(text, p));
    p += rest + (p[rest] != '\0');
    while (*p && *p != ']') {
        if (*p == '"' || *p == '\'') {
            const char *e = fork_py_string(p, lit, sizeof lit);
            if (!e)
                break;
            cmd_literal(s, lit, fork_line_at(text, p));
            p = e;
        } else {
            p++;
        }
    }
}

/* The first "board...." literal: the SimObject the gem5Bridge looks for. */
static void receiver(struct fork_sst_script *s, const char *text)
{
    char lit[128];
    for (const char *p = strchr(text, '"'); p; p = strchr(p + 1, '"')) {
        const char *e = fork_py_string(p, lit, sizeof lit);
        if (e && !strncmp(lit, "board.", 6)) {
            fork_fmt(s->receiver, sizeof s->receiver, "%s", lit);
            return;
        }
        if (e)
            p = e - 1;
    }
}

static void script_ckpt(const struct fork_probe *p, struct fork_sst_script *s, const char *text)
{
    char v[512];
    int line = fork_py_assign(text, "chpt_dir", v, sizeof v);
    if (line) {
        s->ckpt_kind = FORK_SST_CKPT_DIR;
        fork_fmt(s->ckpt, sizeof s->ckpt, "%s", v);
        s->ckpt_line = line;
    }
    if (s->ckpt_kind != FORK_SST_CKPT_NONE)
        s->ckpt_present = ckpt_exists(p, s->ckpt, s->ckpt_kind == FORK_SST_CKPT_DIR ? "" : "0");
}

static int script_read(struct fork_probe *p, struct fork_sst_script *s, char *err)
{
    char *text;
    int r = fork_read(p->dir, s->path, &text, err);
    if (r <= 0)
        return r;
    fork_strip_py(text);
    s->run_line = fork_py_assign(text, "gem5_run_script", s->run_script, sizeof s->run_script);
    if (s->run_line && s->run_script[0] == '/') {
        struct stat st;
        s->run_present = stat(s->run_script, &st) == 0;
    } else if (s->run_line) {
        fork_rel_join("ext/sst", s->run_script, s->run_config, sizeof s->run_config);
        s->run_present = s->run_config[0] && fork_exists(p->dir, s->run_config);
    }
    script_ckpt(p, s, text);             /* chpt_dir = "..." wins over an inline path */
    cmd_list(s, text);
    if (s->ckpt_kind != FORK_SST_CKPT_NONE && !s->ckpt_present)
        s->ckpt_present = ckpt_exists(p, s->ckpt, s->ckpt_kind == FORK_SST_CKPT_DIR ? "" : "0");
    receiver(s, text);
    free(text);
    if (s->run_present && s->run_config[0] &&
        fork_config_add(p, s->run_config, FORK_CFG_NONE, false, err) == -1)
        return -1;
    return 1;
}

int fork_probe_scripts(struct fork_probe *p, char *err)
{
    p->scripts = calloc(NSCRIPTS, sizeof *p->scripts);
    if (!p->scripts) {
        p->oom = true;
        return 0;
    }
    for (size_t i = 0; i < NSCRIPTS; i++) {
        struct fork_sst_script *s = &p->scripts[p->nscripts];
        memset(s, 0, sizeof *s);
        fork_fmt(s->path, sizeof s->path, "%s", scripts[i]);
        int r = script_read(p, s, err);
        if (r < 0)
            return -1;
        p->nscripts += r > 0;
    }
    return 0;
}

/* Is required option r given by one of the passed options (exactly or abbreviated)? */
static bool given(const char *passed, const char *options, const char *r)
{
    char only[160];
    fork_fmt(only, sizeof only, " %s ", r);
    for (const char *t = passed; *t;) {
        while (*t == ' ')
            t++;
        size_t w = strcspn(t, " ");
        if (!w)
            break;
        char opt[128];
        fork_fmt(opt, sizeof opt, "%.*s", (int)w, t);
        if (fork_opt_accepts(options, opt) && fork_opt_accepts(only, opt))
            return true;
        t += w;
    }
    return false;
}

int fork_check_scripts(struct fork_probe *p)
{
    for (size_t i = 0; i < p->nscripts; i++) {
        struct fork_sst_script *s = &p->scripts[i];
        const struct fork_config *c = s->run_present ? fork_config_get(p, s->run_config) : NULL;
        if (!c || !c->options[0])
            continue;
        char tok[128];
        for (const char *t = s->passed; *t;) {
            while (*t == ' ')
                t++;
            size_t w = strcspn(t, " ");
            if (!w)
                break;
            fork_fmt(tok, sizeof tok, "%.*s", (int)w, t);
            if (!fork_opt_accepts(c->options, tok))
                fork_list_add(s->rejected, sizeof s->rejected, tok);
            t += w;
        }
        for (const char *t = c->required; *t;) {
            while (*t == ' ')
                t++;
            size_t w = strcspn(t, " ");
            if (!w)
                break;
            fork_fmt(tok, sizeof tok, "%.*s", (int)w, t);
            if (!given(s->passed, c->options, tok))
                fork_list_add(s->missing, sizeof s->missing, tok);
            t += w;
        }
    }
    return 0;
}

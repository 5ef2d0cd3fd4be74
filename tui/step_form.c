/* The step form (Enter on a dashboard step): the step's parameters with their values and
 * defaults, edited with the same check `gem5wb set` runs and saved at once; the exact
 * command lines the step runs, recomputed after each change; its status; Run. */
#include "tui/step_form.h"
#include "tui/step_form_impl.h"
#include "tui/command.h"
#include "tui/jobs.h"
#include "tui/theme.h"

#include "core/util/err.h"
#include "core/util/shquote.h"
#include "core/workflow/steps.h"
#include "core/workflow/workspace.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { SF_UP = TUI_ACT_VIEW, SF_DOWN, SF_EDIT, SF_DEFAULT, SF_RUN, SF_PGUP, SF_PGDN };

static const struct tui_key sf_keys[] = {
    { { KEY_UP, 'k' },   "up",      "previous parameter",                    SF_UP,      0 },
    { { KEY_DOWN, 'j' }, "down",    "next parameter",                        SF_DOWN,    0 },
    { { '\n', KEY_ENTER, 'e' }, "edit", "edit the selected parameter (checked as you type, "
      "saved to the workspace on Enter; empty = default)", SF_EDIT, 1 },
    { { 'd' },           "default", "return the selected parameter to its default", SF_DEFAULT, 1 },
    { { 'r' },           "run",     "run the step and follow it in the job view", SF_RUN, 1 },
    { { KEY_NPAGE },     "more",    "scroll the command lines down",         SF_PGDN,    1 },
    { { KEY_PPAGE },     "back",    "scroll the command lines up",           SF_PGUP,    0 },
    { { '?' },           "help",    "show or hide this help",                TUI_ACT_HELP, 1 },
    { { 'L' - '@' },     "redraw",  "redraw the screen",                     TUI_ACT_REDRAW, 0 },
    { { 27, 'q' },       "back",    "back to the dashboard",                 TUI_ACT_BACK, 1 },
};

/* ---- Loading: values, defaults, status, plan ------------------------------------ */

/* The value the parameter would have without the workspace's setting: the table's
 * default, else computed on a copy of the state with the setting removed. */
static int default_without(const struct form *f, const struct step_param *p, const char *key,
                           char *out, size_t cap)
{
    if (p->def)
        return snprintf(out, cap, "%s", p->def), 1;
    struct ws tmp = { .root = f->w->root, .state = cJSON_Duplicate(f->w->state, 1),
                      .lock_fd = -1 };
    if (!tmp.state)
        return 0;
    ws_unset_setting(&tmp, key);
    struct step_ctx c = { .w = &tmp, .def = f->d };
    const char *v = step_value(&c, p->name);
    if (v)
        snprintf(out, cap, "%s", v);
    cJSON_Delete(tmp.state);
    return v != NULL;
}

static void load_param(struct form *f, struct fparam *fp)
{
    struct step_ctx c = { .w = f->w, .def = f->d };
    char key[160];
    snprintf(key, sizeof key, "%s.%s", f->d->id, fp->p->name);
    const char *v = step_value(&c, fp->p->name);
    fp->set = ws_setting(f->w, key) != NULL;
    fp->has_value = v != NULL;
    snprintf(fp->value, sizeof fp->value, "%s", v ? v : "");
    if (!fp->set) {
        fp->has_def = fp->has_value;
        snprintf(fp->def, sizeof fp->def, "%s", fp->value);
    } else {
        fp->has_def = default_without(f, fp->p, key, fp->def, sizeof fp->def);
    }
}

static void lines_free(struct form *f)
{
    for (size_t i = 0; i < f->nlines; i++)
        free(f->lines[i].text);
    f->nlines = 0;
}

static void line_add(struct form *f, int slot, int indent, const char *text)
{
    if (f->nlines == f->cap_lines) {
        size_t cap = f->cap_lines ? 2 * f->cap_lines : 16;
        struct fline *n = realloc(f->lines, cap * sizeof *n);
        if (!n)
            return;   /* the box shows fewer lines; nothing else depends on them */
        f->lines = n;
        f->cap_lines = cap;
    }
    char *copy = strdup(text);
    if (copy)
        f->lines[f->nlines++] = (struct fline){ slot, indent, copy };
}

/* Appends s (quoted for a shell when quote is set) to a growing string. */
static void sb_add(char **buf, size_t *len, const char *s, int quote)
{
    char q[2 * VALUE_MAX + 16];
    if (quote && shell_quote(s, q, sizeof q) >= 0)
        s = q;
    size_t n = strlen(s);
    char *b = realloc(*buf, *len + n + 2);
    if (!b)
        return;
    memcpy(b + *len, s, n + 1);
    *buf = b;
    *len += n;
}

/* An environment override as a user would write it: "PATH=DIR:$PATH" for an extension. */
static void sb_env(char **buf, size_t *len, const char *e)
{
    const char *eq = strchr(e, '=');
    char name[64], head[VALUE_MAX];
    snprintf(name, sizeof name, "%.*s", eq ? (int)(eq - e) : 0, e);
    const char *cur = eq && *name ? getenv(name) : NULL;
    size_t n = cur ? strlen(cur) : 0, elen = strlen(e);
    if (cur && n && elen > n + 1 && !strcmp(e + elen - n, cur) && e[elen - n - 1] == ':' &&
        elen - n - 1 < sizeof head) {
        snprintf(head, sizeof head, "%.*s", (int)(elen - n - 1), e);
        sb_add(buf, len, head, 1);
        sb_add(buf, len, ":$", 0);
        sb_add(buf, len, name, 0);
    } else {
        sb_add(buf, len, e, 1);
    }
    sb_add(buf, len, " ", 0);
}

/* `(cd DIR && ENV... ARGV)`, as `gem5wb steps` prints it: pasteable into a shell. */
static void add_command(struct form *f, size_t i, const struct step_cmd *c)
{
    char head[300], *buf = NULL;
    size_t len = 0;
    snprintf(head, sizeof head, "%zu. %s%s", i + 1, c->title,
             c->act == ACT_EXEC ? "" : " (done by gem5wb)");
    line_add(f, THEME_HEADING, 0, head);
    if (c->act != ACT_EXEC)
        return;
    sb_add(&buf, &len, "(cd ", 0);
    sb_add(&buf, &len, c->cwd ? c->cwd : ".", 1);
    sb_add(&buf, &len, " && ", 0);
    for (size_t e = 0; c->env && c->env[e]; e++)
        sb_env(&buf, &len, c->env[e]);
    for (size_t a = 0; c->argv && c->argv[a]; a++) {
        sb_add(&buf, &len, a ? " " : "", 0);
        sb_add(&buf, &len, c->argv[a], 1);
    }
    sb_add(&buf, &len, ")", 0);
    if (buf)
        line_add(f, THEME_NORMAL, 3, buf);
    free(buf);
}

static void load_plan(struct form *f)
{
    struct step_plan p;
    char err[ERR_LEN], line[ERR_LEN + 64];
    lines_free(f);
    if (step_plan(f->w, f->d, NULL, &p, err) != 0) {
        snprintf(line, sizeof line, "cannot plan it yet: %s", err);
        line_add(f, THEME_WARNING, 0, line);
        return;
    }
    for (size_t i = 0; i < p.nnotes; i++) {
        snprintf(line, sizeof line, "note: %s", p.notes[i]);
        line_add(f, THEME_WARNING, 0, line);
    }
    for (size_t i = 0; i < p.ncmds; i++)
        add_command(f, i, &p.cmds[i]);
    for (size_t i = 0; i < p.nartifacts; i++) {
        snprintf(line, sizeof line, "done when: %s", p.artifacts[i]);
        line_add(f, THEME_DIM, 0, line);
    }
    step_plan_free(&p);
}

/* Whether a program is found as PATH would find it. */
static int on_path(const char *name)
{
    const char *path = getenv("PATH");
    char full[4096];
    if (strchr(name, '/'))
        return access(name, X_OK) == 0;
    for (const char *p = path ? path : ""; *p;) {
        size_t n = strcspn(p, ":");
        snprintf(full, sizeof full, "%.*s/%s", (int)n, n ? p : ".", name);
        if (access(full, X_OK) == 0)
            return 1;
        p += n + (p[n] == ':');
    }
    return 0;
}

/* "needs  clone ✔ (ok)  ...  runs  make ✔  g++ ✘ (not found)" */
static void load_needs(struct form *f, int ascii)
{
    size_t len = 0;
    char why[256];
    const char *ok = ascii ? "[x]" : "\u2714", *no = ascii ? "[ ]" : "\u25cb";
    const char *missing = ascii ? "[!]" : "\u2718";
    f->needs[0] = '\0';
    for (size_t i = 0; i < 4 && f->d->needs[i]; i++) {
        const struct step_def *n = step_find(f->d->needs[i]);
        enum step_status s = n ? step_status(f->w, n, why, sizeof why) : STEP_NEW;
        len += (size_t)snprintf(f->needs + len, sizeof f->needs - len, "%s%s %s (%s)",
                                len ? "  " : "needs ", f->d->needs[i],
                                s == STEP_OK ? ok : no, step_status_name(s));
    }
    for (size_t i = 0; i < 8 && f->d->tools[i] && len < sizeof f->needs; i++) {
        int found = on_path(f->d->tools[i]);
        len += (size_t)snprintf(f->needs + len, sizeof f->needs - len, "%s%s %s%s",
                                i ? "  " : len ? "   runs " : "runs ", f->d->tools[i],
                                found ? ok : missing, found ? "" : " (not found)");
    }
    if (!f->needs[0])
        snprintf(f->needs, sizeof f->needs, "needs nothing before it");
}

static void form_load(struct tui *t, struct form *f)
{
    char err[ERR_LEN];
    ws_reload(f->w, err);
    for (size_t i = 0; i < f->np; i++)
        load_param(f, &f->params[i]);
    f->status = step_status(f->w, f->d, f->why, sizeof f->why);
    load_needs(f, tui_ascii(t));
    load_plan(f);
}

static int sf_open(struct tui *t, void *priv, const void *arg)
{
    struct form *f = priv;
    const struct tui_step_form_arg *a = arg;
    char err[ERR_LEN];
    if (!a || !a->step || !(f->d = step_find(a->step))) {
        tui_message(t, THEME_ERROR, "there is no step '%s'", a && a->step ? a->step : "");
        return -1;
    }
    if (ws_open(a->root, &f->w, err) != 0) {
        tui_message(t, THEME_ERROR, "%s", err);
        return -1;
    }
    while (f->d->params && f->d->params[f->np].name)
        f->np++;
    f->params = calloc(f->np ? f->np : 1, sizeof *f->params);
    if (!f->params) {
        ws_close(f->w);
        tui_message(t, THEME_ERROR, "out of memory opening the step %s", f->d->id);
        return -1;
    }
    for (size_t i = 0; i < f->np; i++)
        f->params[i].p = &f->d->params[i];
    form_load(t, f);
    return 0;
}

static void sf_done(void *priv)
{
    struct form *f = priv;
    lines_free(f);
    free(f->lines);
    free(f->params);
    ws_close(f->w);
}

static void sf_resume(struct tui *t, void *priv)
{
    form_load(t, priv);   /* a run changes the status; a : command may change settings */
}

static void sf_resize(struct tui *t, void *priv, struct tui_rect body)
{
    (void)t;
    ((struct form *)priv)->body = body;
}

static int visible_params(const struct form *f)
{
    struct tui_rect h, p, c;
    sf_layout(f, f->body, &h, &p, &c);
    return p.h - 2 > 0 ? p.h - 2 : 1;
}

/* ---- Editing --------------------------------------------------------------------- */

static const char *type_hint(const struct step_param *p)
{
    switch (p->type) {
    case SP_INT:    return "a whole number";
    case SP_SIZE:   return "a size, e.g. 2GiB";
    case SP_CLOCK:  return "a clock, e.g. 3GHz";
    case SP_RANGE:  return "start,end in bytes";
    case SP_CHOICE: return p->choices;
    case SP_PATH:   return "a path";
    case SP_TEXT:   break;
    }
    return "text";
}

static int edit_check(void *ctx, const char *text, char *why, size_t cap)
{
    const struct form *f = ctx;
    char err[ERR_LEN];
    if (!*text)
        return 0;   /* empty: back to the default */
    if (step_param_check(f->d, f->params[f->sel].p->name, text, err) == 0)
        return 0;
    snprintf(why, cap, "%s", err);
    return -1;
}

static int edit_complete(void *ctx, const char *text, char *out, size_t cap, char *list,
                         size_t list_cap)
{
    const struct step_param *p = ((const struct form *)ctx)->params[((const struct form *)
                                                                     ctx)->sel].p;
    struct tui_cands c;
    tui_cands_init(&c, text, list, list_cap);
    if (p->type == SP_CHOICE)
        tui_cands_choices(&c, p->choices);
    else if (p->type == SP_PATH)
        tui_cands_paths(&c);
    int n = c.n;
    if (n == 0 || (n > 1 && !strcmp(c.common, text)))
        snprintf(out, cap, "%s", text);
    else
        snprintf(out, cap, "%s", c.common);   /* the whole text is the value: no quoting */
    return n;
}

/* Saves value (NULL: back to the default) as `gem5wb set` does, and shows what changed. */
static void save_param(struct tui *t, struct form *f, const char *value)
{
    const struct fparam *fp = &f->params[f->sel];
    char key[160], err[ERR_LEN];
    snprintf(key, sizeof key, "%s.%s", f->d->id, fp->p->name);
    ws_reload(f->w, err);   /* a gem5wb in a shell may have saved meanwhile */
    if (value)
        ws_set_setting(f->w, key, value);
    else
        ws_unset_setting(f->w, key);
    if (ws_save(f->w, err) != 0) {
        tui_message(t, THEME_ERROR, "%s", err);
        return;
    }
    form_load(t, f);
    if (value)
        tui_message(t, THEME_OK, "%s = %s (saved in the workspace)", key, value);
    else
        tui_message(t, THEME_OK, "%s back to its default%s%s", key, fp->has_value ? ": " : "",
                    fp->value);
}

static void edit_done(struct tui *t, void *ctx, const char *text)
{
    struct form *f = ctx;
    char err[ERR_LEN];
    if (*text && step_param_check(f->d, f->params[f->sel].p->name, text, err) != 0) {
        tui_message(t, THEME_ERROR, "%s", err);   /* the prompt refuses it; kept for safety */
        return;
    }
    save_param(t, f, *text ? text : NULL);
}

static void edit(struct tui *t, struct form *f)
{
    const struct fparam *fp = &f->params[f->sel];
    char label[200];
    snprintf(label, sizeof label, "%s (%s): ", fp->p->name, type_hint(fp->p));
    struct tui_prompt_spec s = {
        .label = label, .initial = fp->value, .check = edit_check, .done = edit_done, .ctx = f,
        .complete = fp->p->type == SP_CHOICE || fp->p->type == SP_PATH ? edit_complete : NULL,
    };
    tui_prompt(t, &s);
}

static void select_param(struct form *f, int delta)
{
    if ((delta < 0 && f->sel == 0) || (delta > 0 && f->sel + 1 >= f->np))
        return;
    f->sel += delta < 0 ? (size_t)-1 : 1;
    size_t vis = (size_t)visible_params(f);
    if (f->sel < f->top)
        f->top = f->sel;
    else if (f->sel >= f->top + vis)
        f->top = f->sel + 1 - vis;
}

static void scroll_cmds(struct form *f, int dir)
{
    struct tui_rect h, p, c;
    sf_layout(f, f->body, &h, &p, &c);
    int page = c.h - 2 > 1 ? c.h - 3 : 1, most = sf_cmd_rows(f, c.w - 4) - (c.h - 2);
    f->cmd_top += dir * page;
    if (f->cmd_top > most)
        f->cmd_top = most;
    if (f->cmd_top < 0)
        f->cmd_top = 0;
}

static int sf_action(struct tui *t, void *priv, int action)
{
    struct form *f = priv;
    switch (action) {
    case SF_UP:   select_param(f, -1); return TUI_HANDLED;
    case SF_DOWN: select_param(f, 1); return TUI_HANDLED;
    case SF_PGUP: scroll_cmds(f, -1); return TUI_HANDLED;
    case SF_PGDN: scroll_cmds(f, 1); return TUI_HANDLED;
    case SF_RUN:  tui_job_start_step(t, f->w->root, f->d->id); return TUI_HANDLED;
    case SF_EDIT:
        if (f->np)
            edit(t, f);
        else
            tui_message(t, THEME_DIM, "%s has no parameters", f->d->id);
        return TUI_HANDLED;
    case SF_DEFAULT:
        if (f->np && f->params[f->sel].set)
            save_param(t, f, NULL);
        else if (f->np)
            tui_message(t, THEME_DIM, "%s is at its default already", f->params[f->sel].p->name);
        return TUI_HANDLED;
    }
    return 0;
}
const struct tui_view_ops tui_step_form_view = {
    .name = "step",
    .priv_size = sizeof(struct form),
    .keys = sf_keys,
    .key_count = sizeof sf_keys / sizeof sf_keys[0],
    .open = sf_open,
    .resize = sf_resize,
    .draw = sf_draw,
    .action = sf_action,
    .done = sf_done,
    .resume = sf_resume,
};

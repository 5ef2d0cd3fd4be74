/* Drawing the dashboard: the checklist, the selected step (with its pre-flight
 * findings at the bottom), the host checks, the checkpoints, and the last line with the
 * doctor's first warning and a tip (the known issue a finding or a failed run names). */
#include "tui/dash_impl.h"
#include "tui/jobs.h"
#include "tui/theme.h"
#include "tui/tui_impl.h"

#include <stdio.h>
#include <string.h>

static const char *const tips[] = {
    "Enter opens a step", "press : for commands", "? lists the keys", "r runs a step",
    ":theme NAME recolours", "o lists every command run", "Tab completes after :",
    "t lists the known issues",
};
#define NTIPS (sizeof tips / sizeof tips[0])

static const char *mark(const struct tui *t, enum step_status s, int *slot)
{
    static const char *const utf8[] = { "\u25cb", "\u25b6", "\u2714", "\u2718", "\u2718",
                                        "~", "!" };
    static const char *const ascii[] = { "[ ]", "[>]", "[x]", "[F]", "[C]", "[~]", "[!]" };
    *slot = s == STEP_OK ? THEME_OK : s == STEP_FAILED ? THEME_ERROR
          : s == STEP_NEW ? THEME_DIM : THEME_WARNING;
    return tui_ascii(t) ? ascii[s] : utf8[s];
}

static void draw_steps(struct tui *t, const struct dash *d, struct tui_rect r)
{
    tui_box(t, r, "Workflow", d->w->root);
    for (size_t i = 0; i < d->n && (int)i < r.h - 2; i++) {
        int y = r.y + 1 + (int)i, sel = i == d->sel, slot;
        int job = tui_jobs_find_step(t, d->w->root, step_table[i]->id);
        enum step_status s = job >= 0 ? STEP_RUNNING : d->status[i];
        const char *m = mark(t, s, &slot);
        char info[320];
        tui_fill(y, r.x + 1, r.w - 2, sel ? THEME_SELECTED : THEME_NORMAL);
        tui_text(t, y, r.x + 1, 1, THEME_SELECTED, sel ? tui_marker(t) : " ", 0);
        tui_text(t, y, r.x + 3, 3, sel ? THEME_SELECTED : slot, m, 0);
        tui_text(t, y, r.x + 7, 19, sel ? THEME_SELECTED : THEME_NORMAL, step_table[i]->id, 0);
        if (job >= 0)
            snprintf(info, sizeof info, "running   job %d: Enter follows it", job + 1);
        else
            snprintf(info, sizeof info, "%-9s %s", step_status_name(s), d->why[i]);
        tui_text(t, y, r.x + 27, r.w - 29, sel ? THEME_SELECTED : job >= 0 ? THEME_WARNING
                 : THEME_DIM, info, 0);
    }
}

/* text over as many lines as it needs (up to bottom); returns the next free row. */
static int wrapped(const struct tui *t, int y, int x, int w, int bottom, int slot,
                   const char *text)
{
    char part[1024];
    while (*text && y < bottom) {
        size_t n = tui_wrap(text, w);
        if (!n)
            n = strlen(text);
        snprintf(part, sizeof part, "%.*s", (int)(n < sizeof part ? n : sizeof part - 1), text);
        tui_text(t, y++, x, w, slot, part, 0);
        text += n;
        while (*text == ' ')
            text++;
    }
    return y;
}

/* "needs clone ✔  build-gem5 ○": the earlier steps and whether they are done. */
static void needs_line(const struct tui *t, const struct dash *d, char *out, size_t cap)
{
    const struct step_def *s = step_table[d->sel];
    size_t len = (size_t)snprintf(out, cap, "needs");
    for (size_t i = 0; i < 4 && s->needs[i] && len < cap; i++) {
        size_t k = 0;
        while (k < d->n && strcmp(step_table[k]->id, s->needs[i]))
            k++;
        int slot;
        len += (size_t)snprintf(out + len, cap - len, " %s %s", s->needs[i],
                                k < d->n ? mark(t, d->status[k], &slot) : "?");
    }
    if (!s->needs[0])
        snprintf(out, cap, "needs no earlier step");
}

/* ---- Pre-flight findings and the tip ------------------------------------------ */

#define FROWS 12

struct frow {
    int slot;
    const char *sev;             /* "fail", "warn", or NULL (a note) */
    char text[ERR_LEN + 64];
};

static int worst_first(const struct pf_finding *f)
{
    return f->sev == PF_FAIL ? 0 : 1;
}

void dash_finding_text(const struct dash *d, const struct pf_finding *f, int with_id,
                       char *buf, size_t cap)
{
    size_t len = (size_t)snprintf(buf, cap, "%s%s", with_id ? f->kb_id : "",
                                  with_id && f->kb_id[0] ? ": " : "");
    size_t root = strlen(d->w->root);
    for (const char *p = f->what; *p && len + 1 < cap;)   /* paths as the workspace sees them */
        if (!strncmp(p, d->w->root, root) && p[root] == '/')
            p += root + 1;
        else
            buf[len++] = *p++;
    buf[len < cap ? len : cap - 1] = '\0';
}

/* A finding over at most two rows: its severity word, then what it found and its entry. */
static int finding_rows(const struct dash *d, const struct pf_finding *f, struct frow *r,
                        int room, int w)
{
    char text[900];
    dash_finding_text(d, f, 1, text, sizeof text);
    size_t n = tui_wrap_fill(text, w - 6);
    if (!n || n > strlen(text))
        n = strlen(text);
    int slot = f->sev == PF_FAIL ? THEME_ERROR : THEME_WARNING;
    r[0] = (struct frow){ slot, pf_sev_name(f->sev), "" };
    snprintf(r[0].text, sizeof r[0].text, "%.*s", (int)n, text);
    const char *rest = text + n + strspn(text + n, " ");
    if (!*rest || room < 2)
        return 1;
    r[1] = (struct frow){ THEME_NORMAL, "", "" };
    snprintf(r[1].text, sizeof r[1].text, "%s", rest);
    return 2;
}

/* The rows the selected step's findings take: a heading, then warn and fail findings. */
static int findings_layout(const struct dash *d, struct frow *r, int max, int w)
{
    const struct dpf_step *s = dpf_get(&d->pf, d->sel);
    int n = 1, shown = 0, total = 0;
    for (size_t i = 0; s && i < s->rep.n; i++)
        total += s->rep.items[i].sev >= PF_WARN;
    r[0] = (struct frow){ THEME_DIM, NULL, "" };
    if (!s || (s->state != DPF_DONE && !total))
        snprintf(r[0].text, sizeof r[0].text, "pre-flight: checking\u2026");
    else if (!s->ok && !total)
        snprintf(r[0].text, sizeof r[0].text, "pre-flight: cannot check: %s", s->err);
    else if (!total)
        snprintf(r[0].text, sizeof r[0].text, "pre-flight: nothing found");
    else
        snprintf(r[0].text, sizeof r[0].text, "pre-flight: %d finding%s (t: details)%s", total,
                 total == 1 ? "" : "s", s->state == DPF_DONE ? "" : ", checking again\u2026");
    for (int pass = 0; pass < 2; pass++)            /* fail findings first */
        for (size_t i = 0; s && i < s->rep.n; i++) {
            const struct pf_finding *f = &s->rep.items[i];
            if (f->sev < PF_WARN || worst_first(f) != pass || n >= max - (shown + 1 < total))
                continue;
            n += finding_rows(d, f, r + n, max - n - (shown + 1 < total), w);
            shown++;
        }
    if (shown < total && n < max) {
        r[n] = (struct frow){ THEME_DIM, NULL, "" };
        snprintf(r[n++].text, sizeof r[0].text, "%d more (t lists them)", total - shown);
    }
    return n;
}

/* Draws the findings above row `bottom`; returns the row the step's details stop at. */
static int draw_findings(const struct tui *t, const struct dash *d, int x, int bottom, int w,
                         int max)
{
    struct frow r[FROWS];
    int n = findings_layout(d, r, max < FROWS ? max : FROWS, w), y = bottom - n;
    for (int i = 0; i < n; i++) {
        if (r[i].sev)
            tui_text(t, y + i, x, 4, r[i].slot, r[i].sev, 0);
        tui_text(t, y + i, r[i].sev ? x + 6 : x, r[i].sev ? w - 6 : w,
                 r[i].sev ? THEME_NORMAL : r[i].slot, r[i].text, 0);
    }
    return y;
}

const struct kb_entry *dash_tip_entry(const struct tui *t, const struct dash *d, int *job)
{
    const struct dpf_step *s = dpf_get(&d->pf, d->sel);
    const struct kb_entry *e = NULL;
    const char *id;
    *job = -1;
    for (int pass = 0; d->kb && s && pass < 2; pass++)
        for (size_t i = 0; i < s->rep.n; i++) {
            const struct pf_finding *f = &s->rep.items[i];
            if (f->sev >= PF_WARN && worst_first(f) == pass && (e = kb_find(d->kb, f->kb_id)))
                return e;
        }
    int i = d->kb ? tui_jobs_known_issue(t, d->w->root, &id) : -1;
    if (i >= 0 && (e = kb_find(d->kb, id)))
        *job = i;
    return e;
}

/* The selected step: what it does, its parameters, notes, exact commands, what proves it
 * done. */
static void draw_step(const struct tui *t, const struct dash *d, struct tui_rect r)
{
    const struct step_def *s = step_table[d->sel];
    char line[1024];
    int y = r.y + 1, w = r.w - 4;
    int bottom = draw_findings(t, d, r.x + 2, r.y + r.h - 1, w, (r.h - 2) / 2);
    tui_box(t, r, s->title, "Enter: edit, run");
    y = wrapped(t, y, r.x + 2, w, bottom, THEME_NORMAL, s->summary);
    needs_line(t, d, line, sizeof line);
    y = wrapped(t, y, r.x + 2, w, bottom, THEME_DIM, line);
    if (d->values[0])
        y = wrapped(t, y, r.x + 2, w, bottom, THEME_DIM, d->values);
    if (!d->planned) {
        wrapped(t, y, r.x + 2, w, bottom, THEME_WARNING, d->plan_err);
        return;
    }
    for (size_t i = 0; i < d->plan.nnotes && y < bottom; i++)
        y = wrapped(t, y, r.x + 2, w, bottom, THEME_WARNING, d->plan.notes[i]);
    for (size_t i = 0; i < d->plan.ncmds && y < bottom; i++) {
        const struct step_cmd *c = &d->plan.cmds[i];
        size_t len = (size_t)snprintf(line, sizeof line, "%zu. ", i + 1);
        for (size_t a = 0; c->act == ACT_EXEC && c->argv[a] && len < sizeof line; a++)
            len += (size_t)snprintf(line + len, sizeof line - len, "%s ", c->argv[a]);
        if (c->act != ACT_EXEC)
            snprintf(line + len, sizeof line - len, "%s (done by gem5wb)", c->title);
        y = wrapped(t, y, r.x + 2, w, bottom, THEME_NORMAL, line);
    }
    for (size_t i = 0; i < d->plan.nartifacts && y < bottom; i++) {
        snprintf(line, sizeof line, "done when: %s", d->plan.artifacts[i]);
        y = wrapped(t, y, r.x + 2, w, bottom, THEME_DIM, line);
    }
}

static void draw_checkpoints(const struct tui *t, const struct dash *d, struct tui_rect r)
{
    const cJSON *list = cJSON_GetObjectItem(d->w->state, "checkpoints"), *c;
    char line[1024];
    int y = r.y + 1;
    tui_box(t, r, "Checkpoints", NULL);
    cJSON_ArrayForEach(c, list) {
        if (y >= r.y + r.h - 1)
            break;
        const cJSON *p = cJSON_GetObjectItem(c, "path"), *b = cJSON_GetObjectItem(c, "board");
        const cJSON *run = cJSON_GetObjectItem(c, "run");
        snprintf(line, sizeof line, "%s   board %s   from run #%.0f   restored %d times",
                 cJSON_IsString(p) ? p->valuestring : "?", cJSON_IsString(b) ? b->valuestring
                 : "?", cJSON_IsNumber(run) ? run->valuedouble : 0,
                 cJSON_GetArraySize(cJSON_GetObjectItem(c, "restored")));
        tui_text(t, y++, r.x + 2, r.w - 4, THEME_NORMAL, line, 0);
    }
    if (y == r.y + 1)
        tui_text(t, y, r.x + 2, r.w - 4, THEME_DIM, "none yet (take-checkpoint makes them)", 0);
}

/* Each host check: its status as a word (colour only helps), title and finding. */
static void draw_host(const struct tui *t, const struct dash *d, struct tui_rect r)
{
    static const int slots[] = { THEME_OK, THEME_WARNING, THEME_ERROR };
    char line[700];
    tui_box(t, r, "This machine", "d: gem5wb doctor");
    for (size_t i = 0; i < d->nhost && (int)i < r.h - 2; i++) {
        const struct doctor_check *c = &d->host[i];
        snprintf(line, sizeof line, "%-13s %s", c->id, c->detail);
        tui_text(t, r.y + 1 + (int)i, r.x + 2, 4, slots[c->status],
                 doctor_status_name(c->status), 0);
        tui_text(t, r.y + 1 + (int)i, r.x + 7, r.w - 9, THEME_NORMAL, line, 0);
    }
}

/* The last row: the doctor's first warning at the left, a tip at the right: the known
 * issue a finding or a failed run points at (t shows it), else one about the keys. */
static void draw_status(const struct tui *t, const struct dash *d, int y, int x, int w)
{
    char tip[300];
    int job;
    const struct kb_entry *e = dash_tip_entry(t, d, &job);
    const char *dash = tui_ascii(t) ? "-" : "\u2014";
    if (e)
        snprintf(tip, sizeof tip, "tip: %s %s t for details", e->title, dash);
    else
        snprintf(tip, sizeof tip, "tip: %s", tips[d->tip % NTIPS]);
    int most = e ? w / 2 : w / 3, tw = tui_text_width(t, tip, most + 1);
    tw = tw < most ? tw : most;
    tui_text(t, y, x + 1, w - tw - 4, d->doctor_slot, d->doctor, 0);
    if (e && tui_text_width(t, tip, most + 1) > most) {   /* the title gives way */
        char tail[64];
        snprintf(tail, sizeof tail, " %s t for details", dash);
        int sw = tui_text_width(t, tail, 64);
        tui_text(t, y, x + w - tw - 1, tw - sw, THEME_WARNING, tip, 0);
        tui_text(t, y, x + w - sw - 1, sw, THEME_WARNING, tail, 0);
        return;
    }
    tui_text(t, y, x + w - tw - 1, tw, e ? THEME_WARNING : THEME_DIM, tip, 0);
}

void dash_draw(struct tui *t, const void *priv, struct tui_rect b)
{
    const struct dash *d = priv;
    int nck = cJSON_GetArraySize(cJSON_GetObjectItem(d->w->state, "checkpoints"));
    int ck_h = nck + 2 < 3 ? 3 : nck + 2 > 6 ? 6 : nck + 2;
    int top_h = b.h - 1 - ck_h, left = b.w / 2;
    if (top_h < (int)d->n + 2 && b.h - 1 - (int)d->n - 2 >= 3) {
        top_h = (int)d->n + 2;          /* the checklist first, the checkpoints squeezed */
        ck_h = b.h - 1 - top_h;
    }
    int steps_h = (int)d->n + 2, host_h = top_h - steps_h;
    if (host_h < 4)
        steps_h = top_h, host_h = 0;    /* no room: the checklist alone */
    draw_steps(t, d, (struct tui_rect){ b.y, b.x, steps_h, left });
    if (host_h)
        draw_host(t, d, (struct tui_rect){ b.y + steps_h, b.x, host_h, left });
    draw_step(t, d, (struct tui_rect){ b.y, b.x + left, top_h, b.w - left });
    draw_checkpoints(t, d, (struct tui_rect){ b.y + top_h, b.x, ck_h, b.w });
    draw_status(t, d, b.y + b.h - 1, b.x, b.w);
}


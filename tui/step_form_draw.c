/* Drawing the step form: the step box, the parameter rows with value, origin and help,
 * and the command lines wrapped and scrolled. */
#include "tui/step_form_impl.h"
#include "tui/command.h"
#include "tui/theme.h"
#include "tui/tui_impl.h"

#include <stdio.h>
#include <string.h>

void sf_layout(const struct form *f, struct tui_rect b, struct tui_rect *head,
               struct tui_rect *params, struct tui_rect *cmds)
{
    int ph = (int)(f->np ? f->np : 1) + 2, most = b.h - HEAD_H - CMDS_MIN_H;
    if (ph > most)
        ph = most < 3 ? 3 : most;
    *head = (struct tui_rect){ b.y, b.x, HEAD_H, b.w };
    *params = (struct tui_rect){ b.y + HEAD_H, b.x, ph, b.w };
    *cmds = (struct tui_rect){ b.y + HEAD_H + ph, b.x, b.h - HEAD_H - ph, b.w };
}

/* Rows the command lines take at this width. */
int sf_cmd_rows(const struct form *f, int width)
{
    int rows = 0;
    for (size_t i = 0; i < f->nlines; i++) {
        const char *s = f->lines[i].text;
        int w = width - f->lines[i].indent;
        do {
            size_t n = tui_wrap(s, w > 8 ? w : 8);
            s += n ? n : strlen(s);
            while (*s == ' ')
                s++;
            rows++;
        } while (*s);
    }
    return rows;
}

static void draw_head(const struct tui *t, const struct form *f, struct tui_rect r)
{
    char title[160], line[700];
    int slot = f->status == STEP_OK ? THEME_OK : f->status == STEP_FAILED ? THEME_ERROR
             : f->status == STEP_NEW ? THEME_NORMAL : THEME_WARNING;
    snprintf(title, sizeof title, "Step: %s", f->d->title);
    tui_box(t, r, title, f->d->id);
    tui_text(t, r.y + 1, r.x + 2, r.w - 4, THEME_NORMAL, f->d->summary, 0);
    snprintf(line, sizeof line, "status %s%s%s", step_status_name(f->status),
             f->why[0] ? ": " : "", f->why);
    tui_text(t, r.y + 2, r.x + 2, r.w - 4, slot, line, 0);
    tui_text(t, r.y + 3, r.x + 2, r.w - 4, THEME_DIM, f->needs, 0);
}

static void param_tag(const struct fparam *fp, char *out, size_t cap)
{
    if (fp->set && fp->has_def)
        snprintf(out, cap, "set (default %s)", fp->def);
    else if (fp->set)
        snprintf(out, cap, "set (no default)");
    else if (fp->has_value)
        snprintf(out, cap, "default");
    else
        snprintf(out, cap, "%s", fp->p->required ? "required: not set" : "unset");
}

/* The value and tag columns, as wide as their widest entry within limits. */
static void columns(const struct tui *t, const struct form *f, int inner, int *vw, int *tw)
{
    char tag[VALUE_MAX + 32];
    *vw = 8;
    *tw = 9;
    for (size_t i = 0; i < f->np; i++) {
        const struct fparam *fp = &f->params[i];
        int v = tui_text_width(t, fp->has_value ? fp->value : "-", TEXT_MAX) + 2;
        param_tag(fp, tag, sizeof tag);
        int g = tui_text_width(t, tag, TEXT_MAX) + 2;
        *vw = v > *vw ? v : *vw;
        *tw = g > *tw ? g : *tw;
    }
    *vw = *vw > inner * 2 / 5 ? inner * 2 / 5 : *vw;
    *tw = *tw > inner / 4 ? inner / 4 : *tw;
}

static void draw_param(const struct tui *t, const struct fparam *fp, int y, struct tui_rect r,
                       int sel, int vw, int tw)
{
    int inner = r.w - 2, x = r.x + 1;
    char tag[VALUE_MAX + 32];
    int vslot = sel ? THEME_SELECTED : fp->set ? THEME_NORMAL : fp->has_value ? THEME_DIM
              : fp->p->required ? THEME_WARNING : THEME_DIM;
    param_tag(fp, tag, sizeof tag);
    tui_fill(y, x, inner, sel ? THEME_SELECTED : THEME_NORMAL);
    tui_text(t, y, x, 1, THEME_SELECTED, sel ? tui_marker(t) : " ", 0);
    tui_text(t, y, x + 2, 15, sel ? THEME_SELECTED : THEME_NORMAL, fp->p->name, 0);
    tui_text(t, y, x + 18, vw - 1, vslot, fp->has_value ? fp->value : "-", 0);
    tui_text(t, y, x + 18 + vw, tw - 1, sel ? THEME_SELECTED : THEME_DIM, tag, 0);
    tui_text(t, y, x + 18 + vw + tw, inner - 18 - vw - tw, sel ? THEME_SELECTED : THEME_DIM,
             fp->p->help, 0);
}

static void draw_params(const struct tui *t, const struct form *f, struct tui_rect r)
{
    char note[300];
    int vw, tw;
    columns(t, f, r.w - 2, &vw, &tw);
    if (f->np)   /* the selected one's help in full, which its row may crop */
        snprintf(note, sizeof note, "%s%.200s  %zu/%zu", f->params[f->sel].p->required ?
                 "required: " : "", f->params[f->sel].p->help, f->sel + 1, f->np);
    tui_box(t, r, "Parameters", f->np ? note : NULL);
    if (!f->np)
        tui_text(t, r.y + 1, r.x + 2, r.w - 4, THEME_DIM, "this step has no parameters", 0);
    for (size_t i = f->top; i < f->np && (int)(i - f->top) < r.h - 2; i++)
        draw_param(t, &f->params[i], r.y + 1 + (int)(i - f->top), r, i == f->sel, vw, tw);
}

static void draw_cmds(const struct tui *t, const struct form *f, struct tui_rect r)
{
    int row = 0, y = r.y + 1, bottom = r.y + r.h - 1, width = r.w - 4;
    char part[TUI_LINE_MAX];
    int more = sf_cmd_rows(f, width) > f->cmd_top + r.h - 2;
    tui_box(t, r, "Command line", more ? "PgDn more" : "r runs it");
    for (size_t i = 0; i < f->nlines && y < bottom; i++) {
        const char *s = f->lines[i].text;
        int ind = f->lines[i].indent, w = width - ind > 8 ? width - ind : 8;
        do {
            size_t n = tui_wrap(s, w);
            n = n ? n : strlen(s);
            snprintf(part, sizeof part, "%.*s", (int)(n < sizeof part ? n : sizeof part - 1), s);
            if (row++ >= f->cmd_top && y < bottom)
                tui_text(t, y++, r.x + 2 + ind, w, f->lines[i].slot, part, 0);
            for (s += n; *s == ' '; s++)
                ;
        } while (*s);
    }
}

void sf_draw(struct tui *t, const void *priv, struct tui_rect b)
{
    const struct form *f = priv;
    struct tui_rect head, params, cmds;
    sf_layout(f, b, &head, &params, &cmds);
    draw_head(t, f, head);
    draw_params(t, f, params);
    if (cmds.h >= 3)
        draw_cmds(t, f, cmds);
}

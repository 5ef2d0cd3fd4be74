/* Drawing the troubleshooting view: the list of entries (id, title, tools) and the
 * selected one's detail, laid out once as wrapped rows so that drawing only copies. */
#include "tui/kb_impl.h"
#include "tui/theme.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROW_MAX 1024     /* bytes of one detail row */

void kbv_rows_free(struct kbv *v)
{
    for (size_t i = 0; i < v->nrows; i++)
        free(v->rows[i].text);
    free(v->rows);
    v->rows = NULL;
    v->nrows = 0;
}

static void add_row(struct kbv *v, int slot, const char *text)
{
    struct kbv_row *r = realloc(v->rows, (v->nrows + 1) * sizeof *r);
    char *copy = strdup(text);
    if (!r || !copy) {               /* out of memory: the detail ends here */
        free(copy);
        v->rows = r ? r : v->rows;
        return;
    }
    v->rows = r;
    v->rows[v->nrows++] = (struct kbv_row){ slot, copy };
}

/* text wrapped at the pane's width: the first row starts with `first`, the others with
 * `cont` (blanks, so that numbered steps hang); '\n' starts a new row. */
static void add_wrapped(struct kbv *v, int slot, const char *first, const char *cont,
                        const char *text)
{
    const char *lead = first;
    char row[ROW_MAX];
    do {
        int w = v->width - (int)strlen(lead);
        size_t para = strcspn(text, "\n"), n = tui_wrap_fill(text, w > 8 ? w : 8);
        if (n == 0 || n > para)
            n = para;
        snprintf(row, sizeof row, "%s%.*s", lead, (int)n, text);
        add_row(v, slot, row);
        text += n;
        text += strspn(text, " ");
        if (*text == '\n')
            text++;
        lead = cont;
    } while (*text);
}

/* "word word word" from a list. */
static void join(char *const *list, size_t n, char *out, size_t cap)
{
    size_t len = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n && len < cap; i++)
        len += (size_t)snprintf(out + len, cap - len, "%s%s", i ? " " : "", list[i]);
}

static void layout_head(struct kbv *v, const struct kb_entry *e)
{
    char tools[256], steps[256], line[ROW_MAX];
    add_wrapped(v, THEME_HEADING, "", "", e->title);
    join(e->tools, e->ntools, tools, sizeof tools);
    join(e->steps, e->nsteps, steps, sizeof steps);
    snprintf(line, sizeof line, "tools: %s   steps: %s", tools[0] ? tools : "any",
             steps[0] ? steps : "any");
    add_wrapped(v, THEME_DIM, "", "  ", line);
    if (!e->commit_from && !e->commit_to)
        snprintf(line, sizeof line, "applies to: every commit of the fork");
    else                             /* "to" is exclusive: the commit that fixed it */
        snprintf(line, sizeof line, "applies to: the fork's commits%s%s%s%s",
                 e->commit_from ? " from " : "", e->commit_from ? e->commit_from : "",
                 e->commit_to ? " up to (not including) " : " on",
                 e->commit_to ? e->commit_to : "");
    add_wrapped(v, THEME_DIM, "", "  ", line);
    if (e->commit_text && *e->commit_text)
        add_wrapped(v, THEME_DIM, "  ", "  ", e->commit_text);
}

static void layout_seen(struct kbv *v, const struct kb_entry *e)
{
    char line[ROW_MAX];
    add_row(v, THEME_NORMAL, "");
    add_row(v, THEME_HEADING, "What you see");
    for (size_t i = 0; i < e->npatterns; i++) {
        const struct kb_pattern *p = &e->patterns[i];
        snprintf(line, sizeof line, "%s%s\"%s\"%s%s", p->tool[0] ? p->tool : "",
                 p->tool[0] ? ": " : "", p->text, p->regex ? "  matching " : "",
                 p->regex ? p->regex : "");
        add_wrapped(v, THEME_NORMAL, "  ", "    ", line);
    }
    if (!e->npatterns)
        add_row(v, THEME_DIM, "  (no output reveals it: the pre-flight check or the fix "
                "steps tell)");
    int first = 1;
    for (size_t i = 0; i < v->nseen; i++) {
        if (strcmp(v->seen[i].id, e->id) != 0)
            continue;
        if (first) {
            snprintf(line, sizeof line, "Seen in %s", v->seen_in[0] ? v->seen_in : "here");
            add_wrapped(v, THEME_WARNING, "", "  ", line);
            first = 0;
        }
        add_wrapped(v, THEME_WARNING, "  ", "    ", v->seen[i].text);
    }
}

static void layout_fix(struct kbv *v, const struct kb_entry *e)
{
    char line[ROW_MAX], lead[32];
    add_row(v, THEME_NORMAL, "");
    add_row(v, THEME_HEADING, "Why");
    add_wrapped(v, THEME_NORMAL, "  ", "  ", e->explain);
    add_row(v, THEME_NORMAL, "");
    add_row(v, THEME_HEADING, "Fix");
    for (size_t i = 0; i < e->nfix; i++) {
        snprintf(lead, sizeof lead, "  %zu. ", i + 1);
        add_wrapped(v, THEME_NORMAL, lead, i + 1 < 10 ? "     " : "      ", e->fix[i]);
    }
    add_row(v, THEME_NORMAL, "");
    if (e->preflight[0])
        snprintf(line, sizeof line, "Pre-flight check: %s (the dashboard runs it for the "
                 "selected step and names this entry when it predicts it)", e->preflight);
    else
        snprintf(line, sizeof line, "Pre-flight check: none predicts it");
    add_wrapped(v, THEME_DIM, "", "  ", line);
    if (e->action[0])
        snprintf(line, sizeof line, "a: apply fix: %s (as `gem5wb fix %s` does: the change "
                 "is shown first)", e->action, e->id);
    else
        snprintf(line, sizeof line, "No fix gem5wb applies: follow the steps above.");
    add_wrapped(v, e->action[0] ? THEME_OK : THEME_DIM, "", "  ", line);
}

void kbv_layout(struct kbv *v)
{
    const struct kb_entry *e = kbv_selected(v);
    kbv_rows_free(v);
    if (!e)
        return;
    layout_head(v, e);
    layout_seen(v, e);
    layout_fix(v, e);
    if (v->dtop >= v->nrows)
        v->dtop = 0;
}

int kbv_list_height(const struct kbv *v, int h)
{
    int rows = (int)v->nshown, most = h / 3;
    rows = rows > most ? most : rows < 3 ? 3 : rows;
    return rows + 2;
}

/* One row of the list: marker, id, title, tools at the right. */
static void draw_entry(const struct tui *t, const struct kb_entry *e, int sel, int y, int x,
                       int w, int idw)
{
    char tools[128];
    int slot = sel ? THEME_SELECTED : THEME_NORMAL;
    join(e->tools, e->ntools, tools, sizeof tools);
    int tw = (int)strlen(tools) < 18 ? (int)strlen(tools) : 18;
    tui_fill(y, x, w, slot);
    if (sel)
        tui_text(t, y, x, 1, slot, tui_marker(t), 0);
    tui_text(t, y, x + 2, idw, slot, e->id, 0);
    tui_text(t, y, x + 4 + idw, w - idw - tw - 7, slot, e->title, 0);
    tui_text(t, y, x + w - tw - 1, tw, sel ? slot : THEME_DIM, tools, 0);
}

static void draw_list(const struct tui *t, const struct kbv *v, struct tui_rect r)
{
    char title[512], note[64];
    int idw = 8;
    if (v->only_seen)
        snprintf(title, sizeof title, "Seen in %s", v->seen_in[0] ? v->seen_in : "here");
    else
        snprintf(title, sizeof title, "Known issues");
    if (v->query[0])
        snprintf(title + strlen(title), sizeof title - strlen(title), ", with '%s'", v->query);
    snprintf(note, sizeof note, "%zu of %zu", v->nshown ? v->sel + 1 : 0, v->nshown);
    tui_box(t, r, title, note);
    for (size_t i = 0; i < v->nshown; i++) {
        int n = (int)strlen(v->kb->entries[v->shown[i]].id);
        idw = n > idw ? n : idw;
    }
    idw = idw > r.w / 3 ? r.w / 3 : idw;
    for (int i = 0; i < r.h - 2 && v->top + (size_t)i < v->nshown; i++) {
        size_t k = v->top + (size_t)i;
        draw_entry(t, &v->kb->entries[v->shown[k]], k == v->sel, r.y + 1 + i, r.x + 1,
                   r.w - 2, idw);
    }
    if (!v->nshown)
        tui_text(t, r.y + 1, r.x + 2, r.w - 4, THEME_DIM, "no entries", 0);
}

static void draw_detail(const struct tui *t, const struct kbv *v, struct tui_rect r)
{
    const struct kb_entry *e = kbv_selected(v);
    char note[96] = "";
    int rows = r.h - 2;
    if (e && v->nrows > (size_t)rows)
        snprintf(note, sizeof note, "rows %zu-%zu of %zu (PgDn/PgUp)%s", v->dtop + 1,
                 v->dtop + (size_t)rows < v->nrows ? v->dtop + (size_t)rows : v->nrows,
                 v->nrows, e->action[0] ? "  a: apply fix" : "");
    else if (e && e->action[0])
        snprintf(note, sizeof note, "a: apply fix");
    tui_box(t, r, e ? e->id : NULL, note[0] ? note : NULL);
    for (int i = 0; i < rows && v->dtop + (size_t)i < v->nrows; i++) {
        const struct kbv_row *row = &v->rows[v->dtop + (size_t)i];
        tui_text(t, r.y + 1 + i, r.x + 2, r.w - 4, row->slot, row->text, 0);
    }
}

void kbv_draw(struct tui *t, const void *priv, struct tui_rect b)
{
    const struct kbv *v = priv;
    int lh = kbv_list_height(v, b.h);
    draw_list(t, v, (struct tui_rect){ b.y, b.x, lh, b.w });
    draw_detail(t, v, (struct tui_rect){ b.y + lh, b.x, b.h - lh, b.w });
}

/* The troubleshooting view: the known issues listed (all of them, or those a job's
 * output or the pre-flight checks pointed at), `/` narrows them by words, the selected
 * one's detail scrolls below, `a` applies its fix. Also the session's knowledge base. */
#include "tui/kb_impl.h"
#include "tui/theme.h"
#include "tui/tui_impl.h"

#include "core/util/err.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct kb *tui_kb(struct tui *t)
{
    char err[ERR_LEN];
    if (t->kb || t->kb_tried)
        return t->kb;
    t->kb_tried = 1;
    struct kb *kb = calloc(1, sizeof *kb);
    if (kb && kb_load_default(kb, err) == 0)
        return t->kb = kb;
    tui_message(t, THEME_ERROR, "the knowledge base: %s", kb ? err : "out of memory");
    free(kb);
    return NULL;
}

void tui_kb_free(struct tui *t)
{
    if (t->kb)
        kb_free(t->kb);
    free(t->kb);
    t->kb = NULL;
}

enum { KBV_UP = TUI_ACT_VIEW, KBV_DOWN, KBV_FIRST, KBV_LAST, KBV_PGDN, KBV_PGUP, KBV_SEARCH,
       KBV_APPLY, KBV_BACK };

static const struct tui_key kbv_keys[] = {
    { { KEY_UP, 'k' },    "up",     "previous entry",                          KBV_UP, 1 },
    { { KEY_DOWN, 'j' },  "down",   "next entry",                              KBV_DOWN, 1 },
    { { '/' },            "search", "show the entries that have every word typed (id, "
      "title, explanation, fix, tools, steps; any case)", KBV_SEARCH, 1 },
    { { 'a' },            "apply",  "apply the selected entry's fix: what it needs is asked, "
      "then the change is shown before anything is written", KBV_APPLY, 1 },
    { { KEY_NPAGE, ' ' }, "more",   "scroll the detail down a page",           KBV_PGDN, 1 },
    { { KEY_PPAGE, 'b' }, "back up", "scroll the detail up a page",            KBV_PGUP, 0 },
    { { KEY_HOME, 'g' },  "first",  "first entry",                             KBV_FIRST, 0 },
    { { KEY_END, 'G' },   "last",   "last entry",                              KBV_LAST, 0 },
    { { '?' },            "help",   "show or hide this help",                  TUI_ACT_HELP, 1 },
    { { 'L' - '@' },      "redraw", "redraw the screen",                       TUI_ACT_REDRAW, 0 },
    { { 'q', 27 },        "back",   "clear the search, or go back",            KBV_BACK, 1 },
};

const struct kb_entry *kbv_selected(const struct kbv *v)
{
    return v->sel < v->nshown ? &v->kb->entries[v->shown[v->sel]] : NULL;
}

static void add_shown(struct kbv *v, size_t i, const char *query)
{
    for (size_t k = 0; k < v->nshown; k++)
        if (v->shown[k] == i)
            return;
    if (kb_entry_matches_query(&v->kb->entries[i], query))
        v->shown[v->nshown++] = i;
}

/* The entries that pass the filter (those seen here in the order they were seen, or all
 * of them), keeping the selected one selected when it still passes. Returns how many. */
static size_t refilter(struct kbv *v, const char *query)
{
    const struct kb_entry *was = kbv_selected(v), *e;
    v->nshown = 0;
    for (size_t i = 0; v->only_seen && i < v->nseen; i++)
        if ((e = kb_find(v->kb, v->seen[i].id)))
            add_shown(v, (size_t)(e - v->kb->entries), query);
    for (size_t i = 0; !v->only_seen && i < v->kb->n; i++)
        add_shown(v, i, query);
    v->sel = v->top = 0;
    for (size_t i = 0; was && i < v->nshown; i++)
        if (&v->kb->entries[v->shown[i]] == was)
            v->sel = i;
    return v->nshown;
}

static void keep_visible(struct kbv *v)
{
    size_t page = v->list_rows > 0 ? (size_t)v->list_rows : 1;
    if (v->sel < v->top)
        v->top = v->sel;
    if (v->sel >= v->top + page)
        v->top = v->sel - page + 1;
}

/* The list box follows the number of entries shown: the rows of both boxes and the
 * detail's width, from the body's size. */
static void fit(struct kbv *v)
{
    int lh = kbv_list_height(v, v->body_h);
    v->list_rows = lh - 2 > 0 ? lh - 2 : 1;
    v->detail_h = v->body_h - lh - 2 > 1 ? v->body_h - lh - 2 : 1;
    v->width = v->body_w - 4 > 10 ? v->body_w - 4 : 10;
    keep_visible(v);
}

static void select_entry(struct kbv *v, long to)
{
    long last = (long)v->nshown - 1;
    v->sel = to > last ? (size_t)(last > 0 ? last : 0) : to < 0 ? 0 : (size_t)to;
    keep_visible(v);
    v->dtop = 0;
    kbv_layout(v);
}

static int copy_seen(struct kbv *v, const struct tui_kb_arg *a)
{
    if (!a->nseen)
        return 0;
    if (!(v->seen = calloc(a->nseen, sizeof *v->seen)))
        return -1;
    for (size_t i = 0; i < a->nseen; i++, v->nseen++) {
        snprintf(v->seen[i].id, sizeof v->seen[i].id, "%s", a->seen[i].id);
        if (!(v->seen[i].text = strdup(a->seen[i].text ? a->seen[i].text : "")))
            return -1;
    }
    return 0;
}

static void start_query(struct tui *t, struct kbv *v, const char *query)
{
    if (query && *query && refilter(v, query) > 0) {
        snprintf(v->query, sizeof v->query, "%s", query);
        return;
    }
    refilter(v, "");
    if (query && *query)
        tui_message(t, THEME_WARNING, "no known issue has every word of '%s': all %zu shown",
                    query, v->nshown);
}

static void kbv_done(void *priv)
{
    struct kbv *v = priv;
    kbv_apply_free(v);
    kbv_rows_free(v);
    for (size_t i = 0; i < v->nseen; i++)
        free(v->seen[i].text);
    free(v->seen);
    free(v->shown);
}

static int kbv_open(struct tui *t, void *priv, const void *arg)
{
    static const struct tui_kb_arg none;
    const struct tui_kb_arg *a = arg ? arg : &none;
    struct kbv *v = priv;
    if (!(v->kb = tui_kb(t)))
        return -1;
    v->only_seen = a->only_seen && a->nseen;
    snprintf(v->workspace, sizeof v->workspace, "%s", a->workspace ? a->workspace : "");
    snprintf(v->seen_in, sizeof v->seen_in, "%s", a->seen_in ? a->seen_in : "");
    if (!(v->shown = calloc(v->kb->n ? v->kb->n : 1, sizeof *v->shown)) || copy_seen(v, a)) {
        tui_message(t, THEME_ERROR, "out of memory opening the known issues");
        kbv_done(v);                  /* the frame frees v, not what it holds */
        return -1;
    }
    start_query(t, v, a->query);
    for (size_t i = 0; a->select && i < v->nshown; i++)
        if (!strcmp(v->kb->entries[v->shown[i]].id, a->select))
            v->sel = i;
    struct tui_rect b = tui_body_rect(t);
    v->body_h = b.h, v->body_w = b.w;
    fit(v);
    kbv_layout(v);
    return 0;
}

static void kbv_resize(struct tui *t, void *priv, struct tui_rect b)
{
    (void)t;
    struct kbv *v = priv;
    v->body_h = b.h, v->body_w = b.w;
    fit(v);
    kbv_layout(v);
}

static void search_done(struct tui *t, void *ctx, const char *text)
{
    struct kbv *v = ctx;
    char before[sizeof v->query];
    snprintf(before, sizeof before, "%s", v->query);
    if (refilter(v, text) == 0) {
        refilter(v, before);
        tui_message(t, THEME_WARNING, "no known issue has every word of '%s'%s", text,
                    v->only_seen ? " among those seen here" : "");
    } else {
        snprintf(v->query, sizeof v->query, "%s", text);
        if (*text)
            tui_message(t, THEME_MESSAGE, "%zu entr%s every word of '%s' (Esc shows all)",
                        v->nshown, v->nshown == 1 ? "y has" : "ies have", text);
    }
    fit(v);
    select_entry(v, (long)v->sel);
}

static int go_back(struct tui *t, struct kbv *v)
{
    if (!v->query[0]) {
        tui_pop(t);                 /* frees v */
        return TUI_HANDLED;
    }
    v->query[0] = '\0';
    refilter(v, "");
    fit(v);
    select_entry(v, (long)v->sel);
    return TUI_HANDLED;
}

static void scroll_detail(struct kbv *v, int pages)
{
    long page = v->detail_h > 1 ? v->detail_h - 1 : 1, to = (long)v->dtop + pages * page;
    long last = (long)v->nrows - v->detail_h;
    v->dtop = (size_t)(to > last ? (last > 0 ? last : 0) : to < 0 ? 0 : to);
}

static int kbv_action(struct tui *t, void *priv, int action)
{
    struct kbv *v = priv;
    long sel = (long)v->sel;
    switch (action) {
    case KBV_UP:     select_entry(v, sel - 1); break;
    case KBV_DOWN:   select_entry(v, sel + 1); break;
    case KBV_FIRST:  select_entry(v, 0); break;
    case KBV_LAST:   select_entry(v, (long)v->nshown - 1); break;
    case KBV_PGDN:   scroll_detail(v, 1); break;
    case KBV_PGUP:   scroll_detail(v, -1); break;
    case KBV_APPLY:  kbv_apply_start(t, v); break;
    case KBV_BACK:   return go_back(t, v);
    case KBV_SEARCH:
        tui_prompt(t, &(struct tui_prompt_spec){ .label = "search the known issues: ",
                                                 .initial = v->query, .done = search_done,
                                                 .ctx = v });
        break;
    default:
        return 0;
    }
    return TUI_HANDLED;
}

const struct tui_view_ops tui_kb_view = {
    .name = "known issues",
    .priv_size = sizeof(struct kbv),
    .keys = kbv_keys,
    .key_count = sizeof kbv_keys / sizeof kbv_keys[0],
    .open = kbv_open,
    .resize = kbv_resize,
    .draw = kbv_draw,
    .action = kbv_action,
    .done = kbv_done,
};

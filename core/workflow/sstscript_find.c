/* Finding a setting's value bytes in an SST script: top-level assignments, the items of
 * the gem5 `cmd = [...]` list, string dict entries; and planning their replacement. */
#include "core/workflow/sstscript.h"
#include "core/workflow/sstscript_impl.h"

#include <stdlib.h>
#include <string.h>

static const struct sst_tok *tok(const struct sst_plan *pl, size_t i)
{
    return i < pl->toks.n ? &pl->toks.v[i] : NULL;
}

static bool is_op(const struct sst_plan *pl, size_t i, const char *op)
{
    const struct sst_tok *t = tok(pl, i);
    return t && sst_tok_is(pl->src, t, STK_OP, op);
}

/* `name =` (not `==`) starting a logical line at `indent` (-1: any). */
static bool assigns(const struct sst_plan *pl, size_t i, const char *name, long indent)
{
    const struct sst_tok *t = tok(pl, i);
    return t->line_start && (indent < 0 || t->indent == (size_t)indent) &&
           sst_tok_is(pl->src, t, STK_NAME, name) && is_op(pl, i + 1, "=") &&
           !is_op(pl, i + 2, "=") && tok(pl, i + 2) && tok(pl, i + 2)->kind != STK_NEWLINE;
}

int sst_find_var(const struct sst_plan *pl, const char *name, struct sst_target *tg)
{
    long found = -1;
    for (size_t i = 0; i < pl->toks.n; i++)
        if (assigns(pl, i, name, 0))
            found = (long)i;   /* the last one is the value the script runs with */
    if (found < 0)
        return -1;
    size_t first = (size_t)found + 2, last = first;
    while (tok(pl, last + 1) && tok(pl, last + 1)->kind != STK_NEWLINE)
        last++;
    const struct sst_tok *a = tok(pl, first), *b = tok(pl, last);
    if (first == last && a->kind == STK_STRING)
        *tg = (struct sst_target){ a->body, a->body_len, a };
    else
        *tg = (struct sst_target){ a->off, b->off + b->len - a->off, NULL };
    return 0;
}

/* The VALUE of "--opt=VALUE" / "--opt VALUE" in a string item, trailing blanks left out. */
static bool item_value(const struct sst_plan *pl, const struct sst_tok *t, const char *opt,
                       struct sst_target *v)
{
    const char *b = pl->src + t->body;
    size_t bl = t->body_len, ol = strlen(opt), i = ol;
    if (bl <= ol || memcmp(b, opt, ol))
        return false;
    if (b[i] == '=') {
        i++;
    } else {
        size_t start = i;
        while (i < bl && (b[i] == ' ' || b[i] == '\t' || b[i] == '\\' || b[i] == '\r' || b[i] == '\n'))
            i++;   /* blanks and backslash-newline continuations inside the string */
        if (i == start)
            return false;   /* --opt-longer: another option */
    }
    size_t end = bl;
    while (end > i && (b[end - 1] == ' ' || b[end - 1] == '\t'))
        end--;
    *v = (struct sst_target){ t->body + i, end - i, t };
    return true;
}

/* The `[` of a `cmd = [` at index i, or 0. */
static size_t cmd_list(const struct sst_plan *pl, size_t i)
{
    return assigns(pl, i, "cmd", -1) && is_op(pl, i + 2, "[") ? i + 2 : 0;
}

size_t sst_each_item(struct sst_plan *pl, const char *opt, sst_item_fn fn, void *arg)
{
    size_t count = 0;
    for (size_t i = 0; i < pl->toks.n; i++) {
        size_t open = cmd_list(pl, i);
        if (!open)
            continue;
        int d = tok(pl, open)->depth + 1;
        for (size_t j = open + 1; j < pl->toks.n && !(is_op(pl, j, "]") && tok(pl, j)->depth == d); j++) {
            const struct sst_tok *t = tok(pl, j);
            struct sst_target v;
            if (t->kind == STK_STRING && t->depth == d && item_value(pl, t, opt, &v)) {
                count++;
                if (fn)
                    fn(pl, opt, &v, arg);
            }
        }
    }
    return count;
}

void sst_resolve(const struct sst_plan *pl, const struct sst_target *value,
                 struct sst_target *tg, char *var, size_t var_len)
{
    *tg = *value;
    var[0] = '\0';
    const char *v = pl->src + value->off;
    if (!value->str || !value->str->fstr || value->len < 3 || value->len - 2 >= var_len ||
        v[0] != '{' || v[value->len - 1] != '}')
        return;
    for (size_t i = 1; i + 1 < value->len; i++)
        if (!(v[i] == '_' || (v[i] >= 'a' && v[i] <= 'z') || (v[i] >= 'A' && v[i] <= 'Z') ||
              (i > 1 && v[i] >= '0' && v[i] <= '9')))
            return;
    char name[128];
    if (value->len - 2 >= sizeof name)
        return;
    memcpy(name, v + 1, value->len - 2);
    name[value->len - 2] = '\0';
    if (sst_find_var(pl, name, tg) == 0)
        strcpy(var, name);
    else
        *tg = *value;
}

size_t sst_each_entry(struct sst_plan *pl, const char *key, sst_item_fn fn, void *arg)
{
    size_t count = 0;
    for (size_t i = 0; i + 3 < pl->toks.n; i++) {
        const struct sst_tok *k = tok(pl, i), *v = tok(pl, i + 2);
        if (!sst_tok_is(pl->src, k, STK_STRING, key) || !is_op(pl, i + 1, ":") ||
            !(is_op(pl, i + 3, ",") || is_op(pl, i + 3, "}")))
            continue;
        struct sst_target tg = { v->body, v->body_len, v };
        if (v->kind == STK_NAME) {   /* "key" : some_variable, set where it is assigned */
            char name[128];
            if (v->len >= sizeof name)
                continue;
            memcpy(name, pl->src + v->off, v->len);
            name[v->len] = '\0';
            if (sst_find_var(pl, name, &tg) != 0 || !tg.str)
                continue;
        } else if (v->kind != STK_STRING) {
            continue;
        }
        count++;
        if (fn)
            fn(pl, key, &tg, arg);
    }
    return count;
}

char *sst_target_text(const struct sst_plan *pl, const struct sst_target *tg)
{
    return strndup(pl->src + tg->off, tg->len);
}

/* The bytes that replace the target: escaped inside its string, or a new literal. */
static char *replacement(const struct sst_target *tg, const char *value, bool numeric)
{
    if (tg->str)
        return sst_py_escape(value, tg->str->quote, tg->str->fstr, tg->str->raw);
    if (numeric)
        return strdup(value);
    char *body = sst_py_escape(value, '"', false, false);
    char *out = body ? malloc(strlen(body) + 3) : NULL;
    if (out) {
        out[0] = '"';
        strcpy(out + 1, body);
        strcat(out, "\"");
    }
    free(body);
    return out;
}

static bool taken(const struct sst_plan *pl, const struct sst_target *tg)
{
    for (size_t i = 0; i < pl->nedits; i++) {
        const struct patch_edit *e = &pl->edits[i];
        if (tg->off == e->off || (tg->off < e->off + e->len && e->off < tg->off + tg->len))
            return true;
    }
    return false;
}

static int add_change(struct sst_plan *pl, const char *name, const struct sst_target *tg,
                      const char *text)
{
    struct sst_result *r = pl->r;
    struct sst_change *c = realloc(r->changes, (r->nchanges + 1) * sizeof *c);
    if (!c)
        return -1;
    r->changes = c;
    c = &c[r->nchanges];
    c->name = strdup(name);
    c->old_value = sst_target_text(pl, tg);
    c->new_value = strdup(text);
    c->line = sst_line_of(pl->src, tg->off);
    r->nchanges++;
    return c->name && c->old_value && c->new_value ? 0 : -1;
}

void sst_set(struct sst_plan *pl, const char *name, const struct sst_target *tg,
             const char *value, bool numeric)
{
    if (taken(pl, tg))
        return;
    char *text = replacement(tg, value, numeric);
    if (!text) {
        if (tg->str && sst_list_add(&pl->r->warnings, &pl->r->nwarnings, "%s line %u: %s is "
                                    "a raw string that cannot hold '%s'; left as it is",
                                    pl->path, sst_line_of(pl->src, tg->off), name, value))
            pl->failed = 1;
        pl->failed |= !tg->str;
        return;
    }
    if (strlen(text) == tg->len && !memcmp(text, pl->src + tg->off, tg->len)) {
        free(text);
        return;   /* already right */
    }
    struct patch_edit *e = realloc(pl->edits, (pl->nedits + 1) * sizeof *e);
    if (!e || add_change(pl, name, tg, text) != 0) {
        if (e)
            pl->edits = e;
        free(text);
        pl->failed = 1;
        return;
    }
    pl->edits = e;
    pl->edits[pl->nedits++] = (struct patch_edit){ tg->off, tg->len, text };
}

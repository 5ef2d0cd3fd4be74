/* The inspector's section tree: m5.cpt section names grouped by their dotted prefixes
 * (board > processor > cores0 > core), flattened in preorder, with groups that open. */
#include "tui/inspect_impl.h"

#include "core/checkpoint/checkpoint.h"
#include "core/checkpoint/cpt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The trie the names are first sorted into; children keep first-appearance order. */
struct trie {
    char *seg;
    long sec;
    size_t first, next, last;   /* child and sibling links; 0 = none (0 is the root) */
};

struct builder {
    struct trie *t;
    size_t n, cap;
    struct ins_node *out;
    size_t nout;
    int failed;
};

static size_t trie_child(struct builder *b, size_t parent, const char *seg, size_t len)
{
    for (size_t c = b->t[parent].first; c; c = b->t[c].next)
        if (strlen(b->t[c].seg) == len && memcmp(b->t[c].seg, seg, len) == 0)
            return c;
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 64;
        struct trie *p = realloc(b->t, cap * sizeof *p);
        if (!p)
            return b->failed = 1, 0;
        b->t = p;
        b->cap = cap;
    }
    size_t c = b->n++;
    b->t[c] = (struct trie){ strndup(seg, len), -1, 0, 0, 0 };
    if (!b->t[c].seg)
        return b->failed = 1, 0;
    if (b->t[parent].last)
        b->t[b->t[parent].last].next = c;
    else
        b->t[parent].first = c;
    b->t[parent].last = c;
    return c;
}

static void trie_add(struct builder *b, const char *name, long sec)
{
    size_t at = 0;
    for (const char *p = name; !b->failed;) {
        const char *dot = strchr(p, '.');
        size_t len = dot ? (size_t)(dot - p) : strlen(p);
        at = trie_child(b, at, p, len);
        if (!dot || b->failed)
            break;
        p = dot + 1;
    }
    if (!b->failed)
        b->t[at].sec = sec;
}

static char *joined(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    char *s = malloc(la + lb + 2);
    if (s)
        snprintf(s, la + lb + 2, "%s%s%s", a, la ? "." : "", b);
    return s;
}

/* Emits node c and its subtree; a pure group with one child merges into it
 * ("processor.cores0") so chains do not cost a row per level. */
static void emit(struct builder *b, size_t c, const char *parent_path, int depth)
{
    char *label = strdup(b->t[c].seg), *path = joined(parent_path, b->t[c].seg);
    while (label && path && b->t[c].sec < 0 && b->t[c].first &&
           b->t[c].first == b->t[c].last) {
        c = b->t[c].first;
        char *l = joined(label, b->t[c].seg), *p = joined(path, b->t[c].seg);
        free(label), free(path);
        label = l, path = p;
    }
    if (!label || !path) {
        free(label), free(path);
        b->failed = 1;
        return;
    }
    size_t me = b->nout++;
    b->out[me] = (struct ins_node){ label, path, b->t[c].sec, depth, depth == 0, 0 };
    for (size_t k = b->t[c].first; k && !b->failed; k = b->t[k].next)
        emit(b, k, path, depth + 1);
    b->out[me].end = b->nout;
}

int ins_tree_build(struct inspect *in)
{
    const struct cpt *c = in->ck->cpt;
    size_t n = cpt_section_count(c);
    struct builder b = { 0 };
    b.t = calloc(1, sizeof *b.t);   /* the root, with no name */
    if (b.t)
        b.n = b.cap = 1;
    else
        b.failed = 1;
    for (size_t i = 0; i < n && !b.failed; i++)
        trie_add(&b, cpt_section_name(c, i), (long)i);
    /* every trie node but the root becomes at most one row */
    b.out = b.failed ? NULL : calloc(b.n ? b.n : 1, sizeof *b.out);
    in->vis = b.out ? calloc(b.n ? b.n : 1, sizeof *in->vis) : NULL;
    if (!in->vis)
        b.failed = 1;
    for (size_t k = b.n ? b.t[0].first : 0; k && !b.failed; k = b.t[k].next)
        emit(&b, k, "", 0);
    for (size_t i = 0; i < b.n; i++)
        free(b.t[i].seg);
    free(b.t);
    in->nodes = b.out;
    in->nnodes = b.nout;
    if (b.failed) {
        ins_tree_free(in);
        return -1;
    }
    ins_tree_refresh(in);
    return 0;
}

void ins_tree_free(struct inspect *in)
{
    for (size_t i = 0; i < in->nnodes; i++)
        free(in->nodes[i].label), free(in->nodes[i].path);
    free(in->nodes);
    free(in->vis);
    in->nodes = NULL;
    in->vis = NULL;
    in->nnodes = in->nvis = 0;
}

void ins_tree_refresh(struct inspect *in)
{
    size_t keep = in->nvis ? in->vis[in->row] : 0;
    in->nvis = 0;
    for (size_t i = 0; i < in->nnodes;) {
        if (i == keep)
            in->row = in->nvis;
        in->vis[in->nvis++] = i;
        i = in->nodes[i].open ? i + 1 : in->nodes[i].end;
    }
    if (in->row >= in->nvis)
        in->row = in->nvis ? in->nvis - 1 : 0;
    ins_move_sel(&in->row, &in->row_top, in->nvis, 0, in->tree_rows);
}

const struct ins_node *ins_tree_sel(const struct inspect *in)
{
    return in->nvis ? &in->nodes[in->vis[in->row]] : NULL;
}

long ins_tree_section(const struct inspect *in)
{
    const struct ins_node *n = ins_tree_sel(in);
    return n ? n->sec : -1;
}

static size_t parent_of(const struct inspect *in, size_t i)
{
    for (size_t p = i; p-- > 0;)
        if (in->nodes[p].depth < in->nodes[i].depth)
            return p;
    return i;
}

int ins_tree_open(struct inspect *in, int how)
{
    if (!in->nvis)
        return 0;
    size_t i = in->vis[in->row];
    struct ins_node *n = &in->nodes[i];
    bool group = n->end > i + 1;
    bool want = how < 0 ? !n->open : how;
    if (group && n->open != want) {
        n->open = want;
    } else if (how == 0 && n->depth > 0) {
        size_t p = parent_of(in, i);   /* Left on a leaf or a closed group: its parent */
        for (size_t r = 0; r < in->nvis; r++)
            if (in->vis[r] == p)
                in->row = r;
    } else {
        return 0;
    }
    ins_tree_refresh(in);
    return 1;
}

void ins_tree_select_section(struct inspect *in, long sec)
{
    size_t target = in->nnodes;
    for (size_t i = 0; i < in->nnodes; i++)
        if (in->nodes[i].sec == sec)
            target = i;
    if (target == in->nnodes)
        return;
    for (size_t i = 0; i < target; i++)   /* open every group that holds it */
        if (in->nodes[i].end > target)
            in->nodes[i].open = true;
    in->nvis = 0;
    ins_tree_refresh(in);
    for (size_t r = 0; r < in->nvis; r++)
        if (in->vis[r] == target)
            in->row = r;
    ins_move_sel(&in->row, &in->row_top, in->nvis, 0, in->tree_rows);
}

long ins_store_of_section(const struct inspect *in, long sec)
{
    if (sec < 0)
        return -1;
    const char *name = cpt_section_name(in->ck->cpt, (size_t)sec);
    for (size_t i = 0; i < in->ck->nstores; i++)
        if (in->ck->stores[i].section_name && strcmp(in->ck->stores[i].section_name, name) == 0)
            return (long)i;
    return -1;
}

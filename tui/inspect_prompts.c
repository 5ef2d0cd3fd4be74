/* The inspector's ways out to other views and dialogs: the hex view (Enter, goto), the
 * diff prompt with folder completion, the store operations, and reopening afterwards. */
#include "tui/inspect_impl.h"
#include "tui/diff.h"
#include "tui/hex.h"
#include "tui/store_ops.h"
#include "tui/theme.h"

#include "core/checkpoint/checkpoint.h"
#include "core/checkpoint/ckpt_addr.h"
#include "core/checkpoint/ckpt_mem.h"
#include "core/checkpoint/cpt.h"
#include "core/util/err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void ins_hex(struct tui *t, struct inspect *in, size_t store, uint64_t offset)
{
    char err[ERR_LEN];
    if (store >= in->ck->nstores) {
        tui_message(t, THEME_ERROR, "%s has no stores to show", in->dir);
        return;
    }
    struct pmem *pm = ins_pmem_get(in, store, err);   /* NULL: the view opens it itself */
    if (tui_push(t, &tui_hex_view, &(struct tui_hex_arg){ in->ck, store, pm, offset }) == 0)
        in->covered = true;
}

/* ---- goto ---- */

/* "0x80001000", "store8+0x1000", "+0x1000" (in the selected store), as `gem5wb` reads them. */
static int parse_where(const struct inspect *in, const char *text, struct ckpt_loc *loc,
                       char *err)
{
    long cur = in->store < in->ck->nstores ? (long)in->ck->stores[in->store].section
                                           : CKPT_ADDR_NO_STORE;
    return ckpt_addr_parse(in->ck, text, cur, loc, err);
}

static int goto_check(void *ctx, const char *text, char *why, size_t cap)
{
    struct ckpt_loc loc;
    char err[ERR_LEN];
    if (!*text)
        return snprintf(why, cap, "an address (0x80001000), storeN+OFFSET or +OFFSET"), -1;
    if (parse_where(ctx, text, &loc, err) != 0)
        return snprintf(why, cap, "%s", err), -1;
    return 0;
}

static void goto_done(struct tui *t, void *ctx, const char *text)
{
    struct inspect *in = ctx;
    struct ckpt_loc loc;
    char err[ERR_LEN];
    if (parse_where(in, text, &loc, err) != 0) {
        tui_message(t, THEME_ERROR, "%s", err);
        return;
    }
    ins_hex(t, in, loc.store, loc.offset);
}

void ins_goto(struct tui *t, struct inspect *in)
{
    if (!in->ck->nstores) {
        tui_message(t, THEME_ERROR, "%s has no stores to go into", in->dir);
        return;
    }
    tui_prompt(t, &(struct tui_prompt_spec){ .label = "goto address: ", .check = goto_check,
                                             .done = goto_done, .ctx = in });
}

/* ---- diff ---- */

static int diff_check(void *ctx, const char *text, char *why, size_t cap)
{
    (void)ctx;
    char path[2048];
    struct stat st;
    snprintf(path, sizeof path, "%s/m5.cpt", text);
    if (!*text)
        return snprintf(why, cap, "a checkpoint folder (with an m5.cpt)"), -1;
    if (stat(path, &st) != 0)
        return snprintf(why, cap, "%s has no m5.cpt", text), -1;
    return 0;
}

static void diff_done(struct tui *t, void *ctx, const char *text)
{
    struct inspect *in = ctx;
    if (tui_push(t, &tui_diff_view, &(struct tui_diff_arg){ in->ck, text }) == 0)
        in->covered = true;
}

void ins_diff(struct tui *t, struct inspect *in)
{
    tui_prompt(t, &(struct tui_prompt_spec){ .label = "diff with checkpoint: ",
                                             .complete = tui_complete_dirs, .check = diff_check,
                                             .done = diff_done, .ctx = in });
}

/* ---- store operations and reopening ---- */

static void store_changed(struct tui *t, void *ctx)
{
    (void)t;
    struct inspect *in = ctx;   /* the dialog may still hold ck: reopen on the next tick */
    in->reopen_pending = true;
}

void ins_store_op(struct tui *t, struct inspect *in, int op)
{
    if (in->store >= in->ck->nstores) {
        tui_message(t, THEME_ERROR, "%s has no stores", in->dir);
        return;
    }
    tui_store_op(t, in->ck, in->store, (enum tui_store_op)op, store_changed, in);
}

static bool same_sections(const struct cpt *a, const struct cpt *b)
{
    if (cpt_section_count(a) != cpt_section_count(b))
        return false;
    for (size_t i = 0; i < cpt_section_count(a); i++)
        if (strcmp(cpt_section_name(a, i), cpt_section_name(b, i)) != 0)
            return false;
    return true;
}

static bool same_stores(const struct ckpt *a, const struct ckpt *b)
{
    if (a->nstores != b->nstores)
        return false;
    for (size_t i = 0; i < a->nstores; i++)
        if (strcmp(a->stores[i].file_path ? a->stores[i].file_path : "",
                   b->stores[i].file_path ? b->stores[i].file_path : "") != 0 ||
            a->stores[i].range_size != b->stores[i].range_size)
            return false;
    return true;
}

int ins_reopen(struct tui *t, struct inspect *in, bool close_stores)
{
    struct ckpt *ck;
    char err[ERR_LEN];
    in->reopen_pending = false;
    if (ckpt_open(in->dir, NULL, &ck, err) != 0) {
        tui_message(t, THEME_ERROR, "%s", err);
        return -1;
    }
    if (close_stores || !same_stores(in->ck, ck))
        ins_map_close_all(in);
    bool rebuild = !same_sections(in->ck->cpt, ck->cpt);
    long sec = ins_tree_section(in);
    ckpt_close(in->ck);
    in->ck = ck;
    in->map.store = (size_t)-1;   /* the cells are computed again */
    if (rebuild) {
        ins_tree_free(in);
        in->row = in->row_top = in->key = in->key_top = 0;
        if (ins_tree_build(in) != 0)
            tui_message(t, THEME_ERROR, "out of memory reading the sections of %s", in->dir);
        ins_tree_select_section(in, sec);
    }
    if (in->store >= ck->nstores)
        in->store = ck->nstores ? ck->nstores - 1 : 0;
    ins_move_sel(&in->store, &in->store_top, ck->nstores, 0, in->store_rows);
    ins_map_update(t, in);
    return 0;
}

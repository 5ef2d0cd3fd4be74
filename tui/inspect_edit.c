/* Editing an m5.cpt value in place from the inspector: a prompt that refuses what gem5
 * would misread, then the same cpt_set + cpt_save as `gem5wb cpt set` (backup kept). */
#include "tui/inspect_impl.h"
#include "tui/theme.h"

#include "core/checkpoint/checkpoint.h"
#include "core/checkpoint/cpt.h"
#include "core/util/err.h"
#include "core/util/fileio.h"

#include <stdio.h>
#include <string.h>

#define EDIT_MAX 1000

/* Whether gem5 reads text as an integer (unsigned, or signed when it has a '-'); err
 * says why not, naming the key. */
static bool is_integer(const char *text, const char *key, char *err)
{
    uint64_t u;
    int64_t i;
    if (strchr(text, '-'))
        return cpt_parse_i64(text, &i, key, err) == 0;
    return cpt_parse_u64(text, &u, key, err) == 0;
}

static int edit_check(void *ctx, const char *text, char *why, size_t cap)
{
    struct inspect *in = ctx;
    char err[ERR_LEN];
    if (strpbrk(text, "\r\n"))
        return snprintf(why, cap, "a value is one line: no line breaks"), -1;
    const char *old = cpt_get(in->ck->cpt, in->edit_sec, in->edit_key);
    if (old && *old && is_integer(old, in->edit_key, err) &&
        !is_integer(text, in->edit_key, err))
        return snprintf(why, cap, "%s", err), -1;
    return 0;
}

static void edit_done(struct tui *t, void *ctx, const char *text)
{
    struct inspect *in = ctx;
    char err[ERR_LEN], bak[4096];
    const char *base;
    const char *old = cpt_get(in->ck->cpt, in->edit_sec, in->edit_key);
    if (old && strcmp(old, text) == 0) {
        tui_message(t, THEME_NORMAL, "[%s] %s is already %s: nothing written", in->edit_sec,
                    in->edit_key, text);
        return;
    }
    if (cpt_set(in->ck->cpt, in->edit_sec, in->edit_key, text, err) != 0 ||
        cpt_save(in->ck->cpt, in->ck->cpt_path, err) != 0) {
        ins_reopen(t, in, false);   /* drops the unsaved change */
        tui_message(t, THEME_ERROR, "%s", err);
        return;
    }
    file_backup_path(in->ck->cpt_path, bak, sizeof bak);
    base = strrchr(bak, '/') ? strrchr(bak, '/') + 1 : bak;   /* beside m5.cpt */
    if (ins_reopen(t, in, false) == 0)
        tui_message(t, THEME_OK, "wrote %s=%s to [%s]; backup %s",
                    in->edit_key, text, in->edit_sec, base);
}

void ins_edit(struct tui *t, struct inspect *in)
{
    long sec = ins_tree_section(in);
    const struct cpt *c = in->ck->cpt;
    if (sec < 0 || !cpt_entry_count(c, (size_t)sec)) {
        tui_message(t, THEME_ERROR, "select a section with keys first (a group has none)");
        return;
    }
    if (in->key >= cpt_entry_count(c, (size_t)sec))
        in->key = 0;
    snprintf(in->edit_sec, sizeof in->edit_sec, "%s", cpt_section_name(c, (size_t)sec));
    snprintf(in->edit_key, sizeof in->edit_key, "%s", cpt_entry_key(c, (size_t)sec, in->key));
    const char *cur = cpt_get(c, in->edit_sec, in->edit_key);
    if (cur && strlen(cur) > EDIT_MAX) {   /* the prompt holds one line of ~1 KiB */
        tui_message(t, THEME_ERROR, "%s is %zu characters long, too long to edit here: use "
                    "gem5wb cpt set", in->edit_key, strlen(cur));
        return;
    }
    char label[300];
    snprintf(label, sizeof label, "%.200s = ", in->edit_key);
    if (in->pane != INS_KEYS)
        in->pane = INS_KEYS;   /* show which key is being edited */
    tui_prompt(t, &(struct tui_prompt_spec){ .label = label, .initial = cur ? cur : "",
                                             .check = edit_check, .done = edit_done,
                                             .ctx = in });
}

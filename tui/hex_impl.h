/* Inside the hex view, shared by its files: hex.c (view, keys, moving, the rows read),
 * hex_draw.c, hex_edit.c (nibbles, undo, commit in a thread) and hex_find.c (goto, find). */
#ifndef GW_TUI_HEX_IMPL_H
#define GW_TUI_HEX_IMPL_H

#include "tui/hex.h"

#include "core/checkpoint/ckpt_mem.h"
#include "core/pmem/pmem_edits.h"
#include "core/util/err.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#define HEX_COLS 16        /* bytes a row */
#define HEX_TOP 4          /* body lines above the rows: store, cursor, status, columns */
#define HEX_PAT_MAX 256    /* longest find pattern, in bytes */

struct hex_search {
    bool on, backward, wrapped;
    uint64_t origin;       /* where it started: the wrapped part ends (or begins) here */
    uint64_t pos;          /* the next slice starts (backward: ends) here */
};

struct hex_commit {
    bool running;
    pthread_t thread;
    atomic_bool finished;
    atomic_uint_fast64_t done, total;    /* chunks encoded */
    int rc;
    uint64_t bytes, ranges;              /* what is being written */
    double started;
    struct pmem_commit_stats stats;
    char err[ERR_LEN];
};

struct hex {
    struct ckpt *ck;             /* borrowed */
    size_t store;                /* index into ck->stores */
    struct pmem *pm;
    bool own_pm;                 /* opened here, closed in done */
    struct pmem_edits *ed;
    uint64_t size;               /* decoded size once known, range_size until then */
    bool size_final;
    bool have_addr;
    uint64_t base;               /* physical address of offset 0 */
    int addr_w;                  /* hex digits of the address column */

    uint64_t cur, top;           /* cursor and first row on screen (store offsets) */
    int rows;                    /* rows of bytes on screen */
    bool edit, low;              /* edit mode; next digit is the low nibble */

    uint8_t *win;                /* the rows on screen, read through the edits, */
    uint8_t *win_orig;           /* the store's bytes there, */
    bool *win_changed;           /* and which differ: drawing never asks the session */
    size_t win_cap, win_len;
    bool win_ok;
    char win_err[ERR_LEN];       /* why they cannot be read */
    int decode_pct;              /* -1 when not decoding */
    uint64_t changed;            /* bytes that differ from the store, */
    size_t nranges;              /* in this many ranges (kept by hex_note_edits) */

    uint8_t pat[HEX_PAT_MAX];
    size_t pat_len;
    char pat_text[128];
    bool have_match;
    uint64_t match;
    struct hex_search find;

    struct hex_commit commit;
    char backup[4200];
};

/* hex.c */
void hex_fetch(struct hex *h);              /* reads the rows on screen if decoded */
void hex_show(struct hex *h, uint64_t off, bool center);   /* cursor there, in view */
int hex_switch_store(struct tui *t, struct hex *h, size_t store);
const char *hex_store_file(const struct hex *h);   /* the store file's base name */

/* hex_draw.c */
void hex_draw(struct tui *t, const void *priv, struct tui_rect b);

/* hex_edit.c */
void hex_note_edits(struct hex *h);         /* after the session changed */
int hex_digit(struct tui *t, struct hex *h, int value);
int hex_undo(struct tui *t, struct hex *h);
int hex_write(struct tui *t, struct hex *h);
int hex_back(struct tui *t, struct hex *h);
int hex_commit_tick(struct tui *t, struct hex *h);
void hex_commit_wait(struct hex *h);        /* joins a running commit (view closing) */

/* hex_find.c */
void hex_goto(struct tui *t, struct hex *h);
void hex_find_prompt(struct tui *t, struct hex *h);
void hex_find_start(struct tui *t, struct hex *h, bool backward);
int hex_find_tick(struct tui *t, struct hex *h);

#endif

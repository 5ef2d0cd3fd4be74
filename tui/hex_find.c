/* Goto and find in the hex view. Goto takes what ckpt_addr_parse reads and may move to
 * another store. Find takes text, or bytes as "hex:de ad be ef" or "0xdeadbeef" (in the
 * order written), searches the edited bytes a slice per tick, and wraps around. */
#include "tui/hex_impl.h"
#include "tui/theme.h"

#include "core/checkpoint/ckpt_addr.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define SLICE (16ull << 20)   /* store bytes searched per call */
#define TICK_BUDGET 0.02      /* seconds of searching per tick */

/* ---- goto --------------------------------------------------------------------- */

/* The error without the checkpoint's folder, which the header already names, so that
 * the part naming the nearest store fits on the line. */
static void short_error(const struct hex *h, const char *err, char *why, size_t cap)
{
    char of[4200];
    snprintf(of, sizeof of, " of %s", h->ck->dir);
    const char *p = strstr(err, of), *d = strstr(err, h->ck->dir);
    if (p)
        snprintf(why, cap, "%.*s%s", (int)(p - err), err, p + strlen(of));
    else if (d)
        snprintf(why, cap, "%.*sthe checkpoint%s", (int)(d - err), err, d + strlen(h->ck->dir));
    else
        snprintf(why, cap, "%s", err);
}

static int where(struct hex *h, const char *text, struct ckpt_loc *loc, char *why, size_t cap)
{
    char err[ERR_LEN];
    if (ckpt_addr_parse(h->ck, text, (long)h->store, loc, err) != 0) {
        short_error(h, err, why, cap);
        return -1;
    }
    const struct ckpt_store *s = &h->ck->stores[loc->store];
    if (loc->store != h->store && (!s->file_path || !s->file_exists)) {
        snprintf(why, cap, "that is in store%zu, whose file %s", loc->store,
                 s->file_path ? "is missing" : "m5.cpt does not name");
        return -1;
    }
    if (loc->store != h->store && h->changed) {
        snprintf(why, cap, "that is in store%zu; commit (w) or undo (u) the %" PRIu64
                 " changed bytes of store%zu before leaving it", loc->store, h->changed,
                 h->store);
        return -1;
    }
    return 0;
}

static int goto_check(void *ctx, const char *text, char *why, size_t cap)
{
    struct ckpt_loc loc;
    bool blank = true;
    for (const char *p = text; *p; p++)
        blank &= isspace((unsigned char)*p) != 0;
    if (blank)
        return snprintf(why, cap, "an address (0x80001000), store8+0x1000, +0x40 in this "
                        "store, or a size (2GiB)"), -1;
    return where(ctx, text, &loc, why, cap);
}

static void goto_done(struct tui *t, void *ctx, const char *text)
{
    struct hex *h = ctx;
    struct ckpt_loc loc;
    char why[ERR_LEN], at[512];
    if (where(h, text, &loc, why, sizeof why) != 0) {
        tui_message(t, THEME_ERROR, "%s", why);
        return;
    }
    if (loc.store != h->store && hex_switch_store(t, h, loc.store) != 0)
        return;   /* the message says why */
    h->find.on = false;
    hex_show(h, loc.offset, true);
    tui_message(t, THEME_NORMAL, "at %s", ckpt_loc_text(&loc, at, sizeof at));
}

void hex_goto(struct tui *t, struct hex *h)
{
    tui_prompt(t, &(struct tui_prompt_spec){ .label = "goto: ", .check = goto_check,
                                             .done = goto_done, .ctx = h });
}

/* ---- the pattern -------------------------------------------------------------- */

static int nibble(int c)
{
    return isdigit(c) ? c - '0' : isxdigit(c) ? tolower(c) - 'a' + 10 : -1;
}

/* Hex bytes; blanks, ':' and '_' between them are skipped. */
static int parse_hex(const char *s, uint8_t *out, size_t *len, char *why, size_t cap)
{
    int hi = -1;
    *len = 0;
    for (; *s; s++) {
        if (*s == ' ' || *s == ':' || *s == '_')
            continue;
        int v = nibble((unsigned char)*s);
        if (v < 0)
            return snprintf(why, cap, "'%c' is not a hex digit (bytes as hex:de ad be ef)",
                            *s), -1;
        if (hi < 0) {
            hi = v;
        } else if (*len == HEX_PAT_MAX) {
            return snprintf(why, cap, "at most %d bytes", HEX_PAT_MAX), -1;
        } else {
            out[(*len)++] = (uint8_t)(hi << 4 | v);
            hi = -1;
        }
    }
    if (hi >= 0)
        return snprintf(why, cap, "an odd number of hex digits: each byte is two"), -1;
    return 0;
}

/* "hex:..." or "0x..." are bytes, "text:..." or anything else is text. */
static int parse_pattern(const char *text, uint8_t *out, size_t *len, char *why, size_t cap)
{
    int rc = 0;
    if (strncasecmp(text, "hex:", 4) == 0)
        rc = parse_hex(text + 4, out, len, why, cap);
    else if (text[0] == '0' && (text[1] == 'x' || text[1] == 'X'))
        rc = parse_hex(text + 2, out, len, why, cap);
    else {
        const char *s = strncasecmp(text, "text:", 5) == 0 ? text + 5 : text;
        *len = strlen(s);
        if (*len > HEX_PAT_MAX)
            return snprintf(why, cap, "at most %d bytes", HEX_PAT_MAX), -1;
        memcpy(out, s, *len);
    }
    if (rc != 0)
        return -1;
    size_t nz = 0;
    for (size_t i = 0; i < *len; i++)
        nz += out[i] != 0;
    if (*len == 0)
        return snprintf(why, cap, "text, or bytes as hex:de ad be ef or 0xdeadbeef"), -1;
    if (nz == 0)
        return snprintf(why, cap, "only zero bytes: that matches every zero page"), -1;
    return 0;
}

static int find_check(void *ctx, const char *text, char *why, size_t cap)
{
    (void)ctx;
    uint8_t pat[HEX_PAT_MAX];
    size_t len;
    return parse_pattern(text, pat, &len, why, cap);
}

static void find_done(struct tui *t, void *ctx, const char *text)
{
    struct hex *h = ctx;
    char why[256];
    if (parse_pattern(text, h->pat, &h->pat_len, why, sizeof why) != 0) {
        tui_message(t, THEME_ERROR, "%s", why);
        return;
    }
    snprintf(h->pat_text, sizeof h->pat_text, "%s", text);
    hex_find_start(t, h, false);
}

void hex_find_prompt(struct tui *t, struct hex *h)
{
    tui_prompt(t, &(struct tui_prompt_spec){ .label = "find (text, hex:de ad, 0xdead): ",
                                             .initial = h->pat_text, .check = find_check,
                                             .done = find_done, .ctx = h });
}

/* ---- searching ---------------------------------------------------------------- */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void found(struct tui *t, struct hex *h, uint64_t hit)
{
    char at[512], err[ERR_LEN];
    struct ckpt_loc loc;
    h->find.on = false;
    h->have_match = true;
    h->match = hit;
    hex_show(h, hit, true);
    if (ckpt_mem_locate(h->ck, (long)h->store, hit, 1, &loc, err) == 0)
        ckpt_loc_text(&loc, at, sizeof at);
    else
        snprintf(at, sizeof at, "store%zu+0x%" PRIx64, h->store, hit);
    tui_message(t, THEME_OK, "found \"%s\" at %s%s", h->pat_text, at,
                h->find.wrapped ? (h->find.backward ? " (wrapped past the start)"
                                                    : " (wrapped past the end)") : "");
}

/* One slice: 1 found, 0 go on, -1 searched everything without a match, -2 an error. */
static int step(struct tui *t, struct hex *h)
{
    struct hex_search *s = &h->find;
    char err[ERR_LEN];
    uint64_t hit, lo, hi;
    if (!s->backward) {
        uint64_t end = s->wrapped ? s->origin : h->size;
        if (s->pos >= end) {
            if (s->wrapped)
                return -1;
            s->wrapped = true;
            s->pos = 0;
            return 0;
        }
        lo = s->pos;
        hi = end - lo > SLICE ? lo + SLICE : end;
        s->pos = hi;
    } else {
        uint64_t beg = s->wrapped ? s->origin : 0;
        if (s->pos <= beg) {
            if (s->wrapped)
                return -1;
            s->wrapped = true;
            s->pos = h->size;
            return 0;
        }
        hi = s->pos;
        lo = hi - beg > SLICE ? hi - SLICE : beg;
        s->pos = lo;
    }
    int rc = pmem_edits_find(h->ed, h->pat, h->pat_len, lo, hi, s->backward, &hit, err);
    if (rc < 0)
        tui_message(t, THEME_ERROR, "%s", err);
    else if (rc == 1)
        found(t, h, hit);
    return rc < 0 ? -2 : rc;
}

int hex_find_tick(struct tui *t, struct hex *h)
{
    uint64_t done, total;
    int state;
    char err[ERR_LEN];
    if (!h->find.on)
        return 0;
    if (pmem_progress(h->pm, &done, &total, &state, err) != 0) {
        h->find.on = false;
        tui_message(t, THEME_ERROR, "%s", err);
        return TUI_REDRAW;
    }
    if (state != PMEM_DONE)
        return pmem_start(h->pm, err), TUI_REDRAW;   /* search once it is all decoded */
    for (double t0 = now_s(); h->find.on && now_s() - t0 < TICK_BUDGET;) {
        int rc = step(t, h);
        if (rc == -1)
            tui_message(t, THEME_ERROR, "\"%s\" is nowhere in store%zu", h->pat_text, h->store);
        if (rc < 0)
            h->find.on = false;
    }
    return TUI_REDRAW;
}

void hex_find_start(struct tui *t, struct hex *h, bool backward)
{
    if (!h->pat_len) {
        tui_message(t, THEME_DIM, "nothing to find yet: / asks what to find");
        return;
    }
    h->find = (struct hex_search){ .on = true, .backward = backward,
                                   .origin = backward ? h->cur : h->cur + 1 };
    h->find.pos = h->find.origin;
    tui_message(t, THEME_DIM, "searching for \"%s\"...", h->pat_text);
    hex_find_tick(t, h);
}

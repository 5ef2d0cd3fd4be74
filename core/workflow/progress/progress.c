/* Progress parser dispatch, the line cleaner shared by every tool parser (ANSI escapes,
 * \r overwrites) and small string helpers. */
#include "core/workflow/progress/progress_impl.h"
#include "core/util/err.h"

#include <stdlib.h>
#include <string.h>

static const char *const names[] = {"scons", "make", "packer", "gem5", "sst", "git", NULL};
static int (*const lines[])(struct prog_parser *, const char *, struct prog_event *) = {
    prog_scons_line, prog_make_line, prog_packer_line,
    prog_gem5_line,  prog_sst_line,  prog_git_line,
};

const char *const *prog_names(void) { return names; }

struct prog_parser *prog_new(const char *name, char *err)
{
    for (size_t i = 0; name && names[i]; i++) {
        if (strcmp(name, names[i]) != 0)
            continue;
        struct prog_parser *p = calloc(1, sizeof *p);
        if (!p) {
            err_set(err, "Out of memory while creating the %s progress parser.", name);
            return NULL;
        }
        p->line = lines[i];
        p->frac = -1;
        return p;
    }
    err_set(err, "No progress parser for '%s'; known: scons, make, packer, gem5, sst, git.",
            name ? name : "(null)");
    return NULL;
}

void prog_free(struct prog_parser *p) { free(p); }
void prog_set_total(struct prog_parser *p, uint64_t total) { p->total = total; }
uint64_t prog_count(const struct prog_parser *p) { return p->count; }

/* Skips one escape sequence starting at s[i] == ESC; returns the index after it. */
static size_t skip_escape(const char *s, size_t i, size_t len)
{
    i++;
    if (i >= len)
        return i;
    unsigned char c = (unsigned char)s[i++];
    if (c == '[') {                      /* CSI: parameters, then a final byte 0x40..0x7e */
        while (i < len && !((unsigned char)s[i] >= 0x40 && (unsigned char)s[i] <= 0x7e))
            i++;
        return i < len ? i + 1 : i;
    }
    if (c == ']' || c == 'P' || c == '_' || c == '^') {   /* OSC/DCS: to BEL or ESC \ */
        while (i < len && s[i] != '\a' && !(s[i] == 0x1b && i + 1 < len && s[i + 1] == '\\'))
            i++;
        if (i < len)
            i += s[i] == '\a' ? 1 : 2;
        return i;
    }
    if (c == '(' || c == ')' || c == '*' || c == '+' || c == '#' || c == '%')
        return i < len ? i + 1 : i;      /* charset designation, e.g. tput sgr0's ESC ( B */
    return i;                            /* two-byte escape such as ESC = or ESC 7 */
}

size_t prog_clean(const char *line, size_t len, char *out, size_t cap)
{
    size_t n = 0;
    if (!cap)
        return 0;
    /* A trailing \r is just the pty's line end; an inner one means "overwrite from column 0",
     * so only the text after the last inner \r stays visible. */
    while (len && line[len - 1] == '\r')
        len--;
    const char *cr = memrchr(line, '\r', len);
    size_t i = cr ? (size_t)(cr - line) + 1 : 0;
    while (i < len) {
        unsigned char c = (unsigned char)line[i];
        if (c == 0x1b) {
            i = skip_escape(line, i, len);
            continue;
        }
        i++;
        if (c == '\t')
            c = ' ';
        else if (c < 0x20 || c == 0x7f)
            continue;
        if (n + 1 < cap)
            out[n++] = (char)c;
    }
    out[n] = '\0';
    return n;
}

int prog_feed(struct prog_parser *p, const char *line, size_t len, struct prog_event *ev)
{
    memset(ev, 0, sizeof *ev);
    ev->fraction = p->frac;
    ev->phase = p->phase;
    if (!line)
        return 0;
    prog_clean(line, len, p->buf, sizeof p->buf);
    int r = p->line(p, p->buf, ev);
    p->frac = ev->fraction;
    p->phase = ev->phase;
    return r;
}

void prog_copy(char *dst, size_t cap, const char *src, size_t n)
{
    if (!cap)
        return;
    if (n >= cap) {
        n = cap - 1;
        /* Back off over UTF-8 continuation bytes so a cut never leaves half a character. */
        while (n && ((unsigned char)src[n] & 0xc0) == 0x80)
            n--;
    }
    memcpy(dst, src, n);
    dst[n] = '\0';
}

void prog_diag(struct prog_event *ev, enum prog_sev sev, const char *text)
{
    ev->has_diag = true;
    ev->sev = sev;
    prog_set(ev->diag, text);
}

bool prog_prefix(const char *s, const char *pre) { return strncmp(s, pre, strlen(pre)) == 0; }

double prog_ratio(uint64_t done, uint64_t total)
{
    if (!total)
        return -1;
    return done >= total ? 1.0 : (double)done / (double)total;
}

double prog_frac(uint64_t count, uint64_t total)
{
    if (!total)
        return -1;
    /* a total is a count from an earlier build or a dry run, which misses ~3 % of gem5's
     * steps: stay below 1 until the tool itself says it is done */
    double f = (double)count / (double)total;
    return f < PROG_FRAC_MAX ? f : PROG_FRAC_MAX;
}

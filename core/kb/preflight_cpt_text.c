/* m5.cpt line by line as gem5's IniFile reads it: CRLF hides every section header, and a
 * leading zero makes an integer octal (stoull base 0: 0123 restores as 83). */
#include "core/checkpoint/cpt.h"
#include "core/kb/preflight_impl.h"
#include "core/util/err.h"
#include "core/util/fileio.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OCTAL_LINES_SHOWN 5

struct scan {
    struct pf_ctx *c;
    const char *path;
    size_t lines, crlf, first_crlf;
    size_t octal_lines;       /* entry lines holding a leading-zero integer */
    char section[256];
};

/* Is tok (len bytes) an integer gem5 would read as octal: [+-]0 and more digits? */
static bool leading_zero(const char *tok, size_t len)
{
    size_t i = tok[0] == '+' || tok[0] == '-';
    if (len < i + 2 || tok[i] != '0')
        return false;
    for (size_t k = i; k < len; k++)
        if (tok[k] < '0' || tok[k] > '9')
            return false;
    return true;
}

/* What gem5 makes of it: the octal digits up to the first 8 or 9. */
static unsigned long long octal_value(const char *tok, size_t len)
{
    unsigned long long v = 0;
    size_t i = tok[0] == '+' || tok[0] == '-';
    for (; i < len && tok[i] >= '0' && tok[i] <= '7'; i++)
        v = v * 8 + (unsigned)(tok[i] - '0');
    return v;
}

static void octal_finding(struct scan *s, const char *key, size_t klen, const char *tok,
                          size_t len, size_t lineno)
{
    if (++s->octal_lines > OCTAL_LINES_SHOWN)
        return;
    bool bad = memchr(tok, '8', len) || memchr(tok, '9', len);
    pf_add(s->c, bad ? PF_FAIL : PF_WARN, "cpt-octal", s->path, (int)lineno,
           "%s line %zu: [%s] %.*s=%.*s: gem5 reads an integer with a leading 0 as octal%s, so "
           "it restores %llu, not %.*s", s->path, lineno, s->section, (int)klen, key,
           (int)len, tok, bad ? " and stops at the first 8 or 9" : "",
           octal_value(tok, len), (int)len, tok);
}

/* The first leading-zero integer among the blank-separated values of an entry line. */
static void entry(struct scan *s, const char *line, size_t len, size_t lineno)
{
    const char *eq = memchr(line, '=', len);
    if (!eq || !s->section[0])
        return;
    const char *key = line, *p = eq + 1, *end = line + len;
    size_t klen = (size_t)(eq - key);
    while (klen && key[klen - 1] == ' ')
        klen--;
    while (p < end) {
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        const char *t = p;
        while (p < end && *p != ' ' && *p != '\t')
            p++;
        if (p > t && leading_zero(t, (size_t)(p - t))) {
            octal_finding(s, key, klen, t, (size_t)(p - t), lineno);
            return;
        }
    }
}

static void one_line(struct scan *s, const char *line, size_t len)
{
    s->lines++;
    if (len && line[len - 1] == '\r') {
        if (!s->crlf++)
            s->first_crlf = s->lines;
        len--;
    }
    const char *t = line + strspn(line, " \t");
    len -= (size_t)(t - line);
    if (len >= 2 && t[0] == '[' && t[len - 1] == ']')
        snprintf(s->section, sizeof s->section, "%.*s", (int)(len - 2), t + 1);
    else if (len)
        entry(s, t, len, s->lines);
}

static void report(struct scan *s)
{
    if (s->crlf)
        pf_add(s->c, PF_FAIL, "cpt-crlf", s->path, (int)s->first_crlf, "%s: %zu of its %zu lines "
               "end in CRLF (the first is line %zu): gem5 does not see '[name]\\r' as a section "
               "header and restores as from an empty file", s->path, s->crlf, s->lines,
               s->first_crlf);
    else
        pf_add(s->c, PF_OK, "cpt-crlf", s->path, 0, "%s has LF line ends", s->path);
    if (s->octal_lines > OCTAL_LINES_SHOWN)
        pf_add(s->c, PF_WARN, "cpt-octal", s->path, 0, "%s: %zu more lines hold integers with "
               "a leading 0", s->path, s->octal_lines - OCTAL_LINES_SHOWN);
    else if (!s->octal_lines)
        pf_add(s->c, PF_OK, "cpt-octal", s->path, 0, "%s has no integer with a leading 0",
               s->path);
}

void pf_cpt_text(struct pf_ctx *c, const char *cpt_path)
{
    char *data, err[ERR_LEN];
    size_t len;
    if (file_read_all(cpt_path, CPT_MAX_FILE, &data, &len, err) != 0) {
        pf_add(c, PF_FAIL, "cpt-dir", cpt_path, 0, "%s", err);
        return;
    }
    struct scan s = { .c = c, .path = cpt_path };
    for (size_t pos = 0; pos < len;) {
        const char *nl = memchr(data + pos, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - (data + pos)) : len - pos;
        one_line(&s, data + pos, n);
        pos += n + 1;
    }
    free(data);
    report(&s);
}

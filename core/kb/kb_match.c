/* The streaming matcher: each line cleaned of ANSI escapes and \r (prog_clean), then the
 * literal texts of the patterns that apply to the tool found in one pass (indexed by their
 * first two bytes), and only on a literal hit the regex; hits kept per entry in the order of
 * their first line. */
#include "core/kb/kb_match.h"

#include "core/util/err.h"
#include "core/workflow/progress/progress.h"

#include <errno.h>
#include <fcntl.h>
#include <regex.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define KB_LINE_MAX (1u << 20)   /* longer lines are matched on their first MiB */
#define KB_BIGRAMS 65536

struct kb_pat_ref {
    const struct kb_pattern *p;
    size_t entry;         /* index in kb->entries */
    size_t text_len;
};

struct kb_matcher {
    const struct kb *kb;
    struct kb_pat_ref *pats;
    size_t npats;
    int32_t *first;       /* bigram -> the first pattern whose text starts with it, or -1 */
    int32_t *next;        /* pattern -> the next one starting with the same bigram, or -1 */
    unsigned char *lit;   /* pattern -> its text is in the current line */
    struct kb_hit *hits;  /* at most one per entry, so allocated once */
    size_t nhits;
    size_t *hit_of;       /* entry index -> hit index + 1, 0 when not hit yet */
    size_t line_no;
    char *buf;
    size_t cap;
};

static unsigned bigram(const char *s)
{
    return (unsigned char)s[0] | (unsigned)(unsigned char)s[1] << 8;
}

static bool tool_applies(const char *pattern_tool, const char *tool)
{
    if (!tool || !*tool || !*pattern_tool || !strcmp(pattern_tool, tool))
        return true;
    /* gem5wb runs ./configure under its make parser (core/workflow/steps_sst.c) */
    return !strcmp(pattern_tool, "configure") && !strcmp(tool, "make");
}

struct kb_matcher *kb_matcher_new(const struct kb *kb, const char *tool)
{
    struct kb_matcher *m = calloc(1, sizeof *m);
    size_t total = 0;
    for (size_t i = 0; i < kb->n; i++)
        total += kb->entries[i].npatterns;
    if (!m || !(m->pats = calloc(total + 1, sizeof *m->pats)) ||
        !(m->next = calloc(total + 1, sizeof *m->next)) ||
        !(m->lit = calloc(total + 1, sizeof *m->lit)) ||
        !(m->first = malloc(KB_BIGRAMS * sizeof *m->first)) ||
        !(m->hits = calloc(kb->n + 1, sizeof *m->hits)) ||
        !(m->hit_of = calloc(kb->n + 1, sizeof *m->hit_of))) {
        kb_matcher_free(m);
        return NULL;
    }
    m->kb = kb;
    memset(m->first, 0xff, KB_BIGRAMS * sizeof *m->first);
    for (size_t i = 0; i < kb->n; i++)
        for (size_t j = 0; j < kb->entries[i].npatterns; j++) {
            const struct kb_pattern *p = &kb->entries[i].patterns[j];
            if (!tool_applies(p->tool, tool))
                continue;
            unsigned bg = bigram(p->text);   /* kb_entry_parse wants 2 bytes or more */
            m->next[m->npats] = m->first[bg];
            m->first[bg] = (int32_t)m->npats;
            m->pats[m->npats++] = (struct kb_pat_ref){ p, i, strlen(p->text) };
        }
    return m;
}

static void record(struct kb_matcher *m, size_t entry, const char *line, size_t len)
{
    if (!m->hit_of[entry]) {
        m->hits[m->nhits].entry = &m->kb->entries[entry];
        m->hit_of[entry] = ++m->nhits;
    }
    struct kb_hit *h = &m->hits[m->hit_of[entry] - 1];
    h->count++;
    if (h->nlines == KB_HIT_LINES)
        return;
    char *copy = malloc(len + 1);
    if (!copy)
        return;   /* the count stays right; only this line's text is lost */
    memcpy(copy, line, len + 1);
    h->lines[h->nlines++] = (struct kb_hit_line){ m->line_no, copy };
}

/* Marks in m->lit the patterns whose text is in s: one pass over the line, a table lookup
 * per byte, so a line costs the same however many patterns there are. */
static size_t find_literals(struct kb_matcher *m, const char *s, size_t n)
{
    size_t found = 0;
    for (size_t i = 0; i + 1 < n; i++)
        for (int32_t k = m->first[bigram(s + i)]; k >= 0; k = m->next[k]) {
            const struct kb_pat_ref *r = &m->pats[k];
            if (!m->lit[k] && r->text_len <= n - i && !memcmp(s + i, r->p->text, r->text_len)) {
                m->lit[k] = 1;
                found++;
            }
        }
    return found;
}

void kb_matcher_line(struct kb_matcher *m, const char *line, size_t len)
{
    m->line_no++;
    if (len + 1 > m->cap) {
        char *b = realloc(m->buf, len + 1);
        if (!b)
            return;
        m->buf = b;
        m->cap = len + 1;
    }
    size_t n = prog_clean(line, len, m->buf, m->cap);
    if (!find_literals(m, m->buf, n))
        return;
    size_t last = (size_t)-1;     /* an entry counts a line once, however many patterns hit */
    for (size_t i = 0; i < m->npats; i++) {
        const struct kb_pat_ref *r = &m->pats[i];
        if (!m->lit[i])
            continue;
        m->lit[i] = 0;
        if (r->entry != last && (!r->p->compiled || !regexec(r->p->compiled, m->buf, 0, NULL, 0))) {
            record(m, r->entry, m->buf, n);
            last = r->entry;
        }
    }
}

const struct kb_hit *kb_matcher_hits(const struct kb_matcher *m, size_t *n)
{
    *n = m->nhits;
    return m->hits;
}

size_t kb_matcher_line_count(const struct kb_matcher *m) { return m->line_no; }

void kb_matcher_free(struct kb_matcher *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->nhits; i++)
        for (size_t j = 0; j < m->hits[i].nlines; j++)
            free(m->hits[i].lines[j].text);
    free(m->hits);
    free(m->hit_of);
    free(m->pats);
    free(m->next);
    free(m->lit);
    free(m->first);
    free(m->buf);
    free(m);
}

/* Splits a chunk into lines; a line longer than KB_LINE_MAX is cut there and the rest of
 * it dropped, so a log without newlines cannot take all memory. */
struct line_acc {
    char *buf, *chunk;
    size_t len;
};

#define KB_CHUNK (1u << 16)

static void feed_chunk(struct kb_matcher *m, struct line_acc *a, const char *p, size_t n)
{
    while (n) {
        const char *nl = memchr(p, '\n', n);
        size_t take = nl ? (size_t)(nl - p) : n;
        size_t room = KB_LINE_MAX - a->len;
        size_t copy = take < room ? take : room;
        memcpy(a->buf + a->len, p, copy);
        a->len += copy;
        if (nl) {
            kb_matcher_line(m, a->buf, a->len);
            a->len = 0;
            take++;
        }
        p += take;
        n -= take;
    }
}

static int read_all(int fd, struct kb_matcher *m, struct line_acc *a, const char *path, char *err)
{
    for (;;) {
        ssize_t r = read(fd, a->chunk, KB_CHUNK);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return err_sys(err, errno, "cannot read %s", path);
        if (r == 0)
            break;
        feed_chunk(m, a, a->chunk, (size_t)r);
    }
    if (a->len)
        kb_matcher_line(m, a->buf, a->len);   /* a last line without newline (a prompt) */
    return 0;
}

int kb_match_file(const struct kb *kb, const char *path, const char *tool,
                  struct kb_matcher **out, char *err)
{
    *out = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return err_sys(err, errno, "cannot read %s", path);
    struct line_acc a = { malloc(KB_LINE_MAX), malloc(KB_CHUNK), 0 };
    struct kb_matcher *m = kb_matcher_new(kb, tool);
    int rc = !a.buf || !a.chunk || !m ? err_set(err, "out of memory reading %s", path)
                          : read_all(fd, m, &a, path, err);
    close(fd);
    free(a.buf);
    free(a.chunk);
    if (rc != 0) {
        kb_matcher_free(m);
        return -1;
    }
    *out = m;
    return 0;
}

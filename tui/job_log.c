/* A job's log as the job view shows it: a ring of the last lines with their severity,
 * numbered from the job's start so a paused view keeps its place while lines arrive. */
#include "tui/jobs_impl.h"

#include "core/workflow/job.h"

#include <stdlib.h>
#include <string.h>

int jlog_add(struct jlog *l, const char *text, int sev)
{
    if (!l->ring && !(l->ring = calloc(JLOG_LINES, sizeof *l->ring)))
        return -1;
    size_t len = strnlen(text, JLOG_LINE_MAX);
    char *s = malloc(len + 1);
    if (!s)
        return -1;
    memcpy(s, text, len);
    s[len] = '\0';
    if (memchr(s, '\033', len))
        job_strip_ansi(s);            /* scons and gcc colour their output */
    struct jlog_line *slot = &l->ring[l->seq % JLOG_LINES];
    free(slot->text);                 /* the oldest line makes room */
    *slot = (struct jlog_line){ s, (unsigned char)sev };
    l->seq++;
    if (l->count < JLOG_LINES)
        l->count++;
    return 0;
}

void jlog_mark_last(struct jlog *l, int sev)
{
    if (l->count)
        l->ring[(l->seq - 1) % JLOG_LINES].sev = (unsigned char)sev;
}

uint64_t jlog_first(const struct jlog *l)
{
    return l->seq - l->count;
}

const struct jlog_line *jlog_get(const struct jlog *l, uint64_t n)
{
    if (n >= l->seq || n < jlog_first(l))
        return NULL;
    return &l->ring[n % JLOG_LINES];
}

int jlog_shown(const struct jlog_line *ln, int only_diag)
{
    return !only_diag || ln->sev == JLOG_WARNING || ln->sev == JLOG_ERROR;
}

int64_t jlog_next(const struct jlog *l, int64_t n, int dir, int only_diag)
{
    int64_t first = (int64_t)jlog_first(l), end = (int64_t)l->seq;
    for (n += dir; n >= first && n < end; n += dir)
        if (jlog_shown(jlog_get(l, (uint64_t)n), only_diag))
            return n;
    return -1;
}

int64_t jlog_find(const struct jlog *l, int64_t from, int dir, const char *pat,
                  int only_diag, int *total)
{
    int64_t first = (int64_t)jlog_first(l), count = (int64_t)l->count, found = -1;
    *total = 0;
    if (!*pat || !count)
        return -1;
    if (from < first || from >= first + count)
        from = dir > 0 ? first - 1 : first + count;
    for (int64_t i = 1; i <= count; i++) {   /* every kept line once, from `from` on */
        int64_t n = first + ((from - first + dir * i) % count + count) % count;
        const struct jlog_line *ln = jlog_get(l, (uint64_t)n);
        if (!jlog_shown(ln, only_diag) || !strcasestr(ln->text, pat))
            continue;
        ++*total;
        if (found < 0)
            found = n;
    }
    return found;
}

void jlog_free(struct jlog *l)
{
    for (size_t i = 0; l->ring && i < JLOG_LINES; i++)
        free(l->ring[i].text);
    free(l->ring);
    memset(l, 0, sizeof *l);
}

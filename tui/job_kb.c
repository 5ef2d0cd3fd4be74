/* Known issues in a job's output: each command's lines go to a knowledge-base matcher
 * for its tool as they arrive (cheap: a line no pattern's text is in costs a search), so
 * a job that ends says at once what it hit; k shows those entries with their lines. */
#include "tui/jobs_impl.h"
#include "tui/kb_view.h"
#include "tui/theme.h"
#include "tui/tui_impl.h"

#include "core/kb/kb_match.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void job_kb_command(struct tui_job *j, const char *tool)
{
    job_kb_free(j);                   /* the command that failed is the one to explain */
    if (j->js->kb)
        j->kbm = kb_matcher_new(j->js->kb, tool);
    j->kb_base = j->log.seq;
}

void job_kb_line(struct tui_job *j, const char *text)
{
    if (j->kbm)
        kb_matcher_line(j->kbm, text, strlen(text));
}

const struct kb_hit *job_kb_hits(const struct tui_job *j, size_t *n)
{
    *n = 0;
    return j->kbm ? kb_matcher_hits(j->kbm, n) : NULL;
}

void job_kb_free(struct tui_job *j)
{
    kb_matcher_free(j->kbm);
    j->kbm = NULL;
}

int job_kb_issue(const struct tui_job *j, char *buf, size_t cap, const char **tail)
{
    size_t n;
    const struct kb_hit *h = job_kb_hits(j, &n);
    *tail = n ? " (k: details)" : " (k: the knowledge base)";
    if (n > 1)
        snprintf(buf, cap, "known issue: %s, and %zu more", h[0].entry->title, n - 1);
    else if (n == 1)
        snprintf(buf, cap, "known issue: %s", h[0].entry->title);
    else if (j->state == TJ_FAILED && j->js->kb)
        snprintf(buf, cap, "no known issue matched its output");
    else
        return -1;
    return n && j->state == TJ_FAILED ? THEME_ERROR : n ? THEME_WARNING : THEME_DIM;
}

/* "the log of restore-sst (job 2, failed, exit 1)" */
static void seen_in(const struct tui_job *j, char *buf, size_t cap)
{
    static const char *const how[] = { "running", "done", "failed", "cancelled" };
    char code[32] = "";
    if (j->state == TJ_FAILED && j->sig)
        snprintf(code, sizeof code, ", signal %d", j->sig);
    else if (j->state == TJ_FAILED)
        snprintf(code, sizeof code, ", exit %d", j->exit_code);
    snprintf(buf, cap, "the log of %s (job %d, %s%s)", j->title, j->index + 1, how[j->state],
             code);
}

/* One seen line per matching line kept, and one for those past KB_HIT_LINES. */
static size_t seen_lines(const struct tui_job *j, const struct kb_hit *h, size_t nh,
                         struct tui_kb_seen *seen, char (*text)[600], size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < nh; i++) {
        for (size_t k = 0; k < h[i].nlines && n < cap; k++, n++) {
            snprintf(text[n], sizeof text[n], "line %llu: %s",
                     (unsigned long long)(j->kb_base + h[i].lines[k].line_no),
                     h[i].lines[k].text);
            seen[n] = (struct tui_kb_seen){ h[i].entry->id, text[n] };
        }
        if (h[i].count > h[i].nlines && n < cap) {
            snprintf(text[n], sizeof text[n], "... and %zu more matching lines (/ in the job "
                     "view finds them)", h[i].count - h[i].nlines);
            seen[n] = (struct tui_kb_seen){ h[i].entry->id, text[n] };
            n++;
        }
    }
    return n;
}

int tui_job_kb_show(struct tui *t, int index)
{
    const struct tui_job *j = tui_jobs_at(t, index);
    size_t nh;
    if (!j)
        return -1;
    const struct kb_hit *h = job_kb_hits(j, &nh);
    size_t cap = nh * (KB_HIT_LINES + 1);
    struct tui_kb_seen *seen = calloc(cap ? cap : 1, sizeof *seen);
    char (*text)[600] = calloc(cap ? cap : 1, sizeof *text);
    char where[400];
    int rc = -1;
    if (seen && text) {
        seen_in(j, where, sizeof where);
        struct tui_kb_arg a = { .workspace = j->kind == TJ_STEP ? j->root : NULL,
                                .seen_in = where, .seen = seen,
                                .nseen = seen_lines(j, h, nh, seen, text, cap),
                                .only_seen = 1 };
        rc = tui_push(t, &tui_kb_view, &a);
        if (rc == 0 && !nh)
            tui_message(t, THEME_DIM, "no known issue matched the output of job %d: here "
                        "are all of them (/ searches)", index + 1);
    } else {
        tui_message(t, THEME_ERROR, "out of memory opening the known issues");
    }
    free(seen);
    free(text);
    return rc;
}

int tui_jobs_known_issue(const struct tui *t, const char *root, const char **id)
{
    for (int i = tui_jobs_count(t) - 1; i >= 0; i--) {
        const struct tui_job *j = tui_jobs_at(t, i);
        size_t n;
        const struct kb_hit *h = job_kb_hits(j, &n);
        if (j->kind == TJ_STEP && j->state == TJ_FAILED && !strcmp(j->root, root) && n) {
            *id = h[0].entry->id;
            return i;
        }
    }
    return -1;
}

/* Matching tool output against the knowledge base: a streaming matcher fed line by line
 * (a running job) and whole log files (`gem5wb diagnose`), each hit with its lines. */
#ifndef GW_KB_MATCH_H
#define GW_KB_MATCH_H

#include "core/kb/kb.h"

#include <stddef.h>

#define KB_HIT_LINES 5   /* matching lines kept per entry (the first ones) */

struct kb_hit_line {
    size_t line_no;      /* 1-based */
    char *text;          /* the line, ANSI escapes and \r removed */
};

struct kb_hit {
    const struct kb_entry *entry;
    size_t count;                     /* lines that matched, all of them */
    struct kb_hit_line lines[KB_HIT_LINES];
    size_t nlines;
};

struct kb_matcher;

/* tool: the parser name of the output ("sst", "scons"...), or NULL/"" for any: patterns
 * of another tool are then skipped, patterns with tool "" always apply. ./configure runs
 * under gem5wb's make parser, so "make" also takes the patterns of tool "configure". */
struct kb_matcher *kb_matcher_new(const struct kb *kb, const char *tool);
/* One line of output (without its newline); cheap when no pattern's text is in it. */
void kb_matcher_line(struct kb_matcher *m, const char *line, size_t len);
/* The entries hit so far, in the order of their first matching line. */
const struct kb_hit *kb_matcher_hits(const struct kb_matcher *m, size_t *n);
/* Lines fed so far. */
size_t kb_matcher_line_count(const struct kb_matcher *m);
void kb_matcher_free(struct kb_matcher *m);

/* Reads a log file (any size, \r\n or \n, ANSI colours) through a matcher. The tool may
 * be NULL: every pattern applies. *out is the matcher (its hits), to free. */
int kb_match_file(const struct kb *kb, const char *path, const char *tool,
                  struct kb_matcher **out, char *err);

/* The tool whose output path holds, from the marks each prints early in a log (SST first:
 * its runs print gem5's banner too); *tool is NULL when none is there. kb_guess.c */
int kb_guess_tool(const char *path, const char **tool, char *err);

#endif

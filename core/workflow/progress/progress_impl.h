/* Internals shared by the per-tool progress parsers: the parser state and small string
 * helpers. Not for use outside core/workflow/progress. */
#ifndef GW_PROGRESS_IMPL_H
#define GW_PROGRESS_IMPL_H

#include "core/workflow/progress/progress.h"

/* Lines longer than this are cut: nothing we match lies past the first few KB. */
#define PROG_LINE_MAX 8192

struct prog_parser {
    int (*line)(struct prog_parser *p, const char *s, struct prog_event *ev);
    uint64_t count, total;
    uint64_t tick;            /* gem5: last tick seen */
    const char *phase;        /* carried from line to line */
    double frac;
    int state;                /* tool-specific */
    char buf[PROG_LINE_MAX];
};

int prog_scons_line(struct prog_parser *p, const char *s, struct prog_event *ev);
int prog_make_line(struct prog_parser *p, const char *s, struct prog_event *ev);
int prog_packer_line(struct prog_parser *p, const char *s, struct prog_event *ev);
int prog_gem5_line(struct prog_parser *p, const char *s, struct prog_event *ev);
int prog_sst_line(struct prog_parser *p, const char *s, struct prog_event *ev);
int prog_git_line(struct prog_parser *p, const char *s, struct prog_event *ev);
/* gem5's `file:line: level: msg` and `level: msg` lines (also inside SST runs); 1 if matched. */
int prog_gem5_log(struct prog_parser *p, const char *s, struct prog_event *ev);

/* Copies at most n bytes of src into dst (cap bytes), never splitting a UTF-8 sequence. */
void prog_copy(char *dst, size_t cap, const char *src, size_t n);
#define prog_set(dst, src) prog_copy((dst), sizeof(dst), (src), strlen(src))
void prog_diag(struct prog_event *ev, enum prog_sev sev, const char *text);
bool prog_prefix(const char *s, const char *pre);
/* Fraction count/total clamped to PROG_FRAC_MAX, or -1 without a total. */
#define PROG_FRAC_MAX 0.99
/* Exact fraction done/total clamped to 1 (git's object counts, gem5's ticks), -1 if no total. */
double prog_ratio(uint64_t done, uint64_t total);
double prog_frac(uint64_t count, uint64_t total);

#endif

/* Progress parsers: turn one line of a tool's output (scons, make, packer, gem5, sst, git)
 * into a progress event the workbench can show. Pure functions, no I/O. */
#ifndef GW_PROGRESS_H
#define GW_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum prog_sev { PROG_INFO, PROG_WARNING, PROG_ERROR };

struct prog_event {
    double fraction;          /* 0..1, or -1 when indeterminate */
    const char *phase;        /* "configure", "compile", "link", "boot", "simulate"... (static);
                                 NULL until the tool has shown one */
    char item[256];           /* current item (a target, a file, a step), "" if none */
    bool has_diag;
    enum prog_sev sev;
    char diag[512];           /* a diagnostic picked out of this line */
    bool done;                /* the tool said it finished */
    bool failed;              /* the tool said it failed */
    char detail[256];         /* gem5's exit cause, packer artifact, checkpoint dir... */
};

struct prog_parser;           /* opaque, one per job */

/* name: one of prog_names(). Returns NULL and fills err (ERR_LEN) on an unknown name. */
struct prog_parser *prog_new(const char *name, char *err);
/* Feeds one output line (no newline; may hold ANSI escapes, \r and NULs, which are stripped;
 * of \r-separated redraws only the last counts, so split git's output on \r too).
 * Returns 1 and fills *ev when the line changed something worth showing, 0 otherwise. */
int prog_feed(struct prog_parser *p, const char *line, size_t len, struct prog_event *ev);
/* Expected total: scons targets / make compiles from an earlier build, or gem5's target tick. */
void prog_set_total(struct prog_parser *p, uint64_t total);
/* Items seen so far (scons targets, make compiles), to store as the next build's total. */
uint64_t prog_count(const struct prog_parser *p);
void prog_free(struct prog_parser *p);
/* NULL-terminated list of the names prog_new accepts. */
const char *const *prog_names(void);

/* Copies line without ANSI/VT escapes, NULs and control bytes into out (cap bytes, always
 * NUL-terminated, truncated if needed); of \r-separated overwrites only the last text is kept,
 * as a terminal would show it. Returns the length written. */
size_t prog_clean(const char *line, size_t len, char *out, size_t cap);

#endif

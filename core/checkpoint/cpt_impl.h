/* Private layout of the m5.cpt model, shared by cpt.c (parse, write, read access),
 * cpt_edit.c (edits) and cpt_value.c (typed getters). Not for use outside the module. */
#ifndef GW_CPT_IMPL_H
#define GW_CPT_IMPL_H

#include "core/checkpoint/cpt.h"

#include <stdbool.h>
#include <stdint.h>

enum { CPT_EOL_NONE, CPT_EOL_LF, CPT_EOL_CRLF };
enum { CPT_BLANK, CPT_COMMENT, CPT_HEADER, CPT_ENTRY };

#define CPT_NO_PATCH UINT32_MAX
/* Longest line we keep: offsets within a line are 32-bit so that a line record takes 48
 * bytes (memory, not time, is what a multi-GiB checkpoint costs). */
#define CPT_MAX_LINE (UINT32_MAX - 1u)

/* One line. Its text is the original bytes (inside cpt.buf) or an owned copy. Names, keys
 * and values are handed out in place: a NUL is written where each ends and the byte it
 * replaced is kept in b1/b2, so the writer can put it back and nothing is copied. */
struct cpt_line {
    char *text;            /* borrowed from cpt.buf unless `owned` */
    char *joined;          /* value gem5 sees after "key+=" lines; built on first cpt_get */
    uint32_t len;          /* bytes written out, the line end excluded */
    uint32_t lineno;       /* 1-based as loaded; 0 for lines added by an edit. A 4 GiB file
                              has fewer than 2^32 lines that are not blank. */
    uint32_t p1, p2;       /* offsets of the NULs ending name/key and value (or CPT_NO_PATCH) */
    uint32_t koff, voff;   /* where the section name or key, and the value start */
    char b1, b2;           /* the bytes those NULs replaced */
    unsigned char kind, eol, owned, append;
};

/* A section: its leading blank lines, the header at lines[lead], then entries and blanks. */
struct cpt_section {
    struct cpt_line *lines;
    size_t nlines, cap, lead;
    size_t *entries;       /* indices into lines of the entry lines, in file order */
    size_t nentries, entries_cap;
};

struct cpt {
    char *name;            /* used in messages */
    char *buf;             /* the input, len + 1 bytes */
    size_t len;
    struct cpt_line *prelude;   /* '##' comments and blanks before the first header */
    size_t nprelude, prelude_cap;
    struct cpt_section *secs;
    size_t nsecs, secs_cap;
    size_t *index;         /* open-addressing hash of section names: index + 1, 0 = free */
    size_t index_size;     /* a power of two, at least twice nsecs */
    struct cpt_warning *warns;
    size_t nwarns, warns_cap, warns_dropped;
    unsigned char eol;     /* line end for added lines: the file's first one */
};

/* Grows *arr (elements of `elem` bytes) so that it holds at least `need`. */
int cpt_grow(void *arr, size_t *cap, size_t need, size_t elem);
void cpt_line_free(struct cpt_line *l);
/* The section index. cpt_index_add fails only when the table has to grow. cpt_index_drop
 * forgets section `sec` (call it while its name is still there); with `renumber`, sections
 * after it are renumbered, for when it is about to leave c->secs. */
int cpt_index_add(struct cpt *c, size_t i);
void cpt_index_drop(struct cpt *c, size_t sec, bool renumber);
/* Refreshes s->entries from s->lines. */
int cpt_entries_rebuild(struct cpt_section *s);
struct cpt_section *cpt_section_get(const struct cpt *c, const char *name);
/* Index in s->lines of the last entry with `key`, or -1. */
long cpt_last_entry(const struct cpt_section *s, const char *key);

static inline const char *cpt_line_key(const struct cpt_line *l) { return l->text + l->koff; }
static inline const char *cpt_line_value(const struct cpt_line *l) { return l->text + l->voff; }
static inline const char *cpt_sec_name(const struct cpt_section *s)
{
    return cpt_line_key(&s->lines[s->lead]);
}

#endif

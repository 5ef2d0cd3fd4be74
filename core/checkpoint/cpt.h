/* The m5.cpt model: ordered sections of ordered lines, kept byte for byte so that an
 * unchanged file writes back identically and an edit changes only its own line. */
#ifndef GW_CPT_H
#define GW_CPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Largest m5.cpt we load (old bridge checkpoints carry one line per 64-byte block). */
#define CPT_MAX_FILE (1ULL << 32)

struct cpt;          /* a parsed m5.cpt; owns every string it hands out */

/* Something the parser noticed that gem5 would accept but that deserves a word:
 * CRLF line ends (gem5 then reads nothing), a missing final newline, a repeated key. */
struct cpt_warning {
    size_t line;          /* 1-based line number in the file as loaded */
    bool serious;         /* gem5 would misread the file (CRLF, a cut-off last line) */
    char text[256];
};

/* Parses a buffer. `name` is only used in messages ("path:line: ..."). On error returns
 * NULL and fills err (ERR_LEN) as "<name>:<line>: <problem>". Errors: a line outside any
 * section that is not a '#' comment or blank, an entry without '=', a line starting
 * with '=', a repeated section header, NUL or other binary bytes, an empty file, a
 * header with an empty name. Lines may be of any length. */
struct cpt *cpt_parse(const char *name, const char *data, size_t len, char *err);

/* Reads and parses `path`. */
struct cpt *cpt_load(const char *path, char *err);

void cpt_free(struct cpt *c);

/* Warnings gathered while parsing (stable until the next edit or free). */
size_t cpt_warning_count(const struct cpt *c);
const struct cpt_warning *cpt_warning_at(const struct cpt *c, size_t i);

/* Serialises to a malloc'ed buffer; byte-identical to the input when nothing changed. */
int cpt_write_buffer(const struct cpt *c, char **data, size_t *len, char *err);

/* Atomic rewrite of `path` (temp, fsync, rename) keeping a backup of the original. */
int cpt_save(const struct cpt *c, const char *path, char *err);

/* ---- sections ---- */
size_t cpt_section_count(const struct cpt *c);
const char *cpt_section_name(const struct cpt *c, size_t i);
/* Index of section `name`, or -1. */
long cpt_section_find(const struct cpt *c, const char *name);
/* 1-based line number of section i's header as loaded (0 for sections added later). */
size_t cpt_section_line(const struct cpt *c, size_t i);
/* Number of key=value entries in section i, and the k-th key/value (in file order;
 * a repeated key appears each time it was written). */
size_t cpt_entry_count(const struct cpt *c, size_t i);
const char *cpt_entry_key(const struct cpt *c, size_t i, size_t k);
const char *cpt_entry_value(const struct cpt *c, size_t i, size_t k);

/* ---- typed access: the last occurrence of a key wins, as in gem5 ---- */
/* Returns the value string (trimmed of spaces as gem5 trims it) or NULL when the section
 * or key is missing. */
const char *cpt_get(const struct cpt *c, const char *section, const char *key);
/* Each returns 0, or -1 with err "<name>: [sec] key: <why>" (missing, or bad value).
 * Integers are read as gem5 reads them (base 0: 0x hex, a leading 0 is octal); a value
 * with trailing junk, a lowercase 'e' (gem5 rejects it), or out of range is an error. */
int cpt_get_u64(const struct cpt *c, const char *section, const char *key, uint64_t *out, char *err);
int cpt_get_i64(const struct cpt *c, const char *section, const char *key, int64_t *out, char *err);
/* true/false in any case, as gem5; 1/0 are errors (gem5 rejects them). */
int cpt_get_bool(const struct cpt *c, const char *section, const char *key, bool *out, char *err);
/* gem5's container format: elements separated by spaces (repeats skipped); an empty
 * value is an empty list. *items is malloc'ed (free with cpt_list_free). */
int cpt_get_list(const struct cpt *c, const char *section, const char *key,
                 char ***items, size_t *count, char *err);
void cpt_list_free(char **items, size_t count);
int cpt_get_u64_list(const struct cpt *c, const char *section, const char *key,
                     uint64_t **values, size_t *count, char *err);

/* Parses one integer as gem5 does (see above). `what` names it in the message. */
int cpt_parse_u64(const char *text, uint64_t *out, const char *what, char *err);
int cpt_parse_i64(const char *text, int64_t *out, const char *what, char *err);

/* ---- edits: each changes only its own lines ---- */
/* Sets key in section (which must exist): replaces the last occurrence's line, or adds
 * a "key=value" line after the section's last entry. Keys may not be empty or contain
 * '=', a newline or start with '['; values may not contain newlines. */
int cpt_set(struct cpt *c, const char *section, const char *key, const char *value, char *err);
/* Removes every line of key in section; -1 with err when it is not there. */
int cpt_delete(struct cpt *c, const char *section, const char *key, char *err);
/* Adds an empty section at the end (written as gem5 does: blank line, "[name]"). */
int cpt_section_add(struct cpt *c, const char *name, char *err);
/* Removes a section and all its lines. */
int cpt_section_remove(struct cpt *c, const char *name, char *err);
/* Renames a section (only its header line changes). */
int cpt_section_rename(struct cpt *c, const char *from, const char *to, char *err);

#endif

/* Internals of the fork probe shared by fork_*.c: reading the tree's files, comment-free
 * text with line numbers kept, small scanners for Python and C++ source, and the stages. */
#ifndef GW_FORK_IMPL_H
#define GW_FORK_IMPL_H

#include "core/workflow/fork.h"

#include <stdbool.h>
#include <stddef.h>

#define FORK_MAX_FILE (4u << 20)

/* Text files of the tree. fork_read: 1 read (malloc'ed, NUL-terminated), 0 missing, -1 error. */
int fork_read(const char *dir, const char *rel, char **text, char *err);
bool fork_exists(const char *dir, const char *rel);
/* The path of rel inside dir ("" when it does not fit). */
void fork_abs(const char *dir, const char *rel, char *buf, size_t len);
/* base/rel with "." and ".." resolved lexically; "" when it leaves base's root. */
void fork_rel_join(const char *base, const char *rel, char *out, size_t len);

/* Blank out comments (C++: // and block; Python: # and triple-quoted strings) in place,
 * keeping every newline so that line numbers stay those of the file. */
void fork_strip_c(char *s);
void fork_strip_py(char *s);

/* First occurrence of pat in hay, whitespace and backslash-newlines in either ignored;
 * *end (may be NULL) is set after the match. */
const char *fork_loose(const char *hay, const char *pat, const char **end);
/* First occurrence of word not inside a longer identifier. */
const char *fork_word(const char *hay, const char *word);
/* 1-based line of p in text. */
int fork_line_at(const char *text, const char *p);

/* A Python string literal at p (after blanks; prefixes f, r, b allowed): its raw contents in
 * out; returns the position after it, NULL when p holds no literal. */
const char *fork_py_string(const char *p, char *out, size_t len);
/* `name = "value"` at the start of a line: the value and its line, 0 when absent. */
int fork_py_assign(const char *text, const char *name, char *out, size_t len);
/* The options of every parser.add_argument(...) call: " --a --b " and the required ones. */
void fork_py_options(const char *text, char *opts, size_t olen, char *req, size_t rlen);
/* Would argparse (allow_abbrev) take opt ("--x" or "--x=v") given the declared options? */
bool fork_opt_accepts(const char *options, const char *opt);
/* Length of a " --a --b " list without its trailing blank, for "%.*s" in sentences. */
int fork_list_len(const char *list);
/* Appends " word" to a " --a --b " list unless present. */
void fork_list_add(char *list, size_t len, const char *word);

/* snprintf that never trips truncation warnings: findings are cut, not failed. */
void fork_fmt(char *buf, size_t len, const char *fmt, ...)
    __attribute__((format(__printf__, 3, 4)));

/* A new finding (the probe's scratch entry after an allocation failure). */
struct fork_finding *fork_add(struct fork_probe *p, enum fork_sev sev, const char *id,
                              const char *path, int line);

/* Probe stages, in the order fork_probe_run calls them. */
int fork_config_add(struct fork_probe *p, const char *rel, enum fork_dialect def, bool candidate,
                    char *err);                 /* index, -2 when missing, -1 on error */
int fork_probe_configs(struct fork_probe *p, char *err);
/* The dialect of a known config name (FORK_CFG_NONE for others). */
enum fork_dialect fork_candidate_dialect(const char *rel);
int fork_probe_sst(struct fork_probe *p, char *err);
int fork_probe_scripts(struct fork_probe *p, char *err);
int fork_probe_build(struct fork_probe *p, char *err);
void fork_probe_git(struct fork_probe *p);
void fork_probe_python(struct fork_probe *p, const struct fork_opts *o);
int fork_check_scripts(struct fork_probe *p);   /* after python: options, mismatches */
int fork_findings_tree(struct fork_probe *p);   /* what is broken at this commit */
int fork_findings_readme(struct fork_probe *p, char *err);  /* where checkpoints.md is wrong */
int fork_findings_build(struct fork_probe *p, char *err);   /* where INSTALL.md is wrong */

/* The fix for config c, whose memory object the responder does not take. */
void fork_mismatch_fix(const struct fork_probe *p, const struct fork_config *c, char *buf,
                       size_t len);
/* Writes a command line that uses config c for purpose into buf. */
void fork_usage(const struct fork_config *c, enum fork_purpose purpose, char *buf, size_t len);

#endif

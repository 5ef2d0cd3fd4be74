/* Inside the sstscript module: a small Python tokenizer that keeps byte offsets, so
 * values can be found and replaced without touching anything around them. */
#ifndef GW_SSTSCRIPT_IMPL_H
#define GW_SSTSCRIPT_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum sst_tok_kind { STK_NAME, STK_NUMBER, STK_STRING, STK_OP, STK_NEWLINE };

struct sst_tok {
    enum sst_tok_kind kind;
    size_t off, len;          /* the whole token */
    size_t body, body_len;    /* strings: the bytes between the quotes */
    char quote;               /* strings: ' or " */
    bool triple, fstr, raw;
    int depth;                /* bracket depth before the token */
    bool line_start;          /* first token of a logical line */
    size_t indent;            /* its column, for line_start tokens */
};

struct sst_toks {
    struct sst_tok *v;
    size_t n;
};

/* Tokenizes Python source; comments and line continuations are skipped, strings are
 * single tokens. `name` is used in the error (an unclosed string). */
int sst_tokenize(const char *name, const char *s, size_t len, struct sst_toks *t, char *err);
void sst_toks_free(struct sst_toks *t);

bool sst_tok_is(const char *src, const struct sst_tok *t, enum sst_tok_kind k, const char *text);
unsigned sst_line_of(const char *s, size_t off);

/* The text of value for the inside of a string literal of this kind (escapes the quote
 * and backslashes, doubles braces in f-strings); NULL when a raw string cannot hold it. */
char *sst_py_escape(const char *value, char quote, bool fstr, bool raw);

/* "36GiB", "512MiB", or bytes: how gem5 and SST scripts write sizes. */
void sst_size_text(uint64_t bytes, char *buf, size_t len);

/* Appends a formatted sentence to a list of strings. */
int sst_list_add(char ***list, size_t *n, const char *fmt, ...) __attribute__((format(__printf__, 3, 4)));
void sst_list_free(char **list, size_t n);

/* ---- locating values (sstscript_find.c) ---- */

struct sst_result;
struct patch_edit;

/* A script being edited: its tokens, and the edits and changes planned so far. */
struct sst_plan {
    const char *path, *src;
    size_t len;
    struct sst_toks toks;
    struct patch_edit *edits;
    size_t nedits;
    struct sst_result *r;
    int failed;               /* out of memory while planning */
};

/* Where a value sits: `len` bytes at `off`, inside string token `str` (NULL when the
 * value is an expression, e.g. str(...) + "GiB" or 1). */
struct sst_target {
    size_t off, len;
    const struct sst_tok *str;
};

/* The last top-level `name = value`; returns 0 and the value's target, or -1. */
int sst_find_var(const struct sst_plan *pl, const char *name, struct sst_target *tg);

/* Calls fn for each string item of a `cmd = [...]` list that carries option `opt`
 * ("--opt=VALUE" or "--opt VALUE"); value is the VALUE part. Returns how many. */
typedef void (*sst_item_fn)(struct sst_plan *pl, const char *opt, const struct sst_target *value,
                            void *arg);
size_t sst_each_item(struct sst_plan *pl, const char *opt, sst_item_fn fn, void *arg);

/* An item's value, resolved: "{name}" in an f-string names a top-level variable, whose
 * value is then the target (and *var its name); otherwise the item's own bytes. */
void sst_resolve(const struct sst_plan *pl, const struct sst_target *value,
                 struct sst_target *tg, char *var, size_t var_len);

/* Calls fn for each `"key" : "value"` dict entry with a string value, or with a variable
 * assigned a string at top level (then its value is the target). Returns how many. */
size_t sst_each_entry(struct sst_plan *pl, const char *key, sst_item_fn fn, void *arg);

/* Plans setting the target to value (written as a number when numeric and the target
 * is an expression); records the change under `name`. A target already set is skipped. */
void sst_set(struct sst_plan *pl, const char *name, const struct sst_target *tg,
             const char *value, bool numeric);

/* The target's current bytes (malloc'ed), or NULL. */
char *sst_target_text(const struct sst_plan *pl, const struct sst_target *tg);

/* ---- checks (sstscript_check.c) ---- */

struct sst_opts;
/* Refuses option values a script cannot carry (gem5Component splits its cmd at blanks
 * and quotes) or that gem5 rejects. */
int sst_check_opts(const struct sst_opts *o, char *err);
/* Warnings about the script as it will run: several nodes, a take instead of a restore,
 * a gem5-only restore, a run script that no longer parses, KVM cores. */
void sst_check_script(struct sst_plan *pl, const struct sst_opts *o);
/* The warnings about the options alone (shared with the generated script). */
int sst_opt_warnings(char ***list, size_t *n, const struct sst_opts *o, unsigned nodes);

#endif

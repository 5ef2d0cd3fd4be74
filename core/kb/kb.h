/* The knowledge base of known issues: docs/kb.json (built into the binary, or the file
 * named by GEM5WB_KB) loaded, checked and looked up by id, kind, text or commit. */
#ifndef GW_KB_H
#define GW_KB_H

#include <stdbool.h>
#include <stddef.h>

/* docs/kb.json is {"version": 1, "entries": [ENTRY...]}; an ENTRY is
 *   "id":       "sst-mpi-err-count"   (lower-case words and dashes, unique)
 *   "title":    one line
 *   "kind":     "fail" (the output shows a failure), "warn" (a sign of trouble ahead) or
 *               "info" (what the output means; nothing failed)
 *   "tools":    ["sst", ...]          whose output reveals it: gem5 sst scons make configure
 *                                     packer git guest gem5wb (what the job parsers are named)
 *   "steps":    ["restore-sst", ...]  the workflow steps it concerns (may be empty)
 *   "commits":  {"from": "05008c17c0", "to": "7d4cb1dc8e", "text": "..."}  the fork commits
 *               it applies to (from inclusive, to exclusive; either may be absent: no bound)
 *   "patterns": [{"tool": "sst", "text": "MPI_ERR_COUNT", "regex": "optional ERE"}]
 *               a line matches when it contains text (case-sensitive, 2 characters or
 *               more) and, when a regex is given, the regex (POSIX extended) matches the
 *               line too
 *   "preflight": "sst-init-volume"    the id of the pre-flight check that predicts it, or ""
 *   "explain":  plain words: what happens and why
 *   "fix":      ["step one", "step two", ...]  what to do, in order
 *   "action":   "patch-sst-script"    the fix gem5wb applies (`gem5wb fix ID`), or ""
 *   "evidence": [{"file": "fixtures/...raw.log" | "tests/kb/NAME.log", "line": "text"}]
 *               output that shows it (fixtures/ is under ../shared, tests/kb/ in this
 *               tree), with a line a match must return; the tests check every one. */

struct kb_pattern {
    char *tool;          /* "" when any tool's output counts */
    char *text;          /* literal that must be in the line (a fast first filter) */
    char *regex;         /* NULL, or an ERE the line must also match */
    void *compiled;      /* regex_t, when regex is set */
};

struct kb_evidence {
    char *file, *line;
};

struct kb_entry {
    char *id, *title, *kind, *explain, *preflight, *action;
    char **tools, **steps, **fix;
    size_t ntools, nsteps, nfix;
    char *commit_from, *commit_to, *commit_text;    /* NULL when absent */
    struct kb_pattern *patterns;
    size_t npatterns;
    struct kb_evidence *evidence;
    size_t nevidence;
};

struct kb {
    char source[1024];   /* the file it was read from, or "built-in" */
    struct kb_entry *entries;
    size_t n;
};

/* Parses a kb.json text; every entry checked (fields, types, unique ids, regexes that
 * compile). Errors name the source and the entry: "docs/kb.json: entry 4 (sst-...): ...". */
int kb_parse(const char *text, size_t len, const char *source, struct kb *kb, char *err);
int kb_load(const char *path, struct kb *kb, char *err);
/* The file named by $GEM5WB_KB when set, else the copy built into the binary. */
int kb_load_default(struct kb *kb, char *err);
void kb_free(struct kb *kb);

const struct kb_entry *kb_find(const struct kb *kb, const char *id);
/* Whether an entry's words (id, title, explain, fix, tools, steps) start with every blank-
 * separated word of query, ignoring case ("mpi" finds MPI_ERR_COUNT and sst-mpi, not
 * "compile"). An empty query matches every entry. */
bool kb_entry_matches_query(const struct kb_entry *e, const char *query);
bool kb_entry_has_tool(const struct kb_entry *e, const char *tool);
bool kb_entry_has_step(const struct kb_entry *e, const char *step);
/* The tool names entries and patterns may use (NULL-terminated), and whether t is one. */
extern const char *const kb_tool_names[];
bool kb_tool_known(const char *t);

/* The built-in docs/kb.json (kb_data.c), NUL-terminated. */
extern const char kb_builtin_json[];
extern const size_t kb_builtin_len;

#endif

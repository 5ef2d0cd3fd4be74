/* How the CLI shows knowledge-base entries, as JSON objects and as text: what kb show,
 * kb list and diagnose print, from one place. */
#ifndef GW_KB_PRINT_H
#define GW_KB_PRINT_H

#include "core/kb/kb.h"

#include <cjson/cJSON.h>
#include <stdbool.h>

/* Loads the knowledge base ($GEM5WB_KB, else the built-in one); on failure says why (as
 * JSON with json) and returns 1, else 0. */
int kbp_load(struct kb *kb, bool json);
/* The entry as JSON: every field, or with full=false only id, title, kind, tools, steps,
 * preflight and action (kb list). */
cJSON *kbp_entry_json(const struct kb_entry *e, bool full);
/* The commit range in words ("05008c17c0 up to 7d4cb1dc8e"), "" when the entry has none. */
void kbp_commits(const struct kb_entry *e, char *buf, size_t cap);
/* Everything a reader needs to act, as text: why, the fix steps, `gem5wb fix ID`. */
void kbp_print_advice(const struct kb_entry *e, int width);
/* The whole entry as text (kb show). */
void kbp_print_entry(const struct kb_entry *e);

#endif

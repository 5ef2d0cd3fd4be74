/* What kb.c and kb_entry.c share: checking one entry of kb.json into a struct kb_entry,
 * and freeing one. */
#ifndef GW_KB_IMPL_H
#define GW_KB_IMPL_H

#include "core/kb/kb.h"

#include <cjson/cJSON.h>

/* ctx names the entry for errors ("docs/kb.json: entry 4"); the id is added once read. */
int kb_entry_parse(const cJSON *obj, const char *ctx, struct kb_entry *e, char *err);
void kb_entry_free(struct kb_entry *e);
/* Lower-case words joined by single dashes ("sst-mpi-err-count"). */
bool kb_is_id(const char *s, size_t len);

#endif

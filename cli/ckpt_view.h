/* How a checkpoint is shown by `cpt info` and `cpt verify`: as text for people and as
 * JSON for scripts, from the same struct ckpt the core fills. */
#ifndef GW_CKPT_VIEW_H
#define GW_CKPT_VIEW_H

#include "core/checkpoint/checkpoint.h"

#include <cjson/cJSON.h>
#include <stdio.h>

cJSON *ckpt_view_json(const struct ckpt *ck);
void ckpt_view_text(FILE *f, const struct ckpt *ck);
void ckpt_view_problems(FILE *f, const struct ckpt *ck);
/* "0x80000000-0xffffffff" (inclusive end, as the workbench shows ranges). */
char *ckpt_view_range(uint64_t start, uint64_t end, char *buf, size_t len);

#endif

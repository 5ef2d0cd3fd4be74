/* A progress bar on stderr for long steps (decoding, encoding, copying): drawn only on a
 * terminal and only once the work has run over a second; stdout is never touched. */
#ifndef GW_PROGRESS_H
#define GW_PROGRESS_H

#include "core/checkpoint/ckpt_mem.h"

#include <stdbool.h>
#include <stdint.h>

struct progress {
    bool tty;              /* stderr is a terminal */
    bool shown;            /* something is drawn and must be cleared */
    double start, last;    /* when the work began, when the bar was last drawn */
};

/* Starts the clock; the bar appears when a step reports after PROGRESS_DELAY_S. */
#define PROGRESS_DELAY_S 1.0
void progress_init(struct progress *p);

/* The callback of a struct ckpt_progress (arg: the struct progress). Counts are bytes,
 * except "encoding", which counts chunks. Always returns 0. */
int progress_step(void *arg, const char *step, uint64_t done, uint64_t total);

/* The struct ckpt_progress that draws into p. */
struct ckpt_progress progress_of(struct progress *p);

/* Clears the bar when one was drawn. */
void progress_end(struct progress *p);

#endif

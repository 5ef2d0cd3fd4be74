/* The progress bar: "\r<step> [#####.....]  45%  1.2 GiB/3.0 GiB" on stderr, redrawn at
 * most ten times a second, and wiped at the end so later output starts on a clean line. */
#include "cli/progress.h"
#include "core/util/size.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BAR_WIDTH 30

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void progress_init(struct progress *p)
{
    *p = (struct progress){ .tty = isatty(STDERR_FILENO) == 1, .start = now_s() };
}

struct ckpt_progress progress_of(struct progress *p)
{
    return (struct ckpt_progress){ .fn = progress_step, .arg = p };
}

static void draw(const char *step, uint64_t done, uint64_t total)
{
    char bar[BAR_WIDTH + 1], a[32], b[40], t[32];
    unsigned pct = total ? (unsigned)(done >= total ? 100 : done * 100 / total) : 0;
    unsigned fill = pct * BAR_WIDTH / 100;
    memset(bar, '#', fill);
    memset(bar + fill, '.', BAR_WIDTH - fill);
    bar[BAR_WIDTH] = '\0';
    if (!strcmp(step, "encoding")) {
        snprintf(a, sizeof a, "%" PRIu64 "/%" PRIu64, done, total);
        snprintf(b, sizeof b, " chunks");
    } else {
        size_format(done, a, sizeof a);
        snprintf(b, sizeof b, "/%s", size_format(total, t, sizeof t));
    }
    /* \033[K: the previous line may have been longer */
    fprintf(stderr, "\r%s [%s] %3u%%  %s%s\033[K", step, bar, pct, a, b);
    fflush(stderr);
}

int progress_step(void *arg, const char *step, uint64_t done, uint64_t total)
{
    struct progress *p = arg;
    if (!p || !p->tty)
        return 0;
    double t = now_s();
    if (t - p->start < PROGRESS_DELAY_S || (p->shown && t - p->last < 0.1 && done < total))
        return 0;
    draw(step, done, total);
    p->shown = true;
    p->last = t;
    return 0;
}

void progress_end(struct progress *p)
{
    if (p && p->shown) {
        fputs("\r\033[K", stderr);
        fflush(stderr);
        p->shown = false;
    }
}

/* Time left for a job from its recent rate of progress: a sliding window of (time,
 * fraction) samples, so a slow configure phase or a burst of quick steps fades out. */
#ifndef GW_ETA_H
#define GW_ETA_H

#include <stddef.h>

#define ETA_SAMPLES 64

struct eta {
    double t[ETA_SAMPLES], f[ETA_SAMPLES];
    int n, head;          /* samples held, index of the newest */
    double window;        /* seconds of history the rate is measured over */
};

/* window_s: how much recent history counts (e.g. 60 s for builds). */
void eta_init(struct eta *e, double window_s);
/* Adds an observation: at time now (seconds, any monotonic origin), fraction 0..1 done.
 * Indeterminate fractions (< 0) are ignored. */
void eta_add(struct eta *e, double now, double fraction);
/* Seconds left at time now, or -1 while the rate is unknown (under 2 s of history or no
 * progress in the window). */
double eta_left(const struct eta *e, double now);
/* "1h02m", "3m05s", "42s" into buf; "--" for a negative value. */
void eta_format(double seconds, char *buf, size_t cap);

#endif

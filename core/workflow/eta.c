/* ETA from the recent rate: a ring of samples spaced at least window/ETA_SAMPLES apart, the
 * rate taken between the oldest sample inside the window and the newest. */
#include "core/workflow/eta.h"

#include <stdio.h>

void eta_init(struct eta *e, double window_s)
{
    *e = (struct eta){ .window = window_s > 0 ? window_s : 60, .head = -1 };
}

void eta_add(struct eta *e, double now, double fraction)
{
    if (fraction < 0)
        return;
    double spacing = e->window / ETA_SAMPLES;
    /* closer samples only refresh the newest, so the ring always spans the window */
    if (e->n > 1 && now - e->t[(e->head + ETA_SAMPLES - 1) % ETA_SAMPLES] < spacing) {
        e->t[e->head] = now;
        e->f[e->head] = fraction;
        return;
    }
    e->head = (e->head + 1) % ETA_SAMPLES;
    e->t[e->head] = now;
    e->f[e->head] = fraction;
    if (e->n < ETA_SAMPLES)
        e->n++;
}

double eta_left(const struct eta *e, double now)
{
    if (e->n < 2)
        return -1;
    int old = (e->head - e->n + 1 + ETA_SAMPLES) % ETA_SAMPLES;
    /* skip samples that fell out of the window, keeping at least two */
    for (int k = e->n; k > 2 && e->t[old] < now - e->window; k--)
        old = (old + 1) % ETA_SAMPLES;
    double dt = e->t[e->head] - e->t[old], df = e->f[e->head] - e->f[old];
    if (dt < 2 || df <= 0)
        return -1;
    double left = (1 - e->f[e->head]) / (df / dt) - (now - e->t[e->head]);
    return left > 0 ? left : 0;
}

void eta_format(double s, char *buf, size_t cap)
{
    if (s < 0) {
        snprintf(buf, cap, "--");
        return;
    }
    unsigned long v = (unsigned long)(s + 0.5);
    if (v >= 3600)
        snprintf(buf, cap, "%luh%02lum", v / 3600, v / 60 % 60);
    else if (v >= 60)
        snprintf(buf, cap, "%lum%02lus", v / 60, v % 60);
    else
        snprintf(buf, cap, "%lus", v);
}

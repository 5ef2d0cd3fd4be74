#include "core/util/size.h"
#include "core/util/err.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct unit { const char *name; uint64_t mult; };

/* gem5's own convert.py treats "GB" as 2^30 for memory sizes; we follow it. */
static const struct unit units[] = {
    {"B", 1}, {"K", 1ULL << 10}, {"KB", 1ULL << 10}, {"KiB", 1ULL << 10},
    {"M", 1ULL << 20}, {"MB", 1ULL << 20}, {"MiB", 1ULL << 20},
    {"G", 1ULL << 30}, {"GB", 1ULL << 30}, {"GiB", 1ULL << 30},
    {"T", 1ULL << 40}, {"TB", 1ULL << 40}, {"TiB", 1ULL << 40},
};

static int unit_find(const char *s, uint64_t *mult)
{
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (strcasecmp(s, units[i].name) == 0) {
            *mult = units[i].mult;
            return 0;
        }
    return -1;
}

static int parse_fraction(const char *text, const char *unit, uint64_t *out)
{
    uint64_t mult;
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (errno || end != unit || v < 0 || unit_find(unit, &mult) != 0)
        return -1;
    double r = v * (double)mult;
    if (r >= 18446744073709551615.0 || r != (double)(uint64_t)r)
        return -1;
    *out = (uint64_t)r;
    return 0;
}

int size_parse(const char *text, uint64_t *out, const char *what, char *err)
{
    const char *s = text;
    while (isspace((unsigned char)*s))
        s++;
    if (*s == '\0' || *s == '-')
        goto bad;
    char *end;
    errno = 0;
    uint64_t v = strtoull(s, &end, 0);
    if (errno == ERANGE)
        return err_set(err, "%s '%s' is too large", what, text);
    if (end == s)
        goto bad;
    if (*end == '.') {
        /* a fractional size such as 1.5GiB: the unit must make it whole */
        const char *u = end + 1;
        while (isdigit((unsigned char)*u))
            u++;
        if (parse_fraction(s, u, out) == 0)
            return 0;
        goto bad;
    }
    if (*end == '\0') {
        *out = v;
        return 0;
    }
    uint64_t mult;
    if (unit_find(end, &mult) != 0 || (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')))
        goto bad;
    if (v != 0 && mult > UINT64_MAX / v)
        return err_set(err, "%s '%s' is too large", what, text);
    *out = v * mult;
    return 0;
bad:
    return err_set(err, "%s '%s' is not a number: write it in decimal, as 0x hex, "
                   "or with a unit such as 512MiB or 4GiB", what, text);
}

char *size_format(uint64_t bytes, char *buf, size_t len)
{
    static const char *names[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    int i = 0;
    uint64_t v = bytes;
    while (i < 5 && v >= 1024 && v % 1024 == 0) {
        v /= 1024;
        i++;
    }
    if (i > 0 || bytes < 1024) {
        snprintf(buf, len, "%llu %s", (unsigned long long)v, names[i]);
        return buf;
    }
    double d = (double)bytes;
    for (i = 0; i < 5 && d >= 1024; i++)
        d /= 1024;
    snprintf(buf, len, "%.1f %s", d, names[i]);
    return buf;
}

/* Version numbers in tools' output: the first dotted number (after a per-tool marker),
 * compared number by number, so "v4.4.0.fc8d0ec" reads as 4.4.0 and "3" equals "3.0". */
#include "core/workflow/doctor.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Length of the dotted number starting at s ("12.2.0-14" -> 6), 0 when s starts none. */
static size_t dotted_len(const char *s)
{
    size_t i = 0, dots = 0;
    while (isdigit((unsigned char)s[i]))
        i++;
    if (i == 0)
        return 0;
    while (s[i] == '.' && isdigit((unsigned char)s[i + 1])) {
        i++;
        while (isdigit((unsigned char)s[i]))
            i++;
        dots++;
    }
    return dots ? i : 0;
}

/* The first dotted number in s that does not start inside another number. */
static const char *find_dotted(const char *s, size_t *len)
{
    for (const char *p = s; *p; p++) {
        if (!isdigit((unsigned char)*p))
            continue;
        if (p > s && (isdigit((unsigned char)p[-1]) || p[-1] == '.'))
            continue;
        if ((*len = dotted_len(p)) > 0)
            return p;
    }
    return NULL;
}

int doctor_version_parse(const char *text, const char *marker, char *out, size_t cap)
{
    if (cap)
        out[0] = '\0';
    if (!text || cap == 0)
        return -1;
    const char *from = marker && *marker ? strstr(text, marker) : NULL;
    size_t len = 0;
    const char *v = from ? find_dotted(from + strlen(marker), &len) : NULL;
    if (!v)
        v = find_dotted(text, &len);
    if (!v)
        return -1;
    if (len >= cap)
        len = cap - 1;
    memcpy(out, v, len);
    out[len] = '\0';
    return 0;
}

/* The next number of a dotted version (0 past its end). */
static unsigned long next_part(const char **s)
{
    if (!**s)
        return 0;
    char *end;
    unsigned long v = strtoul(*s, &end, 10);
    *s = *end == '.' ? end + 1 : end + strlen(end);
    return v;
}

int doctor_version_cmp(const char *a, const char *b)
{
    while (*a || *b) {
        unsigned long x = next_part(&a), y = next_part(&b);
        if (x != y)
            return x < y ? -1 : 1;
    }
    return 0;
}

bool doctor_version_in(const char *version, const char *series)
{
    while (*series) {
        if (!*version || next_part(&version) != next_part(&series))
            return false;
    }
    return true;
}

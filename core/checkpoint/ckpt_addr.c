/* Address expressions for a checkpoint's memory: storeN+OFFSET references, physical
 * addresses and sizes, checked against the stores through ckpt_mem_locate. */
#include "core/checkpoint/ckpt_addr.h"
#include "core/util/err.h"
#include "core/util/size.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define EXPR_MAX 256

int ckpt_addr_store_ref(const char *text, size_t *store, uint64_t *offset, char *err)
{
    *store = 0;
    *offset = 0;
    if (strncasecmp(text, "store", 5) != 0 || !isdigit((unsigned char)text[5]))
        return err_set(err, "'%s' is not of the form storeN+OFFSET", text);
    char *end;
    unsigned long long n = strtoull(text + 5, &end, 10);
    if (n > (unsigned long long)LONG_MAX)
        return err_set(err, "'%s': there is no store with so large a number", text);
    *store = (size_t)n;
    if (*end == '+')
        return size_parse(end + 1, offset, "offset", err);
    return *end ? err_set(err, "'%s' is not of the form storeN+OFFSET", text) : 0;
}

/* Copies text without blanks ("store8 + 0x10" as typed in a prompt). */
static int squeeze(const char *text, char *out, size_t cap, char *err)
{
    size_t n = 0;
    for (const char *p = text; *p; p++) {
        if (isspace((unsigned char)*p))
            continue;
        if (n + 1 >= cap)
            return err_set(err, "the address expression is longer than %zu characters",
                           cap - 1);
        out[n++] = *p;
    }
    out[n] = '\0';
    if (n == 0)
        return err_set(err, "no address given: type 0x80001000, store8+0x1000 or 2GiB");
    return 0;
}

/* An offset in the current store: "+OFF", or a number when there is no map. */
static int in_current(const struct ckpt *ck, const char *num, long cur, struct ckpt_loc *out,
                      char *err)
{
    uint64_t off;
    if (cur < 0)
        return err_set(err, "'%s' is an offset, but no store is chosen: write storeN+%s",
                       num, num);
    if (size_parse(num, &off, "offset", err) != 0)
        return -1;
    return ckpt_mem_locate(ck, cur, off, 1, out, err);
}

int ckpt_addr_parse(const struct ckpt *ck, const char *text, long cur, struct ckpt_loc *out,
                    char *err)
{
    char s[EXPR_MAX];
    if (squeeze(text, s, sizeof s, err) != 0)
        return -1;
    if (strncasecmp(s, "store", 5) == 0) {
        size_t n;
        uint64_t off;
        if (ckpt_addr_store_ref(s, &n, &off, err) != 0)
            return -1;
        return ckpt_mem_locate(ck, (long)n, off, 1, out, err);
    }
    if (s[0] == '+')
        return in_current(ck, s + 1, cur, out, err);
    if (!ck->map.known) {
        if (cur < 0)
            return err_set(err, "the address map of %s is unknown (no config.json or "
                           "config.ini beside it): give storeN+OFFSET", ck->dir);
        return in_current(ck, s, cur, out, err);
    }
    uint64_t addr;
    if (size_parse(s, &addr, "address", err) != 0)
        return -1;
    return ckpt_mem_locate(ck, CKPT_BY_ADDR, addr, 1, out, err);
}

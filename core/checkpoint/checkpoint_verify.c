/* `cpt verify`: decode every store file as gem5's gzread would and compare what comes
 * out with what m5.cpt and the config promise. */
#include "core/checkpoint/checkpoint.h"
#include "core/util/err.h"

#include <inttypes.h>
#include <string.h>

static void check_scan(struct ckpt *ck, const struct ckpt_store *s)
{
    const struct store_scan *r = &s->scan;
    if (r->trailing_garbage)
        ckpt_problem_add(ck, CKPT_WARNING, "%s: %" PRIu64 " bytes after the gzip data at offset %"
                         PRIu64 " are ignored by gem5", s->file_path,
                         r->file_bytes - r->garbage_offset, r->garbage_offset);
    if (r->decoded_bytes % 8)
        ckpt_problem_add(ck, CKPT_ERROR, "%s decodes to %" PRIu64 " bytes, not a multiple of "
                         "8: gem5 asserts on it", s->file_path, r->decoded_bytes);
    if (!s->have_size)
        return;
    if (r->decoded_bytes < s->range_size)
        ckpt_problem_add(ck, CKPT_ERROR, "%s decodes to %" PRIu64 " bytes but range_size is %"
                         PRIu64 ": gem5 restores it silently with zeros past byte %" PRIu64,
                         s->file_path, r->decoded_bytes, s->range_size, r->decoded_bytes);
    else if (r->decoded_bytes > s->range_size)
        ckpt_problem_add(ck, CKPT_WARNING, "%s decodes to %" PRIu64 " bytes, more than its "
                         "range_size %" PRIu64 ": gem5 ignores the rest", s->file_path,
                         r->decoded_bytes, s->range_size);
}

int ckpt_verify(struct ckpt *ck, store_progress_fn progress, void *arg, char *err)
{
    for (size_t i = 0; i < ck->nstores; i++) {
        struct ckpt_store *s = &ck->stores[i];
        if (!s->file_exists)
            continue;
        char why[ERR_LEN];
        if (store_scan(s->file_path, &s->scan, progress, arg, why) != 0) {
            if (strstr(why, "cancelled"))
                return err_set(err, "%s", why);
            ckpt_problem_add(ck, CKPT_ERROR, "%s", why);
            continue;
        }
        s->scanned = true;
        check_scan(ck, s);
    }
    return 0;
}

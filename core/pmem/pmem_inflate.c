/* Raw-deflate inflaters: ISA-L's isal_inflate when built with it, zlib's inflate always.
 * Both stop at the end of the final block so the caller can read the gzip trailer. */
#include "core/pmem/pmem_inflate.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#ifdef HAVE_ISAL
#include <isa-l/igzip_lib.h>
#endif

struct infl {
    enum pmem_backend backend;
    z_stream z;
#ifdef HAVE_ISAL
    struct inflate_state isal;
#endif
};

struct infl *infl_new(enum pmem_backend backend)
{
    struct infl *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    f->backend = backend;
#ifdef HAVE_ISAL
    if (backend == PMEM_BACKEND_ISAL) {
        isal_inflate_init(&f->isal);
        f->isal.crc_flag = ISAL_DEFLATE;
        return f;
    }
#endif
    f->backend = PMEM_BACKEND_ZLIB;
    if (inflateInit2(&f->z, -15) != Z_OK) {
        free(f);
        return NULL;
    }
    return f;
}

void infl_free(struct infl *f)
{
    if (!f)
        return;
    if (f->backend == PMEM_BACKEND_ZLIB)
        inflateEnd(&f->z);
    free(f);
}

void infl_reset(struct infl *f)
{
#ifdef HAVE_ISAL
    if (f->backend == PMEM_BACKEND_ISAL) {
        isal_inflate_reset(&f->isal);
        f->isal.crc_flag = ISAL_DEFLATE;
        return;
    }
#endif
    inflateReset(&f->z);
}

static enum infl_status run_zlib(struct infl *f, const uint8_t **in, size_t *in_len,
                                 uint8_t **out, size_t *out_len, const char **msg)
{
    z_stream *z = &f->z;
    /* uInt counts: feed at most 1 GiB at a time, the caller loops */
    z->next_in = (Bytef *)*in;
    z->avail_in = (uInt)(*in_len > (1u << 30) ? (1u << 30) : *in_len);
    z->next_out = *out;
    z->avail_out = (uInt)(*out_len > (1u << 30) ? (1u << 30) : *out_len);
    size_t in_before = z->avail_in, out_before = z->avail_out;
    int ret = inflate(z, Z_NO_FLUSH);
    *in += in_before - z->avail_in;
    *in_len -= in_before - z->avail_in;
    *out += out_before - z->avail_out;
    *out_len -= out_before - z->avail_out;
    if (ret == Z_STREAM_END)
        return INFL_END;
    if (ret == Z_OK || ret == Z_BUF_ERROR)
        return INFL_MORE;
    if (ret == Z_MEM_ERROR)
        *msg = "out of memory";
    else
        *msg = z->msg ? z->msg : "compressed data error";
    return INFL_ERROR;
}

#ifdef HAVE_ISAL
static const char *isal_message(int ret)
{
    switch (ret) {
    case ISAL_INVALID_BLOCK: return "invalid block type or code lengths";
    case ISAL_INVALID_SYMBOL: return "invalid code or length";
    case ISAL_INVALID_LOOKBACK: return "invalid distance too far back";
    case ISAL_NEED_DICT: return "a preset dictionary is needed";
    default: return "compressed data error";
    }
}

static enum infl_status run_isal(struct infl *f, const uint8_t **in, size_t *in_len,
                                 uint8_t **out, size_t *out_len, const char **msg)
{
    struct inflate_state *s = &f->isal;
    s->next_in = (uint8_t *)*in;
    s->avail_in = (uint32_t)(*in_len > (1u << 30) ? (1u << 30) : *in_len);
    s->next_out = *out;
    s->avail_out = (uint32_t)(*out_len > (1u << 30) ? (1u << 30) : *out_len);
    size_t in_before = s->avail_in, out_before = s->avail_out;
    int ret = isal_inflate(s);
    if (ret < 0 || ret == ISAL_NEED_DICT) {
        *msg = isal_message(ret);
        return INFL_ERROR;
    }
    size_t used = in_before - s->avail_in, back = 0;
    bool end = s->block_state == ISAL_BLOCK_FINISH;
    if (end) {
        /* ISA-L reads up to 8 bytes ahead into its bit buffer: hand back the whole bytes
         * it holds beyond the final block, which belong to the trailer. The caller keeps
         * 8 bytes of history before *in for this (INFL_HISTORY). */
        back = (size_t)s->read_in_length / 8;
        s->read_in = 0;
        s->read_in_length = 0;
    }
    *in = *in + used - back;
    *in_len = *in_len - used + back;
    *out += out_before - s->avail_out;
    *out_len -= out_before - s->avail_out;
    return end ? INFL_END : INFL_MORE;
}
#endif

enum infl_status infl_run(struct infl *f, const uint8_t **in, size_t *in_len, uint8_t **out,
                          size_t *out_len, const char **msg)
{
#ifdef HAVE_ISAL
    if (f->backend == PMEM_BACKEND_ISAL)
        return run_isal(f, in, in_len, out, out_len, msg);
#endif
    return run_zlib(f, in, in_len, out, out_len, msg);
}

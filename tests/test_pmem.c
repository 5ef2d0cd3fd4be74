/* Tests of the memory engine (core/pmem): decoding with ISA-L and zlib against zlib's
 * gzread, reads, find, writes, chunked commit, the page-map cache, resize, diff, SST. */
#include "core/checkpoint/store.h"
#include "core/pmem/pmem.h"
#include "core/pmem/pmem_diff.h"
#include "core/pmem/pmem_sst.h"
#include "core/util/err.h"
#include "core/util/txn.h"
#include "tests/support/fixture.h"
#include "tests/support/testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#define MIB (1u << 20)

static char tmp[4096];

/* Every decoder: zlib (gem5's own), ISA-L, and the zero-run-aware one. */
static const enum pmem_backend backends[] = { PMEM_BACKEND_ZLIB, PMEM_BACKEND_ISAL,
                                              PMEM_BACKEND_FAST };
#define NBACKENDS 3

/* tmp: this case's folder, with the page-map cache in it */
static int setup(void **state)
{
    int rc = tu_cache_setup(state);
    snprintf(tmp, sizeof tmp, "%s", tu_case_dir());
    return rc;
}

static void path_in(char *buf, const char *name)
{
    snprintf(buf, 4200, "%s/%s", tmp, name);
}

/* A test image: mostly zero, some pages with a pattern, a byte at the very end. */
static uint8_t *make_image(size_t size, unsigned seed)
{
    uint8_t *img = calloc(1, size);
    srand(seed);
    for (size_t p = 0; p < size / 4096; p++)
        if (rand() % 10 == 0)
            for (size_t i = 0; i < 4096; i += 1 + (size_t)(rand() % 64))
                img[p * 4096 + i] = (uint8_t)(1 + rand() % 200);
    if (size)
        img[size - 1] = 0x5a;
    return img;
}

/* Writes data as gzip with the given level and strategy: `members` equal pieces. */
static void write_gz(const char *path, const uint8_t *data, size_t len, int level,
                     int strategy, unsigned members)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    size_t piece = members > 1 ? len / members + 1 : len;
    for (size_t off = 0; off < len || (len == 0 && off == 0); off += piece) {
        size_t n = len - off < piece ? len - off : piece;
        z_stream z = { 0 };
        assert_int_equal(deflateInit2(&z, level, Z_DEFLATED, 31, 8, strategy), Z_OK);
        uLong bound = deflateBound(&z, (uLong)n) + 64;
        uint8_t *out = malloc(bound);
        z.next_in = (Bytef *)data + off;
        z.avail_in = (uInt)n;
        z.next_out = out;
        z.avail_out = (uInt)bound;
        assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
        fwrite(out, 1, z.total_out, f);
        deflateEnd(&z);
        free(out);
        if (len == 0)
            break;
    }
    fclose(f);
}

/* What gem5 reads: gzread in 16 KiB pieces, compared with the expected bytes. */
static void assert_gzread_equals(const char *path, const uint8_t *want, size_t len)
{
    gzFile g = gzopen(path, "rb");
    assert_non_null(g);
    uint8_t buf[16384];
    size_t at = 0;
    int n;
    while ((n = gzread(g, buf, sizeof buf)) > 0) {
        assert_true(at + (size_t)n <= len);
        assert_memory_equal(buf, want + at, (size_t)n);
        at += (size_t)n;
    }
    assert_int_equal(n, 0);
    assert_int_equal(at, len);
    gzclose(g);
}

static struct pmem *open_store(const char *path, enum pmem_backend b)
{
    struct pmem_open_opts o = { .backend = b, .no_cache = true };
    struct pmem *pm;
    char err[ERR_LEN] = "";
    assert_int_equal(pmem_open(path, &o, &pm, err), 0);
    return pm;
}

/* The image holds exactly `want`: its non-zero pages byte for byte, its page map and
 * count; zero pages are checked in `want` only (touching the image's would map them). */
static void assert_image(struct pmem *pm, const uint8_t *want, size_t len)
{
    char err[ERR_LEN] = "";
    assert_int_equal(pmem_wait(pm, UINT64_MAX, NULL, NULL, err), 0);
    struct pmem_info info;
    pmem_info(pm, &info);
    assert_int_equal(info.size, len);
    uint64_t nz = 0;
    for (size_t p = 0; p * 4096 < len; p++) {
        size_t n = len - p * 4096 < 4096 ? len - p * 4096 : 4096;
        bool any = !pmem_page_is_zero(want + p * 4096, n);
        assert_int_equal(pmem_page_nonzero(pm, p), any);
        if (any)
            assert_memory_equal(pmem_data(pm) + p * 4096, want + p * 4096, n);
        nz += any;
    }
    assert_int_equal(info.nonzero_pages, nz);
}

/* ---- decoding ---- */

static void decode_case(size_t size, int level, int strategy, unsigned members)
{
    uint8_t *img = make_image(size, (unsigned)(size + (size_t)level * 7 + members));
    char path[4200];
    path_in(path, "case.pmem");
    write_gz(path, img, size, level, strategy, members);
    for (int b = 0; b < NBACKENDS; b++) {
        struct pmem *pm = open_store(path, backends[b]);
        assert_image(pm, img, size);
        struct pmem_info info;
        pmem_info(pm, &info);
        assert_int_equal(info.members, members);
        pmem_close(pm);
    }
    free(img);
}

static void test_decode_levels_and_strategies(void **state)
{
    (void)state;
    decode_case(3 * MIB + 4096 * 3 + 8, 6, Z_DEFAULT_STRATEGY, 1);
    decode_case(2 * MIB, 0, Z_DEFAULT_STRATEGY, 1);    /* stored blocks */
    decode_case(2 * MIB, 1, Z_DEFAULT_STRATEGY, 1);
    decode_case(2 * MIB, 9, Z_DEFAULT_STRATEGY, 1);
    decode_case(2 * MIB, 6, Z_FIXED, 1);
    decode_case(2 * MIB, 6, Z_RLE, 1);
    decode_case(2 * MIB, 6, Z_HUFFMAN_ONLY, 1);
    decode_case(1000, 6, Z_DEFAULT_STRATEGY, 1);       /* shorter than a page */
    decode_case(0, 6, Z_DEFAULT_STRATEGY, 1);          /* empty */
}

static void test_decode_members_split_pages(void **state)
{
    (void)state;
    decode_case(5 * MIB + 12344, 6, Z_DEFAULT_STRATEGY, 3);
    decode_case(64 * 1024 + 8, 1, Z_DEFAULT_STRATEGY, 7);
}

/* A member with every header field (extra, name, comment, header CRC), then a plain one:
 * every decoder reads both; a wrong header CRC is refused by all. */
static void write_flagged(const char *path, const uint8_t *data, size_t len, bool bad_hcrc)
{
    uint8_t hdr[64] = { 0x1f, 0x8b, 8, 2 | 4 | 8 | 16, 0, 0, 0, 0, 0, 3 };
    size_t h = 10;
    hdr[h++] = 3, hdr[h++] = 0, hdr[h++] = 'a', hdr[h++] = 'b', hdr[h++] = 'c';   /* XLEN 3 */
    memcpy(hdr + h, "store.raw", 10), h += 10;
    memcpy(hdr + h, "a comment", 10), h += 10;
    uint32_t hcrc = (uint32_t)crc32(0, hdr, (uInt)h) ^ (bad_hcrc ? 1u : 0u);
    hdr[h++] = (uint8_t)hcrc, hdr[h++] = (uint8_t)(hcrc >> 8);
    z_stream z = { 0 };
    assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY), Z_OK);
    uLong bound = deflateBound(&z, (uLong)len);
    uint8_t *out = malloc(bound);
    z.next_in = (Bytef *)data, z.avail_in = (uInt)len, z.next_out = out, z.avail_out = (uInt)bound;
    assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
    uint32_t crc = (uint32_t)crc32(0, data, (uInt)len);
    uint8_t trailer[8] = { (uint8_t)crc, (uint8_t)(crc >> 8), (uint8_t)(crc >> 16),
                           (uint8_t)(crc >> 24), (uint8_t)len, (uint8_t)(len >> 8),
                           (uint8_t)(len >> 16), (uint8_t)(len >> 24) };
    FILE *f = fopen(path, "wb");
    fwrite(hdr, 1, h, f);
    fwrite(out, 1, z.total_out, f);
    fwrite(trailer, 1, 8, f);
    fclose(f);
    deflateEnd(&z);
    free(out);
}

static void test_decode_header_fields(void **state)
{
    (void)state;
    size_t size = 3 * 4096 + 100;
    uint8_t *img = make_image(size, 37);
    char path[4200], err[ERR_LEN] = "";
    path_in(path, "flags.pmem");
    write_flagged(path, img, size, false);
    for (int b = 0; b < NBACKENDS; b++) {
        struct pmem *pm = open_store(path, backends[b]);
        assert_image(pm, img, size);
        pmem_close(pm);
    }
    assert_gzread_equals(path, img, size);
    write_flagged(path, img, size, true);
    for (int b = 0; b < NBACKENDS; b++) {
        struct pmem *pm = open_store(path, backends[b]);
        uint8_t buf[8];
        assert_int_equal(pmem_read(pm, 0, buf, 8, err), -1);
        assert_true(tu_contains(err, "header crc mismatch"));
        pmem_close(pm);
    }
    free(img);
}

/* The stores the fixture writer makes (the four board layouts; both gzip modes), through
 * the zero-run-aware decoder, against zlib's gzread (the other decoders are compared with
 * gzread in the tests above). */
static void gzread_all(const char *path, uint8_t **data, size_t *len)
{
    gzFile g = gzopen(path, "rb");
    size_t cap = 1 << 20;
    *data = malloc(cap);
    *len = 0;
    int n;
    while ((n = gzread(g, *data + *len, (unsigned)(cap - *len))) > 0)
        if ((*len += (size_t)n) == cap)
            *data = realloc(*data, cap *= 2);
    gzclose(g);
}

static void test_decode_fixture_writer_stores(void **state)
{
    (void)state;
    for (int mode = 0; mode < 2; mode++)   /* gzwrite's exact bytes for one layout */
        for (int l = 0; l < (mode ? 1 : FX_OLD_GLOBALS); l++) {
            char out[4200], cpt[4300], err[ERR_LEN] = "";
            snprintf(out, sizeof out, "%s/fx-%d-%d", tmp, mode, l);
            assert_int_equal(fixture_write(out, (enum fixture_layout)l, 2 * MIB, 3 * MIB,
                                           mode ? STORE_GZ_EXACT : STORE_GZ_FAST, cpt,
                                           sizeof cpt, err), 0);
            DIR *d = opendir(cpt);
            struct dirent *e;
            while ((e = readdir(d)))
                if (strstr(e->d_name, ".pmem")) {
                    char path[4600];
                    uint8_t *want;
                    size_t len;
                    snprintf(path, sizeof path, "%s/%s", cpt, e->d_name);
                    gzread_all(path, &want, &len);
                    struct pmem *pm = open_store(path, PMEM_BACKEND_FAST);
                    assert_image(pm, want, len);
                    pmem_close(pm);
                    free(want);
                }
            closedir(d);
        }
}

/* The real ARM checkpoint's stores, against zlib's gzread. */
/* The real ARM checkpoint's two stores (512 and 256 MiB), every decoder, against zlib's
 * gzread. */
static void test_decode_real_fixture(void **state)
{
    (void)state;
    static const char *const stores[] = { "system.physmem.store0.pmem",
                                          "system.physmem.store1.pmem" };
    for (int i = 0; i < 2; i++) {
        char rel[256];
        snprintf(rel, sizeof rel, "fixtures/gem5-run/m5out-take/cpt/%s", stores[i]);
        const char *path = tu_shared(rel);
        struct stat st;
        if (stat(path, &st) != 0)
            skip();
        uint8_t *want;
        size_t len;
        gzread_all(path, &want, &len);
        for (int b = 0; b < NBACKENDS; b++) {
            struct pmem *pm = open_store(path, backends[b]);
            assert_image(pm, want, len);
            pmem_close(pm);
        }
        free(want);
    }
}

static void test_decode_raw_and_errors(void **state)
{
    (void)state;
    char path[4200], err[ERR_LEN] = "";
    path_in(path, "raw.pmem");
    uint8_t *img = make_image(MIB, 3);
    FILE *f = fopen(path, "wb");
    fwrite(img, 1, MIB, f);
    fclose(f);
    struct pmem *pm = open_store(path, PMEM_BACKEND_AUTO);
    assert_image(pm, img, MIB);
    pmem_close(pm);
    /* cut short: every backend names the file and says truncated */
    write_gz(path, img, MIB, 6, Z_DEFAULT_STRATEGY, 1);
    struct stat st;
    stat(path, &st);
    assert_int_equal(truncate(path, st.st_size / 2), 0);
    for (int b = 0; b < NBACKENDS; b++) {
        pm = open_store(path, backends[b]);
        uint8_t buf[16];
        assert_int_equal(pmem_read(pm, MIB - 16, buf, 16, err), -1);
        assert_true(tu_contains(err, path));
        assert_true(tu_contains(err, "truncated"));
        pmem_close(pm);
    }
    free(img);
}

/* ---- reading, finding, writing ---- */

static void test_read_and_find(void **state)
{
    (void)state;
    size_t size = 8 * MIB;
    uint8_t *img = make_image(size, 5);
    memset(img + 2 * MIB, 0, 4 * 4096);
    memcpy(img + 2 * MIB + 3 * 4096 - 3, "end", 3);         /* then a zero page */
    memcpy(img + 2 * MIB + 4096 - 3, "needle", 6);          /* across a page boundary */
    memcpy(img + 6 * MIB, "needle", 6);
    char path[4200], err[ERR_LEN] = "";
    path_in(path, "find.pmem");
    write_gz(path, img, size, 6, Z_DEFAULT_STRATEGY, 1);
    struct pmem *pm = open_store(path, PMEM_BACKEND_AUTO);
    uint8_t buf[64];
    assert_int_equal(pmem_read(pm, 2 * MIB + 4090, buf, 20, err), 0);
    assert_memory_equal(buf, img + 2 * MIB + 4090, 20);
    assert_int_equal(pmem_read(pm, size - 4, buf, 8, err), -1);
    assert_true(tu_contains(err, "past the end"));
    uint64_t hit = 0;
    assert_int_equal(pmem_find(pm, (const uint8_t *)"needle", 6, 0, &hit, err), 1);
    uint8_t *first = memmem(img, size, "needle", 6);
    assert_int_equal(hit, (uint64_t)(first - img));
    assert_int_equal(pmem_find(pm, (const uint8_t *)"needle", 6, hit + 1, &hit, err), 1);
    uint8_t *second = memmem(first + 1, size - (size_t)(first + 1 - img), "needle", 6);
    assert_int_equal(hit, (uint64_t)(second - img));
    /* a pattern ending in zeros that reaches into a zero page */
    static const uint8_t endz[8] = { 'e', 'n', 'd', 0, 0, 0, 0, 0 };
    assert_int_equal(pmem_find(pm, endz, 8, 0, &hit, err), 1);
    assert_int_equal(hit, (uint64_t)((uint8_t *)memmem(img, size, endz, 8) - img));
    static const uint8_t tail[] = { 0x5a };
    assert_int_equal(pmem_find(pm, tail, 1, size - 1, &hit, err), 1);
    assert_int_equal(hit, size - 1);
    static const uint8_t zeros[4] = { 0 };
    assert_int_equal(pmem_find(pm, zeros, 4, 0, &hit, err), -1);
    assert_true(tu_contains(err, "zero"));
    assert_int_equal(pmem_find(pm, (const uint8_t *)"absent!", 7, 0, &hit, err), 0);
    pmem_close(pm);
    free(img);
}

static uint64_t file_size(const char *path)
{
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    return (uint64_t)st.st_size;
}

static void test_write_commit_chunked(void **state)
{
    (void)state;
    size_t size = 5 * PMEM_CHUNK + 3 * 4096 + 8;   /* an odd tail chunk */
    uint8_t *img = make_image(size, 9);
    memset(img + PMEM_CHUNK, 0, PMEM_CHUNK);        /* one all-zero chunk */
    char path[4200], backup[4300], err[ERR_LEN] = "";
    path_in(path, "board.physmem.store0.pmem");
    write_gz(path, img, size, 6, Z_DEFAULT_STRATEGY, 1);
    uint8_t *orig = malloc(file_size(path));
    FILE *f = fopen(path, "rb");
    size_t orig_len = fread(orig, 1, file_size(path), f);
    fclose(f);

    struct pmem *pm = open_store(path, PMEM_BACKEND_AUTO);
    assert_int_equal(pmem_write(pm, 3 * MIB + 7, "X", 1, err), 0);
    img[3 * MIB + 7] = 'X';
    assert_int_equal(pmem_write(pm, size - 2, "yz", 3, err), -1);   /* past the end */
    assert_true(tu_contains(err, "past the end"));
    struct pmem_commit_stats st;
    assert_int_equal(pmem_commit(pm, false, NULL, NULL, &st, err), 0);
    assert_int_equal(st.chunks, 6);
    assert_int_equal(st.zero, 1);
    assert_int_equal(st.encoded, 5);
    assert_int_equal(st.copied, 0);
    assert_gzread_equals(path, img, size);
    /* the original is kept, byte for byte */
    snprintf(backup, sizeof backup, "%s.gem5wb-backup", path);
    f = fopen(backup, "rb");
    assert_non_null(f);
    uint8_t *b = malloc(orig_len + 1);
    assert_int_equal(fread(b, 1, orig_len + 1, f), orig_len);
    fclose(f);
    assert_memory_equal(b, orig, orig_len);
    free(b);

    /* a second edit re-encodes one chunk and copies the rest */
    struct pmem_info info;
    pmem_info(pm, &info);
    assert_true(info.chunked);
    assert_false(info.dirty);
    assert_int_equal(pmem_write(pm, 4 * PMEM_CHUNK + 100, "ab", 2, err), 0);
    memcpy(img + 4 * PMEM_CHUNK + 100, "ab", 2);
    assert_int_equal(pmem_commit(pm, false, NULL, NULL, &st, err), 0);
    assert_int_equal(st.encoded, 1);
    assert_int_equal(st.copied, 5);
    assert_gzread_equals(path, img, size);
    pmem_close(pm);

    /* reopened and decoded from the new file: chunked, the same bytes */
    pm = open_store(path, PMEM_BACKEND_ZLIB);
    assert_image(pm, img, size);
    pmem_info(pm, &info);
    assert_true(info.chunked);
    assert_int_equal(info.members, 6);
    pmem_close(pm);
    free(orig);
    free(img);
}

static void test_commit_zlib_encoder(void **state)
{
    (void)state;
    size_t size = 2 * PMEM_CHUNK + 4096;
    uint8_t *img = make_image(size, 11);
    char path[4200], err[ERR_LEN] = "";
    path_in(path, "z.pmem");
    write_gz(path, img, size, 6, Z_DEFAULT_STRATEGY, 1);
    struct pmem *pm = open_store(path, PMEM_BACKEND_ZLIB);
    assert_int_equal(pmem_write(pm, 17, "q", 1, err), 0);
    img[17] = 'q';
    assert_int_equal(pmem_commit(pm, false, NULL, NULL, NULL, err), 0);
    assert_gzread_equals(path, img, size);
    pmem_close(pm);
    free(img);
}

/* A full disk (a file size limit here): the commit fails with the reason, the store and
 * its folder are as before. */
static void test_commit_full_disk(void **state)
{
    (void)state;
    size_t size = 4 * PMEM_CHUNK;
    uint8_t *img = make_image(size, 31);
    char path[4200];
    path_in(path, "full.pmem");
    write_gz(path, img, size, 6, Z_DEFAULT_STRATEGY, 1);
    uint64_t before = file_size(path);
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork();
    if (pid == 0) {
        char err[ERR_LEN] = "";
        struct rlimit rl = { 64 * 1024, 64 * 1024 };
        signal(SIGXFSZ, SIG_IGN);
        setrlimit(RLIMIT_FSIZE, &rl);
        struct pmem *pm = open_store(path, PMEM_BACKEND_AUTO);
        int rc = pmem_write(pm, 100, "x", 1, err) == 0 &&
                 pmem_commit(pm, false, NULL, NULL, NULL, err) == -1;
        ssize_t w = write(fds[1], err, strlen(err) + 1);
        _exit(rc && w > 0 ? 0 : 1);
    }
    close(fds[1]);
    char msg[ERR_LEN] = "";
    assert_true(read(fds[0], msg, sizeof msg - 1) > 0);
    close(fds[0]);
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    assert_true(tu_contains(msg, "full.pmem"));
    assert_true(tu_contains(msg, "File too large"));
    assert_int_equal(file_size(path), before);
    struct pmem *pm = open_store(path, PMEM_BACKEND_ZLIB);
    assert_image(pm, img, size);
    pmem_close(pm);
    DIR *d = opendir(tmp);
    struct dirent *e;
    while ((e = readdir(d)))
        assert_null(strstr(e->d_name, ".gem5wb-"));
    closedir(d);
    free(img);
}

static void test_cache_reopen(void **state)
{
    (void)state;
    size_t size = 6 * MIB;
    uint8_t *img = make_image(size, 13);
    char path[4200], err[ERR_LEN] = "";
    path_in(path, "cached.pmem");
    write_gz(path, img, size, 6, Z_DEFAULT_STRATEGY, 1);
    struct pmem_open_opts o = { 0 };
    struct pmem *pm;
    assert_int_equal(pmem_open(path, &o, &pm, err), 0);
    assert_int_equal(pmem_map(pm, NULL, NULL, err), 0);
    struct pmem_info first, again;
    pmem_info(pm, &first);
    assert_false(first.map_from_cache);
    pmem_close(pm);
    assert_int_equal(pmem_open(path, &o, &pm, err), 0);
    assert_int_equal(pmem_map(pm, NULL, NULL, err), 0);
    pmem_info(pm, &again);
    assert_true(again.map_from_cache);
    assert_false(again.decoded);          /* nothing was decoded for the map */
    assert_int_equal(again.size, first.size);
    assert_int_equal(again.nonzero_pages, first.nonzero_pages);
    for (uint64_t p = 0; p < again.pages; p++)
        assert_int_equal(pmem_page_nonzero(pm, p), !pmem_page_is_zero(img + p * 4096, 4096));
    uint8_t buf[32];                       /* contents still come, decoded on demand */
    assert_int_equal(pmem_read(pm, 4 * MIB, buf, 32, err), 0);
    assert_memory_equal(buf, img + 4 * MIB, 32);
    pmem_close(pm);
    /* a changed file (new mtime and size) is not taken from the cache */
    write_gz(path, img, size / 2, 6, Z_DEFAULT_STRATEGY, 1);
    assert_int_equal(pmem_open(path, &o, &pm, err), 0);
    assert_int_equal(pmem_map(pm, NULL, NULL, err), 0);
    pmem_info(pm, &again);
    assert_false(again.map_from_cache);
    assert_int_equal(again.size, size / 2);
    pmem_close(pm);
    free(img);
}

/* A store reopened with its map from the cache, then decoded for a write, must still be
 * seen as chunked: its second commit copies the clean chunks. */
static void test_cached_reopen_commit_copies(void **state)
{
    (void)state;
    size_t size = 4 * PMEM_CHUNK;
    uint8_t *img = make_image(size, 29);
    char path[4200], err[ERR_LEN] = "";
    path_in(path, "cc.pmem");
    write_gz(path, img, size, 6, Z_DEFAULT_STRATEGY, 1);
    struct pmem_open_opts o = { 0 };
    struct pmem_commit_stats st;
    for (int round = 0; round < 3; round++) {
        struct pmem *pm;
        assert_int_equal(pmem_open(path, &o, &pm, err), 0);
        uint8_t b = (uint8_t)(round + 1);
        assert_int_equal(pmem_write(pm, (uint64_t)round * PMEM_CHUNK + 5, &b, 1, err), 0);
        img[(size_t)round * PMEM_CHUNK + 5] = b;
        assert_int_equal(pmem_commit(pm, false, NULL, NULL, &st, err), 0);
        if (round > 0) {
            struct pmem_info info;
            pmem_info(pm, &info);
            assert_true(info.map_from_cache);
            assert_int_equal(st.encoded, 1);
            assert_int_equal(st.copied, 3);
        }
        pmem_close(pm);
    }
    assert_gzread_equals(path, img, size);
    free(img);
}

static void test_resize(void **state)
{
    (void)state;
    size_t size = 3 * MIB;
    uint8_t *img = make_image(size, 17);
    char path[4200], err[ERR_LEN] = "";
    path_in(path, "resize.pmem");
    write_gz(path, img, size, 6, Z_DEFAULT_STRATEGY, 1);
    struct pmem *pm = open_store(path, PMEM_BACKEND_AUTO);
    uint64_t lost = 99;
    assert_int_equal(pmem_resize(pm, 9 * MIB, &lost, err), 0);
    assert_int_equal(lost, 0);
    assert_int_equal(pmem_commit(pm, false, NULL, NULL, NULL, err), 0);
    uint8_t *big = calloc(1, 9 * MIB);
    memcpy(big, img, size);
    assert_gzread_equals(path, big, 9 * MIB);
    uint64_t want_lost = 0;
    for (size_t i = MIB; i < size; i++)
        want_lost += img[i] != 0;
    assert_int_equal(pmem_resize(pm, MIB, &lost, err), 0);
    assert_int_equal(lost, want_lost);
    assert_int_equal(pmem_resize(pm, 2 * MIB, &lost, err), 0);   /* grows back as zeros */
    assert_int_equal(lost, 0);
    assert_int_equal(pmem_commit(pm, false, NULL, NULL, NULL, err), 0);
    memset(big + MIB, 0, 8 * MIB);
    assert_gzread_equals(path, big, 2 * MIB);
    pmem_close(pm);
    free(big);
    free(img);
}

struct ranges {
    uint64_t off[16], len[16];
    int n;
};

static int collect(void *arg, uint64_t off, uint64_t len)
{
    struct ranges *r = arg;
    if (r->n < 16) {
        r->off[r->n] = off;
        r->len[r->n] = len;
    }
    r->n++;
    return 0;
}

static void test_diff(void **state)
{
    (void)state;
    size_t size = 4 * MIB;
    uint8_t *a = make_image(size, 19), *b = malloc(size);
    memcpy(b, a, size);
    b[100] ^= 1;
    b[101] ^= 1;
    memcpy(b + 3 * MIB + 5, "changed", 7);    /* maybe in a zero page of a */
    b[size - 1] = 0;
    char pa[4200], pb[4200], err[ERR_LEN] = "";
    path_in(pa, "a.pmem");
    path_in(pb, "b.pmem");
    write_gz(pa, a, size, 6, Z_DEFAULT_STRATEGY, 1);
    write_gz(pb, b, size, 1, Z_DEFAULT_STRATEGY, 2);
    struct pmem *ma = open_store(pa, PMEM_BACKEND_AUTO), *mb = open_store(pb, PMEM_BACKEND_AUTO);
    struct ranges r = { .n = 0 };
    struct pmem_diff_stats st;
    assert_int_equal(pmem_diff(ma, mb, 0, collect, &r, &st, err), 0);
    uint64_t bytes = 0;
    for (size_t i = 0; i < size; i++)
        bytes += a[i] != b[i];
    assert_int_equal(st.bytes, bytes);
    assert_int_equal(r.off[0], 100);
    assert_int_equal(r.len[0], 2);
    assert_int_equal(r.off[r.n - 1], size - 1);
    assert_int_equal(st.ranges, (uint64_t)r.n);
    /* with a large gap everything merges into one range */
    r.n = 0;
    assert_int_equal(pmem_diff(ma, mb, size, collect, &r, &st, err), 0);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.len[0], size - 100);
    /* equal stores: nothing */
    r.n = 0;
    assert_int_equal(pmem_diff(ma, ma, 0, collect, &r, &st, err), 0);
    assert_int_equal(r.n, 0);
    assert_int_equal(st.bytes, 0);
    pmem_close(ma);
    pmem_close(mb);
    free(a);
    free(b);
}

static void test_sst_predict(void **state)
{
    (void)state;
    struct pmem_sst_init s;
    pmem_sst_predict(32ull << 30, PMEM_BRIDGE_INITDATA, &s);
    assert_true(s.exceeds_mpi);
    assert_int_equal(s.events, 8192);
    assert_int_equal(s.largest_phase, 32ull << 30);
    pmem_sst_predict(2ull << 30, PMEM_BRIDGE_INITDATA, &s);
    assert_true(s.exceeds_mpi);                /* 2^31 > 2^31-1 */
    pmem_sst_predict((2ull << 30) - 8, PMEM_BRIDGE_INITDATA_64, &s);
    assert_false(s.exceeds_mpi);
    assert_int_equal(s.events, ((2ull << 30) - 8 + 63) / 64);
    pmem_sst_predict(32ull << 30, PMEM_BRIDGE_BACKDOOR, &s);
    assert_false(s.exceeds_mpi);
    assert_int_equal(s.phases, 32);
    assert_int_equal(s.events, 32 * 1024);
    assert_int_equal(s.largest_phase, 1ull << 30);
    pmem_sst_predict((3ull << 30) + 4096, PMEM_BRIDGE_BACKDOOR, &s);
    assert_int_equal(s.dropped, 4096);
    pmem_sst_predict(512ull << 20, PMEM_BRIDGE_BACKDOOR, &s);
    assert_true(s.loads_nothing);
    assert_int_equal(s.bytes_sent, 0);
}

/* ---- crash safety: SIGKILL at random points of commits ---- */

#define CRASH_SIZE (PMEM_CHUNK + 4096)
#define CRASH_FAR (PMEM_CHUNK + 77)

/* The child commits forever and reports each finished commit on the pipe: generation n
 * writes n at two places in different chunks, so a store that mixed two commits would
 * show two different numbers. */
static void crash_child(const char *path, int report)
{
    char err[ERR_LEN];
    struct pmem *pm = open_store(path, PMEM_BACKEND_AUTO);
    for (uint32_t n = 1;; n++) {
        if (pmem_write(pm, 8, &n, 4, err) != 0 || pmem_write(pm, CRASH_FAR, &n, 4, err) != 0 ||
            pmem_commit(pm, false, NULL, NULL, NULL, err) != 0)
            _exit(3);
        if (write(report, &n, 4) != 4)
            _exit(4);
    }
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Waits (10 s at most) for the child's first finished commit, then lets it run into the
 * next one for a random part of a commit's time and kills it there. */
static void kill_mid_commit(pid_t pid, int report, double *commit_s)
{
    uint32_t n;
    double t0 = now_s();
    struct pollfd pfd = { .fd = report, .events = POLLIN };
    assert_int_equal(poll(&pfd, 1, 10000), 1);
    assert_int_equal(read(report, &n, 4), 4);
    if (*commit_s == 0) {   /* the first round measures how long a commit takes */
        assert_int_equal(poll(&pfd, 1, 10000), 1);
        assert_int_equal(read(report, &n, 4), 4);
        *commit_s = now_s() - t0;
    }
    struct timespec ts = { 0, (long)((double)(rand() % 1000) / 1000.0 * *commit_s * 1.2 * 1e9) };
    nanosleep(&ts, NULL);
    kill(pid, SIGKILL);
}

static void test_commit_survives_sigkill(void **state)
{
    (void)state;
    char path[4200], err[ERR_LEN] = "";
    path_in(path, "board.physmem.store1.pmem");
    uint8_t *img = make_image(CRASH_SIZE, 23);
    memset(img + 8, 0, 4);
    memset(img + CRASH_FAR, 0, 4);
    write_gz(path, img, CRASH_SIZE, 6, Z_DEFAULT_STRATEGY, 1);
    srand((unsigned)time(NULL));
    double commit_s = 0;
    for (int round = 0; round < 200; round++) {
        int fds[2];
        assert_int_equal(pipe(fds), 0);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            close(fds[0]);
            crash_child(path, fds[1]);
        }
        close(fds[1]);
        kill_mid_commit(pid, fds[0], &commit_s);
        close(fds[0]);
        int status;
        assert_int_equal(waitpid(pid, &status, 0), pid);
        assert_true(WIFSIGNALED(status));   /* the child never fails on its own */
        assert_int_equal(txn_recover(tmp, NULL, err), 0);
        struct pmem *pm = open_store(path, PMEM_BACKEND_AUTO);
        uint32_t a, b;
        assert_int_equal(pmem_read(pm, 8, &a, 4, err), 0);
        assert_int_equal(pmem_read(pm, CRASH_FAR, &b, 4, err), 0);
        assert_int_equal(a, b);
        assert_true(a >= 1);
        memcpy(img + 8, &a, 4);
        memcpy(img + CRASH_FAR, &a, 4);
        assert_image(pm, img, CRASH_SIZE);   /* whole decode: CRCs, sizes, contents */
        pmem_close(pm);
    }
    DIR *d = opendir(tmp);                   /* nothing left behind but the backup */
    struct dirent *e;
    while ((e = readdir(d)))
        assert_null(strstr(e->d_name, ".gem5wb-tmp"));
    closedir(d);
    free(img);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_decode_levels_and_strategies, setup, tu_cache_teardown),
        cmocka_unit_test_setup_teardown(test_decode_members_split_pages, setup, tu_cache_teardown),
        cmocka_unit_test_setup_teardown(test_decode_header_fields, setup, tu_cache_teardown),
        cmocka_unit_test_setup_teardown(test_decode_fixture_writer_stores, setup, tu_cache_teardown),
        cmocka_unit_test_setup_teardown(test_decode_real_fixture, setup, tu_cache_teardown),
        cmocka_unit_test_setup_teardown(test_decode_raw_and_errors, setup, tu_cache_teardown),
        cmocka_unit_test_setup_teardown(test_read_and_find, setup, tu_cache_teardown),
        cmocka_unit_test_setup_teardown(test_write_commit_chunked, setup, tu_cache_teardown),
        cmocka_unit_test_setup_teardown(test_commit_zlib_encoder, setup, tu_cache_teardown),
        cmocka_unit_test_setup_teardown(test_commit_full_disk, setup, tu_cache_teardown),
        cmocka_unit_test_setup_teardown(test_cache_reopen, setup, tu_cache_teardown),
        cmocka_unit_test_setup_teardown(test_cached_reopen_commit_copies, setup, tu_cache_teardown),
        cmocka_unit_test_setup_teardown(test_resize, setup, tu_cache_teardown),
        cmocka_unit_test_setup_teardown(test_diff, setup, tu_cache_teardown),
        cmocka_unit_test(test_sst_predict),
        cmocka_unit_test_setup_teardown(test_commit_survives_sigkill, setup, tu_cache_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

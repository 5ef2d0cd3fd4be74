/* fixture-writer: writes a test run folder from the command line, for benchmarks and
 * for looking at fixtures by hand: fixture-writer OUTDIR LAYOUT [LOCAL REMOTE] [--exact]. */
#include "tests/support/fixture.h"
#include "core/util/err.h"
#include "core/util/size.h"

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    enum fixture_layout layout;
    uint64_t local = 2ULL << 30, remote = 2ULL << 30;
    char err[ERR_LEN], cptdir[4096];
    int exact = argc > 1 && !strcmp(argv[argc - 1], "--exact");
    argc -= exact;
    if (argc < 3 || fixture_layout_parse(argv[2], &layout) != 0 ||
        (argc > 3 && size_parse(argv[3], &local, "LOCAL", err) != 0) ||
        (argc > 4 && size_parse(argv[4], &remote, "REMOTE", err) != 0)) {
        fprintf(stderr, "usage: fixture-writer OUTDIR LAYOUT [LOCAL [REMOTE]] [--exact]\nlayouts:");
        for (int i = 0; i < FX_LAYOUT_COUNT; i++)
            fprintf(stderr, " %s", fixture_layout_name((enum fixture_layout)i));
        fputc('\n', stderr);
        return 2;
    }
    if (fixture_write(argv[1], layout, local, remote, exact ? STORE_GZ_EXACT : STORE_GZ_FAST,
                      cptdir, sizeof cptdir, err) != 0) {
        fprintf(stderr, "fixture-writer: %s\n", err);
        return 1;
    }
    printf("%s\n", cptdir);
    return 0;
}

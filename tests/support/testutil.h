/* Helpers the cmocka tests share: where the shared fixtures are, temporary folders,
 * and running the gem5wb binary to capture what it prints. */
#ifndef GW_TESTUTIL_H
#define GW_TESTUTIL_H

#include <stddef.h>

/* Path of a file under the shared folder ($GEM5WB_SHARED, default ../shared). */
const char *tu_shared(const char *rel);
/* A new empty folder under /tmp (static buffer per call slot 0..3). */
char *tu_tmpdir(void);
/* rm -rf of a folder the test made. */
void tu_rmtree(const char *dir);
/* Runs $GEM5WB_BIN with args (NULL-terminated); returns the exit code and fills *out
 * (malloc'ed, NUL-terminated) with stdout and *errout with stderr. */
int tu_run(char **out, char **errout, const char *arg0, ...);
/* Writes text to dir/name. */
void tu_write(const char *dir, const char *name, const char *text);
/* Does haystack contain needle? */
int tu_contains(const char *haystack, const char *needle);

/* cmocka setup and teardown: a new folder (tu_case_dir) whose cache/ is GEM5WB_CACHE_DIR,
 * so the tests never touch the user's page-map cache; removed by the teardown. */
int tu_cache_setup(void **state);
int tu_cache_teardown(void **state);
const char *tu_case_dir(void);

#endif

/* m5cpt-line-ends: an m5.cpt saved with CRLF line ends made LF again. gem5 strips trailing
 * spaces only, so "[section]\r" is never a header and the restore dies at the first key. */
#include "core/kb/kb_fix_impl.h"

#include "core/util/err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int kb_fix_plan_crlf(const char *args, const struct kb_fix_opts *o, struct kb_fix_plan *p,
                     char *err)
{
    (void)args;
    char path[KB_FIX_PATH];
    char *data;
    size_t len, n = 0;
    bool existed;
    static char nothing[] = "";
    if (kb_fix_cpt_file(o, "m5cpt-line-ends", path, sizeof path, err) != 0 ||
        patch_read(path, &data, &len, &existed, err) != 0)
        return -1;
    if (!existed) {
        free(data);
        return err_set(err, "%s does not exist", path);
    }
    for (size_t i = 0; i + 1 < len; i++)
        n += data[i] == '\r' && data[i + 1] == '\n';
    struct patch_edit *ed = calloc(n ? n : 1, sizeof *ed);
    if (!ed) {
        free(data);
        return err_set(err, "out of memory");
    }
    size_t k = 0;
    for (size_t i = 0; i + 1 < len; i++)
        if (data[i] == '\r' && data[i + 1] == '\n')
            ed[k++] = (struct patch_edit){ i, 1, nothing };   /* drop the \r, keep the \n */
    int rc = kb_fix_preview(p, path, data, len, ed, n, err);
    if (rc == 0 && n)
        kb_fix_say(p, "rewrite %s with LF line ends: %zu of its lines end in CRLF, which gem5 "
                   "reads as part of the line (no section header is found)", path, n);
    else if (rc == 0)
        kb_fix_say(p, "%s has no CRLF line ends: nothing to change", path);
    free(ed);
    free(data);
    return rc;
}

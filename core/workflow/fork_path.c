/* Where each config layout writes the checkpoint it takes (workflow doc §4), computed the
 * way the config's Python computes it, so a take step can record the real folder. */
#include "core/workflow/fork_impl.h"

#include "core/util/err.h"

#include <stdio.h>
#include <string.h>

/* dir/name, or name alone when it is absolute (os.path.join's rule). */
static int join(char *buf, size_t len, const char *dir, const char *name, const char *suffix,
                char *err)
{
    int n = name[0] == '/' ? snprintf(buf, len, "%s%s", name, suffix)
                           : snprintf(buf, len, "%s/%s%s", dir, name, suffix);
    if (n < 0 || (size_t)n >= len)
        return err_set(err, "the checkpoint path under %s is too long", dir);
    return 0;
}

int fork_ckpt_path(enum fork_ckpt_at at, const char *cwd, const char *outdir,
                   const char *ckpt_file, int instance, char *buf, size_t len, char *err)
{
    char out[4096], inst[24];
    const char *file = ckpt_file ? ckpt_file : "";
    outdir = outdir && outdir[0] ? outdir : "m5out";
    snprintf(inst, sizeof inst, "%d", instance);
    if (at != FORK_AT_OUTDIR_CHECKPOINT && at != FORK_AT_UNKNOWN && !file[0])
        return err_set(err, "this config saves no checkpoint without --ckpt-file (%s): give one",
                       fork_ckpt_at_text(at));
    switch (at) {
    case FORK_AT_OUTDIR_CHECKPOINT:
        if (join(out, sizeof out, cwd, outdir, "", err) != 0)
            return -1;
        return join(buf, len, out, "checkpoint", "", err);
    case FORK_AT_CWD_FILE:
        return join(buf, len, cwd, file, "", err);
    case FORK_AT_CWD_FILE_INSTANCE:
        return join(buf, len, cwd, file, inst, err);
    case FORK_AT_CWD_OUTDIR_FILE_INSTANCE:
        if (outdir[0] == '/')
            return err_set(err, "disaggregated_memory_v2/configs/arm-main.py prefixes --outdir "
                           "with the working folder, so an absolute --outdir (%s) places the "
                           "checkpoint under %s%s: give --outdir relative to %s", outdir, cwd,
                           outdir, cwd);
        if (join(out, sizeof out, cwd, outdir, "", err) != 0)
            return -1;
        return join(buf, len, out, file[0] == '/' ? file + 1 : file, inst, err);
    default:
        return err_set(err, "where this config writes its checkpoint is not known; look for "
                       "save_checkpoint or m5.checkpoint in it");
    }
}

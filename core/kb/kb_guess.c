/* Which tool wrote a log, from the marks each one prints early (SST's core messages, gem5's
 * banner, scons, configure, make, packer, git), so that diagnose applies its patterns. */
#include "core/kb/kb_match.h"
#include "core/util/err.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define GUESS_BYTES (256u << 10)   /* the marks come early: the head of a big log will do */

/* In order: SST runs print gem5's banner too, so SST's marks are looked for first. */
static const struct { const char *tool, *mark; } marks[] = {
    { "sst", "SST Core: " },         { "sst", "SST Fatal" },
    { "sst", "Simulation is complete, simulated time" }, { "sst", "SSTPythonModel" },
    { "gem5", "gem5 Simulator System" }, { "scons", "scons: Reading SConscript files" },
    { "scons", "scons: *** " },      { "configure", "checking for " },
    { "packer", "==> qemu" },        { "packer", "Build 'qemu'" },
    { "make", "make: Entering directory" }, { "make", "make[1]: " },
    { "git", "Cloning into " },
};

int kb_guess_tool(const char *path, const char **tool, char *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return err_sys(err, errno, "cannot read %s", path);
    char *buf = malloc(GUESS_BYTES + 1);
    ssize_t n = buf ? read(fd, buf, GUESS_BYTES) : -1;
    int e = errno;
    close(fd);
    if (n < 0) {
        free(buf);
        return buf ? err_sys(err, e, "cannot read %s", path)
                   : err_set(err, "out of memory reading %s", path);
    }
    *tool = NULL;
    for (size_t i = 0; !*tool && i < sizeof marks / sizeof marks[0]; i++)
        if (memmem(buf, (size_t)n, marks[i].mark, strlen(marks[i].mark)))
            *tool = marks[i].tool;
    free(buf);
    return 0;
}

/* Where the fork's build documents (ext/sst/INSTALL.md, Makefile.linux, SST_INSTALL.sh) lead
 * an ARM user astray (workflow doc §0.6, §1), with their words quoted. */
#include "core/workflow/fork_impl.h"

#include <stdlib.h>
#include <string.h>

/* The line of text holding needle, trimmed, as "FILE:LINE: text" into buf. */
static int quote(const char *text, const char *file, const char *needle, char *buf, size_t len)
{
    const char *hit = text ? strstr(text, needle) : NULL;
    if (!hit)
        return 0;
    const char *start = hit;
    while (start > text && start[-1] != '\n')
        start--;
    start += strspn(start, " \t");
    int line = fork_line_at(text, hit);
    fork_fmt(buf, len, "%s:%d: %.*s", file, line, (int)strcspn(start, "\n"), start);
    return line;
}

static void install_md(struct fork_probe *p, const char *md)
{
    const struct fork_build *b = &p->build;
    if (!b->install_lib[0] || strstr(b->install_lib, "/ARM/"))
        return;
    struct fork_finding *f = fork_add(p, FORK_WARN, "install-md-libgem5", "ext/sst/INSTALL.md",
                                      b->install_lib_line);
    fork_fmt(f->what, sizeof f->what, "ext/sst/INSTALL.md builds %s; darchr's configs and the SST "
             "element need build/ARM/libgem5_opt.so", b->install_lib);
    quote(md, "ext/sst/INSTALL.md", b->install_lib, f->readme, sizeof f->readme);
    fork_fmt(f->fix, sizeof f->fix, "scons build/ARM/libgem5_opt.so -j$(nproc) --without-tcmalloc "
             "--duplicate-sources");
}

static void makefile(struct fork_probe *p, const char *md)
{
    const struct fork_build *b = &p->build;
    struct fork_finding *f;
    if (b->make_arch[0] && strcmp(b->make_arch, "ARM") != 0) {
        f = fork_add(p, FORK_WARN, "makefile-arch", "ext/sst/Makefile.linux", b->make_arch_line);
        fork_fmt(f->what, sizeof f->what, "ext/sst/Makefile.linux defaults to ARCH=%s: the element "
                 "links ../../build/%s/libgem5_opt.so", b->make_arch, b->make_arch);
        quote(md, "ext/sst/INSTALL.md", "ARCH=ARM", f->readme, sizeof f->readme);
        fork_fmt(f->fix, sizeof f->fix, "cd ext/sst && cp Makefile.linux Makefile && make ARCH=ARM "
                 "-j4");
    }
    if (b->make_rpath_relative) {
        f = fork_add(p, FORK_INFO, "makefile-rpath", "ext/sst/Makefile.linux", 0);
        fork_fmt(f->what, sizeof f->what, "libgem5.so finds libgem5_opt.so through a relative "
                 "rpath (../../build/ARCH), which resolves against the folder sst runs in");
        fork_fmt(f->fix, sizeof f->fix, "run sst from ext/sst (the SST scripts expect it too) or "
                 "set LD_LIBRARY_PATH to the gem5 build/ARM folder");
    }
    if (b->install_sh_arch[0] && strcmp(b->install_sh_arch, "ARM") != 0) {
        f = fork_add(p, FORK_WARN, "sst-install-arch", "ext/sst/SST_INSTALL.sh",
                     b->install_sh_line);
        fork_fmt(f->what, sizeof f->what, "ext/sst/SST_INSTALL.sh runs make ARCH=%s, which links "
                 "../../build/%s/libgem5_opt.so", b->install_sh_arch, b->install_sh_arch);
        fork_fmt(f->fix, sizeof f->fix, "build build/%s/libgem5_opt.so first, or make the element "
                 "with ARCH=ARM", b->install_sh_arch);
    }
}

int fork_findings_build(struct fork_probe *p, char *err)
{
    char *md = NULL;
    if (fork_read(p->dir, "ext/sst/INSTALL.md", &md, err) < 0)
        return -1;
    install_md(p, md);
    makefile(p, md);
    free(md);
    return 0;
}

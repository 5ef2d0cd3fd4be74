/* The fork's build documents and scripts for SST and libgem5 (workflow doc §1, §0.6):
 * ext/sst/INSTALL.md, Makefile.linux's defaults, SST_INSTALL.sh, and where checkpoints.md is. */
#include "core/workflow/fork_impl.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* `NAME=value` (or := ?=) at the start of a Makefile line: the value and its line. */
static int make_var(const char *text, const char *name, char *out, size_t len)
{
    size_t n = strlen(name);
    int line = 1;
    for (const char *l = text; *l; line++) {
        const char *p = l;
        if (!strncmp(p, name, n)) {
            p += n;
            while (*p == ' ' || *p == '\t')
                p++;
            if (*p == ':' || *p == '?')
                p++;
            if (*p == '=') {
                p++;
                while (*p == ' ' || *p == '\t')
                    p++;
                size_t v = strcspn(p, "#\n");
                while (v && isspace((unsigned char)p[v - 1]))
                    v--;
                fork_fmt(out, len, "%.*s", (int)v, p);
                return line;
            }
        }
        const char *nl = strchr(l, '\n');
        if (!nl)
            break;
        l = nl + 1;
    }
    return 0;
}

/* The first "build/<ISA>/libgem5_opt.so" INSTALL.md tells scons to build. */
static void install_lib(struct fork_build *b, const char *text)
{
    const char *so = strstr(text, "libgem5_opt.so");
    if (!so)
        return;
    const char *start = so;
    while (start > text && !isspace((unsigned char)start[-1]) && start[-1] != '`')
        start--;
    fork_fmt(b->install_lib, sizeof b->install_lib, "%.*s", (int)(so - start) + 14, start);
    b->install_lib_line = fork_line_at(text, so);
}

/* The ARCH= of SST_INSTALL.sh's `make` line. */
static void install_sh(struct fork_build *b, const char *text)
{
    int line = 1;
    for (const char *l = text; *l; line++) {
        size_t n = strcspn(l, "\n");
        const char *arch = strstr(l, "ARCH=");
        const char *make = strstr(l, "make");
        if (arch && make && arch < l + n && make < arch && l[strspn(l, " \t")] != '#') {
            arch += 5;
            fork_fmt(b->install_sh_arch, sizeof b->install_sh_arch, "%.*s",
                     (int)strcspn(arch, " \t;\n"), arch);
            b->install_sh_line = line;
            return;
        }
        if (!l[n])
            break;
        l += n + 1;
    }
}

int fork_probe_build(struct fork_probe *p, char *err)
{
    struct fork_build *b = &p->build;
    char *text = NULL;
    static const char *const readmes[] = { "checkpoints.md",
                                           "disaggregated_memory/checkpoints.md" };
    for (size_t i = 0; i < 2 && !p->readme_path[0]; i++)
        if (fork_exists(p->dir, readmes[i]))
            fork_fmt(p->readme_path, sizeof p->readme_path, "%s", readmes[i]);
    b->readme_md = fork_exists(p->dir, "ext/sst/README.md");
    int r = fork_read(p->dir, "ext/sst/INSTALL.md", &text, err);
    if (r < 0)
        return -1;
    b->install_md = r > 0;
    if (text)
        install_lib(b, text);
    free(text);
    if ((r = fork_read(p->dir, "ext/sst/Makefile.linux", &text, err)) < 0)
        return -1;
    if (text) {
        b->make_arch_line = make_var(text, "ARCH", b->make_arch, sizeof b->make_arch);
        make_var(text, "SST_VERSION", b->sst_version, sizeof b->sst_version);
        b->make_rpath_relative = strstr(text, "-rpath ../") || strstr(text, "-rpath=../") ||
                                 strstr(text, "-rpath,../");
    }
    free(text);
    if ((r = fork_read(p->dir, "ext/sst/SST_INSTALL.sh", &text, err)) < 0)
        return -1;
    if (text)
        install_sh(b, text);
    free(text);
    return 0;
}

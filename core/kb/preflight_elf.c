/* The libraries an ELF shared object needs (its DT_NEEDED entries), read from the file:
 * whether libgem5 was linked with tcmalloc, which clashes with SST's allocator. */
#include "core/kb/preflight_impl.h"

#include <elf.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_DYN_BYTES (1u << 20)

static bool read_at(int fd, void *buf, size_t len, uint64_t off)
{
    return pread(fd, buf, len, (off_t)off) == (ssize_t)len;
}

/* The section header at index i. */
static bool section(int fd, const Elf64_Ehdr *eh, unsigned i, Elf64_Shdr *sh)
{
    return i < eh->e_shnum && eh->e_shentsize == sizeof *sh &&
           read_at(fd, sh, sizeof *sh, eh->e_shoff + (uint64_t)i * sizeof *sh);
}

/* Scans the DT_NEEDED names of the dynamic section dyn against prefix. */
static int scan_needed(int fd, const Elf64_Shdr *dyn, const Elf64_Shdr *str, const char *prefix,
                       char *needed, size_t cap)
{
    if (dyn->sh_size > MAX_DYN_BYTES || str->sh_size > MAX_DYN_BYTES)
        return -1;
    Elf64_Dyn *d = malloc(dyn->sh_size ? dyn->sh_size : 1);
    char *s = malloc(str->sh_size + 1);
    int rc = d && s && read_at(fd, d, dyn->sh_size, dyn->sh_offset) &&
             read_at(fd, s, str->sh_size, str->sh_offset) ? 0 : -1;
    for (size_t i = 0; rc == 0 && i < dyn->sh_size / sizeof *d && d[i].d_tag != DT_NULL; i++) {
        if (d[i].d_tag != DT_NEEDED || d[i].d_un.d_val >= str->sh_size)
            continue;
        s[str->sh_size] = '\0';
        const char *name = s + d[i].d_un.d_val;
        if (!strncmp(name, prefix, strlen(prefix))) {
            snprintf(needed, cap, "%s", name);
            rc = 1;
        }
    }
    free(d);
    free(s);
    return rc;
}

int pf_elf_needs(const char *path, const char *prefix, char *needed, size_t cap)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    Elf64_Ehdr eh;
    int rc = -1;
    if (read_at(fd, &eh, sizeof eh, 0) && !memcmp(eh.e_ident, ELFMAG, SELFMAG) &&
        eh.e_ident[EI_CLASS] == ELFCLASS64 && eh.e_ident[EI_DATA] == ELFDATA2LSB) {
        Elf64_Shdr sh, str;
        bool dynamic = false;
        for (unsigned i = 0; !dynamic && section(fd, &eh, i, &sh); i++)
            if ((dynamic = sh.sh_type == SHT_DYNAMIC))
                rc = section(fd, &eh, sh.sh_link, &str)
                         ? scan_needed(fd, &sh, &str, prefix, needed, cap) : -1;
        if (!dynamic && eh.e_shnum > 0)
            rc = 0;            /* no dynamic section: a static object needs nothing */
    }
    close(fd);
    return rc;
}

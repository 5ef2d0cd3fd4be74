/* The guest paths a gem5 config hard-codes (kernel, bootloader, disk image, as darchr's
 * configs do) found by keyword, and a copy of the config with the workspace's paths instead. */
#ifndef GW_GEM5CFG_H
#define GW_GEM5CFG_H

#include <stddef.h>

enum gcfg_path { GCFG_KERNEL, GCFG_BOOTLOADER, GCFG_DISK, GCFG_NPATHS };

struct gcfg_literal {
    size_t off, len;          /* the string's contents (inside the quotes) in the file */
    int line;
    char value[1024];
};

/* Finds the first string literal after `kernel=`, `bootloader=` and `disk_image=` (the
 * arguments of set_kernel_disk_workload). found[i] is 0 when the config has none. */
int gcfg_find(const char *text, size_t len, struct gcfg_literal out[GCFG_NPATHS],
              int found[GCFG_NPATHS]);

/* Where the copy of config goes: beside its folder, in <folder>-gem5wb/, so that a script
 * importing from its parent folder (darchr's do) still finds its modules. */
int gcfg_copy_path(const char *config, char *buf, size_t cap);

/* Writes the copy of config with the given paths (NULL: keep the config's) in place of the
 * hard-coded ones; every other byte is the config's. */
int gcfg_write_copy(const char *config, const char *const paths[GCFG_NPATHS], char *copy,
                    size_t cap, char *err);

#endif

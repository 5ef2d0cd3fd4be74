/* Internals the diskimage_*.c files share: the resolved settings of one write (parameters
 * plus what the KVM check decided) and the text builders. */
#ifndef GW_DISKIMAGE_IMPL_H
#define GW_DISKIMAGE_IMPL_H

#include "core/workflow/diskimage.h"

/* Everything a text builder needs, decided once per write. */
struct dimg_ctx {
    const struct dimg_params *p;
    bool arm64;
    bool kvm;                  /* the template asks qemu for KVM */
    int scale;                 /* time-out factor */
    const char *cpu;           /* qemu -cpu, "" for qemu's default */
    char boot_wait[16], ssh_timeout[16], shutdown_timeout[16];
};

void dimg_ctx_init(struct dimg_ctx *c, const struct dimg_params *p, const struct dimg_kvm *kvm);

/* Pre-flight warnings into res: m5 not built, firmware or qemu or packer missing, emulation. */
void dimg_warnings(const char *dir, const struct dimg_params *p, const struct dimg_ctx *c,
                   struct dimg_result *res);

/* The files of the folder for this arch, relative to disk-image/, NULL-terminated. */
const char *const *dimg_files(bool arm64);

/* Text builders (malloc'ed, NULL only when out of memory). */
char *dimg_text_template(const struct dimg_ctx *c);
char *dimg_text_boot(const struct dimg_ctx *c);
char *dimg_text_post(const struct dimg_ctx *c);
char *dimg_text_preseed(const struct dimg_ctx *c);
char *dimg_text_user_data(const struct dimg_ctx *c);
char *dimg_text_meta_data(const struct dimg_ctx *c);

/* A growing string for the builders: appends with format strings; on out-of-memory it
 * stops growing and dimg_sb_take returns NULL. */
struct dimg_sb {
    char *s;
    size_t len, cap;
    bool oom;
};
void dimg_sb_add(struct dimg_sb *b, const char *fmt, ...) __attribute__((format(__printf__, 2, 3)));
char *dimg_sb_take(struct dimg_sb *b);

#endif

/* A gem5 config before gem5 runs it: hard-coded guest paths (kernel, bootloader, disk image)
 * not on this machine, whether it parses, and KVM cores on a host without gem5's ARM KVM CPU. */
#include "core/kb/preflight_impl.h"
#include "core/util/err.h"
#include "core/util/fileio.h"
#include "core/workflow/fork.h"
#include "core/workflow/gem5cfg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CONFIG_MAX (4u << 20)

static void one_path(struct pf_ctx *c, const char *config, const struct gcfg_literal *lit,
                     const char *what, const char *mine)
{
    if (mine && *mine && !pf_exists(mine))
        pf_add(c, PF_FAIL, "config-abs-paths", config, lit->line, "the %s %s given for %s "
               "(instead of line %d's %s) does not exist", what, mine, config, lit->line,
               lit->value);
    else if (!(mine && *mine) && !pf_exists(lit->value))
        pf_add(c, PF_FAIL, "config-abs-paths", config, lit->line, "%s line %d hard-codes the "
               "%s %s, which is not on this machine", config, lit->line, what, lit->value);
    else
        pf_add(c, PF_OK, "config-abs-paths", config, lit->line, "the %s is %s", what,
               mine && *mine ? mine : lit->value);
}

void pf_config_paths(struct pf_ctx *c, const char *config, const char *const mine[3])
{
    static const char *const what[GCFG_NPATHS] = { "kernel", "bootloader", "disk image" };
    char *text, err[ERR_LEN];
    size_t len;
    if (file_read_all(config, CONFIG_MAX, &text, &len, err) != 0) {
        pf_add(c, PF_FAIL, "config-abs-paths", config, 0, "%s", err);
        return;
    }
    struct gcfg_literal lit[GCFG_NPATHS];
    int found[GCFG_NPATHS] = { 0 };
    gcfg_find(text, len, lit, found);
    free(text);
    int any = 0;
    for (int i = 0; i < GCFG_NPATHS; i++)
        if (found[i]) {
            one_path(c, config, &lit[i], what[i], mine ? mine[i] : NULL);
            any++;
        }
    if (!any)
        pf_add(c, PF_OK, "config-abs-paths", config, 0, "%s hard-codes no kernel, bootloader "
               "or disk image", config);
}

void pf_config_syntax(struct pf_ctx *c, const char *config)
{
    enum fork_parse state;
    int line;
    char msg[256], err[ERR_LEN];
    if (fork_parse_file(config, &state, &line, msg, sizeof msg, err) != 0)
        pf_add(c, PF_INFO, "fork-config-syntax", config, 0, "not checked: %s", err);
    else if (state == FORK_PARSE_ERROR)
        pf_add(c, PF_FAIL, "fork-config-syntax", config, line, "%s does not parse: line %d: "
               "SyntaxError: %s", config, line, msg);
    else if (state == FORK_PARSE_OK)
        pf_add(c, PF_OK, "fork-config-syntax", config, 0, "%s parses", config);
    else
        pf_add(c, PF_INFO, "fork-config-syntax", config, 0, "%s could not be checked: %s",
               config, msg);
}

void pf_config_cpu(struct pf_ctx *c, const char *config)
{
    char *text, err[ERR_LEN];
    size_t len;
    char machine[64];
    if (file_read_all(config, CONFIG_MAX, &text, &len, err) != 0)
        return;
    const char *kvm = strstr(text, "CPUTypes.KVM");
    bool arm = strstr(text, "Arm") || strstr(text, "ISA.ARM");
    bool host_arm = pf_host_aarch64(machine, sizeof machine);
    if (kvm && arm && !host_arm)
        pf_add(c, PF_WARN, "kvm-cpu-host", config, pf_line_at(text, kvm), "%s line %d builds "
               "KVM cores (the darchr configs take checkpoints with them), but gem5 has its ARM "
               "KVM CPU only on aarch64 hosts and this one is %s", config, pf_line_at(text, kvm),
               machine);
    else if (kvm)
        pf_add(c, PF_OK, "kvm-cpu-host", config, pf_line_at(text, kvm), "%s uses KVM cores, "
               "which gem5 has on this host", config);
    else
        pf_add(c, PF_OK, "kvm-cpu-host", config, 0, "%s builds no KVM cores", config);
    free(text);
}

/* Which kb entry each pre-flight check predicts: the loaded kb's "preflight" fields, or,
 * without a kb, the table the plan fixed (the same pairs docs/kb.json holds). */
#include "core/kb/preflight_impl.h"

#include <string.h>

static const struct { const char *check, *entry; } plan_table[] = {
    { "sst-init-volume", "sst-mpi-err-count" },
    { "cpt-kvm-cpu", "kvm-checkpoint-in-sst" },
    { "sst-bridge-store", "bridge-hardcoded-pmem" },
    { "sst-script-ckpt", "sst-script-mismatch" },
    { "take-ckpt-dir", "take-ckpt-outdir" },
    { "cpt-range-sizes", "gem5-mem-size-changed" },
    { "sst-cpu-type", "sst-cpu-not-timing" },
    { "sst-tick-base", "sst-tick-base" },
    { "config-abs-paths", "config-abs-paths" },
    { "tool-scons", "scons-missing" },
    { "tool-python3-config", "python-config-missing" },
    { "tool-m4", "m4-missing" },
    { "tool-protoc", "protobuf-missing" },
    { "libgem5-tcmalloc", "tcmalloc-sst-clash" },
    { "libgem5-path", "libgem5-not-found" },
    { "sst-core-home", "sst-core-not-found" },
    { "sst-mpi", "sst-core-no-mpi" },
    { "sst-remote-chunking", "remote-mem-chunking" },
    { "kvm-device", "packer-no-kvm" },
    { "kvm-access", "kvm-permission" },
    { "perf-paranoid", "perf-paranoid" },
    { "fork-config-renamed", "config-renamed" },
    { "fork-config-syntax", "config-syntax-error" },
    { "fork-responder", "responder-mismatch" },
    { "cpt-crlf", "m5cpt-crlf" },
    { "cpt-octal", "m5cpt-octal" },
    { "tool-cross-gcc", "m5-cross-compiler" },
    { "cpt-dir", "restore-ckpt-missing" },
    /* checks added after the plan, for entries the kb helper added */
    { "cpt-store-file", "cpt-store-missing" },
    { "kvm-cpu-host", "arm-kvm-not-built" },
};

const char *pf_kb_id(const struct kb *kb, const char *check)
{
    for (size_t i = 0; kb && i < kb->n; i++)
        if (kb->entries[i].preflight && !strcmp(kb->entries[i].preflight, check))
            return kb->entries[i].id;
    if (kb)
        return "";
    for (size_t i = 0; i < sizeof plan_table / sizeof plan_table[0]; i++)
        if (!strcmp(plan_table[i].check, check))
            return plan_table[i].entry;
    return "";
}

/* The SST side of the fork read from its C++: how the remote memory gets into SST (bridge
 * version, the hard-coded pmem file of checkpoints.md step 5) and what gem5 object the
 * responder expects (workflow doc §5.3, §0.3, §0.4). */
#include "core/workflow/fork_impl.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define RESPONDER_CC "ext/sst/sst_responder_subcomponent.cc"
#define BRIDGE_CC "src/sst/outgoing_request_bridge.cc"

static bool is_name(const char *t, const char *name)
{
    size_t n = strlen(name);
    return !strncmp(t, name, n) && !isalnum((unsigned char)t[n]) && t[n] != '_';
}

/* The first dynamic_cast<gem5::X*> to a memory object: what findCorrespondingSimObject takes. */
static void responder_target(struct fork_sst *s, const char *text)
{
    const char *after;
    for (const char *p = text; (p = fork_loose(p, "dynamic_cast<", &after)); p = after) {
        const char *t = after;
        while (isspace((unsigned char)*t))
            t++;
        if (!strncmp(t, "gem5::", 6))
            t += 6;
        enum fork_mem m = is_name(t, "ExternalMemory")          ? FORK_MEM_EXTERNAL
                          : is_name(t, "OutgoingRequestBridge") ? FORK_MEM_BRIDGE
                                                                : FORK_MEM_UNKNOWN;
        if (m != FORK_MEM_UNKNOWN) {
            s->responder = m;
            s->responder_line = fork_line_at(text, p);
            return;
        }
    }
}

/* `physical_memory_file = "..."` and the size of the pieces it is read in. */
static void bridge_pmem(struct fork_sst *s, const char *text)
{
    const char *w = fork_word(text, "physical_memory_file");
    for (; w; w = fork_word(w + 1, "physical_memory_file")) {
        const char *q = w + strlen("physical_memory_file");
        while (*q == ' ' || *q == '\t')
            q++;
        if (*q != '=' || q[1] == '=')
            continue;
        q++;
        while (*q == ' ' || *q == '\t')
            q++;
        if (*q != '"')
            continue;
        size_t n = strcspn(q + 1, "\"\n");
        fork_fmt(s->pmem_file, sizeof s->pmem_file, "%.*s", (int)n, q + 1);
        s->pmem_line = fork_line_at(text, w);
        break;
    }
    const char *after;
    if (fork_loose(text, "amount_in_bytes =", &after))
        s->piece_bytes = (unsigned)strtoul(after, NULL, 10);
}

static void set_version(struct fork_sst *s, enum fork_bridge b, const char *path, int line)
{
    s->bridge = b;
    fork_fmt(s->bridge_path, sizeof s->bridge_path, "%s", path);
    s->bridge_line = line;
}

static void bridge_version(struct fork_sst *s, const char *resp, const char *bridge)
{
    const char *hit;
    if (resp && (hit = fork_loose(resp, "getBackdoor(", NULL)))
        set_version(s, FORK_BRIDGE_BACKDOOR, RESPONDER_CC, fork_line_at(resp, hit));
    else if (bridge && s->pmem_file[0])
        set_version(s, s->piece_bytes > 64 ? FORK_BRIDGE_INITDATA_4M : FORK_BRIDGE_INITDATA_64,
                    BRIDGE_CC, s->pmem_line);
    else if (bridge && (hit = fork_loose(bridge, "paramIn(cp, \"numMemoryBlocks\"", NULL)))
        set_version(s, FORK_BRIDGE_CPT_SECTION, BRIDGE_CC, fork_line_at(bridge, hit));
    else if (resp || bridge)
        set_version(s, FORK_BRIDGE_NONE, resp ? RESPONDER_CC : BRIDGE_CC, 0);
}

int fork_probe_sst(struct fork_probe *p, char *err)
{
    struct fork_sst *s = &p->sst;
    char *resp = NULL, *bridge = NULL;
    int rc = -1;
    if (fork_read(p->dir, RESPONDER_CC, &resp, err) < 0 ||
        fork_read(p->dir, BRIDGE_CC, &bridge, err) < 0)
        goto out;
    s->external_memory = fork_exists(p->dir, "src/sst/external_memory.cc");
    if (resp) {
        fork_strip_c(resp);
        responder_target(s, resp);
    }
    if (bridge) {
        fork_strip_c(bridge);
        bridge_pmem(s, bridge);
    }
    bridge_version(s, resp, bridge);
    rc = 0;
out:
    free(resp);
    free(bridge);
    return rc;
}

/* The git side of the probe, only as extra information: HEAD's commit and branch, the newest
 * known commit of darchr's branch it contains (workflow doc §6), and which of the files the
 * probe read differ from HEAD. Decisions are made from the files, never from these. */
#include "core/workflow/fork_impl.h"

#include <git2.h>
#include <string.h>

/* Newest first; the probe reports the first one HEAD is or contains. */
static const struct { const char *id, *what; } landmarks[] = {
    { "9fbbf1f9f87ecf5e8255aee8e11e1bf717d96b07", "the tip the workflow doc describes" },
    { "c89e962e2a82a0c09d46d60d664078379338e94d", "the responder takes an ExternalMemory" },
    { "af5a333e7f725b2ca02bc6b954ab9e7e14946ce7",
      "the last responder taking an OutgoingRequestBridge, with the backdoor loader" },
    { "62055708b0345c036ca1a6fb47d10e09e95ad2ed", "ExternalMemory split from the bridge" },
    { "7d4cb1dc8e1ff50a3f448d2613d1a52c41f1e0bc",
      "SST loads memory through a MemBackdoor; the hard-coded store0 is gone" },
    { "c28f9d09c66164203dde5aa91db320b2242a65f4", "arm_checkpoints.py gets chpt_dir" },
    { "05008c17c0f4d0be40ad7d849efd16ec0e1cd5f3", "the bridge reads store0 in 4 MiB pieces" },
    { "3e2ee4371548a4132170bea9362f3da95c9d2572", "the unified script takes --is-composable" },
    { "90760d7e2c9773307f9ca557d74b7a86bc317d41", "the unified script gets its final name" },
    { "6af90d3412579daa02cb8eb03f426967044e8543", "the unified script appears" },
    { "7b7a23fa34acaaaae94960b94c35d89bcf85f5b4",
      "gem5-only config renamed; arm-numa-checkpoints.py loses a comma" },
    { "b03cb1aa88399ca334369bf029f0abca406fd185", "the commit checkpoints.md describes" },
    { "d3129bb3f9ac436c3a3607c643c2d8536d214dd3",
      "the bridge reads the hard-coded board.physmem.store0.pmem" },
    { "117b7c7beffc4a2cf2361fa65ab030f317550f75",
      "the bridge writes the remote memory into m5.cpt" },
};
#define NLAND (sizeof landmarks / sizeof landmarks[0])

/* Is HEAD landmark i or one of its descendants? Unknown commits (another repository) are not. */
static bool contains(git_repository *repo, const git_oid *head, size_t i)
{
    git_oid l;
    git_odb *odb = NULL;
    if (git_oid_fromstr(&l, landmarks[i].id) != 0)
        return false;
    if (git_oid_equal(head, &l))
        return true;
    if (git_repository_odb(&odb, repo) != 0)
        return false;
    bool known = git_odb_exists(odb, &l);
    git_odb_free(odb);
    return known && git_graph_descendant_of(repo, head, &l) == 1;
}

static void find_base(struct fork_probe *p, git_repository *repo, const git_oid *head)
{
    if (!contains(repo, head, NLAND - 1))   /* older than all of them, or unrelated */
        return;
    for (size_t i = 0; i < NLAND; i++)
        if (contains(repo, head, i)) {
            fork_fmt(p->base, sizeof p->base, "%.10s", landmarks[i].id);
            fork_fmt(p->base_what, sizeof p->base_what, "%s", landmarks[i].what);
            return;
        }
}

static void mark(struct fork_probe *p, git_repository *repo, const char *rel)
{
    unsigned flags = 0;
    const unsigned changed = GIT_STATUS_WT_MODIFIED | GIT_STATUS_WT_DELETED | GIT_STATUS_WT_NEW |
                             GIT_STATUS_INDEX_MODIFIED | GIT_STATUS_INDEX_NEW |
                             GIT_STATUS_INDEX_DELETED | GIT_STATUS_WT_RENAMED |
                             GIT_STATUS_INDEX_RENAMED | GIT_STATUS_WT_TYPECHANGE;
    if (!rel[0] || git_status_file(&flags, repo, rel) != 0 || !(flags & changed))
        return;
    p->dirty = true;
    fork_list_add(p->edited, sizeof p->edited, rel);
}

/* The files whose content the probe's answers rest on. */
static void find_edits(struct fork_probe *p, git_repository *repo)
{
    static const char *const fixed[] = { "ext/sst/sst_responder_subcomponent.cc",
                                         "src/sst/outgoing_request_bridge.cc",
                                         "ext/sst/INSTALL.md", "ext/sst/Makefile.linux",
                                         "ext/sst/SST_INSTALL.sh" };
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        mark(p, repo, fixed[i]);
    mark(p, repo, p->readme_path);
    for (size_t i = 0; i < p->nconfigs; i++) {
        mark(p, repo, p->configs[i].path);
        mark(p, repo, p->configs[i].memory_path);
    }
    for (size_t i = 0; i < p->nscripts; i++)
        mark(p, repo, p->scripts[i].path);
}

void fork_probe_git(struct fork_probe *p)
{
    git_repository *repo = NULL;
    git_reference *head = NULL;
    git_libgit2_init();
    if (git_repository_open_ext(&repo, p->dir, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) != 0)
        goto out;
    p->is_git = true;
    if (git_repository_head(&head, repo) == 0 && git_reference_target(head)) {
        const git_oid *oid = git_reference_target(head);
        git_oid_tostr(p->commit, sizeof p->commit, oid);
        if (git_reference_is_branch(head))
            fork_fmt(p->branch, sizeof p->branch, "%s", git_reference_shorthand(head));
        find_base(p, repo, oid);
    }
    if (!git_repository_is_bare(repo))
        find_edits(p, repo);
out:
    git_reference_free(head);
    git_repository_free(repo);
    git_libgit2_shutdown();
}

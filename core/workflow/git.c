/* Clone or fetch-and-switch with libgit2, progress from its transfer and checkout
 * callbacks, errors turned into sentences a user can act on. */
#include "core/workflow/git.h"
#include "core/util/err.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <git2.h>
#include <string.h>
#include <sys/stat.h>

struct ctx {
    git_progress_fn fn;
    void *arg;
    struct git_progress p;
    bool cancelled;
};

static int report(struct ctx *c)
{
    if (c->fn && c->fn(c->arg, &c->p) != 0) {
        c->cancelled = true;
        return -1;
    }
    return 0;
}

/* Objects count for 60 % of the bar, deltas 20 %, checkout 20 %. */
static int on_transfer(const git_indexer_progress *s, void *payload)
{
    struct ctx *c = payload;
    c->p.objects_total = s->total_objects;
    c->p.objects_received = s->received_objects;
    c->p.objects_indexed = s->indexed_objects;
    c->p.bytes_received = s->received_bytes;
    c->p.deltas_total = s->total_deltas;
    c->p.deltas_indexed = s->indexed_deltas;
    bool deltas = s->total_deltas > 0 && s->received_objects == s->total_objects;
    c->p.phase = deltas ? GITP_DELTAS : GITP_OBJECTS;
    double obj = s->total_objects ? (double)s->received_objects / s->total_objects : 0;
    double del = s->total_deltas ? (double)s->indexed_deltas / s->total_deltas : 0;
    c->p.fraction = 0.6 * obj + 0.2 * del;
    return report(c);
}

/* The progress callback cannot stop a checkout; this one, asked about every file, can. */
static int on_notify(git_checkout_notify_t why, const char *path, const git_diff_file *base,
                     const git_diff_file *target, const git_diff_file *workdir, void *payload)
{
    (void)why, (void)path, (void)base, (void)target, (void)workdir;
    struct ctx *c = payload;
    c->p.phase = GITP_CHECKOUT;
    return c->cancelled || report(c) != 0 ? GIT_EUSER : 0;
}

static void on_checkout(const char *path, size_t done, size_t total, void *payload)
{
    struct ctx *c = payload;
    (void)path;
    c->p.phase = GITP_CHECKOUT;
    c->p.checkout_done = done;
    c->p.checkout_total = total;
    c->p.fraction = 0.8 + (total ? 0.2 * (double)done / (double)total : 0.2);
    report(c);
}

/* libgit2's last error as a sentence about url/branch/dir. */
static int git_fail(struct ctx *c, int code, const char *url, const char *branch,
                    const char *dir, char *err)
{
    const git_error *e = git_error_last();
    const char *msg = e && e->message ? e->message : "unknown error";
    if (c->cancelled || code == GIT_EUSER)
        return err_set(err, "clone of %s into %s cancelled; run it again to resume", url, dir);
    if (strstr(msg, "refs/remotes/origin/") || strstr(msg, "reference"))
        return err_set(err, "%s has no branch '%s' (%s)", url, branch, msg);
    if (code == GIT_EAUTH || strstr(msg, "authentication") || strstr(msg, "401"))
        return err_set(err, "%s refused the credentials (%s); for ssh URLs load a key in "
                       "ssh-agent, for https use a URL you can read", url, msg);
    if ((e && (e->klass == GIT_ERROR_NET || e->klass == GIT_ERROR_SSL ||
               e->klass == GIT_ERROR_HTTP || e->klass == GIT_ERROR_SSH)) ||
        strstr(msg, "connect") || strstr(msg, "resolve") || strstr(msg, "timed out"))
        return err_set(err, "cannot reach %s (%s); check the address and the network", url, msg);
    return err_set(err, "git: %s (cloning %s, branch %s, into %s)", msg, url, branch, dir);
}

/* 1 when dir exists and holds anything, 0 when missing or empty, -1 when not a folder. */
static int dir_state(const char *dir)
{
    struct stat st;
    if (stat(dir, &st) != 0)
        return 0;
    if (!S_ISDIR(st.st_mode))
        return -1;
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    struct dirent *e;
    int full = 0;
    while (!full && (e = readdir(d)))
        full = strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return full;
}

static void head_commit(git_repository *repo, struct git_result *res)
{
    git_oid oid;
    if (git_reference_name_to_id(&oid, repo, "HEAD") == 0)
        git_oid_tostr(res->commit, sizeof res->commit, &oid);
}

static int fresh_clone(struct ctx *c, const char *url, const char *branch, const char *dir,
                       struct git_result *res, char *err)
{
    git_clone_options o;
    git_clone_options_init(&o, GIT_CLONE_OPTIONS_VERSION);
    o.checkout_branch = branch;
    o.fetch_opts.callbacks.transfer_progress = on_transfer;
    o.fetch_opts.callbacks.payload = c;
    o.checkout_opts.progress_cb = on_checkout;
    o.checkout_opts.progress_payload = c;
    o.checkout_opts.notify_cb = on_notify;
    o.checkout_opts.notify_flags = GIT_CHECKOUT_NOTIFY_ALL;
    o.checkout_opts.notify_payload = c;
    git_repository *repo = NULL;
    int rc = git_clone(&repo, url, dir, &o);
    if (rc != 0)
        return git_fail(c, rc, url, branch, dir, err);
    head_commit(repo, res);
    git_repository_free(repo);
    return 0;
}

/* refs/remotes/origin/<branch> after fetching just that branch. */
static int fetch_branch(struct ctx *c, git_repository *repo, const char *url,
                        const char *branch, git_oid *tip, char *err)
{
    git_remote *remote = NULL;
    if (git_remote_lookup(&remote, repo, "origin") != 0)
        return err_set(err, "the clone has no remote 'origin'; clone it again into an empty "
                       "folder");
    const char *have = git_remote_url(remote);
    if (have && strcmp(have, url) != 0) {
        err_set(err, "it is a clone of %s, not of %s; choose another folder", have, url);
        git_remote_free(remote);
        return -1;
    }
    char spec[512], ref[300];
    snprintf(spec, sizeof spec, "+refs/heads/%s:refs/remotes/origin/%s", branch, branch);
    snprintf(ref, sizeof ref, "refs/remotes/origin/%s", branch);
    char *specs[] = { spec };
    git_strarray refspecs = { specs, 1 };
    git_fetch_options fo;
    git_fetch_options_init(&fo, GIT_FETCH_OPTIONS_VERSION);
    fo.callbacks.transfer_progress = on_transfer;
    fo.callbacks.payload = c;
    int rc = git_remote_fetch(remote, &refspecs, &fo, NULL);
    git_remote_free(remote);
    if (rc != 0)
        return git_fail(c, rc, url, branch, "the existing clone", err);
    if (git_reference_name_to_id(tip, repo, ref) != 0)
        return err_set(err, "%s has no branch '%s'", url, branch);
    return 0;
}

/* Points the local branch at tip, checks it out and makes it HEAD. */
static int switch_branch(struct ctx *c, git_repository *repo, const char *branch,
                         const git_oid *tip, char *err)
{
    git_commit *commit = NULL;
    git_reference *ref = NULL;
    char head[300];
    snprintf(head, sizeof head, "refs/heads/%s", branch);
    git_checkout_options co;
    git_checkout_options_init(&co, GIT_CHECKOUT_OPTIONS_VERSION);
    co.checkout_strategy = GIT_CHECKOUT_SAFE;
    co.progress_cb = on_checkout;
    co.progress_payload = c;
    co.notify_cb = on_notify;
    co.notify_flags = GIT_CHECKOUT_NOTIFY_ALL;
    co.notify_payload = c;
    git_reference *moved = NULL;
    int rc = git_commit_lookup(&commit, repo, tip);
    if (rc == 0)
        rc = git_checkout_tree(repo, (const git_object *)commit, &co);
    /* an existing local branch (perhaps HEAD) is moved; a new one is created */
    if (rc == 0 && git_reference_lookup(&ref, repo, head) == 0)
        rc = git_reference_set_target(&moved, ref, tip, "gem5wb: fetched");
    else if (rc == 0)
        rc = git_branch_create(&moved, repo, branch, commit, 0);
    if (rc == 0)
        rc = git_repository_set_head(repo, head);
    git_reference_free(moved);
    git_reference_free(ref);
    git_commit_free(commit);
    if (rc != 0) {
        const git_error *e = git_error_last();
        return err_set(err, "cannot switch the clone to '%s' (%s); commit or stash local "
                       "changes first", branch, e && e->message ? e->message : "git error");
    }
    return 0;
}

static int update_clone(struct ctx *c, const char *url, const char *branch, const char *dir,
                        struct git_result *res, char *err)
{
    git_repository *repo = NULL;
    if (git_repository_open_ext(&repo, dir, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) != 0)
        return err_set(err, "%s is not empty and is not a git clone; choose an empty or new "
                       "folder", dir);
    git_oid tip;
    char sub[ERR_LEN];
    int rc = fetch_branch(c, repo, url, branch, &tip, sub);
    if (rc == 0)
        rc = switch_branch(c, repo, branch, &tip, sub);
    if (rc == 0) {
        head_commit(repo, res);
        res->fetched = true;
    } else {
        err_set(err, "%s: %s", dir, sub);
    }
    git_repository_free(repo);
    return rc;
}

int gw_git_sync(const char *url, const char *branch, const char *dir, git_progress_fn fn,
                void *arg, struct git_result *res, char *err)
{
    *res = (struct git_result){ 0 };
    struct ctx c = { .fn = fn, .arg = arg };
    int state = dir_state(dir);
    if (state < 0)
        return err_set(err, "%s exists and is not a folder", dir);
    git_libgit2_init();
    int rc = state ? update_clone(&c, url, branch, dir, res, err)
                   : fresh_clone(&c, url, branch, dir, res, err);
    git_libgit2_shutdown();
    if (rc == 0) {
        c.p.phase = GITP_DONE;
        c.p.fraction = 1;
        if (fn)
            fn(arg, &c.p);
    }
    return rc;
}

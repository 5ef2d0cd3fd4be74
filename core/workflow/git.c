/* Clone or fetch-and-switch with libgit2, progress from its transfer and checkout
 * callbacks, errors turned into sentences a user can act on. */
#include "core/workflow/git.h"
#include "core/util/err.h"
#include "core/util/fileio.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <git2.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
                         const git_oid *tip, bool ours, char *err)
{
    git_commit *commit = NULL;
    git_reference *ref = NULL;
    char head[300];
    snprintf(head, sizeof head, "refs/heads/%s", branch);
    git_checkout_options co;
    git_checkout_options_init(&co, GIT_CHECKOUT_OPTIONS_VERSION);
    /* files a cancelled checkout of ours already wrote are simply written again */
    co.checkout_strategy = ours ? GIT_CHECKOUT_FORCE : GIT_CHECKOUT_SAFE;
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
    if (rc == 0) {                     /* so that a plain `git pull` in the clone works */
        char upstream[300];
        snprintf(upstream, sizeof upstream, "origin/%s", branch);
        rc = git_branch_set_upstream(moved, upstream);
    }
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

/* The marker a clone in progress keeps in .git: while it is there, the folder is gem5wb's
 * unfinished clone, which a new run resumes and `clean` may remove. */
#define GIT_MARK "gem5wb-clone-incomplete"

static void mark_path(git_repository *repo, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s" GIT_MARK, git_repository_path(repo));
}

static bool has_mark(git_repository *repo)
{
    char mark[4200];
    struct stat st;
    mark_path(repo, mark, sizeof mark);
    return stat(mark, &st) == 0;
}

/* Fetches the branch into repo and checks it out; the clone is finished after this. */
static int fetch_and_switch(struct ctx *c, git_repository *repo, const char *url,
                            const char *branch, struct git_result *res, char *err)
{
    git_oid tip;
    bool ours = has_mark(repo);
    int rc = fetch_branch(c, repo, url, branch, &tip, err);
    if (rc == 0)
        rc = switch_branch(c, repo, branch, &tip, ours, err);
    if (rc != 0)
        return rc;
    head_commit(repo, res);
    char mark[4200];
    mark_path(repo, mark, sizeof mark);
    unlink(mark);
    res->resumed = ours;
    return 0;
}

static int update_clone(struct ctx *c, const char *url, const char *branch, const char *dir,
                        struct git_result *res, char *err)
{
    git_repository *repo = NULL;
    if (git_repository_open_ext(&repo, dir, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) != 0)
        return err_set(err, "%s is not empty and is not a git clone; choose an empty or new "
                       "folder", dir);
    char sub[ERR_LEN];
    int rc = fetch_and_switch(c, repo, url, branch, res, sub);
    if (rc == 0)
        res->fetched = !res->resumed;
    else
        err_set(err, "%s: %s", dir, sub);
    git_repository_free(repo);
    return rc;
}

/* A new repository with an origin remote and the marker, then the same fetch and switch
 * as an update; so a cancel at any point leaves a clone the next run resumes. Any other
 * failure removes what it made, as git clone does. */
static int fresh_clone(struct ctx *c, const char *url, const char *branch, const char *dir,
                       bool existed, struct git_result *res, char *err)
{
    git_repository *repo = NULL;
    git_remote *remote = NULL;
    git_repository_init_options io;
    git_repository_init_options_init(&io, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
    io.flags = GIT_REPOSITORY_INIT_MKPATH;
    char mark[4200];
    int rc = git_repository_init_ext(&repo, dir, &io);
    if (rc == 0) {
        mark_path(repo, mark, sizeof mark);
        FILE *f = fopen(mark, "w");
        rc = f && fprintf(f, "%s\n%s\n", url, branch) > 0 && fclose(f) == 0 ? 0 : -1;
        if (rc != 0)
            git_error_set_str(GIT_ERROR_OS, strerror(errno));
    }
    if (rc == 0)
        rc = git_remote_create(&remote, repo, "origin", url);
    git_remote_free(remote);
    if (rc != 0)
        rc = git_fail(c, rc, url, branch, dir, err);
    else
        rc = fetch_and_switch(c, repo, url, branch, res, err);
    git_repository_free(repo);
    if (rc != 0 && c->cancelled)
        return err_set(err, "clone of %s into %s cancelled; run it again to resume, or "
                       "`gem5wb clone --clean` to remove it", url, dir);
    if (rc != 0) {
        char sub[ERR_LEN];
        if (existed) {                 /* keep the empty folder the user gave */
            char git_dir[4200];
            snprintf(git_dir, sizeof git_dir, "%s/.git", dir);
            dir_remove_tree(git_dir, sub);
        } else {
            dir_remove_tree(dir, sub);
        }
    }
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
    struct stat st;
    int rc = state ? update_clone(&c, url, branch, dir, res, err)
                   : fresh_clone(&c, url, branch, dir, stat(dir, &st) == 0, res, err);
    git_libgit2_shutdown();
    if (rc == 0) {
        c.p.phase = GITP_DONE;
        c.p.fraction = 1;
        if (fn)
            fn(arg, &c.p);
    }
    return rc;
}

int gw_git_clean(const char *dir, char *err)
{
    git_libgit2_init();
    git_repository *repo = NULL;
    int rc = git_repository_open_ext(&repo, dir, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL);
    bool ours = rc == 0 && has_mark(repo);
    git_repository_free(repo);
    git_libgit2_shutdown();
    if (!ours)
        return err_set(err, "%s is not an unfinished clone made by gem5wb; remove it yourself "
                       "if you are sure", dir);
    return dir_remove_tree(dir, err);
}

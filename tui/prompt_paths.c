/* Path completion for prompts that take one file or folder as typed (no shell quoting):
 * Tab fills what the entries of the typed folder that start with its last part share. */
#include "tui/tui.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#define PATH_CAP 4096

struct matches {
    int n;
    bool last_dir;
    char common[256];
};

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static void match_add(struct matches *m, const char *name, bool dir, char *list, size_t cap)
{
    if (m->n++ == 0)
        snprintf(m->common, sizeof m->common, "%s", name);
    else
        for (size_t i = 0; m->common[i]; i++)
            if (m->common[i] != name[i])
                m->common[i] = '\0';
    m->last_dir = dir;
    size_t used = strlen(list);
    if (used < cap)
        snprintf(list + used, cap - used, "%s%s%s", used ? " " : "", name, dir ? "/" : "");
}

/* Tab: the entries of the text's folder that start with its last part. */
static int complete_path(const char *text, bool dirs_only, char *out, size_t cap, char *list,
                         size_t list_cap)
{
    const char *slash = strrchr(text, '/');
    char parent[PATH_CAP];
    snprintf(parent, sizeof parent, "%.*s", slash ? (int)(slash - text) + 1 : 0, text);
    const char *base = slash ? slash + 1 : text;
    struct matches m = { 0 };
    DIR *d = opendir(*parent ? parent : ".");
    list[0] = '\0';
    for (struct dirent *e; d && (e = readdir(d));) {
        char full[PATH_CAP + 256];
        if (strncmp(e->d_name, base, strlen(base)) != 0 || !strcmp(e->d_name, ".") ||
            !strcmp(e->d_name, "..") || (e->d_name[0] == '.' && base[0] != '.'))
            continue;
        snprintf(full, sizeof full, "%s%s", parent, e->d_name);
        bool dir = is_dir(full);
        if (!dirs_only || dir)
            match_add(&m, e->d_name, dir, list, list_cap);
    }
    if (d)
        closedir(d);
    snprintf(out, cap, "%s%s%s", parent, m.n ? m.common : base, m.n == 1 && m.last_dir ? "/" : "");
    return m.n;
}

int tui_complete_dirs(void *ctx, const char *text, char *out, size_t cap, char *list,
                      size_t list_cap)
{
    (void)ctx;
    return complete_path(text, true, out, cap, list, list_cap);
}

int tui_complete_files(void *ctx, const char *text, char *out, size_t cap, char *list,
                       size_t list_cap)
{
    (void)ctx;
    return complete_path(text, false, out, cap, list, list_cap);
}

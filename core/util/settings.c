/* The settings file: parse "key = value" lines, look up, set, and write it back. */
#include "core/util/settings.h"

#include "core/util/err.h"
#include "core/util/fileio.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SETTINGS_FILE_MAX (64 * 1024)

int settings_path(char *buf, size_t len, char *err)
{
    const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
    int n;
    if (xdg && *xdg == '/')
        n = snprintf(buf, len, "%s/gem5wb/settings", xdg);
    else if (home && *home)
        n = snprintf(buf, len, "%s/.config/gem5wb/settings", home);
    else {
        err_set(err, "cannot place the settings file: neither XDG_CONFIG_HOME nor HOME is set");
        return -1;
    }
    if (n < 0 || (size_t)n >= len) {
        err_set(err, "the settings file's path is too long");
        return -1;
    }
    return 0;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

static int parse_line(const char *path, size_t lineno, char *line, struct settings *s,
                      char *err)
{
    char *p = trim(line);
    if (!*p || *p == '#')
        return 0;
    char *eq = strchr(p, '=');
    if (!eq || eq == p) {
        err_set(err, "%s:%zu: not a \"key = value\" line", path, lineno);
        return -1;
    }
    *eq = '\0';
    if (settings_set(s, trim(p), trim(eq + 1), err) != 0) {
        char why[ERR_LEN];
        snprintf(why, sizeof why, "%s", err);
        err_set(err, "%s:%zu: %s", path, lineno, why);
        return -1;
    }
    return 0;
}

int settings_load(const char *path, struct settings *s, char *err)
{
    char *data;
    size_t len;
    memset(s, 0, sizeof *s);
    if (access(path, F_OK) != 0 && errno == ENOENT)
        return 0;   /* nothing set yet */
    if (file_read_all(path, SETTINGS_FILE_MAX, &data, &len, err) != 0)
        return -1;
    size_t lineno = 0;
    int rc = 0;
    for (char *line = data, *next; line && rc == 0; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        rc = parse_line(path, ++lineno, line, s, err);
    }
    free(data);
    return rc;
}

const char *settings_get(const struct settings *s, const char *key)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->key[i], key) == 0)
            return s->value[i];
    return NULL;
}

int settings_set(struct settings *s, const char *key, const char *value, char *err)
{
    if (!*key || strlen(key) >= sizeof s->key[0] || strlen(value) >= sizeof s->value[0] ||
        strpbrk(key, "=\n") || strchr(value, '\n')) {
        err_set(err, "setting \"%.40s\" is empty, too long or has '=' or a newline", key);
        return -1;
    }
    size_t i = 0;
    while (i < s->n && strcmp(s->key[i], key) != 0)
        i++;
    if (i == SETTINGS_MAX) {
        err_set(err, "too many settings (at most %d)", SETTINGS_MAX);
        return -1;
    }
    snprintf(s->key[i], sizeof s->key[i], "%s", key);
    snprintf(s->value[i], sizeof s->value[i], "%s", value);
    if (i == s->n)
        s->n++;
    return 0;
}

int settings_save(const char *path, const struct settings *s, char *err)
{
    char dir[4096], buf[SETTINGS_MAX * 340 + 128];
    size_t used = (size_t)snprintf(buf, sizeof buf,
                                   "# gem5wb settings (the workbench rewrites this file)\n");
    for (size_t i = 0; i < s->n; i++)
        used += (size_t)snprintf(buf + used, sizeof buf - used, "%s = %s\n", s->key[i],
                                 s->value[i]);
    path_parent(path, dir, sizeof dir);
    if (dir_create(dir, err) != 0)
        return -1;
    return file_replace(path, buf, used, 0, err);
}

/* The user's settings file ($XDG_CONFIG_HOME/gem5wb/settings): "key = value" lines kept
 * in order with their comments, read at start and rewritten atomically on a change. */
#ifndef GW_SETTINGS_H
#define GW_SETTINGS_H

#include <stddef.h>

#define SETTINGS_MAX 32

struct settings {
    size_t n;
    char key[SETTINGS_MAX][64];
    char value[SETTINGS_MAX][256];
};

/* Where the file is: $XDG_CONFIG_HOME/gem5wb/settings, else ~/.config/gem5wb/settings;
 * -1 with err when neither variable is set. */
int settings_path(char *buf, size_t len, char *err);

/* Reads path (a missing file is an empty set). A line that is not "key = value", blank or
 * a '#' comment is an error naming the file and line. */
int settings_load(const char *path, struct settings *s, char *err);

/* The value of key, or NULL. */
const char *settings_get(const struct settings *s, const char *key);

/* Sets key (added when new); -1 when the set is full or key/value do not fit. */
int settings_set(struct settings *s, const char *key, const char *value, char *err);

/* Writes the set to path (its folder created), atomically and without a backup: it is
 * the program's own file, rewritten on every change. */
int settings_save(const char *path, const struct settings *s, char *err);

#endif

/* Finding a theme file and turning its slot specs into curses colour pairs. Parsing
 * itself is in theme_parse.c, which stays free of curses. */
#include "tui/theme.h"
#include "tui/theme_parse.h"

#include "core/util/err.h"

#include <curses.h>
#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* One attribute word per slot: curses itself is process-global, so is this. */
static int slot_attr[THEME_SLOT_COUNT];

static int is_path(const char *name)
{
    size_t n = strlen(name);
    return strchr(name, '/') || (n > 6 && strcmp(name + n - 6, ".theme") == 0);
}

/* <dir of the running binary>/../share/gem5wb/themes, for installed copies. */
static int exe_themes_dir(char *buf, size_t len)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return -1;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return -1;
    *slash = '\0';
    int w = snprintf(buf, len, "%s/../share/gem5wb/themes", exe);
    return w < 0 || (size_t)w >= len ? -1 : 0;
}

/* The folders searched for themes, in order (NULL where one does not apply). */
static void theme_dirs(const char *themes_dir, const char *dirs[3], char *exe_dir, size_t len)
{
    const char *env = getenv("GEM5WB_THEMES");
    dirs[0] = dirs[1] = dirs[2] = NULL;
    if (themes_dir) {
        dirs[0] = themes_dir;
    } else {
        dirs[0] = env && *env ? env : NULL;
        dirs[1] = "./themes";
        dirs[2] = exe_themes_dir(exe_dir, len) == 0 ? exe_dir : NULL;
    }
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(a, b);
}

int theme_names(const char *themes_dir, char names[][32], int max)
{
    char exe_dir[PATH_MAX];
    const char *dirs[3];
    int n = 0;
    theme_dirs(themes_dir, dirs, exe_dir, sizeof exe_dir);
    for (int i = 0; i < 3; i++) {
        DIR *d = dirs[i] ? opendir(dirs[i]) : NULL;
        for (struct dirent *e; d && (e = readdir(d)) != NULL;) {
            size_t len = strlen(e->d_name);
            if (len <= 6 || len - 6 >= 32 || strcmp(e->d_name + len - 6, ".theme") != 0)
                continue;
            int dup = 0;
            for (int j = 0; j < n; j++)
                dup |= strncmp(names[j], e->d_name, len - 6) == 0 && !names[j][len - 6];
            if (!dup && n < max)
                snprintf(names[n++], 32, "%.*s", (int)(len - 6), e->d_name);
        }
        if (d)
            closedir(d);
    }
    qsort(names, (size_t)n, sizeof names[0], name_cmp);
    return n;
}

/* Writes <dir>/<name>.theme of the first dir holding it into path; the dirs tried are
 * listed in `tried` for the error message. Returns 0 when found. */
static int find_theme(const char *name, const char *themes_dir, char *path, size_t len,
                      char *tried, size_t tried_len)
{
    char exe_dir[PATH_MAX];
    const char *dirs[3];
    theme_dirs(themes_dir, dirs, exe_dir, sizeof exe_dir);
    tried[0] = '\0';
    for (int i = 0; i < 3; i++) {
        if (!dirs[i])
            continue;
        int w = snprintf(path, len, "%s/%s.theme", dirs[i], name);
        if (w > 0 && (size_t)w < len && access(path, R_OK) == 0)
            return 0;
        size_t used = strlen(tried);
        snprintf(tried + used, tried_len - used, "%s%s", used ? ", " : "", dirs[i]);
    }
    return -1;
}

int theme_load(struct theme *t, const char *name, const char *themes_dir, char *err)
{
    theme_builtin(t, 0);
    if (name && is_path(name))
        return theme_parse_file(t, name, err);

    char path[PATH_MAX], tried[3 * PATH_MAX / 2];
    const char *want = name ? name : "default";
    if (find_theme(want, themes_dir, path, sizeof path, tried, sizeof tried) == 0)
        return theme_parse_file(t, path, err);
    if (!name)
        return 0;   /* no default.theme anywhere: the compiled-in one is the same */
    return err_set(err, "theme '%s' not found (looked for %s.theme in %s)", name, name,
                   tried[0] ? tried : "no folder");
}

/* A 0-255 colour on a terminal with fewer colours: the nearest basic colour, so a
 * 256-colour theme still reads on an 8-colour console. */
static short fit_colour(short c)
{
    if (c < 0 || c < COLORS)
        return c;
    if (c < 16)
        return (short)(c - 8);
    if (c >= 232)   /* grey ramp */
        return c < 244 ? COLOR_BLACK : COLOR_WHITE;
    int v = c - 16, r = v / 36, g = (v / 6) % 6, b = v % 6;
    /* curses numbers the basic colours as RGB bits: red 1, green 2, blue 4 */
    return (short)((r >= 3 ? 1 : 0) | (g >= 3 ? 2 : 0) | (b >= 3 ? 4 : 0));
}

static int curses_attrs(unsigned bits)
{
    int a = A_NORMAL;
    if (bits & THEME_A_BOLD)      a |= A_BOLD;
    if (bits & THEME_A_UNDERLINE) a |= A_UNDERLINE;
    if (bits & THEME_A_REVERSE)   a |= A_REVERSE;
    if (bits & THEME_A_DIM)       a |= A_DIM;
    if (bits & THEME_A_STANDOUT)  a |= A_STANDOUT;
    return a;
}

static int want_colour(void)
{
    const char *no = getenv("NO_COLOR");
    return has_colors() && !(no && *no);
}

void theme_apply(const struct theme *t)
{
    struct theme mono;
    int colour = want_colour();
    if (!colour && !theme_is_colourless(t)) {
        /* a colour theme's attributes were chosen to go with its colours */
        theme_builtin(&mono, 1);
        t = &mono;
    }
    int defaults = 0;
    if (colour) {
        start_color();
        defaults = use_default_colors() == OK;
    }
    for (int i = 0; i < THEME_SLOT_COUNT; i++) {
        const struct theme_spec *s = &t->slot[i];
        slot_attr[i] = curses_attrs(s->attrs);
        if (!colour || i + 1 >= COLOR_PAIRS)
            continue;
        short fg = fit_colour(s->fg), bg = fit_colour(s->bg);
        if (!defaults) {   /* no "terminal colour": assume white on black */
            fg = fg < 0 ? COLOR_WHITE : fg;
            bg = bg < 0 ? COLOR_BLACK : bg;
        }
        if (init_pair((short)(i + 1), fg, bg) == OK)
            slot_attr[i] |= (int)COLOR_PAIR(i + 1);
    }
}

int theme_attr(enum theme_slot slot)
{
    return (int)slot < THEME_SLOT_COUNT ? slot_attr[slot] : (int)A_NORMAL;
}

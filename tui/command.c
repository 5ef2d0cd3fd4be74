/* The : command prompt: the CLI's commands, completed from its command table and run as
 * jobs of this same binary, and the workbench's own commands (theme, settings, log, kb...). */
#include "tui/command.h"
#include "tui/jobs.h"
#include "tui/kb_view.h"
#include "tui/theme.h"
#include "tui/tui_impl.h"

#include "cli/commands.h"
#include "core/util/err.h"
#include "core/util/shquote.h"
#include "core/workflow/steps.h"
#include "core/workflow/workspace.h"

#include <curses.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The workbench's own commands, which win over a CLI command of the same name (`log`
 * with arguments is the CLI's). */
enum wb_cmd { WB_THEME, WB_SETTINGS, WB_LOG, WB_JOBS, WB_INSPECT, WB_KB, WB_HELP, WB_QUIT,
              WB_COUNT };
static const char *const wb_names[WB_COUNT] = { "theme", "settings", "log", "jobs", "inspect",
                                                "kb", "help", "quit" };

static int fail(char *why, size_t cap, const char *fmt, ...)
    __attribute__((format(__printf__, 3, 4)));
static int fail(char *why, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, cap, fmt, ap);
    va_end(ap);
    return -1;
}

/* ---- The command table, by words ----------------------------------------------- */

/* Word i of a command's name ("cpt info": 0 "cpt", 1 "info") into out; 0 when none. */
static int name_word(const char *name, size_t i, char *out, size_t cap)
{
    for (; i && *name; i--)
        name = strchr(name, ' ') ? strchr(name, ' ') + 1 : name + strlen(name);
    size_t len = strcspn(name, " ");
    snprintf(out, cap, "%.*s", (int)len, name);
    return len > 0;
}

static size_t name_words(const char *name)
{
    size_t n = 1;
    for (; *name; name++)
        n += *name == ' ';
    return n;
}

/* The command whose name is the longest match of words[0..n); *used: its words. */
static const struct cli_command *cli_find(char *const *w, size_t n, size_t *used)
{
    const struct cli_command *best = NULL;
    char part[64];
    *used = 0;
    for (size_t i = 0; i < cli_command_count; i++) {
        size_t k = name_words(cli_commands[i].name), j = 0;
        while (j < k && j < n && name_word(cli_commands[i].name, j, part, sizeof part) &&
               !strcmp(part, w[j]))
            j++;
        if (j == k && k > *used) {
            best = &cli_commands[i];
            *used = k;
        }
    }
    return best;
}

/* Adds word k of every command name whose first k words are w[0..k). */
static void cands_names(struct tui_cands *c, char *const *w, size_t k)
{
    char part[64];
    for (size_t i = 0; i < cli_command_count; i++) {
        const char *name = cli_commands[i].name;
        size_t j = 0;
        while (j < k && name_word(name, j, part, sizeof part) && !strcmp(part, w[j]))
            j++;
        if (j == k && name_word(name, k, part, sizeof part))
            tui_cands_add(c, part, NULL);
    }
}

/* The --options a command's table row lists, and --help. */
static void cands_options(struct tui_cands *c, const struct cli_command *cmd)
{
    char opt[64];
    for (const char *p = cmd->details; p && (p = strstr(p, "--")); p += 2) {
        size_t len = strcspn(p, " \n=,[]|");
        if (len > 2 && (p == cmd->details || p[-1] == ' ')) {
            snprintf(opt, sizeof opt, "%.*s", (int)(len < sizeof opt ? len : sizeof opt - 1), p);
            tui_cands_add(c, opt, NULL);
        }
    }
    tui_cands_add(c, "--help", NULL);
}

/* `kb WORDS` searches the troubleshooting view, unless the words name a CLI command
 * (a `kb SUBCOMMAND` the CLI has). */
static int wb_find(char *const *w, size_t n)
{
    size_t used;
    for (int i = 0; n && i < WB_COUNT; i++)
        if (!strcmp(w[0], wb_names[i])) {
            if (i == WB_KB && n > 1 && cli_find(w, n, &used) && used > 1)
                return -1;
            return i == WB_LOG && n > 1 ? -1 : i;
        }
    return -1;
}

/* The themes theme_load finds (a path to a .theme file works too). */
static void cands_themes(const struct tui *t, struct tui_cands *c)
{
    char names[32][32];
    int n = theme_names(t->themes_dir, names, 32);
    for (int i = 0; i < n; i++)
        tui_cands_add(c, names[i], NULL);
}

/* Candidates for word k of a line whose words before it are w[0..k). */
static void cands_gather(const struct tui *t, struct tui_cands *c, char *const *w, size_t k)
{
    size_t used;
    int wb = wb_find(w, k ? k : 0);
    const struct cli_command *cmd = k ? cli_find(w, k, &used) : NULL;
    if (k == 0)
        for (int i = 0; i < WB_COUNT; i++)
            tui_cands_add(c, wb_names[i], NULL);
    if (wb == WB_THEME && k == 1)
        cands_themes(t, c);
    else if (wb == WB_INSPECT && k == 1)
        tui_cands_paths(c);
    else if (wb == WB_KB && k == 1)
        cands_names(c, w, k);         /* the CLI's kb subcommands; other words search */
    else if (wb == WB_HELP)
        cands_gather(t, c, w + 1, k - 1);
    else if (cmd && c->prefix[0] == '-')
        cands_options(c, cmd);
    else if (cmd)
        tui_cands_paths(c);
    else if (wb < 0)
        cands_names(c, w, k);
}

static int cmd_complete(void *ctx, const char *text, char *out, size_t cap, char *list,
                        size_t list_cap)
{
    struct tui_words ws;
    struct tui_cands c;
    char why[128];
    tui_words_split(text, &ws, why, sizeof why);   /* an open quote still completes */
    size_t k = ws.open_word ? ws.n - 1 : ws.n;
    tui_cands_init(&c, ws.open_word ? ws.w[k] : "", list, list_cap);
    cands_gather(ctx, &c, ws.w, k);
    return tui_cands_apply(&c, text, ws.open_word ? ws.last_start : strlen(text), out, cap);
}

/* ---- Checking a line as it is typed --------------------------------------------- */

/* Whether name is one of the blank-separated words of list. */
static int listed_name(const char *list, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = list; n && (p = strstr(p, name)); p += n)
        if ((p == list || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
            return 1;
    return 0;
}

static int check_cli(char *const *w, size_t n, char *why, size_t cap)
{
    size_t used;
    char list[256];
    struct tui_cands c;
    if (cli_find(w, n, &used))
        return 0;
    tui_cands_init(&c, w[n - 1], list, sizeof list);   /* a name being typed: what it may be */
    if (n <= 2)
        cands_names(&c, w, n - 1);
    for (int i = 0; n == 1 && i < WB_COUNT; i++)
        tui_cands_add(&c, wb_names[i], NULL);
    if (c.n > 1 || (c.n == 1 && strcmp(c.common, w[n - 1]) != 0))
        return fail(why, cap, "'%s%s%s' is not a command yet: %s (Tab completes)", n == 2 ? w[0]
                    : "", n == 2 ? " " : "", w[n - 1], list);
    tui_cands_init(&c, "", list, sizeof list);
    cands_names(&c, w, 1);
    if (c.n && n == 1)
        return fail(why, cap, "'%s' needs one of: %s (Tab completes)", w[0], list);
    if (c.n)
        return fail(why, cap, "no command '%s %s' (Tab lists them)", w[0], w[1]);
    return fail(why, cap, "no command '%s' (Tab lists them)", w[0]);
}

/* A theme name theme_load finds, or a path to a .theme file (theme_load checks it). */
static int check_theme(const struct tui *t, char *const *w, size_t n, char *why, size_t cap)
{
    char list[256];
    struct tui_cands c;
    size_t len = n == 2 ? strlen(w[1]) : 0;
    if (n == 2 && (strchr(w[1], '/') || (len > 6 && !strcmp(w[1] + len - 6, ".theme"))))
        return 0;
    tui_cands_init(&c, "", list, sizeof list);
    cands_themes(t, &c);
    if (n == 2 && listed_name(list, w[1]))
        return 0;
    if (n == 2)
        return fail(why, cap, "no theme '%s': %s, or a .theme file", w[1], list);
    return fail(why, cap, "theme takes one NAME: %s, or a .theme file", list);
}

static int check_words(const struct tui *t, char *const *w, size_t n, char *why, size_t cap)
{
    switch (wb_find(w, n)) {
    case WB_THEME:
        return check_theme(t, w, n, why, cap);
    case WB_INSPECT:
        return n == 2 ? 0 : fail(why, cap, "inspect takes one checkpoint folder (Tab "
                                 "completes paths)");
    case WB_HELP:
        return n == 1 ? 0 : wb_find(w + 1, n - 1) >= 0 ? 0 : check_cli(w + 1, n - 1, why, cap);
    case WB_SETTINGS: case WB_LOG: case WB_JOBS: case WB_QUIT:
        return n == 1 ? 0 : fail(why, cap, "%s takes nothing after it", w[0]);
    case WB_KB:
        return 0;                     /* any words: what to search for */
    }
    return check_cli(w, n, why, cap);
}

static int cmd_check(void *ctx, const char *text, char *why, size_t cap)
{
    struct tui_words ws;
    if (tui_words_split(text, &ws, why, cap) != 0)
        return -1;
    return ws.n ? check_words(ctx, ws.w, ws.n, why, cap) : 0;
}

/* ---- Running --------------------------------------------------------------------- */

static int takes_workspace(const struct cli_command *c, char *const *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strncmp(w[i], "--workspace", 11))
            return 0;   /* the user gave it */
    return c->details && strstr(c->details, "--workspace") != NULL;
}

/* The line as a shell would take it, for the job's title. */
static void join_quoted(char *const *w, size_t n, char *out, size_t cap)
{
    size_t len = (size_t)snprintf(out, cap, "gem5wb");
    char q[TUI_LINE_MAX * 2];
    for (size_t i = 0; i < n && len < cap; i++)
        if (shell_quote(w[i], q, sizeof q) >= 0)
            len += (size_t)snprintf(out + len, cap - len, " %s", q);
}

/* `run STEP` alone follows the step in the job view as the dashboard's r does. */
static int run_step(struct tui *t, char *const *w, size_t n)
{
    struct ws *ws;
    char err[ERR_LEN];
    if (n != 2 || strcmp(w[0], "run") || !step_find(w[1]) || ws_open(t->workspace, &ws, err))
        return 1;
    int rc = tui_job_start_step(t, ws->root, w[1]);
    ws_close(ws);
    return rc;
}

int tui_command_run(struct tui *t, char *const words[], size_t n)
{
    size_t used;
    const struct cli_command *c = n ? cli_find(words, n, &used) : NULL;
    char self[PATH_MAX], title[TUI_LINE_MAX * 2];
    char *argv[TUI_WORDS_MAX + 4];
    if (!c) {
        tui_message(t, THEME_ERROR, "no command '%s' (Tab lists them)", n ? words[0] : "");
        return -1;
    }
    int rc = run_step(t, words, n);
    if (rc <= 0)
        return rc;
    ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
    if (len < 0 || n > TUI_WORDS_MAX) {
        tui_message(t, THEME_ERROR, "cannot find gem5wb's own program (/proc/self/exe)");
        return -1;
    }
    self[len] = '\0';
    size_t k = 0;
    argv[k++] = self;
    for (size_t i = 0; i < n; i++) {
        argv[k++] = words[i];
        if (i + 1 == used && t->workspace && takes_workspace(c, words, n)) {
            argv[k++] = "--workspace";   /* before any "--" that ends the options */
            argv[k++] = (char *)t->workspace;
        }
    }
    argv[k] = NULL;
    join_quoted(argv + 1, k - 1, title, sizeof title);
    return tui_job_start_argv(t, title, argv, NULL);
}

/* Running jobs are asked about first; the loop ends once the user says yes. */
static void quit_all(struct tui *t)
{
    if (!tui_jobs_confirm_quit(t))
        return;
    flushinp();    /* keys typed ahead must not reach a frame with no view left */
    while (t->depth)
        tui_pop(t);
}

static void run_help(struct tui *t, char *const *w, size_t n)
{
    char *words[TUI_WORDS_MAX + 2];
    if (n == 1 || wb_find(w + 1, n - 1) >= 0) {
        t->help = 1;
        tui_message(t, THEME_MESSAGE, ": takes the workbench's commands (theme, settings, log, "
                    "jobs, inspect, kb, help, quit) and every gem5wb command: Tab lists them");
        return;
    }
    for (size_t i = 1; i < n; i++)
        words[i - 1] = w[i];
    words[n - 1] = "--help";
    tui_command_run(t, words, n);
}

/* kb [WORDS]: the troubleshooting view, searching for the words. */
static void open_kb(struct tui *t, char *const *w, size_t n)
{
    char query[TUI_LINE_MAX] = "";
    size_t len = 0;
    for (size_t i = 1; i < n && len < sizeof query; i++)
        len += (size_t)snprintf(query + len, sizeof query - len, "%s%s", i > 1 ? " " : "", w[i]);
    tui_push(t, &tui_kb_view, &(struct tui_kb_arg){ .query = query,
                                                    .workspace = t->workspace });
}

static void run_workbench(struct tui *t, int wb, char *const *w, size_t n)
{
    switch (wb) {
    case WB_THEME:
        if (tui_set_theme(t, w[1]) == 0)
            tui_message(t, THEME_OK, "theme %s (settings keeps it for next time)", w[1]);
        break;
    case WB_SETTINGS: tui_push(t, &tui_settings_view, NULL); break;
    case WB_INSPECT:  tui_push(t, &tui_inspect_view, w[1]); break;
    case WB_HELP:     run_help(t, w, n); break;
    case WB_QUIT:     quit_all(t); break;
    case WB_LOG:      tui_push(t, &tui_cmdlog_view, NULL); break;
    case WB_JOBS:     tui_push(t, &tui_jobs_view, NULL); break;
    case WB_KB:       open_kb(t, w, n); break;
    }
}

static void cmd_done(struct tui *t, void *ctx, const char *text)
{
    struct tui_words ws;
    char why[256];
    (void)ctx;
    if (tui_words_split(text, &ws, why, sizeof why) != 0) {
        tui_message(t, THEME_ERROR, "%s", why);
        return;
    }
    int wb = wb_find(ws.w, ws.n);
    if (!ws.n)
        return;
    if (wb >= 0)
        run_workbench(t, wb, ws.w, ws.n);
    else
        tui_command_run(t, ws.w, ws.n);
}

void tui_command_prompt(struct tui *t, const char *initial)
{
    struct tui_prompt_spec s = {
        .label = ":", .initial = initial, .complete = cmd_complete, .check = cmd_check, .done = cmd_done, .ctx = t,
    };
    tui_prompt(t, &s);
}

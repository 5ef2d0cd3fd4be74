/* The : command prompt: gem5wb's CLI commands (completed from the command table) run as
 * jobs, plus the workbench's own (theme, settings, log, jobs, kb, help, quit). */
#ifndef GW_TUI_COMMAND_H
#define GW_TUI_COMMAND_H

#include "tui/tui.h"

#include <stddef.h>

/* Opens the prompt with initial text (or none; the frame binds ':' in every view that
 * does not use it, the home view's Enter types the selected command). */
void tui_command_prompt(struct tui *t, const char *initial);

/* Runs gem5wb's CLI command words[0..n) (its name's words first: "cpt", "info", DIR) as
 * a job, with --workspace added when the workbench was given one and the command takes
 * it. 0, or -1 with the reason on the message line. */
int tui_command_run(struct tui *t, char *const words[], size_t n);

/* ---- Shell-like words (command_words.c): what the prompts that take words share ---- */

#define TUI_WORDS_MAX 64
#define TUI_LINE_MAX 1024

/* A line split into words as a shell splits them: blanks separate, '…' and "…" quote,
 * a backslash escapes the next character, an unquoted leading ~/ is $HOME/. */
struct tui_words {
    char *w[TUI_WORDS_MAX + 1];   /* the words, unquoted, NULL-terminated (into buf) */
    size_t n;
    size_t last_start;            /* where the word being typed starts in the text */
    int open_word;                /* the text ends inside a word (not after a blank) */
    char buf[2 * TUI_LINE_MAX];
};
/* 0, or -1 with why (an unclosed quote, too many words, too long). */
int tui_words_split(const char *text, struct tui_words *out, char *why, size_t cap);

/* Completion candidates of one Tab: how many, their longest common prefix, and what the
 * prompt lists (blank-separated, cropped with "…" when the list is full). */
struct tui_cands {
    const char *prefix;           /* what is typed of the word */
    int n;
    char common[TUI_LINE_MAX];
    char *list;
    size_t cap, len;
};
void tui_cands_init(struct tui_cands *c, const char *prefix, char *list, size_t cap);
/* Adds full (listed as shown, or as full when shown is NULL) when it starts with the
 * prefix and is not listed yet. */
void tui_cands_add(struct tui_cands *c, const char *full, const char *shown);
/* Adds the files of the folder the prefix names (folders end in '/'; hidden ones only
 * when the prefix's last part starts with '.'). */
void tui_cands_paths(struct tui_cands *c);
/* Adds each of "a|b|c". */
void tui_cands_choices(struct tui_cands *c, const char *choices);
/* The prompt's answer: text with the word at `start` replaced by the common prefix
 * (quoted), and a blank after a sole candidate that is not a folder. Returns c->n. */
int tui_cands_apply(const struct tui_cands *c, const char *text, size_t start, char *out,
                    size_t cap);

#endif

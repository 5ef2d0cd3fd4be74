/* Helpers every command of the CLI shares: exit codes, usage and failure messages,
 * JSON output, and option parsing of numbers. */
#ifndef GW_CLI_H
#define GW_CLI_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>

enum { CLI_OK = 0, CLI_FAIL = 1, CLI_USAGE = 2 };

/* Prints "gem5wb <cmd>: <message>" and the command's usage to stderr; returns 2. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(__printf__, 2, 3)));
/* Prints "gem5wb: <message>" to stderr; returns 1. */
int cli_fail(const char *fmt, ...) __attribute__((format(__printf__, 1, 2)));
/* Prints the command's usage, summary and example to stdout; returns 0. */
int cli_help(const char *cmd);

/* A failure as the output mode wants it: JSON {"ok": false, "error"} or a message;
 * returns 1. */
int cli_error(bool json, const char *text);

/* Prints the JSON document to stdout (formatted), frees it, returns `code`. */
int cli_json_out(cJSON *doc, int code);
/* The same on one line, flushed: for the JSON lines of commands that stream events. */
int cli_json_line(cJSON *doc, int code);
/* {"ok": false, "error": text} on stdout for --json failures; returns 1. */
int cli_json_fail(const char *text);

/* Adds a u64 as a JSON number (exact up to 2^53, which every address and tick fits). */
void cli_json_u64(cJSON *obj, const char *key, uint64_t v);
/* Adds "0x..." text. */
void cli_json_hex(cJSON *obj, const char *key, uint64_t v);

/* Parses a number option (decimal, 0x hex, size units); prints the usage error on
 * failure and returns -1. */
int cli_number(const char *cmd, const char *text, const char *what, uint64_t *out);

/* The options every data command takes. */
struct cli_common {
    bool json;
    bool help;
    const char *config;
};

#endif

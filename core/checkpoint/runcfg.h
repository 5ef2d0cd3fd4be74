/* The run's configuration as gem5 dumped it beside the checkpoint (config.json or
 * config.ini): every SimObject by path, with its type and its params as ini strings. */
#ifndef GW_RUNCFG_H
#define GW_RUNCFG_H

#include <stddef.h>

struct runcfg;

/* Loads config.json (parsed with cJSON) or config.ini (by the file's first non-blank
 * byte: '{' is JSON). Params read as config.ini writes them: lists joined with one
 * space, bools true/false, numbers in decimal. */
struct runcfg *runcfg_load(const char *path, char *err);
/* The same from a buffer (NUL-terminated at text[len]); `name` is used in messages. */
/* The same from a buffer; `name` is used in messages. */
struct runcfg *runcfg_parse(const char *name, const char *text, size_t len, char *err);
void runcfg_free(struct runcfg *cfg);

/* Looks for the config of a checkpoint: `dir` itself, then its parent (gem5 writes
 * config.* to the outdir, and checkpoints to <outdir>/cpt.N or <outdir>/checkpoint).
 * config.json is preferred to config.ini. Writes the path found into buf and returns 0,
 * or returns -1 when there is none (not an error: the map is then unknown). */
int runcfg_find_beside(const char *dir, char *buf, size_t len);

const char *runcfg_file(const struct runcfg *cfg);
size_t runcfg_count(const struct runcfg *cfg);
/* Index of the object with this full path, or -1. */
long runcfg_find(const struct runcfg *cfg, const char *path);
const char *runcfg_path(const struct runcfg *cfg, size_t i);
const char *runcfg_type(const struct runcfg *cfg, size_t i);   /* "" when unknown */
/* A param's value as an ini string, or NULL when the object has no such param. */
const char *runcfg_param(const struct runcfg *cfg, size_t i, const char *key);

#endif

/* All-or-nothing replacement of several files in one folder (a gem5 checkpoint): temps,
 * a journal as commit point, backups of the originals, and recovery after a crash. */
#ifndef GW_TXN_H
#define GW_TXN_H

#include <stddef.h>

/* Names the transaction keeps in the folder; user files may not start with ".gem5wb-". */
#define TXN_RESERVED_PREFIX ".gem5wb-"
#define TXN_TMP_PREFIX      ".gem5wb-tmp-"
#define TXN_JOURNAL         ".gem5wb-journal"
#define TXN_JOURNAL_TMP     ".gem5wb-journal.tmp"
#define TXN_JOURNAL_HEADER  "gem5wb-journal 1"

/* How long txn_begin waits for another gem5wb to finish with the folder. */
#define TXN_LOCK_WAIT_MS 10000

struct txn;

/* Starts a transaction in dir: takes an exclusive flock on the folder itself, waiting up to
 * TXN_LOCK_WAIT_MS in small steps, then finishes or undoes what a killed process left
 * (as txn_recover) under that lock. */
int txn_begin(const char *dir, struct txn **out, char *err);

/* txn_begin with another wait limit (tests, callers that must not block). */
int txn_begin_wait(const char *dir, int wait_ms, struct txn **out, char *err);

/* Creates the temp "<dir>/.gem5wb-tmp-<name>" for the final basename `name`, with the mode
 * of the existing target or 0644, and returns its fd in *fd. The txn owns the fd (commit
 * and abort close it). Refused: '/' or '\n' in name, ".", "..", reserved names, a name
 * given twice, a target that is a folder. */
int txn_file(struct txn *t, const char *name, int *fd, char *err);

/* Writes all of data to an fd from txn_file (retrying short writes and EINTR). On error
 * the txn is marked failed, so txn_commit rolls back; the caller may also txn_abort. */
int txn_write(struct txn *t, int fd, const void *data, size_t len, char *err);

/* Makes it all happen or nothing: fsyncs the temps, keeps backups (keep_backup: hard link,
 * or copy, of each existing target that has none yet), writes and fsyncs the journal and
 * renames it into place (the commit point), renames every temp over its target, removes
 * the journal. Before the commit point any error rolls everything back; after it, an
 * error leaves the journal so the next txn_begin/txn_recover finishes the change.
 * Always unlocks and frees t. */
int txn_commit(struct txn *t, int keep_backup, char *err);

/* Closes and unlinks the temps, unlocks, frees t. Safe with NULL. */
void txn_abort(struct txn *t);

/* Finishes or undoes what a killed process left in dir: a complete journal is rolled
 * forward (each temp still there is renamed over its target; backups were made before the
 * commit point, so none are made here); an incomplete journal, the journal temp and every
 * ".gem5wb-tmp-*" are removed. With nothing to do it only lists dir (no lock, no writes,
 * fine in a read-only folder). If another process holds the lock it does nothing and
 * returns 0. *recovered (may be NULL) is 1 when a journal was rolled forward. */
int txn_recover(const char *dir, int *recovered, char *err);

#endif

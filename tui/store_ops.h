/* The store operations of the inspector as dialogs: replace (from another checkpoint),
 * resize, export (to a raw file) and import; each confirms what it will write first. */
#ifndef GW_TUI_STORE_OPS_H
#define GW_TUI_STORE_OPS_H

#include "tui/tui.h"

#include <stddef.h>

struct ckpt;

enum tui_store_op { TUI_STORE_REPLACE, TUI_STORE_RESIZE, TUI_STORE_EXPORT, TUI_STORE_IMPORT };

/* Called once the checkpoint changed on disk: the caller closes what it holds of it
 * (stores, maps) and opens it again. */
typedef void (*tui_store_changed_fn)(struct tui *t, void *ctx);

/* Starts the dialogs for op on store `store` (index into ck->stores); the result or
 * the error ends on the message line. ck and ctx must live until the dialogs end. */
void tui_store_op(struct tui *t, struct ckpt *ck, size_t store, enum tui_store_op op,
                  tui_store_changed_fn changed, void *ctx);

#endif

/* The hex view of one checkpoint store: address | 16 bytes | ASCII, goto (addresses,
 * storeN+off, sizes), find next/previous, edit in place with undo, commit with confirm. */
#ifndef GW_TUI_HEX_H
#define GW_TUI_HEX_H

#include "tui/tui.h"

#include <stddef.h>
#include <stdint.h>

struct ckpt;
struct pmem;

struct tui_hex_arg {
    struct ckpt *ck;         /* borrowed: outlives the view (the inspector owns it) */
    size_t store;            /* index into ck->stores */
    struct pmem *pm;         /* borrowed, or NULL: the view opens the store itself */
    uint64_t offset;         /* store offset the cursor starts on */
};

extern const struct tui_view_ops tui_hex_view;   /* arg: a struct tui_hex_arg */

#endif

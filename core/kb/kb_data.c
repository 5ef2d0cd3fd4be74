/* docs/kb.json built into the binary (gcc/clang .incbin, path relative to the repo root
 * where make runs), NUL-terminated, so gem5wb works without its data folder. */
#include "core/kb/kb.h"

#include <stddef.h>

_Static_assert(sizeof(size_t) == 8, "kb_builtin_len is emitted as a .quad");

__asm__(".pushsection .rodata\n"
        ".global kb_builtin_json\n"
        ".type kb_builtin_json, @object\n"
        ".balign 16\n"
        "kb_builtin_json:\n"
        ".incbin \"docs/kb.json\"\n"
        "kb_builtin_json_end:\n"
        ".byte 0\n"
        ".size kb_builtin_json, . - kb_builtin_json\n"
        ".global kb_builtin_len\n"
        ".type kb_builtin_len, @object\n"
        ".balign 8\n"
        "kb_builtin_len:\n"
        ".quad kb_builtin_json_end - kb_builtin_json\n"
        ".size kb_builtin_len, 8\n"
        ".popsection\n");

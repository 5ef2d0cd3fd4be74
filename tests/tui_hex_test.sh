#!/usr/bin/env bash
# End-to-end test of the hex view, driven through a detached tmux 100x30: from the
# inspector's stores pane into the local memory store; goto an address outside every
# store (the error inline, naming the nearest store) and then one inside; an edit undone;
# two bytes typed, committed with the confirmation listing range, file and backup; then
# `gem5wb mem read` shows exactly those two bytes changed. Find, and leaving with an edit
# pending (asked, refused, then dropped) changes nothing more.
set -euo pipefail

bin=${1:-${GEM5WB_BIN:-}}
[[ -n $bin ]] || { echo "usage: tests/tui_hex_test.sh BINARY (or set GEM5WB_BIN)" >&2; exit 2; }
repo=$(cd "$(dirname "$0")/.." && pwd)
test_name=tui_hex
. "$repo/tests/tui_lib.sh"

step="sample"
"$bin" cpt sample "$tmp/a 'b'" --local 2GiB --remote 2GiB > /dev/null
ckpt="$tmp/a 'b'/checkpoint"

step="where the local memory is"
read -r idx start file < <("$bin" cpt info --json "$ckpt" | python3 -c '
import json, sys
s = [s for s in json.load(sys.stdin)["stores"] if s["role"] == "local"][0]
print(s["index"], s["start"], s["file"])')
addr=$(printf '0x%x' $((start + 0x1000)))
"$bin" cpt addr --json "$ckpt" "$addr" | python3 -c '
import json, sys
d = json.load(sys.stdin)
sys.exit(0 if d["store"] == int(sys.argv[1]) and d["offset"] == "0x1000" else 1)' "$idx" ||
    fail "cpt addr does not put $addr at store$idx+0x1000"
dump() { "$bin" mem read --raw "$ckpt" "$(printf '0x%x' $((addr - 16)))" 48 > "$1"; }
dump "$tmp/before"
[[ $(od -An -tx1 -j16 -N2 "$tmp/before" | tr -d ' ') != abcd ]] || fail "the bytes are abcd already"

step="into the hex view"
start hex C.UTF-8 inspect "$ckpt"
wait_until shows "┌ Stores "
keys Tab
for ((i = 0; i < idx; i++)); do keys j; done
wait_until shows "store $((idx + 1)) of "
keys Enter
wait_until shows_all "store$idx " "board.local_memory" "$file" \
    "cursor $(printf '0x%x' "$start") (store$idx+0x0, board.local_memory)" "0123456789abcdef"

step="goto outside every store"
keys g
wait_until shows " goto:"
keys -l 0x40000000
wait_until shows_all "no store covers address 0x40000000: the nearest is store"
keys Enter                                  # refused: the prompt stays
wait_until shows_all "goto: 0x40000000" "the nearest is store"

step="goto inside"
keys C-u
keys -l "$addr"
keys Enter
row=${addr#0x}
wait_until shows_all "cursor $addr (store$idx+0x1000, board.local_memory)" "$row │ 00 00 00"

step="an edit undone"
keys i 7
wait_until shows_all "EDIT low nibble next" "1 byte changed in 1 range" "was 0x00" "*$row │ 70 00"
keys u
wait_until shows_all "no changes" " $row │ 00 00 00"
lacks "*$row" || fail "the row is still marked changed after undo"

step="two bytes typed"
keys a b c d
wait_until shows_all "2 bytes changed in 1 range" "*$row │ ab cd 00"

step="commit asks first"
keys w
wait_until shows_all "Commit 2 bytes to store$idx?" "$addr-$(printf '0x%x' $((addr + 1)))" \
    "store$idx+0x1000   2 bytes" "$file" "gem5wb-backup" "The original is kept as the backup"
keys y
wait_until shows "committed 2 bytes to $file"
[[ -f "$ckpt/$file.gem5wb-backup" ]] || fail "no backup $file.gem5wb-backup"

step="find"
keys Escape                                 # edit mode off
wait_until shows "edit mode off"            # (Esc with a key behind it reads as Alt+key)
keys /
wait_until shows "find (text"
keys -l "page 0x4"
keys Enter
wait_until shows "found \"page 0x4\" at 0xc0000031"
keys n
wait_until shows "found \"page 0x4\" at 0xc0000085"

step="leaving with an edit pending asks"
keys g
wait_until shows " goto:"
keys -l "+0x1005"
keys Enter
wait_until shows "cursor $(printf '0x%x' $((addr + 5)))"
keys i 5 5
wait_until shows "1 byte changed in 1 range"
keys Escape
wait_until shows "edit mode off"
keys q
wait_until shows_all "Leave store$idx without committing?" "1 changed byte"
keys n
wait_until shows "1 byte changed in 1 range"
keys q
wait_until shows "Leave store$idx without committing?"
keys y
wait_until shows "┌ Stores "
keys q
wait_until exited
[[ $(dead_status) == 0 ]] || fail "exit status $(dead_status), not 0"

step="exactly those two bytes changed"
dump "$tmp/after"
diffs=$(cmp -l "$tmp/before" "$tmp/after" | awk '{ printf "%d:%s ", $1, $3 }' || true)
[[ $diffs == "17:253 18:315 " ]] || fail "changed bytes (1-based offset:octal value): '$diffs'"
"$bin" mem read "$ckpt" "$(printf '0x%x' $((addr - 16)))" 48 | grep -q "^${row}  ab cd 00 00" ||
    fail "mem read does not show ab cd at $addr"
echo "tui_hex: all steps passed"

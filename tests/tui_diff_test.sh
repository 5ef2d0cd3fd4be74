#!/usr/bin/env bash
# End-to-end test of the inspector's diff view and store operations, driven through a
# detached tmux 100x30: checkpoint A against a copy B with bytes written at two places
# (two ranges at the right addresses, n to the second, the hex view and back), then the
# dialogs on store8 of A: replace from B (mem diff then finds no difference), resize with
# the second confirmation for dropping non-zero bytes, export to a raw file, import it back.
set -euo pipefail

bin=${1:-${GEM5WB_BIN:-}}
[[ -n $bin ]] || { echo "usage: tests/tui_diff_test.sh BINARY (or set GEM5WB_BIN)" >&2; exit 2; }
repo=$(cd "$(dirname "$0")/.." && pwd)
test_name=tui_diff
. "$repo/tests/tui_lib.sh"
extra_env=(GEM5WB_CACHE_DIR="$tmp/cache")
export GEM5WB_CACHE_DIR="$tmp/cache"   # the user's page-map cache stays untouched

step="two checkpoints"
a="$tmp/run 'A' \"x\""
b="$tmp/copy 'B' of it"
"$bin" cpt sample "$a" --local 2GiB --remote 2GiB >/dev/null
cp -r "$a" "$b"
"$bin" mem write "$b/checkpoint" 0x80001000 --hex deadbeef >/dev/null
"$bin" mem write "$b/checkpoint" 0x80200010 --hex 0102 >/dev/null
A="$a/checkpoint" B="$b/checkpoint"

step="open the inspector"
start diff C.UTF-8 inspect "$A"
wait_until shows_all "┌ Sections " "┌ Stores " "board.remote_memory"

step="D asks for the other checkpoint"
keys D
wait_until shows "diff with checkpoint:"
keys -l "$B"
keys Enter
wait_until shows_all "┌ Differences " "done: 2 ranges (6 bytes) differ in 1 of 9 stores; m5.cpt: identical" \
    "m5.cpt: identical" "store0   board.remote_memory" "identical files" \
    "store8   board.local_memory" "2 ranges, 6 bytes differ" \
    "0x80001000-0x80001003  store8+0x1000  4 bytes" \
    "0x80200010-0x80200011  store8+0x200010  2 bytes" "change 1 of 2"
has "at 0x80001000 (store8+0x1000, board.local_memory)" || fail "first range not selected"
has "0x80001000      *00*00*00*00 00 00 00 00" || fail "no preview of this side"
has "*de*ad*be*ef 00 00 00 00" || fail "no preview of the other side"

step="n moves to the second change"
keys n
wait_until shows_all "change 2 of 2" "at 0x80200010 (store8+0x200010, board.local_memory)" \
    "2 bytes differ (store offsets 0x200010-0x200011)" "*01*02 00 00"
keys n
wait_until shows "no more changes below"
keys N
wait_until shows "change 1 of 2"
keys j
wait_until shows "change 2 of 2"

step="Enter opens the hex view there, q comes back"
keys Enter
wait_until lacks "┌ Differences "
wait_until shows "80200010"
keys q
wait_until shows_all "┌ Differences " "change 2 of 2"

step="help lists the keys"
keys '?'
wait_until shows_all "Keys: diff" "next change" "hex view of the other checkpoint"
keys '?'
wait_until lacks "any key closes"

step="q closes the diff"
keys q
wait_until shows_all "┌ Sections " "┌ Stores "

step="R on store8 replaces it from B"
keys Tab
for _ in 1 2 3 4 5 6 7 8; do keys j; done
keys R
wait_until shows "replace store 8 with (checkpoint folder[:store M]):"
keys -l "$B"
keys Enter
# (long paths wrap in the box: check the parts that do not)
wait_until shows_all "Replace store8 with store8 of" "source    $tmp/copy 'B'" \
    "decodes to 2 GiB (2147483648 bytes" "target    $tmp/run 'A'" "(replaced by a copy)" \
    "range_size unchanged (2147483648)" "board.physmem.store8.pmem.gem5wb-backup"
keys y
wait_until shows "store8 is now a copy of $B/board.physmem.store8.pmem"
out=$("$bin" mem diff "$A" "$B" --store 8 --json)
python3 -c 'import json,sys; d=json.loads(sys.argv[1]); sys.exit(0 if d["equal"] else 1)' "$out" \
    || fail "mem diff still finds differences: $out"
[[ -f "$A/board.physmem.store8.pmem.gem5wb-backup" ]] || fail "no backup of the store"

step="Z shrinks store8, asking again before dropping data"
keys Z
wait_until shows "new size for store 8: 2GiB"
keys C-u
keys -l "1GiB"
keys Enter
wait_until shows_all "Resize store8 from 2 GiB to 1 GiB?" "range_size 2147483648 -> 1073741824"
keys y
wait_until shows "non-zero bytes of store8?"
keys y
wait_until shows "store8 resized to 1 GiB"
[[ $("$bin" cpt get "$A" board.physmem.store8 range_size) == 1073741824 ]] || fail "range_size not set"

step="X exports store8 to a raw file"
raw="$tmp/store 'eight'.raw"
keys X
wait_until shows "export store 8 to raw file: store8.raw"
keys C-u
keys -l "$raw"
keys Enter
wait_until shows_all "Export store8 to" "The checkpoint itself does not change."
keys y
wait_until shows "store8 exported to $raw: 1 GiB"
[[ $(stat -c %s -- "$raw") == 1073741824 ]] || fail "the raw file is $(stat -c %s -- "$raw") bytes"

step="I imports it back, changed"
printf 'TUI' | dd of="$raw" bs=1 seek=$((0x5000)) conv=notrunc status=none
keys I
wait_until shows "import into store 8 from raw file:"
keys -l "$raw"
keys Enter
wait_until shows_all "Import $raw as store8?" "range_size unchanged (1073741824)"
keys y
wait_until shows "imported as store8"
[[ $("$bin" mem read "$A" 0x80005000 3 --raw) == "TUI" ]] || fail "mem read does not see the import"

step="q quits"
keys q
wait_until exited
[[ $(dead_status) == 0 ]] || fail "exit status $(dead_status), not 0"
echo "tui_diff: all steps passed"

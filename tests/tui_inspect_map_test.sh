#!/usr/bin/env bash
# End-to-end test of the inspector's memory map, in a detached tmux 100x30: the remote
# store's cells are shaded exactly where `gem5wb mem map` finds non-zero pages (after a
# write far from the start), the cursor and Enter lead to the hex view there, the ASCII
# glyphs; and a 4 GiB checkpoint shows its first screen while the map is still decoding
# (ISA-L's inflater, whose reads are also slowed with strace where it can), keys answer,
# then it finishes.
set -euo pipefail

bin=${1:-${GEM5WB_BIN:-}}
[[ -n $bin ]] || { echo "usage: tests/tui_inspect_map_test.sh BINARY (or set GEM5WB_BIN)" >&2; exit 2; }
repo=$(cd "$(dirname "$0")/.." && pwd)
test_name=tui_inspect_map
. "$repo/tests/tui_lib.sh"
command -v jq >/dev/null || fail "jq is not installed"
real_bin=$bin

# page maps are cached per file: a private cache, so that the decode really runs
export GEM5WB_CACHE_DIR="$tmp/cache"
extra_env=(GEM5WB_CACHE_DIR="$tmp/cache")

# map_cells BOX_TITLE: the map box's non-blank cells as "index glyph" lines (the box is
# found by its title; cells start two columns right of its left edge). map_cols: its width.
cat > "$tmp/cells.py" <<'PY'
import sys
title, what, lines = sys.argv[1], sys.argv[2], sys.stdin.read().split("\n")
top = next(i for i, l in enumerate(lines) if title in l)
x0 = lines[top].index(title) - 2
x1 = max(lines[top].rfind("┐"), lines[top].rfind("+"))
cols = x1 - x0 - 3
if what == "cols":
    print(cols)
    sys.exit(0)
row = 0
for l in lines[top + 1:]:
    if l[x0] in "└+":
        break
    for c in range(cols):
        if l[x0 + 2 + c] != " ":
            print(row * cols + c, l[x0 + 2 + c])
    row += 1
PY
map_cells() { python3 "$tmp/cells.py" "$1" cells <<<"$scr"; }
map_cols() { python3 "$tmp/cells.py" "$1" cols <<<"$scr"; }

# want_cells STORE CELL_BYTES: cells holding a non-zero page, from `gem5wb mem map --json`.
want_cells() {
    "$bin" mem map "$ckpt" --store "$1" --max 100000 --json |
        jq -r --argjson cell "$2" '.stores[0].runs[] | (.offset | ltrimstr("0x") |
            explode | map(if . >= 97 then . - 87 elif . >= 65 then . - 55 else . - 48 end) |
            reduce .[] as $d (0; . * 16 + $d)) as $off |
            range(($off / $cell | floor); ((($off + .length - 1) / $cell | floor) + 1))' |
        sort -n -u
}

step="sample and a write far from the start"
"$bin" cpt sample "$tmp/run 'map'" --local 2GiB --remote 2GiB > /dev/null
ckpt="$tmp/run 'map'/checkpoint"
"$bin" mem write "$ckpt" 0x160000000 --hex "de ad be ef" > /dev/null   # remote +1.5 GiB

step="the remote store's map"
start map C.UTF-8 inspect "$ckpt"
title="Memory map: store0 (2 GiB, 1 cell = 8 MiB)"
wait_until shows_all "$title" "shade = non-zero pages"
got=$(map_cells "$title" | cut -d' ' -f1 | sort -n)
want=$(want_cells 0 $((8 << 20)))
[[ -n $want ]] || fail "mem map lists no non-zero pages"
[[ $got == "$want" ]] || fail "shaded cells $(echo $got) are not mem map's $(echo $want)"
grep -qx 192 <<<"$got" || fail "the cell of the write (+0x60000000 = cell 192) is blank"
[[ $(map_cells "$title" | awk '$1 == 192 {print $2}') == "░" ]] ||
    fail "one page in 8 MiB is not the lightest shade"

step="the cursor on the written cell"
keys Tab Tab   # tree -> stores -> map
wait_until shows "cell 0: +0x0-0x7fffff"
cols=$(map_cols "$title")
keys -N $((192 / cols)) Down
keys -N $((192 % cols)) Right
wait_until shows "cell 192: +0x60000000-0x607fffff <= 1/4 non-zero"

step="Enter opens the hex view at the cell"
keys Enter
wait_until lacks "Memory map: store0"
wait_until shows "160000000"
keys Escape
wait_until shows "cell 192: +0x60000000-0x607fffff"

step="g goes to an address in the hex view; a bad one is refused with the reason"
keys g
wait_until shows "goto address:"
keys -l "store0+3GiB"
wait_until shows_all "goto address: store0+3GiB" "store0 is 2 GiB (offsets 0x0-0x7fffffff)"
keys Enter
snap
has "goto address: store0+3GiB" || fail "Enter accepted an offset past the store"
keys C-u
keys -l "0x160000000"
wait_until shows "goto address: 0x160000000"
keys Enter
wait_until lacks "Memory map: store0"
wait_until shows "160000000"
keys Escape
wait_until shows "Memory map: store0 (2 GiB"

step="the map follows the selected store"
keys Tab Tab Tab j   # map -> keys -> tree -> stores, next store
wait_until shows "Memory map: store1 (64 MiB, 1 cell = 256 KiB)"
keys q
wait_until exited
[[ $(dead_status) == 0 ]] || fail "exit status $(dead_status), not 0"

step="mouse: click a store, a map cell; double click opens the hex view; the wheel"
# SGR mouse reports, as xterm sends them (1-based column;row); press and release = click
click() { keys -l "$(printf '\033[<0;%d;%dM\033[<0;%d;%dm' $(($2 + 1)) $(($1 + 1)) $(($2 + 1)) $(($1 + 1)))"; }
dclick() { click "$@"; click "$@"; }
wheel_down() { keys -l "$(printf '\033[<65;%d;%dM' $(($2 + 1)) $(($1 + 1)))"; }
start mouse C.UTF-8 inspect "$ckpt"
wait_until shows "$title"
row_y() { grep -n -m1 -F "$1" <<<"$scr" | cut -d: -f1; }   # 1-based line of the text
click $(($(row_y "board.realview.bootmem") - 1)) 40
wait_until shows "Memory map: store1 (64 MiB"
click $(($(row_y "board.remote_memory ") - 1)) 40
wait_until shows "$title"
top=$(($(row_y "$title") - 1))
x0=$(python3 -c 'import sys; l=sys.stdin.read().split("\n"); t=next(x for x in l if sys.argv[1] in x); print(t.index(sys.argv[1]) - 2)' "$title" <<<"$scr")
click $((top + 1 + 192 / cols)) $((x0 + 2 + 192 % cols))
wait_until shows "cell 192: +0x60000000-0x607fffff"
dclick $((top + 1 + 192 / cols)) $((x0 + 2 + 192 % cols))
wait_until lacks "Memory map: store0"
wait_until shows "160000000"
keys Escape
wait_until shows "cell 192: +0x60000000"
wheel_down $(($(row_y "▾ board") - 1)) 10
wait_until shows "4 of 8"
keys q
wait_until exited
[[ $(dead_status) == 0 ]] || fail "exit status $(dead_status), not 0"

step="ASCII"
start ascii C inspect "$ckpt"
wait_until shows_all "+ Memory map: store0 (2 GiB, 1 cell = 8 MiB)" "- board" "+ processor"
[[ $(map_cells "Memory map: store0" | awk '$1 == 192 {print $2}') == "." ]] ||
    fail "the ASCII map does not show '.' for the written cell"
keys q
wait_until exited
[[ $(dead_status) == 0 ]] || fail "exit status $(dead_status), not 0"

step="a 4 GiB checkpoint: first screen at once, map decoding, keys answer"
"$bin" cpt sample "$tmp/big 'run'" --local 4GiB --remote 4GiB > /dev/null
ckpt="$tmp/big 'run'/checkpoint"
slow=0
# The zero-run inflater decodes 4 GiB of zeros in ~40 ms; ISA-L's (what a store with more
# data gets) takes ~2 s, and a slow disk is made by delaying every pread after
# pmem_open's two (the decode thread's: the main thread's are done by then) by 0.3 s.
extra_env+=(GEM5WB_INFLATE=isal)
if command -v strace >/dev/null && strace -f -qq -o /dev/null true 2>/dev/null; then
    slow=1
    # LeakSanitizer cannot run under ptrace: an ASan build checks leaks in the other runs
    printf '#!/bin/sh\nexport ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"\nexec strace -f -qq -o /dev/null -e trace=pread64 -e inject=pread64:delay_enter=300000:when=3+ %q "$@"\n' \
        "$real_bin" > "$tmp/slow-gem5wb"
    chmod +x "$tmp/slow-gem5wb"
    bin=$tmp/slow-gem5wb
fi
t0=$(date +%s%N)
start big C.UTF-8 inspect "$ckpt"
wait_until shows_all "tick 1000003933750" "board.remote_memory" "4 GiB remote" "┌ Sections "
t1=$(date +%s%N)
has "decoding" || fail "the map box does not say decoding"
grep -qE "decoding [0-9]+%" <<<"$scr" || fail "no percentage while decoding"
(((t1 - t0) / 1000000 < 3000)) || fail "the first screen took $(((t1 - t0) / 1000000)) ms"
keys j
wait_until shows "2 of 8"
has "decoding" || fail "the key was answered only after the decode"
((slow)) || echo "$test_name: strace cannot trace here: the decode was not slowed down"
bin=$real_bin
# the decode finishes (slowed: a few seconds) and the map appears
deadline=$(($(date +%s%N) + 60000000000))
until shows "Memory map: store0 (4 GiB, 1 cell = 16 MiB)"; do
    (($(date +%s%N) < deadline)) || fail "the map did not appear within 60 s"
    sleep 0.2
done
has "decoding" && fail "the map box still says decoding"
keys q
wait_until exited
[[ $(dead_status) == 0 ]] || fail "exit status $(dead_status), not 0"
echo "tui_inspect_map: all steps passed"

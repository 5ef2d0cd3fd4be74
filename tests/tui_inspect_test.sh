#!/usr/bin/env bash
# End-to-end test of `gem5wb inspect`, driven through a detached tmux 100x30: a generated
# checkpoint's summary, sections and their keys, stores with ranges and the remote marked,
# moving, switching panes, help, back out; and a folder that is not a checkpoint.
set -euo pipefail

bin=${1:-${GEM5WB_BIN:-}}
[[ -n $bin ]] || { echo "usage: tests/tui_inspect_test.sh BINARY (or set GEM5WB_BIN)" >&2; exit 2; }
repo=$(cd "$(dirname "$0")/.." && pwd)
test_name=tui_inspect
. "$repo/tests/tui_lib.sh"

# the keys box: its title is the selected section in brackets
keys_title() { grep -oE '┌ \[[^]]*\]' <<<"$scr" | head -1 | sed -E 's/^┌ \[//; s/\]$//'; }

step="not a checkpoint"
if "$bin" inspect "$tmp/nothing here" 2> "$tmp/err"; then fail "inspect of an empty path worked"; fi
grep -q "has no m5.cpt" "$tmp/err" || fail "no clear error: $(cat "$tmp/err")"

step="sample"
"$bin" cpt sample "$tmp/run 'dir'" --local 2GiB --remote 2GiB > /dev/null
ckpt="$tmp/run 'dir'/checkpoint"

step="open"
start inspect C.UTF-8 inspect "$ckpt"
wait_until shows_all "┌ Sections " "┌ Stores " "tick 1000003933750" "arm" "4 CPUs" \
    "board.remote_memory" "board.remote_memory       2 GiB remote 0x100000000-0x17fffffff"
snap
first=$(keys_title)
[[ -n $first ]] || fail "no section keys box"

step="j selects the next section"
keys j
moved() { snap; [[ -n $(keys_title) && $(keys_title) != "$first" ]] && has "2 of "; }
wait_until moved
second=$(keys_title)

step="Tab switches to the stores"
keys Tab j
wait_until shows "2 of "
[[ $(keys_title) == "$second" ]] || fail "the section changed while moving in the stores"

step="help"
keys '?'
wait_until shows_all "Keys: inspect" "switch between sections and stores" "close the inspector"
keys '?'
wait_until lacks "any key closes"

step="q closes"
keys q
wait_until exited
[[ $(dead_status) == 0 ]] || fail "exit status $(dead_status), not 0"
echo "tui_inspect: all steps passed"

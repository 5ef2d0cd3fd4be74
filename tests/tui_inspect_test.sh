#!/usr/bin/env bash
# End-to-end test of `gem5wb inspect`, driven through a detached tmux 100x30: a generated
# checkpoint's summary, sections and their keys, stores with ranges and the remote marked,
# moving, switching panes, help, back out; and a folder that is not a checkpoint. Then the
# section tree (open and close groups, a leaf's keys), editing a value in place (checked
# with `gem5wb cpt get`, backup kept) and an invalid integer refused with the reason.
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
    "board.remote_memory" "board.remote_memory        2 GiB remote 0x100000000-0x17fffffff"
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

# The tree: groups by dotted prefix. Rows are found by their text, never by position.
sel_row() { grep -m1 -E "^│▸" <<<"$scr"; }

step="the tree starts with the top groups open"
keys Tab Tab Tab   # back to the tree (tree, stores, map, keys)
wait_until shows_all "▾ board" "▸ processor" "▾ root" "globals"
grep -qE "[▸▾] cores0\.core" <<<"$scr" && fail "a closed group shows its sections"

step="Right opens a group"
until_sel() { snap; [[ $(sel_row) == *"$1"* ]]; }
keys PPage   # tmux sends Home as \e[1~, which xterm-256color does not know
wait_until until_sel "board"
keys j
wait_until until_sel "processor"
keys Right
wait_until shows_all "▾ processor" "▸ cores0.core" "▸ cores3.core"
[[ $(keys_title) == board.processor ]] || fail "a group's box is not titled by its path: $(keys_title)"
has "group of 12 sections" || fail "the group's box does not count its sections"

step="Enter on a group opens it too; a leaf shows its keys"
keys j
wait_until until_sel "cores0.core"
keys Enter
wait_until shows_all "▾ cores0.core" " xc.0 " " isa.miscRegs "
keys j
wait_until until_sel "xc.0"
wait_until shows_all "[board.processor.cores0.core.xc.0]" "intStatus=0" "regs.integer=" "22 keys"

step="Left goes to the parent, then closes it"
keys Left
wait_until until_sel "cores0.core"
keys Left
wait_until lacks " xc.0 "
snap
[[ $(sel_row) == *"▸ cores0.core"* ]] || fail "Left did not close the group"
keys Right j
wait_until until_sel "xc.0"

step="e edits the selected key"
keys Tab Tab Tab   # to the keys pane
wait_until shows "│▸interrupts="
keys j
wait_until shows "│▸intStatus=0"
keys e
wait_until shows "intStatus = 0"
keys C-u 4 2
wait_until shows "intStatus = 42"
keys Enter
wait_until shows_all "wrote intStatus=42 to [board.processor.cores0.core.xc.0]; backup" \
    "m5.cpt.gem5wb-backup" "│▸intStatus=42"
[[ $("$bin" cpt get "$ckpt" board.processor.cores0.core.xc.0 intStatus) == 42 ]] ||
    fail "cpt get does not read 42"
[[ -f $ckpt/m5.cpt.gem5wb-backup ]] || fail "no backup of m5.cpt"
grep -q "^intStatus=0$" "$ckpt/m5.cpt.gem5wb-backup" || fail "the backup is not the original"

step="an invalid integer is refused with the reason"
keys e
wait_until shows "intStatus = 42"
keys C-u 1 2 x
wait_until shows_all "intStatus = 12x" "intStatus: value '12x' is not an unsigned integer"
keys Enter
snap
has "intStatus = 12x" || fail "Enter accepted an invalid integer"
keys Escape
wait_until lacks "intStatus = 12x"
[[ $("$bin" cpt get "$ckpt" board.processor.cores0.core.xc.0 intStatus) == 42 ]] ||
    fail "the refused value reached m5.cpt"

step="a value that is not an integer takes any one-line text"
keys Tab    # keys -> tree
keys NPage
wait_until until_sel "globals"
keys Tab Tab Tab
wait_until shows "│▸curTick="
keys e
wait_until shows "curTick = 1000003933750"
keys C-u 0 x 1 0
wait_until shows "curTick = 0x10"
keys Enter
wait_until shows "wrote curTick=0x10 to [root.globals]"
[[ $("$bin" cpt get "$ckpt" root.globals curTick) == 0x10 ]] || fail "curTick is not 0x10"
wait_until shows "tick 16 "

step="D asks for a second checkpoint, completing folders"
keys D
wait_until shows "diff with checkpoint:"
keys -l "$tmp/ru"
keys Tab
wait_until shows "diff with checkpoint: $tmp/run 'dir'/"
wait_until shows "has no m5.cpt"
keys Enter
snap
has "diff with checkpoint:" || fail "Enter accepted a folder without m5.cpt"
keys -l "chec"
keys Tab
wait_until shows "diff with checkpoint: $tmp/run 'dir'/checkpoint/"
wait_until lacks "has no m5.cpt"
keys Escape
wait_until lacks "diff with checkpoint:"

step="q closes"
keys q
wait_until exited
[[ $(dead_status) == 0 ]] || fail "exit status $(dead_status), not 0"
echo "tui_inspect: all steps passed"

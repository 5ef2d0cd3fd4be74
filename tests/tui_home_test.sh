#!/usr/bin/env bash
# End-to-end test of the workbench home screen, driven through a detached tmux 100x30:
# list, move, help, Enter, too-small on resize; q, Esc, Ctrl-C, SIGTERM and a crash all
# restore the terminal.
# Usage: tests/tui_home_test.sh [BINARY]  (opens the workbench when run with no arguments;
# default $GEM5WB_BIN, as tests/run.sh exports it)
#
# Every wait polls the screen every 0.1 s against a 10 s deadline, so the test is as
# fast as the program and a hang fails with the step named instead of blocking CI.
set -euo pipefail

bin=${1:-${GEM5WB_BIN:-}}
[[ -n $bin ]] || { echo "usage: tests/tui_home_test.sh BINARY (or set GEM5WB_BIN)" >&2; exit 2; }
repo=$(cd "$(dirname "$0")/.." && pwd)

test_name=tui_home
. "$repo/tests/tui_lib.sh"

# Readers of the home screen's layout in $scr: list rows between "┌ Commands" and its
# "└", "▸" on the selected row, names padded by two blanks, the detail box below.
list_rows() { awk '/^┌ Commands /{f=1; next} f && /^└/{exit} f' <<<"$scr"; }
row_name() { list_rows | sed -n "${1}p" | sed -E 's/^│(▸| ) //; s/  .*//'; }
selected_name() { list_rows | grep -F '▸' | sed -E 's/^│▸ //; s/  .*//'; }
detail_title() { grep -E '^┌ ' <<<"$scr" | grep -vF '┌ Commands ' | sed -E 's/^┌ //; s/ ─.*//'; }
example() { grep -E '^│ example ' <<<"$scr" | sed -E 's/^│ example +//; s/ *│$//'; }

step="start"
start home C.UTF-8
wait_until shows_all "gem5wb  ~/work" "cpt info" "┌ Commands " "? help"
[[ $(tm display-message -p -t =home: '#{pane_width}x#{pane_height}') == 100x30 ]] ||
    fail "pane is not 100x30"

step="first row selected"
snap
row1=$(row_name 1) || true   # a missing row is reported just below
row2=$(row_name 2) || true
[[ -n $row1 && -n $row2 && $row1 != "$row2" ]] || fail "cannot read two command rows"
[[ $(selected_name) == "$row1" ]] || fail "selection is not on '$row1'"
[[ $(detail_title) == "$row1" ]] || fail "detail box is not about '$row1'"
ex1=$(example) || true
[[ -n $ex1 ]] || fail "no example line in the detail box"

step="j moves the selection"
moved() {
    snap
    [[ $(selected_name) == "$row2" && $(detail_title) == "$row2" ]] &&
        [[ $(example) != "$ex1" ]] && has "2 of "
}
keys j
wait_until moved
ex2=$(example) || true

step="Enter types the command at the : prompt, Esc leaves it"
keys Enter
wait_until shows ":$row2"
keys Escape
wait_until lacks ":$row2"

step="? opens the help overlay"
keys '?'
wait_until shows_all "Keys: home" "show or hide this help" "leave gem5wb" "any key closes"

step="? closes the help overlay"
keys '?'
wait_until lacks "any key closes"

step="resize to 60x20"
tm resize-window -t =home: -x 60 -y 20
wait_until shows "terminal too small: need 80x24, have 60x20"

step="resize back to 100x30"
tm resize-window -t =home: -x 100 -y 30
back() { snap; ! has "too small" && has "┌ Commands " && [[ $(selected_name) == "$row2" ]]; }
wait_until back

step="q quits"
keys q
wait_until exited
[[ $(dead_status) == 0 ]] || fail "exit status $(dead_status), expected 0"
wait_until lacks "┌ Commands "   # the alternate screen is gone: terminal restored

step="Ctrl-C quits and restores the terminal"
start intr C.UTF-8
wait_until shows "┌ Commands "
keys C-c
wait_until exited
[[ $(dead_status) != 0 ]] || fail "Ctrl-C should not exit with status 0"
wait_until lacks "┌ Commands "

step="SIGTERM quits and restores the terminal"
start term C.UTF-8
wait_until shows "┌ Commands "
pid=$(bin_pid) || fail "cannot find the binary's pid"
kill -TERM "$pid"
wait_until exited
[[ $(dead_status) != 0 ]] || fail "SIGTERM should not exit with status 0"
wait_until lacks "┌ Commands "

step="a crash (SIGSEGV) restores the terminal and still crashes"
start crash C.UTF-8
wait_until shows "┌ Commands "
pid=$(bin_pid) || fail "cannot find the binary's pid"
kill -SEGV "$pid"
wait_until exited
[[ $(dead_status) == 139 ]] || fail "exit status $(dead_status), expected 139 (SIGSEGV)"
wait_until lacks "┌ Commands "

step="ASCII lines outside a UTF-8 locale"
start ascii C
wait_until shows_all "+ Commands -" "|> "
keys Escape
wait_until exited
[[ $(dead_status) == 0 ]] || fail "Esc: exit status $(dead_status), expected 0"

echo "tui_home: all steps passed"

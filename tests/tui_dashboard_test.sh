#!/usr/bin/env bash
# End-to-end test of the dashboard, driven through a detached tmux 100x30: `gem5wb` in a
# workspace lists the steps with their status, shows the selected step's commands (or why
# it cannot run yet), refreshes after a command run from a shell, shows the host checks and
# a tip, opens the step form (Enter), runs doctor (d), the command log (o), and quits cleanly.
set -euo pipefail

bin=${1:-${GEM5WB_BIN:-}}
[[ -n $bin ]] || { echo "usage: tests/tui_dashboard_test.sh BINARY (or set GEM5WB_BIN)" >&2; exit 2; }
repo=$(cd "$(dirname "$0")/.." && pwd)
test_name=tui_dashboard
. "$repo/tests/tui_lib.sh"

step="workspace"
"$bin" init "$tmp/work" > /dev/null

step="open"
start dash C.UTF-8
wait_until shows_all "┌ Workflow " "clone" "build-gem5" "restore-sst" "┌ Checkpoints " \
    "none yet" "R refresh"
wait_until shows "┌ Clone darchr's gem5 fork "

step="j selects build-m5, which cannot run before the clone"
keys j
wait_until shows_all "┌ Build m5 (guest utility) " "is not cloned" "\`gem5wb run clone\` first"

step="i without a checkpoint says so"
keys i
wait_until shows "no checkpoint in this workspace yet"

step="a setting changed from a shell shows after R"
"$bin" set build-gem5.jobs 3 --workspace "$tmp/work" > /dev/null
keys j R
wait_until shows_all "┌ Build gem5 " "read $tmp/work again"

step="the host checks and a tip are on the dashboard"
wait_until shows_all "┌ This machine " "kvm " "disk " "tip: "
snap
has "doctor (" || has "doctor: the host checks pass" || fail "no doctor line"

step="Enter opens the step form, Esc comes back"
keys Enter
wait_until shows_all "┌ Step: Build gem5 " "┌ Parameters " "┌ Command line "
keys Escape
wait_until shows "┌ Workflow "

step="d runs gem5wb doctor as a job; o lists it in the command log"
keys d
wait_until shows "gem5wb doctor $tmp/work"
keys Escape
wait_until shows "┌ Workflow "
wait_until lacks "job running"     # doctor ends by itself (it asks its tools their versions)
keys o
wait_until shows_all "┌ Command log" "doctor"
keys Escape
wait_until shows "┌ Workflow "

step="q quits"
keys q
wait_until exited
[[ $(dead_status) == 0 ]] || fail "exit status $(dead_status), not 0"
echo "tui_dashboard: all steps passed"

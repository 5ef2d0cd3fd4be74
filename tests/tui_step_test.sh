#!/usr/bin/env bash
# End-to-end test of the step form, driven through a detached tmux 100x30: Enter on a
# dashboard step opens its parameters and exact command lines; an invalid value shows the
# check's error inline and Enter is refused; a valid one is saved to the workspace (as
# `gem5wb set` would) and the command line changes; d returns it to its default.
set -euo pipefail

bin=${1:-${GEM5WB_BIN:-}}
[[ -n $bin ]] || { echo "usage: tests/tui_step_test.sh BINARY (or set GEM5WB_BIN)" >&2; exit 2; }
repo=$(cd "$(dirname "$0")/.." && pwd)
test_name=tui_step
. "$repo/tests/tui_lib.sh"

# jobs of build-sst-core as `gem5wb steps --json` reports it: "VALUE FROM"
jobs_param() {
    "$bin" steps build-sst-core --json --workspace "$ws" | python3 -c '
import json, sys
p = [p for p in json.load(sys.stdin)["params"] if p["name"] == "jobs"][0]
print(p.get("value", "-"), p["from"])'
}

step="workspace in a folder with a space and a quote, sst-core source set from a shell"
ws="$tmp/work/my ws 'q'"
"$bin" init "$ws" > /dev/null
mkdir -p "$ws/src/sst-core"
printf '#!/bin/sh\nexit 0\n' > "$ws/src/sst-core/configure"
chmod +x "$ws/src/sst-core/configure"
"$bin" set build-sst-core.source "$ws/src/sst-core" --workspace "$ws" > /dev/null
read -r def from < <(jobs_param)
[[ $from == default && $def =~ ^[0-9]+$ ]] || fail "jobs starts as '$def $from', not a default"
new=$((def + 3))

step="Enter on build-sst-core opens its form"
start step C.UTF-8 --workspace "$ws"
wait_until shows_all "┌ Workflow " "build-sst-core"
keys j j j j
wait_until shows "┌ Build SST core "
keys Enter
wait_until shows_all "┌ Step: Build SST core " "┌ Parameters " "┌ Command line " \
    "set (no default)" "make all -j $def)" "(cd '$tmp/work/my ws '\\''q'\\''/src/sst-core' &&"

step="an invalid jobs shows the check's error and Enter is refused"
keys j j j j
wait_until shows "parallel jobs (default: the number of CPUs)  5/5"
keys Enter
wait_until shows "jobs (a whole number): $def"
keys C-u "${new}x"
wait_until shows_all "jobs (a whole number): ${new}x" \
    "build-sst-core.jobs must be a whole number, not '${new}x'"
keys Enter
wait_until shows_all "jobs (a whole number): ${new}x" "must be a whole number"
[[ $(jobs_param) == "$def default" ]] || fail "the refused value was saved: $(jobs_param)"

step="a valid value is saved and the command line follows"
keys BSpace
wait_until lacks "must be a whole number"
keys Enter
wait_until shows_all "build-sst-core.jobs = $new (saved in the workspace)" "make all -j $new)" \
    "set (default $def)"
[[ $(jobs_param) == "$new set" ]] || fail "gem5wb steps says jobs is '$(jobs_param)'"

step="d returns it to its default"
keys d
wait_until shows_all "build-sst-core.jobs back to its default: $def" "make all -j $def)"
[[ $(jobs_param) == "$def default" ]] || fail "after d, gem5wb steps says '$(jobs_param)'"

step="a choice completes with Tab; Esc leaves it unchanged"
keys k k e
wait_until shows "mpi (on|off): "
keys C-u "of" Tab
wait_until shows "mpi (on|off): off"
keys Escape
wait_until lacks "mpi (on|off)"
grep -q '"build-sst-core.mpi"' "$ws/.gem5wb/state.json" && fail "Esc saved mpi"

step="Esc goes back to the dashboard, q quits"
keys Escape
wait_until shows "┌ Workflow "
keys q
wait_until exited
[[ $(dead_status) == 0 ]] || fail "exit status $(dead_status), not 0"
echo "tui_step: all steps passed"

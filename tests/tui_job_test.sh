#!/usr/bin/env bash
# End-to-end test of running steps from the workbench, driven through a detached tmux
# 100x30: build-m5 from the dashboard (real scons) with its bar at 100 %, then a
# take-checkpoint (the fake gem5 replaying its capture slowly) cancelled with c, y: no
# process left, the dashboard says cancelled; a resize while it runs; the history view.
set -euo pipefail

bin=${1:-${GEM5WB_BIN:-}}
[[ -n $bin ]] || { echo "usage: tests/tui_job_test.sh BINARY (or set GEM5WB_BIN)" >&2; exit 2; }
repo=$(cd "$(dirname "$0")/.." && pwd)
test_name=tui_job
. "$repo/tests/tui_lib.sh"
build=$(cd "${GEM5WB_BUILD:?}" && pwd)

step="workspace and fork"
"$repo/tests/forkrepo/make-fork.sh" "$tmp/fork" "$repo/tests/fakes/gem5" > /dev/null
"$bin" init "$tmp/work" > /dev/null
(cd "$tmp/work" && "$bin" set clone.url "$tmp/fork" && "$bin" run clone &&
 "$bin" run build-gem5 --set jobs=2) > /dev/null 2>&1
extra_env=(GEM5WB_REPLAY="$build/replay" GEM5WB_SHARED="${GEM5WB_SHARED:?}"
           GEM5WB_FIXTURE_WRITER="${GEM5WB_FIXTURE_WRITER:?}" GEM5WB_REPLAY_SPEED=0.25)

step="open and run build-m5"
start jobs C.UTF-8
wait_until shows_all "┌ Workflow " "r run"
keys j r
wait_until shows_all "build-m5  [1/1] build/x86/out/m5" "LINK build/x86/out/m5" "100%  done" \
    "┌ Log: done "

step="back: the dashboard has it done"
keys Escape
wait_until shows_all "┌ Workflow " "build-m5            ok"

step="take-checkpoint runs; resize while it runs"
for _ in 1 2 3 4 5 6 7; do keys j; done
wait_until shows "┌ Take a checkpoint "
keys r
wait_until shows_all "take-checkpoint" "gem5 Simulator System" "Log (follow)"
tm resize-window -t "=$target:" -x 90 -y 26
wait_until shows "Log (follow)"
tm resize-window -t "=$target:" -x 100 -y 30

step="c asks, y cancels, nothing is left"
keys c
wait_until shows "cancel take-checkpoint and everything it started? y/n"
keys y
wait_until shows "┌ Log: failed "
gone() { ! pgrep -f "gem5-run-take-ckpt" > /dev/null; }   # the replay the fake gem5 ran
wait_until gone
keys Escape
wait_until shows "take-checkpoint     cancelled"

step="h: the history has the runs, newest first, with the log and folder of the selected"
keys h
wait_until shows_all "┌ History " "take-checkpoint   cancelled" "build-m5          ok (exit 0)" \
    ".gem5wb/logs/take-checkpoint-" "/work/gem5 ─┘"
keys Escape
wait_until shows "┌ Workflow "

step="q quits"
keys q
wait_until exited
[[ $(dead_status) == 0 ]] || fail "exit status $(dead_status), not 0"
echo "tui_job: all steps passed"

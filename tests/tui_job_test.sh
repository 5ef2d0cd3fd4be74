#!/usr/bin/env bash
# End-to-end test of jobs in the workbench, driven through a detached tmux 100x30:
# build-m5 from the dashboard (real scons) with its bar at 100 %; take-checkpoint (the
# fake gem5 replaying its capture slowly, run past its failed pre-flight check) left running
# while the title and dashboard show it, a resize meanwhile, another step refused while it
# holds the workspace; a second job at once (take-checkpoint in a second workspace from
# the : prompt); Tab and shift-Tab between jobs; scrolling (Up) pauses following and f
# resumes; / search and n; w for warnings and errors only; c, y cancels with nothing left
# while the other job goes on; leaving a job's view keeps it running to its end; q asks
# first while a job runs; the command log lists each command's argv; the history view;
# quitting with y stops a running job.
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
work2="$tmp/work 'two'"                 # a second workspace, for a second step at once
cp -a "$tmp/work" "$work2"
# 0.15: the take-checkpoint replay writes its lines in the first second, then runs ~17 s
extra_env=(GEM5WB_REPLAY="$build/replay" GEM5WB_SHARED="${GEM5WB_SHARED:?}"
           GEM5WB_FIXTURE_WRITER="${GEM5WB_FIXTURE_WRITER:?}" GEM5WB_REPLAY_SPEED=0.15
           ${LSAN_OPTIONS:+LSAN_OPTIONS="$LSAN_OPTIONS"})   # a sanitizer build's suppressions

line_no() { snap; grep -o "\"$1\": line [0-9]*" <<<"$scr" | grep -o '[0-9]*$'; }

step="open and run build-m5"
start jobs C.UTF-8
wait_until shows_all "┌ Workflow " "r run"
keys j r
wait_until shows_all "build-m5  [1/1] build/x86/out/m5" "LINK build/x86/out/m5" "100%  done" \
    "┌ Log: done " "job 1 of 1"

step="back: the dashboard has it done"
keys Escape
wait_until shows_all "┌ Workflow " "build-m5            ok"

step="take-checkpoint runs; resize while it runs"
for _ in 1 2 3 4 5 6 7; do keys j; done
wait_until shows "┌ Take a checkpoint "
keys r                                  # the fork's config names the authors' kernel: asked
wait_until shows_all "Run take-checkpoint anyway?" "config-abs-paths"
keys y
wait_until shows_all "take-checkpoint" "gem5 Simulator System" "Log (follow)" "job 2 of 2"
tm resize-window -t "=$target:" -x 90 -y 26
wait_until shows "Log (follow)"
tm resize-window -t "=$target:" -x 100 -y 30

step="Esc leaves it running: the title and the dashboard say so; another step is refused"
keys Escape
wait_until shows_all "1 job running" "take-checkpoint     running   job 2"
keys k r
wait_until shows "take-checkpoint is running in this workspace (job 2): one step at a time"
keys j Enter
wait_until shows_all "job 2 of 2" "Log (follow)"

step="a second job at once: take-checkpoint in the other workspace from the : prompt"
typed "run take-checkpoint --verbose --workspace \"$work2\""
wait_until shows_all "job 3 of 3" "2 jobs running" "gem5wb run take-checkpoint" \
    "gem5 Simulator System"

step="Tab and shift-Tab switch between the jobs"
keys Tab
wait_until shows_all "job 1 of 3" "build-m5  [1/1]" "┌ Log: done "
keys Tab
wait_until shows_all "job 2 of 3" "take-checkpoint  [1/1] gem5 (take a checkpoint)"
keys BTab
wait_until shows "job 1 of 3"
keys Tab
wait_until shows_all "job 2 of 3" "Log (follow)"

step="scrolling up pauses following (the title says so), f resumes"
keys Up
wait_until shows "┌ Log (paused, 0 new lines) "
keys PPage
wait_until shows "gem5 started"
keys f
wait_until shows_all "┌ Log (follow) " "Writing checkpoint" "tgen_local serialization"

step="/ finds a line, n moves to the next one"
keys /
wait_until shows "find in the log:"
keys -l "entering event"
keys Enter
wait_until shows_all "\"entering event\": line" "3 lines match" "Log (paused" \
    "▸ src/sim/simulate.cc:194: info: Entering event queue"
first=$(line_no "entering event")
keys n
wait_until eval '[[ $(line_no "entering event") != "$first" ]]'
keys N
wait_until eval '[[ $(line_no "entering event") == "$first" ]]'
keys f
wait_until shows "┌ Log (follow) "

step="w shows only the warnings and errors the gem5 parser picked out"
keys w
wait_until shows_all "┌ Warnings and errors (follow) " "! warn: No dot file generated" \
    "! src/mem/coherent_xbar.cc:140: warn: CoherentXBar"
lacks "Beginning simulation at tick 0" || fail "w still shows an ordinary line"
keys w
wait_until shows_all "┌ Log (follow) " "Beginning simulation at tick 0"

step="c asks, y cancels job 2: nothing of it is left, job 3 goes on"
gem5_pid=$(pgrep -f "$tmp/work/gem5/build/ARM/gem5.opt" | head -1)
[[ -n $gem5_pid ]] || fail "job 2's fake gem5 is not running"
group=$(ps -o pgid= -p "$gem5_pid" | tr -d ' ')
keys c
wait_until shows_all "Cancel take-checkpoint?" "cancel take-checkpoint and everything it started? y/n"
keys y
wait_until shows_all "┌ Log: cancelled " "1 job running"
gone() { ! pgrep -g "$group" > /dev/null; }
wait_until gone

step="leaving job 3's view keeps it running; q asks first; it still finishes"
keys Tab
wait_until shows_all "job 3 of 3" "gem5wb run take-checkpoint"
keys Escape
wait_until shows_all "┌ Workflow " "1 job running"
keys q
wait_until shows_all "Quit and cancel 1 running job?" "job 3: gem5wb run take-checkpoint"
keys n
wait_until lacks "Quit and cancel"
finished() { lacks "job running"; }
wait_long finished
"$bin" history --workspace "$work2" | grep -q "take-checkpoint  *ok  *exit 0" ||
    fail "take-checkpoint in the second workspace did not finish ok"
typed jobs
wait_until shows_all "┌ Jobs: 0 running, 3 in all " "cancelled" "done"
keys Escape
wait_until shows "┌ Workflow "

step="o: the command log has each command's argv, folder and result"
keys o
wait_until shows_all "┌ Command log: 3 this session, 2 earlier in $tmp/work " \
    "build-gem5" "build-m5" "ok, exit 0" "$ scons build/x86/out/m5 -j 2" "take-checkpoint" \
    "cancelled" ":gem5wb run take" "--workspace '$tmp/work '\\''two'\\''" \
    "log: (kept in the job view only)"
keys k
wait_until shows_all "cd $tmp/work/gem5 && $tmp/work/gem5/build/ARM/gem5.opt" \
    "--take-chpt=True" "log: $tmp/work/.gem5wb/logs/take-checkpoint-"
keys Escape

step="h: the history has the runs, newest first, with the log and folder of the selected"
wait_until shows "┌ Workflow "
keys h
wait_until shows_all "┌ History " "take-checkpoint    cancelled" "build-m5           ok (exit 0)" \
    ".gem5wb/logs/take-checkpoint-" "/work/gem5 ─┘"
keys Escape
wait_until shows "┌ Workflow "

step="q with a job running asks; y cancels it, nothing is left, gem5wb ends with 0"
keys r
wait_until shows "Run take-checkpoint anyway?"
keys y
wait_until shows_all "take-checkpoint" "job 4 of 4" "Log (follow)"
gem5_pid=$(pgrep -f "$tmp/work/gem5/build/ARM/gem5.opt" | head -1)
[[ -n $gem5_pid ]] || fail "the new take-checkpoint's fake gem5 is not running"
group=$(ps -o pgid= -p "$gem5_pid" | tr -d ' ')
keys q
wait_until shows_all "┌ Workflow " "1 job running"
keys q
wait_until shows "Quit and cancel 1 running job?"
keys y
wait_until exited
[[ $(dead_status) == 0 ]] || fail "exit status $(dead_status), not 0"
wait_until gone
[[ $("$bin" history --workspace "$tmp/work" | grep -c "take-checkpoint  *cancelled") == 2 ]] ||
    fail "the history does not have the take-checkpoint stopped at quit as cancelled"
echo "tui_job: all steps passed"

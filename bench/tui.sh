#!/usr/bin/env bash
# Workbench benchmark (issue 8): while a fake scons streams gem5-style build output at
# 50,000 lines a second into a running build-gem5 step, the workbench's own CPU use (as % of
# one core, from /proc/PID/stat) and the key-to-screen latency (tmux send-keys until
# capture-pane shows the change). Targets: under 10 % of a core and under 50 ms.
#   bench/tui.sh [GEM5WB_BINARY]   (default build/gem5wb; needs tmux and cc)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
bin=$(realpath "${1:-${GEM5WB_BIN:-build/gem5wb}}")
rate=${TUI_BENCH_RATE:-50000}
secs=${TUI_BENCH_SECONDS:-12}
presses=${TUI_BENCH_KEYS:-20}
cpu_target=10 lat_target=50
[[ -x $bin ]] || { echo "tui.sh: $bin is not built (make)" >&2; exit 1; }
command -v tmux >/dev/null || { echo "tui.sh: tmux is not installed (make deps)" >&2; exit 1; }
. bench/lib.sh

work=$(mktemp -d /tmp/gem5wb-tui-bench.XXXXXX)
sock="gem5wb-tui-bench-$$"
tm() { tmux -L "$sock" -f "$work/tmux.conf" "$@"; }
printf 'set -g status off\nset -g escape-time 0\n' >"$work/tmux.conf"
trap 'tm kill-server >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

# The fake scons, first in PATH; a workspace with the fork cloned (build-gem5 runs scons).
mkdir -p "$work/bin"
cc -O2 -o "$work/bin/tui-stream" bench/tui_stream.c
cc -O2 -o "$work/bin/tui-keys" bench/tui_keys.c
# --version answers as Debian's scons does (the step's pre-flight asks for it), then streams
printf '#!/bin/sh\n[ "$1" = --version ] && exec /usr/bin/scons --version\n"%s" %s %s "$@" && mkdir -p build/ARM && : >build/ARM/gem5.opt\n' \
  "$work/bin/tui-stream" "$rate" "$secs" >"$work/bin/scons"   # then the step's artifact
chmod +x "$work/bin/scons"
tests/forkrepo/make-fork.sh "$work/fork" tests/fakes/gem5 >/dev/null
"$bin" init "$work/ws" >/dev/null
(cd "$work/ws" && "$bin" set clone.url "$work/fork" >/dev/null && "$bin" run clone >/dev/null 2>&1)

now_ms() { echo $(( ${EPOCHREALTIME/./} / 1000 )); }
screen() { tm capture-pane -p -t bench; }
wait_for() {  # wait_for TEXT [SECONDS]: until the screen shows TEXT
  local deadline=$(( $(now_ms) + ${2:-10} * 1000 ))
  while (( $(now_ms) < deadline )); do [[ $(screen) == *"$1"* ]] && return 0; done
  echo "tui.sh: the workbench never showed '$1'; last screen:" >&2; screen >&2; exit 1
}
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }   # utime + stime, clock ticks

tm new-session -d -x 100 -y 30 -s bench -c "$work/ws" \
  env -i TERM=xterm-256color LANG=C.UTF-8 HOME="$work" PATH="$work/bin:/usr/bin:/bin" \
  ESCDELAY=25 GEM5WB_THEMES="$repo/themes" "$bin"
tm new-session -d -s ctl cat          # the key prober's control client attaches here
wait_for "build-gem5"
pid=$(tm display-message -p -t bench '#{pane_pid}')   # env execs the binary: the pane's process
tm send-keys -t bench j j r
# a failed pre-flight check (m4 missing on this machine, say) asks before the run: go on
deadline=$(( $(now_ms) + 30000 ))
until [[ $(screen) == *"Log (follow)"* ]]; do
  [[ $(screen) == *"n/Esc no"* ]] && tm send-keys -t bench y
  (( $(now_ms) < deadline )) || { echo "tui.sh: the build did not start; last screen:" >&2; screen >&2; exit 1; }
done
wait_for "[     CXX]"
t_start=$(now_ms)                     # the first build lines are on screen

echo "== load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
echo "== the workbench (tmux 100x30) follows build-gem5 while a fake scons streams $rate lines/s"
hz=$(getconf CLK_TCK)
# baseline: the CPU of the program writing the lines, over the same window
spid=$(pgrep -n -f "$work/bin/tui-stream")
c0=$(ticks "$pid"); s0=$(ticks "$spid"); w0=$(now_ms)
# Up pauses following, f resumes it: each key changes the log box's title
keys=$("$work/bin/tui-keys" "$sock" ctl "=bench:" "$presses" Up "Log (paused" f "Log (follow)")
# the rest of the window without keys: the streaming alone
while (( $(now_ms) - w0 < (secs - 3) * 1000 )); do sleep 0.2; done
c1=$(ticks "$pid"); s1=$(ticks "$spid"); w1=$(now_ms)
pct() { awk -v c="$1" -v hz="$hz" -v ms="$((w1 - w0))" 'BEGIN { printf "%.1f", 100 * c / hz / (ms / 1000) }'; }
cpu=$(pct $((c1 - c0))) cpu_writer=$(pct $((s1 - s0)))

wait_for "Log: done" $((secs + 10))
took=$(awk -v ms="$(( $(now_ms) - t_start ))" 'BEGIN { printf "%.1f", ms / 1000 }')
log=$(ls -t "$work/ws/.gem5wb/logs"/build-gem5-*.log | head -1)
lines=$(wc -l <"$log")
field() { sed -n "s/.*\\b$1=\\([^ ]*\\).*/\\1/p" <<<"$keys"; }
median=$(field median_ms) p95=$(field p95_ms)
echo "   streamed $lines lines in about ${took}s = $(awk -v l="$lines" -v s="$took" 'BEGIN { printf "%.0f", l / s }') lines/s (asked $rate)"
echo "   workbench CPU over $(( (w1 - w0) / 1000 )) s of streaming: ${cpu}% of one core (target < ${cpu_target}%: $(verdict "$cpu" "$cpu_target" le))"
echo "   key-to-screen latency over $presses keys (Up/f in the job log): median ${median} ms, p95 ${p95} ms (target < ${lat_target} ms: $(verdict "$p95" "$lat_target" le));"
echo "   one capture-pane round trip (the method's own floor): $(field floor_ms) ms;"\
     "median latency = $(ratio "$median" "$(field floor_ms)") x that floor"
echo "   baseline: the fake scons writing the lines used ${cpu_writer}% of a core;"\
     "the workbench = $(ratio "$cpu" "$cpu_writer") x the writer"
tm send-keys -t bench q

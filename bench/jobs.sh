#!/usr/bin/env bash
# Job benchmark (issue: one million output lines through a job and the scons parser): lines
# per second end to end and gem5wb's CPU time per million lines, against a plain pipe reader.
set -euo pipefail
cd "$(dirname "$0")/.."
jb=${1:-build/job-bench}
lines=1000000
target=1000000
[[ -x $jb ]] || { echo "jobs.sh: $jb is not built (make $jb)" >&2; exit 1; }
work=$(mktemp -d /tmp/gem5wb-job-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
. bench/lib.sh

field() { sed -n "s/.*\\b$1=\\([^ ]*\\).*/\\1/p" <<<"$2"; }   # NAME=value of a job-bench line
fastest() {  # job-bench's line from the fastest (by lines_per_s) of N runs; any failure fails
  local n=$1; shift; local best="" line
  for _ in $(seq "$n"); do
    line=$("$jb" "$@") || { echo "jobs.sh: $jb $* failed" >&2; return 1; }
    if [[ -z $best ]] || awk -v a="$(field lines_per_s "$line")" \
        -v b="$(field lines_per_s "$best")" 'BEGIN { exit !(a > b) }'; then best=$line; fi
  done; echo "$best"
}

echo "== load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
file="$work/scons.log"
"$jb" --gen "$file" "$lines"
echo "== $lines lines of generated gem5 scons output ($(du -h "$file" | cut -f1): build steps, gcc warnings, 6 KB SLICC lines)"

t_pipe=$(best_of 3 sh -c "cat '$file' | wc -l > /dev/null")
run=$(fastest 3 "$file" --log "$work/job.log")
secs=$(field seconds "$run"); lps=$(field lines_per_s "$run"); cpu=$(field cpu_per_million "$run")
r=$(ratio "$secs" "$t_pipe")
echo "job + scons parser + log: ${secs}s = ${lps} lines/s, ${cpu} CPU s per million lines (gem5wb's own), $(field items "$run") items;"
echo "   cat | wc -l ${t_pipe}s -> ${r}x the plain pipe (target >= ${target} lines/s: $(verdict "$lps" "$target" ge))"

bare=$(fastest 3 "$file" --log "$work/job.log" --no-parser)
cpu0=$(field cpu_per_million "$bare")
echo "   without the parser: $(field seconds "$bare")s = $(field lines_per_s "$bare") lines/s, ${cpu0} CPU s per million lines -> the parser's share $(awk -v a="$cpu" -v b="$cpu0" 'BEGIN { printf "%.3f", a - b }') CPU s per million lines"

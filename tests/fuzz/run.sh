#!/usr/bin/env bash
# Runs each libFuzzer target for SECONDS over its corpus BUILD/corpus-<target>, one after
# the other, and prints one line per target:
#   fuzz_<name>: <N> executions, <no crash | the file holding the input that failed>
# The full libFuzzer output goes to BUILD/logs/<target>.log; failing inputs (crash-,
# leak-, timeout-, oom-) to BUILD/crashes/<target>-*. Exits 1 when any target found one.
# Inputs are capped at 4 KiB (the m5.cpt seeds run to 280 KiB, which makes every run far
# slower) unless the target's source has a "fuzz-max-len: N" line; $FUZZ_ARGS is appended
# to libFuzzer's flags and wins over both, e.g. FUZZ_ARGS="-max_len=65536".
# Usage: tests/fuzz/run.sh BUILD SECONDS fuzz_cpt [fuzz_runcfg ...]
set -u
build=${1:?usage: run.sh BUILD SECONDS TARGET...}
secs=${2:?usage: run.sh BUILD SECONDS TARGET...}
shift 2
cd "$(dirname "$0")/../.."
if ! [[ $secs =~ ^[0-9]+$ ]] || [[ $secs -eq 0 ]]; then
  echo "fuzz: FUZZ_TIME must be a whole number of seconds, not '$secs'" >&2; exit 2
fi
mkdir -p "$build/crashes" "$build/logs"
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
read -r -a extra <<< "${FUZZ_ARGS:-}"
status=0
for t in "$@"; do
  bin=$build/$t corpus=$build/corpus-$t log=$build/logs/$t.log
  if [[ ! -x $bin ]]; then
    echo "$t: not built ($bin is missing)"; status=1; continue
  fi
  mkdir -p "$corpus"
  max_len=$(sed -n 's/.*fuzz-max-len:[[:space:]]*\([0-9][0-9]*\).*/\1/p' "tests/fuzz/$t.c" 2>/dev/null | head -1)
  echo "fuzz: $t for ${secs}s over $corpus ($(find "$corpus" -type f | wc -l) inputs), log $log"
  "$bin" -max_total_time="$secs" -print_final_stats=1 -timeout=20 -max_len="${max_len:-4096}" \
         -artifact_prefix="$build/crashes/$t-" ${extra[@]+"${extra[@]}"} "$corpus" >"$log" 2>&1
  rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  found=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -1)
  if [[ -n $found ]]; then
    status=1
    # the report: what went wrong and where (first frames of the stack)
    grep -E -A 6 'invariant violated|ERROR: (Address|Leak|libFuzzer|UndefinedBehavior)|runtime error' "$log" |
      grep -v -E 'in fuzzer::|in main |libc_start|in _start' | head -8 | sed 's/^/  /'
  elif [[ $rc -ne 0 ]]; then
    status=1
    found="libFuzzer exited with status $rc, see $log"
  else
    found="no crash"
  fi
  echo "$t: ${execs:-0} executions, $found"
done
exit $status

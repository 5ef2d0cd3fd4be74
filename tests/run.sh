#!/usr/bin/env bash
# Runs every test: the cmocka binaries in BUILD/tests and the shell tests in tests/,
# then prints one closing line "N passed, N failed".
set -u
build=${1:-build}
cd "$(dirname "$0")/.."
export GEM5WB_BIN="$PWD/$build/gem5wb"
export GEM5WB_FIXTURE_WRITER="$PWD/$build/fixture-writer"
export GEM5WB_BUILD="$build"
export GEM5WB_SHARED="${GEM5WB_SHARED:-$PWD/../shared}"
export CMOCKA_MESSAGE_OUTPUT=stdout
# what gem5wb remembers between runs (build totals) goes to a folder of this run, not $HOME
state=$(mktemp -d /tmp/gem5wb-state.XXXXXX)
trap 'rm -rf "$state"' EXIT
export XDG_STATE_HOME="$state"
unset GEM5WB_WORKSPACE
# leaks inside system libraries (see the file) are not gem5wb's to fix
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
passed=0 failed=0 failed_names=()
for t in "$build"/tests/test_*; do
  [[ -x "$t" ]] || continue
  out=$("$t" 2>&1); rc=$?
  printf '%s\n' "$out"
  p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | awk '{s+=$1} END {print s+0}')
  f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | awk '{s+=$1} END {print s+0}')
  if [[ $rc -ne 0 && $f -eq 0 ]]; then f=1; fi   # crashed before cmocka's summary
  passed=$((passed + p)); failed=$((failed + f))
  [[ $f -gt 0 ]] && failed_names+=("$(basename "$t")")
done
for t in tests/*_test.sh; do
  [[ -f "$t" ]] || continue
  t0=$SECONDS
  if out=$(bash "$t" 2>&1); then
    echo "[ SHELL OK ] $t ($((SECONDS - t0)) s)"; passed=$((passed + 1))
  else
    printf '%s\n[ SHELL FAILED ] %s\n' "$out" "$t"; failed=$((failed + 1)); failed_names+=("$t")
  fi
done
[[ ${#failed_names[@]} -gt 0 ]] && echo "failed: ${failed_names[*]}"
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]

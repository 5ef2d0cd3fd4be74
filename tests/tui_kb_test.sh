#!/usr/bin/env bash
# End-to-end test of troubleshooting in the workbench, driven through a detached tmux
# 100x30: t opens the known issues, / narrows them, the detail explains one; the dashboard
# shows restore-sst's pre-flight findings (a sample checkpoint whose remote memory is too
# small for the SST bridge) and names one in the tip; r asks before running past a failed
# check; the run fails the way SST fails without the gem5 element (the fake sst replaying
# its captured log), the job view names the known issue and k shows it with its lines;
# :kb crlf and a fix a CRLF m5.cpt: the diff first, then the file rewritten with a backup.
set -euo pipefail

bin=${1:-${GEM5WB_BIN:-}}
[[ -n $bin ]] || { echo "usage: tests/tui_kb_test.sh BINARY (or set GEM5WB_BIN)" >&2; exit 2; }
repo=$(cd "$(dirname "$0")/.." && pwd)
test_name=tui_kb
. "$repo/tests/tui_lib.sh"
build=$(cd "${GEM5WB_BUILD:?}" && pwd)

step="workspace, fork, an SST prefix with the fake sst, two sample checkpoints"
"$repo/tests/forkrepo/make-fork.sh" "$tmp/fork" "$repo/tests/fakes/gem5" > /dev/null
"$bin" init "$tmp/work" > /dev/null
mkdir -p "$tmp/sst/bin"
cp "$repo/tests/fakes/sst" "$tmp/sst/bin/sst"
"$bin" cpt sample "$tmp/small" --local 64MiB --remote 64MiB --board sst > /dev/null
"$bin" cpt sample "$tmp/crlf" --local 64MiB --remote 64MiB > /dev/null
sed -i 's/$/\r/' "$tmp/crlf/checkpoint/m5.cpt"
(cd "$tmp/work" && "$bin" set clone.url "$tmp/fork" && "$bin" run clone &&
 "$bin" set build-sst-core.prefix "$tmp/sst" &&
 "$bin" set restore-sst.checkpoint "$tmp/small/checkpoint") > /dev/null 2>&1
extra_env=(GEM5WB_REPLAY="$build/replay" GEM5WB_SHARED="${GEM5WB_SHARED:?}"
           ${LSAN_OPTIONS:+LSAN_OPTIONS="$LSAN_OPTIONS"})   # a sanitizer build's suppressions

step="t opens the known issues"
start kb C.UTF-8
wait_until shows_all "┌ Workflow " "t troubleshoot"
keys t
wait_until shows_all "┌ Known issues " "sst-mpi-err-count" "What you see" "/ search" "a apply"

step="/ narrows the list to the entries with every word; the detail explains the one selected"
keys /
wait_until shows "search the known issues:"
keys -l "mpi count"
keys Enter
wait_until shows_all "┌ Known issues, with 'mpi count' " "▸ sst-mpi-err-count" "1 of 1" \
    "┌ sst-mpi-err-count " "What you see" "\"MPI_ERR_COUNT\"" "Why" "a: apply fix"
keys Space
wait_until shows_all "Fix" "1. " "Pre-flight check: sst-init-volume"
keys /
wait_until shows "search the known issues: mpi count"
keys C-u
keys -l "no-such-words-anywhere"
keys Enter
wait_until shows_all "no known issue has every word of 'no-such-words-anywhere'" "1 of 1"

step="Esc clears the search, Esc again goes back"
keys Escape
wait_until shows "┌ Known issues ─"
lacks "with 'mpi count'" || fail "the search is still on"
keys Escape
wait_until shows "┌ Workflow "

step="the dashboard shows restore-sst's pre-flight findings with their entries; the tip names one"
for _ in 1 2 3 4 5 6 7 8 9 10; do keys j; done
wait_until shows "┌ Restore in SST "
wait_long shows_all "pre-flight: " "findings (t: details)" "fail  remote-mem-chunking: the" \
    "t for details"
snap
grep -q "tip: .* — t for details" <<<"$scr" || fail "the tip does not name an entry"

step="t opens the known issues at the tip's entry, with the finding"
keys t
wait_until shows_all "┌ Known issues " "Seen in the pre-flight checks of restore-sst" \
    "fail: the remote memory [board.physmem.store0] is 64 MiB"
keys Escape
wait_until shows "┌ Workflow "

step="r asks first, listing the failed checks; y runs it anyway"
keys r
wait_long shows_all "Run restore-sst anyway?" "predict restore-sst will fail" \
    "- remote-mem-chunking: the remote memory"
keys y
wait_long shows_all "restore-sst  [2/2] sst (restore)" "┌ Log: failed " \
    "Error: unable to find \"gem5\" element library"

step="the job view names the known issue; k shows it with the lines that matched"
wait_until shows_all "known issue: SST cannot load the gem5 element" "(k: details)"
keys k
wait_until shows_all "┌ Seen in the log of restore-sst (job 1, failed, exit 1) " \
    "▸ libgem5-not-found" "Seen in the log of restore-sst" \
    ": Error: unable to find \"gem5\" element library" \
    ": FATAL:  SST Core: can't find requested component or subcomponent 'gem5.gem5Component'"
snap
n=$(grep -o 'line [0-9]*: Error: unable to find' <<<"$scr" | grep -o '[0-9]*')
keys Escape
wait_until shows "┌ Log: failed "
keys /
keys -l "unable to find"
keys Enter
wait_until shows "\"unable to find\": line $n,"
keys Escape
wait_until shows "┌ Workflow "

step=":kb crlf, a: the path asked (Tab completes), the diff, y fixes m5.cpt and keeps a backup"
typed "kb crlf"
wait_until shows_all "┌ Known issues, with 'crlf' " "▸ m5cpt-crlf" "a: apply fix"
keys a
wait_until shows "m5.cpt or its checkpoint folder"
keys -l "$tmp/crlf/chec"
keys Tab
wait_until shows "/crlf/checkpoint/"   # the prompt shows the tail of a long path
keys Enter
wait_until shows_all "Apply the fix of m5cpt-crlf (m5cpt-line-ends)?" \
    "with LF line ends" "@@ -1,272 +1,272 @@" "-[board.processor.cores0.core]?" \
    "(Up/Down, PgUp/PgDn)"
keys PageDown
wait_until shows "rows 2"
grep -q $'\r' "$tmp/crlf/checkpoint/m5.cpt" || fail "m5.cpt was changed before y"
keys y
wait_until shows "m5cpt-crlf: wrote $tmp/crlf/checkpoint/m5.cpt; the original is kept as"
! grep -q $'\r' "$tmp/crlf/checkpoint/m5.cpt" || fail "m5.cpt still has CRLF line ends"
grep -q $'\r' "$tmp/crlf/checkpoint/m5.cpt.gem5wb-backup" || fail "no backup of the original"

step="Esc clears the search, then goes back; q quits"
keys Escape
wait_until shows_all "┌ Known issues ─" "▸ m5cpt-crlf"
keys Escape
wait_until shows "┌ Workflow "
keys q
wait_until exited
[[ $(dead_status) == 0 ]] || fail "exit status $(dead_status), not 0"
echo "tui_kb: all steps passed"

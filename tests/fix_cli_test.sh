#!/usr/bin/env bash
# `gem5wb fix ID` end to end, in folders whose names have spaces: --dry-run shows the diff and
# changes nothing, no terminal and no --yes is refused, --yes applies and names the backup,
# --json parsed, replace-remote-store without --from named, an entry with manual steps only.
# Usage: tests/fix_cli_test.sh  (GEM5WB_BIN as tests/run.sh sets it)
set -euo pipefail

bin=${GEM5WB_BIN:?set GEM5WB_BIN to the gem5wb binary}
step="setup"
fail() { echo "fix_cli: FAIL at step '$step': $*" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Runs gem5wb with stdin from /dev/null (no terminal): $out, $err, $rc.
gw() { rc=0; out=$("$bin" "$@" </dev/null 2>"$tmp/stderr") || rc=$?; err=$(cat "$tmp/stderr"); }
expect_rc() { [[ $rc == "$1" ]] || fail "exit $rc (expected $1): $out $err"; }
has() { [[ $out == *"$1"* ]] || fail "output lacks '$1': $out"; }
err_has() { [[ $err == *"$1"* ]] || fail "stderr lacks '$1': $err"; }
jcheck() {
    python3 -c 'import json,sys; d=json.load(sys.stdin); sys.exit(0 if eval(sys.argv[1]) else 1)' \
        "$1" <<<"$out" || fail "JSON check failed: $1 in $out"
}

step="m5.cpt with CRLF: dry run"
cdir="$tmp/crlf 'cpt' dir"
mkdir -p "$cdir"
printf '## checkpoint generated: now\r\n\r\n[root.globals]\r\ncurTick=1000\r\n\r\n[root]\r\nFullSystem=true\r\n' \
    >"$cdir/m5.cpt"
cp "$cdir/m5.cpt" "$tmp/crlf.orig"
gw fix m5cpt-crlf --checkpoint "$cdir" --dry-run
expect_rc 0
has "fix (m5cpt-line-ends): rewrite $cdir/m5.cpt with LF line ends"
has $'-[root.globals]\r'
has $'\n+[root.globals]\n'
has "dry run: nothing was changed"
cmp -s "$cdir/m5.cpt" "$tmp/crlf.orig" || fail "the dry run changed m5.cpt"
[[ ! -e "$cdir/m5.cpt.gem5wb-backup" ]] || fail "the dry run left a backup"

step="no terminal, no --yes"
gw fix m5cpt-crlf --file "$cdir/m5.cpt"
expect_rc 1
has "+[root]"
err_has "add --yes"
cmp -s "$cdir/m5.cpt" "$tmp/crlf.orig" || fail "a refused fix changed m5.cpt"

step="--yes applies"
gw fix m5cpt-crlf --file "$cdir" --yes
expect_rc 0
has "wrote $cdir/m5.cpt; the original is kept as $cdir/m5.cpt.gem5wb-backup"
cmp -s "$cdir/m5.cpt.gem5wb-backup" "$tmp/crlf.orig" || fail "the backup is not the original"
! grep -q $'\r' "$cdir/m5.cpt" || fail "m5.cpt still has CR"
gw fix m5cpt-crlf --file "$cdir" --yes
expect_rc 0
has "nothing to change"

step="m5cpt-octal --json"
odir="$tmp/octal cpt"
mkdir -p "$odir"
printf '[root.globals]\ncurTick=0001000\n[board.processor.cores.core]\ninstCnt=017\n' >"$odir/m5.cpt"
gw fix m5cpt-octal --checkpoint "$odir" --dry-run --json
expect_rc 0
jcheck 'd["ok"] and d["id"] == "m5cpt-octal" and d["action"] == "m5cpt-octal" and not d["applied"]'
jcheck '"+curTick=1000\n" in d["diff"] and "+instCnt=17\n" in d["diff"] and d["dry_run"]'
jcheck '"curTick: 0001000 -> 1000 (gem5 reads 512)" in d["what"] and len(d["fingerprint"]) == 40'
jcheck 'd["file"].endswith("octal cpt/m5.cpt")'
gw fix m5cpt-octal --checkpoint "$odir" --json
expect_rc 1
jcheck 'not d["ok"] and "add --yes" in d["error"] and "diff" in d'
gw fix m5cpt-octal --checkpoint "$odir" --yes --json
expect_rc 0
jcheck 'd["ok"] and d["applied"] and "m5.cpt.gem5wb-backup" in d["done"]'
[[ $(cat "$odir/m5.cpt") == $'[root.globals]\ncurTick=1000\n[board.processor.cores.core]\ninstCnt=17' ]] ||
    fail "m5.cpt after the fix: $(cat "$odir/m5.cpt")"
gw fix m5cpt-octal --checkpoint "$odir" --json
expect_rc 0
jcheck 'd["ok"] and d["nothing_to_change"] and d["diff"] == "" and not d["applied"]'

step="replace-remote-store"
gw cpt sample "$tmp/kvm run" --local 64MiB --remote 64MiB --cpus 1 --cpu kvm
expect_rc 0
gw cpt sample "$tmp/atomic run" --local 64MiB --remote 64MiB --cpus 1 --cpu atomic
expect_rc 0
kvm="$tmp/kvm run/checkpoint" atomic="$tmp/atomic run/checkpoint"
gw fix kvm-checkpoint-in-sst --checkpoint "$kvm"
expect_rc 1
err_has "needs --from DIR"
gw fix kvm-checkpoint-in-sst --checkpoint "$kvm" --from "$atomic" --dry-run
expect_rc 0
has "store0 of $kvm"
has "becomes a copy of store0 of $atomic"
gw fix kvm-checkpoint-in-sst --checkpoint "$kvm" --from "$atomic" --yes
expect_rc 0
has "the original is kept as $kvm/board.physmem.store0.pmem.gem5wb-backup"
cmp -s "$kvm/board.physmem.store0.pmem" "$atomic/board.physmem.store0.pmem" ||
    fail "store0 is not the atomic checkpoint's"
[[ -e "$kvm/board.physmem.store0.pmem.gem5wb-backup" ]] || fail "no backup of store0"

step="fork-syntax-patch on a file"
cfg="$tmp/gem5 tree/arm-numa-checkpoints.py"
mkdir -p "$(dirname "$cfg")"
cat >"$cfg" <<'PY'
disk = DiskImageResource(
    "/images/numa.img"
    root_partition="1",
)
PY
gw fix config-syntax-error --file "$cfg" --yes
expect_rc 0
has '+    "/images/numa.img",'
python3 -c 'import ast,sys; ast.parse(open(sys.argv[1]).read())' "$cfg" || fail "still does not parse"
gw fix config-syntax-error --file "$cfg" --yes
expect_rc 1
err_has "does not have the broken text"

step="an entry without an action"
gw fix bridge-hardcoded-pmem
expect_rc 1
has "has no fix gem5wb applies"
has "What to do:"
has "  1. "
gw fix bridge-hardcoded-pmem --json
expect_rc 1
jcheck 'not d["ok"] and len(d["fix"]) >= 1'

step="unknown entry"
gw fix no-such-entry
expect_rc 2
err_has "there is no knowledge-base entry 'no-such-entry'"
echo "fix_cli: ok"

#!/usr/bin/env bash
# End-to-end test of the memory commands on a fixture-writer checkpoint in a folder whose
# name has spaces and quotes: write a string, find it, read it back, export/import round
# trip, diff against the original, map, store edits, a read-only folder, a corrupt store.
# Usage: tests/mem_cli_test.sh  (GEM5WB_BIN and GEM5WB_FIXTURE_WRITER as tests/run.sh sets)
# Nothing here waits on time: every step checks what a finished command left.
set -euo pipefail

bin=${GEM5WB_BIN:?set GEM5WB_BIN to the gem5wb binary}
fw=${GEM5WB_FIXTURE_WRITER:?set GEM5WB_FIXTURE_WRITER to the fixture writer}
step="setup"
fail() { echo "mem_cli: FAIL at step '$step': $*" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
export GEM5WB_CACHE_DIR="$tmp/cache"   # the user's page-map cache stays untouched

# Runs gem5wb; the exit code goes to $rc, stdout to $out, stderr to $err.
gw() { rc=0; out=$("$bin" "$@" 2>"$tmp/stderr") || rc=$?; err=$(cat "$tmp/stderr"); }
expect_rc() { [[ $rc == "$1" ]] || fail "exit $rc (expected $1): $out $err"; }
# Asserts a Python expression over the JSON in $out (as d); also proves it parses.
jcheck() {
    python3 -c 'import json,sys; json.load(sys.stdin)' <<<"$out" || fail "not JSON: $out"
    python3 -c 'import json,sys; d=json.load(sys.stdin); sys.exit(0 if eval(sys.argv[1]) else 1)' \
        "$1" <<<"$out" || fail "JSON check failed: $1 in $out"
}
has() { [[ $out == *"$1"* ]] || fail "output lacks '$1': $out"; }
err_has() { [[ $err == *"$1"* ]] || fail "stderr lacks '$1': $err"; }
sums() { (cd "$1" && md5sum -- * | sort); }

run="$tmp/run with 'quotes' \"and\" spaces"
cpt=$("$fw" "$run" sst 64MiB 64MiB) || fail "fixture writer failed"
[[ $cpt == "$run/checkpoint" ]] || fail "fixture at '$cpt'"
cp -a "$run" "$tmp/orig"
orig="$tmp/orig/checkpoint"
text='gem5wb test string'

step="write a string"
gw mem write "$cpt" 0x80002000 --string "$text"
expect_rc 0
has "wrote 18 bytes at 0x80002000 (store8+0x2000, board.local_memory): 18 bytes changed"
has "original kept as $cpt/board.physmem.store8.pmem.gem5wb-backup"

step="find it"
gw mem find "$cpt" "$text"
expect_rc 0
[[ $out == "0x80002000 (store8+0x2000, board.local_memory)" ]] || fail "found: $out"
gw mem find "$cpt" "$text" --json
jcheck 'd["found"] and d["hits"][0]["address"] == "0x80002000" and d["hits"][0]["store"] == 8'
gw mem find "$cpt" '67 65 6d 35 77 62 20 74' --hex --all --json
jcheck 'd["count"] == 1 and d["hits"][0]["offset"] == "0x2000"'
gw mem find "$cpt" "$text" --from 0x80002001
expect_rc 1
err_has "was not found"

step="read it back"
gw mem read "$cpt" 0x80002000 18 --raw
[[ $out == "$text" ]] || fail "raw read gave '$out'"
gw mem read "$cpt" 0x80002000 32
has "80002000  67 65 6d 35 77 62 20 74  65 73 74 20 73 74 72 69  |gem5wb test stri|"
gw mem read "$cpt" 0x2000 18 --store 8 --json
jcheck 'bytes.fromhex(d["hex"]) == b"gem5wb test string" and d["address"] == "0x80002000"'

step="diff shows exactly the changed range"
gw mem diff "$orig" "$cpt"
expect_rc 0
has "0x80002000-0x80002011  store8+0x2000  18 bytes"
has "1 store differs: 1 range, 18 bytes"
gw mem diff "$orig" "$cpt" --json
jcheck 'd["equal"] is False and d["ranges"] == 1 and d["bytes"] == 18'
jcheck 'd["stores"][8]["ranges"] == [{"address": "0x80002000", "offset": "0x2000", "length": 18}]'
jcheck 'all(s["identical_files"] for s in d["stores"][:8])'
gw mem diff "$orig" "$orig" --json
jcheck 'd["equal"] is True'

step="export and import round trip"
gw mem export "$cpt" 0x80000000 64KiB "$tmp/a b.bin"
expect_rc 0
[[ $(stat -c %s "$tmp/a b.bin") == 65536 ]] || fail "export wrote $(stat -c %s "$tmp/a b.bin") bytes"
gw mem import "$cpt" 0x10000 "$tmp/a b.bin" --store 0 --json
jcheck 'd["committed"] and d["address"] == "0x100010000"'
gw mem export "$cpt" 0x100010000 64KiB "$tmp/back.bin"
cmp -s "$tmp/a b.bin" "$tmp/back.bin" || fail "the bytes imported do not read back"
gw mem diff "$orig" "$cpt" --store 0 --json
jcheck 'd["stores"][0]["ranges"][0]["address"] >= "0x100010000" and d["stores"][0]["ranges"][-1]["address"] < "0x100020000"'

step="map and the SST prediction"
gw mem map "$cpt" --json
jcheck 'len(d["stores"]) == 9 and d["stores"][8]["nonzero_pages"] >= 3'
jcheck '[s["bridge"] for s in d["stores"][0]["sst"]] == ["backdoor", "initdata", "initdata-64"]'
jcheck 'd["stores"][0]["sst"][0]["loads_nothing"] and d["stores"][0]["sst"][1]["bytes_sent"] == 64 << 20'
gw mem map "$cpt" --store 0
has "loads nothing below 1 GiB"

step="usage errors exit 2"
gw mem read "$cpt" 0x80000000
expect_rc 2
gw mem write "$cpt" 0x80000000
expect_rc 2
err_has "give the bytes once"
gw mem read "$cpt" 0xZZ 4
expect_rc 2
gw mem read "$cpt" 0x40000000 4
expect_rc 1
err_has "the nearest is store7"

step="store edits"
gw cpt resize-store "$cpt" 8 128MiB --json
jcheck 'd["new_size"] == 128 << 20 and "Memory range size has changed" in d["warning"]'
gw cpt resize-store "$cpt" 8 32MiB
expect_rc 1
err_has "would drop"
gw cpt replace-store "$cpt" 8 "$orig:8"
expect_rc 1
err_has "Memory range size has changed!"
gw cpt replace-store "$cpt" 8 "$orig:8" --set-size
expect_rc 0
has "range_size 134217728 -> 67108864"
gw cpt verify "$cpt"
expect_rc 0
gw cpt drop-backup "$cpt" --json
jcheck 'd["files"] == 3 and d["bytes_freed"] > 0'
! ls "$cpt" | grep -q gem5wb-backup || fail "backups left"

step="a read-only folder changes nothing"
cp -a "$tmp/orig" "$tmp/ro run"
ro="$tmp/ro run/checkpoint"
chmod 755 "$tmp"
chmod -R a+rX "$tmp/ro run"
chmod 555 "$ro"
before=$(sums "$ro")
as_user=()
if [[ $(id -u) == 0 ]]; then   # root writes anyway: run the command as nobody
    command -v setpriv >/dev/null || fail "running as root without setpriv"
    as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
fi
rc=0
"${as_user[@]}" "$bin" mem write "$ro" 0x80000000 --string x 2>"$tmp/stderr" || rc=$?
err=$(cat "$tmp/stderr")
[[ $rc == 1 ]] || fail "read-only write exit $rc: $err"
err_has "$ro/board.physmem.store8.pmem"
err_has "Permission denied"
err_has "nothing was changed"
[[ $(sums "$ro") == "$before" ]] || fail "the read-only checkpoint changed"
[[ -z $(ls -A "$ro" | grep '^\.gem5wb-' || true) ]] || fail "leftovers in the read-only folder"
chmod 755 "$ro"

step="a corrupt store is named"
cp -a "$tmp/orig" "$tmp/bad"
bad="$tmp/bad/checkpoint"
printf '\x13\x37\x13\x37' | dd of="$bad/board.physmem.store8.pmem" bs=1 seek=2000 conv=notrunc 2>/dev/null
gw mem find "$bad" 'no such text'
expect_rc 1
err_has "$bad/board.physmem.store8.pmem: gzip member 1 is corrupt"
gw mem write "$bad" 0x80000000 --string x --json
expect_rc 1
jcheck 'd["ok"] is False and "board.physmem.store8.pmem" in d["error"]'

echo "mem_cli: all steps passed"

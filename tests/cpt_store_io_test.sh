#!/usr/bin/env bash
# End-to-end test of `gem5wb cpt export-store` and `cpt import-store` on a sample checkpoint
# in a folder whose name has spaces and quotes: export, refusal to overwrite, --force with a
# backup, change the raw file, import, `mem read` sees the change, a wrong size refused
# naming the file and both sizes, --set-size, backups kept, JSON output.
# Usage: tests/cpt_store_io_test.sh  (GEM5WB_BIN as tests/run.sh sets it)
# Nothing here waits on time: every step checks what a finished command left.
set -euo pipefail

bin=${GEM5WB_BIN:?set GEM5WB_BIN to the gem5wb binary}
name=cpt_store_io

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export GEM5WB_CACHE_DIR="$tmp/cache"   # the user's page-map cache stays untouched

source "$(dirname "$0")/cli_lib.sh"
size_of() { stat -c %s -- "$1"; }

run="$tmp/run with 'quotes' \"and\" spaces"
gw cpt sample "$run" --local 64MiB --remote 64MiB
expect_rc 0
cpt="$run/checkpoint"
store="$cpt/board.physmem.store8.pmem"
raw="$tmp/raw 'image' \"8\".bin"
mib64=$((64 << 20))

step="export"
gw cpt export-store "$cpt" 8 "$raw"
expect_rc 0
has "wrote store8 of $cpt (64 MiB decoded from $store) to $raw"
[[ $(size_of "$raw") == "$mib64" ]] || fail "raw file is $(size_of "$raw") bytes"
blocks=$(stat -c %b -- "$raw")
(( blocks * 512 < 8 << 20 )) || fail "raw file is not sparse: $blocks blocks"
[[ ! -e "$raw.gem5wb-backup" ]] || fail "a backup of a new file"

step="export refuses to overwrite"
echo "old contents" >"$tmp/taken.raw"
gw cpt export-store "$cpt" 8 "$tmp/taken.raw"
expect_rc 1
err_has "$tmp/taken.raw already exists: nothing was written (--force replaces it"
[[ $(cat "$tmp/taken.raw") == "old contents" ]] || fail "the file was changed"

step="export --force keeps the original"
gw cpt export-store "$cpt" 8 "$tmp/taken.raw" --force --json
expect_rc 0
jcheck 'd["ok"] and d["replaced"] and d["backup"].endswith("taken.raw.gem5wb-backup") and d["bytes"] == 64 << 20 and d["warning"] is None'
[[ $(cat "$tmp/taken.raw.gem5wb-backup") == "old contents" ]] || fail "backup lost"
cmp -s "$raw" "$tmp/taken.raw" || fail "two exports differ"

step="change the raw file and import it"
printf 'imported!' | dd of="$raw" bs=1 seek=$((0x3000)) conv=notrunc status=none
gw cpt import-store "$cpt" 8 "$raw"
expect_rc 0
has "store8 of $cpt is now the image $raw (64 MiB"
has "wrote $store: 16 chunks"
has "original kept as $store.gem5wb-backup"
[[ $out != *"m5.cpt"* ]] || fail "m5.cpt should not change: $out"
[[ -e "$store.gem5wb-backup" ]] || fail "no backup of the store"
gw mem read "$cpt" 0x80003000 9 --raw
expect_rc 0
[[ $out == "imported!" ]] || fail "mem read after import gave '$out'"
gw cpt verify "$cpt"
expect_rc 0

step="a wrong size is refused"
cp -- "$raw" "$tmp/big.raw"
truncate -s $((mib64 + 4096)) "$tmp/big.raw"
sum_before=$(md5sum <"$store")
gw cpt import-store "$cpt" 8 "$tmp/big.raw"
expect_rc 1
err_has "$tmp/big.raw is $((mib64 + 4096)) bytes but [board.physmem.store8] range_size"
err_has "is $mib64"
err_has "nothing was changed (--set-size sets range_size too)"
[[ $(md5sum <"$store") == "$sum_before" ]] || fail "the store changed"

step="--set-size sets range_size and keeps m5.cpt's original"
gw cpt import-store "$cpt" 8 "$tmp/big.raw" --set-size --json
expect_rc 0
jcheck 'd["ok"] and d["cpt_changed"] and d["old_size"] == 64 << 20 and d["new_size"] == (64 << 20) + 4096 and "Memory range size has changed" in d["warning"] and d["backup"].endswith("store8.pmem.gem5wb-backup")'
[[ -e "$cpt/m5.cpt.gem5wb-backup" ]] || fail "no backup of m5.cpt"
gw cpt get "$cpt" board.physmem.store8 range_size
[[ $out == $((mib64 + 4096)) ]] || fail "range_size is $out"
grep -q "range_size=$mib64" "$cpt/m5.cpt.gem5wb-backup" || fail "backup of m5.cpt lost the original"

step="usage and odd inputs"
gw cpt import-store "$cpt" x "$raw"
expect_rc 2
err_has "'x' is not a store number"
gw cpt export-store "$cpt" 99 "$tmp/none.raw"
expect_rc 1
err_has "there is no store99"
gw cpt import-store "$cpt" 8 "$tmp/missing file.raw" --json
expect_rc 1
jcheck 'not d["ok"] and "missing file.raw" in d["error"]'
gw cpt import-store "$cpt" 8 "$store" --set-size
expect_rc 1
err_has "starts like a gzip file"
gw cpt export-store --help
expect_rc 0
has "usage: gem5wb cpt export-store DIR N FILE [--force] [--json]"

echo "cpt_store_io: all steps passed"

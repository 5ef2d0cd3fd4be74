#!/usr/bin/env bash
# End-to-end test of `gem5wb patch-sst` on copies of the fork's SST restore script layouts
# (tip and b03cb1aa88; our wording) in a folder whose name has spaces and quotes: the
# preview's exact diff lines and fingerprint, the printed apply command run as printed, a
# file changed underneath refused, CRLF kept, JSON, and a generated script that parses.
# Usage: tests/patch_sst_test.sh  (GEM5WB_BIN as tests/run.sh sets it)
# Nothing here waits on time: every step checks what a finished command left.
set -euo pipefail

bin=${GEM5WB_BIN:?set GEM5WB_BIN to the gem5wb binary}
name=patch_sst

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

source "$(dirname "$0")/cli_lib.sh"
# The -/+ lines of the diff in $out, without the ---/+++ headers.
changed() { grep -E '^[-+]' <<<"$out" | grep -vE '^(---|\+\+\+) ' || true; }
# git's blob id of a file, computed without git.
blob() { python3 -c 'import hashlib,sys; d=open(sys.argv[1],"rb").read(); print(hashlib.sha1(b"blob %d\0" % len(d) + d).hexdigest())' "$1"; }

gw cpt sample "$tmp/run" --local 64MiB --remote 2GiB --cpus 1
expect_rc 0
cpt="$tmp/run/checkpoint"
dir="$tmp/ext 'sst' \"scripts\""
mkdir -p "$dir"

# The tip's arm_checkpoints.py layout: names, spacing, a whitespace-only line, the cmd list.
cat >"$dir/tip.py" <<'EOF'
import sst
from sst import UnitAlgebra

cpu_clock_rate = "3GHz"
# how many gem5 nodes
system_nodes = 1
cpu_type = "timing"
gem5_run_script = "../../disaggregated_memory/configs/arm-stream-checkpoint-restore-unified-script.py"
chpt_dir = "/home/someone/composable-chpt/checkpoint"
memory_nodes = 1

# SST memory
sst_memory_size = "36GiB"
addr_range_end = UnitAlgebra(sst_memory_size).getRoundedValue()

for node in range(system_nodes):
    cmd = [
        f"--outdir=../../m5out_sst_rem_rstr_{node}",
        f"{gem5_run_script}",
        f"--chpt-dir={chpt_dir}",
        f"--take-chpt=False",
        f"--is-composable=True",
        f"--remote-memory-addr-range=4294967296,38654705664",
        f"--remote-memory-latency=750", # cycles
        f"--instance {node}",
    ]
    ports = {
        "remote_memory_port" : "board.remote_memory"
    }
    
sst.enableAllStatisticsForAllComponents()
EOF
cp "$dir/tip.py" "$tmp/tip.orig"

step="preview"
gw patch-sst "$dir/tip.py" "$cpt"
expect_rc 0
want="-chpt_dir = \"/home/someone/composable-chpt/checkpoint\"
+chpt_dir = \"$cpt\"
-sst_memory_size = \"36GiB\"
+sst_memory_size = \"6GiB\"
-        f\"--remote-memory-addr-range=4294967296,38654705664\",
+        f\"--remote-memory-addr-range=4294967296,6442450944\","
[[ $(changed) == "$want" ]] || fail "diff lines: $(changed)"
fp=$(blob "$dir/tip.py")
has "fingerprint of $dir/tip.py as previewed: $fp"
[[ $out != *warning:* ]] || fail "unexpected warnings: $out"
cmp -s "$dir/tip.py" "$tmp/tip.orig" || fail "the preview changed the file"
[[ ! -e "$dir/tip.py.gem5wb-backup" ]] || fail "the preview left a backup"
applycmd=$(grep -A1 '^To apply exactly this change:' <<<"$out" | tail -n 1)
[[ $applycmd == "  gem5wb patch-sst "*" --apply --expect $fp" ]] || fail "apply command: $applycmd"

step="changed underneath"
cp "$dir/tip.py" "$dir/other.py"
gw patch-sst "$dir/other.py" "$cpt"
expect_rc 0
fp2=$(blob "$dir/other.py")
echo "# edited after the preview" >>"$dir/other.py"
cp "$dir/other.py" "$tmp/other.edited"
gw patch-sst "$dir/other.py" "$cpt" --apply --expect "$fp2"
expect_rc 1
err_has "$dir/other.py changed since the preview"
err_has "run the preview again"
cmp -s "$dir/other.py" "$tmp/other.edited" || fail "a refused apply changed the file"
[[ ! -e "$dir/other.py.gem5wb-backup" ]] || fail "a refused apply left a backup"
gw patch-sst "$dir/other.py" "$cpt" --apply --expect "$fp2" --json
expect_rc 1
jcheck 'd["ok"] is False and "changed since the preview" in d["error"]'

step="apply as printed"
eval "set -- ${applycmd#  gem5wb }"
gw "$@"
expect_rc 0
has "applied to $dir/tip.py; its original is kept as $dir/tip.py.gem5wb-backup"
cmp -s "$dir/tip.py.gem5wb-backup" "$tmp/tip.orig" || fail "the backup is not the original"
# every line but the three changed ones is byte-identical (the blank "    " line too)
python3 - "$tmp/tip.orig" "$dir/tip.py" <<'EOF' || fail "bytes outside the values changed"
import sys
a = open(sys.argv[1], "rb").read().split(b"\n")
b = open(sys.argv[2], "rb").read().split(b"\n")
assert len(a) == len(b)
diff = [i + 1 for i in range(len(a)) if a[i] != b[i]]
assert diff == [9, 13, 23], diff
assert a[29] == b[29] == b"    "
EOF
gw patch-sst "$dir/tip.py" "$cpt" --json
expect_rc 0
jcheck 'd["diff"] == "" and d["changes"] == [] and d["applied"] is False and "apply_command" not in d'
gw patch-sst "$dir/tip.py" "$cpt" --apply
expect_rc 0
has "nothing to change"

step="json preview"
cp "$tmp/tip.orig" "$dir/j.py"
gw patch-sst "$dir/j.py" "$cpt" --nodes 2 --json
expect_rc 0
jcheck 'd["ok"] and d["file"].endswith("/j.py") and len(d["fingerprint"]) == 40 and d["applied"] is False and d["backup"] is None'
jcheck '[(c["name"], c["line"]) for c in d["changes"]] == [("system_nodes", 6), ("chpt_dir", 9), ("sst_memory_size", 13), ("--remote-memory-addr-range", 23)]'
jcheck 'd["changes"][2]["old"] == "36GiB" and d["changes"][2]["new"] == "6GiB"'
jcheck 'any("2 gem5 nodes" in w for w in d["warnings"]) and d["diff"].startswith("diff --git ")'
gw patch-sst "$dir/j.py" "$cpt" --nodes 2 --apply --json
expect_rc 0
jcheck 'd["applied"] and d["backup"].endswith("/j.py.gem5wb-backup")'

step="old layout"
# b03cb1aa88: arm-numa-checkpoints.py restores <--ckpt-file><--instance>.
cat >"$dir/old.py" <<'EOF'
system_nodes = 1
cpu_type = "timing"
gem5_run_script = "../../disaggregated_memory/configs/arm-numa-checkpoints.py"
node_memory_slice = "2GiB"
sst_memory_size = str(
    (1 * int(node_memory_slice[0])) + (system_nodes) * 2 + 2) +"GiB"
for node in range(system_nodes):
    node_range = [0x80000000 + (node + 1) * 0x80000000,
                  0x80000000 + (node + 2) * 0x80000000]
    cmd = [
        f"{gem5_run_script}",
        f"--instance {node}",
        f"--cpu-type {cpu_type}",
        f"--local-memory-size {node_memory_slice}",
        f"--remote-memory-addr-range {node_range[0]},{node_range[1]}",
        f"--take-ckpt False",
        f"--ckpt-file test-to-restore",
    ]
EOF
mv "$tmp/run/checkpoint" "$tmp/run/cpt0"
gw patch-sst "$dir/old.py" "$tmp/run/cpt0" --cpu-type o3 --apply
expect_rc 0
want="-cpu_type = \"timing\"
+cpu_type = \"o3\"
-node_memory_slice = \"2GiB\"
-sst_memory_size = str(
-    (1 * int(node_memory_slice[0])) + (system_nodes) * 2 + 2) +\"GiB\"
+node_memory_slice = \"64MiB\"
+sst_memory_size = \"6GiB\"
-        f\"--remote-memory-addr-range {node_range[0]},{node_range[1]}\",
+        f\"--remote-memory-addr-range 4294967296,6442450944\",
-        f\"--ckpt-file test-to-restore\",
+        f\"--ckpt-file $tmp/run/cpt\","
[[ $(changed) == "$want" ]] || fail "old-layout diff lines: $(changed)"
has "warning: $dir/old.py runs arm-numa-checkpoints.py"
python3 -c 'import ast,sys; ast.parse(open(sys.argv[1]).read())' "$dir/old.py" || fail "old.py no longer parses"
mv "$tmp/run/cpt0" "$tmp/run/checkpoint"

step="crlf"
sed 's/$/\r/' "$tmp/tip.orig" >"$dir/crlf.py"
gw patch-sst "$dir/crlf.py" "$cpt" --apply
expect_rc 0
[[ $(grep -c $'\r$' "$dir/crlf.py") == $(wc -l <"$dir/crlf.py") ]] || fail "a line lost its CR"
grep -q $'^sst_memory_size = "6GiB"\r$' "$dir/crlf.py" || fail "CRLF value not set"

step="generate"
gw patch-sst --generate "$dir/fresh restore.py" "$cpt"
expect_rc 0
has "--- /dev/null"
has "fingerprint of $dir/fresh restore.py as previewed: 0000000000000000000000000000000000000000"
[[ ! -e "$dir/fresh restore.py" ]] || fail "the preview wrote the file"
gw patch-sst --generate "$dir/fresh restore.py" "$cpt" --apply --expect 0000000000000000000000000000000000000000
expect_rc 0
has "wrote $dir/fresh restore.py"
python3 -c 'import ast,sys; ast.parse(open(sys.argv[1]).read())' "$dir/fresh restore.py" || fail "the generated script does not parse"
grep -qF "chpt_dir = \"$cpt\"" "$dir/fresh restore.py" || fail "generated chpt_dir"
grep -qF 'remote_memory_addr_range = "4294967296,6442450944"' "$dir/fresh restore.py" || fail "generated range"
gw patch-sst "$dir/fresh restore.py" "$cpt"
expect_rc 0
has "nothing to change"

step="gem5-only checkpoint"
gw cpt sample "$tmp/g5" --board gem5 --local 64MiB --remote 2GiB --cpus 1
expect_rc 0
gw patch-sst "$dir/other.py" "$tmp/g5/checkpoint"
expect_rc 0
has "warning: "
has "was taken on the gem5-only board"

step="usage"
gw patch-sst "$dir/tip.py"
expect_rc 2
gw patch-sst "$dir/tip.py" "$cpt" --expect "$fp"
expect_rc 2
gw patch-sst "$dir/tip.py" "$cpt" --cpu-type minor
expect_rc 1
err_has "--cpu-type 'minor'"
gw patch-sst "$tmp/missing.py" "$cpt"
expect_rc 1
err_has "missing.py"
gw patch-sst --help
expect_rc 0
has "--generate FILE"
echo "patch_sst: OK"

#!/usr/bin/env bash
# gem5wb doctor --file and --step end to end, in folders whose names have spaces and quotes:
# a CRLF m5.cpt with a leading-zero integer (findings with their kb entry and fix, as text and
# JSON), a clean checkpoint (exit 0), a missing file named in the error, steps without their
# checkpoint or tools (exit 1), and usage errors (exit 2).
set -euo pipefail
bin=${GEM5WB_BIN:?}
t=$(mktemp -d "/tmp/gem5wb doctor step.XXXXXX")
trap 'rm -rf "$t"' EXIT
fail() { echo "doctor_step: $*" >&2; exit 1; }
run() { rc=0; "$bin" "$@" > "$t/out" 2> "$t/err" || rc=$?; }
expect_rc() { [[ $rc -eq $1 ]] || fail "exit $rc, expected $1: $(cat "$t/out" "$t/err")"; }
has() { grep -qF -- "$1" "$t/out" || fail "output lacks '$1': $(cat "$t/out")"; }
json() { python3 - "$t/out" "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
f = {}
for x in d.get("findings", []):
    f.setdefault(x["check"], []).append(x)
exec(sys.argv[2])
PY
}

# a checkpoint of the SST board (KVM CPUs), made CRLF, with curTick written 0777
run cpt sample "$t/run 'a' \"b\"" --local 64MiB --remote 1GiB --cpu kvm
expect_rc 0
cpt="$t/run 'a' \"b\"/checkpoint"
sed -i 's/^curTick=.*/curTick=0777/; s/$/\r/' "$cpt/m5.cpt"

run doctor --file "$cpt/m5.cpt" --json
expect_rc 1
json 'c = f["cpt-crlf"][0]
assert c["severity"] == "fail" and c["kb"] == "m5cpt-crlf" and c["line"] == 1, c
assert c["file"].endswith("/m5.cpt"), c
assert c["fix"].startswith("gem5wb fix m5cpt-crlf --file "), c
o = f["cpt-octal"][0]
assert o["severity"] == "warn" and o["kb"] == "m5cpt-octal" and "curTick=0777" in o["what"], o
assert "restores 511" in o["what"] and o["line"] > 1, o
k = f["cpt-kvm-cpu"][0]
assert k["severity"] == "warn" and k["kb"] == "kvm-checkpoint-in-sst", k
assert "--from ATOMIC_CHECKPOINT" in k["fix"], k
assert f["cpt-range-sizes"][0]["severity"] == "ok", f["cpt-range-sizes"]
assert d["problems"] == sum(x["severity"] == "fail" for x in d["findings"]) >= 1, d
for x in d["findings"]:
    assert set(x) == {"severity", "check", "kb", "what", "file", "line", "fix"}, x
    assert x["severity"] == "ok" or x["kb"] or x["check"] not in ("cpt-crlf", "cpt-octal"), x'

# the folder stands for its m5.cpt; text names the entry and the fix, quoted for a shell
run doctor --file "$cpt"
expect_rc 1
has "FAIL  cpt-crlf: "
has "see: gem5wb kb show m5cpt-crlf"
has "fix: gem5wb fix m5cpt-crlf --file '$t/run '\\''a'\\'' \"b\"/checkpoint'"
has "problems"

# a clean checkpoint: atomic CPUs, LF, sizes as promised
run cpt sample "$t/clean run" --local 64MiB --remote 1GiB
expect_rc 0
run doctor --file "$t/clean run/checkpoint/m5.cpt" --json
expect_rc 0
json 'assert all(x["severity"] in ("ok", "info") for x in d["findings"]), d["findings"]
assert d["problems"] == 0 and d["warnings"] == 0, d'

# the fork's SST script pointed at that checkpoint: its 36 GiB range does not fit the 1 GiB one
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$t/sst scripts"
sed "s|^chpt_dir = .*|chpt_dir = \"$t/clean run/checkpoint\"|" \
  "$here/forkrepo/tree/ext/sst/sst/checkpoints/arm_checkpoints.py" > "$t/sst scripts/restore.py"
run doctor --file "$t/sst scripts/restore.py" --json
expect_rc 1
json 'm = [x for x in f["sst-script-ckpt"] if x["severity"] == "fail"]
assert m and "--remote-memory-addr-range" in m[0]["what"] and m[0]["kb"] == "sst-script-mismatch", f
assert m[0]["fix"].endswith("--checkpoint \x27%s/clean run/checkpoint\x27" % sys.argv[1].rsplit("/", 1)[0]), m[0]'

# a file that is not there is named, in text and in JSON
run doctor --file "$t/no such config.py"
expect_rc 1
grep -qF "$t/no such config.py" "$t/err" || fail "the error does not name the file: $(cat "$t/err")"
run doctor --file "$t/no such config.py" --json
expect_rc 1
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert not d["ok"] and sys.argv[2] in d["error"], d' \
  "$t/out" "$t/no such config.py"

# a config with a missing kernel, and one that does not parse
printf 'board.set_kernel_disk_workload(\n    kernel=CustomResource("/nonexistent/vmlinux")\n    readfile_contents="",\n)\n' \
  > "$t/my config.py"
run doctor --file "$t/my config.py" --json
expect_rc 1
json 'p = f["config-abs-paths"][0]
assert p["severity"] == "fail" and p["line"] == 2 and "/nonexistent/vmlinux" in p["what"], p
s = f["fork-config-syntax"][0]
assert s["severity"] == "fail" and s["kb"] == "config-syntax-error" and s["line"] >= 2, s'

# steps: restore-sst without a checkpoint, build-gem5 without its tools
ws="$t/work space"
run init "$ws"
expect_rc 0
run doctor --step restore-sst --workspace "$ws" --json
expect_rc 1
json 'c = f["cpt-dir"][0]
assert c["severity"] == "fail" and c["kb"] == "restore-ckpt-missing", c
assert f["libgem5-path"][0]["severity"] == "fail", f["libgem5-path"]
assert f["sst-core-home"][0]["kb"] == "sst-core-not-found", f["sst-core-home"]'
empty="$t/empty bin"
mkdir -p "$empty"
rc=0
PATH="$empty" "$bin" doctor --step build-gem5 "$ws" --json > "$t/out" 2> "$t/err" || rc=$?
expect_rc 1
json 's = f["tool-scons"][0]
assert s["severity"] == "fail" and s["kb"] == "scons-missing" and "apt-get install scons" in s["what"], s
assert f["tool-m4"][0]["kb"] == "m4-missing" and f["tool-protoc"][0]["severity"] == "warn", f'
run doctor --step clone --workspace "$ws"
expect_rc 0

# usage and unknown steps
run doctor --step nope --workspace "$ws"
expect_rc 1
grep -qF "nope" "$t/err" || fail "the error does not name the step: $(cat "$t/err")"
run doctor --step clone --file "$t/my config.py"
expect_rc 2
run doctor --file "$t/my config.py" "$ws"
expect_rc 2
echo "doctor_step: ok"

#!/usr/bin/env bash
# gem5wb doctor end to end: --json on this machine parses and has every check; fake tools,
# /proc and /dev/kvm through PATH and the test hooks give the warnings and fixes expected;
# the text table and the exit codes.
set -euo pipefail
bin=${GEM5WB_BIN:?}
t=$(mktemp -d /tmp/gem5wb-doctor.XXXXXX)
trap 'rm -rf "$t"' EXIT

# this machine as it is: exit 0 or 1 (never a crash or a usage error), JSON that parses
rc=0
"$bin" doctor --json > "$t/real.json" || rc=$?
[[ $rc -le 1 ]] || { echo "doctor --json exited $rc"; exit 1; }
python3 - "$t/real.json" "$rc" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
ids = [c["id"] for c in doc["checks"]]
want = ["host-arch", "kvm", "perf-paranoid", "disk", "memory", "cpus", "efi-aarch64",
        "tool-scons", "tool-g++", "tool-gcc", "tool-make", "tool-python3", "tool-python3-config",
        "tool-pkg-config", "tool-m4", "tool-protoc", "tool-git", "tool-packer",
        "tool-qemu-system-x86_64", "tool-qemu-system-aarch64", "tool-qemu-img",
        "tool-aarch64-linux-gnu-gcc", "tool-mpirun", "tool-mpicc", "tool-autoconf",
        "tool-automake", "tool-libtoolize", "tool-sst", "tool-tar"]
missing = [i for i in want if i not in ids]
assert not missing, missing
assert len(ids) == len(set(ids)), ids
for c in doc["checks"]:
    assert set(c) == {"id", "title", "status", "detail", "fix"}, c
    assert c["status"] in ("ok", "warn", "fail"), c
    assert c["title"] and c["detail"], c
    assert c["status"] == "ok" or c["fix"], c           # every problem says what to do
count = {s: sum(c["status"] == s for c in doc["checks"]) for s in ("ok", "warn", "fail")}
assert (doc["ok"], doc["warnings"], doc["problems"]) == (count["ok"], count["warn"], count["fail"])
assert int(sys.argv[2]) == (1 if doc["problems"] else 0), (sys.argv[2], doc["problems"])
tools = {x["name"]: x for x in doc["tools"]}
assert tools["tar"]["found"] and tools["tar"]["version"], tools["tar"]   # GNU tar is everywhere
PY

# a made-up machine: fake tools in a folder with spaces and quotes, paranoid=3, no /dev/kvm
fake="$t/fake \"tools\" 'x'"
proc="$t/proc dir"
ws="$t/work space"
mkdir -p "$fake" "$proc/sys/kernel" "$ws/sst/bin"
printf '3\n' > "$proc/sys/kernel/perf_event_paranoid"
printf 'MemTotal:  4194304 kB\nMemAvailable:  2097152 kB\n' > "$proc/meminfo"
printf 'processor\t: 0\nflags\t\t: fpu hypervisor\n' > "$proc/cpuinfo"
mk() { printf '#!/bin/sh\n%s\n' "$2" > "$1"; chmod +x "$1"; }
mk "$fake/scons" "printf 'SCons by Steven Knight et al.:\n\tSCons: v4.4.0.fc8d0ec2, Sat\n'"
mk "$fake/packer" '[ "$1" = version ] && echo "Packer v1.5.0"'
mk "$ws/sst/bin/sst" "printf 'SST-Core Version (13.0.0)\r\n'"
run() { PATH="$fake" GEM5WB_PROC="$proc" GEM5WB_DEV_KVM="$t/no kvm" "$bin" doctor "$ws" "$@"; }

rc=0
run --json > "$t/fake.json" || rc=$?
[[ $rc -eq 1 ]] || { echo "expected exit 1 with make, g++... missing, got $rc"; exit 1; }
python3 - "$t/fake.json" "$ws" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
c = {x["id"]: x for x in doc["checks"]}
assert doc["workspace"] == sys.argv[2]
assert c["perf-paranoid"]["status"] == "warn" and "is 3" in c["perf-paranoid"]["detail"]
assert "sudo sysctl kernel.perf_event_paranoid=1" in c["perf-paranoid"]["fix"]
assert c["kvm"]["status"] == "warn" and "does not exist" in c["kvm"]["detail"], c["kvm"]
assert "nested virtualization" in c["kvm"]["fix"], c["kvm"]
assert c["memory"]["status"] == "warn" and "4.0 GiB total" in c["memory"]["detail"]
assert c["tool-scons"]["status"] == "ok" and c["tool-scons"]["detail"].startswith("4.4.0 at ")
assert c["tool-packer"]["status"] == "warn" and "older than 1.6" in c["tool-packer"]["detail"]
assert c["tool-sst"]["status"] == "ok" and "work space/sst/bin/sst" in c["tool-sst"]["detail"]
assert c["tool-make"]["status"] == "fail" and c["tool-make"]["fix"] == "sudo apt-get install make"
assert c["tool-qemu-system-aarch64"]["status"] == "warn"
assert c["tool-qemu-system-aarch64"]["fix"] == "sudo apt-get install qemu-system-arm"
assert c["tool-mpicc"]["fix"] == "sudo apt-get install libopenmpi-dev"
assert c["tool-python3-config"]["fix"] == "sudo apt-get install python3-dev"
assert doc["problems"] > 0
PY

# the text table: marks, fixes under problems, the summary line
rc=0
run > "$t/fake.txt" || rc=$?
[[ $rc -eq 1 ]] || { echo "text mode exit $rc"; exit 1; }
grep -qE '^WARN +Perf counters \(for KVM\) +kernel.perf_event_paranoid is 3' "$t/fake.txt" \
  || { cat "$t/fake.txt"; exit 1; }
grep -qE '^ +fix: sudo sysctl kernel.perf_event_paranoid=1' "$t/fake.txt" || { cat "$t/fake.txt"; exit 1; }
grep -qE '^OK +scons +4.4.0 at ' "$t/fake.txt" || { cat "$t/fake.txt"; exit 1; }
grep -qE '^FAIL +make +not found on PATH' "$t/fake.txt" || { cat "$t/fake.txt"; exit 1; }
grep -qE '^ +fix: sudo apt-get install make$' "$t/fake.txt" || { cat "$t/fake.txt"; exit 1; }
summary=$(tail -n 1 "$t/fake.txt")
[[ $summary =~ ^[0-9]+\ ok,\ [0-9]+\ warnings,\ [1-9][0-9]*\ problems$ ]] || { echo "summary: $summary"; exit 1; }
# no fix line follows an OK line
awk '/^OK /{ok=1; next} /^ +fix:/{ if (ok) { print "fix under OK: " $0; exit 1 } } {ok=0}' "$t/fake.txt"

# usage: --help, too many arguments
"$bin" doctor --help | grep -q 'usage: gem5wb doctor' || exit 1
rc=0
"$bin" doctor a b 2> "$t/err" || rc=$?
[[ $rc -eq 2 ]] || { echo "two folders: exit $rc"; exit 1; }
echo "doctor ok"

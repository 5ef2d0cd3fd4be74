#!/usr/bin/env bash
# gem5wb exec and parse end to end: real make on a tiny Makefile, a captured scons log,
# JSON lines, the program's exit status, and Ctrl-C stopping the whole process group.
set -euo pipefail
bin=${GEM5WB_BIN:?}
shared=${GEM5WB_SHARED:?}
t=$(mktemp -d "/tmp/gem5wb exec.XXXXXX")
trap 'rm -rf "$t"' EXIT
# under `make -j test` the jobserver's MAKEFLAGS would make the inner make warn
unset MAKEFLAGS MFLAGS MAKELEVEL

out=$("$bin" parse --parser scons "$shared/fixtures/gem5-scons/m5-x86-build.pipe.raw.log")
[[ $out == *"27 items"*"done"* ]] || { echo "parse said: $out"; exit 1; }

cat > "$t/Makefile" <<'MK'
all: a.o
a.o:
	@echo "x.c:3:1: warning: unused variable"
	@echo "  CC       a.o"
	@touch a.o
MK
"$bin" exec --parser make --json --log "$t/build log" -- make -C "$t" > "$t/lines"
python3 - "$t/lines" <<'PY'
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
assert ev[-1]["event"] == "summary" and ev[-1]["exit"] == 0 and ev[-1]["warnings"] == 1, ev[-1]
assert any(e.get("diagnostic", "").endswith("warning: unused variable") for e in ev)
PY
grep -q "unused variable" "$t/build log"

set +e
"$bin" exec --parser make -- sh -c 'exit 7' >/dev/null 2>&1
[[ $? -eq 7 ]] || { echo "exit status not passed on"; exit 1; }
set -e

# Ctrl-C: the sleeps the program started must go with it
"$bin" exec --parser make -- sh -c 'echo $$ > "$0/pid"; sleep 300 & sleep 300 & wait' "$t" \
  >/dev/null 2>&1 &
gw=$!
for _ in $(seq 100); do [[ -s $t/pid ]] && break; sleep 0.1; done
pgid=$(cat "$t/pid")
kill -INT $gw
for _ in $(seq 100); do kill -0 -- -"$pgid" 2>/dev/null || break; sleep 0.1; done
if kill -0 -- -"$pgid" 2>/dev/null; then echo "process group $pgid survived Ctrl-C"; exit 1; fi
wait $gw || true

# The util/m5 build replayed at 3x its recorded pace (10.5 s -> 3.5 s) with its 27 targets
# as the total: percentages climb, and once 2 s of progress are seen an ETA comes with them.
replay="$PWD/${GEM5WB_BUILD:?}/replay"
log="$shared/fixtures/gem5-scons/m5-x86-build.pty"
"$bin" exec --parser scons --total 27 --json -- "$replay" --speed 3 "$log.raw.log" \
  "$log.timing" > "$t/m5"
python3 - "$t/m5" <<'PY'
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
s = ev[-1]
assert s["items"] == 27 and s["total"] == 27 and s["done"] and s["exit"] == 0, s
etas = [e["eta_s"] for e in ev if "eta_s" in e]
assert etas and all(0 <= x < 60 for x in etas), etas
fr = [e["fraction"] for e in ev[:-1] if e["fraction"] >= 0]
assert fr == sorted(fr) and fr[-1] == 1, fr
PY

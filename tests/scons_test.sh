#!/usr/bin/env bash
# Real scons on a tiny SConstruct that prints gem5's " [     CXX] src -> target" lines,
# through gem5wb exec: counts, the dry-run estimate and remembered totals, percentages that
# stay below 100 % until scons says it is done, an up-to-date rebuild, a compile error.
set -euo pipefail
bin=${GEM5WB_BIN:?}
t=$(mktemp -d "/tmp/gem5wb scons.XXXXXX")
trap 'rm -rf "$t"' EXIT
src="$t/gem5 \"tree\" 'x'"
ws="$t/work space"
mkdir -p "$src/src"
cat > "$src/SConstruct" <<'PY'
import os
env = Environment(ENV={'PATH': os.environ['PATH']})
# gem5's Transform: " [%8s] " + sources + " -> " + targets
env['CCCOMSTR'] = ' [      CC] $SOURCE -> $TARGET'
env['LINKCOMSTR'] = ' [    LINK]  -> $TARGET'
env.Program('build/NULL/gem5.opt', Glob('src/*.c'))
PY
for i in 1 2 3 4 5 6 7 8; do echo "int f$i(void) { return $i; }" > "$src/src/f$i.c"; done
echo 'int main(void) { return 0; }' > "$src/src/main.c"

run() {   # run NAME ARGS...: gem5wb exec in the tree, JSON lines into $t/NAME
  local name=$1; shift
  (cd "$src" && "$bin" exec --parser scons --json --workspace "$ws" -- scons "$@") \
    > "$t/$name" || echo "exit $?" >> "$t/$name.status"
}
check() {  # check NAME PYTHON-ASSERTIONS over ev (events) and s (summary)
  python3 - "$t/$1" "$ws/.gem5wb/totals.json" "$2" <<'PY'
import json, os, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
s = ev[-1]
assert s["event"] == "summary", s
steps = [e for e in ev[:-1] if e.get("fraction", -1) >= 0 and not e["done"]]
fracs = [e["fraction"] for e in steps]
totals = json.load(open(sys.argv[2]))["builds"] if os.path.exists(sys.argv[2]) else {}
build = next(iter(totals.values()), {})
exec(sys.argv[3])
PY
}

# A dry run first: 10 steps counted and kept as an estimate; no fraction without a total.
run dry -n build/NULL/gem5.opt
check dry 'assert s["items"] == 10 and s["exit"] == 0 and s["done"], s
assert not fracs and build["items"] == 10 and build["estimate"], build'

# The real build starts from the estimate (-j2 does not change the key).
run full -j2 build/NULL/gem5.opt
check full 'assert s["items"] == 10 and s["total"] == 10 and s["estimate"], s
assert fracs == [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.99], fracs
assert ev[-2]["done"] and ev[-2]["fraction"] == 1, ev[-2]
assert any(e.get("item") == "build/NULL/gem5.opt" and e.get("phase") == "link" for e in ev)
assert build["items"] == 10 and not build["estimate"] and build["last_items"] == 10, build'
[[ -x "$src/build/NULL/gem5.opt" ]]

# Nothing to do: scons says so, the remembered total stays.
run again build/NULL/gem5.opt
check again 'assert s["items"] == 0 and s["done"] and s["exit"] == 0, s
assert build["items"] == 10 and build["last_items"] == 10, build'

# One file changed: an incremental build is measured against the full count.
echo 'int f1(void) { return 11; }' > "$src/src/f1.c"
run incr -j2 build/NULL/gem5.opt
check incr 'assert s["items"] == 2 and s["total"] == 10 and not s["estimate"], s
assert fracs == [0, 0.1, 0.2], fracs
assert build["items"] == 10 and build["last_items"] == 2, build'

# A compile error: scons's own error lines and the compiler's, exit 2, nothing recorded.
echo 'int broken(void) { return nope; }' > "$src/src/broken.c"
run broken build/NULL/gem5.opt
grep -q "exit 2" "$t/broken.status"
check broken 'assert s["failed"] and s["exit"] == 2 and s["errors"] >= 2, s
d = [e.get("diagnostic", "") for e in ev]
assert any("broken.c" in x and "error:" in x for x in d), d
assert any(x.startswith("scons: *** [") for x in d), d
assert build["items"] == 10 and build["last_items"] == 2, build'

# Text mode prints a summary that names the expected total.
rm "$src/src/broken.c"
echo 'int f2(void) { return 12; }' > "$src/src/f2.c"
out=$(cd "$src" && "$bin" exec --parser scons --workspace "$ws" -- scons build/NULL/gem5.opt)
[[ $out == "scons: 2 items (of 10 expected), 0 warnings, 0 errors, done" ]] || { echo "summary: $out"; exit 1; }

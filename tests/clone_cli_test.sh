#!/usr/bin/env bash
# gem5wb clone end to end: a real libgit2 clone of a repository made here, on the fork's
# branch, into a folder with spaces and quotes; then fetch-and-switch; JSON lines; errors.
set -euo pipefail
bin=${GEM5WB_BIN:?}
t=$(mktemp -d /tmp/gem5wb-clone.XXXXXX)
trap 'rm -rf "$t"' EXIT
src="$t/src repo"
git init -q -b develop "$src"
git -C "$src" -c user.email=t@t -c user.name=t commit -q --allow-empty -m base
git -C "$src" checkout -qb kg/dm-sst-checkpoints-ver2
echo bridge > "$src/file"
git -C "$src" add file
git -C "$src" -c user.email=t@t -c user.name=t commit -qm fork
want=$(git -C "$src" rev-parse HEAD)
dir="$t/gem5 \"q\" 'x'"

out=$("$bin" clone "$src" "$dir")
[[ $out == *"cloned"*"commit $want"* ]] || { echo "clone said: $out"; exit 1; }
[[ $(cat "$dir/file") == bridge ]]

git -C "$src" -c user.email=t@t -c user.name=t commit -q --allow-empty -m more
want=$(git -C "$src" rev-parse HEAD)
"$bin" clone "$src" "$dir" --json > "$t/lines"
python3 - "$t/lines" "$want" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
last = lines[-1]
assert last["event"] == "done" and last["fetched"] and last["commit"] == sys.argv[2], last
assert all(0 <= l["fraction"] <= 1 for l in lines if l["event"] == "progress")
PY

if "$bin" clone "$src" --branch no-such "$t/other" 2> "$t/err"; then exit 1; fi
grep -q "no branch 'no-such'" "$t/err" || { cat "$t/err"; exit 1; }
mkdir "$t/full" && touch "$t/full/x"
if "$bin" clone "$src" "$t/full" 2> "$t/err"; then exit 1; fi
grep -q "not a git clone" "$t/err" || { cat "$t/err"; exit 1; }

# A clone stopped part-way (what Ctrl-C leaves: a repository, its origin, gem5wb's marker)
# is resumed by the same command, or removed by --clean; --clean touches nothing else.
part="$t/part 'ial'"
git init -q "$part" && git -C "$part" remote add origin "$src"
echo "$src" > "$part/.git/gem5wb-clone-incomplete"
out=$("$bin" clone "$src" "$part")
[[ $out == "resumed and cloned"*"commit $want" ]] || { echo "resume said: $out"; exit 1; }
[[ ! -e $part/.git/gem5wb-clone-incomplete && $(cat "$part/file") == bridge ]]
if "$bin" clone --clean "$part" 2> "$t/err"; then exit 1; fi
grep -q "not an unfinished clone" "$t/err" && [[ -d $part ]]
git init -q "$t/part2" && touch "$t/part2/.git/gem5wb-clone-incomplete"
"$bin" clone --clean --json "$t/part2" | python3 -c '
import json, sys; d = json.load(sys.stdin); assert d["event"] == "cleaned", d'
[[ ! -e $t/part2 ]]

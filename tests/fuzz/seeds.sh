#!/usr/bin/env bash
# Seeds the libFuzzer corpora from real files. For each target fuzz_NAME it copies into
# BUILD/corpus-fuzz_NAME/ every file whose name matches one of the patterns on the
# "fuzz-seeds:" line of tests/fuzz/fuzz_NAME.c, found among
#   - the shared fixtures ($GEM5WB_SHARED/fixtures, default ../shared/fixtures),
#   - the run folders the tests write: BUILD/fixture-writer, once per layout,
#   - the m5.cpt texts the tests write inline (string literals starting with '['),
#     saved as <test>-<line>.cpt.
# Files over 1 MiB are left out. Seeds are refreshed on every run; the inputs libFuzzer
# added to a corpus stay.
# Usage: tests/fuzz/seeds.sh BUILD fuzz_cpt [fuzz_runcfg ...]
set -u
build=${1:?usage: seeds.sh BUILD TARGET...}
shift
cd "$(dirname "$0")/../.."
shared=${GEM5WB_SHARED:-$PWD/../shared}
pool=$build/seed-pool
rm -rf "$pool"
mkdir -p "$pool/written" "$pool/literals"

# Run folders as the tests write them, for every layout the fixture writer knows.
fw=$build/fixture-writer
if [[ -x $fw ]]; then
  for l in $("$fw" 2>&1 | sed -n 's/^layouts: //p'); do
    "$fw" "$pool/written/$l" "$l" 1MiB 1MiB >/dev/null 2>"$pool/written/$l.err" ||
      echo "seeds: fixture-writer $l failed: $(cat "$pool/written/$l.err")" >&2
    rm -f "$pool/written/$l.err"
  done
else
  echo "seeds: no $fw: the run folders the tests write are left out" >&2
fi

# m5.cpt texts inside the tests: the first string literal starting with '[' on a line,
# with the literals directly after it (C joins them), C escapes turned into bytes.
lit='"\([^"\\]\|\\.\)*"'
for f in tests/test_*.c; do
  grep -n '"\[' "$f" | while IFS=: read -r ln rest; do
    s=$(printf '%s\n' "$rest" | grep -o "\"\\[\\([^\"\\\\]\\|\\\\.\\)*\"\\([[:space:]]*$lit\\)*" | head -1 |
        sed 's/"[[:space:]]*"//g; s/^"//; s/"$//')
    [[ -n $s ]] && printf '%b' "$s" > "$pool/literals/$(basename "$f" .c)-$ln.cpt"
  done
done

dirs=("$pool")
[[ -d $shared/fixtures ]] && dirs+=("$shared/fixtures") ||
  echo "seeds: no $shared/fixtures (set GEM5WB_SHARED): the shared fixtures are left out" >&2

set -f   # the patterns are for find, not for the shell
for t in "$@"; do
  src=tests/fuzz/$t.c
  pats=$(sed -n 's/.*fuzz-seeds:[[:space:]]*//p' "$src" 2>/dev/null | head -1 | sed 's/[[:space:]]*\*\/.*//')
  corpus=$build/corpus-$t
  mkdir -p "$corpus"
  if [[ -z $pats ]]; then
    echo "seeds: $t: no 'fuzz-seeds:' line in $src, starting from an empty corpus"
    continue
  fi
  args=()
  for p in $pats; do
    [[ ${#args[@]} -gt 0 ]] && args+=(-o)
    args+=(-name "$p")
  done
  n=0
  while IFS= read -r -d '' file; do
    rel=${file#"$shared/"}
    rel=${rel#"$pool/"}
    install -m 644 "$file" "$corpus/seed-${rel//\//_}" && n=$((n + 1))
  done < <(find "${dirs[@]}" -type f \( "${args[@]}" \) -size -1025k -print0 | sort -z)
  echo "seeds: $t: $n files ($pats) in $corpus"
done

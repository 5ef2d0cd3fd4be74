#!/usr/bin/env bash
# The documentation names every command: docs/cli.md is what the binary prints now,
# docs/troubleshooting.md is its knowledge base, and README.md and the man page mention each
# command.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${GEM5WB_BIN:-./gem5wb}
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
tests/gen-cli-doc.sh "$bin" > "$tmp"
if ! diff -u docs/cli.md "$tmp"; then
  echo "docs/cli.md is out of date: run 'make docs'" >&2; exit 1
fi
"$bin" kb markdown > "$tmp"
if ! diff -u docs/troubleshooting.md "$tmp"; then
  echo "docs/troubleshooting.md is out of date: run 'make kb-docs'" >&2; exit 1
fi
"$bin" --help | sed -n 's/^  \([a-z][a-z-]*\( [a-z][a-z-]*\)\?\)  .*/\1/p' | while read -r cmd; do
  grep -q "gem5wb $cmd" README.md || { echo "README.md does not show 'gem5wb $cmd'" >&2; exit 1; }
  grep -q "${cmd/ /\\ }" docs/gem5wb.1 || { echo "docs/gem5wb.1 does not show '$cmd'" >&2; exit 1; }
done
echo "docs: every command documented"

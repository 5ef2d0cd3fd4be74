#!/usr/bin/env bash
# Writes docs/cli.md from the binary's own help texts, so the reference cannot drift
# from the command table: tests/gen-cli-doc.sh ./gem5wb > docs/cli.md
set -euo pipefail
bin=${1:-./gem5wb}
echo "# gem5wb command reference"
echo
echo "Generated from the command table by \`tests/gen-cli-doc.sh\` (\`make docs\`); do not edit."
echo
echo '```'
"$bin" --help
echo '```'
# command names: one word ("clone") or two ("cpt info"), then the padded usage column
"$bin" --help | sed -n 's/^  \([a-z][a-z-]*\( [a-z][a-z-]*\)\?\)  .*/\1/p' | while read -r a b; do
  echo
  echo "## gem5wb $a${b:+ $b}"
  echo
  echo '```'
  "$bin" $a $b --help
  echo '```'
done

#!/usr/bin/env bash
# Benchmarks of the checkpoint commands on a generated multi-GiB checkpoint. Every figure
# is printed as a ratio against a baseline tool measured in the same run on the same files.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${GEM5WB_BIN:-./gem5wb}
make -s build/fixture-writer >/dev/null
work=$(mktemp -d /tmp/gem5wb-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

. bench/lib.sh

echo "== writing a 1 GiB local + 3 GiB remote SST-board checkpoint (fixture writer, fast mode)"
t_write=$(best_of 1 build/fixture-writer "$work/run" sst 1GiB 3GiB)
cpt="$work/run/checkpoint"
remote="$cpt/board.physmem.store0.pmem"
echo "   $(du -h "$remote" | cut -f1) on disk for the 3 GiB remote store, written in ${t_write}s"

baseline=$(best_of 3 gzip -t "$remote")
echo "== baseline: gzip -t on the 3 GiB remote store: ${baseline}s"
if command -v igzip >/dev/null; then
  # igzip's -t refuses plain files here, so it decodes to /dev/null instead
  t_igzip=$(best_of 3 sh -c "igzip -dc '$remote' > /dev/null")
  echo "   igzip -dc > /dev/null on the same store: ${t_igzip}s (ratio to gzip -t $(ratio "$t_igzip" "$baseline"))"
fi

t_info=$(best_of 5 "$bin" cpt info "$cpt")
echo "== gem5wb cpt info (no decoding): ${t_info}s = $(ratio "$t_info" "$baseline") x gzip -t"
rss=$( { /usr/bin/time -f '%M' "$bin" cpt info "$cpt" >/dev/null; } 2>&1 | tail -1)
echo "   peak memory of cpt info: ${rss} KiB"

t_verify=$(best_of 1 "$bin" cpt verify "$cpt")
total_base=$(best_of 1 sh -c "for f in '$cpt'/*.pmem; do gzip -t \"\$f\"; done")
echo "== gem5wb cpt verify (all 9 stores, 4.2 GiB decoded): ${t_verify}s"
echo "   baseline gzip -t over the same 9 files: ${total_base}s; ratio $(ratio "$t_verify" "$total_base")"
rss=$( { /usr/bin/time -f '%M' "$bin" cpt verify "$cpt" >/dev/null; } 2>&1 | tail -1)
echo "   peak memory of cpt verify: ${rss} KiB"

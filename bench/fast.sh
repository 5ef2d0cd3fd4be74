#!/usr/bin/env bash
# Benchmarks of the zero-run-aware decoder (issue: memory engine fast path): stores written
# as gem5 writes them (gzwrite's bytes: one member, zlib level 6), every figure a ratio
# against ISA-L (and igzip) measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
pb=${1:-build/pmem-bench}
bin=${GEM5WB_BIN:-./gem5wb}
work=$(mktemp -d /tmp/gem5wb-fast-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
. bench/lib.sh
dec() { GEM5WB_INFLATE=$1 "$pb" decode "$2"; }

echo "== load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
for spec in "3GiB 0.02 50 ge" "2GiB 1 5 ge" "2GiB 10 1.0 ge" "2GiB 50 0.909 ge"; do
  read -r size pct target dir <<<"$spec"
  s="$work/s-$size-$pct.pmem"
  "$pb" gen "$s" "$size" "$pct" exact
  t_isal=$(min_field 5 1 dec isal "$s")
  t_auto=$(min_field 5 1 dec "" "$s")
  t_fast=$(min_field 3 1 dec fast "$s")
  x=$(ratio "$t_isal" "$t_auto")
  echo "$size, $pct % non-zero pages ($(du -h "$s" | cut -f1) gzip): map+contents+CRC ${t_auto}s (zero-run decoder alone ${t_fast}s), ISA-L ${t_isal}s -> ${x}x faster (target >= ${target}x: $(verdict "$x" "$target" "$dir"))"
  if [[ $size == 3GiB ]]; then big=$s; fi
done

read -r _ rss nz < <("$pb" decode "$big")
comp=$(( $(stat -c %s "$big") / 1024 ))
echo "peak RSS of a full map of the 3 GiB store: ${rss} KiB; non-zero ${nz} KiB + compressed ${comp} KiB + 16 MiB = $((nz + comp + 16384)) KiB ($(verdict "$rss" $((nz + comp + 16384)) le))"

# cpt verify on a checkpoint whose remote store is that 3 GiB store
make -s build/fixture-writer >/dev/null
build/fixture-writer "$work/run" sst 64MiB 3GiB >/dev/null
cp "$big" "$work/run/checkpoint/board.physmem.store0.pmem"
t_verify=$(best_of 3 "$bin" cpt verify "$work/run/checkpoint")
# igzip -t refuses plain files on this Debian build; decoding to /dev/null does the same work
t_igz=$(best_of 3 sh -c "igzip -dc '$big' > /dev/null")
r=$(ratio "$t_verify" "$t_igz")
echo "gem5wb cpt verify (9 stores, the 3 GiB one included): ${t_verify}s; igzip -dc of the 3 GiB store alone ${t_igz}s -> ${r}x (target < 0.1: $(verdict "$r" 0.1 le))"

"$pb" raw "$big" "$work/raw"
t_i1=$(best_of 2 sh -c "igzip -1 -c '$work/raw' > /dev/null")
rm -f "$work/raw"
read -r c1 c2 _ < <("$pb" commit "$big")
r1=$(ratio "$c1" "$t_i1")
echo "first commit of a one-byte edit to the 3 GiB store: ${c1}s; igzip -1 of the raw store ${t_i1}s -> ${r1}x (target < 0.05: $(verdict "$r1" 0.05 le))"
echo "second commit: ${c2}s (target < 0.020: $(verdict "$c2" 0.020 le))"

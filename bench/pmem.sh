#!/usr/bin/env bash
# Memory engine benchmarks (issue: memory engine): a generated 2 GiB store with about 10 %
# non-zero pages, every figure a ratio against igzip/zcat measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
pb=${1:-build/pmem-bench}
work=$(mktemp -d /tmp/gem5wb-pmem-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
. bench/lib.sh

echo "== load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
store="$work/store.pmem"
"$pb" gen "$store" 2GiB 10
echo "== 2 GiB store, 10 % non-zero pages: $(du -h "$store" | cut -f1) gzip (one member, level 6)"

t_igzip=$(best_of 3 sh -c "igzip -dc '$store' > /dev/null")
t_zcat=$(best_of 1 sh -c "zcat '$store' > /dev/null")
t_dec=$(min_field 3 1 "$pb" decode "$store")
r=$(ratio "$t_dec" "$t_igzip"); rz=$(ratio "$t_zcat" "$t_dec")
echo "full decode: ${t_dec}s; igzip -dc ${t_igzip}s -> ${r}x igzip (target <= 1.25: $(verdict "$r" 1.25 le));"
echo "   zcat ${t_zcat}s -> ${rz}x faster than zcat (target >= 3: $(verdict "$rz" 3 ge))"

read -r _ rss nz < <("$pb" decode "$store")
echo "peak RSS of a full decode: ${rss} KiB; non-zero data ${nz} KiB + 64 MiB = $((nz + 65536)) KiB ($(verdict "$rss" $((nz + 65536)) le))"

"$pb" raw "$store" "$work/raw"
t_i1=$(best_of 2 sh -c "igzip -1 -c '$work/raw' > /dev/null")
rm -f "$work/raw"
read -r c1 c2 enc zero enc2 copied threads < <("$pb" commit "$store")
r1=$(ratio "$c1" "$t_i1"); r2=$(ratio "$c2" "$c1")
echo "first commit of a one-byte edit: ${c1}s ($enc chunks encoded, $zero zero, $threads threads); igzip -1 of the raw store ${t_i1}s -> ${r1}x (target <= 1.0: $(verdict "$r1" 1.0 le))"
echo "second commit of another edit: ${c2}s ($enc2 encoded, $copied copied) -> ${r2}x the first (target <= 0.1: $(verdict "$r2" 0.1 le))"
# what any temp-file-and-rename commit pays: the whole compressed file written and synced
t_floor=$(best_of 3 dd if="$store" of="$work/floor" bs=4M conv=fsync status=none)
rm -f "$work/floor"
echo "   floor for a temp-file commit: copying and syncing the $(du -h "$store" | cut -f1) file takes ${t_floor}s here ($(ratio "$t_floor" "$c1")x the first commit)"

read -r med worst < <("$pb" reads "$store" 10000)
echo "random 4 KiB reads after decode: median ${med}s, worst ${worst}s (target median < 0.001: $(verdict "$med" 0.001 le))"

"$pb" gen "$work/big.pmem" 4GiB 1
t_first=$(min_field 3 1 "$pb" first "$work/big.pmem")
echo "time to the first 4 KiB of a 4 GiB store: ${t_first}s (target < 0.3: $(verdict "$t_first" 0.3 le))"

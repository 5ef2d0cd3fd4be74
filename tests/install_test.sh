#!/usr/bin/env bash
# `make install PREFIX=... DESTDIR=...` puts the binary, themes, docs and man page where
# they belong, and the installed binary finds its themes; `make uninstall` removes them.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${GEM5WB_BUILD:-build}
dest=$(mktemp -d /tmp/gem5wb-install.XXXXXX)
trap 'rm -rf "$dest"' EXIT
make -s install BUILD="$build" PREFIX=/opt/gw DESTDIR="$dest" >/dev/null
for f in bin/gem5wb share/man/man1/gem5wb.1 share/doc/gem5wb/README.md \
         share/doc/gem5wb/checkpoints.md share/gem5wb/themes/default.theme \
         share/gem5wb/themes/monochrome.theme; do
  [[ -f "$dest/opt/gw/$f" ]] || { echo "missing after install: $f" >&2; exit 1; }
done
"$dest/opt/gw/bin/gem5wb" --help | grep -q "cpt info"
man -l "$dest/opt/gw/share/man/man1/gem5wb.1" 2>/dev/null | grep -q "cpt verify" || \
  grep -q "cpt verify" "$dest/opt/gw/share/man/man1/gem5wb.1"
make -s uninstall PREFIX=/opt/gw DESTDIR="$dest" >/dev/null
[[ ! -e "$dest/opt/gw/bin/gem5wb" ]] || { echo "uninstall left the binary" >&2; exit 1; }
echo "install: ok"

#!/usr/bin/env bash
# The build without ISA-L (zlib only, as on a machine where pkg-config finds no libisal):
# the memory engine's tests must pass there too, with every backend falling back to zlib.
set -euo pipefail
cd "$(dirname "$0")/.."
b="${GEM5WB_BUILD:-build}-noisal"   # its own folder per build flavour: objects never mix
# Without the sanitizers at -O1: this build is about the zlib fallback, and a whole
# sanitizer build of the core again would cost make check minutes.
make -s BUILD=$b HAVE_ISAL=0 EXTRA_CFLAGS= CFLAGS="-O1 -g0" "$b/tests/test_pmem" "$b/tests/test_store" >/dev/null
if ldd "$b/tests/test_pmem" | grep -q isal; then
  echo "the no-ISA-L build links libisal"; exit 1
fi
"$b/tests/test_pmem"
"$b/tests/test_store"

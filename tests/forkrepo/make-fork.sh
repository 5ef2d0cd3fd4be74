#!/usr/bin/env bash
# Makes a small git repository laid out as darchr's gem5 fork (branch kg/dm-sst-checkpoints-ver2)
# for the workflow tests: real SConstructs for util/m5 and gem5 (gem5.opt is the fake gem5),
# ext/sst's Makefile.linux for real make, the unified config and the SST restore script.
#   make-fork.sh DEST FAKE_GEM5 [tip]   (tip: the responder casts to ExternalMemory, as at 9fbbf1f9)
set -euo pipefail
dest=$1 fake=$2 era=${3:-af5a333}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$dest"
cp -R "$here/tree/." "$dest/"
cp "$fake" "$dest/fake-gem5.sh"
if [[ $era == tip ]]; then
  sed -i 's/OutgoingRequestBridge\*>/ExternalMemory*>/' "$dest/ext/sst/sst_responder_subcomponent.cc"
fi
git -C "$dest" init -q -b develop
git -C "$dest" add -A
git -C "$dest" -c user.email=t@t -c user.name=t commit -qm "gem5 base"
git -C "$dest" checkout -qb kg/dm-sst-checkpoints-ver2
git -C "$dest" -c user.email=t@t -c user.name=t commit -q --allow-empty -m "configs: the boards"

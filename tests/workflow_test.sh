#!/usr/bin/env bash
# The whole workflow on a test workspace: a clone of a local repository laid out as darchr's
# fork, real scons (m5, gem5, libgem5), real make (SST core and elements from tarballs, the
# gem5 element), real packer validate, fake gem5/sst/mpirun replaying the captured logs and
# writing checkpoints with the fixture writer; resume after a failure, a stale step.
set -euo pipefail
bin=${GEM5WB_BIN:?}
build=$(cd "${GEM5WB_BUILD:?}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
t=$(mktemp -d "/tmp/gem5wb workflow.XXXXXX")
trap '[[ -n ${KEEP-} ]] || rm -rf "$t"' EXIT
export GEM5WB_REPLAY=$build/replay GEM5WB_REPLAY_SPEED=20
export GEM5WB_FIXTURE_WRITER=${GEM5WB_FIXTURE_WRITER:?}
fork="$t/fork 'src'"
ws="$t/work \"space\""
"$here/forkrepo/make-fork.sh" "$fork" "$here/fakes/gem5" >/dev/null
mkdir -p "$t/bin" && cp "$here/forkrepo/mpirun" "$t/bin/"
export PATH="$t/bin:$PATH"

# SST release tarballs, as the fork's INSTALL.md uses them
for p in sst-core sst-elements; do
  cp -R "$here/forkrepo/$p" "$t/$p-13.0.0"
done
cp "$here/fakes/sst" "$t/sst-core-13.0.0/fake-sst"
tar -C "$t" -czf "$t/sstcore-13.0.0.tar.gz" sst-core-13.0.0
tar -C "$t" -czf "$t/sstelements-13.0.0.tar.gz" sst-elements-13.0.0

g() { (cd "$ws" && "$bin" "$@"); }
json() {  # json FILE PYTHON: assertions over d (the document) or ev (JSON lines)
  python3 - "$1" "$2" <<'PY'
import json, sys
text = open(sys.argv[1]).read()
try:
    d = json.loads(text)
except ValueError:
    d = None
ev = [json.loads(l) for l in text.splitlines() if l.startswith("{")] if d is None else []
exec(sys.argv[2])
PY
}

"$bin" init "$ws" > /dev/null
g set clone.url "$fork" > /dev/null
g set build-sst-core.source "$t/sstcore-13.0.0.tar.gz" > /dev/null
g set build-sst-elements.source "$t/sstelements-13.0.0.tar.gz" > /dev/null
g set build-gem5-sst.jobs 2 > /dev/null
# autotools and make cannot install into a path with spaces or quotes (gem5wb says so): SST's
# prefix is a plain folder
prefix=$(mktemp -d /tmp/gem5wb-sst.XXXXXX)
trap '[[ -n ${KEEP-} ]] || rm -rf "$t" "$prefix"' EXIT
g run build-sst-core --dry-run > "$t/dry"
grep -q "spaces or quotes" "$t/dry" || { cat "$t/dry"; exit 1; }
g set build-sst-core.prefix "$prefix" > /dev/null

g run clone --json > "$t/clone"
json "$t/clone" 'assert ev[-1]["event"] == "done" and ev[-1]["ok"], ev[-1]'
want=$(git -C "$fork" rev-parse kg/dm-sst-checkpoints-ver2)
g status --json > "$t/status"
json "$t/status" 'assert d["commit"] == "'"$want"'", d["commit"]
assert [s["status"] for s in d["steps"] if s["id"] == "clone"] == ["ok"]'

g run build-m5 --json > "$t/m5"
json "$t/m5" 'assert ev[-1]["ok"], ev[-1]
assert any(e["event"] == "progress" and e.get("text") == "build/x86/out/m5" for e in ev), ev'
[[ -x $ws/gem5/util/m5/build/x86/out/m5 ]]

g run build-gem5 --set jobs=2 --json > "$t/gem5"
json "$t/gem5" 'assert ev[-1]["ok"], ev[-1]
items = [e.get("text") for e in ev if e["event"] == "progress"]
assert "build/ARM/base/date.o" in items and "build/ARM/gem5.opt" in items, items'
g run build-libgem5 --json > "$t/lib"
json "$t/lib" 'assert ev[-1]["ok"], ev[-1]'
[[ -f $ws/gem5/build/ARM/libgem5_opt.so ]]

# sst-elements before sst-core: its configure cannot find the core; then resume after it.
g run build-sst-core --set mpi=off --json > "$t/core"
json "$t/core" 'assert ev[-1]["ok"], ev[-1]
cmds = [e["argv"] for e in ev if e["event"] == "command"]
assert cmds[0][:2] == ["mkdir", "-p"] and cmds[1][0] == "tar" and cmds[2][0] == "./configure", cmds
assert "--disable-mpi" in cmds[2] and cmds[3][:2] == ["make", "all"], cmds'
[[ -x $prefix/bin/sst ]]
g run build-sst-elements --json > "$t/el"
json "$t/el" 'assert ev[-1]["ok"], ev[-1]'
g run build-gem5-sst --json > "$t/el5"
json "$t/el5" 'assert ev[-1]["ok"], ev[-1]'
[[ -f $ws/gem5/ext/sst/libgem5.so ]]


# disk-image: the folder is written and real packer validates it; the build cannot fetch the
# ISO (or run qemu) here, so it fails at command 3 of 3; run again, it resumes at the build.
g set disk-image.iso_url "file://$t/no-such.iso" > /dev/null
g run disk-image --json > "$t/disk" || true
json "$t/disk" 'ends = [e for e in ev if e["event"] == "command_end"]
assert [e["ok"] for e in ends] == [True, True, False], ends
assert ev[-1]["event"] == "done" and not ev[-1]["ok"], ev[-1]'
[[ -f $ws/disk-image/hack-back/hack-back.json && -f $ws/disk-image/hack-back/post-installation.sh ]]
g run disk-image --json > "$t/disk2" || true
json "$t/disk2" 'notes = [e["text"] for e in ev if e["event"] == "note"]
assert any("resuming at command 3 of 3 (packer build)" in n for n in notes), notes
assert [e["argv"][1] for e in ev if e["event"] == "command"] == ["build"], ev'
g history --step disk-image --json > "$t/hist"
json "$t/hist" 'assert [r["status"] for r in d] == ["ok", "ok", "failed", "failed"], d
assert d[1]["argv"][:2] == ["packer", "validate"] and d[1]["cwd"].endswith("/disk-image"), d[1]'
g log disk-image > "$t/disklog"
grep -q "no artifacts were created" "$t/disklog" || { cat "$t/disklog"; exit 1; }

# take a checkpoint for SST: the unified script with the composable board, into
# checkpoints/take-N/checkpoint; gem5wb records its lineage
g set take-checkpoint.disk "$t/disk.img" > /dev/null
g run take-checkpoint --json > "$t/take"
json "$t/take" 'assert ev[-1]["ok"], ev[-1]
pf = [e for e in ev if e["event"] == "preflight"]   # the kernel is still the hard-coded one
assert any(e["kb"] == "config-abs-paths" and "kernel" in e["what"] for e in pf), pf
assert any("disk.img given for" in e["what"] for e in pf), pf   # the disk set above, missing
cmd = [e for e in ev if e["event"] == "command"]
assert cmd[0]["text"].startswith("config with"), cmd[0]
argv = cmd[1]["argv"]
assert argv[0].endswith("/gem5/build/ARM/gem5.opt") and argv[1].startswith("--outdir="), argv
assert argv[2].endswith("configs-gem5wb/arm-stream-checkpoint-restore-unified-script.py"), argv
assert "--take-chpt=True" in argv and "--is-composable=True" in argv, argv
assert "--remote-memory-addr-range=4294967296,38654705664" in argv, argv'
cfgcopy="$ws/gem5/disaggregated_memory/configs-gem5wb/arm-stream-checkpoint-restore-unified-script.py"
grep -q "DiskImageResource($" "$cfgcopy" && grep -qF "\"$t/disk.img\"" "$cfgcopy"
g status --json > "$t/status"
json "$t/status" 'c = d["checkpoints"]
assert len(c) == 1 and c[0]["board"] == "sst" and c[0]["step"] == "take-checkpoint", c
assert c[0]["path"].endswith("/checkpoint") and c[0]["commit"] == "'"$want"'", c
assert "--take-chpt=True" in c[0]["argv"] and c[0]["image"].endswith("/disk.img"), c
# the status checks what this run made, not what the next run would name (take-N+1)
s = [x for x in d["steps"] if x["id"] == "take-checkpoint"][0]
assert s["status"] == "ok", s'
sstckpt=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["checkpoints"][0]["path"])' "$t/status")
[[ -f $sstckpt/m5.cpt ]]

# restore in gem5 needs a gem5-only checkpoint: refused with the reason, then taken and restored
g run restore-gem5 --json > "$t/rg" || true
json "$t/rg" 'assert "no gem5-only checkpoint" in d["error"], d'
g set take-checkpoint.board gem5-only > /dev/null
g run take-checkpoint --json > "$t/take2"
json "$t/take2" 'assert ev[-1]["ok"], ev[-1]'
g run restore-gem5 --json > "$t/rg"
json "$t/rg" 'assert ev[-1]["ok"], ev[-1]
argv = [e for e in ev if e["event"] == "command"][-1]["argv"]
assert "--take-chpt=False" in argv and "--is-composable=False" in argv, argv
assert any(a.startswith("--chpt-dir=/") for a in argv), argv'

# a restore at the capture's real pace: log --follow prints it while it runs; Ctrl-C cancels
# the run (and gem5 with it), recorded as cancelled
runs() { g history --step restore-gem5 --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'; }
before=$(runs)
(cd "$ws" && GEM5WB_REPLAY_SPEED=0.5 exec "$bin" run restore-gem5 > "$t/slow" 2>&1) &
runner=$!
for _ in $(seq 100); do [[ $(runs) -gt $before ]] && break; sleep 0.1; done
g log restore-gem5 --follow > "$t/follow" &
follower=$!
for _ in $(seq 100); do grep -q "gem5 Simulator System" "$t/follow" && break; sleep 0.1; done
kill -INT $runner
wait $runner && exit 1            # a cancelled step exits 1
wait $follower                    # --follow ends when the run does
grep -q "gem5 Simulator System" "$t/follow"
g history --step restore-gem5 --json > "$t/hist"
json "$t/hist" 'assert d[-1]["status"] == "cancelled", d[-1]'
g status > "$t/st"
grep -E "^  restore-gem5 +cancelled" "$t/st" || { cat "$t/st"; exit 1; }

# restore in SST: a copy of the fork's script set to the checkpoint, sst run from ext/sst.
# SST's gem5 component splits gem5's command line at spaces and quotes: gem5wb refuses such
# a checkpoint path and says how to link it
g run restore-sst --json > "$t/rs" || true
json "$t/rs" 'assert "has a space or quote" in d["error"] and "ln -s" in d["error"], d'
ln -s "$sstckpt" "$prefix/ckpt"
g set restore-sst.checkpoint "$prefix/ckpt" > /dev/null
g run restore-sst --json > "$t/rs"
json "$t/rs" 'assert ev[-1]["ok"], ev[-1]
cmd = [e for e in ev if e["event"] == "command"]
assert cmd[0]["text"].startswith("config with") and cmd[1]["text"].startswith("SST restore script"), cmd
assert cmd[-1]["argv"][0].endswith("/bin/sst") and cmd[-1]["argv"][1] == "--add-lib-path=./", cmd
assert cmd[-1]["cwd"].endswith("/gem5/ext/sst"), cmd[-1]'
script=$(ls "$ws"/runs/restore-sst-*/arm_checkpoints.py)
grep -qF "chpt_dir = \"$prefix/ckpt\"" "$script" || { grep chpt_dir "$script"; exit 1; }
grep -qF '"../../disaggregated_memory/configs-gem5wb/arm-stream-checkpoint-restore-unified-script.py"' "$script"
git -C "$ws/gem5" diff --quiet -- ext/sst/sst/checkpoints/arm_checkpoints.py   # fork's untouched
g log restore-sst > "$t/rslog"
grep -q "Simulation is complete" "$t/rslog"
g run restore-sst --set ranks=2 --json > "$t/rs2"
json "$t/rs2" 'assert ev[-1]["ok"], ev[-1]
argv = [e for e in ev if e["event"] == "command"][-1]["argv"]
assert argv[:3] == ["mpirun", "-np", "2"], argv'
g status --json > "$t/status"
json "$t/status" 'r = [c for c in d["checkpoints"] if c["board"] == "sst"][0]["restored"]
assert [x["step"] for x in r] == ["restore-sst", "restore-sst"], r'

# a parameter changed since the take: the step is stale, and says why
g set take-checkpoint.local_memory 4GiB > /dev/null
g status > "$t/st"
grep -E "^  take-checkpoint +stale +local_memory changed from 2GiB to 4GiB since it ran" "$t/st" || { cat "$t/st"; exit 1; }
g steps --json > "$t/steps"
json "$t/steps" 'assert {s["id"]: s["status"] for s in d}["build-gem5"] == "ok", d'

# the fork at its tip: the responder takes an ExternalMemory that the scripts do not build
tip="$t/tip fork"
"$here/forkrepo/make-fork.sh" "$tip" "$here/fakes/gem5" tip >/dev/null
cp -R "$ws/.gem5wb" "$t/keep-state"
g set clone.url "$tip" > /dev/null
rm -rf "$ws/gem5" && g run clone > /dev/null
g run restore-sst --dry-run > "$t/tipdry" 2>&1 || true
grep -q "ExternalMemory" "$t/tipdry" && grep -q "af5a333e7f" "$t/tipdry" || { cat "$t/tipdry"; exit 1; }

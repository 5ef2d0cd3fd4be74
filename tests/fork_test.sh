#!/usr/bin/env bash
# gem5wb fork end to end: a small tree laid out as darchr's fork at its tip (the unified
# script, a config with a missing comma, a responder cast to ExternalMemory, the README's
# step 5) in a git clone with spaces and quotes; text and JSON output, defaults, errors.
set -euo pipefail
bin=${GEM5WB_BIN:?}
t=$(mktemp -d /tmp/gem5wb-fork.XXXXXX)
trap 'rm -rf "$t"' EXIT
ws="$t/work \"space\" 'q'"
g="$ws/gem5"
cfg=disaggregated_memory/configs
mkdir -p "$g/$cfg" "$g/disaggregated_memory/memories" "$g/ext/sst/sst/checkpoints" "$g/src/sst"

cat > "$g/$cfg/arm-stream-checkpoint-restore-unified-script.py" <<'PY'
import argparse
from memories.external_remote_memory import ExternalRemoteMemory
parser = argparse.ArgumentParser()
parser.add_argument("--chpt-dir", type=str, default="")
parser.add_argument("--take-chpt", type=str)
parser.add_argument("--is-composable", type=str)
parser.add_argument("--remote-memory-latency", type=int)
args = parser.parse_args()
remote = ExternalRemoteMemory()
simulator.save_checkpoint(m5.options.outdir + "/checkpoint")
PY
cat > "$g/$cfg/arm-numa-checkpoints.py" <<'PY'
import argparse
parser = argparse.ArgumentParser()
parser.add_argument("--take-ckpt", type=str, required=True)
parser.add_argument("--instance", type=int, required=True)
disk = DiskImageResource(
    "/images/numa.img"
    root_partition="1",
)
PY
cat > "$g/disaggregated_memory/memories/external_remote_memory.py" <<'PY'
class ExternalRemoteMemory:
    def __init__(self):
        self.bridge = OutgoingRequestBridge()
PY
cat > "$g/ext/sst/sst_responder_subcomponent.cc" <<'CC'
void SSTResponderSubComponent::init(unsigned phase) { responseReceiver->getBackdoor(data); }
bool find() { return dynamic_cast<gem5::ExternalMemory*>(root->find(name)) != NULL; }
CC
echo 'void OutgoingRequestBridge::init() {}' > "$g/src/sst/outgoing_request_bridge.cc"
cat > "$g/ext/sst/sst/checkpoints/arm_checkpoints.py" <<'PY'
gem5_run_script = "../../disaggregated_memory/configs/arm-stream-checkpoint-restore-unified-script.py"
chpt_dir = "/nonexistent/gem5wb/checkpoint"
cmd = [f"{gem5_run_script}", f"--chpt-dir={chpt_dir}", f"--take-chpt=False", f"--is-composable=True"]
PY
cat > "$g/checkpoints.md" <<'MD'
# Checkpoints (test README)
```sh
build/ARM/gem5.opt disaggregated_memory/configs/arm-numa-checkpoints.py --instance 0 --take-ckpt=True
```
```cpp
std::string physical_memory_file = "board.physmem.store0.pmem";
```
```sh
bin/sst --add-lib-path=./ sst/checkpoints/arm_checkpoints.py
```
MD
git init -q -b kg/dm-sst-checkpoints-ver2 "$g"
git -C "$g" add -A
git -C "$g" -c user.email=t@t -c user.name=t commit -qm fork
head=$(git -C "$g" rev-parse HEAD)

out=$("$bin" fork "$g")
for want in "commit   ${head:0:10} (kg/dm-sst-checkpoints-ver2)" \
            "DOES NOT PARSE (line 6:" "casts to ExternalMemory" "errors (" \
            "[responder-mismatch]" "README: checkpoints.md:9: bin/sst" "fix: check out af5a333e7f" \
            "[readme-pmem-edit]" "take-gem5-only disaggregated_memory/configs/arm-stream"; do
  [[ $out == *"$want"* ]] || { echo "missing '$want' in:"; echo "$out"; exit 1; }
done

# the default folder: ./gem5 of a workspace, then the current folder when it is a gem5 tree
(cd "$ws" && "$bin" fork --json) > "$t/ws.json"
(cd "$g" && "$bin" fork --json) > "$t/here.json"
echo "# edited" >> "$g/$cfg/arm-numa-checkpoints.py"
"$bin" fork "$g" --json > "$t/edited.json"
python3 - "$t" "$head" <<'PY'
import json, sys
t, head = sys.argv[1], sys.argv[2]
for name in ("ws", "here"):
    d = json.load(open(f"{t}/{name}.json"))
    assert d["ok"] and d["commit"] == head and d["branch"] == "kg/dm-sst-checkpoints-ver2", d
    ids = {f["id"]: f for f in d["findings"]}
    assert ids["config-syntax-error"]["line"] == 6 and ids["config-syntax-error"]["severity"] == "error"
    assert "checkpoints.md:3:" in ids["config-syntax-error"]["readme"], ids["config-syntax-error"]
    assert ids["responder-mismatch"]["severity"] == "error"
    assert d["sst"]["bridge"] == "backdoor" and d["sst"]["responder_target"] == "ExternalMemory"
    cfg = {c["path"]: c for c in d["configs"]}
    u = cfg["disaggregated_memory/configs/arm-stream-checkpoint-restore-unified-script.py"]
    assert u["dialect"] == "unified" and u["parse"] == "ok" and "--take-chpt" in u["options"], u
    assert u["memory"] == "OutgoingRequestBridge" and u["checkpoint_at"] == "<outdir>/checkpoint"
    assert d["use"]["take-gem5-only"]["ok"] and not d["use"]["restore-sst"]["ok"], d["use"]
    assert "af5a333e7f" in d["use"]["restore-sst"]["error"]
    assert not d["dirty"]
e = json.load(open(f"{t}/edited.json"))
assert e["dirty"] and e["edited"] == ["disaggregated_memory/configs/arm-numa-checkpoints.py"], e
PY

# a folder that is not the fork, a missing one, usage errors, help
rc=0; "$bin" fork "$t" 2> "$t/err" || rc=$?
[[ $rc == 1 ]] && grep -q "does not look like darchr's gem5 fork" "$t/err" || { cat "$t/err"; exit 1; }
rc=0; "$bin" fork "$t/nothing here" --json > "$t/out" 2> /dev/null || rc=$?
[[ $rc == 1 ]] && grep -q '"ok":[[:space:]]*false' "$t/out" || { cat "$t/out"; exit 1; }
rc=0; "$bin" fork a b 2> /dev/null || rc=$?
[[ $rc == 2 ]]
"$bin" fork --help | grep -q "where its README is wrong"
echo "fork_test: ok"

#!/usr/bin/env bash
# End-to-end test of the knowledge-base commands: `kb list` with its filters, `kb show`, `kb
# markdown` and `diagnose` on real captured logs (one copied to a folder whose name has spaces
# and quotes, with CRLF and colours), --tool, a clean log, a missing log and a folder, usage
# errors, and GEM5WB_KB naming another file (a broken one refused naming it). --json parsed by
# python3. Usage: tests/kb_cli_test.sh  (GEM5WB_BIN and GEM5WB_SHARED as tests/run.sh sets them)
set -euo pipefail

cd "$(dirname "$0")/.."
bin=${GEM5WB_BIN:?set GEM5WB_BIN to the gem5wb binary}
fx=${GEM5WB_SHARED:?set GEM5WB_SHARED to the shared folder}/fixtures
name=kb_cli
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset GEM5WB_KB
source tests/cli_lib.sh

step="kb list"
gw kb list
expect_rc 0
has "sst-mpi-err-count"
n=$(python3 -c 'import json; print(len(json.load(open("docs/kb.json"))["entries"]))')
has "$n of $n entries (built-in)"
gw kb list --json
expect_rc 0
jcheck 'd["source"] == "built-in" and len(d["entries"]) >= 30'
jcheck 'all(set(e) == {"id", "title", "kind", "tools", "steps", "preflight", "action"}
         for e in d["entries"])'

step="kb list filters"
gw kb list --tool packer --json
expect_rc 0
jcheck 'd["entries"] and all("packer" in e["tools"] for e in d["entries"])'
gw kb list --step restore-sst --search "MPI isend" --json
expect_rc 0
jcheck '[e["id"] for e in d["entries"]] == ["sst-mpi-err-count"]'
gw kb list --search "no such words anywhere"
expect_rc 0
has "0 of"
gw kb list --tool bash
expect_rc 2
err_has "unknown tool 'bash'"

step="kb show"
gw kb show sst-mpi-err-count
expect_rc 0
has "MPI_ERR_COUNT"
has "gem5wb fix sst-mpi-err-count"
has "pre-flight check: sst-init-volume"
gw kb show sst-mpi-err-count --json
expect_rc 0
jcheck 'd["commits"]["from"] == "117b7c7bef" and d["commits"]["to"] == "7d4cb1dc8e"'
jcheck 'd["action"].startswith("set-param") and d["fix"] and d["evidence"]'
gw kb show no-such-entry --json
expect_rc 1
jcheck 'd["ok"] is False and "no-such-entry" in d["error"]'
gw kb show
expect_rc 2

step="kb markdown"
gw kb markdown
expect_rc 0
has "# Troubleshooting: the known issues"
has "## packer-ssh-timeout"
has "Apply it with \`gem5wb fix m5cpt-crlf\`"
has "Predicted by the pre-flight check \`sst-init-volume\`"
[[ $out == "$(cat docs/troubleshooting.md)" ]] || fail "docs/troubleshooting.md is out of date"
gw kb markdown --json
expect_rc 0
jcheck 'd["markdown"].startswith("# Troubleshooting")'

step="diagnose a log in a folder with spaces"
dir="$tmp/logs with 'quotes' \"and\" spaces"
mkdir -p "$dir"
cp "$fx/gem5-run/gem5-run-restore-ckpt-changed-mem-size.pty.raw.log" "$dir/restore run.log"
gw diagnose "$dir/restore run.log" --tool gem5
expect_rc 0
has "1 known issue in"
has "gem5-mem-size-changed"
has "line 14: src/mem/physical.cc:470: fatal: Memory range size has changed! Saw 268435456"
has "fix:"
gw diagnose "$dir/restore run.log" --json
expect_rc 0
jcheck 'd["matched"] and d["tool"] == "gem5" and d["tool_guessed"] and d["lines"] > 14'
jcheck '[h["id"] for h in d["hits"]] == ["gem5-mem-size-changed"]'   # not the SST entries
jcheck '"gem5-mem-size-changed" in [h["id"] for h in d["hits"]]'
jcheck '[h for h in d["hits"] if h["id"] == "gem5-mem-size-changed"][0]["lines"][0]["line"] == 14'
jcheck 'all(h["count"] >= len(h["lines"]) and h["explain"] and h["fix"] for h in d["hits"])'

step="diagnose with --tool"
gw diagnose "$dir/restore run.log" --tool sst --json
expect_rc 0
jcheck '[h["id"] for h in d["hits"]] == ["sst-script-mismatch"]'
gw diagnose "$fx/packer/packer-build-local-iso-ssh-timeout.pty.raw.log" --tool packer --json
expect_rc 0
jcheck '[h["id"] for h in d["hits"]] == ["packer-ssh-timeout"]'
jcheck 'd["hits"][0]["lines"][0]["text"] == "==> qemu: Timeout waiting for SSH."'
gw diagnose "$fx/autotools-sst/sst-core-configure-default-no-mpicc.raw.log" --tool make --json
expect_rc 0
jcheck '[h["id"] for h in d["hits"]] == ["sst-core-no-mpi"]'

step="diagnose a clean log"
gw diagnose "$fx/gem5-scons/m5-x86-build.pipe.raw.log"
expect_rc 1
has "no known issue matches its 39 lines"
gw diagnose "$fx/gem5-scons/m5-x86-build.pipe.raw.log" --json
expect_rc 1
jcheck 'd["matched"] is False and d["hits"] == [] and d["lines"] == 39'

step="diagnose what cannot be read"
gw diagnose "$tmp/no such.log"
expect_rc 1
err_has "cannot read $tmp/no such.log: No such file or directory"
gw diagnose "$tmp/no such.log" --json
expect_rc 1
jcheck 'd["ok"] is False and "no such.log" in d["error"]'
gw diagnose "$dir"
expect_rc 1
err_has "cannot read $dir"
gw diagnose
expect_rc 2
gw diagnose "$dir/restore run.log" --tool bash
expect_rc 2
err_has "unknown tool 'bash'"

step="GEM5WB_KB"
cat >"$tmp/kb.json" <<'EOF'
{"version": 1, "entries": [{"id": "hello-line", "title": "says hello", "kind": "info",
 "tools": ["gem5"], "steps": [], "patterns": [{"tool": "", "text": "hello"}],
 "preflight": "", "explain": "It greets.", "fix": ["Nothing to do."], "action": "",
 "evidence": [{"file": "tests/kb/x.log", "line": "hello"}]}]}
EOF
printf 'a\r\n\033[32mhello\033[0m world\r\n' >"$dir/greet.log"
GEM5WB_KB="$tmp/kb.json" gw diagnose "$dir/greet.log" --json
expect_rc 0
jcheck '([(h["id"], h["lines"][0]["line"], h["lines"][0]["text"]) for h in d["hits"]] ==
         [("hello-line", 2, "hello world")])'
GEM5WB_KB="$tmp/kb.json" gw kb list --json
jcheck 'd["source"].endswith("kb.json") and [e["id"] for e in d["entries"]] == ["hello-line"]'
sed -i 's/"hello-line"/"Hello Line"/' "$tmp/kb.json"
GEM5WB_KB="$tmp/kb.json" gw kb list
expect_rc 1
err_has "$tmp/kb.json: entry 1: id 'Hello Line' is not lower-case words joined by dashes"

echo "kb_cli: all steps passed"

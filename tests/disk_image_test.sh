#!/usr/bin/env bash
# gem5wb disk-image end to end: both architectures written into a workspace whose name has
# spaces and quotes, real `packer validate` on both templates (as gem5wb runs it and by hand),
# a broken template and a missing provisioner source whose packer message reaches gem5wb's
# output, edits kept or backed up, and the boot script's logic run against a fake m5.
set -euo pipefail
bin=${GEM5WB_BIN:?}
command -v packer >/dev/null || { echo "packer is not installed: apt-get install packer"; exit 1; }
t=$(mktemp -d "/tmp/gem5wb disk.XXXXXX")
trap 'rm -rf "$t"' EXIT
ws="$t/ws 'a' \"b\""
mkdir -p "$ws"
export GEM5WB_DEV_KVM="$t/no-kvm"      # no KVM, whatever this machine has: emulated builds
unset GEM5WB_WORKSPACE

check() {  # check FILE PYTHON-ASSERTIONS (d = the parsed JSON, ws = the workspace)
  python3 - "$1" "$ws" "$2" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); ws = sys.argv[2]
exec(sys.argv[3])
PY
}

for arch in x86 arm64; do
  mkdir -p "$ws/gem5/util/m5/build/$arch/out"
  echo "not really m5" > "$ws/gem5/util/m5/build/$arch/out/m5"
  "$bin" disk-image write "$ws" --arch "$arch" --json > "$t/write.json"
  check "$t/write.json" "
assert d['ok'] and d['arch'] == '$arch', d
assert d['dir'] == ws + '/disk-image', d['dir']
assert d['accelerator'] == 'tcg' and d['timeout_scale'] == 10 and d['ssh_timeout'] == '600m', d
assert any('runs emulated' in w for w in d['warnings']), d['warnings']
assert not any('m5 is not built' in w for w in d['warnings']), d['warnings']
assert d['artifact'] == ws + '/disk-image/hack-back/hack-back-image/hack-back', d['artifact']
assert d['commands'][0] == {'cwd': ws + '/disk-image',
                            'argv': ['packer', 'validate', 'hack-back/hack-back.json']}, d
assert d['commands'][1]['argv'] == ['packer', 'build', 'hack-back/hack-back.json'], d
states = {f['path']: f['state'] for f in d['files']}
assert states['hack-back/hack-back.json'] in ('created', 'updated'), states
"
  "$bin" disk-image validate "$ws" --json > "$t/validate.json"
  check "$t/validate.json" "assert d['ok'] and d['exit'] == 0 and d['message'] == '', d"
  (cd "$ws/disk-image" && packer validate hack-back/hack-back.json)
done
python3 -c "import yaml" 2>/dev/null &&
  python3 -c "import sys, yaml; assert yaml.safe_load(open(sys.argv[1]))['autoinstall']" \
    "$ws/disk-image/shared/user-data"

# The text form: what was written, the warning, the commands to paste.
"$bin" disk-image write "$ws" --arch arm64 > "$t/out" 2> "$t/err"
grep -q "unchanged  hack-back/hack-back.json" "$t/out"
grep -q "&& packer build hack-back/hack-back.json)" "$t/out"
grep -q "^warning: no KVM for this guest" "$t/err"

# A broken template: an unknown builder key added by hand. packer's message reaches the
# JSON and the text output; exit 1.
tpl="$ws/disk-image/hack-back/hack-back.json"
python3 - "$tpl" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); d['builders'][0]['disk_sizee'] = '1'
json.dump(d, open(sys.argv[1], 'w'), indent=2)
PY
set +e
"$bin" disk-image validate "$ws" --json > "$t/bad.json"; rc=$?
"$bin" disk-image validate "$ws" > /dev/null 2> "$t/bad.err"; rc2=$?
set -e
[[ $rc -eq 1 && $rc2 -eq 1 ]] || { echo "validate of a broken template exited $rc/$rc2"; exit 1; }
check "$t/bad.json" "
assert not d['ok'] and d['exit'] == 1, d
assert 'unknown configuration key: \'\"disk_sizee\"\'' in d['message'], d['message']
assert any('disk_sizee' in x for x in d['diagnostics']), d
"
grep -q "unknown configuration key" "$t/bad.err"

# The edited template survives a write; --force replaces it and keeps the edit as a backup.
"$bin" disk-image write "$ws" --arch arm64 --json > "$t/kept.json"
check "$t/kept.json" "
assert [f['state'] for f in d['files'] if f['path'] == 'hack-back/hack-back.json'] == ['kept']"
grep -q disk_sizee "$tpl"
"$bin" disk-image write "$ws" --arch arm64 --force --json > "$t/forced.json"
check "$t/forced.json" "
f = [f for f in d['files'] if f['path'] == 'hack-back/hack-back.json'][0]
assert f['state'] == 'replaced' and f['backup'].endswith('hack-back.json.gem5wb-backup'), f"
grep -q disk_sizee "$tpl.gem5wb-backup"
if grep -q disk_sizee "$tpl"; then echo "--force left the edit in place"; exit 1; fi
"$bin" disk-image validate "$ws" > /dev/null

# A file provisioner source that is missing (m5 not built): packer names it.
rm "$ws/gem5/util/m5/build/arm64/out/m5"
set +e
"$bin" disk-image validate "$ws" --json > "$t/nom5.json"; rc=$?
set -e
[[ $rc -eq 1 ]] || { echo "validate without m5 exited $rc"; exit 1; }
check "$t/nom5.json" "
assert \"Bad source '../gem5/util/m5/build/arm64/out/m5'\" in d['message'], d['message']
assert 'no such file or directory' in d['message'], d['message']"
"$bin" disk-image write "$ws" --arch arm64 > /dev/null 2> "$t/err"
grep -q "m5 is not built yet" "$t/err"

# Usage errors exit 2.
set +e
"$bin" disk-image frobnicate "$ws" 2>/dev/null; rc=$?
"$bin" disk-image write "$ws" --set memory=lots 2>/dev/null; rc2=$?
set -e
[[ $rc -eq 2 && $rc2 -eq 2 ]] || { echo "usage errors exited $rc/$rc2"; exit 1; }

# The boot script with a fake m5: checkpoint once, then the readfile script runs (with or
# without #!); an empty one gives a shell, then m5 exit; a second pass exits at once. The
# script splits $M5 into words, so the fake lives in a folder without spaces.
b=$(mktemp -d /tmp/gem5wb-boot.XXXXXX)
trap 'rm -rf "$t" "$b"' EXIT
cat > "$b/fake-m5" <<'SH'
#!/bin/sh
echo "$*" >> "$FAKE_LOG"
case "$*" in
*readfile) printf '%b' "$FAKE_SCRIPT" ;;
*exit) kill -TERM "$PPID" ;;      # gem5 ends the simulation: the script goes no further
esac
SH
chmod +x "$b/fake-m5"
sed -e "s|^M5=\"/sbin/m5 --addr=0x10010000\"\$|M5=\"$b/fake-m5 --addr=0x10010000\"|" \
    -e "s|/tmp/runscript|$b/runscript|g" "$ws/disk-image/hack-back/gem5-init.sh" > "$b/boot.sh"
grep -q "^M5=\"$b/fake-m5 --addr=0x10010000\"$" "$b/boot.sh"
boot() {  # boot SCRIPT-TEXT [PASS]: the boot script's output, then the m5 calls joined by ';'
  rm -f "$b/log" "$b/runscript"
  FAKE_LOG="$b/log" FAKE_SCRIPT="$1" GEM5WB_BOOT_PASS="${2:-}" sh "$b/boot.sh" < /dev/null 2>&1 ||
    true
  tr '\n' ';' < "$b/log"
}
a='--addr=0x10010000'
out=$(boot '#!/bin/sh\necho ran pass $GEM5WB_BOOT_PASS\n')
[[ $out == *"ran pass 2"*"$a checkpoint;$a readfile;" ]] ||
  { echo "boot with a script: $out"; exit 1; }
out=$(boot 'echo no shebang here\n')
[[ $out == *"no shebang here"*"$a checkpoint;$a readfile;" ]] ||
  { echo "boot with a plain script: $out"; exit 1; }
out=$(boot '')
[[ $out == *"no run script given"*"$a checkpoint;$a readfile;$a exit;" ]] ||
  { echo "boot without a script: $out"; exit 1; }
out=$(boot 'echo never\n' 1)
[[ $out == *"second pass"*"$a exit;" && $out != *never* && $out != *checkpoint* ]] ||
  { echo "second pass: $out"; exit 1; }
echo "disk-image: ok"

# Helpers the CLI end-to-end tests share: run gem5wb keeping its stdout, stderr and exit code,
# then check them (text, or --json parsed by python3). Source it after setting name (the test's
# name in failures), bin (the binary) and tmp (a scratch folder); set step before each part.
step="setup"
fail() { echo "$name: FAIL at step '$step': $*" >&2; exit 1; }
gw() { rc=0; out=$("$bin" "$@" 2>"$tmp/stderr") || rc=$?; err=$(cat "$tmp/stderr"); }
expect_rc() { [[ $rc == "$1" ]] || fail "exit $rc (expected $1): $out $err"; }
jcheck() {
    python3 -c 'import json,sys; d=json.load(sys.stdin); sys.exit(0 if eval(sys.argv[1]) else 1)' \
        "$1" <<<"$out" || fail "JSON check failed: $1 in $out"
}
has() { [[ $out == *"$1"* ]] || fail "output lacks '$1': $out"; }
err_has() { [[ $err == *"$1"* ]] || fail "stderr lacks '$1': $err"; }

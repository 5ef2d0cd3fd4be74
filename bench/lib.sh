# Helpers the benchmark scripts share: timing a command (best of N), a field of a command's
# output (smallest of N), ratios, and the ok/MISSED verdict against a target.
best_of() {   # seconds of the fastest of N runs of a command (its exit status ignored:
  local n=$1; shift; local best=""   # `cpt verify` exits 1 when it finds problems)
  for _ in $(seq "$n"); do
    local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; t1=$(date +%s.%N)
    best=$(echo "$t0 $t1 $best" | awk '{d=$2-$1; if ($3=="" || d<$3) print d; else print $3}')
  done; echo "$best"
}
min_field() {  # smallest value of field F over N runs of a command
  local n=$1 f=$2; shift 2; local best=""
  for _ in $(seq "$n"); do
    local v; v=$("$@" | awk -v f="$f" '{print $f}')
    best=$(echo "$v $best" | awk '{if ($2=="" || $1<$2) print $1; else print $2}')
  done; echo "$best"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else printf "%.3f", a / b }'; }
verdict() { awk -v r="$1" -v lim="$2" -v dir="$3" 'BEGIN { ok = dir == "le" ? r <= lim : r >= lim; print ok ? "ok" : "MISSED" }'; }

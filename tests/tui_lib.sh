# The tmux harness the workbench tests share (source it): a private tmux server, the
# binary started in a pinned environment, keys, screen snapshots, waits with a deadline.
# Needs: bin (the binary), repo (the source tree), test_name; sets tmp, scr, target.

command -v tmux >/dev/null || { echo "$test_name: tmux is not installed (make deps installs it)" >&2; exit 1; }
[[ -x $bin ]] || { echo "$test_name: $bin is not an executable" >&2; exit 1; }
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
step="setup"

fail() {
    echo "$test_name: FAIL at step '$step': $*" >&2
    if [[ -n ${last_screen:-} ]]; then
        echo "--- last screen ---" >&2
        printf '%s\n' "$last_screen" >&2
    fi
    exit 1
}

tmp=$(cd "$(mktemp -d)" && pwd -P)    # physical path: the title shows getcwd()
mkdir "$tmp/work"
sock="gem5wb-$test_name-$$"             # own server: never touches the user's sessions
cat >"$tmp/tmux.conf" <<'EOF'
set -g status off
set -g remain-on-exit on
set -g escape-time 0
EOF

tm() { tmux -u -L "$sock" -f "$tmp/tmux.conf" "$@"; }
cleanup() {
    local path   # the server does not remove its socket file on kill-server
    path=$(tm display-message -p '#{socket_path}' 2>/dev/null) || true
    tm kill-server >/dev/null 2>&1 || true
    [[ -n $path && -S $path ]] && rm -f "$path"
    rm -rf "$tmp"
}
trap cleanup EXIT

# extra_env: more NAME=value for the binary's environment (a test may set it)
extra_env=()

# start SESSION LANG [ARGS...]: the binary in a pinned environment, cwd $HOME/work. A small sh
# around it writes the exit status to $tmp/SESSION.status once the binary is reaped:
# tmux's own #{pane_dead_status} is unreliable (the 3.3 server here can miss SIGCHLD
# and leave the pane "dead" with no status). `trap : INT` keeps Ctrl-C for the binary.
start() {
    target=$1
    rm -f "$tmp/$1.status"
    tm new-session -d -x 100 -y 30 -s "$1" -c "$tmp/work" \
        env -i TERM=xterm-256color LANG="$2" HOME="$tmp" PATH=/usr/bin:/bin ESCDELAY=25 \
        ${extra_env[@]+"${extra_env[@]}"} \
        GEM5WB_THEMES="$repo/themes" \
        sh -c 'trap : INT; ulimit -c 0; s=$1; shift; "$0" "$@"; echo "$?" >"$s.tmp" && mv "$s.tmp" "$s"' \
        "$bin" "$tmp/$1.status" "${@:3}"
}

# The binary's pid: the pane runs the sh above, the binary is its only child.
bin_pid() { pgrep -P "$(tm display-message -p -t "=$target:" '#{pane_pid}')"; }

# keys KEY...: to the current session; "=name:" makes tmux match the name exactly.
keys() { tm send-keys -t "=$target:" "$@"; }

# typed LINE: a : command, its keys taken in order, then Enter.
typed() { keys :; keys -l "$1"; keys Enter; }

# snap: one capture of the pane into $scr; every check reads a single snapshot.
snap() {
    scr=$(tm capture-pane -p -t "=$target:")
    last_screen=$scr
}

# wait_for SECONDS COMMAND...: polls until COMMAND succeeds, at most SECONDS.
wait_for() {
    local secs=$1 deadline
    shift
    deadline=$(($(date +%s%N) + secs * 1000000000))
    while (($(date +%s%N) < deadline)); do
        "$@" && return 0
        sleep 0.1
    done
    fail "timed out after $secs s waiting for: $*"
}

# wait_until COMMAND...: at most 10 s; wait_long: at most 40 s, for a job's whole run.
wait_until() { wait_for 10 "$@"; }
wait_long() { wait_for 40 "$@"; }

has() { [[ $scr == *"$1"* ]]; }
shows() { snap; has "$1"; }
lacks() { snap; ! has "$1"; }
shows_all() { local w; snap; for w in "$@"; do has "$w" || return 1; done; }

exited() { [[ -s $tmp/$target.status ]]; }
dead_status() { cat "$tmp/$target.status"; }


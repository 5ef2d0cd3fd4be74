#!/usr/bin/env bash
# End-to-end test of the workbench home screen, driven through a detached tmux 100x30:
# list, move, help, Enter, too-small on resize; q, Esc, Ctrl-C, SIGTERM and a crash all
# restore the terminal.
# Usage: tests/tui_home_test.sh [BINARY]  (opens the workbench when run with no arguments;
# default $GEM5WB_BIN, as tests/run.sh exports it)
#
# Every wait polls the screen every 0.1 s against a 10 s deadline, so the test is as
# fast as the program and a hang fails with the step named instead of blocking CI.
set -euo pipefail

bin=${1:-${GEM5WB_BIN:-}}
[[ -n $bin ]] || { echo "usage: tests/tui_home_test.sh BINARY (or set GEM5WB_BIN)" >&2; exit 2; }
repo=$(cd "$(dirname "$0")/.." && pwd)
step="setup"

fail() {
    echo "tui_home: FAIL at step '$step': $*" >&2
    if [[ -n ${last_screen:-} ]]; then
        echo "--- last screen ---" >&2
        printf '%s\n' "$last_screen" >&2
    fi
    exit 1
}

command -v tmux >/dev/null || fail "tmux is not installed (make deps installs it)"
[[ -x $bin ]] || fail "$bin is not an executable"
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")

tmp=$(cd "$(mktemp -d)" && pwd -P)    # physical path: the title shows getcwd()
mkdir "$tmp/work"
sock="gem5wb-tui-home-$$"             # own server: never touches the user's sessions
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

# start SESSION LANG: the binary in a pinned environment, cwd $HOME/work. A small sh
# around it writes the exit status to $tmp/SESSION.status once the binary is reaped:
# tmux's own #{pane_dead_status} is unreliable (the 3.3 server here can miss SIGCHLD
# and leave the pane "dead" with no status). `trap : INT` keeps Ctrl-C for the binary.
start() {
    target=$1
    rm -f "$tmp/$1.status"
    tm new-session -d -x 100 -y 30 -s "$1" -c "$tmp/work" \
        env -i TERM=xterm-256color LANG="$2" HOME="$tmp" PATH=/usr/bin:/bin ESCDELAY=25 \
        GEM5WB_THEMES="$repo/themes" \
        sh -c 'trap : INT; ulimit -c 0; "$0"; echo "$?" >"$1.tmp" && mv "$1.tmp" "$1"' \
        "$bin" "$tmp/$1.status"
}

# The binary's pid: the pane runs the sh above, the binary is its only child.
bin_pid() { pgrep -P "$(tm display-message -p -t "=$target:" '#{pane_pid}')"; }

# keys KEY...: to the current session; "=name:" makes tmux match the name exactly.
keys() { tm send-keys -t "=$target:" "$@"; }

# snap: one capture of the pane into $scr; every check reads a single snapshot.
snap() {
    scr=$(tm capture-pane -p -t "=$target:")
    last_screen=$scr
}

# wait_until COMMAND...: polls until COMMAND succeeds, at most 10 s.
wait_until() {
    local deadline=$(($(date +%s%N) + 10000000000))
    while (($(date +%s%N) < deadline)); do
        "$@" && return 0
        sleep 0.1
    done
    fail "timed out after 10 s waiting for: $*"
}

has() { [[ $scr == *"$1"* ]]; }
shows() { snap; has "$1"; }
lacks() { snap; ! has "$1"; }
shows_all() { local w; snap; for w in "$@"; do has "$w" || return 1; done; }

# Readers of the home screen's layout in $scr: list rows between "┌ Commands" and its
# "└", "▸" on the selected row, names padded by two blanks, the detail box below.
list_rows() { awk '/^┌ Commands /{f=1; next} f && /^└/{exit} f' <<<"$scr"; }
row_name() { list_rows | sed -n "${1}p" | sed -E 's/^│(▸| ) //; s/  .*//'; }
selected_name() { list_rows | grep -F '▸' | sed -E 's/^│▸ //; s/  .*//'; }
detail_title() { grep -E '^┌ ' <<<"$scr" | grep -vF '┌ Commands ' | sed -E 's/^┌ //; s/ ─.*//'; }
example() { grep -E '^│ example ' <<<"$scr" | sed -E 's/^│ example +//; s/ *│$//'; }

exited() { [[ -s $tmp/$target.status ]]; }
dead_status() { cat "$tmp/$target.status"; }

step="start"
start home C.UTF-8
wait_until shows_all "gem5wb  ~/work" "cpt info" "┌ Commands " "? help"
[[ $(tm display-message -p -t =home: '#{pane_width}x#{pane_height}') == 100x30 ]] ||
    fail "pane is not 100x30"

step="first row selected"
snap
row1=$(row_name 1) || true   # a missing row is reported just below
row2=$(row_name 2) || true
[[ -n $row1 && -n $row2 && $row1 != "$row2" ]] || fail "cannot read two command rows"
[[ $(selected_name) == "$row1" ]] || fail "selection is not on '$row1'"
[[ $(detail_title) == "$row1" ]] || fail "detail box is not about '$row1'"
ex1=$(example) || true
[[ -n $ex1 ]] || fail "no example line in the detail box"

step="j moves the selection"
moved() {
    snap
    [[ $(selected_name) == "$row2" && $(detail_title) == "$row2" ]] &&
        [[ $(example) != "$ex1" ]] && has "2 of "
}
keys j
wait_until moved
ex2=$(example) || true

step="Enter shows how to run it"
keys Enter
wait_until shows "Run from a shell: ${ex2%…}"

step="? opens the help overlay"
keys '?'
wait_until shows_all "Keys: home" "show or hide this help" "leave gem5wb" "any key closes"

step="? closes the help overlay"
keys '?'
wait_until lacks "any key closes"

step="resize to 60x20"
tm resize-window -t =home: -x 60 -y 20
wait_until shows "terminal too small: need 80x24, have 60x20"

step="resize back to 100x30"
tm resize-window -t =home: -x 100 -y 30
back() { snap; ! has "too small" && has "┌ Commands " && [[ $(selected_name) == "$row2" ]]; }
wait_until back

step="q quits"
keys q
wait_until exited
[[ $(dead_status) == 0 ]] || fail "exit status $(dead_status), expected 0"
wait_until lacks "┌ Commands "   # the alternate screen is gone: terminal restored

step="Ctrl-C quits and restores the terminal"
start intr C.UTF-8
wait_until shows "┌ Commands "
keys C-c
wait_until exited
[[ $(dead_status) != 0 ]] || fail "Ctrl-C should not exit with status 0"
wait_until lacks "┌ Commands "

step="SIGTERM quits and restores the terminal"
start term C.UTF-8
wait_until shows "┌ Commands "
pid=$(bin_pid) || fail "cannot find the binary's pid"
kill -TERM "$pid"
wait_until exited
[[ $(dead_status) != 0 ]] || fail "SIGTERM should not exit with status 0"
wait_until lacks "┌ Commands "

step="a crash (SIGSEGV) restores the terminal and still crashes"
start crash C.UTF-8
wait_until shows "┌ Commands "
pid=$(bin_pid) || fail "cannot find the binary's pid"
kill -SEGV "$pid"
wait_until exited
[[ $(dead_status) == 139 ]] || fail "exit status $(dead_status), expected 139 (SIGSEGV)"
wait_until lacks "┌ Commands "

step="ASCII lines outside a UTF-8 locale"
start ascii C
wait_until shows_all "+ Commands -" "|> "
keys Escape
wait_until exited
[[ $(dead_status) == 0 ]] || fail "Esc: exit status $(dead_status), expected 0"

echo "tui_home: all steps passed"

#!/usr/bin/env bash
# End-to-end test of the : command prompt, driven through a detached tmux 100x30: Tab
# completes command names from the CLI's table and paths (quoted), the line is checked as
# it is typed (an unknown command is refused inline), `cpt sample DIR` runs as a job and
# makes the checkpoint, `theme light` recolours at once, `quit` ends the workbench.
set -euo pipefail

bin=${1:-${GEM5WB_BIN:-}}
[[ -n $bin ]] || { echo "usage: tests/tui_command_test.sh BINARY (or set GEM5WB_BIN)" >&2; exit 2; }
repo=$(cd "$(dirname "$0")/.." && pwd)
test_name=tui_command
. "$repo/tests/tui_lib.sh"
extra_env=("XDG_CONFIG_HOME=$tmp/config dir")   # :theme must not touch the user's settings

title_look() { tm capture-pane -e -p -t "=$target:" | head -1; }
prompt_open() { shows "Esc cancel"; }

step="workspace, and a folder with a space and a quote to complete"
"$bin" init "$tmp/work" > /dev/null
mkdir "$tmp/work/abc 'dir'"
start cmd C.UTF-8
wait_until shows "┌ Workflow "

step=": then 'cpt sa' Tab completes to 'cpt sample'"
keys :
wait_until prompt_open
keys "cpt sa" Tab
wait_until shows " :cpt sample"
keys C-u "cpt sample --lo" Tab
wait_until shows " :cpt sample --local"

step="a group alone lists its commands; Tab on a path quotes it"
keys C-u cpt
wait_until shows "'cpt' needs one of: info verify sections"
keys C-u "cpt info ab" Tab
wait_until shows " :cpt info 'abc '\\''dir'\\''/'"

step="the line is checked as it is typed; an unknown command is refused"
keys C-u "cpt s"
wait_until shows "'cpt s' is not a command yet: sections set sample"
keys C-u "theme nosuch"
wait_until shows "no theme 'nosuch': "
keys C-u foo
wait_until shows "no command 'foo' (Tab lists them)"
keys Enter
wait_until shows_all " :foo" "no command 'foo' (Tab lists them)"
keys Escape
wait_until lacks "no command 'foo'"

step=":cpt sample DIR runs as a job and makes the checkpoint"
out="$tmp/work/ck 'one' dir"
keys :
wait_until prompt_open
keys -l "cpt sample 'ck '\\''one'\\'' dir' --local 64MiB --remote 64MiB"
wait_until lacks "needs one of"
keys Enter
made() { [[ -s $out/checkpoint/m5.cpt ]]; }
wait_until made
wait_until shows "gem5wb cpt sample 'ck '\\''one'\\'' dir' --local 64MiB --remote 64MiB"
"$bin" cpt info "$out/checkpoint" --json > /dev/null || fail "cpt info cannot read $out"
keys Escape
wait_until shows "┌ Workflow "

step=":theme light recolours at once and says so"
before=$(title_look)
keys :
wait_until prompt_open
keys "theme light" Enter
wait_until shows "theme light"
[[ $(title_look) != "$before" ]] || fail "the title looks the same after :theme light"

step=":quit ends the workbench"
keys :
wait_until prompt_open
keys quit Enter
wait_until exited
[[ $(dead_status) == 0 ]] || fail "exit status $(dead_status), not 0"
echo "tui_command: all steps passed"

#!/usr/bin/env bash
# End-to-end test of the frame's shared parts in tmux: the help overlay generated from the
# key table, a theme switch in the settings view (applied at once, saved under
# $XDG_CONFIG_HOME/gem5wb, used by the next start), NO_COLOR, a broken settings file, and
# the mouse (a click on a key hint works as the key, the wheel scrolls).
set -euo pipefail

bin=${1:-${GEM5WB_BIN:-}}
[[ -n $bin ]] || { echo "usage: tests/tui_settings_test.sh BINARY (or set GEM5WB_BIN)" >&2; exit 2; }
repo=$(cd "$(dirname "$0")/.." && pwd)
test_name=tui_settings
. "$repo/tests/tui_lib.sh"

cfg="$tmp/config 'x' dir"
settings="$cfg/gem5wb/settings"
extra_env=("XDG_CONFIG_HOME=$cfg")

# The title line with its colour escapes: what a theme changes.
title_look() { tm capture-pane -e -p -t "=$target:" | head -1; }
colours() { tm capture-pane -e -p -t "=$target:" | grep -cE $'\e\\[(3[0-7]|4[0-7]|38;5)' || true; }

step="help overlay"
start home C.UTF-8
wait_until shows_all "gem5wb  ~/work" "q/Esc quit" ": command"
keys '?'
wait_until shows_all "Keys: home" "type the selected command at the : prompt" "leave gem5wb" \
    "theme, line drawing and mouse" "any key closes"
keys x
wait_until lacks "any key closes"
has "no action on 'x'" && fail "the key that closed the help also acted"

step="theme switch"
before=$(title_look)
keys S
wait_until shows_all "┌ Settings " "Theme          default" "$settings"
keys Right
wait_until shows "saved in $settings"
snap
switched=$(grep -oE 'Theme +[a-z-]+' <<<"$scr" | awk '{print $2}')
[[ -n $switched && $switched != default ]] || fail "the theme did not change: '$switched'"
after=$(title_look)
[[ $after != "$before" ]] || fail "the title looks the same after switching to $switched"
grep -qx "theme = $switched" "$settings" || fail "settings file: $(cat "$settings")"

step="mouse: a click on a hint, the wheel"
keys q
wait_until shows "? help"
snap
hint=$(tail -1 <<<"$scr")
pre=${hint%%\? help*}
keys -l $'\e[<0;'"$((${#pre} + 1))"$';30M' $'\e[<0;'"$((${#pre} + 1))"$';30m'
wait_until shows "Keys: home"
keys q
wait_until lacks "any key closes"
wait_until shows "1 of "
keys -l $'\e[<65;10;10M'
wait_until shows "4 of "
keys q
wait_until exited

step="the saved theme is used at the next start"
start again C.UTF-8
wait_until shows "q/Esc quit"
[[ $(title_look) == "$after" ]] || fail "the next start does not use $switched"
keys S
wait_until shows "Theme          $switched"
keys q q
wait_until exited

step="NO_COLOR"
extra_env=("XDG_CONFIG_HOME=$cfg" "NO_COLOR=1")
start nocolor C.UTF-8
wait_until shows "q/Esc quit"
[[ $(colours) == 0 ]] || fail "colours on screen with NO_COLOR set"
keys q
wait_until exited

step="a broken settings file is reported, not fatal"
printf 'theme = light\nthis line is wrong\n' > "$settings"
extra_env=("XDG_CONFIG_HOME=$cfg")
start broken C.UTF-8
wait_until shows "settings:2: not a \"key = value\" line (settings ignored)"
keys q
wait_until exited
[[ $(dead_status) == 0 ]] || fail "exit status $(dead_status)"
echo "tui_settings: all steps passed"

#!/bin/sh
# Runs a test on a private virtual X display (the GUI tests).
#
# -noreset: by default an X server resets when its last client disconnects,
# and drops a client that connects during the reset. In the AT-SPI test the
# accessibility bus launcher is often the only client and leaves just as the
# application connects, which then failed with "cannot open display" (1 run in
# about 10 with two GUI tests side by side; the strace shows the server hanging
# up on the connection right after the authorisation was sent).
#
# -displayfd: the server picks a free display itself and writes its number
# once it accepts connections. `xvfb-run -a` picks one by looking for lock
# files, so two copies starting together can choose the same number.
set -eu
scratch=$(mktemp -d "${TMPDIR:-/tmp}/cpis-xvfb-XXXXXX")
xvfb=
cleanup () {
  if [ -n "$xvfb" ]; then
    kill "$xvfb" 2>/dev/null || true
    wait "$xvfb" 2>/dev/null || true
  fi
  rm -rf "$scratch"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# One cookie for whichever display the server picks: an Xauthority entry of
# the "wild" family, with no address and no display number, matches them all.
auth="$scratch/Xauthority"
printf 'ffff 0000  0000  0012 4d49542d4d414749432d434f4f4b49452d31 0010 %s\n' "$(mcookie)" |
  xauth -q -f "$auth" nmerge - 2>/dev/null

mkfifo "$scratch/display"
Xvfb -displayfd 3 -noreset -screen 0 1280x800x24 -nolisten tcp -auth "$auth" \
  3>"$scratch/display" 2>"$scratch/xvfb.log" &
xvfb=$!
if ! read -r display <"$scratch/display"; then
  echo "run-xvfb: Xvfb did not start:" >&2
  cat "$scratch/xvfb.log" >&2
  exit 1
fi

status=0
DISPLAY=":$display" XAUTHORITY="$auth" "$@" || status=$?
exit $status

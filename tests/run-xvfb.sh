#!/bin/sh
# Runs a GUI test on a private virtual X display, in a private D-Bus session
# started inside that display, with a private runtime folder and home: two
# GUI tests side by side share nothing but the machine.
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
#
# The D-Bus session: otherwise every GUI test talks to the one bus of
# whoever ran meson (the suite's, or a desktop's), and what the application
# starts on it is shared: the window asks for the secret service, which D-Bus
# starts once (gnome-keyring-daemon, in the real home, its control socket in
# the shared runtime folder) and every later test talks to. Started inside the
# X server, so that an accessibility registry started in it sends keys to this
# display. The runtime folder holds the accessibility bus's socket and the
# keyring's; the home, the keyring's files and anything GTK writes.
#
# A test that needs an unlocked keyring runs under tests/run-keyring.sh inside
# this one, which unlocks it in this session (CPIS_TEST_PRIVATE_SESSION=1).
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

home="$scratch/home"
mkdir -p "$home/.config" "$home/.local/share" "$home/.cache" "$scratch/runtime"
chmod 700 "$scratch/runtime"

# Nothing of the caller's session: its accessibility bus, its Wayland
# display (GTK would open its windows there), its keyring
unset AT_SPI_BUS_ADDRESS WAYLAND_DISPLAY GNOME_KEYRING_CONTROL SSH_AUTH_SOCK \
      DBUS_SESSION_BUS_ADDRESS 2>/dev/null || true
export DISPLAY=":$display" XAUTHORITY="$auth" GDK_BACKEND=x11 \
       HOME="$home" XDG_CONFIG_HOME="$home/.config" XDG_DATA_HOME="$home/.local/share" \
       XDG_CACHE_HOME="$home/.cache" XDG_RUNTIME_DIR="$scratch/runtime" \
       CPIS_TEST_PRIVATE_SESSION=1

# The test's standard output is its TAP stream; the bus daemon and whatever it
# starts (a keyring prints its variables) write to standard error instead.
status=0
exec 4>&1
dbus-run-session -- sh -c 'exec "$@" 1>&4 4>&-' run-xvfb "$@" 1>&2 || status=$?
exec 4>&-
exit $status

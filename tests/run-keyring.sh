#!/bin/sh
# Runs a test with an unlocked gnome-keyring of its own, in a throwaway home,
# so secrets never touch the real keyring. Exports CPIS_TEST_KEYRING=1 so that
# tests know the keyring is theirs to write.
#
# On its own it starts a private D-Bus session with a private home and
# runtime folder. Inside tests/run-xvfb.sh (CPIS_TEST_PRIVATE_SESSION=1), which
# has made all three for this test inside its X server, it unlocks the
# keyring in that session instead of hiding it behind a second one.
set -eu

if [ "${CPIS_TEST_PRIVATE_SESSION:-}" != 1 ]; then
  scratch=$(mktemp -d "${TMPDIR:-/tmp}/cpis-keyring-XXXXXX")
  trap 'rm -rf "$scratch"' EXIT
  trap 'exit 130' INT TERM
  mkdir -p "$scratch/home" "$scratch/data" "$scratch/runtime" "$scratch/config"
  chmod 700 "$scratch/runtime"
  unset GNOME_KEYRING_CONTROL SSH_AUTH_SOCK 2>/dev/null || true
  export HOME="$scratch/home" XDG_DATA_HOME="$scratch/data" XDG_RUNTIME_DIR="$scratch/runtime" \
         XDG_CONFIG_HOME="$scratch/config" CPIS_TEST_PRIVATE_SESSION=1
  # Not exec: the trap above removes the scratch folder when the session ends.
  status=0
  dbus-run-session -- "$0" "$@" || status=$?
  exit $status
fi

# In a private session. The keyring runs in the foreground as this script's
# child, and is ended with it: left to daemonise, one that a test outran (a
# test that ends at once) was still starting when the bus went, and stayed,
# one idle daemon per such run.
export CPIS_TEST_KEYRING=1
printf %s "test-keyring-password" |
  gnome-keyring-daemon --foreground --unlock --components=secrets >&2 &
keyring=$!
trap 'kill "$keyring" 2>/dev/null || true; wait "$keyring" 2>/dev/null || true' EXIT
trap 'exit 130' INT TERM
# Ready once it owns the secret service's name; a call before that would have
# D-Bus start a second keyring, a locked one.
tries=0
until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus         org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null |
      grep -q 'boolean true'; do
  tries=$((tries + 1))
  if [ "$tries" -gt 600 ] || ! kill -0 "$keyring" 2>/dev/null; then
    echo "run-keyring: gnome-keyring-daemon did not start" >&2
    exit 1
  fi
  sleep 0.05
done
status=0
"$@" || status=$?
exit $status

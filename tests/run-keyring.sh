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

# In a private session: gnome-keyring-daemon daemonises once it is on the
# bus, and leaves with the bus (or when told to, below).
export CPIS_TEST_KEYRING=1
eval "$(printf %s "test-keyring-password" | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL SSH_AUTH_SOCK 2>/dev/null || true
status=0
"$@" || status=$?
if [ -n "${GNOME_KEYRING_PID:-}" ]; then kill "$GNOME_KEYRING_PID" 2>/dev/null || true; fi
exit $status

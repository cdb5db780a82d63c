#!/bin/sh
# Runs a test in a private D-Bus session with an unlocked gnome-keyring, in a
# throwaway home, so secrets never touch the real keyring. Exports
# CPIS_TEST_KEYRING=1 so that tests know the keyring is theirs to write.
set -eu
scratch=$(mktemp -d "${TMPDIR:-/tmp}/cpis-keyring-XXXXXX")
trap 'rm -rf "$scratch"' EXIT
trap 'exit 130' INT TERM
mkdir -p "$scratch/home" "$scratch/data" "$scratch/runtime" "$scratch/config"
chmod 700 "$scratch/runtime"
export HOME="$scratch/home" XDG_DATA_HOME="$scratch/data" XDG_RUNTIME_DIR="$scratch/runtime" \
       XDG_CONFIG_HOME="$scratch/config" CPIS_TEST_KEYRING=1
# Not exec: the trap above removes the scratch folder when the session ends.
# gnome-keyring-daemon daemonises once it is on the bus, and leaves with the bus.
status=0
dbus-run-session -- sh -c '
  eval "$(printf %s "test-keyring-password" | gnome-keyring-daemon --unlock --components=secrets)"
  export GNOME_KEYRING_CONTROL SSH_AUTH_SOCK 2>/dev/null || true
  status=0
  "$@" || status=$?
  if [ -n "${GNOME_KEYRING_PID:-}" ]; then kill "$GNOME_KEYRING_PID" 2>/dev/null || true; fi
  exit $status
' run-keyring "$@" || status=$?
exit $status

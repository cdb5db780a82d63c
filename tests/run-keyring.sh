#!/bin/sh
# Runs a test in a private D-Bus session with an unlocked gnome-keyring, in a
# throwaway home, so secrets never touch the real keyring.
set -eu
scratch=$(mktemp -d "${TMPDIR:-/tmp}/cpis-keyring-XXXXXX")
trap 'rm -rf "$scratch"' EXIT INT TERM
mkdir -p "$scratch/home" "$scratch/data" "$scratch/runtime" "$scratch/config"
chmod 700 "$scratch/runtime"
export HOME="$scratch/home" XDG_DATA_HOME="$scratch/data" XDG_RUNTIME_DIR="$scratch/runtime" \
       XDG_CONFIG_HOME="$scratch/config"
exec dbus-run-session -- sh -c '
  eval "$(printf %s "test-keyring-password" | gnome-keyring-daemon --unlock --components=secrets)"
  export GNOME_KEYRING_CONTROL SSH_AUTH_SOCK 2>/dev/null || true
  "$@"
  status=$?
  kill "$GNOME_KEYRING_PID" 2>/dev/null || true
  exit $status
' run-keyring "$@"

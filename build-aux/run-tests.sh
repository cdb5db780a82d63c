#!/bin/sh
# Sets up, builds and runs the whole test suite (core, hub, application under
# Xvfb, the AT-SPI end-to-end test) in a private D-Bus session, then the
# fuzz targets for a bounded number of inputs (build-aux/run-fuzzers.sh;
# not when meson test is given arguments, a part of the suite).
set -eu
cd "$(dirname "$0")/.."

sh build-aux/install-deps.sh
[ -d build ] || meson setup build
meson compile -C build

# A runtime directory of its own: the accessibility bus the session starts
# puts its socket there, not in ~/.cache/at-spi shared with any other run
runtime=$(mktemp -d "${TMPDIR:-/tmp}/cpis-tests-XXXXXX")
chmod 700 "$runtime"
trap 'rm -rf "$runtime"' EXIT

status=0
XDG_RUNTIME_DIR="$runtime" dbus-run-session -- meson test -C build --print-errorlogs --num-processes 2 "$@" || status=$?

# A plain summary line from meson's log, for tools that read the last lines.
python3 - <<'PY' || true
import json
passed = failed = 0
with open("build/meson-logs/testlog.json") as log:
    for line in log:
        result = json.loads(line).get("result")
        if result in ("OK", "EXPECTEDFAIL", "SKIP"):
            passed += result != "SKIP"
        else:
            failed += 1
print(f"meson: {passed} passed, {failed} failed")
PY

# the whole suite only: a run of some tests (arguments for meson) skips them
fuzz=0
[ "$#" -gt 0 ] || sh build-aux/run-fuzzers.sh || fuzz=$?
[ "$status" -ne 0 ] || status=$fuzz
exit $status

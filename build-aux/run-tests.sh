#!/bin/sh
# Sets up, builds and runs the whole test suite (core, hub, application under
# Xvfb, the AT-SPI end-to-end test) in a private D-Bus session; then, for
# the whole suite (not when meson test is given arguments: a part of it),
# the same suite again built with AddressSanitizer and UBSan (build-asan:
# -Db_sanitize=address,undefined), and the fuzz targets for a bounded number
# of inputs (build-aux/run-fuzzers.sh).
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

# the whole suite only: a run of some tests (arguments for meson) skips these
if [ "$#" -eq 0 ]; then
  sanitized=0
  [ -d build-asan ] || meson setup build-asan -Db_sanitize=address,undefined -Db_lundef=false >/dev/null
  meson compile -C build-asan >/dev/null
  # leaks are not looked for here (GTK and fontconfig keep caches for the
  # process's life); UBSan stops at the first report
  ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    XDG_RUNTIME_DIR="$runtime" dbus-run-session -- \
    meson test -C build-asan --print-errorlogs --num-processes 2 --timeout-multiplier 3 || sanitized=$?
  echo "meson (AddressSanitizer, UBSan): exit status $sanitized"
  [ "$status" -ne 0 ] || status=$sanitized

  fuzz=0
  sh build-aux/run-fuzzers.sh || fuzz=$?
  [ "$status" -ne 0 ] || status=$fuzz
fi
exit $status

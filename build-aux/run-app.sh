#!/bin/sh
# Sets up, builds and runs CP-IS Desktop from this checkout. With no hub
# configured it starts the embedded demo hub; any arguments go to the
# application (e.g. --hub URL, --demo).
set -eu
cd "$(dirname "$0")/.."

sh build-aux/install-deps.sh
[ -d build ] || meson setup build
meson compile -C build

export GSETTINGS_SCHEMA_DIR="$PWD/build/data"
exec build/src/app/cpis-desktop "$@"

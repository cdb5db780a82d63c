#!/bin/sh
# Installs the Debian 12 packages CP-IS Desktop needs to build, run and test,
# skipping those already installed. Run as root (or with sudo).
# itstool installs the help, yelp-tools checks it (help-validate, -links,
# -orphans). openssl is for the tests: the TLS tests make their certificates with it,
# and fail saying so without it. poppler-utils (pdftotext, pdfinfo) read the
# partnership's PDF report back in the tests. strace watches what the
# application writes in the no-patient-data-on-disk test, and gir1.2-gtk-4.0
# lets it read the clipboard as a clipboard manager would. clang and libclang-rt-14-dev
# (libFuzzer, AddressSanitizer, UBSan) build the fuzz targets
# (build-aux/run-fuzzers.sh). clang-format (14 on Debian 12, with git
# clang-format) is for build-aux/check-format.sh, the format test. Node.js
# and npm are for the FHIR validation test: Debian's nodejs and npm when the
# machine has no node or npm of its own; then the validators themselves, at
# the versions tests/fhir-validation/package-lock.json pins (npm ci, as the
# user running this, never with sudo), whenever the lockfile is newer than
# what is there.
set -eu
here=$(cd "$(dirname "$0")" && pwd)

packages="
  gcc pkg-config meson ninja-build gettext
  libglib2.0-dev libglib2.0-bin libjson-glib-dev libsoup-3.0-dev libsqlite3-dev libcrypt-dev
  libsecret-1-dev libgtk-4-dev libadwaita-1-dev
  desktop-file-utils appstream itstool yelp-tools locales
  xvfb xauth dbus dbus-x11 gnome-keyring at-spi2-core
  python3 python3-gi gir1.2-atspi-2.0
  imagemagick openssl curl sqlite3 tzdata ca-certificates poppler-utils strace gir1.2-gtk-4.0
  clang-format clang libclang-rt-14-dev
"

command -v node >/dev/null 2>&1 || packages="$packages nodejs"
command -v npm >/dev/null 2>&1 || packages="$packages npm"

install_validators () {
  validation="$here/../tests/fhir-validation"
  if [ -f "$validation/node_modules/.package-lock.json" ] &&
     [ ! "$validation/package-lock.json" -nt "$validation/node_modules/.package-lock.json" ]; then
    echo "install-deps: the FHIR validators are installed"
    return 0
  fi
  echo "install-deps: installing the FHIR validators (npm ci in tests/fhir-validation)"
  (cd "$validation" && npm ci --no-audit --no-fund --loglevel=error)
}

# The Welsh locale, for running the application in Welsh (LANG=cy_GB.UTF-8):
# generated once, if the machine does not have it
welsh_locale () {
  if locale -a 2>/dev/null | grep -qi '^cy_GB\.utf-\?8$'; then
    return 0
  fi
  echo "install-deps: generating the cy_GB.UTF-8 locale"
  ${SUDO:-} localedef -i cy_GB -f UTF-8 cy_GB.UTF-8 || echo "install-deps: could not generate cy_GB.UTF-8" >&2
}

if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi

missing=""
for package in $packages; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $package"
  fi
done

if [ -z "$missing" ]; then
  echo "install-deps: all packages are installed"
  welsh_locale
  install_validators
  exit 0
fi

echo "install-deps: installing$missing"
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends $missing
welsh_locale
install_validators

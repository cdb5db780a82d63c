#!/bin/sh
# check-install.sh BUILD-DIR APPLICATION-ID: `meson install` into a scratch
# folder, then what a desktop makes of it, checked on what was installed
# rather than on the sources: the desktop entry, the metainfo and the
# schema validated, the icons where the application grid looks for them, the
# programs there and answering, and the schema found by the installed
# application. The `install` test (tests/meson.build).
set -eu

build=$1
id=$2
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT INT TERM

fail () {
  echo "check-install: $*" >&2
  exit 1
}

meson install -C "$build" --destdir "$scratch" --no-rebuild --quiet >/dev/null ||
  fail "meson install failed"

prefix=$(meson introspect "$build" --buildoptions |
         python3 -c 'import json, sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"] == "prefix"))')
datadir=$(meson introspect "$build" --buildoptions |
          python3 -c 'import json, sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"] == "datadir"))')
bindir=$(meson introspect "$build" --buildoptions |
         python3 -c 'import json, sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"] == "bindir"))')
root=$scratch$prefix
share=$root/$datadir

for program in cpis-desktop cpis-hub; do
  [ -x "$root/$bindir/$program" ] || fail "$bindir/$program was not installed"
done

desktop=$share/applications/$id.desktop
metainfo=$share/metainfo/$id.metainfo.xml
schemas=$share/glib-2.0/schemas
[ -f "$desktop" ] || fail "no desktop entry at $desktop"
[ -f "$metainfo" ] || fail "no metainfo at $metainfo"
[ -f "$schemas/$id.gschema.xml" ] || fail "no schema at $schemas/$id.gschema.xml"
[ -f "$share/icons/hicolor/scalable/apps/$id.svg" ] || fail "no icon for $id"
[ -f "$share/icons/hicolor/symbolic/apps/$id-symbolic.svg" ] || fail "no symbolic icon for $id"

# what the desktop reads, validated as installed
desktop-file-validate "$desktop" || fail "the installed desktop entry is not valid"
grep -q "^Icon=$id\$" "$desktop" || fail "the desktop entry's icon is not $id"
appstreamcli validate --no-net --explain "$metainfo" >/dev/null || fail "the installed metainfo is not valid"
grep -q "<id>$id</id>" "$metainfo" || fail "the metainfo's id is not $id"
grep -q "<launchable type=\"desktop-id\">$id.desktop</launchable>" "$metainfo" ||
  fail "the metainfo does not launch $id.desktop"
glib-compile-schemas --strict "$schemas" || fail "the installed schema does not compile"

# the installed program, with the installed schema, answers
GSETTINGS_SCHEMA_DIR=$schemas GSETTINGS_BACKEND=memory "$root/$bindir/cpis-desktop" --version |
  grep -q '^cpis-desktop ' || fail "the installed cpis-desktop does not answer --version"
GSETTINGS_SCHEMA_DIR=$schemas gsettings list-keys "$id" | grep -q '^hub-url$' ||
  fail "the installed schema does not hold the application's settings"
"$root/$bindir/cpis-hub" --version >/dev/null || fail "the installed cpis-hub does not answer --version"

# the help F1 opens (help:cpis-desktop/PAGE), where yelp looks
for page in index check-a-child notifications area-figures command-line; do
  [ -f "$share/help/C/cpis-desktop/$page.page" ] || fail "the help page $page was not installed"
done

# each translation listed is installed where the application looks
for language in $(grep -v '^#' "$(dirname "$0")/../po/LINGUAS"); do
  [ -f "$share/locale/$language/LC_MESSAGES/cpis-desktop.mo" ] ||
    fail "the $language translation was not installed"
done

echo "check-install: $id installed and valid"

#!/bin/sh
# check-install.sh BUILD-DIR APPLICATION-ID: `meson install` into a scratch
# folder, then what a desktop makes of it, checked on what was installed
# rather than on the sources: the desktop entry, the metainfo and the
# schema validated, the icons where the application grid looks for them, the
# programs there and answering, and the schema found by the installed
# application; the installed application in Welsh under LANG=cy_GB.UTF-8,
# its translations found where it was built to look (the prefix, seen
# through a private mount namespace: `unshare` from util-linux); and the
# installed `cpis-desktop --check`, a password on standard input, against
# the installed hub, with each of its exit statuses. The `install` test
# (tests/meson.build).
set -eu

build=$1
id=$2
scratch=$(mktemp -d)
hub_pid=
cleanup () {
  [ -z "$hub_pid" ] || kill "$hub_pid" 2>/dev/null || true
  rm -rf "$scratch"
}
trap cleanup EXIT INT TERM

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

# In Welsh, as installed: the installed binary looks for its catalogue in
# $prefix/$datadir/locale, not in the scratch folder, so the installed
# share folder is put there in a mount namespace of this test's own
desktop_bin=$root/$bindir/cpis-desktop
hub_bin=$root/$bindir/cpis-hub
english="Use the embedded demo hub (synthetic data, deleted on exit)"
welsh=$(LANG=cy_GB.UTF-8 LANGUAGE= LC_ALL= TEXTDOMAINDIR=$share/locale gettext cpis-desktop "$english")
[ "$welsh" != "$english" ] || fail "the installed Welsh catalogue does not translate “$english”"
[ -d "$prefix/$datadir" ] || fail "$prefix/$datadir does not exist here: nothing to see the installed tree through"
help=$(unshare --user --map-root-user --mount sh -c 'mount --bind "$1" "$2" && LANG=cy_GB.UTF-8 LANGUAGE= LC_ALL= "$3" --help' \
         sh "$share" "$prefix/$datadir" "$desktop_bin") ||
  fail "the installed cpis-desktop --help could not be run with the installed tree at $prefix (unshare, mount)"
printf '%s\n' "$help" | grep -qF "$welsh" || fail "the installed cpis-desktop does not answer in Welsh under LANG=cy_GB.UTF-8"

# --check against the installed hub: a child with a plan (0), one without (1),
# a wrong password and a stopped hub (2)
db=$scratch/hub.db
password="correct horse battery"
with_plan=9990000018
without_plan=9990000026
"$hub_bin" org add --db "$db" --ods 9Z1 --name "Testshire Council" --kind local-authority \
  --phone-office "020 7946 0999" --phone-emergency "07700 900999" --area Test >/dev/null ||
  fail "the installed cpis-hub could not add a local authority"
"$hub_bin" org add --db "$db" --ods ZZ9 --name "Testshire General ED" --kind unscheduled-care \
  --area Test >/dev/null || fail "the installed cpis-hub could not add a care setting"
printf '%s\n' "$password" |
  "$hub_bin" user add --db "$db" --username nurse --role clinician --org ZZ9 --name "Test Nurse" >/dev/null ||
  fail "the installed cpis-hub could not add a user"
printf 'nhs_number,family_name,given_name,date_of_birth,gender,postcode\n%s,Tester,Alex,2016-04-01,female,QN1 1AA\n' \
  "$with_plan" > "$scratch/patients.csv"
"$hub_bin" import --db "$db" patients "$scratch/patients.csv" >/dev/null ||
  fail "the installed cpis-hub could not import a child's demographics"
printf 'nhs_number,family_name,given_name,date_of_birth,plan_type,start_date,end_date,due_date,la_ods_code\n%s,Tester,Alex,2016-04-01,CPP,2024-01-15,,,9Z1\n' \
  "$with_plan" > "$scratch/plans.csv"
"$hub_bin" import --db "$db" plans "$scratch/plans.csv" >/dev/null || fail "the installed cpis-hub could not import a plan"

mkfifo "$scratch/hub.out"
"$hub_bin" serve --db "$db" --listen 127.0.0.1:0 > "$scratch/hub.out" &
hub_pid=$!
read -r hub_url < "$scratch/hub.out" || fail "the installed cpis-hub did not start"

check () {
  printf '%s\n' "$1" |
    GSETTINGS_SCHEMA_DIR=$schemas GSETTINGS_BACKEND=memory "$desktop_bin" --check "$2" --hub "$hub_url" --user nurse \
      > "$scratch/check.out" 2> "$scratch/check.err"
}

status=0; check "$password" "$with_plan" || status=$?
[ "$status" = 0 ] || fail "--check of a child with a plan exited $status, not 0: $(cat "$scratch/check.err")"
grep -q "Testshire Council" "$scratch/check.out" || fail "--check did not print the child's local authority"
status=0; check "$password" "$without_plan" || status=$?
[ "$status" = 1 ] || fail "--check of a child with no record exited $status, not 1: $(cat "$scratch/check.err")"
status=0; check "not the password" "$with_plan" || status=$?
[ "$status" = 2 ] || fail "--check with a wrong password exited $status, not 2"
[ -s "$scratch/check.err" ] || fail "--check with a wrong password gave no reason"
kill "$hub_pid"; wait "$hub_pid" 2>/dev/null || true; hub_pid=
status=0; check "$password" "$with_plan" || status=$?
[ "$status" = 2 ] || fail "--check against a stopped hub exited $status, not 2"

echo "check-install: $id installed and valid; in Welsh; --check answers 0, 1 and 2"

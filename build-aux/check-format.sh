#!/bin/sh
# Checks that the C lines changed since BASE are formatted as .clang-format
# says (through build-aux/clang-format.py, which keeps the GNOME habits
# clang-format 14 cannot express), and fails showing the diff when not.
#
#   build-aux/check-format.sh [BASE]        check (exit 1 when not formatted)
#   build-aux/check-format.sh --fix [BASE]  format those lines in place
#   build-aux/check-format.sh --all         the whole tree: what would change
#
# Only lines changed since BASE are checked (git clang-format): older code
# is not all formatted so, and is left alone until it is touched. BASE is,
# unless given (as an argument or in CPIS_FORMAT_BASE):
#   - on a branch off main: where it left main (git merge-base main HEAD),
#     so the whole branch is checked;
#   - on main itself (as CI runs it, on a clean checkout of main): the
#     first parent, HEAD^1 — the last commit, or all that a merge brought.
# Changes not committed yet are checked too.
#
# Exit status: 0 formatted, 1 not formatted (or an error), 77 not checked
# (no clang-format 14, no git checkout, or no parent commit to compare
# with, as in a shallow clone whose origin cannot deepen it): meson counts
# 77 as skipped.
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)

mode=check
case "${1:-}" in
  --fix) mode=fix; shift ;;
  --all) mode=all; shift ;;
  -h|--help) sed -n '2,/^set -eu/s/^# \{0,1\}//p' "$0"; exit 0 ;;
esac

skip () {
  echo "check-format: not checked: $*" >&2
  exit 77
}

command -v clang-format >/dev/null 2>&1 ||
  skip "clang-format is not installed (build-aux/install-deps.sh installs it)"
version=$(clang-format --version | sed -n 's/.*version \([0-9][0-9]*\)\..*/\1/p')
[ "$version" = 14 ] ||
  skip "this needs clang-format 14, as Debian 12 has (found: $(clang-format --version))"
command -v python3 >/dev/null 2>&1 || skip "python3 is not installed"
formatter="$root/build-aux/clang-format.py"

if [ "$mode" = all ]; then
  status=0
  files=0
  lines=0
  for file in $(git ls-files '*.c' '*.h' 2>/dev/null || find src tests -name '*.[ch]'); do
    changed=$(python3 "$formatter" "$file" | diff -u "$file" - || true)
    if [ -n "$changed" ]; then
      printf '%s\n' "$changed"
      files=$((files + 1))
      # the lines taken out, less the diff's "--- file" line
      lines=$((lines + $(printf '%s\n' "$changed" | grep -c '^-') - 1))
      status=1
    fi
  done
  echo "check-format: clang-format would change $lines lines in $files files" >&2
  exit $status
fi

git rev-parse --git-dir >/dev/null 2>&1 || skip "not a git checkout"
command -v git-clang-format >/dev/null 2>&1 ||
  skip "git clang-format is not installed (package clang-format)"

base=${1:-${CPIS_FORMAT_BASE:-}}
if [ -z "$base" ]; then
  main=
  for ref in refs/heads/main refs/remotes/origin/main; do
    if git rev-parse -q --verify "$ref" >/dev/null; then
      main=$ref
      break
    fi
  done
  fork=
  [ -n "$main" ] && fork=$(git merge-base "$main" HEAD 2>/dev/null || true)
  if [ "$(git rev-parse --is-shallow-repository)" = true ] &&
       ! git rev-parse -q --verify 'HEAD^1' >/dev/null; then
    # a shallow clone, as CI may make: fetch the parent, if origin can be had
    git fetch -q --deepen=1 2>/dev/null || true
  fi
  if [ -n "$fork" ] && [ "$fork" != "$(git rev-parse HEAD)" ]; then
    base=$(git rev-parse --short "$fork")
  elif git rev-parse -q --verify 'HEAD^1' >/dev/null; then
    base='HEAD^1'
  else
    skip "HEAD has no parent here (a shallow clone?) to compare with: give BASE, or set CPIS_FORMAT_BASE"
  fi
fi
git rev-parse -q --verify "$base^{commit}" >/dev/null ||
  { echo "check-format: no such commit: $base" >&2; exit 1; }

if [ "$mode" = fix ]; then
  exec git clang-format --binary "$formatter" --extensions c,h --force "$base"
fi

out=$(git clang-format --binary "$formatter" --extensions c,h --diff "$base") || {
  printf '%s\n' "$out" >&2
  echo "check-format: git clang-format failed" >&2
  exit 1
}
case "$out" in
  *"diff --git"*)
    echo "check-format: C lines changed since $(git rev-parse --short "$base") are not formatted as .clang-format says."
    echo "What build-aux/clang-format.py would make of them:"
    echo
    printf '%s\n' "$out"
    echo
    echo "To format them: build-aux/check-format.sh --fix $base"
    exit 1
    ;;
esac
echo "check-format: the C lines changed since $(git rev-parse --short "$base") are formatted"

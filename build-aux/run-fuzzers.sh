#!/bin/sh
# Builds the libFuzzer targets (tests/fuzz, with AddressSanitizer and UBSan:
# clang, -Dfuzzing=true, in build-fuzz) and runs each for a bounded number
# of inputs (CPIS_FUZZ_RUNS, default 50000: about a minute for the FHIR
# decoders, a second for the rest), from its seed corpus
# (tests/fuzz/corpus/TARGET; the FHIR decoders also from NHS England's
# examples in ../shared/fixtures, read in place). Fails on the first crash,
# leak or undefined behaviour, leaving the input that caused it in the
# working folder it prints.
set -eu
cd "$(dirname "$0")/.."

runs=${CPIS_FUZZ_RUNS:-50000}
[ -d build-fuzz ] || CC=clang meson setup build-fuzz -Dfuzzing=true -Dapp=false -Dtests=false >/dev/null
meson compile -C build-fuzz >/dev/null

work=$(mktemp -d "${TMPDIR:-/tmp}/cpis-fuzz-XXXXXX")
for target in form nhs-number csv fhir upload-bundle; do
  mkdir -p "$work/$target"
  seeds="tests/fuzz/corpus/$target"
  extra=""
  if [ "$target" = fhir ]; then
    for dir in ../shared/fixtures/nhs-examples ../shared/fixtures/pds-examples tests/fixtures/task; do
      [ -d "$dir" ] && extra="$extra $dir"
    done
  fi
  echo "run-fuzzers: fuzz-$target, $runs runs"
  # shellcheck disable=SC2086 # $extra is a list of folders
  (cd "$work/$target" &&
   ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
     "$OLDPWD/build-fuzz/tests/fuzz/fuzz-$target" -runs="$runs" -max_len=65536 -timeout=10 \
     -print_final_stats=1 "$work/$target" "$OLDPWD/$seeds" $(for d in $extra; do printf '%s ' "$OLDPWD/$d"; done) \
     > "$work/$target.log" 2>&1) || {
    tail -40 "$work/$target.log"
    echo "run-fuzzers: fuzz-$target failed; its log and crashing input are in $work" >&2
    exit 1
  }
  grep -E "^stat::number_of_executed_units|^Done" "$work/$target.log" | tr '\n' ' '
  echo
done
rm -rf "$work"
echo "run-fuzzers: every target ran $runs inputs without a crash, a leak or undefined behaviour"

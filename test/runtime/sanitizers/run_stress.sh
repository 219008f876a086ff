#!/bin/sh
# Builds and runs the runtime stress test under a sanitizer.
#
#   run_stress.sh tsan|asan SOURCE_DIR BUILD_DIR CXX CMAKE SECONDS
#
# Exit status: 0 clean, 77 skipped (compiler missing), anything else a failure
# (build error, a broken guarantee, or any sanitizer report: halt_on_error).
set -u
kind=$1 src=$2 build=$3 cxx=$4 cmake=$5 seconds=$6

if ! command -v "$cxx" >/dev/null 2>&1; then
  echo "SKIPPED: $cxx not found; install clang-19 and libclang-rt-19-dev to run runtime.stress-$kind"
  exit 77
fi
case "$kind" in
  tsan) sanitize=thread ;;
  asan) sanitize=address,undefined ;;
  *) echo "run_stress.sh: unknown sanitizer '$kind'" >&2; exit 2 ;;
esac

generator=
if command -v ninja >/dev/null 2>&1; then generator="-GNinja"; fi
"$cmake" -S "$src" -B "$build" $generator \
  -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE=None -DASYNCLINT_SANITIZE="$sanitize" \
  >"$build.configure.log" 2>&1 || { cat "$build.configure.log"; echo "configure failed"; exit 1; }
"$cmake" --build "$build" -j 2 || { echo "build failed"; exit 1; }

TSAN_OPTIONS="halt_on_error=1 exitcode=66 second_deadlock_stack=1 history_size=4" \
ASAN_OPTIONS="halt_on_error=1 exitcode=66 detect_leaks=1 detect_stack_use_after_return=1" \
UBSAN_OPTIONS="halt_on_error=1 exitcode=66 print_stacktrace=1" \
  "$build/runtime_stress" "$seconds"

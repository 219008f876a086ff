#!/bin/sh
# Builds the runtime under Clang's thread-safety analysis (-Werror=thread-safety)
# and runs the result, then checks that the analysis is live: negative.cpp,
# which touches guarded fields without their mutex, must be rejected.
#
#   run.sh SOURCE_DIR BUILD_DIR CXX CMAKE
#
# Exit status: 0 clean, 77 skipped (compiler missing), anything else a failure.
set -u
src=$1 build=$2 cxx=$3 cmake=$4

if ! command -v "$cxx" >/dev/null 2>&1; then
  echo "SKIPPED: $cxx not found; install clang-19 to run runtime.thread-safety"
  exit 77
fi

generator=
if command -v ninja >/dev/null 2>&1; then generator="-GNinja"; fi
"$cmake" -S "$src" -B "$build" $generator -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE=None \
  >"$build.configure.log" 2>&1 || { cat "$build.configure.log"; echo "configure failed"; exit 1; }
"$cmake" --build "$build" -j 2 || { echo "build failed (a thread-safety warning is an error)"; exit 1; }
"$build/runtime_thread_safety" || { echo "runtime_thread_safety failed"; exit 1; }

out=$("$cxx" -std=c++20 -fsyntax-only -Wthread-safety -Werror=thread-safety \
  -I "$src/../../../runtime/include" "$src/negative.cpp" 2>&1)
if [ $? -eq 0 ]; then
  echo "negative.cpp compiled: the thread-safety annotations are not live under $cxx"
  exit 1
fi
for variable in items_ expirable; do
  case "$out" in
    *"variable '$variable' requires holding mutex"*) ;;
    *) echo "$out"; echo "negative.cpp: no thread-safety error for '$variable'"; exit 1 ;;
  esac
done
echo "thread-safety: runtime clean, negative.cpp rejected"

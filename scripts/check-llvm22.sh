#!/usr/bin/env bash
# Builds asynclint against LLVM 22 (Debian's *-22 packages) and runs both
# front ends on the bundled example, so the tree keeps building and working
# with the newer LLVM. CI runs it after the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
build="${ASYNCLINT_LLVM22_BUILD_DIR:-build-llvm22}"
packages=(clang-22 clang-tidy-22 libclang-22-dev llvm-22-dev llvm-22-tools)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing ${#missing[@]} Debian packages: ${missing[*]}"
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
echo "== building asynclint against LLVM 22 in $build/"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DASYNCLINT_LLVM_VERSION=22 -DBUILD_TESTING=OFF >/dev/null
cmake --build "$build"
cmake -S docs/examples/photo-service -B "$build/example" -G Ninja >/dev/null
src=docs/examples/photo-service/src/thumbnailer.cpp
tool_out=$("$build/bin/asynclint" -p "$build/example" "$src" 2>&1 || true)
plugin_out=$(clang-tidy-22 --load="$build/lib/asynclint-plugin.so" --checks='-*,async-*,events-*' -p "$build/example" "$src" 2>&1 || true)
for out in "$tool_out" "$plugin_out"; do
  if ! grep -q "warning: .*\[async-blocking-wait-in-pool\]" <<<"$out"; then
    echo "== LLVM 22 build did not report the example's pool bug:" >&2
    echo "$out" >&2
    exit 1
  fi
done
echo "== LLVM 22: tool and plugin both report the example's findings"

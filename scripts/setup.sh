#!/usr/bin/env bash
# Sets asynclint up on a Debian bookworm machine and shows what it finds:
# installs the missing Debian packages, configures and builds asynclint, then
# analyses the bundled example codebase (docs/examples/photo-service) through
# its compile_commands.json.
#
#   bash scripts/setup.sh            # LLVM 19 (default)
#   ASYNCLINT_LLVM_VERSION=22 bash scripts/setup.sh
set -euo pipefail
cd "$(dirname "$0")/.."

llvm="${ASYNCLINT_LLVM_VERSION:-19}"
build="${ASYNCLINT_BUILD_DIR:-build}"
packages=(
  # build and test tools
  cmake ninja-build python3 g++ pkg-config
  "clang-$llvm" "clang-tidy-$llvm" "libclang-$llvm-dev" "llvm-$llvm-dev"
  "llvm-$llvm-tools" "libclang-rt-$llvm-dev"
  libgtest-dev libgmock-dev libbenchmark-dev hyperfine
  # real libraries the checks are tested against
  libboost-dev libboost-thread-dev libtbb-dev libcpprest-dev libcpp-httplib-dev
  qtbase5-dev qt6-base-dev libsigc++-3.0-dev libglib2.0-dev
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "== all ${#packages[@]} required Debian packages are installed"
else
  echo "== installing ${#missing[@]} Debian packages: ${missing[*]}"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

echo "== configuring and building asynclint (LLVM $llvm) in $build/"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DASYNCLINT_LLVM_VERSION="$llvm" >/dev/null
cmake --build "$build"

example=docs/examples/photo-service
echo "== configuring the example codebase $example (writes compile_commands.json)"
cmake -S "$example" -B "$build/example" -G Ninja >/dev/null
echo "== asynclint -p $build/example   (every translation unit of the example)"
status=0
"$build/bin/asynclint" -p "$build/example" || status=$?
# Exit code 1 means findings, which the example is there to show; 2 means
# asynclint could not analyse it.
if [ "$status" -ne 0 ] && [ "$status" -ne 1 ]; then
  echo "== asynclint failed on the example (exit $status)" >&2
  exit "$status"
fi
echo "== setup done: build/bin/asynclint and build/lib/asynclint-plugin.so are ready"

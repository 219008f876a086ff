#!/bin/sh
# Compares asynclint's async checks on a generated 5,000-function TU with a
# syntax-only compile of the same file. Usage: run.sh ASYNCLINT [WORKDIR]
set -eu
ASYNCLINT=${1:?path to the asynclint binary}
WORK=${2:-$(mktemp -d)}
mkdir -p "$WORK"
HERE=$(dirname "$0")
python3 "$HERE/gen_async_tu.py" "$WORK/async_tu.cpp" 5000 500
hyperfine --warmup 1 --runs 5 --export-markdown "$WORK/async.md" \
  --ignore-failure \
  "clang++-19 -std=c++20 -fsyntax-only $WORK/async_tu.cpp" \
  "$ASYNCLINT $WORK/async_tu.cpp --checks=-*,async-* --quiet -- -std=c++20"
cat "$WORK/async.md"

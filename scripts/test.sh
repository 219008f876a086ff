#!/usr/bin/env bash
# Runs asynclint's whole test suite: the lit suite (every check through both
# front ends, the tool, the docs examples) and the runtime's unit and
# sanitizer tests, all registered in ctest. Builds first if needed.
set -uo pipefail
cd "$(dirname "$0")/.."
build="${ASYNCLINT_BUILD_DIR:-build}"

if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release || exit 1
fi
cmake --build "$build" || { echo "asynclint tests: BUILD FAILED"; exit 1; }

ctest --test-dir "$build" --output-on-failure -j "$(nproc)"
status=$?

# One summary line over everything: lit results come from lit's JSON report.
python3 - "$build" "$status" <<'PY'
import json, os, sys, xml.etree.ElementTree as ET
build, status = sys.argv[1], int(sys.argv[2])
counts = {}
report = os.path.join(build, "test", "lit-results.json")
if os.path.exists(report):
    for t in json.load(open(report)).get("tests", []):
        counts[t["code"]] = counts.get(t["code"], 0) + 1
lit = ", ".join("%d %s" % (n, c.lower()) for c, n in sorted(counts.items())) or "not run"
print("asynclint tests: %s (lit: %s)" % ("PASSED" if status == 0 else "FAILED", lit))
PY
exit $status

#!/usr/bin/env python3
"""Generates a codebase of N translation units as the cache of `--shard` jobs
would leave it, to time asynclint's whole-program merge (`--merge-only`).

Usage: gen_merge_bench.py ASYNCLINT OUT_DIR [N=10000] [RECORDS_PER_TU=20]

Writes OUT_DIR/build/compile_commands.json with N entries and, for each TU,
the cache entry (found with `ASYNCLINT -p OUT_DIR/build --print-cache-entries`)
holding RECORDS_PER_TU fact records: function definitions and calls into
other TUs, in the record shape of the family given by --family (default
"asynclinttest", the fake family of the asynclint-facts-test build; every
100th TU calls a blocking function of another TU, so the merger finds N/100
cross-TU findings). Then time:

  time ASYNCLINT -p OUT_DIR/build --checks=-*,asynclinttest-* --merge-only --format=json --quiet
"""
import json
import os
import subprocess
import sys


def main():
    asynclint, out = sys.argv[1], os.path.abspath(sys.argv[2])
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 10000
    per_tu = int(sys.argv[4]) if len(sys.argv) > 4 else 20
    build = os.path.join(out, "build")
    os.makedirs(build, exist_ok=True)
    db = []
    for i in range(n):
        src = os.path.join(out, "src", "m%05d.cpp" % i)
        db.append({"directory": build, "file": src,
                   "command": "clang++ -std=c++20 -Iinclude -c %s -o m%05d.o" % (src, i)})
    with open(os.path.join(build, "compile_commands.json"), "w") as f:
        json.dump(db, f)
    flags = ["--checks=-*,asynclinttest-*"]
    listing = subprocess.run([asynclint, "-p", build, "--print-cache-entries"] + flags,
                             check=True, capture_output=True, text=True).stdout
    for i, line in enumerate(listing.splitlines()):
        src, entry = line.split(" ", 1)
        os.makedirs(os.path.dirname(entry), exist_ok=True)
        records = []
        half = per_tu // 2
        for k in range(half):
            name = ("blocking_%d_%d" if k == 0 else "f_%d_%d") % (i, k)
            records.append({"kind": "def", "name": name,
                            "loc": {"file": src, "line": 10 + k * 5, "col": 6}})
        for k in range(per_tu - half):
            callee = (i * 7919 + k * 104729) % n
            name = ("blocking_%d_0" if (k == 0 and i % 100 == 0) else "f_%d_1") % callee
            records.append({"kind": "call", "name": name,
                            "loc": {"file": src, "line": 100 + k, "col": 3}})
        with open(entry, "w") as f:
            json.dump({"version": 1, "file": src, "status": "ok", "deps": [],
                       "findings": [], "facts": {"asynclinttest": records}}, f)
    print("generated %d TUs with %d records each under %s" % (n, per_tu, out))
    print("flags for --merge-only: " + " ".join(flags))


main()

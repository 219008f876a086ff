#!/usr/bin/env python3
"""Generates a codebase of N translation units as the cache of `--shard` jobs
would leave it, to time asynclint's whole-program merge (`--merge-only`).

Usage: gen_merge_bench.py [--family=async] ASYNCLINT OUT_DIR [N=10000] [RECORDS_PER_TU=20]

Writes OUT_DIR/build/compile_commands.json with N entries and, for each TU,
the cache entry (found with `ASYNCLINT -p OUT_DIR/build --print-cache-entries`)
holding RECORDS_PER_TU fact records: function definitions and calls into
other TUs, in the record shape of the family given by --family (default
"asynclinttest", the fake family of the asynclint-facts-test build; every
100th TU calls a blocking function of another TU, so the merger finds N/100
cross-TU findings). With --family=async the records are those the async
checks write (checks/async/BlockingFacts.h: blocking functions with their
frames, open functions with their calls, task bodies with theirs, locations
as [file, line, col]) for the real `asynclint`; every 100th TU has a task
that reaches a blocking function of another TU through an open one. Then time:

  time ASYNCLINT -p OUT_DIR/build --checks=-*,asynclinttest-* --merge-only --format=json --quiet
  time ASYNCLINT -p OUT_DIR/build --checks=-*,async-* --merge-only --format=json --quiet  # --family=async
"""
import json
import os
import subprocess
import sys


def fake_records(src, i, n, per_tu):
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
    return records


def async_records(src, i, n, per_tu):
    """Records in the shape of checks/async/BlockingFacts.cpp."""
    def key(name):
        return "app::%s int (std::future<int> &)" % name
    records = []
    if i % 10 == 0:
        records.append(["b", key("blocking_%d" % i), "blocking_%d" % i,
                        [["blocking_%d" % i, "wait_reply", [src, 20, 10]],
                         ["wait_reply", "get", [src, 15, 60]]]])
    tasks = max(1, per_tu // 4)
    for k in range(1, per_tu - tasks):
        callee = (i * 7919 + k * 104729) % n
        records.append(["o", key("f_%d_%d" % (i, k)), "f_%d_%d" % (i, k),
                        [[key("f_%d_1" % callee), "f_%d_1" % callee, [src, 30 + k, 5]],
                         [key("lib_%d" % k), "lib_%d" % k, [src, 31 + k, 5]]]])
    for k in range(tasks):
        callee = (i * 7919 + k * 104729) % n
        calls = [[key("f_%d_2" % callee), "f_%d_2" % callee, [src, 200 + k, 20]]]
        if k == 0 and i % 100 == 0:
            target = (callee // 10) * 10
            # an open function of this TU that calls a blocking one elsewhere
            records.append(["o", key("bridge_%d" % i), "bridge_%d" % i,
                            [[key("blocking_%d" % target), "blocking_%d" % target,
                              [src, 300, 10]]]])
            calls.append([key("bridge_%d" % i), "bridge_%d" % i, [src, 201 + k, 20]])
        records.append(["t", "async-blocking-wait-in-pool", calls, [src, 200 + k, 8], ""])
    return records


def main():
    args = sys.argv[1:]
    family = "asynclinttest"
    if args and args[0].startswith("--family="):
        family = args.pop(0).split("=", 1)[1]
    asynclint, out = args[0], os.path.abspath(args[1])
    n = int(args[2]) if len(args) > 2 else 10000
    per_tu = int(args[3]) if len(args) > 3 else 20
    build = os.path.join(out, "build")
    os.makedirs(build, exist_ok=True)
    db = []
    for i in range(n):
        src = os.path.join(out, "src", "m%05d.cpp" % i)
        db.append({"directory": build, "file": src,
                   "command": "clang++ -std=c++20 -Iinclude -c %s -o m%05d.o" % (src, i)})
    with open(os.path.join(build, "compile_commands.json"), "w") as f:
        json.dump(db, f)
    flags = ["--checks=-*,async-*" if family == "async" else "--checks=-*,asynclinttest-*"]
    listing = subprocess.run([asynclint, "-p", build, "--print-cache-entries"] + flags,
                             check=True, capture_output=True, text=True).stdout
    for i, line in enumerate(listing.splitlines()):
        src, entry = line.split(" ", 1)
        os.makedirs(os.path.dirname(entry), exist_ok=True)
        records = (async_records if family == "async" else fake_records)(src, i, n, per_tu)
        with open(entry, "w") as f:
            json.dump({"version": 1, "file": src, "status": "ok", "deps": [],
                       "findings": [], "facts": {family: records}}, f)
    print("generated %d TUs with %d records each under %s" % (n, per_tu, out))
    print("flags for --merge-only: " + " ".join(flags))


main()

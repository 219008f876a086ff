#!/usr/bin/env python3
"""Compares two builds of asynclint_runtime_bench side by side in one run.

  compare.py BEFORE_BINARY AFTER_BINARY [--rounds N] [--filter REGEX]

The two binaries run alternately (N rounds each, 3 repetitions per round), so
that a change in machine load affects both alike; each cell is the median of
all repetitions of that binary (CPU time, wall time for the contended rows).
Prints one line per benchmark: before, after, and after/before.
"""

import argparse
import json
import statistics
import subprocess
import sys


def run(binary, flt):
    cmd = [binary, "--benchmark_filter=" + flt, "--benchmark_min_time=0.3",
           "--benchmark_repetitions=3", "--benchmark_format=json"]
    report = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
    out = {}
    for b in report["benchmarks"]:
        if b.get("run_type") != "iteration":
            continue
        name = b["run_name"]
        out.setdefault(name, []).append(b["real_time"] if "real_time" in name else b["cpu_time"])
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--filter", default="asynclint")
    args = parser.parse_args()
    samples = {"before": {}, "after": {}}
    for _ in range(args.rounds):
        for which in ("before", "after"):
            for name, values in run(getattr(args, which), args.filter).items():
                samples[which].setdefault(name, []).extend(values)
    print("| benchmark (ns) | before | after | after/before |")
    print("|---|---:|---:|---:|")
    for name in samples["before"]:
        if name not in samples["after"]:
            continue
        b = statistics.median(samples["before"][name])
        a = statistics.median(samples["after"][name])
        print("| %s | %.1f | %.1f | %.2f |" % (name, b, a, a / b))
    return 0


if __name__ == "__main__":
    sys.exit(main())

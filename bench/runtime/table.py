#!/usr/bin/env python3
"""Prints the benchmark table of docs/runtime.md from asynclint_runtime_bench.

  table.py BENCH_BINARY [extra benchmark flags]   # runs it (5 repetitions)
  table.py --json FILE                            # from a saved JSON report

Cells are medians over the repetitions: CPU time per operation, wall time for
the contended rows. The ratios the docs quote are printed after the table.
"""

import json
import subprocess
import sys

LIBRARIES = [
    ("std::function", "std::function loop"),
    ("asynclint", "asynclint"),
    ("asynclint-owner", "asynclint owner"),
    ("asynclint-weak", "asynclint weak"),
    ("boost::signals2", "boost::signals2"),
    ("sigc++-3", "sigc++-3"),
    ("qt5-direct", "Qt5 direct"),
]
ROWS = [
    ("publish/{}/1", "publish, 1 handler"),
    ("publish/{}/10", "publish, 10 handlers"),
    ("publish/{}/100", "publish, 100 handlers"),
    ("subscribe/{}", "subscribe + unsubscribe (next to 10)"),
    ("contended/{}/real_time/threads:2", "publish to 10, 2 threads at once (wall)"),
]


def medians(report):
    out = {}
    for b in report["benchmarks"]:
        if b.get("aggregate_name") != "median":
            continue
        name = b["run_name"]
        wall = "real_time" in name
        out[name] = b["real_time"] if wall else b["cpu_time"]
    return out


def main():
    if len(sys.argv) >= 3 and sys.argv[1] == "--json":
        report = json.load(open(sys.argv[2]))
    else:
        cmd = sys.argv[1:] + ["--benchmark_min_time=0.5", "--benchmark_repetitions=5",
                              "--benchmark_report_aggregates_only=true",
                              "--benchmark_format=json"]
        report = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
    m = medians(report)
    present = [(k, title) for k, title in LIBRARIES if any(n.split("/")[1] == k for n in m)]
    print("| ns per operation | " + " | ".join(t for _, t in present) + " |")
    print("|---|" + "---:|" * len(present))
    for pattern, title in ROWS:
        cells = []
        for key, _ in present:
            value = m.get(pattern.format(key))
            if value is None:
                cells.append("n/a" if pattern.startswith("subscribe") else "not thread-safe")
            else:
                cells.append("%.1f" % value)
        print("| " + title + " | " + " | ".join(cells) + " |")

    def ratio(a, b):
        return "%.2f" % (m[a] / m[b]) if a in m and b in m else "n/a"

    print()
    for n in (1, 10, 100):
        print("handlers %3d: weak/strong %s, owner/strong %s, strong/loop %s" % (
            n, ratio("publish/asynclint-weak/%d" % n, "publish/asynclint/%d" % n),
            ratio("publish/asynclint-owner/%d" % n, "publish/asynclint/%d" % n),
            ratio("publish/asynclint/%d" % n, "publish/std::function/%d" % n)))
    print("subscribe + unsubscribe: asynclint/boost::signals2 %s" % ratio(
        "subscribe/asynclint", "subscribe/boost::signals2"))
    return 0


if __name__ == "__main__":
    sys.exit(main())

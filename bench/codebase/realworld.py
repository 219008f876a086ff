#!/usr/bin/env python3
"""Runs asynclint on real open-source codebases and compares it with
clang++-19 -fsyntax-only over the same TUs with the same -j (docs/real-world.md,
docs/performance.md).

Usage: realworld.py ASYNCLINT BASE_DIR [-j N] [PROJECT...]

BASE_DIR holds one source tree per project, named owner+repo (as
`git archive` of the commit in PROJECTS leaves it). For each project this
writes BASE_DIR/<project>/asynclint-build/compile_commands.json (hand-written
from the file list below: the projects' own builds need optional deps), then
measures both tools under /usr/bin/time -v (wall time, peak RSS of the
largest process) and prints findings per check. Results as JSON lines on
stdout; asynclint's findings in <project>/asynclint-build/findings.json.
"""
import argparse
import glob
import json
import os
import re
import shlex
import subprocess
import sys

PROJECTS = {
    "bshoshany+thread-pool": {
        "commit": "bd4533f", "std": "c++20", "includes": ["include"],
        "files": ["tests/BS_thread_pool_test.cpp"]},
    "progschj+ThreadPool": {
        "commit": "9a42ec1", "std": "c++11", "includes": ["."],
        "files": ["example.cpp"]},
    "palacaze+sigslot": {
        "commit": "b588b79", "std": "c++17", "includes": ["include"],
        "files": ["example/*.cpp", "test/*.cpp"],
        "exclude": ["qt-tracking", "boost-tracking"]},
    "taskflow+taskflow": {
        "commit": "83f90a27", "std": "c++20", "includes": ["."],
        "files": ["examples/async.cpp", "examples/dependent_async.cpp", "examples/run.cpp",
                  "examples/runtime.cpp", "examples/subflow.cpp", "examples/corun.cpp",
                  "examples/simple.cpp", "examples/observer.cpp", "examples/parallel_for.cpp",
                  "examples/limited_concurrency.cpp"]},
    "chriskohlhoff+asio": {
        "commit": "8806a6803", "std": "c++20", "includes": ["include"],
        "defines": ["ASIO_STANDALONE"],
        "files": ["src/examples/cpp11/executors/*.cpp", "src/examples/cpp11/chat/chat_*.cpp",
                  "src/examples/cpp11/echo/*.cpp", "src/examples/cpp11/http/server/*.cpp",
                  "src/examples/cpp20/coroutines/*.cpp"]},
}


def time_v(cmd, cwd):
    proc = subprocess.run(["/usr/bin/time", "-v"] + cmd, cwd=cwd, capture_output=True, text=True)
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", proc.stderr)
    h = float(wall.group(1) or 0); m = float(wall.group(2)); s = float(wall.group(3))
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr).group(1))
    return h * 3600 + m * 60 + s, rss, proc


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("asynclint")
    ap.add_argument("base")
    ap.add_argument("-j", type=int, default=os.cpu_count())
    ap.add_argument("projects", nargs="*")
    a = ap.parse_args()
    for name in a.projects or PROJECTS:
        p = PROJECTS[name]
        root = os.path.abspath(os.path.join(a.base, name))
        build = os.path.join(root, "asynclint-build")
        os.makedirs(build, exist_ok=True)
        files = []
        for pattern in p["files"]:
            for f in sorted(glob.glob(os.path.join(root, pattern))):
                if not any(x in f for x in p.get("exclude", [])):
                    files.append(f)
        flags = ["-std=" + p["std"], "-pthread"] + ["-I" + os.path.join(root, i) for i in p["includes"]]
        flags += ["-D" + d for d in p.get("defines", [])]
        db = [{"directory": root, "file": f,
               "arguments": ["/usr/bin/clang++-19"] + flags + ["-c", f, "-o", "/dev/null"]}
              for f in files]
        with open(os.path.join(build, "compile_commands.json"), "w") as out:
            json.dump(db, out, indent=1)
        script = "\n".join(" ".join(shlex.quote(x) for x in
                                    ["clang++-19", "-fsyntax-only"] + flags + [f]) for f in files)
        with open(os.path.join(build, "syntax-only.txt"), "w") as out:
            out.write(script + "\n")
        c_wall, c_rss, c_proc = time_v(
            ["sh", "-c", "xargs -P %d -I{} -d '\\n' sh -c {} < syntax-only.txt" % a.j], build)
        findings_file = os.path.join(build, "findings.json")
        l_wall, l_rss, l_proc = time_v(
            [a.asynclint, "-p", build, "--no-cache", "-j", str(a.j), "--format=json",
             # asynclint's checks only, even where the project's own
             # .clang-tidy enables others (bshoshany/thread-pool has one)
             "--checks=-*,async-*,events-*",
             "--output=" + findings_file, "--quiet"], root)
        summary = json.load(open(findings_file))["summary"] if os.path.exists(findings_file) else {}
        print(json.dumps({
            "project": name, "commit": p["commit"], "tus": len(files), "jobs": a.j,
            "clang_syntax_only_s": round(c_wall, 2), "clang_peak_rss_mb": round(c_rss / 1024, 1),
            "clang_exit": c_proc.returncode,
            "asynclint_s": round(l_wall, 2), "asynclint_peak_rss_mb": round(l_rss / 1024, 1),
            "asynclint_exit": l_proc.returncode,
            "time_ratio": round(l_wall / c_wall, 3), "rss_ratio": round(l_rss / c_rss, 3),
            "failed_to_compile": summary.get("failedToCompile"),
            "findings_per_check": summary.get("findingsPerCheck")}), flush=True)
        if l_proc.returncode == 2:
            sys.stderr.write(l_proc.stderr[-3000:])


main()

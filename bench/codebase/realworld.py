#!/usr/bin/env python3
"""Runs asynclint on real open-source codebases and compares it with
clang++-19 -fsyntax-only over the same TUs with the same -j (docs/real-world.md,
docs/performance.md).

Usage: realworld.py ASYNCLINT BASE_DIR [-j N] [PROJECT...]

BASE_DIR holds one source tree per project, named owner+repo (as
`git archive` of the commit in PROJECTS leaves it). For each project this
writes BASE_DIR/<project>/asynclint-build/compile_commands.json (hand-written
from the file list below: the projects' own builds need optional deps), then
measures both tools under /usr/bin/time -v (wall time, user+system CPU
time, peak RSS of the largest process) and prints findings per check. Results as JSON lines on
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
    # Async libraries and frameworks (docs/real-world.md, second table).
    # "standins" are headers their CMake builds generate or download,
    # written here instead; "copies" take one from another project.
    "jbaldwin+libcoro": {
        "commit": "277467ffdee1d7f04e93c6b4c72689c6c743f567", "std": "c++20",
        "includes": ["include", "asynclint-gen/include", "test"],
        "defines": ["LIBCORO_FEATURE_NETWORKING", "LIBCORO_FEATURE_TLS"],
        "standins": {"asynclint-gen/include/coro/export.hpp": (
            "#pragma once\n#define CORO_EXPORT\n#define CORO_NO_EXPORT\n"
            "#define CORO_DEPRECATED __attribute__((__deprecated__))\n"
            "#define CORO_DEPRECATED_EXPORT CORO_EXPORT CORO_DEPRECATED\n"
            "#define CORO_DEPRECATED_NO_EXPORT CORO_NO_EXPORT CORO_DEPRECATED\n"
            "#define CORO_STATIC_DEFINE\n")},
        "files": ["examples/*.cpp", "test/*.cpp", "test/concepts/*.cpp", "test/detail/*.cpp",
                  "test/net/*.cpp"],
        "exclude": ["catch_amalgamated.cpp"]},
    "David-Haim+concurrencpp": {
        "commit": "7a88f5401e15e1b64acae70077e40df1a5a9f6bf", "std": "c++20",
        "includes": ["include", "test/include"],
        "files": ["example/*/source/*.cpp", "test/source/infra/*.cpp", "test/source/utils/*.cpp",
                  "test/source/tests/*.cpp", "test/source/tests/*/*.cpp",
                  "test/source/thread_sanitizer/*.cpp",
                  # the library itself, as its own build compiles it
                  "source/*.cpp", "source/*/*.cpp", "source/*/*/*.cpp"]},
    "microsoft+cpprestsdk": {
        "commit": "0b1ce318a757bbfb89bdb0fffb61ca4e38dc3b33", "std": "c++11",
        "includes": ["Release/include", "Release/tests/common/UnitTestpp",
                     "Release/tests/common/utilities/include",
                     "Release/tests/functional/http/utilities/include",
                     "Release/tests/functional/websockets/utilities"],
        "files": ["Release/samples/BingRequest/*.cpp", "Release/samples/SearchFile/*.cpp",
                  "Release/samples/Oauth1Client/*.cpp", "Release/samples/Oauth2Client/*.cpp",
                  "Release/samples/BlackJack/BlackJack_Client/*.cpp",
                  "Release/samples/BlackJack/BlackJack_Server/*.cpp",
                  "Release/tests/functional/http/client/*.cpp",
                  "Release/tests/functional/http/listener/*.cpp",
                  "Release/tests/functional/http/utilities/*.cpp",
                  "Release/tests/functional/pplx/pplx_test/*.cpp",
                  "Release/tests/functional/streams/*.cpp",
                  "Release/tests/functional/websockets/client/*.cpp",
                  "Release/tests/functional/websockets/utilities/*.cpp"],
        # stdafx.cpp: precompiled-header TUs; winrt/CppSparseFile: Windows only
        "exclude": ["stdafx.cpp", "winrt_interop_tests.cpp", "CppSparseFile.cpp"]},
    "yhirose+cpp-httplib": {
        "commit": "6494edd8c03c55165825ae3078e2f55c595d8cb6", "std": "c++11",
        "includes": [".", "test/gtest/include"],
        "defines": ["CPPHTTPLIB_OPENSSL_SUPPORT", "CPPHTTPLIB_ZLIB_SUPPORT"],
        "files": ["example/*.cc", "test/*.cc", "test/*.cpp"],
        "exclude": ["include_windows_h.cc"]},
    "CrowCpp+Crow": {
        "commit": "2366edbadb568f9cc3d0ba035a6c1d6e55382adf", "std": "c++17",
        "includes": ["include", "asynclint-gen/include"],
        "defines": ["CROW_USE_BOOST", "CROW_ENABLE_SSL", "CROW_ENABLE_COMPRESSION"],
        "standins": {"asynclint-gen/include/crow_all.h": '#pragma once\n#include "crow.h"\n',
                     "asynclint-gen/include/catch2/catch_all.hpp":
                         '#include "catch_amalgamated.hpp"\n'},
        # Catch2 v3 (no Debian package): the amalgamated header libcoro bundles.
        "copies": {"asynclint-gen/include/catch2/catch_amalgamated.hpp":
                       "../jbaldwin+libcoro/test/catch_amalgamated.hpp"},
        "files": ["examples/*.cpp", "examples/*/*.cpp", "tests/*.cpp", "tests/*/*.cpp"]},
    # Applications with event sources (docs/real-world.md, third table),
    # analysed with the compile database their own build writes
    # ("own_db", relative to the source tree; how each is made is in
    # docs/real-world.md), capped at "tus" entries.
    "jurplel+qView": {"commit": "0ec246b78c310d5c842836a91566db24037c75c2",
                      "own_db": "build"},
    "GNOME+gnote": {"commit": "7747e299c0f14090d4fa084bcd84ef6f656fc525",
                    "own_db": "build"},
    "GNOME+gnome-system-monitor": {"commit": "e014b8e041663071c45b5acdcad2de3b83c27b36",
                                   "own_db": "build"},
    "OutpostUniverse+OPHD": {"commit": "905c13e5c620b96d4f4f48810f23e25c74398eb7",
                             "own_db": "build"},
    # GLib/GObject in C (tag 43.2; meson, help/ and post-install steps off).
    "GNOME+gnome-text-editor": {"commit": "2866178c3e1ebc3b6aff722d6fde559f0ee248ce",
                                "own_db": "build"},
    # GTK 3 in C (tag 41.0; meson, positional merge_file arguments removed).
    "GNOME+gnome-screenshot": {"commit": "a867bea20ec621f42e8bd815311654cb687d6733", "own_db": "build"},
}


def own_db_commands(root, p):
    """The TUs of a project's own compile database and one
    `cd DIR && COMPILER ... -fsyntax-only` line per TU."""
    db = json.load(open(os.path.join(root, p["own_db"], "compile_commands.json")))
    lines = []
    for e in db:
        args = e.get("arguments") or shlex.split(e["command"])
        keep, skip = [], False
        for x in args:
            if skip:
                skip = False
                continue
            if x in ("-c", "-o", "-MF", "-MT", "-MQ"):
                skip = x != "-c"
                continue
            if x in ("-MD", "-MMD"):
                continue
            keep.append(x)
        # The reference is clang's front end, whatever compiler the build
        # uses (gcc parses C much faster than clang does).
        keep[0] = "clang-19" if e["file"].endswith(".c") else "clang++-19"
        lines.append("cd %s && %s -fsyntax-only" % (
            shlex.quote(e["directory"]), " ".join(shlex.quote(x) for x in keep)))
    return [e["file"] for e in db], lines


def time_v(cmd, cwd):
    proc = subprocess.run(["/usr/bin/time", "-v"] + cmd, cwd=cwd, capture_output=True, text=True)
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", proc.stderr)
    h = float(wall.group(1) or 0); m = float(wall.group(2)); s = float(wall.group(3))
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr).group(1))
    cpu = sum(float(re.search(r"%s time \(seconds\): ([\d.]+)" % k, proc.stderr).group(1))
              for k in ("User", "System"))
    return h * 3600 + m * 60 + s, rss, cpu, proc


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("asynclint")
    ap.add_argument("base")
    ap.add_argument("-j", type=int, default=os.cpu_count())
    ap.add_argument("projects", nargs="*")
    ap.add_argument("--db-only", action="store_true",
                    help="write compile_commands.json and syntax-only.txt, measure nothing")
    a = ap.parse_intermixed_args()  # so "BASE -j 2 PROJECT..." works
    for name in a.projects or PROJECTS:
        p = PROJECTS[name]
        root = os.path.abspath(os.path.join(a.base, name))
        build = os.path.join(root, p.get("own_db", "asynclint-build"))
        os.makedirs(build, exist_ok=True)
        if "own_db" in p:
            files, lines = own_db_commands(root, p)
            with open(os.path.join(build, "syntax-only.txt"), "w") as out:
                out.write("\n".join(lines) + "\n")
            measure(a, name, p, root, build, files)
            continue
        for rel, text in p.get("standins", {}).items():
            os.makedirs(os.path.dirname(os.path.join(root, rel)), exist_ok=True)
            with open(os.path.join(root, rel), "w") as out:
                out.write(text)
        for rel, src in p.get("copies", {}).items():
            os.makedirs(os.path.dirname(os.path.join(root, rel)), exist_ok=True)
            with open(os.path.join(root, src), "rb") as f, open(os.path.join(root, rel), "wb") as out:
                out.write(f.read())
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
        if a.db_only:
            print(json.dumps({"project": name, "tus": len(files)}), flush=True)
            continue
        measure(a, name, p, root, build, files)


def measure(a, name, p, root, build, files):
    """Times clang++ -fsyntax-only (syntax-only.txt) and asynclint over the
    same TUs; prints one JSON line."""
    c_wall, c_rss, c_cpu, c_proc = time_v(
        ["sh", "-c", "xargs -P %d -I{} -d '\\n' sh -c {} < syntax-only.txt" % a.j], build)
    findings_file = os.path.join(build, "findings.json")
    l_wall, l_rss, l_cpu, l_proc = time_v(
        [a.asynclint, "-p", build, "--no-cache", "-j", str(a.j), "--format=json",
         # asynclint's checks only, even where the project's own
         # .clang-tidy enables others (bshoshany/thread-pool has one)
         "--checks=-*,async-*,events-*",
         "--output=" + findings_file, "--quiet"], root)
    summary = json.load(open(findings_file))["summary"] if os.path.exists(findings_file) else {}
    print(json.dumps({
        "project": name, "commit": p["commit"], "tus": len(files), "jobs": a.j,
        "clang_syntax_only_s": round(c_wall, 2), "clang_cpu_s": round(c_cpu, 2), "clang_peak_rss_mb": round(c_rss / 1024, 1),
        "clang_exit": c_proc.returncode,
        "asynclint_s": round(l_wall, 2), "asynclint_cpu_s": round(l_cpu, 2), "asynclint_peak_rss_mb": round(l_rss / 1024, 1),
        "asynclint_exit": l_proc.returncode,
        "time_ratio": round(l_wall / c_wall, 3), "cpu_ratio": round(l_cpu / c_cpu, 3), "rss_ratio": round(l_rss / c_rss, 3),
        "failed_to_compile": summary.get("failedToCompile"),
        "findings_per_check": summary.get("findingsPerCheck")}), flush=True)
    with open(os.path.join(build, "asynclint.stderr"), "w") as out:
        out.write(l_proc.stderr)
    with open(os.path.join(build, "clang-syntax-only.stderr"), "w") as out:
        out.write(c_proc.stderr)
    if l_proc.returncode == 2:
        sys.stderr.write(l_proc.stderr[-3000:])


main()

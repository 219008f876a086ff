#!/usr/bin/env python3
"""Runs every ```cpp and ```c example in the docs through asynclint.

Each ```cpp block in README.md and docs/**/*.md is a complete translation
unit. It is compiled with -std=c++20, the runtime's headers and the
pkg-config flags of the real libraries the docs show (when installed), and
analysed with `--checks=-*,async-*,events-*`. A line ending in a comment
`// warning: <text>` must get a warning containing <text> on that line; any
other warning or error fails the test. So a doc example cannot drift from
what the checks do.

Usage: docs_examples.py --driver ASYNCLINT --src-root DIR --work DIR
"""

import argparse
import os
import re
import shlex
import subprocess
import sys

FENCE = re.compile(r"^```(cpp|c)[ \t]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
EXPECT = re.compile(r"//\s*warning:\s*(.+?)\s*$")
DIAG = re.compile(r"^(.*?):(\d+):(\d+): (warning|error): (.*)$")
PKG_CONFIG_LIBS = ["Qt5Widgets", "gobject-2.0", "sigc++-3.0"]


def library_flags():
    flags = []
    for lib in PKG_CONFIG_LIBS:
        proc = subprocess.run(["pkg-config", "--cflags", lib], capture_output=True, text=True)
        if proc.returncode == 0:
            flags += shlex.split(proc.stdout)
    return flags + ["-fPIC"]


def doc_files(src_root):
    yield os.path.join(src_root, "README.md")
    for root, dirs, files in os.walk(os.path.join(src_root, "docs")):
        dirs[:] = sorted(d for d in dirs if d != "examples")
        for name in sorted(files):
            if name.endswith(".md"):
                yield os.path.join(root, name)


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--driver", required=True)
    parser.add_argument("--src-root", required=True)
    parser.add_argument("--work", required=True)
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)

    examples = {}  # path of the extracted file -> (doc, line of the block, expectations)
    for doc in doc_files(args.src_root):
        if not os.path.exists(doc):
            continue
        text = open(doc, encoding="utf-8").read()
        rel = os.path.relpath(doc, args.src_root)
        for index, match in enumerate(FENCE.finditer(text)):
            lang, code = match.group(1), match.group(2)
            block_line = text.count("\n", 0, match.start()) + 2
            name = re.sub(r"[^A-Za-z0-9]+", "_", rel) + "_%d.%s" % (index + 1, lang)
            path = os.path.join(args.work, name)
            with open(path, "w", encoding="utf-8") as f:
                f.write(code)
            expected = {}
            for number, line in enumerate(code.splitlines(), start=1):
                m = EXPECT.search(line)
                if m:
                    expected[number] = m.group(1)
            examples[path] = (rel, block_line, expected)

    if not examples:
        print("docs_examples: no ```cpp blocks found", file=sys.stderr)
        return 1

    include = os.path.join(args.src_root, "runtime", "include")
    output = ""
    # C++ blocks, then C blocks (GObject code), each language in one run.
    for suffix, std in ((".cpp", "-std=c++20"), (".c", "-std=gnu11")):
        files = sorted(p for p in examples if p.endswith(suffix))
        if not files:
            continue
        cmd = shlex.split(args.driver) + files + ["--checks=-*,async-*,events-*", "--"]
        cmd += [std, "-I" + include] + library_flags()
        proc = subprocess.run(cmd, capture_output=True, text=True)
        output += proc.stdout + proc.stderr
        if proc.returncode < 0:
            print("docs_examples: asynclint crashed\n" + output, file=sys.stderr)
            return 1

    got = {}  # (path, line) -> [messages]
    problems = []
    for line in output.splitlines():
        m = DIAG.match(line)
        if not m:
            continue
        path = os.path.realpath(m.group(1))
        key = next((p for p in examples if os.path.realpath(p) == path), None)
        if key is None:
            continue
        if m.group(4) == "error":
            rel, block_line, _ = examples[key]
            problems.append("%s (block at line %d): line %s: error: %s"
                            % (rel, block_line, m.group(2), m.group(5)))
            continue
        got.setdefault((key, int(m.group(2))), []).append(m.group(5))

    for path, (rel, block_line, expected) in sorted(examples.items()):
        where = "%s (block at line %d)" % (rel, block_line)
        for number, fragment in sorted(expected.items()):
            messages = got.pop((path, number), [])
            if not any(fragment in msg for msg in messages):
                problems.append("%s: line %d: expected a warning containing '%s', got %s"
                                % (where, number, fragment, messages or "none"))
    for (path, number), messages in sorted(got.items()):
        rel, block_line, _ = examples[path]
        for msg in messages:
            problems.append("%s (block at line %d): line %d: unexpected warning: %s"
                            % (rel, block_line, number, msg))

    for p in problems:
        print("docs_examples: " + p, file=sys.stderr)
    total = sum(len(e[2]) for e in examples.values())
    print("docs_examples: %d examples, %d expected warnings, %d problems"
          % (len(examples), total, len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

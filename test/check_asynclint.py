#!/usr/bin/env python3
"""Runs asynclint checks on a test file and verifies what they report.

Usage (from a lit RUN line):
  check_asynclint.py --driver CMD --filecheck PATH [--check-suffix S]
                     INPUT CHECKS TEMP [-- TIDY-ARGS... [-- COMPILER-ARGS...]]

INPUT is the test source; CHECKS the value for --checks (prefixed with '-*,');
TEMP the lit %t path the runner may use. CMD is the front end (the asynclint
binary, or clang-tidy with --load=<plugin>); it gets the file, the checks, the
TIDY-ARGS and, after '--', the COMPILER-ARGS (default: -std=c++20).

What is verified:
  * `// CHECK-MESSAGES: ...` lines: the warnings and errors, in order, with
    FileCheck; any warning or error not expected fails the test.
  * `// CHECK-NOTES: ...` lines: the same, notes included; any warning, error
    or note not expected fails the test. A file uses one or the other.
  * `// CHECK-FIXES: ...` lines: the file after `--fix`, with
    -strict-whitespace. With no CHECK-FIXES line, the file must come back
    unchanged (a check that offers an unexpected fix-it fails).
  * With no CHECK-MESSAGES/CHECK-NOTES line, the checks must report nothing.

The check comments are blanked out in the copy the checks run on (line
numbers are kept), so a CHECK-FIXES line can never match itself.
"""

import argparse
import difflib
import os
import re
import shlex
import subprocess
import sys


def fail(message, output=None):
    sys.stderr.write("check_asynclint: error: %s\n" % message)
    if output:
        sys.stderr.write("------ output ------\n%s\n--------------------\n" % output)
    sys.exit(1)


def split_dashes(args):
    """Splits ARGS at the first two '--' separators."""
    groups = [[], [], []]
    index = 0
    for arg in args:
        if arg == "--" and index < 2:
            index += 1
            continue
        groups[index].append(arg)
    return groups, index


def run_filecheck(filecheck, check_file, prefix, text, extra):
    cmd = [filecheck, check_file, "--check-prefix=" + prefix,
           "--dump-input=fail"] + extra
    proc = subprocess.run(cmd, input=text, capture_output=True, text=True)
    if proc.returncode != 0:
        fail("FileCheck %s failed:\n%s" % (prefix, proc.stderr), text)


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--driver", required=True)
    parser.add_argument("--filecheck", required=True)
    parser.add_argument("--check-suffix", default="")
    parser.add_argument("input")
    parser.add_argument("checks")
    parser.add_argument("temp")
    argv = sys.argv[1:]
    head = argv[:argv.index("--")] if "--" in argv else argv
    known = parser.parse_args(head)
    (_, tidy_args, compiler_args), _ = split_dashes(argv)
    compiler_args = compiler_args or ["-std=c++20"]

    suffix = ("-" + known.check_suffix.upper()) if known.check_suffix else ""
    msg_prefix = "CHECK-MESSAGES" + suffix
    notes_prefix = "CHECK-NOTES" + suffix
    fixes_prefix = "CHECK-FIXES" + suffix

    with open(known.input, encoding="utf-8") as f:
        original = f.read()

    def has(prefix):
        return re.search(r"//\s*%s(-NEXT|-SAME|-DAG|-NOT|-EMPTY)?:" % re.escape(prefix),
                         original) is not None

    has_messages, has_notes, has_fixes = has(msg_prefix), has(notes_prefix), has(fixes_prefix)
    if has_messages and has_notes:
        fail("use either %s or %s in one file, not both" % (msg_prefix, notes_prefix))

    # Blank out every CHECK comment (any prefix), keeping line numbers.
    check_comment = re.compile(r"[ \t]*//\s*CHECK-[A-Z0-9-]*:.*$", re.MULTILINE)
    stripped = check_comment.sub("", original)

    ext = os.path.splitext(known.input)[1] or ".cpp"
    temp_dir = known.temp + ".dir"
    os.makedirs(temp_dir, exist_ok=True)
    temp_file = os.path.join(temp_dir, os.path.basename(known.input))
    if not temp_file.endswith(ext):
        temp_file += ext
    with open(temp_file, "w", encoding="utf-8") as f:
        f.write(stripped)

    include_dir = os.path.dirname(os.path.abspath(known.input))
    cmd = shlex.split(known.driver)
    cmd += [temp_file, "--checks=-*," + known.checks, "--fix"] + tidy_args
    cmd += ["--"] + compiler_args + ["-I" + include_dir]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    output = proc.stdout + proc.stderr
    if proc.returncode < 0:
        fail("the front end crashed (signal %d): %s" % (-proc.returncode, " ".join(cmd)), output)
    # Paths in the output are the copy's; show them as the test file's so
    # failures point at something a reader can open.
    output = output.replace(temp_file, known.input)

    diag_line = re.compile(r":\d+:\d+: (warning|error|note): ")
    if has_notes:
        run_filecheck(known.filecheck, known.input, notes_prefix, output,
                      ["--implicit-check-not={{warning|error|note}}:"])
    elif has_messages:
        without_notes = "\n".join(l for l in output.splitlines()
                                  if not re.search(r":\d+:\d+: note: ", l))
        run_filecheck(known.filecheck, known.input, msg_prefix, without_notes,
                      ["--implicit-check-not={{warning|error}}:"])
    else:
        reported = [l for l in output.splitlines()
                    if diag_line.search(l) and " note: " not in l]
        if reported:
            fail("expected no diagnostics, got:\n" + "\n".join(reported), output)

    with open(temp_file, encoding="utf-8") as f:
        fixed = f.read()
    if has_fixes:
        run_filecheck(known.filecheck, known.input, fixes_prefix, fixed,
                      ["--strict-whitespace"])
    elif fixed != stripped:
        diff = "".join(difflib.unified_diff(stripped.splitlines(True), fixed.splitlines(True),
                                            "before --fix", "after --fix"))
        fail("a fix-it changed the file but it has no %s lines:\n%s" % (fixes_prefix, diff))


if __name__ == "__main__":
    main()

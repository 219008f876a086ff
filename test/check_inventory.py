#!/usr/bin/env python3
"""Rejects a registered check that is not complete.

For every check the asynclint tool registers (async-*, events-*):
  * the clang-tidy plugin registers the same checks;
  * the header checks/<family>/<Name>Check.h opens with a doxygen sentence
    that is also the first sentence of docs/checks/<check>.md;
  * test/checks/<family>/<check>.cpp exists;
  * every check test runs through both front ends;
  * every diagnostic message is clang style: starts lower-case, no trailing
    period.
Usage: check_inventory.py --tool ASYNCLINT --plugin-driver "CLANG_TIDY --load=PLUGIN" --src-root DIR
"""

import argparse
import glob
import os
import re
import shlex
import subprocess
import sys


def listed_checks(cmd):
    out = subprocess.run(cmd + ["--checks=-*,async-*,events-*", "--list-checks"],
                         capture_output=True, text=True, cwd="/").stdout
    return sorted(l.strip() for l in out.splitlines() if re.match(r"^\s+[a-z]+-[a-z0-9-]+$", l))


def camel(check):
    family, _, rest = check.partition("-")
    return family, "".join(p.capitalize() for p in rest.split("-")) + "Check"


def normalize(text):
    return " ".join(text.split())


def first_sentence(text):
    m = re.match(r"(.+?\.)(\s|$)", normalize(text))
    return m.group(1) if m else normalize(text)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool", required=True)
    ap.add_argument("--plugin-driver", required=True)
    ap.add_argument("--src-root", required=True)
    args = ap.parse_args()
    root = args.src_root
    problems = []

    checks = listed_checks(shlex.split(args.tool))
    plugin_checks = listed_checks(shlex.split(args.plugin_driver))
    if not checks:
        problems.append("the tool registers no async-*/events-* check")
    if checks != plugin_checks:
        problems.append("tool and plugin register different checks: %s vs %s"
                        % (checks, plugin_checks))

    for check in checks:
        family, cls = camel(check)
        header = os.path.join(root, "checks", family, cls + ".h")
        doc = os.path.join(root, "docs", "checks", check + ".md")
        test = os.path.join(root, "test", "checks", family, check + ".cpp")
        if not os.path.exists(test):
            problems.append("%s: no test file %s" % (check, os.path.relpath(test, root)))
        if not os.path.exists(header):
            problems.append("%s: no header %s" % (check, os.path.relpath(header, root)))
            continue
        m = re.search(r"((?:^///[^\n]*\n)+)", open(header).read(), re.MULTILINE)
        summary = first_sentence(re.sub(r"^///\s?", "", m.group(1), flags=re.MULTILINE)) if m else ""
        if not summary:
            problems.append("%s: header has no /// summary sentence" % check)
        if not os.path.exists(doc):
            problems.append("%s: no doc page %s" % (check, os.path.relpath(doc, root)))
            continue
        body = re.sub(r"^#.*\n", "", open(doc).read(), count=1).strip()
        para = body.split("\n\n")[0]
        if summary and first_sentence(para) != summary:
            problems.append("%s: doc page opens with '%s' but the header says '%s'"
                            % (check, first_sentence(para), summary))

    for test in glob.glob(os.path.join(root, "test", "checks", "*", "*.cpp")):
        text = open(test).read()
        if "XFAIL" in text:
            continue
        if "%check_asynclint " not in text or "%check_asynclint_plugin " not in text:
            problems.append("%s: does not run through both front ends"
                            % os.path.relpath(test, root))

    diag = re.compile(r'\bdiag\(\s*[^;]*?,\s*"((?:[^"\\]|\\.)*)"', re.DOTALL)
    for source in glob.glob(os.path.join(root, "checks", "*", "*.cpp")):
        for message in diag.findall(open(source).read()):
            rel = os.path.relpath(source, root)
            if message[:1].isupper():
                problems.append("%s: message starts upper-case: \"%s\"" % (rel, message))
            if message.rstrip().endswith("."):
                problems.append("%s: message ends with a period: \"%s\"" % (rel, message))

    for p in problems:
        print("check_inventory: " + p, file=sys.stderr)
    print("check_inventory: %d checks, %d problems" % (len(checks), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Writes a project whose paths need percent-encoding in a URI (tests only).

Usage: make_unicode_project.py ROOT
ROOT gets include/pool.h (from Inputs/codebase), a source file named
"src/net io/café.cpp" (a space in the directory, a non-ASCII file name) with
a finding on a line that has an emoji (two UTF-16 code units, four bytes)
before it, and build/compile_commands.json.
"""
import os
import shutil
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
root = sys.argv[1]
os.makedirs(os.path.join(root, "include"), exist_ok=True)
shutil.copy(os.path.join(here, "codebase", "include", "pool.h"), os.path.join(root, "include"))
source = os.path.join(root, "src", "net io", "caf\u00e9.cpp")
os.makedirs(os.path.dirname(source), exist_ok=True)
with open(source, "w", encoding="utf-8") as f:
    f.write("""#include "pool.h"

// A task that waits on another task of the same pool.
std::future<int> render(int frame) {
  return pool().enqueue([frame] {
    auto part = pool().enqueue([frame] { return compute(frame); });
    /* \U0001F680 */ return part.get() + 1;
  });
}
""")
subprocess.check_call([sys.executable, os.path.join(here, "make_db.py"), root,
                       os.path.join("net io", "caf\u00e9.cpp")])

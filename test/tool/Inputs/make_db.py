#!/usr/bin/env python3
"""Writes ROOT/build/compile_commands.json for ROOT/src/<file>... (tests only).

Usage: make_db.py ROOT FILE... [-- EXTRA-FLAGS...]
Each FILE (relative to ROOT/src) is compiled from ROOT/build with
clang++ -std=c++20 -IROOT/include and EXTRA-FLAGS, as CMake would write it
(arguments shell-quoted: paths may contain spaces).
"""
import json
import os
import shlex
import sys

args = sys.argv[1:]
extra = []
if "--" in args:
    extra = args[args.index("--") + 1:]
    args = args[:args.index("--")]
root = os.path.abspath(args[0])
build = os.path.join(root, "build")
os.makedirs(build, exist_ok=True)
entries = []
for name in args[1:]:
    src = os.path.join(root, "src", name)
    obj = "CMakeFiles/app.dir/src/%s.o" % name
    cmd = ["/usr/bin/clang++", "-std=c++20", "-I" + os.path.join(root, "include")] + extra
    cmd += ["-MD", "-MT", obj, "-MF", obj + ".d", "-o", obj, "-c", src]
    entries.append({"directory": build, "command": shlex.join(cmd), "file": src, "output": obj})
with open(os.path.join(build, "compile_commands.json"), "w") as f:
    json.dump(entries, f, indent=2)

#!/usr/bin/env python3
"""Builds the pre-commit test's project in ROOT (tests only).

Usage: setup.py ROOT
Copies Inputs/codebase, adds copies of src/render.cpp (a finding at 9:17)
under names a shell would split or read as a flag, the two files of a
cross-TU finding, and writes ROOT/build/compile_commands.json for all of
them except the new files the test adds later.
"""
import os
import shutil
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
inputs = os.path.dirname(here)
root = os.path.abspath(sys.argv[1])
shutil.copytree(os.path.join(inputs, "codebase"), root, dirs_exist_ok=True)
src = os.path.join(root, "src")
odd = ["with space.cpp", "-dash.cpp", "caf\u00e9.cpp"]
for name in odd:
    shutil.copy(os.path.join(src, "render.cpp"), os.path.join(src, name))
for name in ["submit.cpp", "thumbnail.cpp"]:
    shutil.copy(os.path.join(here, name), os.path.join(src, name))
subprocess.check_call([sys.executable, os.path.join(inputs, "make_db.py"), root,
                       "clean.cpp", "render.cpp", "submit.cpp", "thumbnail.cpp"] + odd)
# Not in the database: one next to files that are, one in a directory that
# has none.
shutil.copy(os.path.join(src, "render.cpp"), os.path.join(src, "new.cpp"))
os.makedirs(os.path.join(root, "tools"), exist_ok=True)
shutil.copy(os.path.join(src, "render.cpp"), os.path.join(root, "tools", "lonely.cpp"))

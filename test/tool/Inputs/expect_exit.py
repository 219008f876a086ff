#!/usr/bin/env python3
"""Runs a command and fails unless it exits with the given code (tests only).

Usage: expect_exit.py CODE COMMAND ARGS...   (stdout and stderr pass through)
"""
import subprocess
import sys

want = int(sys.argv[1])
got = subprocess.call(sys.argv[2:])
if got != want:
    sys.stderr.write("expect_exit: %s exited with %d, expected %d\n"
                     % (sys.argv[2], got, want))
    sys.exit(1)

#!/usr/bin/env python3
"""Interrupts a codebase run while a TU is being analysed (tests only).

Usage: interrupt.py [GROUP-|TU-]SIGNAL TMPDIR COMMAND ARGS...
Runs COMMAND with TMPDIR as its temporary directory, waits until a TU's
process has started (a file in TMPDIR/asynclint-*), sends SIGNAL (INT or
TERM) to COMMAND alone (as `kill` does) or, with GROUP-, to its whole
process group (as Ctrl-C in a terminal does) or, with TU-, to the TUs'
processes alone (as the out-of-memory killer does), waits for it and prints how
it ended, what is left
in TMPDIR and whether a process of the run is still alive (such processes
are then killed, so a failing test leaves nothing behind).
"""
import glob
import os
import signal
import subprocess
import sys
import time

mode, _, name = sys.argv[1].rpartition("-")
sig = getattr(signal, "SIG" + name)
group = mode == "GROUP"
tmp = os.path.abspath(sys.argv[2])
os.makedirs(tmp, exist_ok=True)
env = dict(os.environ, TMPDIR=tmp)
proc = subprocess.Popen(sys.argv[3:], env=env, start_new_session=group)


def started():
    return any(os.listdir(d) for d in glob.glob(os.path.join(tmp, "asynclint-*")))


def run_processes():
    """Processes whose environment points into TMPDIR: the TUs' runs."""
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open("/proc/%s/environ" % pid, "rb") as f:
                if (tmp + "/asynclint-").encode() in f.read():
                    found.append(int(pid))
        except OSError:
            pass
    return found


deadline = time.time() + 120
while not started() and proc.poll() is None and time.time() < deadline:
    time.sleep(0.05)
if proc.poll() is not None:
    print("the run ended before a TU started (exit %d)" % proc.returncode)
    sys.exit(1)
time.sleep(1)
if group:
    os.killpg(proc.pid, sig)
elif mode == "TU":
    for pid in run_processes():
        os.kill(pid, sig)
else:
    proc.send_signal(sig)
try:
    code = proc.wait(timeout=60)
except subprocess.TimeoutExpired:
    proc.kill()
    code = proc.wait()
    print("the run did not stop")
print("ended by %s" % signal.Signals(-code).name if code < 0 else "exit code %d" % code)
time.sleep(0.2)


left = sorted(os.listdir(tmp))
print("left in TMPDIR: %s" % (" ".join(left) if left else "nothing"))
alive = run_processes()
print("processes of the run still alive: %d" % len(alive))
for pid in alive:
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass

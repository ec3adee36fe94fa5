#!/usr/bin/env python3
"""Time from process start to the first poll shipped, for `bin/xtcp run`.

Starts `bin/xtcp run --netns self --dest null:` (or --dest DEST) several times, reads the one
log line the daemon writes when its first poll has been handed to the sink ("first poll done X s
after the process started": X counts from the kernel's start time of the process, so the
launcher script, JVM start, class loading, capability check, discovery and the first dump are all
in it), stops the daemon, and prints the median, with and without the class-data-sharing archive
the launcher makes (XTCP_CDS=0 turns it off).

  sudo bench/start_to_first_poll.py [--runs 7] [--dest null:]
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import time

from benchproc import stop_process

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LINE = re.compile(r"first poll done ([0-9.]+) s after the process started")


def one_run(dest, cds):
    env = dict(os.environ, XTCP_CDS="1" if cds else "0")
    cmd = [os.path.join(ROOT, "bin/xtcp"), "run", "--netns", "self", "--dest", dest, "--poll-jitter", "0",
           "--http-listen", "127.0.0.1:0"]
    # Unbuffered: the daemon keeps running after the line, so nothing may wait for a full buffer.
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, bufsize=0, env=env)
    seconds = None
    deadline = time.time() + 60
    try:
        for raw in iter(p.stdout.readline, b""):
            m = LINE.search(raw.decode("utf-8", "replace"))
            if m:
                seconds = float(m.group(1))
                break
            if time.time() > deadline:
                break
    finally:
        stop_process(p, 30)
    if seconds is None:
        raise SystemExit("no 'first poll done' line from: " + " ".join(cmd))
    return seconds


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--dest", default="null:")
    a = ap.parse_args()
    if not os.path.exists(os.path.join(ROOT, "xtcp-daemon/target/xtcp.jar")):
        subprocess.run([os.path.join(ROOT, "bin/xtcp"), "--version"], check=True, stdout=subprocess.DEVNULL)
    one_run(a.dest, True)  # makes the archive if the jar is new, and warms the page cache
    rows = {True: [], False: []}
    for _ in range(a.runs):  # alternate, so both see the same machine
        for cds in (True, False):
            rows[cds].append(one_run(a.dest, cds))
    print("%-28s %8s %8s %8s   (%d runs, dest %s)" % ("start to first poll, s", "median", "min", "max", a.runs, a.dest))
    for cds, label in ((True, "with the start-up archive"), (False, "without (XTCP_CDS=0)")):
        v = rows[cds]
        print("%-28s %8.3f %8.3f %8.3f" % (label, statistics.median(v), min(v), max(v)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""What a kernel-side --filter saves: one poll with a filter that matches about 1 % of the sockets
against an unfiltered poll of the same namespace, both against the kernel floor.

Sets up a throw-away namespace holding K established loopback connections (2K sockets, via
../shared/bench/loadgen.py), picks a source-port range that holds about 1 % of them (from
`ss -tanH`), then alternates for several rounds:
  nldump -f u                                  the unfiltered kernel floor (../shared/bench/nldump.c)
  xtcp dump --format null --repeat N           unfiltered: dump + decode + encode, discarded
  xtcp dump --format null --repeat N --filter 'sport >= A and sport < B'
and prints median thread CPU per poll and the ratios. Legacy request, all extensions, all states.

usage: sudo bench/filter_cost.py [--connections 10000] [--rounds 3] [--reps 30] [--fraction 0.01]
Needs root, gcc, python3, iproute2; ../shared beside the repo (or --shared).
"""
import argparse
import os
import statistics
import subprocess
import tempfile

from benchproc import loaded_namespace, sh
from poll_vs_floor import nldump, run_child, summary

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def xtcp(ns, reps, flt=None):
    cmd = [os.path.join(ROOT, "bin/xtcp"), "dump", "--netns", ns, "--format", "null", "--request", "legacy",
           "--repeat", str(reps)]
    if flt:
        cmd += ["--filter", flt]
    rc, text, _ = run_child(cmd)
    if rc != 0:
        raise SystemExit("xtcp failed: " + text)
    kv = summary(text)
    return float(kv["thread_cpu_us"]), int(float(kv["sockets"]))


def port_range(ns, fraction):
    """A source-port range [a, b) holding about `fraction` of the namespace's sockets."""
    out = subprocess.run(["ip", "netns", "exec", ns, "ss", "-tanH"], capture_output=True, text=True, check=True).stdout
    ports = sorted(int(line.split()[3].rsplit(":", 1)[1]) for line in out.splitlines() if line.strip())
    want = max(1, int(len(ports) * fraction))
    # the listener's port holds half the sockets: take a range of client (ephemeral) ports
    listener = statistics.mode(ports)
    clients = [p for p in ports if p != listener]
    a = clients[len(clients) // 2]
    b = clients[min(len(clients) - 1, len(clients) // 2 + want)]
    return a, b, len(ports)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--connections", type=int, default=10000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--reps", type=int, default=30)
    ap.add_argument("--fraction", type=float, default=0.01)
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as out_dir, loaded_namespace("xtcp-filter-bench", a.connections, a.shared, out_dir) as ns:
        nld = os.path.join(out_dir, "nldump")
        sh(["gcc", "-O2", "-o", nld, os.path.join(a.shared, "bench", "nldump.c")])
        lo, hi = port_range(ns, a.fraction)[:2]
        flt = "sport >= %d and sport < %d" % (lo, hi)
        floor, plain, filtered = [], [], []
        for r in range(a.rounds):
            cpu, n, _ = nldump(nld, ns, "u", a.reps)
            floor.append(cpu)
            cpu_all, n_all = xtcp(ns, a.reps)
            plain.append(cpu_all)
            cpu_f, n_f = xtcp(ns, a.reps, flt)
            filtered.append(cpu_f)
            print("round %d: floor %.0f us (%d sockets), unfiltered %.0f us (%d), filtered %.0f us (%d)"
                  % (r + 1, cpu, n, cpu_all, n_all, cpu_f, n_f), flush=True)
        f, p, q = statistics.median(floor), statistics.median(plain), statistics.median(filtered)
        print("filter: %s" % flt)
        print("median CPU per poll: floor (unfiltered) %.0f us, xtcp unfiltered %.0f us (%.2fx floor), "
              "xtcp filtered %.0f us (%.2fx floor); filtered/unfiltered = 1/%.1f" % (f, p, p / f, q, q / f, p / q))


if __name__ == "__main__":
    main()

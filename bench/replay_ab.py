#!/usr/bin/env python3
"""Builds of the decode/encode path compared inside one JVM, over several JVMs.

Runs io.xtcp.bench.ReplayAb JVMS times (the builds in a new random order each time) and prints
each JVM's median ns per socket per build, then per build the median over the JVMs and the median
of its per-JVM ratio to the first build. One JVM is not enough: the JIT compiles the decoder
differently from one JVM to the next (up to ~40 % apart), which no run inside one JVM averages out.

usage: bench/replay_ab.py [--jvms 6] [--slices 12] [--capture 6_10_3] BUILD[@WITHOUT] ...
  BUILD      "this" (benchmarks.jar as built), or class folders/jars put ahead of it, joined by ":",
             e.g. a copy of xtcp-core/target/classes from another commit
  @WITHOUT   decoders left out (Decoder names, e.g. this@INFO): where the time of a socket goes

Needs xtcp-bench/target/benchmarks.jar (./mvnw -Pbench -DskipTests package -pl xtcp-bench -am)
and ../shared beside the repository (or --shared). Reports; never fails on a figure.
"""
import argparse
import os
import random
import re
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def launcher_jit_directives():
    """The -XX:CompileCommand flags bin/xtcp passes, read from it so the two never differ."""
    with open(os.path.join(ROOT, "bin", "xtcp")) as f:
        return re.findall(r"-XX:CompileCommand=\S+", f.read())


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--jvms", type=int, default=6)
    ap.add_argument("--slices", type=int, default=12)
    ap.add_argument("--capture", default="6_10_3", help="kernel folder of the 1000-socket capture")
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    ap.add_argument("--java", default="java", help="the java to run (default: the PATH's)")
    ap.add_argument("--no-jit-directives", action="store_true",
                    help="leave out the launcher's -XX:CompileCommand directives (bin/xtcp)")
    ap.add_argument("builds", nargs="+")
    a = ap.parse_args()
    jar = os.path.join(ROOT, "xtcp-bench", "target", "benchmarks.jar")
    if not os.path.exists(jar):
        raise SystemExit("build it first: ./mvnw -Pbench -DskipTests package -pl xtcp-bench -am")
    pcap = os.path.join(a.shared, "fixtures", "netlink", a.capture, "tcp_1000_sockets.pcap")
    results = {b: [] for b in a.builds}
    for j in range(a.jvms):
        order = a.builds[:]
        random.shuffle(order)
        out = subprocess.run([a.java] + ([] if a.no_jit_directives else launcher_jit_directives()) + ["-cp", jar, "io.xtcp.bench.ReplayAb", pcap, str(a.slices)] + order,
                             capture_output=True, text=True, check=True).stdout
        for line in out.splitlines():
            m = re.match(r"(\S+) median ([\d.]+) ns", line)
            if m:
                results[m.group(1)].append(float(m.group(2)))
        print("jvm %d: %s" % (j, "  ".join("%s=%.1f" % (b, results[b][-1]) for b in a.builds)), flush=True)
    first = results[a.builds[0]]
    for b in a.builds:
        ratios = [x / y for x, y in zip(results[b], first)]
        print("%-40s median over JVMs %.1f ns/socket (min %.1f), ratio to %s: %.3f" % (
            b, statistics.median(results[b]), min(results[b]), a.builds[0], statistics.median(ratios)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

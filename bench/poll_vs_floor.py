#!/usr/bin/env python3
"""Whole-poll cost of xtcp against the kernel floor and `ss`, on the same sockets, in one run.

Sets up a throw-away network namespace holding K established loopback connections (2K sockets,
via ../shared/bench/loadgen.py), then alternates, for several rounds:
  nldump -f u   the kernel floor, one legacy walk for IPv4+IPv6  (../shared/bench/nldump.c)
  nldump -f 46  the kernel floor, one SOCK_DIAG_BY_FAMILY walk per family
  xtcp dump --format null --request legacy|by-family --repeat N   (dump + decode + encode, discarded)
  ss -tinm > /dev/null                                            (CPU of the whole process)
  nldump -f u -n 1, once per interval (with --run-polls N)          (the floor with caches gone cold)
  xtcp run --dest null: (with --run-polls N)                      (CPU of the whole daemon per poll:
                                                                   side server, JIT, GC included)
and prints CPU per socket (medians) and the ratios to the floor. Extensions: all eight idiag_ext
bits for both tools, all states.

usage: sudo bench/poll_vs_floor.py [--connections 10000] [--rounds 3] [--reps 30]
                                  [--run-polls N [--run-interval S] [--run-warmup-polls W]]
                                  [--also-java JAVA_HOME ...]
Needs root, gcc, python3, iproute2; ../shared beside the repo (or --shared).
"""
import argparse
import os
import statistics
import subprocess
import tempfile
import time

from benchproc import cpu_seconds, loaded_namespace, sh, status_kib, stop_process

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_child(cmd, out=None, env=None):
    """Runs cmd to the end; returns (exit code, its stdout+stderr text, its own rusage: CPU and peak RSS)."""
    with tempfile.TemporaryFile("w+") as tmp:
        p = subprocess.Popen(cmd, stdout=out if out is not None else tmp, stderr=tmp, text=True, env=env)
        _, status, usage = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
        tmp.seek(0)
        return p.returncode, tmp.read(), usage


def summary(text):
    line = [l for l in text.splitlines() if l.startswith("summary")][-1]
    return dict(x.split("=", 1) for x in line.split()[1:])


def nldump(binary, ns, fam, reps):
    rc, text, usage = run_child(["ip", "netns", "exec", ns, binary, "-f", fam, "-e", "all", "-n", str(reps)])
    if rc != 0:
        raise SystemExit("nldump failed: " + text)
    kv = summary(text)
    kv["max_rss_kib"] = usage.ru_maxrss
    return float(kv["cpu_med_us"]), int(kv["msgs"]) - 1 if fam != "46" else int(kv["msgs"]) - 2, kv


def xtcp(ns, mode, reps, java_home=None):
    cmd = [os.path.join(ROOT, "bin/xtcp"), "dump", "--netns", ns, "--format", "null", "--request", mode,
           "--repeat", str(reps)]
    env = None
    if java_home:
        env = dict(os.environ, JAVA_HOME=java_home)
    rc, text, _ = run_child(cmd, env=env)
    if rc != 0:
        raise SystemExit("xtcp failed: " + text)
    kv = summary(text)
    return float(kv["thread_cpu_us"]), int(float(kv["sockets"])), kv


def xtcp_run(ns, polls, interval, warmup_polls):
    """The daemon as deployed (side server on, null sink): process CPU over `polls` polls after `warmup_polls`."""
    cmd = [os.path.join(ROOT, "bin/xtcp"), "run", "--netns", ns, "--dest", "null:", "--poll-interval", "%ds" % interval,
           "--poll-timeout", "%ds" % (interval - 1), "--poll-jitter", "0", "--http-listen", "127.0.0.1:0"]
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(warmup_polls * interval)
        c0 = cpu_seconds(p.pid)
        time.sleep(polls * interval)
        c1 = cpu_seconds(p.pid)
        return (c1 - c0) * 1e6 / polls, status_kib(p.pid)["VmRSS"] / 1024.0
    finally:
        stop_process(p, 30)


def floor_spaced(binary, ns, polls, interval):
    """The floor as a daemon meets it: one dump every `interval` s (cold caches), median CPU per dump."""
    cpus = []
    for _ in range(polls):
        rc, text, _ = run_child(["ip", "netns", "exec", ns, binary, "-f", "u", "-e", "all", "-n", "1", "-W", "0"])
        if rc != 0:
            raise SystemExit("nldump failed: " + text)
        kv = summary(text)
        cpus.append(float(kv["cpu_med_us"]) / max(int(kv["msgs"]) - 1, 1))
        time.sleep(interval)
    return statistics.median(cpus)


def ss_cpu(ns):
    """CPU (user + system) and peak RSS of one `ss -tinm > /dev/null` in the namespace."""
    with open(os.devnull, "w") as null:
        rc, text, usage = run_child(["ip", "netns", "exec", ns, "ss", "-tinm"], out=null)
    if rc != 0:
        raise SystemExit("ss failed: " + text)
    return (usage.ru_utime + usage.ru_stime) * 1e6, usage.ru_maxrss


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--connections", type=int, default=10000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--reps", type=int, default=30)
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    ap.add_argument("--run-polls", type=int, default=0,
                    help="also measure `xtcp run` over this many polls per round (after as many warm-up polls)")
    ap.add_argument("--run-interval", type=int, default=5, help="poll interval of the `xtcp run` measurement, seconds")
    ap.add_argument("--run-warmup-polls", type=int, default=None,
                    help="polls left out before the `xtcp run` measurement (default: --run-polls); the JIT still "
                         "compiles for about a minute, so a steady-state figure wants a minute or more")
    ap.add_argument("--also-java", action="append", default=[], metavar="JAVA_HOME",
                    help="also run the legacy-walk xtcp dump on this JDK each round (repeatable), for a JDK "
                         "comparison in the same run; the other rows use the launcher's own choice")
    a = ap.parse_args()
    if a.run_warmup_polls is None:
        a.run_warmup_polls = a.run_polls
    out_dir = os.path.join(ROOT, "bench", "out")
    os.makedirs(out_dir, exist_ok=True)
    nld = os.path.join(out_dir, "nldump")
    sh(["gcc", "-O2", "-o", nld, os.path.join(a.shared, "bench", "nldump.c")])
    if not os.path.exists(os.path.join(ROOT, "xtcp-daemon/target/xtcp.jar")):
        sh([os.path.join(ROOT, "bin/xtcp"), "--version"])
    with loaded_namespace("xtcp-bench", a.connections, a.shared, out_dir) as ns:
        rows = {k: [] for k in ("floor_u", "floor_46", "xtcp_legacy", "xtcp_byfamily", "ss")}
        if a.run_polls:
            rows["floor_spaced"] = []
            rows["xtcp_run"] = []
        rss = []
        io = {}  # last round's recv calls, reply bytes per socket and peak RSS, per tool
        sockets = 0
        for r in range(a.rounds):
            cpu, n, kv = nldump(nld, ns, "u", a.reps)
            rows["floor_u"].append(cpu / max(n, 1))
            io["floor_u"] = (int(kv["recvs"]), float(kv["bytes"]) / max(n, 1), int(kv["max_rss_kib"]))
            cpu, n, _ = nldump(nld, ns, "46", a.reps)
            rows["floor_46"].append(cpu / max(n, 1))
            cpu, n, kv = xtcp(ns, "legacy", a.reps)
            rows["xtcp_legacy"].append(cpu / max(n, 1))
            io["xtcp_legacy"] = (int(float(kv["recvs"])), float(kv["bytes_per_socket"]), int(kv["max_rss_kib"]))
            sockets = n
            cpu, n, _ = xtcp(ns, "by-family", a.reps)
            rows["xtcp_byfamily"].append(cpu / max(n, 1))
            for home in a.also_java:
                cpu, n, _ = xtcp(ns, "legacy", a.reps, home)
                rows.setdefault("xtcp_legacy@" + home, []).append(cpu / max(n, 1))
            cpu, ss_rss = ss_cpu(ns)
            rows["ss"].append(cpu / max(sockets, 1))
            io["ss"] = (None, None, ss_rss)
            if a.run_polls:
                rows["floor_spaced"].append(floor_spaced(nld, ns, a.run_polls, a.run_interval))
                cpu, mb = xtcp_run(ns, a.run_polls, a.run_interval, a.run_warmup_polls)
                rows["xtcp_run"].append(cpu / max(sockets, 1))
                rss.append(mb)
            print("round %d: %s" % (r + 1, " ".join("%s=%.3f" % (k, v[-1]) for k, v in rows.items())), flush=True)
        med = {k: statistics.median(v) for k, v in rows.items()}
        print()
        print("sockets: %d   rounds: %d   polls per measurement: %d (medians of the second half)" % (sockets, a.rounds, a.reps))
        print("%-34s %14s %18s" % ("what", "cpu us/socket", "ratio to floor_u"))
        for k, label in (("floor_u", "kernel floor, legacy single walk"), ("floor_46", "kernel floor, v4 then v6"),
                         ("xtcp_legacy", "xtcp dump (legacy walk)"), ("xtcp_byfamily", "xtcp dump (by family)"),
                         ("ss", "ss -tinm > /dev/null"), ("floor_spaced", "kernel floor, one dump per interval"),
                         ("xtcp_run", "xtcp run, whole process")):
            if k in med:
                print("%-34s %14.3f %18.2f" % (label, med[k], med[k] / med["floor_u"]))
            if k == "xtcp_byfamily":
                for home in a.also_java:
                    m = med["xtcp_legacy@" + home]
                    print("%-34s %14.3f %18.2f" % ("xtcp dump (legacy), " + os.path.basename(home.rstrip("/")),
                                                    m, m / med["floor_u"]))
        print()
        print("%-34s %10s %16s %14s" % ("what (last round)", "recv calls", "bytes/socket", "peak RSS MiB"))
        for k, label in (("floor_u", "kernel floor, legacy single walk"), ("xtcp_legacy", "xtcp dump (legacy walk)"),
                         ("ss", "ss -tinm > /dev/null")):
            recvs, bps, peak = io[k]
            print("%-34s %10s %16s %14.1f" % (label, "-" if recvs is None else recvs,
                                              "-" if bps is None else "%.1f" % bps, peak / 1024.0))
        if rss:
            print("xtcp run: RSS %.0f MiB after %d polls (median of rounds)" % (statistics.median(rss), a.run_warmup_polls + a.run_polls))
        if a.run_polls:
            print("xtcp run vs the floor at the same interval: %.2fx" % (med["xtcp_run"] / med["floor_spaced"]))
        print()
        print("xtcp (legacy) vs its own-mode floor: %.2fx; by-family vs floor_46: %.2fx; ss / xtcp: %.1fx"
              % (med["xtcp_legacy"] / med["floor_u"], med["xtcp_byfamily"] / med["floor_46"], med["ss"] / med["xtcp_legacy"]))


if __name__ == "__main__":
    main()

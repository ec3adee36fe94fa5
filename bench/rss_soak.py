#!/usr/bin/env python3
"""Resident memory of `bin/xtcp run` over a long run, per destination.

Sets up a throw-away network namespace holding K established loopback connections (2K sockets,
via ../shared/bench/loadgen.py), then, for each sink in turn, runs

    bin/xtcp run --netns NS --dest SINK --poll-interval Ns --http-listen 127.0.0.1:0

for --minutes, reading VmRSS/VmHWM/RssAnon/RssFile from /proc/PID/status every --sample seconds.
Per sink it prints the median RSS after --warmup seconds, the maximum, the least-squares slope over
the post-warm-up samples (MiB per minute), the polls done and what reached the sink, scraped from
the daemon's /metrics just before it is stopped, and over the window after the warm-up the
process's CPU per poll (/proc/PID/stat) and its full and young collections (jvm_gc_pause_seconds).
Sinks:

  file   file:// into a temporary folder (deleted afterwards)
  udp    udp://127.0.0.1:PORT, drained by a receiver thread of this script (datagrams counted)
  kafka  kafka://HOST:PORT/xtcp-soak, a real single-node KRaft broker in a JVM of its own
         (io.xtcp.dest.testing.StandaloneKafkaBroker from xtcp-dest's test classes)
  null   null: (the daemon without a sink, for comparison)

The daemon runs with the launcher's default JVM flags unless XTCP_JAVA_OPTS is set in this
script's environment. --nmt adds -XX:NativeMemoryTracking=summary (through JDK_JAVA_OPTIONS, so
the launcher's defaults stay) and saves `jcmd PID VM.native_memory summary` at the end of each
run; NMT itself costs memory, so do not mix NMT runs into the RSS table.

It reports and never fails on a threshold. Results (summary, samples, daemon logs) go to
bench/out/rss-soak-<time>/. Everything it made (namespace, load generator, broker, temp dirs,
daemons) is removed on exit, on error and on Ctrl-C.

usage: sudo bench/rss_soak.py [--sinks file,udp,kafka] [--minutes 10] [--interval 10]
                              [--connections 100000] [--warmup 60] [--sample 5] [--nmt]
                              [--dest-opt SINK:KEY=VALUE ...]
Needs root, python3, iproute2, a JDK (java, jcmd), ../shared beside the repo (or --shared).
"""
import argparse
import datetime
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

from benchproc import cpu_seconds, loaded_namespace, sh, status_kib, stop_process

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGETS_MIB = {"file": 96, "udp": 96, "kafka": 128}
KAFKA_TOPIC = "xtcp-soak"


class Stop(Exception):
    """SIGTERM/SIGINT: unwind through the finally blocks."""


def on_signal(signum, _frame):
    raise Stop("signal %d" % signum)


def rss_by_mapping(pid):
    """Resident KiB per mapping name from /proc/PID/smaps (files by path, anonymous memory as [anon]), largest first."""
    by = {}
    name = None
    with open("/proc/%d/smaps" % pid) as f:
        for line in f:
            head = line.split(None, 5)
            if len(head) >= 5 and "-" in head[0] and not line.startswith(("Rss", "Size")) and ":" not in head[0]:
                name = head[5].strip() if len(head) == 6 and head[5].strip() else "[anon]"
            elif line.startswith("Rss:"):
                by[name] = by.get(name, 0) + int(line.split()[1])
    return sorted(by.items(), key=lambda kv: -kv[1])


def slope_per_min(ts, ys):
    """Least-squares slope of ys over ts (seconds), per minute."""
    if len(ts) < 2:
        return float("nan")
    mt, my = statistics.fmean(ts), statistics.fmean(ys)
    den = sum((t - mt) ** 2 for t in ts)
    if den == 0:
        return float("nan")
    return 60.0 * sum((t - mt) * (y - my) for t, y in zip(ts, ys)) / den


def scrape(port):
    """Prometheus text -> {name{labels}: value}."""
    with urllib.request.urlopen("http://127.0.0.1:%d/metrics" % port, timeout=10) as r:
        text = r.read().decode()
    out = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        m = re.match(r"^(\S+?)(\{.*\})?\s+(\S+)$", line)
        if m:
            try:
                out[m.group(1) + (m.group(2) or "")] = float(m.group(3))
            except ValueError:
                pass
    return out


def metric_sum(metrics, name, **labels):
    total = 0.0
    for k, v in metrics.items():
        base, _, rest = k.partition("{")
        if base != name:
            continue
        if all('%s="%s"' % (lk, lv) in rest for lk, lv in labels.items()):
            total += v
    return total


class UdpReceiver(threading.Thread):
    """Drains datagrams on 127.0.0.1:PORT, counting them and their bytes."""

    def __init__(self):
        super().__init__(daemon=True, name="udp-receiver")
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.5)
        self.port = self.sock.getsockname()[1]
        self.datagrams = 0
        self.bytes = 0
        self.stopped = threading.Event()

    def run(self):
        buf = bytearray(65536)
        while not self.stopped.is_set():
            try:
                n = self.sock.recv_into(buf)
            except socket.timeout:
                continue
            except OSError:
                break
            self.datagrams += 1
            self.bytes += n

    def close(self):
        self.stopped.set()
        self.join(5)
        self.sock.close()


class Broker:
    """StandaloneKafkaBroker in a JVM of its own; its class path is built once with Maven and cached."""

    def __init__(self, out_dir):
        self.proc = None
        self.log = open(os.path.join(out_dir, "kafka-broker.log"), "w")
        self.bootstrap = None

    @staticmethod
    def classpath():
        dest = os.path.join(ROOT, "xtcp-dest")
        cached = os.path.join(dest, "target", "test-classpath.txt")
        main = os.path.join(dest, "target", "test-classes", "io", "xtcp", "dest", "testing", "StandaloneKafkaBroker.class")
        lib = os.path.join(dest, "target", "kafka-broker-lib")
        fresh = os.path.exists(cached) and os.path.exists(main) and os.path.isdir(lib) \
            and os.path.getmtime(cached) >= os.path.getmtime(os.path.join(dest, "pom.xml"))
        if not fresh:
            print("kafka: building xtcp-dest's test classes and class path (once)", flush=True)
            base = [os.path.join(ROOT, "mvnw"), "-B", "-q", "test-compile", "dependency:build-classpath",
                    "-Dmdep.includeScope=test", "-Dmdep.outputFile=target/test-classpath.txt", "-pl", "xtcp-dest", "-am"]
            p = subprocess.run(base[:2] + ["-o"] + base[2:], cwd=ROOT, capture_output=True, text=True)
            if p.returncode != 0:  # a plugin missing from the local repository: go online once
                sh(base, cwd=ROOT)
        with open(cached) as f:
            deps = f.read().strip()
        return ":".join([os.path.join(dest, "target", "test-classes"), os.path.join(dest, "target", "classes"), deps]), lib

    def start(self):
        cp, lib = self.classpath()
        java = os.path.join(os.environ["JAVA_HOME"], "bin", "java") if os.environ.get("JAVA_HOME") else "java"
        self.proc = subprocess.Popen([java, "-Xmx512m", "-XX:+UseSerialGC", "-Dxtcp.kafka.broker.lib=" + lib, "-cp", cp,
                                      "io.xtcp.dest.testing.StandaloneKafkaBroker", KAFKA_TOPIC],
                                     stdout=subprocess.PIPE, stderr=self.log, text=True, start_new_session=True)
        deadline = time.time() + 120
        for line in self.proc.stdout:
            m = re.match(r"^bootstrap (\S+)$", line.strip())
            if m:
                self.bootstrap = m.group(1)
                break
            if time.time() > deadline:
                break
        if not self.bootstrap:
            raise SystemExit("kafka broker did not start; see %s" % self.log.name)
        # keep draining its stdout so the broker never blocks on a full pipe
        threading.Thread(target=lambda: [None for _ in self.proc.stdout], daemon=True).start()

    def stop(self):
        stop_process(self.proc)
        self.log.close()



def run_sink(sink, ns, a, out_dir, broker):
    """One daemon run against one sink; returns its summary."""
    tmp = None
    receiver = None
    dest_opts = []
    for o in a.dest_opt.get(sink, []):
        dest_opts += ["--dest-opt", o]
    if sink == "file":
        tmp = tempfile.mkdtemp(prefix="xtcp-soak-file-")
        dest = "file://" + os.path.join(tmp, "xtcp.pb")
    elif sink == "udp":
        receiver = UdpReceiver()
        receiver.start()
        dest = "udp://127.0.0.1:%d" % receiver.port
    elif sink == "kafka":
        dest = "kafka://%s/%s" % (broker.bootstrap, KAFKA_TOPIC)
    elif sink == "null":
        dest = "null:"
    else:
        raise SystemExit("unknown sink " + sink)
    env = {k: v for k, v in os.environ.items() if not k.startswith("XTCP_") or k in ("XTCP_JAVA_OPTS", "XTCP_JAR", "XTCP_CDS")}
    if a.nmt:
        env["JDK_JAVA_OPTIONS"] = (env.get("JDK_JAVA_OPTIONS", "") + " -XX:NativeMemoryTracking=summary").strip()
    timeout_s = max(1, int(a.interval * 0.8))
    cmd = [os.path.join(ROOT, "bin/xtcp"), "run", "--netns", ns, "--dest", dest, "--poll-interval", "%ds" % a.interval,
           "--poll-timeout", "%ds" % timeout_s, "--http-listen", "127.0.0.1:0"] + dest_opts + a.run_arg
    log_path = os.path.join(out_dir, "xtcp-%s.log" % sink)
    log = open(log_path, "w")
    p = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    samples = []
    port = None
    metrics = {}
    warm = None  # (cpu seconds, metrics) when the warm-up ended
    nmt = None
    t0 = time.time()
    try:
        end = t0 + a.minutes * 60
        next_sample = t0
        while time.time() < end:
            if p.poll() is not None:
                raise SystemExit("xtcp (%s) exited %d; see %s" % (sink, p.returncode, log_path))
            if port is None:
                with open(log_path) as f:
                    m = re.search(r"http side server listening on 127\.0\.0\.1:(\d+)", f.read())
                    port = int(m.group(1)) if m else None
            now = time.time()
            if warm is None and port is not None and now - t0 >= a.warmup:
                warm = (cpu_seconds(p.pid), scrape(port))
            if now >= next_sample:
                st = status_kib(p.pid)
                st["t"] = round(now - t0, 2)
                samples.append(st)
                next_sample += a.sample
                if len(samples) % max(1, int(60 / a.sample)) == 0:
                    print("  %s t=%4.0fs rss=%.1f MiB hwm=%.1f MiB" % (sink, st["t"], st["VmRSS"] / 1024, st["VmHWM"] / 1024),
                          flush=True)
            time.sleep(min(0.5, max(0.0, next_sample - time.time())))
        if port is not None:
            metrics = scrape(port)
            cpu_end = cpu_seconds(p.pid)
        with open(os.path.join(out_dir, "smaps-%s.txt" % sink), "w") as f:
            f.write("# resident KiB per mapping at the end of the run\n")
            for mapping, kib in rss_by_mapping(p.pid):
                f.write("%8d  %s\n" % (kib, mapping))
        if a.nmt:
            jcmd = os.path.join(os.environ["JAVA_HOME"], "bin", "jcmd") if os.environ.get("JAVA_HOME") else "jcmd"
            r = subprocess.run([jcmd, str(p.pid), "VM.native_memory", "summary"], capture_output=True, text=True, timeout=60)
            nmt = r.stdout if r.returncode == 0 else "jcmd failed: " + r.stderr + r.stdout
            with open(os.path.join(out_dir, "nmt-%s.txt" % sink), "w") as f:
                f.write(nmt)
    finally:
        stop_process(p)
        log.close()
        on_disk = 0
        if tmp:
            for dirpath, _, files in os.walk(tmp):
                on_disk += sum(os.path.getsize(os.path.join(dirpath, x)) for x in files)
            shutil.rmtree(tmp, ignore_errors=True)
        if receiver:
            receiver.close()

    post = [s for s in samples if s["t"] >= a.warmup]
    rss = [s["VmRSS"] / 1024 for s in post]
    summary = {
        "sink": sink,
        "dest": dest,
        "java_opts": env.get("XTCP_JAVA_OPTS", "launcher defaults"),
        "dest_opts": a.dest_opt.get(sink, []),
        "run_args": a.run_arg,
        "nmt": a.nmt,
        "samples": len(samples),
        "post_warmup_samples": len(post),
        "median_rss_mib": statistics.median(rss) if rss else float("nan"),
        "max_rss_mib": max(rss) if rss else float("nan"),
        "min_rss_mib": min(rss) if rss else float("nan"),
        "hwm_mib": samples[-1]["VmHWM"] / 1024 if samples else float("nan"),
        "slope_mib_per_min": slope_per_min([s["t"] for s in post], rss),
        "median_rss_anon_mib": statistics.median(s["RssAnon"] / 1024 for s in post) if post else float("nan"),
        "median_rss_file_mib": statistics.median(s["RssFile"] / 1024 for s in post) if post else float("nan"),
        "target_mib": TARGETS_MIB.get(sink),
        "polls_ok": metric_sum(metrics, "xtcp_polls_total", result="ok"),
        "polls_error": metric_sum(metrics, "xtcp_polls_total", result="error"),
        "polls_timeout": metric_sum(metrics, "xtcp_polls_total", result="timeout"),
        "poll_overruns": metric_sum(metrics, "xtcp_poll_overruns_total"),
        "sockets_last_poll": metric_sum(metrics, "xtcp_sockets"),
        "records_encoded": metric_sum(metrics, "xtcp_encoded_records_total"),
        "records_dropped": metric_sum(metrics, "xtcp_sink_dropped_records_total"),
        "sink_envelopes": metric_sum(metrics, "xtcp_sink_envelopes_total"),
        "sink_bytes": metric_sum(metrics, "xtcp_sink_sent_bytes_total"),
        "sink_errors": metric_sum(metrics, "xtcp_sink_errors_total"),
        "heap_used_mib": metric_sum(metrics, "jvm_memory_used_bytes", area="heap") / 2 ** 20,
        "heap_committed_mib": metric_sum(metrics, "jvm_memory_committed_bytes", area="heap") / 2 ** 20,
        "nonheap_committed_mib": metric_sum(metrics, "jvm_memory_committed_bytes", area="nonheap") / 2 ** 20,
        "direct_used_mib": metric_sum(metrics, "jvm_buffer_memory_used_bytes", id="direct") / 2 ** 20,
        "threads": metric_sum(metrics, "jvm_threads_live_threads"),
        "file_bytes_on_disk": on_disk if sink == "file" else None,
        "udp_datagrams_received": receiver.datagrams if receiver else None,
        "udp_bytes_received": receiver.bytes if receiver else None,
    }
    if warm and metrics:
        # CPU and garbage collection over the window after the warm-up, per poll
        polls = metric_sum(metrics, "xtcp_polls_total") - metric_sum(warm[1], "xtcp_polls_total")
        gc = {}
        for kind, action in (("major", "end of major GC"), ("minor", "end of minor GC")):
            gc[kind] = (metric_sum(metrics, "jvm_gc_pause_seconds_count", action=action)
                        - metric_sum(warm[1], "jvm_gc_pause_seconds_count", action=action),
                        metric_sum(metrics, "jvm_gc_pause_seconds_sum", action=action)
                        - metric_sum(warm[1], "jvm_gc_pause_seconds_sum", action=action))
        summary.update({
            "window_polls": polls,
            "cpu_ms_per_poll": 1000 * (cpu_end - warm[0]) / polls if polls else float("nan"),
            "gc_major": gc["major"][0], "gc_major_ms": 1000 * gc["major"][1],
            "gc_minor": gc["minor"][0], "gc_minor_ms": 1000 * gc["minor"][1],
        })
    t = summary["target_mib"]
    summary["median_within"] = summary["median_rss_mib"] <= t if t else None
    summary["max_within"] = summary["max_rss_mib"] <= t if t else None
    with open(os.path.join(out_dir, "samples-%s.csv" % sink), "w") as f:
        f.write("t_s,vmrss_kib,vmhwm_kib,rssanon_kib,rssfile_kib,rssshmem_kib\n")
        for s in samples:
            f.write("%s,%d,%d,%d,%d,%d\n" % (s["t"], s["VmRSS"], s["VmHWM"], s["RssAnon"], s["RssFile"], s.get("RssShmem", 0)))
    return summary


def yes_no(b):
    return {True: "yes", False: "no", None: "-"}[b]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sinks", default="file,udp,kafka", help="comma-separated: file, udp, kafka, null")
    ap.add_argument("--minutes", type=float, default=10, help="length of each sink's run")
    ap.add_argument("--interval", type=int, default=10, help="poll interval, seconds")
    ap.add_argument("--connections", type=int, default=100000, help="loopback connections (2 sockets each)")
    ap.add_argument("--warmup", type=float, default=60, help="seconds left out of median, max and slope")
    ap.add_argument("--sample", type=float, default=5, help="seconds between /proc samples")
    ap.add_argument("--dest-opt", action="append", default=[], metavar="SINK:KEY=VALUE",
                    help="a destination option for one sink, e.g. kafka:buffer.memory=33554432 (repeatable)")
    ap.add_argument("--run-arg", action="append", default=[], metavar="ARG",
                    help="one more argument for 'xtcp run' (repeat for each word), e.g. --run-arg=--queue-max-envelopes --run-arg=512")
    ap.add_argument("--nmt", action="store_true", help="native memory tracking on, summary saved at the end of each run")
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    a = ap.parse_args()
    if os.geteuid() != 0:
        raise SystemExit("needs root (ip netns)")
    sinks = [s.strip() for s in a.sinks.split(",") if s.strip()]
    opts = {}
    for o in a.dest_opt:
        sink, sep, kv = o.partition(":")
        if not sep or "=" not in kv:
            raise SystemExit("--dest-opt wants SINK:KEY=VALUE, got " + o)
        opts.setdefault(sink, []).append(kv)
    a.dest_opt = opts

    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    out_dir = os.path.join(ROOT, "bench", "out", "rss-soak-" + stamp)
    os.makedirs(out_dir, exist_ok=True)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    jar = os.environ.get("XTCP_JAR", os.path.join(ROOT, "xtcp-daemon/target/xtcp.jar"))
    sh([os.path.join(ROOT, "bin/xtcp"), "--version"])  # builds the jar and its start-up archive if missing

    broker = None
    results = []
    try:
        with loaded_namespace("xtcp-soak", a.connections, a.shared, out_dir, timeout=900) as ns:
            try:
                if "kafka" in sinks:
                    broker = Broker(out_dir)
                    broker.start()
                    print("kafka broker at %s" % broker.bootstrap, flush=True)
                for sink in sinks:
                    print("%s: %.1f min, poll every %d s" % (sink, a.minutes, a.interval), flush=True)
                    s = run_sink(sink, ns, a, out_dir, broker)
                    results.append(s)
                    print("  " + json.dumps(s), flush=True)
            finally:
                signal.signal(signal.SIGINT, signal.SIG_IGN)
                signal.signal(signal.SIGTERM, signal.SIG_IGN)
                if broker:
                    broker.stop()
    except Stop as e:
        print("stopped (%s); cleaning up" % e, file=sys.stderr)

    if not results:
        return 1
    hdr = ("| sink | median RSS MiB | max MiB | slope MiB/min | HWM MiB | target MiB | median within | max within | polls ok"
           " | records encoded | dropped | sink envelopes | sink MiB | CPU ms/poll | full GCs (ms) | young GCs (ms) |")
    lines = [hdr, "|" + "---|" * (hdr.count("|") - 1)]
    for s in results:
        lines.append("| %s | %.1f | %.1f | %+.2f | %.1f | %s | %s | %s | %d | %d | %d | %d | %.1f | %s | %s | %s |" % (
            s["sink"], s["median_rss_mib"], s["max_rss_mib"], s["slope_mib_per_min"], s["hwm_mib"],
            s["target_mib"] if s["target_mib"] else "-", yes_no(s["median_within"]), yes_no(s["max_within"]),
            s["polls_ok"], s["records_encoded"], s["records_dropped"], s["sink_envelopes"], s["sink_bytes"] / 2 ** 20,
            "%.0f" % s["cpu_ms_per_poll"] if "cpu_ms_per_poll" in s else "-",
            "%d (%.0f)" % (s["gc_major"], s["gc_major_ms"]) if "gc_major" in s else "-",
            "%d (%.0f)" % (s["gc_minor"], s["gc_minor_ms"]) if "gc_minor" in s else "-"))
    table = "\n".join(lines)
    print()
    print("%d connections (%d sockets), poll every %d s, %.1f min per sink, warm-up %.0f s, samples every %.0f s%s" % (
        a.connections, 2 * a.connections, a.interval, a.minutes, a.warmup, a.sample, ", NMT on" if a.nmt else ""))
    print(table)
    with open(os.path.join(out_dir, "summary.json"), "w") as f:
        json.dump({"args": vars(a), "results": results}, f, indent=2)
    with open(os.path.join(out_dir, "summary.md"), "w") as f:
        f.write(table + "\n")
    print("\nresults in %s" % os.path.relpath(out_dir, ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())

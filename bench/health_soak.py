#!/usr/bin/env python3
"""Health soak: `bin/xtcp run` into Kafka for an hour with namespace churn and a broker outage.

Sets up a namespace holding --connections established loopback connections (2 sockets each, via
../shared/bench/loadgen.py, which spreads them over worker processes under RLIMIT_NOFILE), starts
a real single-node KRaft broker in a process of its own (kafka.Kafka on a fixed port, its data in a
temporary folder), and runs

    bin/xtcp run --netns 'xtcp-hsoak-PID*' --dest kafka://HOST:PORT/xtcp-soak --overflow spool
                 --poll-interval Ns --sink-stale-after Ts ...

Timeline (minutes from the daemon's start):
  0 .. warm-up        no churn; the fd and thread baseline is the median over the warm-up's last half
  warm-up .. end-tail namespace churn: every --churn-every seconds a namespace xtcp-hsoak-PID-cN is
                      added (every other one holding --churn-connections connections) and, past
                      --churn-live namespaces, the oldest is deleted
  --outage-at         the broker is SIGSTOPped; halfway through --outage-minutes it is SIGKILLed; at the
                      end it is started again on the same port and data
  end-tail .. end     churn namespaces deleted; fds and threads must come back to the baseline

Every second it samples GET /readyz (status and body), VmRSS, open fds (/proc/PID/fd) and threads
(/proc/PID/status). At the end it waits until the daemon has caught up (queue and spool empty),
stops it right after a poll (so no poll runs between the last scrape and SIGTERM), reads the
topic with kcat and counts the records of every message (length-prefixed Envelope, rows are
field 10), and checks:

  rss        every sample after the warm-up within +-10 % of their median
  fds        final (median of the last 10 samples) <= baseline + --fd-slack
  threads    final <= baseline + --thread-slack
  records    records encoded (xtcp_encoded_records_total) = records in the topic, no message twice
             (identical bytes), none dropped (xtcp_sink_dropped_records_total)
  readiness  200 before the outage (after the first ready), 503 from outage start + threshold +
             one poll + --grace to the broker's restart, 200 from the restart + one poll +
             catch-up grace on; the transitions themselves are reported (seconds after the event)

It reports and exits 0 even when a check fails (the JSON says which); exit 1 only when the harness
itself could not run. Results (summary.json, samples.csv, daemon and broker logs) go to
--out (default bench/out/health-soak-<time>/). Everything it made (namespaces, load generator,
broker, spool, daemon) is removed on exit, on error and on Ctrl-C.

usage: sudo bench/health_soak.py [--minutes 60] [--connections 10000] [--outage-at 25]
                                 [--outage-minutes 10] [--out DIR]
Needs root, python3, iproute2, kcat, a JDK, ../shared beside the repo (or --shared).
"""
import argparse
import base64
import datetime
import hashlib
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
import urllib.error
import urllib.request

from benchproc import loaded_namespace, sh, status_kib, stop_process
from rss_soak import Broker, Stop, metric_sum, on_signal, scrape

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PREFIX = "xtcp-hsoak"
TOPIC = "xtcp-health-soak"
HOLDER = r"""
import socket, sys
n, port = int(sys.argv[1]), int(sys.argv[2])
ls = socket.socket(); ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind(("127.0.0.1", port)); ls.listen(n + 8)
held = []
for _ in range(n):
    c = socket.create_connection(("127.0.0.1", port)); s, _ = ls.accept(); held += [c, s]
print("ready", flush=True)
sys.stdin.read()
"""


def fd_count(pid):
    return len(os.listdir("/proc/%d/fd" % pid))


def thread_count(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("Threads:"):
                return int(line.split()[1])
    return -1


def readyz(port):
    """(status, body) of GET /readyz; (0, error) when the side server does not answer."""
    try:
        with urllib.request.urlopen("http://127.0.0.1:%d/readyz" % port, timeout=2) as r:
            return r.status, r.read().decode(errors="replace").strip()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(errors="replace").strip()
    except OSError as e:
        return 0, str(e)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class KraftBroker:
    """A real single-node KRaft broker process (kafka.Kafka server.properties, as kafka-server-start.sh runs
    it) on a fixed port with its data in `work`, so it can be frozen, killed and started again on the same
    port and data. Runs on xtcp-dest's test class path (rss_soak.Broker.classpath) with kafka-clients
    swapped for the broker's own version."""

    def __init__(self, out_dir, work):
        cp, lib = Broker.classpath()
        jars = [os.path.join(lib, f) for f in sorted(os.listdir(lib)) if f.startswith("kafka-clients-")]
        jars += [e for e in cp.split(":") if e.endswith(".jar") and not os.path.basename(e).startswith(("kafka-clients-", "xtcp-"))]
        self.java = [os.path.join(os.environ["JAVA_HOME"], "bin", "java") if os.environ.get("JAVA_HOME") else "java",
                     "-Xmx512m", "-XX:+UseSerialGC", "-cp", ":".join(jars)]
        port, controller = free_port(), free_port()
        self.bootstrap = "127.0.0.1:%d" % port
        self.props = os.path.join(work, "server.properties")
        with open(self.props, "w") as f:
            f.write("\n".join([
                "process.roles=broker,controller", "node.id=1", "controller.quorum.voters=1@127.0.0.1:%d" % controller,
                "listeners=PLAINTEXT://%s,CONTROLLER://127.0.0.1:%d" % (self.bootstrap, controller),
                "advertised.listeners=PLAINTEXT://" + self.bootstrap, "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT", "log.dirs=" + os.path.join(work, "data"),
                "offsets.topic.replication.factor=1", "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1", "num.partitions=1", "auto.create.topics.enable=true"]) + "\n")
        cluster = base64.urlsafe_b64encode(os.urandom(16)).rstrip(b"=").decode()
        sh(self.java + ["kafka.tools.StorageTool", "format", "-t", cluster, "-c", self.props])
        self.out_dir = out_dir
        self.proc = None
        self.starts = 0

    def start(self):
        """Starts it (again) and waits until it answers a metadata request; returns the seconds that took."""
        t = time.time()
        log = open(os.path.join(self.out_dir, "kafka-broker-%d.log" % self.starts), "w")
        self.starts += 1
        self.proc = subprocess.Popen(self.java + ["kafka.Kafka", self.props], stdout=log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        log.close()
        while time.time() < t + 120:
            if self.proc.poll() is not None:
                raise SystemExit("kafka broker exited %d; see %s" % (self.proc.returncode, log.name))
            r = subprocess.run(["kcat", "-L", "-b", self.bootstrap, "-m", "2"], capture_output=True, text=True)
            if r.returncode == 0 and " 1 brokers:" in r.stdout:
                return time.time() - t
            time.sleep(0.5)
        raise SystemExit("kafka broker did not serve within 120 s; see %s" % log.name)

    def signal(self, sig):
        os.kill(self.proc.pid, sig)

    def kill(self):
        self.proc.kill()
        self.proc.wait(30)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGCONT)
        stop_process(self.proc)


class Churn(threading.Thread):
    """Adds a namespace every `every` seconds (every other one holding `conns` connections), deletes the oldest past `live`."""

    def __init__(self, base, every, live, conns):
        super().__init__(daemon=True, name="netns-churn")
        self.base, self.every, self.live, self.conns = base, every, live, conns
        self.stopped = threading.Event()
        self.held = []  # (name, holder process or None), oldest first
        self.added = self.deleted = 0
        self.error = None

    def run(self):
        try:
            while not self.stopped.wait(self.every):
                self.add()
                while len(self.held) > self.live:
                    self.delete_oldest()
        except Exception as e:  # reported in the summary; the soak goes on without churn
            self.error = repr(e)

    def add(self):
        name = "%s-c%d" % (self.base, self.added)
        sh(["ip", "netns", "add", name])
        self.held.append((name, None))
        sh(["ip", "-n", name, "link", "set", "lo", "up"])
        holder = None
        if self.added % 2 == 0 and self.conns > 0:
            holder = subprocess.Popen(["ip", "netns", "exec", name, "python3", "-c", HOLDER, str(self.conns), "7000"],
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, start_new_session=True)
            self.held[-1] = (name, holder)
            if holder.stdout.readline().strip() != "ready":
                raise RuntimeError("connection holder in %s did not start" % name)
        self.added += 1

    def delete_oldest(self):
        name, holder = self.held.pop(0)
        if holder:
            holder.stdin.close()
            stop_process(holder, 10)
        subprocess.run(["ip", "netns", "del", name], capture_output=True)
        self.deleted += 1

    def stop(self):
        self.stopped.set()
        self.join(60)
        while self.held:
            self.delete_oldest()


def count_topic(bootstrap, topic):
    """Messages, records (rows of each message's Envelope) and messages seen twice (identical bytes), read with kcat."""
    p = subprocess.Popen(["kcat", "-C", "-b", bootstrap, "-t", topic, "-p", "0", "-o", "beginning", "-e", "-q", "-f", "%s"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    buf = bytearray()
    messages = records = 0
    seen = set()
    twice = 0
    while True:
        chunk = p.stdout.read(1 << 20)
        if chunk:
            buf += chunk
        pos = 0
        while True:
            frame = next_frame(buf, pos)
            if frame is None:
                break
            start, end = frame
            body = bytes(buf[start:end])
            digest = hashlib.blake2b(body, digest_size=16).digest()
            twice += digest in seen
            seen.add(digest)
            messages += 1
            records += envelope_rows(body)
            pos = end
        del buf[:pos]
        if not chunk:
            break
    err = p.stderr.read().decode(errors="replace")
    if p.wait() != 0:
        raise RuntimeError("kcat exited %d: %s" % (p.returncode, err))
    if buf:
        raise RuntimeError("%d bytes after the last whole message: not a protobufList stream" % len(buf))
    return {"messages": messages, "records": records, "messages_twice": twice}


def varint(b, pos):
    """(value, next position) or None when b ends inside the varint."""
    shift = value = 0
    while pos < len(b):
        x = b[pos]
        pos += 1
        value |= (x & 0x7F) << shift
        if x < 0x80:
            return value, pos
        shift += 7
    return None


def next_frame(b, pos):
    """(start, end) of the Envelope of the frame at pos (varint length + bytes), or None if incomplete."""
    v = varint(b, pos)
    if v is None or v[1] + v[0] > len(b):
        return None
    return v[1], v[1] + v[0]


def envelope_rows(body):
    """Rows (field 10, length-delimited) of one Envelope; other fields skipped by wire type."""
    rows = pos = 0
    while pos < len(body):
        tag, pos = varint(body, pos)
        wire = tag & 7
        if wire == 0:
            _, pos = varint(body, pos)
        elif wire == 1:
            pos += 8
        elif wire == 5:
            pos += 4
        elif wire == 2:
            n, pos = varint(body, pos)
            pos += n
            rows += (tag >> 3) == 10
        else:
            raise RuntimeError("wire type %d in an Envelope" % wire)
    return rows


def run_help_has(flag):
    r = subprocess.run([os.path.join(ROOT, "bin/xtcp"), "run", "--help"], capture_output=True, text=True)
    return flag in r.stdout + r.stderr


def judge_rss_windows(samples, a, ev):
    """The RSS goal docs/soak.md holds: after the warm-up, every 5-minute median outside the outage and its drain
    (outage start .. broker back + one window) within +-10 % of the last median before the outage; during the outage
    and drain, every 5-minute median at most that median + 10 % + the queue and the producer's buffer
    (--queue-max-bytes 32 MiB + buffer.memory 16 MiB: what an outage is allowed to hold in memory)."""
    window = 300.0
    start, back = ev.get("outage_start"), ev.get("outage_end") or ev.get("broker_restarted")
    if start is None or back is None:
        return {"ok": False, "reason": "no outage in the events"}
    held_until = back + window
    rows = []
    t = a.warmup
    end = max(s["t"] for s in samples) if samples else 0
    while t < end:
        w = [s["rss_kib"] / 1024 for s in samples if t <= s["t"] < t + window]
        if w:
            rows.append({"from_s": round(t), "median_mib": round(statistics.median(w), 1), "max_mib": round(max(w), 1),
                         "outage": t < held_until and t + window > start})
        t += window
    before = [r for r in rows if r["from_s"] + window <= start]
    if not before:
        return {"ok": False, "reason": "no 5-minute window between the warm-up and the outage", "windows": rows}
    ref = before[-1]["median_mib"]
    bound = ref * 1.10 + 48
    outside = [r for r in rows if not r["outage"]]
    inside = [r for r in rows if r["outage"]]
    lo = min(r["median_mib"] for r in outside) / ref - 1
    hi = max(r["median_mib"] for r in outside) / ref - 1
    return {"reference_mib": ref, "min_pct": round(100 * lo, 1), "max_pct": round(100 * hi, 1),
            "outage_bound_mib": round(bound, 1), "outage_max_median_mib": max((r["median_mib"] for r in inside), default=0),
            "windows": rows,
            "ok": lo >= -0.10 and hi <= 0.10 and all(r["median_mib"] <= bound for r in inside)}


def judge_readiness(samples, a, ev, threshold):
    """Readiness against the timeline: counts of wrong answers per phase and the transition times."""
    poll = a.interval
    first_ready = next((s["t"] for s in samples if s["status"] == 200), None)
    out_start, out_end = ev["outage_start"], ev["outage_end"]
    must_down_from = out_start + threshold + poll + a.grace
    must_up_from = out_end + poll + a.catch_up_grace
    wrong = {"not_ready_before_outage": 0, "ready_during_outage": 0, "not_ready_after_recovery": 0}
    for s in samples:
        t, ok = s["t"], s["status"] == 200
        if first_ready is not None and first_ready <= t < out_start and not ok:
            wrong["not_ready_before_outage"] += 1
        elif must_down_from <= t < out_end and ok:
            wrong["ready_during_outage"] += 1
        elif t >= must_up_from and not ok:
            wrong["not_ready_after_recovery"] += 1
    down = next((s["t"] for s in samples if s["t"] >= out_start and s["status"] != 200), None)
    up = next((s["t"] for s in samples if s["t"] >= out_end and s["status"] == 200), None)
    bodies = sorted({s["body"] for s in samples if s["status"] != 200})
    return {
        "first_ready_s": first_ready,
        "threshold_s": threshold,
        "not_ready_after_outage_start_s": None if down is None else round(down - out_start, 1),
        "ready_after_broker_back_s": None if up is None else round(up - out_end, 1),
        "wrong_samples": wrong,
        "not_ready_bodies": bodies[:20],
        "ok": first_ready is not None and not any(wrong.values()) and down is not None and up is not None,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--minutes", type=float, default=60, help="length of the run")
    ap.add_argument("--connections", type=int, default=10000, help="loopback connections held (2 sockets each)")
    ap.add_argument("--outage-at", type=float, default=25, help="minute the broker is SIGSTOPped")
    ap.add_argument("--outage-minutes", type=float, default=10, help="minutes until it is started again (SIGKILLed halfway)")
    ap.add_argument("--out", help="results folder (default bench/out/health-soak-<time>)")
    ap.add_argument("--interval", type=int, default=5, help="poll interval, seconds")
    ap.add_argument("--stale-after", type=int, default=30, help="--sink-stale-after, seconds (passed when the daemon has the flag)")
    ap.add_argument("--warmup", type=float, default=None, help="seconds without churn, left out of the RSS check (default: min(300, 10 %%))")
    ap.add_argument("--tail", type=float, default=None, help="seconds at the end without churn (default: min(300, 10 %%))")
    ap.add_argument("--churn-every", type=float, default=3, help="seconds between namespace additions")
    ap.add_argument("--churn-live", type=int, default=6, help="churn namespaces alive at once")
    ap.add_argument("--churn-connections", type=int, default=50, help="connections in every other churn namespace")
    ap.add_argument("--grace", type=float, default=5, help="seconds of slack at the not-ready transition")
    ap.add_argument("--catch-up-grace", type=float, default=30, help="seconds allowed for the spool to drain after the broker returns")
    ap.add_argument("--fd-slack", type=int, default=4)
    ap.add_argument("--thread-slack", type=int, default=2)
    ap.add_argument("--run-arg", action="append", default=[], metavar="ARG", help="one more argument for 'xtcp run'")
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    ap.add_argument("--rejudge", metavar="DIR", help="print the RSS windows of a finished run's results folder and exit")
    a = ap.parse_args()
    if a.rejudge:
        return rejudge(a.rejudge)
    if os.geteuid() != 0:
        raise SystemExit("needs root (ip netns)")
    if shutil.which("kcat") is None:
        raise SystemExit("needs kcat on PATH (apt-get install -y kcat)")
    total = a.minutes * 60
    a.warmup = min(300.0, total / 10) if a.warmup is None else a.warmup
    a.tail = min(300.0, total / 10) if a.tail is None else a.tail
    outage_start, outage_end = a.outage_at * 60, (a.outage_at + a.outage_minutes) * 60
    if not a.warmup < outage_start < outage_end < total - a.tail:
        raise SystemExit("the outage (%.0f..%.0f s) must fall between the warm-up (%.0f s) and the tail (from %.0f s)"
                         % (outage_start, outage_end, a.warmup, total - a.tail))

    out_dir = a.out or os.path.join(ROOT, "bench", "out", "health-soak-" + datetime.datetime.now().strftime("%Y%m%d-%H%M%S"))
    os.makedirs(out_dir, exist_ok=True)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    sh([os.path.join(ROOT, "bin/xtcp"), "--version"])  # builds the jar and its start-up archive if missing
    stale_flag = run_help_has("--sink-stale-after")
    threshold = a.stale_after if stale_flag else 30

    broker = churn = daemon = None
    spool = tempfile.mkdtemp(prefix="xtcp-hsoak-spool-")
    kafka_dir = tempfile.mkdtemp(prefix="xtcp-hsoak-kafka-")
    samples, events, result = [], {}, {}
    try:
        with loaded_namespace(PREFIX, a.connections, a.shared, out_dir, timeout=900) as ns:
            try:
                broker = KraftBroker(out_dir, kafka_dir)
                took = broker.start()
                print("kafka broker at %s (pid %d, serving after %.1f s)" % (broker.bootstrap, broker.proc.pid, took), flush=True)
                cmd = [os.path.join(ROOT, "bin/xtcp"), "run", "--netns", ns + "*", "--dest", "kafka://%s/%s" % (broker.bootstrap, TOPIC),
                       "--overflow", "spool", "--spool-dir", spool, "--poll-interval", "%ds" % a.interval,
                       "--poll-timeout", "%ds" % max(1, int(a.interval * 0.8)), "--poll-jitter", "0",
                       "--http-listen", "127.0.0.1:0"] + (["--sink-stale-after", "%ds" % a.stale_after] if stale_flag else []) + a.run_arg
                env = {k: v for k, v in os.environ.items() if not k.startswith("XTCP_") or k in ("XTCP_JAVA_OPTS", "XTCP_JAR", "XTCP_CDS")}
                log_path = os.path.join(out_dir, "xtcp.log")
                log = open(log_path, "w")
                daemon = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
                print("xtcp run: %s" % " ".join(cmd), flush=True)
                result = soak(a, daemon, log_path, broker, ns, samples, events, threshold, outage_start, outage_end, total)
                churn = result.pop("_churn", None)
            finally:
                signal.signal(signal.SIGINT, signal.SIG_IGN)
                signal.signal(signal.SIGTERM, signal.SIG_IGN)
                if churn:
                    churn.stop()
                stop_process(daemon)
                if broker:
                    broker.stop()
    except Stop as e:
        print("stopped (%s); cleaning up" % e, file=sys.stderr)
    finally:
        shutil.rmtree(spool, ignore_errors=True)
        shutil.rmtree(kafka_dir, ignore_errors=True)

    with open(os.path.join(out_dir, "samples.csv"), "w") as f:
        f.write("t_s,readyz,vmrss_kib,fds,threads\n")
        for s in samples:
            f.write("%s,%d,%d,%d,%d\n" % (s["t"], s["status"], s["rss_kib"], s["fds"], s["threads"]))
    if not result:
        return 1
    result["readiness"] = judge_readiness(samples, a, events, threshold)
    result["rss_windows"] = judge_rss_windows(samples, a, events)
    result.update({"args": vars(a), "events": events, "sink_stale_after_flag": stale_flag})
    with open(os.path.join(out_dir, "summary.json"), "w") as f:
        json.dump(result, f, indent=2)
    print_summary(result)
    print("\nresults in %s" % out_dir)
    return 0


def soak(a, daemon, log_path, broker, ns, samples, events, threshold, outage_start, outage_end, total):
    """The sampling loop and the timeline; returns the figures (and the churn thread, to stop)."""
    t0 = time.time()
    port = None
    churn = None
    last_metrics = {}
    next_sample = t0
    while True:
        now = time.time()
        t = now - t0
        if daemon.poll() is not None:
            raise SystemExit("xtcp exited %d at %.0f s; see %s" % (daemon.returncode, t, log_path))
        if port is None:
            with open(log_path) as f:
                m = re.search(r"http side server listening on 127\.0\.0\.1:(\d+)", f.read())
            port = int(m.group(1)) if m else None
        if churn is None and t >= a.warmup and "churn_start" not in events:
            churn = Churn(ns, a.churn_every, a.churn_live, a.churn_connections)
            churn.start()
            events["churn_start"] = round(t, 1)
        if "outage_start" not in events and t >= outage_start:
            broker.signal(signal.SIGSTOP)
            events["outage_start"] = round(t, 1)
            print("t=%4.0fs broker SIGSTOPped" % t, flush=True)
        if "outage_start" in events and "broker_killed" not in events and t >= (outage_start + outage_end) / 2:
            broker.kill()
            events["broker_killed"] = round(time.time() - t0, 1)
            print("t=%4.0fs broker SIGKILLed" % t, flush=True)
        if "broker_killed" in events and "broker_restarted" not in events and t >= outage_end:
            events["broker_restarted"] = round(t, 1)
            print("t=%4.0fs broker starting again on %s" % (t, broker.bootstrap), flush=True)

            def restart():  # on a thread of its own, so the sampling goes on while the broker recovers its log
                took = broker.start()
                events["outage_end"] = round(time.time() - t0, 1)
                print("t=%4.0fs broker serving again (%.1f s to start)" % (events["outage_end"], took), flush=True)
            threading.Thread(target=restart, daemon=True, name="broker-restart").start()
        if churn is not None and "churn_end" not in events and t >= total - a.tail:
            churn.stop()
            events.update(churn_end=round(t, 1), churn_added=churn.added, churn_deleted=churn.deleted, churn_error=churn.error)
        if t >= total:
            if "outage_end" not in events:
                raise SystemExit("the broker was not serving again at the end of the run; see %s" % log_path)
            break
        if now >= next_sample and port is not None:
            status, body = readyz(port)
            st = status_kib(daemon.pid)
            s = {"t": round(t, 2), "status": status, "body": body, "rss_kib": st["VmRSS"], "fds": fd_count(daemon.pid),
                 "threads": thread_count(daemon.pid)}
            samples.append(s)
            next_sample += 1
            if len(samples) % 30 == 0:
                last_metrics = scrape(port)
                print("t=%4.0fs readyz=%d rss=%.1f MiB fds=%d threads=%d encoded=%d spool=%d B dropped=%d %s" % (
                    t, status, s["rss_kib"] / 1024, s["fds"], s["threads"], metric_sum(last_metrics, "xtcp_encoded_records_total"),
                    metric_sum(last_metrics, "xtcp_spool_size_bytes"), metric_sum(last_metrics, "xtcp_sink_dropped_records_total"),
                    "" if status == 200 else body[:100]), flush=True)
        elif now >= next_sample:
            next_sample += 1
        time.sleep(max(0.0, min(0.5, next_sample - time.time())))

    # caught up: nothing waits in queue or spool; then stop right after a poll, so no poll runs after the last scrape
    deadline = time.time() + 300
    while True:
        m = scrape(port)
        if metric_sum(m, "xtcp_sink_queue_envelopes") == 0 and metric_sum(m, "xtcp_spool_size_bytes") == 0:
            break
        if time.time() > deadline:
            print("queue or spool not empty after 300 s: queue %d, spool %d B" % (
                metric_sum(m, "xtcp_sink_queue_envelopes"), metric_sum(m, "xtcp_spool_size_bytes")), flush=True)
            break
        time.sleep(1)
    polls = metric_sum(scrape(port), "xtcp_polls_total")
    deadline = time.time() + 3 * a.interval + 10
    while True:
        m = scrape(port)
        if metric_sum(m, "xtcp_polls_total") > polls:
            break
        if time.time() > deadline:
            raise SystemExit("no poll ended within %d s: the daemon stopped polling; see %s" % (3 * a.interval + 10, log_path))
        time.sleep(0.05)
    time.sleep(0.5)  # the poll's envelopes reach the queue (a margin inside a 5 s interval; the counts below are exact)
    final = scrape(port)
    daemon.send_signal(signal.SIGTERM)
    exit_code = daemon.wait(120)
    events["stopped"] = round(time.time() - t0, 1)
    topic = count_topic(broker.bootstrap, TOPIC)

    post = [s for s in samples if s["t"] >= a.warmup]
    rss = [s["rss_kib"] / 1024 for s in post]
    med = statistics.median(rss)
    base = [s for s in samples if a.warmup / 2 <= s["t"] < a.warmup]
    end = samples[-10:]
    fd_base, fd_end = statistics.median(s["fds"] for s in base), statistics.median(s["fds"] for s in end)
    th_base, th_end = statistics.median(s["threads"] for s in base), statistics.median(s["threads"] for s in end)
    encoded = metric_sum(final, "xtcp_encoded_records_total")
    dropped = metric_sum(final, "xtcp_sink_dropped_records_total")
    return {
        "_churn": churn,
        "exit_code": exit_code,
        "samples": len(samples),
        "rss": {"median_mib": med, "min_mib": min(rss), "max_mib": max(rss),
                "min_pct": 100 * (min(rss) / med - 1), "max_pct": 100 * (max(rss) / med - 1),
                "ok": min(rss) >= 0.9 * med and max(rss) <= 1.1 * med},
        "fds": {"baseline": fd_base, "final": fd_end, "max": max(s["fds"] for s in samples), "ok": fd_end <= fd_base + a.fd_slack},
        "threads": {"baseline": th_base, "final": th_end, "max": max(s["threads"] for s in samples),
                    "ok": th_end <= th_base + a.thread_slack},
        "records": {"encoded": encoded, "dropped": dropped, "in_topic": topic["records"], "messages": topic["messages"],
                    "messages_twice": topic["messages_twice"],
                    "ok": encoded == topic["records"] and dropped == 0 and topic["messages_twice"] == 0},
        "polls": {r: metric_sum(final, "xtcp_polls_total", result=r) for r in ("ok", "error", "timeout")},
        "namespaces_added": metric_sum(final, "xtcp_namespaces_added_total"),
        "namespaces_removed": metric_sum(final, "xtcp_namespaces_removed_total"),
        "sockets_last_poll": metric_sum(final, "xtcp_sockets"),
    }


def rss_windows_text(w):
    if "reference_mib" not in w:
        return w.get("reason", "")
    return "reference %.1f MiB, %+.1f %% .. %+.1f %% outside the outage; outage medians <= %.1f MiB (bound %.1f); medians: %s" % (
        w["reference_mib"], w["min_pct"], w["max_pct"], w["outage_max_median_mib"], w["outage_bound_mib"],
        ", ".join(("*%.0f*" if x["outage"] else "%.0f") % x["median_mib"] for x in w["windows"]))


def rejudge(out_dir):
    """Re-reads a finished run's samples.csv and summary.json and prints its RSS windows (--rejudge DIR)."""
    with open(os.path.join(out_dir, "summary.json")) as f:
        summary = json.load(f)
    with open(os.path.join(out_dir, "samples.csv")) as f:
        next(f)
        samples = [{"t": float(t), "rss_kib": int(r)} for t, _, r, _, _ in (line.strip().split(",") for line in f if line.strip())]
    w = judge_rss_windows(samples, argparse.Namespace(**summary["args"]), summary["events"])
    print(rss_windows_text(w) + ("" if w["ok"] else " (NOT met)"))
    return 0


def print_summary(r):
    rd = r["readiness"]

    def yes(b):
        return "yes" if b else "NO"
    rows = [
        ("RSS within +-10 % of median after warm-up", "median %.1f MiB, %+.1f %% .. %+.1f %%" % (
            r["rss"]["median_mib"], r["rss"]["min_pct"], r["rss"]["max_pct"]), yes(r["rss"]["ok"])),
        ("RSS: 5-minute medians within +-10 % of the last before the outage; during it, <= that +10 % + 48 MiB",
         rss_windows_text(r["rss_windows"]), yes(r["rss_windows"]["ok"])),
        ("fds back to baseline", "%d -> %d (max %d)" % (r["fds"]["baseline"], r["fds"]["final"], r["fds"]["max"]), yes(r["fds"]["ok"])),
        ("threads back to baseline", "%d -> %d (max %d)" % (r["threads"]["baseline"], r["threads"]["final"], r["threads"]["max"]),
         yes(r["threads"]["ok"])),
        ("records in = records out", "encoded %d, in topic %d (%d messages, %d twice), dropped %d" % (
            r["records"]["encoded"], r["records"]["in_topic"], r["records"]["messages"], r["records"]["messages_twice"],
            r["records"]["dropped"]), yes(r["records"]["ok"])),
        ("readiness correct throughout", "not ready %s s after outage start (threshold %d s), ready %s s after broker back; wrong: %s"
         % (rd["not_ready_after_outage_start_s"], rd["threshold_s"], rd["ready_after_broker_back_s"],
            ", ".join("%s %d" % kv for kv in rd["wrong_samples"].items())), yes(rd["ok"])),
    ]
    print("\n| check | figures | pass |\n|---|---|---|")
    for row in rows:
        print("| %s | %s | %s |" % row)
    print("\npolls %s, namespaces added %d removed %d, sockets in the last poll %d, exit %d" % (
        r["polls"], r["namespaces_added"], r["namespaces_removed"], r["sockets_last_poll"], r["exit_code"]))
    if rd["not_ready_bodies"]:
        print("not-ready bodies: %s" % rd["not_ready_bodies"])


if __name__ == "__main__":
    sys.exit(main())

"""What the bench scripts share (they import it from their own folder): commands, process stop,
/proc readings and the throw-away namespace full of loopback connections they measure in."""
import contextlib
import os
import subprocess
import time


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, text=True, capture_output=True, **kw)


def stop_process(p, timeout=60):
    """SIGTERM, then SIGKILL if `p` has not exited within `timeout` seconds; reaps it either way."""
    if p is None or p.poll() is not None:
        return
    p.terminate()
    try:
        p.wait(timeout)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()


def status_kib(pid):
    """VmRSS, VmHWM, RssAnon, RssFile, RssShmem of a process, KiB."""
    out = {}
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            key = line.split(":", 1)[0]
            if key in ("VmRSS", "VmHWM", "RssAnon", "RssFile", "RssShmem"):
                out[key] = int(line.split()[1])
    return out


def cpu_seconds(pid):
    """User + system CPU of a process so far (all its threads), seconds."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextlib.contextmanager
def loaded_namespace(prefix, connections, shared, out_dir, timeout=300):
    """A namespace `prefix-PID` (lo up, ephemeral ports from 10000) holding `connections` established
    loopback connections from the shared loadgen.py; yields its name, and deletes it (loadgen
    stopped) on the way out, whatever happened."""
    ns = "%s-%d" % (prefix, os.getpid())
    ready = os.path.join(out_dir, ns + ".ready")
    gen = None
    sh(["ip", "netns", "add", ns])
    try:
        sh(["ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up"])
        sh(["ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv4.ip_local_port_range=10000 65535"])
        t = time.time()
        gen = subprocess.Popen(["ip", "netns", "exec", ns, "python3", os.path.join(shared, "bench", "loadgen.py"),
                                str(connections), ready], start_new_session=True)
        while not os.path.exists(ready):
            if time.time() > t + timeout or gen.poll() is not None:
                raise SystemExit("loadgen did not get ready")
            time.sleep(0.2)
        with open(ready) as f:
            print("loadgen: %s (%.0f s)" % (f.read().strip(), time.time() - t), flush=True)
        yield ns
    finally:
        stop_process(gen, 30)
        subprocess.run(["ip", "netns", "del", ns])
        if os.path.exists(ready):
            os.remove(ready)

"""Process handling shared by the bench scripts (they import it from their own folder)."""
import subprocess


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

"""Holds TCP sockets inside network namespaces for the xtcp end-to-end tests.

An independent peer: plain CPython sockets, entering namespaces with libc setns(2) through
ctypes. Reads one command per line on stdin and answers one line on stdout ("ok ..." or
"error ..."):

  listen NSPATH ADDR PORT         a listening socket in the namespace at NSPATH
  connect NSPATH ADDR PORT COUNT  COUNT clients to the listener ADDR:PORT there, each accepted
  close NSPATH                    closes every socket made in that namespace
  spawn                           starts `unshare -n sleep 600` (killed with this process);
                                  answers its pid once it is in its own namespace
  kill PID                        kills and reaps a spawned process
  quit

Killed or at end of input it closes everything and kills what it spawned.
"""
import ctypes
import os
import socket
import subprocess
import sys
import time

CLONE_NEWNET = 0x40000000
libc = ctypes.CDLL(None, use_errno=True)
HOME = os.open("/proc/thread-self/ns/net", os.O_RDONLY)
HOME_INODE = os.fstat(HOME).st_ino

sockets = {}   # nspath -> [socket]
listeners = {}  # (nspath, addr, port) -> socket
children = {}  # pid -> Popen


def setns(fd):
    if libc.setns(fd, CLONE_NEWNET) != 0:
        e = ctypes.get_errno()
        raise OSError(e, os.strerror(e))


def inside(nspath, action):
    fd = os.open(nspath, os.O_RDONLY)
    try:
        setns(fd)
        try:
            return action()
        finally:
            setns(HOME)
    finally:
        os.close(fd)


def listen(nspath, addr, port):
    def make():
        s = socket.socket(socket.AF_INET6 if ":" in addr else socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((addr, port))
        s.listen(128)
        return s
    s = inside(nspath, make)
    sockets.setdefault(nspath, []).append(s)
    listeners[(nspath, addr, port)] = s
    return "ok"


def connect(nspath, addr, port, count):
    server = listeners[(nspath, addr, port)]

    def make():
        out = []
        for _ in range(count):
            c = socket.socket(socket.AF_INET6 if ":" in addr else socket.AF_INET, socket.SOCK_STREAM)
            c.connect((addr, port))
            out.append(c)
        return out
    clients = inside(nspath, make)
    held = sockets.setdefault(nspath, [])
    held.extend(clients)
    for _ in clients:
        a, _peer = server.accept()
        held.append(a)
    return "ok %s" % " ".join(str(c.getsockname()[1]) for c in clients)


def close(nspath):
    for s in sockets.pop(nspath, []):
        s.close()
    for key in [k for k in listeners if k[0] == nspath]:
        del listeners[key]
    return "ok"


def die_with_parent():
    PR_SET_PDEATHSIG = 1
    libc.prctl(PR_SET_PDEATHSIG, 9)


def spawn():
    p = subprocess.Popen(["unshare", "-n", "sleep", "600"], preexec_fn=die_with_parent)
    children[p.pid] = p
    path = "/proc/%d/ns/net" % p.pid
    deadline = time.time() + 10
    while time.time() < deadline:
        try:
            if os.stat(path).st_ino != HOME_INODE:
                return "ok %d" % p.pid
        except FileNotFoundError:
            pass
        time.sleep(0.001)
    return "error %d never left the home namespace" % p.pid


def kill(pid):
    p = children.pop(pid)
    p.kill()
    p.wait()
    return "ok"


def cleanup():
    for nspath in list(sockets):
        close(nspath)
    for pid in list(children):
        kill(pid)


def main():
    try:
        for line in sys.stdin:
            words = line.split()
            if not words:
                continue
            cmd = words[0]
            try:
                if cmd == "listen":
                    answer = listen(words[1], words[2], int(words[3]))
                elif cmd == "connect":
                    answer = connect(words[1], words[2], int(words[3]), int(words[4]))
                elif cmd == "close":
                    answer = close(words[1])
                elif cmd == "spawn":
                    answer = spawn()
                elif cmd == "kill":
                    answer = kill(int(words[1]))
                elif cmd == "quit":
                    break
                else:
                    answer = "error unknown command " + cmd
            except Exception as e:  # answer, keep serving
                answer = "error %s: %s" % (type(e).__name__, e)
            sys.stdout.write(answer + "\n")
            sys.stdout.flush()
    finally:
        cleanup()


if __name__ == "__main__":
    main()

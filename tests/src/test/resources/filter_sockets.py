#!/usr/bin/env python3
"""Sockets for FilterVsSsIT, run inside a fresh namespace: listeners on varied ports and IPv4/IPv6
addresses, connections between them from varied source addresses, a dual-stack listener reached over
IPv4 (mapped addresses), one connection with SO_MARK, one bound to lo, two in TIME-WAIT, and two made
after the test moved this process into its cgroup (ip netns exec hides /sys/fs/cgroup): writes its pid
to argv[2] and waits for the file argv[3]. Touches argv[1] when all are up, then sleeps."""
import os
import socket
import sys
import time

ready, pid_file, moved = sys.argv[1], sys.argv[2], sys.argv[3]
SO_MARK = 36
SO_BINDTODEVICE = 25
keep = []


def listen(family, addr, port, v6only=None, device=None):
    s = socket.socket(family, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if v6only is not None:
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, v6only)
    if device:
        s.setsockopt(socket.SOL_SOCKET, SO_BINDTODEVICE, device.encode())
    s.bind((addr, port))
    s.listen(64)
    keep.append(s)
    return s


def connect(listener, family, dst, port, src=None, mark=None, device=None):
    c = socket.socket(family, socket.SOCK_STREAM)
    if mark is not None:
        c.setsockopt(socket.SOL_SOCKET, SO_MARK, mark)
    if device:
        c.setsockopt(socket.SOL_SOCKET, SO_BINDTODEVICE, device.encode())
    if src:
        c.bind((src, 0))
    c.connect((dst, port))
    a, _ = listener.accept()
    keep.extend([c, a])
    return c, a


v4, v6 = socket.AF_INET, socket.AF_INET6
l1 = listen(v4, "127.0.0.1", 5001)
l2 = listen(v4, "127.0.0.2", 5002)
l3 = listen(v4, "0.0.0.0", 5003)
l4 = listen(v6, "::1", 5004)
l5 = listen(v6, "fd00:21::1", 5005)
l6 = listen(v6, "::", 5006, v6only=0)
l7 = listen(v4, "10.21.0.1", 5007)
l8 = listen(v6, "fd00:21::2", 6000)
l9 = listen(v4, "127.0.0.3", 7000, device="lo")
l10 = listen(v4, "127.0.0.1", 80)
l11 = listen(v4, "127.0.0.1", 5008)

for src in (None, "127.0.0.5", "127.0.0.6"):
    connect(l1, v4, "127.0.0.1", 5001, src)
connect(l2, v4, "127.0.0.2", 5002, "127.0.0.5")
connect(l2, v4, "127.0.0.2", 5002)
connect(l3, v4, "127.0.0.4", 5003, "10.21.0.1")
connect(l3, v4, "10.21.0.1", 5003)
connect(l4, v6, "::1", 5004)
connect(l4, v6, "::1", 5004)
connect(l5, v6, "fd00:21::1", 5005, "fd00:21::2")
connect(l5, v6, "fd00:21::1", 5005, "::1")
connect(l6, v4, "127.0.0.1", 5006)               # accepted side: ::ffff:127.0.0.1
connect(l6, v4, "127.0.0.7", 5006, "127.0.0.8")
connect(l6, v6, "fd00:21::1", 5006)
connect(l7, v4, "10.21.0.1", 5007, "127.0.0.1")
connect(l8, v6, "fd00:21::2", 6000, "fd00:21::1")
connect(l9, v4, "127.0.0.3", 7000, device="lo")
connect(l10, v4, "127.0.0.1", 80, mark=0x15)
connect(l10, v4, "127.0.0.1", 80, mark=0x115)
for _ in range(2):                                # client closes first: TIME-WAIT on its side
    c, a = connect(l2, v4, "127.0.0.2", 5002, "127.0.0.9")
    keep.remove(c)
    keep.remove(a)
    c.close()
    time.sleep(0.05)
    a.close()

with open(pid_file + ".tmp", "w") as f:
    f.write(str(os.getpid()))
os.rename(pid_file + ".tmp", pid_file)
while not os.path.exists(moved):
    time.sleep(0.02)
connect(l11, v4, "127.0.0.1", 5008)
connect(l11, v4, "127.0.0.1", 5008, "127.0.0.10")

time.sleep(0.5)
open(ready, "w").close()
while True:
    time.sleep(3600)

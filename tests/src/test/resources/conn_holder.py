#!/usr/bin/env python3
"""Holds loopback TCP connections open for tests: N connections to a listener on each address.

usage: conn_holder.py READY_FILE N PORT ADDR [ADDR ...]
Each ADDR (e.g. 127.0.0.1, ::1) gets a listener on PORT and N client connections to it; every
connection exchanges a few bytes so tcp_info counters move. Writes READY_FILE when all are
established, then sleeps until SIGTERM.
"""
import os
import signal
import socket
import sys
import time


def main():
    ready, n, port, addrs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
    keep = []
    for addr in addrs:
        fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
        lst = socket.socket(fam, socket.SOCK_STREAM)
        lst.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        lst.bind((addr, port))
        lst.listen(n + 16)
        keep.append(lst)
        for _ in range(n):
            c = socket.socket(fam, socket.SOCK_STREAM)
            c.connect((addr, port))
            s, _ = lst.accept()
            c.sendall(b"hello")
            s.recv(16)
            s.sendall(b"world!")
            c.recv(16)
            keep += [c, s]
    with open(ready + ".tmp", "w") as f:
        f.write(str(os.getpid()))
    os.rename(ready + ".tmp", ready)
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()

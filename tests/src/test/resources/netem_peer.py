#!/usr/bin/env python3
"""Both ends of the netem test's traffic: an echo server, and clients that trade fixed-size
requests and echoes, so that both directions carry data and both sides measure RTT and retransmit
what the link loses. Each message fits one segment and every receiver acknowledges at once
(TCP_QUICKACK), so RTT samples time the path rather than the delayed-ACK timer. The connections
stay open, idle, after the last round.

usage: netem_peer.py serve ADDR PORT
       netem_peer.py talk ADDR PORT CONNECTIONS ROUNDS SIZE READY_FILE
talk writes READY_FILE (its pid) when every connection has finished its rounds; both run until
killed.
"""
import os
import socket
import sys
import threading
import time


def tune(conn):
    conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def recv(conn, n):
    conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
    return conn.recv(n)


def recv_exactly(conn, n):
    got = 0
    while got < n:
        chunk = recv(conn, min(65536, n - got))
        if not chunk:
            raise ConnectionError("peer closed after %d of %d bytes" % (got, n))
        got += len(chunk)


def echo(conn):
    tune(conn)
    with conn:
        while True:
            data = recv(conn, 65536)
            if not data:
                return
            conn.sendall(data)


def serve(addr, port):
    lst = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    lst.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lst.bind((addr, port))
    lst.listen(64)
    while True:
        conn, _ = lst.accept()
        threading.Thread(target=echo, args=(conn,), daemon=True).start()


def talk(addr, port, connections, rounds, size, ready):
    conns, errors = [], []
    payload = os.urandom(size)

    def trade(conn):
        try:
            for _ in range(rounds):
                conn.sendall(payload)
                recv_exactly(conn, size)
        except OSError as e:
            errors.append(e)

    for _ in range(connections):
        conns.append(socket.create_connection((addr, port), timeout=60))
        tune(conns[-1])
    threads = [threading.Thread(target=trade, args=(c,)) for c in conns]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        sys.exit("traffic failed: %s" % errors)
    with open(ready + ".tmp", "w") as f:
        f.write(str(os.getpid()))
    os.rename(ready + ".tmp", ready)
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        serve(sys.argv[2], int(sys.argv[3]))
    else:
        talk(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), sys.argv[7])

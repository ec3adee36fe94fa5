#!/usr/bin/env python3
"""Plays the service manager's side of sd_notify for tests: binds an AF_UNIX datagram socket and
prints every notification it receives, one per line, as "<monotonic seconds>\t<assignments>" with
the newlines between assignments written as "|".

usage: notify_receiver.py NAME    (an absolute path, or @name for an abstract socket)
Prints "bound NAME" once the socket accepts datagrams; runs until killed.
"""
import socket
import sys
import time


def main():
    name = sys.argv[1]
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.bind("\0" + name[1:] if name.startswith("@") else name)
    print("bound " + name, flush=True)
    while True:
        data = s.recv(65536)
        print("%.3f\t%s" % (time.monotonic(), data.decode().replace("\n", "|")), flush=True)


if __name__ == "__main__":
    main()

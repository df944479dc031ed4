#!/usr/bin/env python3
"""tests/e2e/66-nfs-probe/pmap.py MODE PORT - a fake portmapper on UDP
127.0.0.1:111 (PMAP v2 GETPORT, RFC 1833) for the 66-nfs-probe scenario.

MODE silent:  NFS 3/TCP -> 2049, MOUNT 3/TCP -> PORT, where a TCP listener
              accepts connections and never answers.
MODE refused: NFS 3/TCP -> 2049, MOUNT 3/TCP -> 1 (nobody listens).
MODE garbage: every call gets malformed replies: too short, another xid,
              a port above 65535, a call instead of a reply.
Prints "ready" once both sockets are bound; runs until killed."""
import socket
import struct
import sys
import threading

mode, silent_port = sys.argv[1], int(sys.argv[2])
held = []


def silent_listener():
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", silent_port))
    srv.listen(16)
    while True:
        conn, _ = srv.accept()
        held.append(conn)  # never read, never answered, never closed


def port_for(prog, vers, prot):
    if prog == 100003 and vers == 3 and prot == 6:
        return 2049
    if prog == 100005 and vers == 3 and prot == 6:
        return silent_port if mode == "silent" else 1
    return 0


def reply(xid, port):
    return struct.pack(">7I", xid, 1, 0, 0, 0, 0, port)


sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("127.0.0.1", 111))
if mode == "silent":
    threading.Thread(target=silent_listener, daemon=True).start()
print("ready", flush=True)
while True:
    data, peer = sock.recvfrom(512)
    if len(data) < 56:
        continue
    xid = struct.unpack(">I", data[:4])[0]
    prog, vers, prot = struct.unpack(">3I", data[40:52])
    print(f"GETPORT xid={xid:#x} prog={prog} vers={vers} prot={prot}", flush=True)
    if mode == "garbage":
        good = reply(xid, port_for(prog, vers, prot))
        for bad in (good[:10], reply(xid ^ 0x5A5A, 2049),
                    struct.pack(">7I", xid, 1, 0, 0, 0, 0, 70000), data,
                    struct.pack(">5I", xid, 1, 0, 0, 1000)):
            sock.sendto(bad, peer)
        continue
    sock.sendto(reply(xid, port_for(prog, vers, prot)), peer)

#!/usr/bin/env python3
"""tests/nfs/rpcstub.py - a hostile NFSv3 server stand-in for netboot-diag.

Speaks just enough ONC RPC over TCP (RFC 5531 record marking) on one port
for MOUNT v3 (NULL, MNT, EXPORT) and NFS v3 (NULL, GETATTR, LOOKUP, ACCESS,
FSINFO, FSSTAT, PATHCONF, READDIRPLUS); every other program or version gets
PROG_UNAVAIL / PROG_MISMATCH, so an NFSv4 client gives up at once.  No
portmapper: the client passes port= and mountport= (nfsroot= options).

The export holds a root folder only.  READDIRPLUS of it never ends: every
reply carries --batch fresh entries (new names, new cookies) with eof false,
as a broken or malicious server may.  The export list (EXPORT) names
/endless and an export whose name holds terminal escape bytes (ESC [ 2 J,
CSI 0x9b, BEL), and the first entry of the listing holds the same bytes.

With --delay MS every READDIRPLUS reply waits MS milliseconds first: a
listing that trickles (little data, never done) rather than floods.

Usage: rpcstub.py PORT [--batch N] [--delay MS] [--ready FILE]
Counts what it sent on stderr when it stops (SIGTERM).  Test code: binds
127.0.0.1 only.
"""
import signal
import socket
import struct
import sys
import threading
import time

HOSTILE = b"\x1b[2J\x9b\x07"
EXPORTS = [b"/endless", b"/esc" + HOSTILE + b"name"]
ROOT_FH = b"netboot-rpcstub-root-fh-0001"
MOUNT_PROG, NFS_PROG = 100005, 100003
sent = {"readdirplus": 0, "entries": 0}


class Buf:
    def __init__(self, data):
        self.d, self.o = data, 0

    def u32(self):
        v = struct.unpack_from(">I", self.d, self.o)[0]
        self.o += 4
        return v

    def u64(self):
        v = struct.unpack_from(">Q", self.d, self.o)[0]
        self.o += 8
        return v

    def opaque(self):
        n = self.u32()
        v = self.d[self.o:self.o + n]
        self.o += (n + 3) & ~3
        return v

    def fixed(self, n):
        v = self.d[self.o:self.o + n]
        self.o += n
        return v


def u32(v):
    return struct.pack(">I", v)


def u64(v):
    return struct.pack(">Q", v)


def opaque(b):
    return u32(len(b)) + b + b"\0" * ((4 - len(b) % 4) % 4)


def fattr3(is_dir, fileid):
    kind, mode = (2, 0o755) if is_dir else (1, 0o644)
    t = u32(1700000000) + u32(0)
    return (u32(kind) + u32(mode) + u32(2) + u32(0) + u32(0) + u64(4096) +
            u64(4096) + u32(0) + u32(0) + u64(1) + u64(fileid) + t + t + t)


def post_op_dir():
    return u32(1) + fattr3(True, 1)


def accepted(xid, body, stat=0):
    return u32(xid) + u32(1) + u32(0) + u32(0) + u32(0) + u32(stat) + body


def mount_proc(proc, a):
    if proc == 0:
        return b""
    if proc == 1:  # MNT: any path is ours
        a.opaque()
        return u32(0) + opaque(ROOT_FH) + u32(1) + u32(1)
    if proc == 5:  # EXPORT
        out = b""
        for e in EXPORTS:
            out += u32(1) + opaque(e) + u32(0)
        return out + u32(0)
    return None


def readdirplus(a, batch):
    a.opaque()            # dir
    cookie = a.u64()
    a.fixed(8)            # cookieverf
    out = u32(0) + post_op_dir() + b"\x00" * 8
    for i in range(batch):
        n = cookie + i + 1
        name = HOSTILE + b"evil.squashfs" if n == 1 else b"e%010d" % n
        out += (u32(1) + u64(1000 + n) + opaque(name) + u64(n) +
                u32(1) + fattr3(False, 1000 + n) + u32(0))
    sent["readdirplus"] += 1
    sent["entries"] += batch
    return out + u32(0) + u32(0)   # no more entries here, eof FALSE


def nfs_proc(proc, a, batch):
    if proc == 0:
        return b""
    if proc in (1, 4):    # GETATTR, ACCESS
        fh = a.opaque()
        if fh != ROOT_FH:
            return u32(70)    # NFS3ERR_STALE
        if proc == 1:
            return u32(0) + fattr3(True, 1)
        return u32(0) + post_op_dir() + u32(a.u32())
    if proc == 3:         # LOOKUP: nothing is there
        return u32(2) + post_op_dir()
    if proc == 17:        # READDIRPLUS
        if DELAY[0]:
            time.sleep(DELAY[0])
        return readdirplus(a, batch)
    if proc == 18:        # FSSTAT
        return (u32(0) + post_op_dir() + u64(1 << 30) * 3 + u64(1000) * 3 +
                u32(0))
    if proc == 19:        # FSINFO
        return (u32(0) + post_op_dir() + u32(65536) * 3 + u32(65536) * 3 +
                u32(4096) + u64(1 << 40) + u32(0) + u32(1) + u32(0x1b))
    if proc == 20:        # PATHCONF
        return (u32(0) + post_op_dir() + u32(32000) + u32(255) +
                u32(1) * 4)
    return None


DELAY = [0.0]


def reply(data, batch):
    a = Buf(data)
    xid = a.u32()
    if a.u32() != 0:
        return None
    a.u32()               # rpcvers
    prog, vers, proc = a.u32(), a.u32(), a.u32()
    a.u32(); a.opaque()   # cred
    a.u32(); a.opaque()   # verf
    if prog not in (MOUNT_PROG, NFS_PROG):
        return accepted(xid, b"", 1)
    if vers != 3:
        return accepted(xid, u32(3) + u32(3), 2)
    body = (mount_proc(proc, a) if prog == MOUNT_PROG else
            nfs_proc(proc, a, batch))
    if body is None:
        return accepted(xid, b"", 3)
    return accepted(xid, body)


def serve(conn, batch):
    buf = b""
    try:
        while True:
            chunk = conn.recv(65536)
            if not chunk:
                return
            buf += chunk
            while len(buf) >= 4:
                (mark,) = struct.unpack_from(">I", buf)
                n = mark & 0x7FFFFFFF
                if len(buf) < 4 + n:
                    break
                rec, buf = buf[4:4 + n], buf[4 + n:]
                out = reply(rec, batch)
                if out is not None:
                    conn.sendall(u32(0x80000000 | len(out)) + out)
    except OSError:
        return
    finally:
        conn.close()


def main():
    port = int(sys.argv[1])
    batch = 64
    ready = None
    args = sys.argv[2:]
    while args:
        if args[0] == "--batch":
            batch = int(args[1])
        elif args[0] == "--delay":
            DELAY[0] = int(args[1]) / 1000.0
        elif args[0] == "--ready":
            ready = args[1]
        args = args[2:]

    def stop(_sig, _frm):
        sys.stderr.write("rpcstub: %d READDIRPLUS replies, %d entries sent\n"
                         % (sent["readdirplus"], sent["entries"]))
        sys.stderr.flush()
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", port))
    s.listen(16)
    if ready:
        with open(ready, "w") as f:
            f.write("ready\n")
    while True:
        conn, _ = s.accept()
        threading.Thread(target=serve, args=(conn, batch), daemon=True).start()


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""tests/lib/nfsstall.py - a TCP relay in front of an NFS server that goes
silent at a chosen moment: the "server stalls after the mount" fault.

Listens on 127.0.0.1:PORT and relays every connection to 127.0.0.1:UPSTREAM
(nfs-ganesha) until a client-to-server chunk holds TRIGGER (e.g. the bytes
of a file name in a LOOKUP, which comes only after the mount).  From then
on, every connection, old or new, stays open but nothing is relayed either
way: the client's RPCs are read and dropped, as by a server that hangs.
Deterministic: the stall starts at that call, however fast the client is.

Usage: nfsstall.py PORT UPSTREAM TRIGGER [--ready FILE] [--log FILE]
--ready FILE is created once listening; --log FILE gets one line when the
stall starts.  Stops on SIGTERM.  Test code: loopback only.
"""
import signal
import socket
import sys
import threading
import time


class Relay:
    def __init__(self, upstream, trigger, log):
        self.upstream = upstream
        self.trigger = trigger
        self.log = log
        self.stalled = threading.Event()
        # the tail of the client's stream, so a trigger split across two
        # reads is still seen
        self.keep = max(len(trigger) - 1, 0)

    def stall(self):
        if self.stalled.is_set():
            return
        self.stalled.set()
        if self.log:
            with open(self.log, "a") as f:
                f.write("stalled at %.3f\n" % time.time())

    def drain(self, sock):
        """Read and drop until the peer closes."""
        try:
            while sock.recv(65536):
                pass
        except OSError:
            pass

    def pipe(self, src, dst, watch):
        tail = b""
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                if watch and self.trigger in tail + data:
                    self.stall()
                if self.stalled.is_set():
                    continue
                if watch:
                    tail = (tail + data)[-self.keep:] if self.keep else b""
                dst.sendall(data)
        except OSError:
            pass
        if not self.stalled.is_set():
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
        else:
            # silent, never closed: as a hung server
            self.drain(src)

    def serve(self, client):
        if self.stalled.is_set():
            self.drain(client)
            return
        try:
            up = socket.create_connection(("127.0.0.1", self.upstream), 5)
            up.settimeout(None)
        except OSError:
            client.close()
            return
        threading.Thread(target=self.pipe, args=(up, client, False), daemon=True).start()
        self.pipe(client, up, True)


def main():
    args = sys.argv[1:]
    opts = {"--ready": None, "--log": None}
    pos = []
    while args:
        a = args.pop(0)
        if a in opts and args:
            opts[a] = args.pop(0)
        else:
            pos.append(a)
    if len(pos) != 3:
        sys.stderr.write(__doc__)
        return 2
    port, upstream, trigger = int(pos[0]), int(pos[1]), pos[2].encode()
    relay = Relay(upstream, trigger, opts["--log"])
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("127.0.0.1", port))
    ls.listen(16)
    if opts["--ready"]:
        open(opts["--ready"], "w").close()
    while True:
        c, _ = ls.accept()
        threading.Thread(target=relay.serve, args=(c,), daemon=True).start()


if __name__ == "__main__":
    sys.exit(main())

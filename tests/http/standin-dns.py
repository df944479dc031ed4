#!/usr/bin/python3
"""tests/http/standin-dns.py - the http tier stand-in's resolver (used by
tests/http/standin.sh only, to prove the harness; not the product).

    standin-dns.py SERVER NAME [debug|""] [trusting]

Asks SERVER:53 for NAME's A record (3 tries, 1, 2, 4 s), ignores a reply
whose id, source or question is not ours ("ignored a reply" on stderr with
debug), prints the first address on stdout.  Exit 0; 100 when the name does
not exist (NXDOMAIN) or has no A record; 111 when no answer came.
"trusting" (a fault on purpose, NBT_STANDIN_FAULT=trusting) takes any reply.
"""

import os
import socket
import struct
import sys


def encode_name(name):
    out = b""
    for label in name.rstrip(".").split("."):
        out += bytes([len(label)]) + label.encode("ascii")
    return out + b"\0"


def skip_name(pkt, pos):
    while True:
        n = pkt[pos]
        if n & 0xC0 == 0xC0:
            return pos + 2
        if n == 0:
            return pos + 1
        pos += 1 + n


def main():
    server, name = sys.argv[1], sys.argv[2]
    debug = len(sys.argv) > 3 and sys.argv[3] == "debug"
    trusting = len(sys.argv) > 4 and sys.argv[4] == "trusting"
    qname = encode_name(name)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    for wait in (1, 2, 4):
        qid = struct.unpack(">H", os.urandom(2))[0]
        q = struct.pack(">HHHHHH", qid, 0x0100, 1, 0, 0, 0) + qname + struct.pack(">HH", 1, 1)
        s.sendto(q, (server, 53))
        s.settimeout(wait)
        while True:
            try:
                pkt, peer = s.recvfrom(4096)
            except socket.timeout:
                break
            why = None
            if peer != (server, 53):
                why = "from %s:%d" % peer
            elif len(pkt) < 12 + len(qname) + 4:
                why = "too short"
            elif struct.unpack(">H", pkt[:2])[0] != qid:
                why = "wrong id"
            elif pkt[12:12 + len(qname)].lower() != qname.lower():
                why = "wrong question"
            if why and not trusting:
                if debug:
                    print("netboot: dns: ignored a reply (%s)" % why, file=sys.stderr)
                continue
            flags, qd, an = struct.unpack(">HHH", pkt[2:8])
            if flags & 0xF == 3:
                print("netboot: error: %s does not exist (NXDOMAIN from %s)" % (name, server),
                      file=sys.stderr)
                return 100
            pos = skip_name(pkt, 12) + 4
            for _ in range(an):
                pos = skip_name(pkt, pos)
                rtype, _, _, rdlen = struct.unpack(">HHIH", pkt[pos:pos + 10])
                pos += 10
                if rtype == 1 and rdlen == 4:
                    print(socket.inet_ntoa(pkt[pos:pos + 4]))
                    return 0
                pos += rdlen
            print("netboot: error: %s has no address (no A record at %s)" % (name, server),
                  file=sys.stderr)
            return 100
    print("netboot: error: no answer from %s for %s" % (server, name), file=sys.stderr)
    return 111


if __name__ == "__main__":
    sys.exit(main())

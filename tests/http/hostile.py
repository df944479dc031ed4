#!/usr/bin/python3
"""tests/http/hostile.py - the http tier's scripted servers (tests/http/run.sh).

    hostile.py http --addr A --port P --image FILE --log LOG --ready FILE
    hostile.py dns  --addr A --log LOG --ready FILE [--answer NAME=ADDR ...]

http: a hostile HTTP/1.1 server.  The path picks the behaviour (HEAD is
answered for every path with the same head, and no body):

    /missing.squashfs           404
    /drop/filesystem.squashfs   the image with Range support (206); the
                                first response that crosses 30 % of the
                                image stops there (exactly that many body
                                bytes), then the server closes its side
    /trickle/filesystem.squashfs  the full head, then one body byte a second
    /huge/filesystem.squashfs   Content-Length: 1000 TiB; on GET the server
                                then waits (5 s) for the client to close
                                before it sends any body byte; a GET with
                                a Range (netboot-diag's probes) gets a 206
                                of those bytes: the image's, zeros past it
    /a, /b                      302 to each other (absolute Location)
    /chunk-nonhex/...           chunked: one good 4 KiB chunk, then a
                                chunk-size line "zz"
    /chunk-long/...             the same, then a 20-hex-digit chunk size
    /flood/...                  "200 OK", then header lines without end
    /noranges/NAME.squashfs     the image, 200 and the whole file whatever
                                the Range, no Accept-Ranges
    /noranges/... (with --iso)  the same for the ISO
    /hugeiso/NAME.iso           /huge/'s 1000 TiB without ranges: 200 and
                                Content-Length: 1000 TiB whatever the
                                Range (an ISO netboot would fetch whole)
    anything else               404

dns: a forging DNS responder on A:53/udp: each query gets a reply with a
wrong id, then one with a wrong question name (both answering 192.0.2.66),
then the right answer: an A record for NAME=ADDR names, NXDOMAIN for the
rest.

Every request, reply and event is one line in LOG (flushed at once):
    REQ <conn> <METHOD> <path> range=<Range value or ->
    RESP <conn> <status> <what>
    EVENT <conn> <text>
the run.sh assertions read those.  The servers run until killed (TERM).
Test tool only: not part of the product.
"""

import argparse
import os
import socket
import socketserver
import struct
import sys
import threading
import time

HUGE = 1000 * (1 << 40)  # 1000 TiB
LOCK = threading.Lock()
LOGF = None


def log(line):
    with LOCK:
        LOGF.write(line + "\n")
        LOGF.flush()


# ---- HTTP ---------------------------------------------------------------

class State:
    image = None
    iso = None
    size = 0
    dropped = False
    conn_seq = 0


def read_head(rfile):
    """Request line and headers (dict, lower-case names), or None at EOF."""
    line = rfile.readline(8192)
    if not line:
        return None
    while line in (b"\r\n", b"\n"):
        line = rfile.readline(8192)
        if not line:
            return None
    parts = line.decode("latin-1").split()
    if len(parts) < 2:
        return None
    headers = {}
    for _ in range(200):
        h = rfile.readline(8192)
        if not h or h in (b"\r\n", b"\n"):
            break
        name, _, value = h.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    return parts[0], parts[1], headers


def parse_range(value, size):
    """'bytes=N-' or 'bytes=N-M' -> (start, end_inclusive), or None."""
    if not value or not value.startswith("bytes="):
        return None
    spec = value[6:].split(",")[0].strip()
    first, _, last = spec.partition("-")
    try:
        start = int(first)
        end = int(last) if last else size - 1
    except ValueError:
        return None
    if start >= size or end < start:
        return None
    return start, min(end, size - 1)


class Handler(socketserver.BaseRequestHandler):
    def setup(self):
        with LOCK:
            State.conn_seq += 1
            self.cid = State.conn_seq
        self.rfile = self.request.makefile("rb")
        self.closed = False

    def send(self, data):
        self.request.sendall(data)

    def head(self, status, reason, fields):
        text = "HTTP/1.1 %d %s\r\n" % (status, reason)
        for k, v in fields:
            text += "%s: %s\r\n" % (k, v)
        self.send((text + "\r\n").encode("latin-1"))

    def finish_close(self):
        """Close our side and wait (5 s at most) for the client's close,
        so that nothing unread makes the kernel send a reset."""
        try:
            self.request.shutdown(socket.SHUT_WR)
            self.request.settimeout(5)
            while self.request.recv(65536):
                pass
        except OSError:
            pass
        self.closed = True

    def handle(self):
        log("EVENT %d connected from %s" % (self.cid, self.client_address[0]))
        try:
            while not self.closed:
                req = read_head(self.rfile)
                if req is None:
                    break
                method, path, headers = req
                log("REQ %d %s %s range=%s" % (self.cid, method, path,
                                               headers.get("range", "-")))
                self.dispatch(method, path, headers)
                if headers.get("connection", "").lower() == "close":
                    break
        except (OSError, ValueError) as e:
            log("EVENT %d error %s" % (self.cid, e))
        log("EVENT %d closed" % self.cid)

    def dispatch(self, method, path, headers):
        host = headers.get("host", "192.0.2.2")
        kind = path.strip("/").split("/")[0]
        if path in ("/a", "/b"):
            to = "/b" if path == "/a" else "/a"
            self.head(302, "Found", [("Location", "http://%s%s" % (host, to)),
                                     ("Content-Length", "0")])
            log("RESP %d 302 -> %s" % (self.cid, to))
        elif kind == "drop":
            self.serve_image(method, headers, drop=True)
        elif kind == "trickle":
            self.trickle(method)
        elif kind == "huge":
            self.huge(method, headers)
        elif kind == "hugeiso":
            self.huge(method, {})
        elif kind in ("chunk-nonhex", "chunk-long"):
            self.bad_chunks(method, kind)
        elif kind == "flood":
            self.flood()
        elif kind == "noranges" and path.endswith(".squashfs"):
            self.whole(method, State.image)
        elif kind == "noranges" and State.iso:
            self.whole(method, State.iso)
        else:
            self.not_found()

    def not_found(self):
        body = b"not here\n"
        self.head(404, "Not Found", [("Content-Type", "text/plain"),
                                     ("Content-Length", str(len(body)))])
        self.send(body)
        log("RESP %d 404" % self.cid)

    def serve_image(self, method, headers, drop):
        size = State.size
        rng = parse_range(headers.get("range"), size)
        if rng:
            start, end = rng
            self.head(206, "Partial Content", [
                ("Content-Length", str(end - start + 1)),
                ("Content-Range", "bytes %d-%d/%d" % (start, end, size)),
                ("Accept-Ranges", "bytes")])
            status = 206
        else:
            start, end = 0, size - 1
            self.head(200, "OK", [("Content-Length", str(size)),
                                  ("Accept-Ranges", "bytes")])
            status = 200
        log("RESP %d %d bytes %d-%d/%d" % (self.cid, status, start, end, size))
        if method == "HEAD":
            return
        cut = size * 30 // 100
        stop = end + 1
        if drop and not State.dropped and start < cut < stop:
            State.dropped = True
            stop = cut
        with open(State.image, "rb") as f:
            f.seek(start)
            pos = start
            while pos < stop:
                buf = f.read(min(65536, stop - pos))
                self.send(buf)
                pos += len(buf)
        if stop != end + 1:
            log("EVENT %d dropped at %d" % (self.cid, stop))
            self.finish_close()

    def whole(self, method, path):
        """A server without ranges: 200 and the whole file, whatever the
        Range header asks, no Accept-Ranges."""
        size = os.path.getsize(path)
        self.head(200, "OK", [("Content-Length", str(size))])
        log("RESP %d 200 whole %d (ranges ignored)" % (self.cid, size))
        if method == "HEAD":
            return
        with open(path, "rb") as f:
            while True:
                buf = f.read(65536)
                if not buf:
                    break
                self.send(buf)

    def trickle(self, method):
        self.head(200, "OK", [("Content-Length", str(State.size)),
                              ("Accept-Ranges", "bytes")])
        log("RESP %d 200 trickle" % self.cid)
        if method == "HEAD":
            return
        sent = 0
        with open(State.image, "rb") as f:
            while sent < State.size:
                try:
                    self.send(f.read(1))
                except OSError:
                    break
                sent += 1
                time.sleep(1)
        log("EVENT %d trickle sent %d bytes" % (self.cid, sent))
        self.closed = True

    def huge(self, method, headers):
        rng = parse_range(headers.get("range"), HUGE)
        if rng and method == "GET" and rng[1] - rng[0] < (1 << 20):
            # a few bytes asked for (netboot-diag): the image's, then zeros
            start, end = rng
            with open(State.image, "rb") as f:
                f.seek(min(start, State.size))
                data = f.read(max(0, min(end + 1, State.size) - start))
            data += b"\0" * (end - start + 1 - len(data))
            self.head(206, "Partial Content", [
                ("Content-Length", str(len(data))),
                ("Content-Range", "bytes %d-%d/%d" % (start, end, HUGE)),
                ("Accept-Ranges", "bytes")])
            self.send(data)
            log("RESP %d 206 huge bytes %d-%d" % (self.cid, start, end))
            return
        self.head(200, "OK", [("Content-Length", str(HUGE)),
                              ("Accept-Ranges", "bytes")])
        log("RESP %d 200 huge" % self.cid)
        if method == "HEAD":
            return
        self.request.settimeout(5)
        try:
            data = self.request.recv(65536)
        except socket.timeout:
            data = None
        except OSError:
            data = b""
        if data == b"":
            log("EVENT %d huge: client closed before any body byte" % self.cid)
            self.closed = True
            return
        log("EVENT %d huge: client still there after 5 s: sending body" % self.cid)
        self.request.settimeout(None)
        sent = 0
        try:
            while sent < (1 << 30):
                self.send(b"\0" * 65536)
                sent += 65536
        except OSError:
            pass
        log("EVENT %d huge: body bytes sent %d" % (self.cid, sent))
        self.closed = True

    def bad_chunks(self, method, kind):
        self.head(200, "OK", [("Transfer-Encoding", "chunked")])
        log("RESP %d 200 %s" % (self.cid, kind))
        if method == "HEAD":
            return
        with open(State.image, "rb") as f:
            good = f.read(4096)
        bad = b"zz\r\n" if kind == "chunk-nonhex" else b"1" + b"0" * 19 + b"\r\n"
        self.send(b"1000\r\n" + good + b"\r\n" + bad + b"\0" * 4096)
        log("EVENT %d sent bad chunk-size line %r" % (self.cid, bad))
        self.finish_close()

    def flood(self):
        self.send(b"HTTP/1.1 200 OK\r\n")
        log("RESP %d 200 flood" % self.cid)
        n = 0
        t0 = time.monotonic()
        try:
            while time.monotonic() - t0 < 60:
                self.send(b"".join(b"X-Flood-%d: %s\r\n" % (n + i, b"a" * 40)
                                   for i in range(64)))
                n += 64
        except OSError:
            pass
        log("EVENT %d flood: %d header lines sent" % (self.cid, n))
        self.closed = True


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


def run_http(args):
    State.iso = args.iso
    State.image = args.image
    State.size = os.path.getsize(args.image)
    srv = Server((args.addr, args.port), Handler)
    log("EVENT 0 listening on %s:%d, image %d bytes" % (args.addr, args.port, State.size))
    open(args.ready, "w").close()
    srv.serve_forever()


# ---- DNS ----------------------------------------------------------------

def qname_of(pkt):
    """(name as text, offset past the question) of a query, or None."""
    pos, labels = 12, []
    while pos < len(pkt):
        n = pkt[pos]
        if n == 0:
            return ".".join(labels), pos + 1 + 4
        if n > 63 or pos + 1 + n > len(pkt):
            return None
        labels.append(pkt[pos + 1:pos + 1 + n].decode("latin-1"))
        pos += 1 + n
    return None


def encode_name(name):
    out = b""
    for label in name.rstrip(".").split("."):
        out += bytes([len(label)]) + label.encode("latin-1")
    return out + b"\0"


def reply(qid, name, qtype, rcode, addr):
    flags = 0x8180 | rcode  # QR, RD, RA
    an = 1 if addr else 0
    pkt = struct.pack(">HHHHHH", qid, flags, 1, an, 0, 0)
    pkt += encode_name(name) + struct.pack(">HH", qtype, 1)
    if addr:
        pkt += b"\xc0\x0c" + struct.pack(">HHIH", 1, 1, 60, 4) + socket.inet_aton(addr)
    return pkt


def run_dns(args):
    answers = {}
    for a in args.answer:
        name, _, addr = a.partition("=")
        answers[name.lower().rstrip(".")] = addr
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((args.addr, 53))
    log("EVENT 0 dns listening on %s:53" % args.addr)
    open(args.ready, "w").close()
    while True:
        pkt, peer = s.recvfrom(4096)
        if len(pkt) < 12:
            continue
        qid = struct.unpack(">H", pkt[:2])[0]
        q = qname_of(pkt)
        if q is None:
            log("EVENT 0 dns: unparsable query from %s" % peer[0])
            continue
        name, end = q
        qtype = struct.unpack(">H", pkt[end - 4:end - 2])[0] if end <= len(pkt) else 1
        log("REQ 0 DNS %s type=%d id=%d" % (name, qtype, qid))
        s.sendto(reply(qid ^ 0x5a5a, name, qtype, 0, "192.0.2.66"), peer)
        log("RESP 0 forged: wrong id %d" % (qid ^ 0x5a5a))
        time.sleep(0.05)
        s.sendto(reply(qid, "forged." + name, qtype, 0, "192.0.2.66"), peer)
        log("RESP 0 forged: wrong question forged.%s" % name)
        time.sleep(0.05)
        addr = answers.get(name.lower().rstrip("."))
        if addr and qtype == 1:
            s.sendto(reply(qid, name, qtype, 0, addr), peer)
            log("RESP 0 answer %s A %s" % (name, addr))
        else:
            s.sendto(reply(qid, name, qtype, 3, None), peer)
            log("RESP 0 answer %s NXDOMAIN" % name)


def main():
    global LOGF
    p = argparse.ArgumentParser()
    p.add_argument("mode", choices=("http", "dns"))
    p.add_argument("--addr", required=True)
    p.add_argument("--port", type=int, default=8081)
    p.add_argument("--image")
    p.add_argument("--iso", help="served by /noranges/..., ranges ignored")
    p.add_argument("--log", required=True)
    p.add_argument("--ready", required=True)
    p.add_argument("--answer", action="append", default=[])
    args = p.parse_args()
    LOGF = open(args.log, "a")
    if args.mode == "http":
        run_http(args)
    else:
        run_dns(args)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(0)

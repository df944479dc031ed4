/*
 * tests/net/hostile.c - a scripted hostile DHCP server for the net tiers
 * (tests/net/hostile.sh, faults.sh, load.sh).  Host gcc, built by make as
 * build/host/tools/nbt-hostile.
 *
 *   nbt-hostile -i IFACE -m MODE [-s SERVER_IP] [-a YIADDR] [-d DELAY_MS]
 *               [-D DELAY_MS] [-S STRING] [-o CODES] [-n BURST] [-r SEED]
 *
 * One AF_PACKET socket on IFACE (run it inside the server namespace, on
 * the veth peer or the bridge).  Every DISCOVER / REQUEST seen is answered
 * with replies crafted by MODE, sent to the Ethernet and IP broadcast
 * addresses from SERVER_IP (default 10.111.1.1), offering YIADDR (default
 * SERVER_IP's /24 .200).  Each frame seen or sent is one line on stdout,
 * "SEC.USEC rx|tx TYPE xid=X chaddr=M [note]", wall clock (CLOCK_REALTIME)
 * so a shell can line it up with its own timestamps.  Runs until killed.
 *
 * Modes (what each reply gets wrong; "ok" = a well-formed reply):
 *   good       ok OFFER / ACK (the positive control)
 *   xid        every reply carries another xid
 *   chaddr     every reply carries another chaddr
 *   ipcsum     bad IPv4 header checksum
 *   udpcsum    bad UDP checksum (never 0, which would mean "none")
 *   udplen     UDP length 100 bytes past the IP payload
 *   iplen      IPv4 total length 100 bytes past the frame
 *   trunc      the frame ends 100 bytes into the BOOTP header
 *   overrun    an option whose length runs past the end of the frame
 *   noend      no END option, nothing after the last option
 *   sizes      fixed-size options with the wrong sizes (1: 3 bytes, 51: 2,
 *              3: 5, 6: 7, 28: 3, 26: 1, 58: 8, 80 in the ACK: 1 byte)
 *   badtype    option 53 of length 0, twice (linearised: 2 bytes)
 *   overload   52=3, file and sname carrying 52 again (pointing back at
 *              each other) and hostile strings
 *   ovl-noend  52=1 and a file field whose option runs past its 128 bytes
 *   ovl-bad    52 with value 7
 *   strings    -S STRING in every string option (12 15 17 40 56 66 67,
 *              119 as one label) and in sname / file; longer than 255:
 *              split over several instances (RFC 3396 concatenation)
 *              (-o CODES: only in these options, comma-separated)
 *   bootp      -S STRING in sname / file only
 *   dnsloop    119 with a self pointer, a forward pointer and a 2-cycle
 *   badaddr    OFFERs for 0.0.0.0, 127.0.0.1, 224.0.0.1, 255.255.255.255
 *   values     odd but well-formed values: mask /32, MTU 68, lease 0,
 *              router = yiaddr, broadcast 0.0.0.0
 *   badmask    ok but for a non-contiguous netmask (1: 255.0.255.0)
 *   nak        ok OFFER; every REQUEST answered by BURST (50) NAKs
 *   nakspoof   no OFFER: BURST NAKs to every DISCOVER; every REQUEST (to
 *              any server) answered by BURST NAKs carrying the REQUEST's
 *              own server id, and BURST without
 *   otheraddr  ok OFFER for YIADDR, ACK for YIADDR + 1
 *   fuzz       BURST (40) random mutations of an ok reply per request,
 *              checksums made valid after the mutation (-r SEED)
 *   flood      ok-looking junk to port 68, 2000 frames/s, with the last
 *              seen xid and chaddr
 *   giant      a 4000-byte reply (needs MTU > 4000 on both veth ends)
 *   sniff      never sends: logs what it sees (the load tier's clock)
 *   junk       a flood like flood's (2000 frames/s) that can never give a
 *              lease: in turn an OFFER for another xid, one with a bad
 *              UDP checksum and one with a bad IP header checksum
 * -d DELAY_MS delays every reply (any mode) by that long; -D DELAY_MS
 * delays the OFFERs only (each from its own DISCOVER; no queueing).
 *
 * Test code: a client under test must survive it.  Not hardened itself
 * beyond bounds on what it reads.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define FRAME_MAX 9000
#define QUEUE_MAX 4096

enum mode {
	M_GOOD, M_XID, M_CHADDR, M_IPCSUM, M_UDPCSUM, M_UDPLEN, M_IPLEN,
	M_TRUNC, M_OVERRUN, M_NOEND, M_SIZES, M_BADTYPE, M_OVERLOAD,
	M_OVL_NOEND, M_OVL_BAD, M_STRINGS, M_BOOTP, M_DNSLOOP, M_BADADDR,
	M_VALUES, M_BADMASK, M_NAK, M_NAKSPOOF, M_OTHERADDR, M_FUZZ, M_FLOOD, M_GIANT,
	M_SNIFF, M_JUNK,
};

static const char *const mode_names[] = {
	"good", "xid", "chaddr", "ipcsum", "udpcsum", "udplen", "iplen",
	"trunc", "overrun", "noend", "sizes", "badtype", "overload",
	"ovl-noend", "ovl-bad", "strings", "bootp", "dnsloop", "badaddr",
	"values", "badmask", "nak", "nakspoof", "otheraddr", "fuzz", "flood", "giant",
	"sniff", "junk",
};

static const char *const type_names[] = {
	"none", "DISCOVER", "OFFER", "REQUEST", "DECLINE", "ACK", "NAK",
	"RELEASE", "INFORM",
};

static enum mode mode;
static int sock = -1, ifindex;
static uint32_t server_ip, yiaddr;
static long delay_ms, offer_delay_ms = -1;
static const char *str = "hostile";
static int burst = -1;
/* the options -S goes into (-o) */
static uint8_t str_codes[16] = { 12, 15, 17, 40, 56, 66, 67, 119 };
static uint64_t rng = 0x9e3779b97f4a7c15ull;
static volatile sig_atomic_t stop;

/* ---- small helpers ------------------------------------------------------ */

static uint32_t rnd32(void)
{
	/* xorshift64* */
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (uint32_t)((rng * 0x2545f4914f6cdd1dull) >> 32);
}

static uint64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint32_t csum_add(uint32_t sum, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	if (n & 1)
		sum += (uint32_t)p[n - 1] << 8;
	return sum;
}

static uint16_t csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static void logline(const char *dir, int type, uint32_t xid, const uint8_t *mac,
		    const char *note)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	printf("%ld.%06ld %s %s xid=%08x chaddr=%02x:%02x:%02x:%02x:%02x:%02x%s%s\n",
	       (long)ts.tv_sec, ts.tv_nsec / 1000, dir,
	       type >= 0 && type <= 8 ? type_names[type] : "other", xid,
	       mac[0], mac[1], mac[2], mac[3], mac[4], mac[5],
	       note ? " " : "", note ? note : "");
	fflush(stdout);
}

/* ---- a reply under construction ----------------------------------------- */

struct reply {
	uint8_t bootp[236];       /* header incl. sname (44..107), file (108..235) */
	uint8_t opt[FRAME_MAX];   /* after the cookie */
	size_t olen;
	int no_end;               /* do not append END */
	int no_pad;               /* do not pad to 300 bytes */
	int type;
};

static void opt_raw(struct reply *r, const void *v, size_t n)
{
	if (r->olen + n > sizeof(r->opt))
		return;
	memcpy(r->opt + r->olen, v, n);
	r->olen += n;
}

static void opt(struct reply *r, uint8_t code, const void *v, size_t n)
{
	uint8_t h[2] = { code, (uint8_t)n };

	opt_raw(r, h, 2);
	opt_raw(r, v, n);
}

static void opt32(struct reply *r, uint8_t code, uint32_t v)
{
	uint8_t b[4];

	put32(b, v);
	opt(r, code, b, 4);
}

/* A string option; longer than 255: several instances (RFC 3396). */
static void opt_str(struct reply *r, uint8_t code, const char *s)
{
	size_t n = strlen(s), k;

	do {
		k = n > 255 ? 255 : n;
		opt(r, code, s, k);
		s += k;
		n -= k;
	} while (n);
}

/* 119 holding s as labels of at most 63 bytes (no validation). */
static void opt_search(struct reply *r, const char *s)
{
	uint8_t v[255];
	size_t n = strlen(s), pos = 0, k;

	while (n && pos + 65 < sizeof(v)) {
		k = n > 63 ? 63 : n;
		v[pos++] = (uint8_t)k;
		memcpy(v + pos, s, k);
		pos += k;
		s += k;
		n -= k;
	}
	v[pos++] = 0;
	opt(r, 119, v, pos);
}

static void base(struct reply *r, int type, uint32_t xid, const uint8_t *chaddr,
		 uint32_t addr)
{
	uint8_t t = (uint8_t)type;

	memset(r, 0, sizeof(*r));
	r->type = type;
	r->bootp[0] = 2;
	r->bootp[1] = 1;
	r->bootp[2] = 6;
	put32(r->bootp + 4, xid);
	put16(r->bootp + 10, 0x8000);
	if (type != 6)
		put32(r->bootp + 16, addr);
	put32(r->bootp + 20, server_ip);
	memcpy(r->bootp + 28, chaddr, 6);
	opt(r, 53, &t, 1);
}

/* The well-formed reply every mode starts from. */
static void good(struct reply *r, int type, uint32_t xid, const uint8_t *chaddr,
		 uint32_t addr)
{
	uint32_t mask = 0xffffff00u;
	char rp[64];

	base(r, type, xid, chaddr, addr);
	opt32(r, 54, server_ip);
	if (type == 6) {
		opt_str(r, 56, "hostile says no");
		return;
	}
	opt32(r, 51, 600);
	opt32(r, 1, mask);
	opt32(r, 3, server_ip);
	opt32(r, 6, server_ip);
	opt32(r, 28, (server_ip & mask) | ~mask);
	opt_str(r, 12, "nbt-hostile");
	snprintf(rp, sizeof(rp), "%u.%u.%u.%u:/srv/hostile", server_ip >> 24,
		 server_ip >> 16 & 255, server_ip >> 8 & 255, server_ip & 255);
	opt_str(r, 17, rp);
	memcpy(r->bootp + 108, "pxelinux.0", 10);
}

/* ---- frames ------------------------------------------------------------- */

struct frame {
	uint8_t b[FRAME_MAX];
	size_t len;
	uint64_t due;
	int type;
	uint32_t xid;
	uint8_t mac[6];
	const char *note;
};

static struct frame queue[QUEUE_MAX];
static size_t qn;

/* Wrap r in BOOTP + cookie + options, UDP and IPv4 (valid checksums). */
static size_t frame_build(const struct reply *r, uint8_t *f)
{
	uint8_t *udp = f + 20, *p = f + 28;
	size_t dlen = 236 + 4 + r->olen, ulen, total;
	uint32_t sum;

	memcpy(p, r->bootp, 236);
	put32(p + 236, 0x63825363u);
	memcpy(p + 240, r->opt, r->olen);
	if (!r->no_end)
		p[dlen++] = 255;
	if (!r->no_pad && dlen < 300) {
		memset(p + dlen, 0, 300 - dlen);
		dlen = 300;
	}
	ulen = 8 + dlen;
	total = 20 + ulen;
	memset(f, 0, 28);
	f[0] = 0x45;
	put16(f + 2, (uint16_t)total);
	f[8] = 64;
	f[9] = 17;
	put32(f + 12, server_ip);
	put32(f + 16, 0xffffffffu);
	put16(f + 10, csum_fold(csum_add(0, f, 20)));
	put16(udp, 67);
	put16(udp + 2, 68);
	put16(udp + 4, (uint16_t)ulen);
	sum = (server_ip >> 16) + (server_ip & 0xffff) + 0xffff + 0xffff + 17 + (uint32_t)ulen;
	sum = csum_fold(csum_add(sum, udp, ulen));
	put16(udp + 6, (uint16_t)(sum ? sum : 0xffff));
	return total;
}

/* Recompute both checksums of f[0..len) as it now stands. */
static void frame_fix(uint8_t *f, size_t len)
{
	size_t ihl = (size_t)(f[0] & 15) * 4, ulen;
	uint32_t sum;

	if (len < 20 || ihl < 20 || ihl + 8 > len)
		return;
	f[10] = f[11] = 0;
	put16(f + 10, csum_fold(csum_add(0, f, ihl)));
	ulen = (size_t)(f[ihl + 4] << 8 | f[ihl + 5]);
	if (ulen < 8 || ihl + ulen > len)
		return;
	f[ihl + 6] = f[ihl + 7] = 0;
	sum = (get32(f + 12) >> 16) + (get32(f + 12) & 0xffff) +
	      (get32(f + 16) >> 16) + (get32(f + 16) & 0xffff) + 17 + (uint32_t)ulen;
	sum = csum_fold(csum_add(sum, f + ihl, ulen));
	put16(f + ihl + 6, (uint16_t)(sum ? sum : 0xffff));
}

static void enqueue(const uint8_t *f, size_t len, int type, uint32_t xid,
		    const uint8_t *mac, const char *note)
{
	struct frame *q;

	if (qn >= QUEUE_MAX || len > FRAME_MAX)
		return;
	q = &queue[qn++];
	memcpy(q->b, f, len);
	q->len = len;
	q->due = mono_ms() + (uint64_t)(type == 2 && offer_delay_ms >= 0 ? offer_delay_ms : delay_ms);
	q->type = type;
	q->xid = xid;
	memcpy(q->mac, mac, 6);
	q->note = note;
}

static void send_now(const struct frame *q)
{
	struct sockaddr_ll sll;

	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_IP);
	sll.sll_ifindex = ifindex;
	sll.sll_halen = 6;
	memset(sll.sll_addr, 0xff, 6);
	if (sendto(sock, q->b, q->len, 0, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
		if (errno != ENOBUFS && errno != EAGAIN)
			logline("txerr", q->type, q->xid, q->mac, strerror(errno));
		return;
	}
	if (mode != M_FLOOD && mode != M_JUNK)
		logline("tx", q->type, q->xid, q->mac, q->note);
}

static void flush_due(void)
{
	uint64_t now = mono_ms();
	size_t i = 0;

	while (i < qn) {
		if (queue[i].due <= now) {
			send_now(&queue[i]);
			memmove(&queue[i], &queue[i + 1], (qn - i - 1) * sizeof(queue[0]));
			qn--;
		} else {
			i++;
		}
	}
}

/* Build r into a frame, apply the frame-level mutation of the mode, queue. */
static void emit(const struct reply *r, const char *note)
{
	static uint8_t f[FRAME_MAX];
	size_t len = frame_build(r, f);
	uint32_t xid = get32(r->bootp + 4);

	switch (mode) {
	case M_IPCSUM:
		f[10] ^= 0x12;
		f[11] ^= 0x34;
		break;
	case M_UDPCSUM: {
		uint16_t s = (uint16_t)(f[26] << 8 | f[27]) ^ 0x1234;

		put16(f + 26, s ? s : 0x4321);
		break;
	}
	case M_UDPLEN:
		put16(f + 24, (uint16_t)(len - 20 + 100));
		break;
	case M_IPLEN:
		put16(f + 2, (uint16_t)(len + 100));
		f[10] = f[11] = 0;
		put16(f + 10, csum_fold(csum_add(0, f, 20)));
		break;
	case M_TRUNC:
		len = 28 + 100;
		put16(f + 2, (uint16_t)len);
		put16(f + 24, (uint16_t)(len - 20));
		frame_fix(f, len);
		break;
	default:
		break;
	}
	enqueue(f, len, r->type, xid, r->bootp + 28, note);
}

/* ---- modes -------------------------------------------------------------- */

static void strings_into(struct reply *r, const char *s, int options)
{
	size_t n = strlen(s), i;

	for (i = 0; options && i < sizeof(str_codes) && str_codes[i]; i++) {
		if (str_codes[i] == 119)
			opt_search(r, s);
		else
			opt_str(r, str_codes[i], s);
	}
	/* BOOTP fields: NUL-terminated only when it fits. */
	memset(r->bootp + 44, 0, 64 + 128);
	memcpy(r->bootp + 44, s, n > 64 ? 64 : n);
	memcpy(r->bootp + 108, s, n > 128 ? 128 : n);
}

/* A good reply with the string options replaced by -S. */
static void strings_reply(struct reply *r, int type, uint32_t xid,
			  const uint8_t *chaddr, int options)
{
	base(r, type, xid, chaddr, yiaddr);
	opt32(r, 54, server_ip);
	opt32(r, 51, 600);
	opt32(r, 1, 0xffffff00u);
	opt32(r, 3, server_ip);
	strings_into(r, str, options);
}

static void mutate(uint8_t *f, size_t *len)
{
	int k, n = 1 + (int)(rnd32() % 8);
	size_t pos;

	for (k = 0; k < n; k++) {
		switch (rnd32() % 6) {
		case 0: /* flip a bit in the DHCP part */
			if (*len <= 28 + 240)
				break;
			pos = 28 + rnd32() % (*len - 28);
			f[pos] ^= (uint8_t)(1u << (rnd32() % 8));
			break;
		case 1: /* a random byte in the options */
			if (*len <= 28 + 240)
				break; /* cut to the cookie by case 3 */
			pos = 28 + 240 + rnd32() % (*len - 28 - 240);
			f[pos] = (uint8_t)rnd32();
			break;
		case 2: /* an option length byte made large */
			pos = 28 + 240 + 1 + rnd32() % 24;
			f[pos] = (uint8_t)(200 + rnd32() % 56);
			break;
		case 3: /* cut the frame, lengths kept consistent */
			*len = 28 + 240 + rnd32() % (*len - 28 - 240 + 1);
			put16(f + 2, (uint16_t)*len);
			put16(f + 24, (uint16_t)(*len - 20));
			break;
		case 4: /* a header byte (IP / UDP) */
			pos = rnd32() % 28;
			if (pos != 9 && pos != 22 && pos != 23) /* keep UDP:68 */
				f[pos] = (uint8_t)rnd32();
			break;
		default: /* 52 overload in front */
			if (*len + 3 <= FRAME_MAX) {
				memmove(f + 28 + 240 + 3, f + 28 + 240, *len - 28 - 240);
				f[28 + 240] = 52;
				f[28 + 240 + 1] = 1;
				f[28 + 240 + 2] = (uint8_t)(1 + rnd32() % 3);
				*len += 3;
				put16(f + 2, (uint16_t)*len);
				put16(f + 24, (uint16_t)(*len - 20));
			}
			break;
		}
	}
	frame_fix(f, *len);
}

static void fuzz_burst(int type, uint32_t xid, const uint8_t *chaddr)
{
	static uint8_t f[FRAME_MAX];
	struct reply r;
	int i, n = burst < 0 ? 40 : burst;

	for (i = 0; i < n; i++) {
		size_t len;

		good(&r, type, xid, chaddr, yiaddr + (rnd32() % 4));
		strings_into(&r, i & 1 ? str : "fuzz", 1);
		len = frame_build(&r, f);
		mutate(f, &len);
		enqueue(f, len, type, xid, chaddr, "fuzz");
	}
}

static void handle(int type, uint32_t xid, const uint8_t *chaddr,
		   uint32_t req_ip, uint32_t req_sid)
{
	static uint8_t xmac[6];
	struct reply r;
	int rt, i, n;

	if (type != 1 && type != 3)
		return;
	/* A REQUEST for another server: only the spoofers answer it. */
	if (type == 3 && req_sid && req_sid != server_ip && mode != M_NAKSPOOF &&
	    mode != M_FUZZ)
		return;
	rt = type == 1 ? 2 : 5;
	switch (mode) {
	case M_SNIFF:
	case M_FLOOD:
	case M_JUNK:
		return;
	case M_GOOD:
	case M_IPCSUM:
	case M_UDPCSUM:
	case M_UDPLEN:
	case M_IPLEN:
	case M_TRUNC:
		good(&r, rt, xid, chaddr, yiaddr);
		emit(&r, mode_names[mode]);
		return;
	case M_XID:
		good(&r, rt, xid ^ 0x5a5a5a5au, chaddr, yiaddr);
		emit(&r, "foreign xid");
		return;
	case M_CHADDR:
		memcpy(xmac, chaddr, 6);
		xmac[5] ^= 0xff;
		xmac[4] ^= 0x11;
		good(&r, rt, xid, xmac, yiaddr);
		emit(&r, "foreign chaddr");
		return;
	case M_OVERRUN:
		good(&r, rt, xid, chaddr, yiaddr);
		r.opt[r.olen++] = 12;
		r.opt[r.olen++] = 200;
		opt_raw(&r, "overrun-overrun-", 16);
		r.no_end = r.no_pad = 1;
		emit(&r, "option past the end");
		return;
	case M_NOEND:
		good(&r, rt, xid, chaddr, yiaddr);
		r.no_end = r.no_pad = 1;
		emit(&r, "no END");
		return;
	case M_SIZES: {
		static const uint8_t z[8];

		base(&r, rt, xid, chaddr, yiaddr);
		opt32(&r, 54, server_ip);
		opt(&r, 1, "\xff\xff\xff", 3);
		opt(&r, 51, "\x02\x58", 2);
		opt(&r, 3, "\x0a\x6f\x01\x01\x01", 5);
		opt(&r, 6, "\x0a\x6f\x01\x01\x01\x01\x01", 7);
		opt(&r, 28, "\x0a\x6f\x01", 3);
		opt(&r, 26, "\x05", 1);
		opt(&r, 58, z, 8);
		opt(&r, 12, "", 0);
		if (rt == 5)
			opt(&r, 80, "\x01", 1);
		emit(&r, "wrong sizes");
		return;
	}
	case M_BADTYPE:
		/* the good reply minus its 53, then 53 twice with length 0 */
		good(&r, rt, xid, chaddr, yiaddr);
		memmove(r.opt, r.opt + 3, r.olen - 3);
		r.olen -= 3;
		opt(&r, 53, NULL, 0);
		opt(&r, 53, NULL, 0);
		emit(&r, "53 of length 0");
		return;
	case M_OVERLOAD: {
		uint8_t *file = r.bootp + 108, *sname = r.bootp + 44;
		size_t k = 0, s = strlen(str) > 100 ? 100 : strlen(str);

		good(&r, rt, xid, chaddr, yiaddr);
		opt(&r, 52, "\x03", 1);
		memset(file, 0, 128);
		memset(sname, 0, 64);
		/* file: 52 -> sname, a hostile 12, END */
		file[k++] = 52; file[k++] = 1; file[k++] = 2;
		file[k++] = 15; file[k++] = (uint8_t)s;
		memcpy(file + k, str, s);
		k += s;
		file[k] = 255;
		/* sname: 52 -> file, 67 with a hostile name, END */
		k = 0;
		sname[k++] = 52; sname[k++] = 1; sname[k++] = 1;
		s = s > 50 ? 50 : s;
		sname[k++] = 67; sname[k++] = (uint8_t)s;
		memcpy(sname + k, str, s);
		k += s;
		sname[k] = 255;
		emit(&r, "52 loop");
		return;
	}
	case M_OVL_NOEND:
		good(&r, rt, xid, chaddr, yiaddr);
		opt(&r, 52, "\x01", 1);
		memset(r.bootp + 108, 'A', 128);
		r.bootp[108] = 17;
		r.bootp[109] = 250;
		emit(&r, "overloaded file runs past 128");
		return;
	case M_OVL_BAD:
		good(&r, rt, xid, chaddr, yiaddr);
		opt(&r, 52, "\x07", 1);
		emit(&r, "52=7");
		return;
	case M_STRINGS:
	case M_BOOTP:
		strings_reply(&r, rt, xid, chaddr, mode == M_STRINGS);
		emit(&r, "hostile strings");
		return;
	case M_DNSLOOP: {
		/* "a" then ptr->0 ... : self pointer at 2, fwd pointer, 2-cycle */
		static const uint8_t v[] = {
			1, 'a', 0xc0, 2,         /* a -> pointer to itself */
			1, 'b', 0xc0, 12,        /* b -> forward pointer */
			1, 'c', 0xc0, 14,        /* c -> 14 */
			0xc0, 10,                /* 14: back to 10 (cycle) */
		};

		good(&r, rt, xid, chaddr, yiaddr);
		opt(&r, 119, v, sizeof(v));
		emit(&r, "119 loops");
		return;
	}
	case M_BADADDR: {
		static const uint32_t bad[] = { 0, 0x7f000001u, 0xe0000001u, 0xffffffffu };

		for (i = 0; i < 4; i++) {
			good(&r, rt, xid, chaddr, bad[i]);
			emit(&r, "unusable yiaddr");
		}
		return;
	}
	case M_VALUES:
		base(&r, rt, xid, chaddr, yiaddr);
		opt32(&r, 54, server_ip);
		opt32(&r, 51, 0);
		opt32(&r, 58, 500);
		opt32(&r, 59, 100);
		opt32(&r, 1, 0xffffffffu);
		opt32(&r, 3, yiaddr);
		opt32(&r, 28, 0);
		opt(&r, 26, "\x00\x44", 2);
		emit(&r, "odd values");
		return;
	case M_BADMASK:
		good(&r, rt, xid, chaddr, yiaddr);
		memcpy(r.opt + 3 + 6 + 6 + 2, "\xff\x00\xff\x00", 4);
		emit(&r, "mask 255.0.255.0");
		return;
	case M_NAK:
		if (type == 1) {
			good(&r, rt, xid, chaddr, yiaddr);
			emit(&r, "offer before the NAKs");
			return;
		}
		n = burst < 0 ? 50 : burst;
		for (i = 0; i < n; i++) {
			good(&r, 6, xid, chaddr, 0);
			emit(&r, "NAK storm");
		}
		return;
	case M_NAKSPOOF:
		n = burst < 0 ? 50 : burst;
		if (type == 1) {
			/* a NAK is never an answer to a DISCOVER */
			for (i = 0; i < n; i++) {
				good(&r, 6, xid, chaddr, 0);
				emit(&r, "NAK to a DISCOVER");
			}
			return;
		}
		for (i = 0; i < 2 * n; i++) {
			base(&r, 6, xid, chaddr, 0);
			if (i < n && req_sid)
				opt32(&r, 54, req_sid);
			opt_str(&r, 56, str);
			emit(&r, i < n ? "spoofed NAK" : "NAK without 54");
		}
		return;
	case M_OTHERADDR:
		good(&r, rt, xid, chaddr, type == 1 ? yiaddr : yiaddr + 1);
		emit(&r, type == 1 ? "offer" : "ACK for another address");
		return;
	case M_FUZZ:
		fuzz_burst(rt, xid, chaddr);
		return;
	case M_GIANT:
		good(&r, rt, xid, chaddr, yiaddr);
		for (i = 0; i < 14; i++)
			opt_str(&r, 12, "giantgiantgiantgiantgiantgiantgiantgiantgiantgiant"
					"giantgiantgiantgiantgiantgiantgiantgiantgiantgiant"
					"giantgiantgiantgiantgiantgiantgiantgiantgiantgiant"
					"giantgiantgiantgiantgiantgiantgiantgiantgiantgiant"
					"giantgiantgiantgiantgiantgiantgiantgiantgiantgiant");
		emit(&r, "4000-byte frame");
		return;
	}
	(void)req_ip;
}

/* Flood: junk that passes a port-68 filter, for the last client seen. */
static void flood_tick(uint32_t xid, const uint8_t *chaddr)
{
	static uint8_t f[FRAME_MAX];
	struct reply r;
	struct frame q;
	size_t len;
	int i;

	for (i = 0; i < 20; i++) {
		if (mode == M_JUNK) {
			static unsigned k;

			good(&r, 2, k % 3 ? xid : xid ^ 0x5a5a5a5au, chaddr, yiaddr);
			len = frame_build(&r, f);
			if (k % 3 == 1) { /* UDP checksum wrong, never 0 */
				uint16_t c = (uint16_t)(f[26] << 8 | f[27]) ^ 0x1234;

				put16(f + 26, c ? c : 0x4321);
			} else if (k % 3 == 2)
				f[10] ^= 0x5a; /* IP header checksum */
			k++;
		} else {
			good(&r, 2 + (int)(rnd32() % 5), xid ^ (rnd32() & 1), chaddr, yiaddr);
			len = frame_build(&r, f);
			mutate(f, &len);
		}
		memcpy(q.b, f, len);
		q.len = len;
		q.type = 0;
		q.xid = xid;
		memcpy(q.mac, chaddr, 6);
		q.note = NULL;
		send_now(&q);
	}
}

/* ---- main --------------------------------------------------------------- */

/* Parse a client frame (IP on); 0 when it is a BOOTREQUEST to port 67. */
static int parse_req(const uint8_t *b, size_t n, int *type, uint32_t *xid,
		     uint8_t *chaddr, uint32_t *req_ip, uint32_t *sid)
{
	size_t ihl, p, end;

	if (n < 20 || b[0] >> 4 != 4 || b[9] != 17)
		return -1;
	ihl = (size_t)(b[0] & 15) * 4;
	if (ihl < 20 || n < ihl + 8 + 240)
		return -1;
	if ((b[ihl + 2] << 8 | b[ihl + 3]) != 67)
		return -1;
	p = ihl + 8;
	if (b[p] != 1 || get32(b + p + 236) != 0x63825363u)
		return -1;
	*xid = get32(b + p + 4);
	memcpy(chaddr, b + p + 28, 6);
	*type = 0;
	*req_ip = *sid = 0;
	end = n;
	for (p += 240; p < end;) {
		uint8_t c = b[p], l;

		if (c == 0) {
			p++;
			continue;
		}
		if (c == 255 || p + 1 >= end)
			break;
		l = b[p + 1];
		if (p + 2 + l > end)
			break;
		if (c == 53 && l == 1)
			*type = b[p + 2];
		else if (c == 50 && l == 4)
			*req_ip = get32(b + p + 2);
		else if (c == 54 && l == 4)
			*sid = get32(b + p + 2);
		p += 2 + (size_t)l;
	}
	return 0;
}

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int usage(void)
{
	size_t i;

	fprintf(stderr, "usage: nbt-hostile -i IFACE -m MODE [-s SERVER_IP] [-a YIADDR] "
			"[-d DELAY_MS] [-D DELAY_MS] [-S STRING] [-o CODES] [-n BURST] [-r SEED]\nmodes:");
	for (i = 0; i < sizeof(mode_names) / sizeof(mode_names[0]); i++)
		fprintf(stderr, " %s", mode_names[i]);
	fprintf(stderr, "\n");
	return 2;
}

int main(int argc, char **argv)
{
	static uint8_t buf[FRAME_MAX];
	const char *ifname = NULL, *m = "good";
	struct sockaddr_ll sll;
	struct in_addr ia;
	uint32_t last_xid = 0;
	uint8_t last_mac[6] = { 0 };
	int c, have_client = 0;
	uint16_t proto;
	size_t i;
	uint64_t next_flood = 0;
	struct sigaction sa;

	server_ip = 0x0a6f0101u; /* 10.111.1.1 */
	while ((c = getopt(argc, argv, "i:m:s:a:d:D:S:o:n:r:")) != -1) {
		switch (c) {
		case 'i': ifname = optarg; break;
		case 'm': m = optarg; break;
		case 's':
			if (!inet_aton(optarg, &ia))
				return usage();
			server_ip = ntohl(ia.s_addr);
			break;
		case 'a':
			if (!inet_aton(optarg, &ia))
				return usage();
			yiaddr = ntohl(ia.s_addr);
			break;
		case 'd': delay_ms = strtol(optarg, NULL, 10); break;
		case 'D': offer_delay_ms = strtol(optarg, NULL, 10); break;
		case 'S': str = optarg; break;
		case 'o': {
			char *p = optarg, *e;
			size_t k = 0;

			memset(str_codes, 0, sizeof(str_codes));
			while (*p && k < sizeof(str_codes) - 1) {
				long v = strtol(p, &e, 10);

				if (e == p || v < 1 || v > 254)
					return usage();
				str_codes[k++] = (uint8_t)v;
				p = *e == ',' ? e + 1 : e;
			}
			break;
		}
		case 'n': burst = atoi(optarg); break;
		case 'r': rng = strtoull(optarg, NULL, 0) | 1; break;
		default: return usage();
		}
	}
	if (!ifname)
		return usage();
	for (i = 0; i < sizeof(mode_names) / sizeof(mode_names[0]); i++)
		if (!strcmp(m, mode_names[i]))
			break;
	if (i == sizeof(mode_names) / sizeof(mode_names[0]))
		return usage();
	mode = (enum mode)i;
	if (!yiaddr)
		yiaddr = (server_ip & 0xffffff00u) | 200;

	ifindex = (int)if_nametoindex(ifname);
	if (!ifindex) {
		fprintf(stderr, "nbt-hostile: no interface %s\n", ifname);
		return 1;
	}
	/* The sniffer also wants the frames this host sends, which only
	 * ETH_P_ALL sockets see. */
	proto = htons(mode == M_SNIFF ? ETH_P_ALL : ETH_P_IP);
	sock = socket(AF_PACKET, SOCK_DGRAM, proto);
	if (sock < 0) {
		perror("nbt-hostile: socket");
		return 1;
	}
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = proto;
	sll.sll_ifindex = ifindex;
	if (bind(sock, (struct sockaddr *)&sll, sizeof(sll))) {
		perror("nbt-hostile: bind");
		return 1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	printf("0.0 ready mode=%s if=%s\n", mode_names[mode], ifname);
	fflush(stdout);

	while (!stop) {
		struct pollfd pfd = { .fd = sock, .events = POLLIN };
		uint64_t now = mono_ms(), due = now + 1000;
		int timeout;

		for (i = 0; i < qn; i++)
			if (queue[i].due < due)
				due = queue[i].due;
		if ((mode == M_FLOOD || mode == M_JUNK) && have_client && next_flood < due)
			due = next_flood;
		timeout = due > now ? (int)(due - now) : 0;
		if (poll(&pfd, 1, timeout) > 0 && (pfd.revents & POLLIN)) {
			struct sockaddr_ll from;
			socklen_t fl = sizeof(from);
			ssize_t n = recvfrom(sock, buf, sizeof(buf), 0,
					     (struct sockaddr *)&from, &fl);
			int type;
			uint32_t xid, rip, sid;
			uint8_t mac[6];

			if (from.sll_protocol != htons(ETH_P_IP))
				n = -1;
			if (n > 0 && from.sll_pkttype != PACKET_OUTGOING &&
			    !parse_req(buf, (size_t)n, &type, &xid, mac, &rip, &sid)) {
				logline("rx", type, xid, mac, NULL);
				last_xid = xid;
				memcpy(last_mac, mac, 6);
				have_client = 1;
				handle(type, xid, mac, rip, sid);
			} else if (n > 0 && mode == M_SNIFF && from.sll_pkttype == PACKET_OUTGOING) {
				/* the sniffer also clocks the server's replies */
				size_t ihl = (size_t)(buf[0] & 15) * 4;
				int t = 0;
				size_t p;

				if ((size_t)n > ihl + 8 + 240 && buf[9] == 17 &&
				    (buf[ihl + 2] << 8 | buf[ihl + 3]) == 68) {
					for (p = ihl + 8 + 240; p + 2 < (size_t)n;) {
						if (buf[p] == 0) { p++; continue; }
						if (buf[p] == 255)
							break;
						if (buf[p] == 53 && buf[p + 1] == 1) {
							t = buf[p + 2];
							break;
						}
						p += 2 + (size_t)buf[p + 1];
					}
					logline("srv", t, get32(buf + ihl + 8 + 4),
						buf + ihl + 8 + 28, NULL);
				}
			}
		}
		flush_due();
		if ((mode == M_FLOOD || mode == M_JUNK) && have_client && mono_ms() >= next_flood) {
			flood_tick(last_xid, last_mac);
			next_flood = mono_ms() + 10; /* 20 frames / 10 ms */
		}
	}
	return 0;
}

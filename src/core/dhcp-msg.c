/*
 * dhcp-msg.c - DHCPv4 client packet codec: build DISCOVER / REQUEST frames,
 * parse OFFER / ACK / NAK frames into a struct lease.
 *
 * Validation follows the house order: IP and UDP headers and checksums,
 * identity (op, xid, chaddr), magic cookie, options.  The option areas are
 * checked and linearised by dhcp-opt.c; this file decides what each option
 * must look like.  A packet is refused only when it is structurally broken
 * or not ours; a single bad option is dropped and flagged (see dhcp-msg.h).
 */
#include <errno.h>
#include <string.h>

#include "cur.h"
#include "dhcp-msg.h"
#include "dhcp-opt.h"
#include "text.h"

#define IP_HDR_LEN    20
#define UDP_HDR_LEN   8
#define BOOTP_HDR_LEN 236
#define BOOTP_MIN_LEN 300 /* RFC 1542 2.1: BOOTP messages of 300 bytes */
#define DHCP_COOKIE   0x63825363u
#define IPPROTO_UDP_  17
#define BOOTREQUEST   1
#define BOOTREPLY     2

const char *const dhcp_msg_type_name[DHCP_MSG_TYPE_MAX] = {
	[DHCP_MSG_NONE] = "none",
	[DHCP_MSG_DISCOVER] = "DISCOVER",
	[DHCP_MSG_OFFER] = "OFFER",
	[DHCP_MSG_REQUEST] = "REQUEST",
	[DHCP_MSG_DECLINE] = "DECLINE",
	[DHCP_MSG_ACK] = "ACK",
	[DHCP_MSG_NAK] = "NAK",
	[DHCP_MSG_RELEASE] = "RELEASE",
	[DHCP_MSG_INFORM] = "INFORM",
};

/* RFC 2132 parameter request list (55). */
static const uint8_t param_list[] = {
	DHCP_OPT_SUBNET_MASK, DHCP_OPT_ROUTER, DHCP_OPT_DNS,
	DHCP_OPT_HOSTNAME, DHCP_OPT_DOMAIN, DHCP_OPT_ROOT_PATH,
	DHCP_OPT_MTU, DHCP_OPT_BROADCAST, DHCP_OPT_NTP,
	DHCP_OPT_TFTP_SERVER, DHCP_OPT_BOOTFILE, DHCP_OPT_DOMAIN_SEARCH,
};

/* RFC 1071 ones' complement sum, big-endian 16-bit words. */
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

/* Pseudo header (RFC 768) + UDP header + payload; udp has ulen bytes. */
static uint16_t udp_csum(uint32_t src, uint32_t dst, const uint8_t *udp,
			 size_t ulen)
{
	uint32_t sum = 0;

	sum += src >> 16;
	sum += src & 0xffff;
	sum += dst >> 16;
	sum += dst & 0xffff;
	sum += IPPROTO_UDP_;
	sum += (uint32_t)ulen;
	return csum_fold(csum_add(sum, udp, ulen));
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

/* Bounded option writer; pos only grows while everything fits. */
struct wr {
	uint8_t *p;
	size_t cap, pos;
	int err;
};

static void wr_opt(struct wr *w, uint8_t code, const void *v, size_t n)
{
	if (w->err || n > 255 || n + 2 > w->cap - w->pos) {
		w->err = -ENOBUFS;
		return;
	}
	w->p[w->pos++] = code;
	w->p[w->pos++] = (uint8_t)n;
	if (n)
		memcpy(w->p + w->pos, v, n);
	w->pos += n;
}

static void wr_opt32(struct wr *w, uint8_t code, uint32_t v)
{
	uint8_t b[4];

	put32(b, v);
	wr_opt(w, code, b, sizeof(b));
}

/* A string we send: non-empty means 1..max printable bytes. */
static int send_string_ok(const char *s, size_t max)
{
	size_t n;

	if (!s)
		return 1;
	n = strlen(s);
	return n <= max && !text_has_ctl(s, n);
}

int dhcp_msg_build(const struct dhcp_build *b, uint8_t *buf, size_t bufsz,
		   size_t *len)
{
	uint8_t f[DHCP_MSG_BUILD_MAX], v[2], cid[7];
	uint8_t *bootp = f + IP_HDR_LEN + UDP_HDR_LEN;
	struct wr w;
	size_t total, ulen;
	uint16_t maxsz, sum;

	if (!b || !buf || !len)
		return -EINVAL;
	if (b->type != DHCP_MSG_DISCOVER && b->type != DHCP_MSG_REQUEST)
		return -EINVAL;
	if (b->type == DHCP_MSG_REQUEST && !b->requested_ip)
		return -EINVAL;
	maxsz = b->max_size ? b->max_size : DHCP_MSG_MAX_SIZE;
	if (maxsz < 576)
		return -EINVAL;
	if (!send_string_ok(b->hostname, DHCP_HOSTNAME_MAX) ||
	    !send_string_ok(b->vendor_class, DHCP_VENDOR_MAX))
		return -EINVAL;

	memset(f, 0, sizeof(f));
	/* BOOTP header (RFC 2131 section 2); ciaddr..giaddr stay 0. */
	bootp[0] = BOOTREQUEST;
	bootp[1] = 1; /* htype: Ethernet */
	bootp[2] = 6; /* hlen */
	put32(bootp + 4, b->xid);
	put16(bootp + 8, b->secs);
	put16(bootp + 10, 0x8000); /* broadcast: we cannot take unicast yet */
	memcpy(bootp + 28, b->mac, 6);
	put32(bootp + BOOTP_HDR_LEN, DHCP_COOKIE);

	w.p = bootp;
	w.cap = sizeof(f) - IP_HDR_LEN - UDP_HDR_LEN;
	w.pos = BOOTP_HDR_LEN + 4;
	w.err = 0;
	v[0] = (uint8_t)b->type;
	wr_opt(&w, DHCP_OPT_MSG_TYPE, v, 1);
	cid[0] = 1; /* RFC 2132 9.14: type 1 = Ethernet, then chaddr */
	memcpy(cid + 1, b->mac, 6);
	wr_opt(&w, DHCP_OPT_CLIENT_ID, cid, sizeof(cid));
	if (b->type == DHCP_MSG_REQUEST) {
		/* RFC 2131 4.3.2 / table 5: SELECTING carries 50 and 54. */
		wr_opt32(&w, DHCP_OPT_REQ_IP, b->requested_ip);
		if (b->server_id)
			wr_opt32(&w, DHCP_OPT_SERVER_ID, b->server_id);
	}
	wr_opt(&w, DHCP_OPT_PARAM_LIST, param_list, sizeof(param_list));
	put16(v, maxsz);
	wr_opt(&w, DHCP_OPT_MAX_SIZE, v, 2);
	if (b->hostname && *b->hostname)
		wr_opt(&w, DHCP_OPT_HOSTNAME, b->hostname, strlen(b->hostname));
	if (b->vendor_class && *b->vendor_class)
		wr_opt(&w, DHCP_OPT_VENDOR_CLASS, b->vendor_class,
		       strlen(b->vendor_class));
	if (b->type == DHCP_MSG_DISCOVER && b->rapid_commit)
		wr_opt(&w, DHCP_OPT_RAPID_COMMIT, NULL, 0);
	if (w.err || w.pos >= w.cap)
		return -ENOBUFS; /* cannot happen: limits checked above */
	w.p[w.pos++] = DHCP_OPT_END;
	if (w.pos < BOOTP_MIN_LEN)
		w.pos = BOOTP_MIN_LEN; /* already zero: PAD */

	ulen = UDP_HDR_LEN + w.pos;
	total = IP_HDR_LEN + ulen;
	if (total > bufsz)
		return -ENOBUFS;
	/* IPv4 header (RFC 791): no options, TTL 64, src 0, dst broadcast. */
	f[0] = 0x45;
	put16(f + 2, (uint16_t)total);
	f[8] = 64;
	f[9] = IPPROTO_UDP_;
	put32(f + 16, 0xffffffffu);
	put16(f + 10, csum_fold(csum_add(0, f, IP_HDR_LEN)));
	/* UDP header (RFC 768). */
	put16(f + 20, DHCP_CLIENT_PORT);
	put16(f + 22, DHCP_SERVER_PORT);
	put16(f + 24, (uint16_t)ulen);
	sum = udp_csum(0, 0xffffffffu, f + IP_HDR_LEN, ulen);
	put16(f + 26, sum ? sum : 0xffff); /* 0 would mean "none" */
	memcpy(buf, f, total);
	*len = total;
	return 0;
}

/* ---- parsing --------------------------------------------------------- */

static void bad_opt(struct dhcp_reply *r, uint8_t code)
{
	if (!(r->flags & DHCP_REPLY_BAD_OPTION))
		r->bad_option = code;
	r->flags |= DHCP_REPLY_BAD_OPTION;
}

/*
 * Fetch option code into v (DHCP_OPT_MAX bytes).  Returns its length, or -1
 * when absent or too long (the latter flagged).
 */
static long opt_fetch(const struct dhcp_opts *o, uint8_t code, uint8_t *v,
		      struct dhcp_reply *r)
{
	size_t n;
	int rc = dhcp_opt_get(o, code, v, DHCP_OPT_MAX, &n);

	if (rc == -ENOENT)
		return -1;
	if (rc) {
		bad_opt(r, code);
		return -1;
	}
	return (long)n;
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* Fixed 4-byte option (RFC 2132: 1, 28, 50, 51, 54, 58, 59). */
static void opt_u32(const struct dhcp_opts *o, uint8_t code, uint32_t *dst,
		    struct dhcp_reply *r)
{
	uint8_t v[DHCP_OPT_MAX];
	long n = opt_fetch(o, code, v, r);

	if (n < 0)
		return;
	if (n != 4) {
		bad_opt(r, code);
		return;
	}
	*dst = get32(v);
}

/* Address list (3, 6): a non-empty multiple of 4; keep the first max. */
static void opt_addrs(const struct dhcp_opts *o, uint8_t code, uint32_t *dst,
		      unsigned max, unsigned *count, struct dhcp_reply *r)
{
	uint8_t v[DHCP_OPT_MAX];
	long n = opt_fetch(o, code, v, r);
	unsigned i;

	if (n < 0)
		return;
	if (n == 0 || n % 4) {
		bad_opt(r, code);
		return;
	}
	for (i = 0; i < max && i < (unsigned long)n / 4; i++)
		dst[i] = get32(v + 4 * i);
	if (count)
		*count = i;
}

static void opt_str(const struct dhcp_opts *o, uint8_t code, char *dst,
		    size_t dstsz, struct dhcp_reply *r)
{
	uint8_t v[DHCP_OPT_MAX];
	long n = opt_fetch(o, code, v, r);

	if (n < 0)
		return;
	if (dhcp_opt_string(v, (size_t)n, dst, dstsz))
		bad_opt(r, code);
}

/* BOOTP sname / file when they hold strings: up to the first NUL. */
static void field_str(const uint8_t *f, size_t n, char *dst, size_t dstsz,
		      struct dhcp_reply *r)
{
	const uint8_t *nul = memchr(f, 0, n);

	if (nul)
		n = (size_t)(nul - f);
	if (dhcp_opt_string(f, n, dst, dstsz))
		r->flags |= DHCP_REPLY_BAD_FIELD;
}

static void parse_options(const struct dhcp_opts *o, const uint8_t *sname,
			  const uint8_t *file, struct dhcp_reply *r)
{
	struct lease *l = &r->lease;
	uint8_t v[DHCP_OPT_MAX];
	uint32_t router = 0;
	long n;

	opt_u32(o, DHCP_OPT_SERVER_ID, &l->server_id, r);
	opt_u32(o, DHCP_OPT_SUBNET_MASK, &l->netmask, r);
	if (l->netmask && ((~l->netmask + 1) & ~l->netmask)) {
		/* RFC 950 / 1519: the ones are contiguous; the kernel refuses
		 * anything else, so drop it and let the classful mask apply */
		l->netmask = 0;
		bad_opt(r, DHCP_OPT_SUBNET_MASK);
	}
	opt_u32(o, DHCP_OPT_BROADCAST, &l->broadcast, r);
	opt_u32(o, DHCP_OPT_LEASE_TIME, &l->lease_time, r);
	opt_u32(o, DHCP_OPT_T1, &l->t1, r);
	opt_u32(o, DHCP_OPT_T2, &l->t2, r);
	opt_addrs(o, DHCP_OPT_ROUTER, &router, 1, NULL, r);
	l->router = router;
	opt_addrs(o, DHCP_OPT_DNS, l->dns, LEASE_DNS_MAX, &l->n_dns, r);

	n = opt_fetch(o, DHCP_OPT_MTU, v, r);
	if (n >= 0) {
		uint16_t mtu = n == 2 ? (uint16_t)(v[0] << 8 | v[1]) : 0;

		if (mtu < LEASE_MTU_MIN || mtu > LEASE_MTU_MAX)
			bad_opt(r, DHCP_OPT_MTU);
		else
			l->mtu = mtu;
	}
	n = opt_fetch(o, DHCP_OPT_RAPID_COMMIT, v, r);
	if (n == 0)
		r->flags |= DHCP_REPLY_RAPID_COMMIT;
	else if (n > 0)
		bad_opt(r, DHCP_OPT_RAPID_COMMIT); /* RFC 4039: length 0 */

	opt_str(o, DHCP_OPT_HOSTNAME, l->hostname, sizeof(l->hostname), r);
	opt_str(o, DHCP_OPT_DOMAIN, l->domain, sizeof(l->domain), r);
	opt_str(o, DHCP_OPT_NIS_DOMAIN, l->nisdomain, sizeof(l->nisdomain), r);
	opt_str(o, DHCP_OPT_ROOT_PATH, l->root_path, sizeof(l->root_path), r);
	opt_str(o, DHCP_OPT_MESSAGE, r->message, sizeof(r->message), r);
	if (!(o->overload & DHCP_OVERLOAD_FILE))
		field_str(file, 128, l->bootfile, sizeof(l->bootfile), r);
	if (!(o->overload & DHCP_OVERLOAD_SNAME))
		field_str(sname, 64, l->tftp_server, sizeof(l->tftp_server), r);
	/* The options win over the BOOTP fields when both are given. */
	opt_str(o, DHCP_OPT_BOOTFILE, l->bootfile, sizeof(l->bootfile), r);
	opt_str(o, DHCP_OPT_TFTP_SERVER, l->tftp_server,
		sizeof(l->tftp_server), r);

	n = opt_fetch(o, DHCP_OPT_DOMAIN_SEARCH, v, r);
	if (n >= 0 && dhcp_opt_dns_search(v, (size_t)n, l->domain_search,
					  sizeof(l->domain_search)))
		bad_opt(r, DHCP_OPT_DOMAIN_SEARCH);
}

/* IPv4 header; on success *udp covers the IP payload and src/dst are set. */
#define WHY(w, text, rc) (*(w) = (text), (rc))

static int parse_ip(const uint8_t *buf, size_t len, struct cur *udp,
		    uint32_t *src, uint32_t *dst, const char **why)
{
	struct cur c;
	uint8_t vihl, proto;
	uint16_t total, frag;
	size_t ihl;

	cur_init(&c, buf, len);
	if (len < IP_HDR_LEN || cur_u8(&c, &vihl))
		return WHY(why, "shorter than an IPv4 header", -EBADMSG);
	ihl = (size_t)(vihl & 0x0f) * 4;
	if (vihl >> 4 != 4 || ihl < IP_HDR_LEN)
		return WHY(why, "not IPv4 or a bad header length", -EBADMSG);
	total = (uint16_t)(buf[2] << 8 | buf[3]);
	/* ihl + 8 <= total <= len also keeps the header inside buf. */
	if (total < ihl + UDP_HDR_LEN || total > len)
		return WHY(why, "IPv4 total length wrong", -EBADMSG);
	frag = (uint16_t)(buf[6] << 8 | buf[7]);
	if (frag & 0x3fff) /* MF or a fragment offset: we never reassemble */
		return WHY(why, "an IPv4 fragment", -EBADMSG);
	proto = buf[9];
	if (proto != IPPROTO_UDP_)
		return WHY(why, "not UDP", -ENOMSG);
	if (csum_fold(csum_add(0, buf, ihl)) != 0)
		return WHY(why, "IPv4 header checksum wrong", -EBADMSG);
	*src = get32(buf + 12);
	*dst = get32(buf + 16);
	cur_init(udp, buf + ihl, total - ihl);
	return 0;
}

/* UDP header; on success *payload covers the UDP payload. */
static int parse_udp(struct cur *c, uint32_t src, uint32_t dst,
		     unsigned flags, struct cur *payload, const char **why)
{
	const uint8_t *udp = c->p;
	uint16_t sport, dport, ulen, sum;

	if (cur_be16(c, &sport) || cur_be16(c, &dport) || cur_be16(c, &ulen) ||
	    cur_be16(c, &sum))
		return WHY(why, "UDP header truncated", -EBADMSG);
	if (ulen < UDP_HDR_LEN || (size_t)ulen - UDP_HDR_LEN > c->rem)
		return WHY(why, "UDP length wrong", -EBADMSG);
	if (sport != DHCP_SERVER_PORT || dport != DHCP_CLIENT_PORT)
		return WHY(why, "not from port 67 to 68", -ENOMSG);
	if (sum && !(flags & DHCP_PARSE_NO_UDP_CSUM) &&
	    udp_csum(src, dst, udp, ulen) != 0)
		return WHY(why, "UDP checksum wrong", -EBADMSG);
	return cur_sub(c, ulen - UDP_HDR_LEN, payload);
}

int dhcp_msg_parse(const uint8_t *buf, size_t len, uint32_t xid,
		   const uint8_t mac[6], unsigned flags,
		   struct dhcp_reply *out)
{
	return dhcp_msg_parse_why(buf, len, xid, mac, flags, out, NULL);
}

int dhcp_msg_parse_why(const uint8_t *buf, size_t len, uint32_t xid,
		       const uint8_t mac[6], unsigned flags,
		       struct dhcp_reply *out, const char **whyp)
{
	const char *dummy, **why = whyp ? whyp : &dummy;
	struct cur udp, c;
	struct dhcp_opts o;
	struct dhcp_reply r;
	uint8_t hdr[BOOTP_HDR_LEN], type;
	uint32_t src, dst, cookie;
	size_t n;
	int rc;

	*why = NULL;
	if (!buf || !mac || !out)
		return -EINVAL;
	rc = parse_ip(buf, len, &udp, &src, &dst, why);
	if (rc)
		return rc;
	rc = parse_udp(&udp, src, dst, flags, &c, why);
	if (rc)
		return rc;
	if (cur_bytes(&c, hdr, sizeof(hdr)))
		return WHY(why, "BOOTP header truncated", -EBADMSG);
	/* Identity (RFC 2131 4.1: match on xid and chaddr). */
	if (hdr[0] != BOOTREPLY || hdr[1] != 1 || hdr[2] != 6 ||
	    get32(hdr + 4) != xid || memcmp(hdr + 28, mac, 6) != 0)
		return WHY(why, "for another client (xid or chaddr)", -ENOMSG);
	if (cur_be32(&c, &cookie) || cookie != DHCP_COOKIE)
		return WHY(why, "no DHCP magic cookie", -EBADMSG);
	if (dhcp_opt_scan(&o, c.p, c.rem, hdr + 108, hdr + 44))
		return WHY(why, "options malformed (an overrun, no END or a bad overload)", -EBADMSG);
	rc = dhcp_opt_get(&o, DHCP_OPT_MSG_TYPE, &type, 1, &n);
	if (rc || n != 1)
		return WHY(why, "option 53 (message type) missing or not 1 byte", -EBADMSG);
	if (type != DHCP_MSG_OFFER && type != DHCP_MSG_ACK &&
	    type != DHCP_MSG_NAK)
		return WHY(why, "not an OFFER, ACK or NAK", -ENOMSG);

	memset(&r, 0, sizeof(r));
	r.type = (enum dhcp_msg_type)type;
	r.lease.yiaddr = get32(hdr + 16);
	r.lease.siaddr = get32(hdr + 20);
	if (o.overload & DHCP_OVERLOAD_FILE)
		r.flags |= DHCP_REPLY_OVERLOAD_FILE;
	if (o.overload & DHCP_OVERLOAD_SNAME)
		r.flags |= DHCP_REPLY_OVERLOAD_SNAME;
	parse_options(&o, hdr + 44, hdr + 108, &r);
	r.lease.rapid_commit = r.type == DHCP_MSG_ACK &&
			       (r.flags & DHCP_REPLY_RAPID_COMMIT);
	*out = r;
	return 0;
}

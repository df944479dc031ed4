/*
 * rtlink.c - rtnetlink link messages (see rtlink.h).  Layouts are those
 * of <linux/netlink.h> and <linux/rtnetlink.h>, spelt out here so that
 * the core needs no kernel header: struct nlmsghdr (len 4, type 2, flags
 * 2, seq 4, pid 4), struct ifinfomsg (family 1, pad 1, type 2, index 4,
 * flags 4, change 4), struct rtattr (len 2, type 2), struct nlmsgerr
 * (error 4, then the request's header).
 */
#include <errno.h>
#include <string.h>

#include "cur.h"
#include "rtlink.h"

#define NLMSG_HDRLEN   16
#define IFINFOMSG_LEN  16
#define RTA_HDRLEN     4
#define NL_ALIGN(n)    (((n) + 3u) & ~(size_t)3u)

#define NLMSG_ERROR    2
#define NLMSG_DONE     3
#define RTM_NEWLINK    16
#define RTM_DELLINK    17
#define RTM_GETLINK    18
#define NLM_F_REQUEST  0x1
#define NLM_F_DUMP     0x300 /* NLM_F_ROOT | NLM_F_MATCH */

#define IFLA_ADDRESS   1
#define IFLA_IFNAME    3

/* Host-endian integers, assembled through memcpy (never a cast). */
static int cur_h16(struct cur *c, uint16_t *v)
{
	return cur_bytes(c, v, sizeof(*v));
}

static int cur_h32(struct cur *c, uint32_t *v)
{
	return cur_bytes(c, v, sizeof(*v));
}

static void put(uint8_t *p, const void *v, size_t n)
{
	memcpy(p, v, n);
}

/* The request's len bytes zeroed, then its nlmsghdr (pid 0: the kernel). */
static void put_hdr(uint8_t *buf, uint32_t len, uint16_t type, uint16_t flags, uint32_t seq)
{
	memset(buf, 0, len);
	put(buf, &len, 4);
	put(buf + 4, &type, 2);
	put(buf + 6, &flags, 2);
	put(buf + 8, &seq, 4);
}

size_t rtlink_dump_request(uint8_t *buf, size_t sz, uint32_t seq)
{
	uint32_t len = NLMSG_HDRLEN + IFINFOMSG_LEN;

	if (sz < len)
		return 0;
	put_hdr(buf, len, RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, seq);
	/* ifinfomsg: all zero, AF_UNSPEC: every link */
	return len;
}

size_t rtlink_up_request(uint8_t *buf, size_t sz, uint32_t seq, int ifindex)
{
	uint32_t len = NLMSG_HDRLEN + IFINFOMSG_LEN, up = RTLINK_IFF_UP;

	if (sz < len || ifindex <= 0)
		return 0;
	put_hdr(buf, len, RTM_NEWLINK, NLM_F_REQUEST, seq);
	/* ifinfomsg: AF_UNSPEC, type 0, index, flags IFF_UP, change IFF_UP:
	 * only the UP bit is touched (dev_change_flags), as SIOCSIFFLAGS
	 * after SIOCGIFFLAGS did */
	put(buf + NLMSG_HDRLEN + 4, &ifindex, 4);
	put(buf + NLMSG_HDRLEN + 8, &up, 4);
	put(buf + NLMSG_HDRLEN + 12, &up, 4);
	return len;
}

/* A kernel interface name: 1..15 bytes then a NUL inside the attribute,
 * no control byte, no '/', not "." or "..". */
static void take_name(struct cur *a, char *name)
{
	size_t n;

	name[0] = '\0';
	for (n = 0; n < a->rem && a->p[n]; n++)
		if (a->p[n] < 0x21 || a->p[n] == 0x7f || a->p[n] == '/')
			return;
	if (n == a->rem || n == 0 || n >= RTLINK_NAME_MAX)
		return;
	if ((n == 1 && a->p[0] == '.') || (n == 2 && a->p[0] == '.' && a->p[1] == '.'))
		return;
	memcpy(name, a->p, n);
	name[n] = '\0';
}

static int parse_link(struct cur *body, struct rtlink_msg *m)
{
	uint8_t fam, pad;
	uint16_t type;
	uint32_t idx, flags, change;

	if (cur_u8(body, &fam) || cur_u8(body, &pad) || cur_h16(body, &type) ||
	    cur_h32(body, &idx) || cur_h32(body, &flags) || cur_h32(body, &change))
		return -EBADMSG;
	if ((int32_t)idx <= 0)
		return -EBADMSG;
	m->ifindex = (int)idx;
	m->type = type;
	m->flags = flags;
	while (body->rem) {
		struct cur a;
		uint16_t alen, atype;

		if (cur_h16(body, &alen) || cur_h16(body, &atype))
			return -EBADMSG;
		if (alen < RTA_HDRLEN || cur_sub(body, alen - RTA_HDRLEN, &a))
			return -EBADMSG;
		/* the padding after an attribute, when there is more */
		if (cur_skip(body, NL_ALIGN(alen) - alen))
			body->rem = 0;
		switch (atype & 0x3fff) { /* without NLA_F_NESTED / NET_BYTEORDER */
		case IFLA_IFNAME:
			take_name(&a, m->name);
			break;
		case IFLA_ADDRESS:
			if (a.rem == 6)
				memcpy(m->mac, a.p, 6);
			break;
		default:
			break;
		}
	}
	return 0;
}

int rtlink_next(const uint8_t *buf, size_t len, size_t *off, struct rtlink_msg *out)
{
	struct cur c, body;
	struct rtlink_msg m;
	uint32_t mlen, seq, pid;
	uint16_t type, flags;
	int e = 0;

	if (*off >= len)
		return -ENOENT;
	cur_init(&c, buf + *off, len - *off);
	if (cur_h32(&c, &mlen) || cur_h16(&c, &type) || cur_h16(&c, &flags) ||
	    cur_h32(&c, &seq) || cur_h32(&c, &pid))
		return -EBADMSG;
	if (mlen < NLMSG_HDRLEN || cur_sub(&c, mlen - NLMSG_HDRLEN, &body))
		return -EBADMSG;
	memset(&m, 0, sizeof(m));
	m.seq = seq;
	switch (type) {
	case RTM_NEWLINK:
	case RTM_DELLINK:
		m.kind = type == RTM_NEWLINK ? RTLINK_NEW : RTLINK_DEL;
		e = parse_link(&body, &m);
		break;
	case NLMSG_DONE:
		m.kind = RTLINK_DONE;
		break;
	case NLMSG_ERROR: {
		uint32_t err;

		if (cur_h32(&body, &err))
			return -EBADMSG;
		m.kind = RTLINK_ERROR;
		/* the kernel sends 0 or -errno; anything else is an error too */
		m.err = (int32_t)err > 0 || (int32_t)err < -4095 ? -EPROTO : (int)(int32_t)err;
		break;
	}
	default:
		m.kind = RTLINK_OTHER;
		break;
	}
	if (e)
		return e;
	/* the next message starts aligned, or the buffer ends */
	*off += NL_ALIGN(mlen) < len - *off ? NL_ALIGN(mlen) : len - *off;
	*out = m;
	return 0;
}

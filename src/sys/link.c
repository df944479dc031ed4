/*
 * link.c - interface edges (see link.h).  No policy: which interface to use
 * is decided in core/ifpick.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <net/if.h>
#include <net/route.h>
#include <netinet/in.h>
#include <linux/netlink.h>
#include <sys/uio.h>

#include "link.h"
#include "rtlink.h"

static bool exists(const char *name, const char *attr)
{
	char path[128];
	struct stat st;

	snprintf(path, sizeof(path), "/sys/class/net/%s/%s", name, attr);
	return lstat(path, &st) == 0;
}

/* One AF_INET socket for every interface ioctl of the process (opened on
 * first use, close-on-exec): a link brought up or down costs two ioctls,
 * not three sockets. */
static int ctl_fd = -1;

static int ctl_sock(void)
{
	if (ctl_fd < 0) {
		ctl_fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		if (ctl_fd < 0)
			return -errno;
	}
	return ctl_fd;
}

static int ifreq_for(struct ifreq *ifr, const char *name)
{
	if (strlen(name) >= sizeof(ifr->ifr_name))
		return -EINVAL;
	memset(ifr, 0, sizeof(*ifr));
	memcpy(ifr->ifr_name, name, strlen(name) + 1);
	return 0;
}

/* One interface ioctl on a prepared ifreq. */
static int if_ioctl(unsigned long req, struct ifreq *ifr)
{
	int fd = ctl_sock();

	if (fd < 0)
		return fd;
	return ioctl(fd, req, ifr) ? -errno : 0;
}

/* A netlink route socket, close-on-exec.  fd or -errno. */
static int nl_open(unsigned groups)
{
	struct sockaddr_nl sa;
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_ROUTE), e;

	if (fd < 0)
		return -errno;
	memset(&sa, 0, sizeof(sa));
	sa.nl_family = AF_NETLINK;
	sa.nl_groups = groups;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		e = -errno;
		close(fd);
		return e;
	}
	return fd;
}

/* One datagram from a netlink socket, waiting at most LINK_NL_WAIT_MS for
 * it: the kernel answers a dump at once, so the wait only bounds a kernel
 * that does not.  Its length, or -errno (-ETIMEDOUT). */
#define LINK_NL_WAIT_MS 2000
static ssize_t nl_recv(int fd, uint8_t *buf, size_t sz)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	struct sockaddr_nl from;
	struct iovec iov = { .iov_base = buf, .iov_len = sz };
	struct msghdr mh;
	ssize_t n;
	int r;

	for (;;) {
		memset(&mh, 0, sizeof(mh));
		mh.msg_name = &from;
		mh.msg_namelen = sizeof(from);
		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		n = recvmsg(fd, &mh, 0);
		if (n >= 0) {
			if (mh.msg_flags & MSG_TRUNC)
				return -EMSGSIZE;
			if (from.nl_pid != 0)
				continue; /* not from the kernel */
			return n;
		}
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN)
			return -errno;
		r = poll(&p, 1, LINK_NL_WAIT_MS);
		if (r == 0)
			return -ETIMEDOUT;
		if (r < 0 && errno != EINTR)
			return -errno;
	}
}

/* The dump's buffer: a page-sized message per link at most (the kernel
 * fills one skb of up to 32 KiB per read); static, as klibc's stack is
 * the kernel's. */
static uint8_t nl_buf[32768];

/* Send pre[0..prelen) (requests without NLM_F_ACK: only a failure is
 * answered, NLMSG_ERROR with its seq) and a dump request of every link
 * after them, in one send(2), then read until the dump's end: fn(&m, ctx)
 * for each RTM_NEWLINK of the dump with a name, and for each NLMSG_ERROR
 * of another seq (a request of pre that failed), which the kernel queues
 * before the dump.  The dump's seq is *seq (one past the last of pre's,
 * which the caller numbered from *seq + 1 on: see link_up_all).  0 or
 * -errno. */
static uint32_t nl_seq;
static uint8_t nl_req[(IFPICK_MAX + 1) * 32];

static int nl_dump_after(size_t prelen, void (*fn)(const struct rtlink_msg *, void *),
			 void *ctx, uint32_t seq)
{
	size_t len;
	bool done = false;
	int fd, e = 0;

	fd = nl_open(0);
	if (fd < 0)
		return fd;
	len = rtlink_dump_request(nl_req + prelen, sizeof(nl_req) - prelen, seq);
	if (!len || send(fd, nl_req, prelen + len, 0) != (ssize_t)(prelen + len)) {
		e = len ? -errno : -EINVAL;
		close(fd);
		return e;
	}
	while (!done) {
		ssize_t got = nl_recv(fd, nl_buf, sizeof(nl_buf));
		size_t off = 0;
		struct rtlink_msg m;

		if (got <= 0) {
			e = got ? (int)got : -EPROTO;
			break;
		}
		while (!done && !rtlink_next(nl_buf, (size_t)got, &off, &m)) {
			if (m.seq != seq) {
				if (m.kind == RTLINK_ERROR && m.err)
					fn(&m, ctx); /* one of pre's requests */
				continue;
			}
			if (m.kind == RTLINK_DONE) {
				done = true;
			} else if (m.kind == RTLINK_ERROR && m.err) {
				e = m.err;
				done = true;
			} else if (m.kind == RTLINK_NEW && m.name[0]) {
				fn(&m, ctx);
			}
		}
	}
	close(fd);
	return e;
}

/* Dump every link, calling fn(&m, ctx) for each RTM_NEWLINK with a name.
 * 0 or -errno. */
static int nl_dump(void (*fn)(const struct rtlink_msg *, void *), void *ctx)
{
	return nl_dump_after(0, fn, ctx, ++nl_seq);
}

static bool has_carrier(unsigned flags)
{
	return (flags & (RTLINK_IFF_UP | RTLINK_IFF_LOWER_UP)) ==
	       (RTLINK_IFF_UP | RTLINK_IFF_LOWER_UP);
}

struct list_ctx {
	struct link_info *out;
	size_t max, cnt;
	const uint8_t *keep_mac;
	bool kept, over;
};

/* every link is read: past max, only keep_mac's takes a place */
static void list_one(const struct rtlink_msg *m, void *arg)
{
	struct list_ctx *c = arg;
	struct link_info li;

	if (m->kind != RTLINK_NEW)
		return;
	memset(&li, 0, sizeof(li));
	memcpy(li.name, m->name, sizeof(li.name));
	li.ifindex = m->ifindex;
	li.type = m->type;
	memcpy(li.mac, m->mac, 6);
	li.up = m->flags & RTLINK_IFF_UP;
	li.loopback = m->flags & RTLINK_IFF_LOOPBACK;
	li.carrier = has_carrier(m->flags);
	if (c->cnt == c->max) {
		c->over = true;
		if (!c->keep_mac || c->kept || memcmp(li.mac, c->keep_mac, 6))
			return;
	}
	if (c->keep_mac && !memcmp(li.mac, c->keep_mac, 6))
		c->kept = true;
	if (c->cnt < c->max)
		c->out[c->cnt++] = li;
	else
		c->out[c->max - 1] = li; /* the kept one in place of the last */
}

int link_list(struct link_info *out, size_t max, const uint8_t *keep_mac,
	      size_t *n, bool *more)
{
	struct list_ctx c = { .out = out, .max = max, .keep_mac = keep_mac };
	size_t i, j;
	int e;

	if (!max)
		return -EINVAL;
	e = nl_dump(list_one, &c);
	if (e)
		return e;
	/* sort by ifindex: the order the kernel registered them */
	for (i = 1; i < c.cnt; i++) {
		struct link_info t = out[i];

		for (j = i; j > 0 && out[j - 1].ifindex > t.ifindex; j--)
			out[j] = out[j - 1];
		out[j] = t;
	}
	/* Wi-Fi shows only in sysfs (cfg80211's phy80211 link, wireless
	 * extensions' wireless/): looked up for the Ethernet-typed entries
	 * kept, which is what Wi-Fi NICs are */
	for (i = 0; i < c.cnt; i++)
		if (out[i].type == 1 && !out[i].loopback)
			out[i].wireless = exists(out[i].name, "phy80211") ||
					  exists(out[i].name, "wireless");
	*n = c.cnt;
	if (more)
		*more = c.over;
	return 0;
}

struct carrier_ctx {
	const int *ifindex;
	size_t n;
	bool *carrier;
	int *err;       /* link_up_all: each request's outcome */
	uint32_t seq0;  /* the seq of ifindex[0]'s request */
};

static void carrier_one(const struct rtlink_msg *m, void *arg)
{
	struct carrier_ctx *c = arg;
	size_t i;

	if (m->kind == RTLINK_ERROR) {
		/* a link-up request of link_up_all that failed */
		i = m->seq - c->seq0;
		if (c->err && m->seq >= c->seq0 && i < c->n)
			c->err[i] = m->err;
		return;
	}
	for (i = 0; i < c->n; i++)
		if (c->ifindex[i] == m->ifindex)
			c->carrier[i] = has_carrier(m->flags);
}

int link_carriers(const int *ifindex, size_t n, bool *carrier)
{
	struct carrier_ctx c = { ifindex, n, carrier, NULL, 0 };
	size_t i;

	for (i = 0; i < n; i++)
		carrier[i] = false;
	return nl_dump(carrier_one, &c);
}

int link_up_all(const int *ifindex, size_t n, int *err, bool *carrier)
{
	struct carrier_ctx c = { ifindex, n, carrier, err, 0 };
	size_t i, len = 0, k;

	if (n > IFPICK_MAX)
		return -EINVAL;
	c.seq0 = nl_seq + 1;
	for (i = 0; i < n; i++) {
		carrier[i] = false;
		err[i] = 0;
		k = rtlink_up_request(nl_req + len, sizeof(nl_req) - len,
				      c.seq0 + (uint32_t)i, ifindex[i]);
		if (!k)
			return -EINVAL;
		len += k;
	}
	nl_seq += (uint32_t)n + 1;
	return nl_dump_after(len, carrier_one, &c, nl_seq);
}

int link_watch_open(void)
{
	return nl_open(1); /* RTMGRP_LINK */
}

int link_watch_read(int fd, void (*fn)(const struct rtlink_msg *, void *), void *ctx)
{
	struct sockaddr_nl from;
	struct iovec iov = { .iov_base = nl_buf, .iov_len = sizeof(nl_buf) };
	struct msghdr mh;
	int budget = 64, e = 0;

	while (budget-- > 0) {
		size_t off = 0;
		struct rtlink_msg m;
		ssize_t n;

		memset(&mh, 0, sizeof(mh));
		mh.msg_name = &from;
		mh.msg_namelen = sizeof(from);
		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		n = recvmsg(fd, &mh, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN)
				e = -errno; /* ENOBUFS: events were lost */
			break;
		}
		if (from.nl_pid != 0 || (mh.msg_flags & MSG_TRUNC))
			continue;
		while (!rtlink_next(nl_buf, (size_t)n, &off, &m))
			if (m.kind == RTLINK_NEW || m.kind == RTLINK_DEL)
				fn(&m, ctx);
	}
	return e;
}

int link_set_up(const char *name, bool up)
{
	struct ifreq ifr;
	short want;
	int e = ifreq_for(&ifr, name);

	if (!e)
		e = if_ioctl(SIOCGIFFLAGS, &ifr);
	if (e)
		return e;
	want = up ? (short)(ifr.ifr_flags | IFF_UP) : (short)(ifr.ifr_flags & ~IFF_UP);
	if (want == ifr.ifr_flags)
		return 0;
	ifr.ifr_flags = want;
	return if_ioctl(SIOCSIFFLAGS, &ifr);
}

static void set_sin(struct sockaddr *sa, uint32_t addr)
{
	struct sockaddr_in sin;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(addr);
	memcpy(sa, &sin, sizeof(sin));
}

static int addr_ioctl(int fd, const char *name, unsigned long req, uint32_t a)
{
	struct ifreq ifr;

	if (ifreq_for(&ifr, name))
		return -EINVAL;
	set_sin(&ifr.ifr_addr, a);
	return ioctl(fd, req, &ifr) ? -errno : 0;
}

int link_set_addr(const char *name, uint32_t addr, uint32_t mask, uint32_t bcast)
{
	int fd = ctl_sock(), e;

	if (fd < 0)
		return fd;
	if (!bcast)
		bcast = (addr & mask) | ~mask;
	e = addr_ioctl(fd, name, SIOCSIFADDR, addr);
	if (!e)
		e = addr_ioctl(fd, name, SIOCSIFNETMASK, mask);
	if (!e)
		e = addr_ioctl(fd, name, SIOCSIFBRDADDR, bcast);
	return e;
}

int link_flush_addr(const char *name)
{
	int fd = ctl_sock(), e;

	if (fd < 0)
		return fd;
	e = addr_ioctl(fd, name, SIOCSIFADDR, 0);
	return e == -EADDRNOTAVAIL ? 0 : e;
}

int link_set_mtu(const char *name, unsigned mtu)
{
	struct ifreq ifr;
	int e = ifreq_for(&ifr, name);

	if (e)
		return e;
	ifr.ifr_mtu = (int)mtu;
	return if_ioctl(SIOCSIFMTU, &ifr);
}

int link_add_default_route(const char *name, uint32_t gw)
{
	struct rtentry rt;
	char dev[LINK_NAME_MAX];
	int fd = ctl_sock(), e = 0;

	if (fd < 0)
		return fd;
	memset(&rt, 0, sizeof(rt));
	set_sin(&rt.rt_dst, 0);
	set_sin(&rt.rt_genmask, 0);
	set_sin(&rt.rt_gateway, gw);
	rt.rt_flags = RTF_UP | RTF_GATEWAY;
	snprintf(dev, sizeof(dev), "%s", name);
	rt.rt_dev = dev;
	if (ioctl(fd, SIOCADDRT, &rt) && errno != EEXIST)
		e = -errno;
	return e;
}

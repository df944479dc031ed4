/*
 * link.h - network interface edges: list interfaces (one rtnetlink
 * RTM_GETLINK dump, read by core/rtlink.c), bring them up (many in one
 * netlink batch) and down, read carrier (a dump, or link events as they
 * come), set an IPv4 address, MTU and a default route.  Addresses and
 * routes through ioctl(2), which also means addresses are permanent: no
 * lease expiry can remove the NFS root's address (what LTSP gets with
 * "valid_lft forever").
 */
#ifndef NETBOOT_LINK_H
#define NETBOOT_LINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ifpick.h"
#include "rtlink.h"

#define LINK_NAME_MAX 16
#define LINK_LIST_MAX IFPICK_MAX /* one bound: what is listed is considered */

struct link_info {
	char name[LINK_NAME_MAX];
	int ifindex;
	unsigned type;      /* ARPHRD_* */
	uint8_t mac[6];     /* zero when it has none of 6 bytes */
	bool wireless;      /* /sys/class/net/X has wireless/ or phy80211 */
	bool up;            /* IFF_UP */
	bool loopback;      /* IFF_LOOPBACK */
	bool carrier;       /* IFF_UP and IFF_LOWER_UP, when listed */
};

/* Fill up to max entries, sorted by ifindex.  With more interfaces than
 * max (a host with many virtual functions), the one whose MAC is keep_mac
 * (BOOTIF's; NULL = none) is listed all the same, in place of the last
 * other one, and *more is set.  0 or -errno. */
int link_list(struct link_info *out, size_t max, const uint8_t *keep_mac,
	      size_t *n, bool *more);
/* Carrier (IFF_UP and IFF_LOWER_UP) of the links ifindex[0..n), all from
 * one netlink dump, into carrier[0..n) (false for a link not found).
 * 0 or -errno. */
int link_carriers(const int *ifindex, size_t n, bool *carrier);
/* Bring the links ifindex[0..n) up (n <= IFPICK_MAX) with one send(2):
 * an RTM_NEWLINK request each, then a dump, whose answer gives each one's
 * carrier (as link_carriers) and says the requests were all done.
 * err[i]: 0, or why ifindex[i] could not be brought up.  0, or -errno
 * when the batch itself failed (nothing known: the caller falls back to
 * link_set_up). */
int link_up_all(const int *ifindex, size_t n, int *err, bool *carrier);
int link_set_up(const char *name, bool up);
/* A netlink socket that receives every link event (RTMGRP_LINK),
 * non-blocking, close-on-exec: carrier coming (RTM_NEWLINK with
 * IFF_LOWER_UP), a link taken down, a link deleted (RTM_DELLINK).  Wait
 * on it with packet_wait().  fd or -errno. */
int link_watch_open(void);
/* Read what is queued on fd (at most 64 datagrams), calling fn(&m, ctx)
 * for each RTLINK_NEW and RTLINK_DEL message.  0, or -errno (-ENOBUFS:
 * the kernel dropped events, the socket goes on). */
int link_watch_read(int fd, void (*fn)(const struct rtlink_msg *, void *), void *ctx);
/* addresses and mask in host order; bcast 0 = derive */
int link_set_addr(const char *name, uint32_t addr, uint32_t mask, uint32_t bcast);
/* Remove the IPv4 address (0.0.0.0). */
int link_flush_addr(const char *name);
int link_set_mtu(const char *name, unsigned mtu);
int link_add_default_route(const char *name, uint32_t gw);

#endif

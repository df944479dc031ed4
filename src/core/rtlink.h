/*
 * rtlink.h - the rtnetlink messages netboot needs about network links:
 * the RTM_GETLINK dump request and the RTM_NEWLINK link-up requests it
 * sends, and the kernel's answers and
 * events it reads back (RTM_NEWLINK: a link as it is now, with its flags,
 * IFF_LOWER_UP being carrier; RTM_DELLINK; NLMSG_DONE; NLMSG_ERROR).
 *
 * One dump lists every interface with its index, type, flags, name and
 * MAC: what six sysfs reads and an ioctl per interface gave before.
 *
 * Pure: sys/link.c owns the socket, sends what rtlink_dump_request()
 * builds and hands each buffer recv(2) filled to rtlink_next().  Netlink
 * is host-endian and 4-byte aligned (NLMSG_ALIGN, RTA_ALIGN); every header
 * and attribute length is checked against what remains before it is
 * used, headers are memcpy'd into locals, and a length that does not fit
 * ends the buffer (-EBADMSG).
 */
#ifndef NETBOOT_RTLINK_H
#define NETBOOT_RTLINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RTLINK_NAME_MAX 16 /* IFNAMSIZ, with the NUL */

/* <linux/if.h> flag bits the callers read */
#define RTLINK_IFF_UP       0x1u
#define RTLINK_IFF_LOOPBACK 0x8u
#define RTLINK_IFF_RUNNING  0x40u
#define RTLINK_IFF_LOWER_UP 0x10000u /* carrier (set only while up) */

enum rtlink_kind {
	RTLINK_OTHER = 0, /* NLMSG_NOOP, another message type: skip it */
	RTLINK_NEW,       /* RTM_NEWLINK: the link as it is now */
	RTLINK_DEL,       /* RTM_DELLINK: the link is gone */
	RTLINK_DONE,      /* NLMSG_DONE: the end of a dump */
	RTLINK_ERROR,     /* NLMSG_ERROR: err, 0 being an acknowledgement */
};

struct rtlink_msg {
	enum rtlink_kind kind;
	uint32_t seq;     /* the request's, 0 for an event */
	int err;          /* RTLINK_ERROR: 0 or -errno */
	int ifindex;      /* RTLINK_NEW, RTLINK_DEL: > 0 */
	unsigned type;    /* ARPHRD_* */
	unsigned flags;   /* IFF_* */
	char name[RTLINK_NAME_MAX]; /* "" when absent or not a valid name */
	uint8_t mac[6];   /* IFLA_ADDRESS when it has 6 bytes, else zero */
};

/* Build an RTM_GETLINK dump request (every link, AF_UNSPEC) with seq in
 * buf.  Its length, or 0 when sz is too small. */
size_t rtlink_dump_request(uint8_t *buf, size_t sz, uint32_t seq);

/* Build an RTM_NEWLINK request that brings link ifindex up (ifi_flags and
 * ifi_change IFF_UP: no other flag touched), with seq, without NLM_F_ACK:
 * the kernel answers only a failure (NLMSG_ERROR with seq), so several
 * go in one send(2) and a dump request after them says when all were
 * done.  Its length, or 0 when sz is too small or ifindex <= 0. */
size_t rtlink_up_request(uint8_t *buf, size_t sz, uint32_t seq, int ifindex);

/*
 * Read the message of buf[0..len) at *off into *m and advance *off past
 * it.  0; -ENOENT when nothing is left; -EBADMSG when a header or an
 * attribute does not fit in what remains, or a link message is too short
 * for its ifinfomsg or has an ifindex <= 0 (nothing after it in buf can
 * be trusted: the caller drops the rest of the buffer).  *m is written
 * only on success.
 */
int rtlink_next(const uint8_t *buf, size_t len, size_t *off, struct rtlink_msg *m);

#endif

/*
 * dhcp-msg.h - DHCPv4 client packet codec (RFC 2131, RFC 2132).
 *
 * Builds DISCOVER and REQUEST as complete IPv4 + UDP + BOOTP frames, from
 * the IP header on, for an AF_PACKET SOCK_DGRAM socket: 0.0.0.0:68 ->
 * 255.255.255.255:67, both checksums computed, broadcast flag set.  Parses
 * replies from the IP header on into a struct lease.  Pure: no I/O, no
 * clock; the state machine (dhcp-fsm.c) decides what to send and when, and
 * the socket edge moves the bytes.
 */
#ifndef NETBOOT_DHCP_MSG_H
#define NETBOOT_DHCP_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lease.h"

#define DHCP_CLIENT_PORT 68
#define DHCP_SERVER_PORT 67

/* Every frame dhcp_msg_build() makes fits in this many bytes. */
#define DHCP_MSG_BUILD_MAX 576
/* Option 57 default: the largest reply (IP + UDP + BOOTP) we accept.  The
 * edge's receive buffer must hold at least this many bytes. */
#define DHCP_MSG_MAX_SIZE 1500
/* Length limits of the optional strings we send. */
#define DHCP_HOSTNAME_MAX 63
#define DHCP_VENDOR_MAX   64

/* Option 53 values (RFC 2132 9.6). */
enum dhcp_msg_type {
	DHCP_MSG_NONE = 0,
	DHCP_MSG_DISCOVER = 1,
	DHCP_MSG_OFFER = 2,
	DHCP_MSG_REQUEST = 3,
	DHCP_MSG_DECLINE = 4,
	DHCP_MSG_ACK = 5,
	DHCP_MSG_NAK = 6,
	DHCP_MSG_RELEASE = 7,
	DHCP_MSG_INFORM = 8,
	DHCP_MSG_TYPE_MAX
};

/* "DISCOVER", "OFFER", ... for logs; index by enum dhcp_msg_type. */
extern const char *const dhcp_msg_type_name[DHCP_MSG_TYPE_MAX];

struct dhcp_build {
	enum dhcp_msg_type type; /* DHCP_MSG_DISCOVER or DHCP_MSG_REQUEST */
	uint32_t xid;
	uint8_t mac[6];          /* chaddr; client id (61) is 01 + mac */
	uint16_t secs;
	bool rapid_commit;       /* DISCOVER only: option 80 (RFC 4039) */
	uint32_t requested_ip;   /* REQUEST: option 50, required (host order) */
	uint32_t server_id;      /* REQUEST: option 54, 0 = omit */
	uint16_t max_size;       /* option 57, 0 = DHCP_MSG_MAX_SIZE; >= 576 */
	const char *hostname;    /* option 12, NULL or "" = omit */
	const char *vendor_class; /* option 60, NULL or "" = omit */
};

/*
 * Write the frame for b into buf and its length to *len.  Options, in this
 * order: 53, 61, 50 and 54 (REQUEST), 55 {1,3,6,12,15,17,26,28,42,66,67,
 * 119}, 57, 12, 60, 80 (DISCOVER, when asked), END; the BOOTP part is
 * padded to 300 bytes (RFC 1542 section 2.1, for old relays).
 * -EINVAL: NULL pointers, another type, REQUEST without requested_ip,
 * max_size below 576, hostname / vendor class too long or with control
 * bytes.  -ENOBUFS: bufsz too small (DHCP_MSG_BUILD_MAX always fits).
 * buf and *len are written only on success.
 */
int dhcp_msg_build(const struct dhcp_build *b, uint8_t *buf, size_t bufsz,
		   size_t *len);

/* dhcp_reply.flags */
#define DHCP_REPLY_RAPID_COMMIT   0x01u /* option 80 present */
#define DHCP_REPLY_BAD_OPTION     0x02u /* an option was malformed: ignored */
#define DHCP_REPLY_BAD_FIELD      0x04u /* BOOTP sname/file unusable: ignored */
#define DHCP_REPLY_OVERLOAD_FILE  0x08u /* file carried options (52) */
#define DHCP_REPLY_OVERLOAD_SNAME 0x10u /* sname carried options (52) */

struct dhcp_reply {
	enum dhcp_msg_type type; /* DHCP_MSG_OFFER, _ACK or _NAK */
	unsigned flags;
	uint8_t bad_option;      /* first ignored option, with BAD_OPTION */
	char message[256];       /* option 56, e.g. a NAK's reason */
	struct lease lease;      /* is_static false; rapid_commit = ACK + 80 */
};

/* dhcp_msg_parse() flags */
/* The kernel said the UDP checksum was never filled in (PACKET_AUXDATA
 * TP_STATUS_CSUMNOTREADY: a sender on this host with checksum offload,
 * e.g. a DHCP server across a veth pair).  The UDP checksum is not checked. */
#define DHCP_PARSE_NO_UDP_CSUM 0x01u

/*
 * Parse buf[0..len), which starts at the IPv4 header; bytes after the IP
 * total length (link padding) are ignored.  Checks, in order:
 *   IP: version 4, 5 <= IHL, header within len, IHL*4 + 8 <= total length
 *       <= len, no fragment (MF or offset), protocol UDP (else -ENOMSG),
 *       header checksum;
 *   UDP: 8 <= length <= IP payload, ports 67 -> 68 (else -ENOMSG),
 *       checksum when non-zero (unless DHCP_PARSE_NO_UDP_CSUM);
 *   BOOTP: the 236-byte header present, then identity: op BOOTREPLY,
 *       htype 1, hlen 6, xid, chaddr == mac (else -ENOMSG), then the magic
 *       cookie (else -EBADMSG);
 *   options (dhcp-opt.c): structure and END in every used field, option 52
 *       valid, option 53 present with 1 byte (else -EBADMSG) and one of
 *       OFFER, ACK, NAK (else -ENOMSG).
 * Every other option that is malformed (wrong fixed size, list not a
 * multiple of 4, string with control bytes or too long for its lease
 * field, bad domain search, MTU < 68) is dropped, not the packet: the
 * reply gets DHCP_REPLY_BAD_OPTION and bad_option names the first one.
 * Option 67 wins over the BOOTP file field, 66 over sname.
 * Returns 0, -EBADMSG, -ENOMSG or -EINVAL (NULL pointers); *out is written
 * only on success.
 */
int dhcp_msg_parse(const uint8_t *buf, size_t len, uint32_t xid,
		   const uint8_t mac[6], unsigned flags,
		   struct dhcp_reply *out);
/* The same, and on -EBADMSG / -ENOMSG *why (may be NULL) names the check
 * that failed: a static string for the report ("UDP checksum wrong"). */
int dhcp_msg_parse_why(const uint8_t *buf, size_t len, uint32_t xid,
		       const uint8_t mac[6], unsigned flags,
		       struct dhcp_reply *out, const char **why);

#endif

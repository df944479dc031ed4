/*
 * rpcbind.c - PMAP GETPORT call and reply (RFC 1833 section 3; the RPC
 * message layout of RFC 5531 section 9).  Every field of a reply is
 * checked against the datagram's length before it is read: a short or
 * lying datagram is an error, never a read past its end.
 */
#include "rpcbind.h"

#include <errno.h>

#define RPC_CALL        0u
#define RPC_REPLY       1u
#define RPC_VERS        2u
#define MSG_ACCEPTED    0u
#define ACCEPT_SUCCESS  0u
#define PMAP_PROG       100000u
#define PMAP_VERS       2u
#define PMAP_GETPORT    3u
#define AUTH_MAX        400u    /* RFC 5531: opaque_auth body <= 400 */

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

int rpcb_getport_call(uint8_t *buf, size_t cap, uint32_t xid, uint32_t prog,
		      uint32_t vers, uint32_t proto)
{
	const uint32_t w[RPCB_CALL_LEN / 4] = {
		xid, RPC_CALL, RPC_VERS, PMAP_PROG, PMAP_VERS, PMAP_GETPORT,
		0, 0,  /* credential: AUTH_NONE, empty */
		0, 0,  /* verifier: AUTH_NONE, empty */
		prog, vers, proto, 0, /* the mapping asked about; port ignored */
	};
	size_t i;

	if (cap < RPCB_CALL_LEN)
		return -ENOBUFS;
	for (i = 0; i < RPCB_CALL_LEN / 4; i++)
		put32(buf + 4 * i, w[i]);
	return RPCB_CALL_LEN;
}

int rpcb_getport_reply(const uint8_t *buf, size_t len, uint32_t *xid, uint16_t *port)
{
	size_t off;
	uint32_t alen, v;

	if (len < 12)
		return -ENOMSG;
	*xid = get32(buf);
	if (get32(buf + 4) != RPC_REPLY)
		return -ENOMSG;
	if (get32(buf + 8) != MSG_ACCEPTED)
		return -EPROTO;         /* MSG_DENIED: RPC mismatch or auth */
	/* verifier: flavor, length, body padded to 4 */
	if (len < 20)
		return -EBADMSG;
	alen = get32(buf + 16);
	if (alen > AUTH_MAX)
		return -EBADMSG;
	off = 20 + ((alen + 3u) & ~3u);
	if (len < off + 4)
		return -EBADMSG;
	if (get32(buf + off) != ACCEPT_SUCCESS)
		return -EPROTO;
	off += 4;
	if (len < off + 4)
		return -EBADMSG;
	v = get32(buf + off);
	if (v > 65535u)
		return -EBADMSG;
	*port = (uint16_t)v;
	return 0;
}

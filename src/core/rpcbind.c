/*
 * rpcbind.c - PMAP GETPORT call and reply (RFC 1833 section 3; the RPC
 * message layout of RFC 5531 section 9).  A reply is read through the
 * bounded cursor (cur.h): a short or lying datagram is an error, never a
 * read past its end.
 */
#include "cur.h"
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
	struct cur c;
	uint32_t mtype, stat, alen, v;

	if (len < 12)
		return -ENOMSG;
	cur_init(&c, buf, len);
	cur_be32(&c, xid);
	cur_be32(&c, &mtype);
	cur_be32(&c, &stat);
	if (mtype != RPC_REPLY)
		return -ENOMSG;
	if (stat != MSG_ACCEPTED)
		return -EPROTO;         /* MSG_DENIED: RPC mismatch or auth */
	/* verifier: flavor, length, body padded to 4 */
	if (cur_skip(&c, 4) || cur_be32(&c, &alen) || alen > AUTH_MAX ||
	    cur_skip(&c, (alen + 3u) & ~3u) || cur_be32(&c, &stat))
		return -EBADMSG;
	if (stat != ACCEPT_SUCCESS)
		return -EPROTO;
	if (cur_be32(&c, &v) || v > 65535u)
		return -EBADMSG;
	*port = (uint16_t)v;
	return 0;
}

/*
 * fuzz-rpcbind.c - rpcb_getport_reply() on hostile datagrams.  The input
 * is the datagram, copied to a buffer of its exact size (a read past len
 * is an ASan error).  Properties: only the documented results; *port
 * written only on success; the same bytes always give the same result.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "rpcbind.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *buf = malloc(size ? size : 1);
	uint32_t xid = 0, xid2 = 0;
	uint16_t port = 0x5a5a, port2 = 0x5a5a;
	int rc, rc2;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	rc = rpcb_getport_reply(buf, size, &xid, &port);
	FZ_ASSERT(rc == 0 || rc == -ENOMSG || rc == -EPROTO || rc == -EBADMSG);
	if (rc)
		FZ_ASSERT(port == 0x5a5a);
	if (size < 12)
		FZ_ASSERT(rc == -ENOMSG);
	rc2 = rpcb_getport_reply(buf, size, &xid2, &port2);
	FZ_ASSERT(rc2 == rc && port2 == port);
	if (size >= 12)
		FZ_ASSERT(xid2 == xid);
	free(buf);
	return 0;
}

/*
 * rpcbind.h - one question to an NFS server's portmapper (RFC 1833,
 * PMAP version 2, GETPORT over UDP): "on which port do you serve program
 * P version V over protocol X?".  The mount phase asks it for NFS 3 and
 * MOUNT 3 before it mounts: a server that lists them gets a quick v3
 * mount with the ports given (the kernel then skips its own portmapper
 * round trips and the v4 client's set-up); one that does not is mounted
 * as before.  Pure: the call's bytes and the reader of the reply, which
 * is hostile until proved otherwise.
 */
#ifndef NETBOOT_RPCBIND_H
#define NETBOOT_RPCBIND_H

#include <stddef.h>
#include <stdint.h>

#define RPCB_PORT      111
#define RPCB_PROG_NFS   100003u
#define RPCB_PROG_MOUNT 100005u
#define RPCB_PROTO_TCP  6u
#define RPCB_PROTO_UDP  17u
#define RPCB_CALL_LEN   56      /* the GETPORT call, AUTH_NONE */
#define RPCB_REPLY_MAX  128     /* what is read of a reply */

/* Write the GETPORT call for (prog, vers, proto) with transaction id xid
 * into buf.  RPCB_CALL_LEN, or -ENOBUFS when cap is smaller. */
int rpcb_getport_call(uint8_t *buf, size_t cap, uint32_t xid, uint32_t prog,
		      uint32_t vers, uint32_t proto);

/*
 * Read a reply of len bytes.  *xid gets its transaction id whenever the
 * header is there (so the caller can match it to one of its calls).
 *   0        an accepted, successful reply: *port is the port, 0 when
 *            the program is not registered for that version and protocol
 *   -ENOMSG  not a reply (a call, or shorter than the RPC header)
 *   -EPROTO  the portmapper refused the call (denied, or accepted with an
 *            error: program or version unavailable, garbage arguments)
 *   -EBADMSG malformed: the verifier or the result runs past the end, a
 *            port above 65535
 */
int rpcb_getport_reply(const uint8_t *buf, size_t len, uint32_t *xid, uint16_t *port);

#endif

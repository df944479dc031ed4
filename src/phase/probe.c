/*
 * probe.c - the portmapper question before the mount (probe.h): three
 * GETPORT calls in one go (NFS 3 over TCP, MOUNT 3 over TCP and over
 * UDP) on one connected UDP socket, their replies matched by transaction
 * id; the calls and replies are core/rpcbind.c's, the socket sys/udp.c's.
 */
#include <errno.h>
#include <string.h>

#include "clock.h"
#include "log.h"
#include "probe.h"
#include "rpcbind.h"
#include "udp.h"

enum { Q_NFS, Q_MNT_TCP, Q_MNT_UDP, N_Q };

static const struct {
	uint32_t prog, proto;
} ask[N_Q] = {
	[Q_NFS] = { RPCB_PROG_NFS, RPCB_PROTO_TCP },
	[Q_MNT_TCP] = { RPCB_PROG_MOUNT, RPCB_PROTO_TCP },
	[Q_MNT_UDP] = { RPCB_PROG_MOUNT, RPCB_PROTO_UDP },
};

void probe_nfs3(struct nfsspec *spec, uint64_t deadline_ms)
{
	uint8_t buf[RPCB_REPLY_MAX];
	uint16_t port[N_Q] = { 0 };
	uint32_t xid0 = clock_random() & ~(uint32_t)3;
	uint64_t t0 = clock_ms(), until = t0 + PROBE_WAIT_MS;
	unsigned answered = 0, i;
	const char *how = "no answer";
	int fd, n;

	if (spec->v6 || !spec->server4 || !(spec->vers_mask & NFSSPEC_V3))
		return;
	if (until > deadline_ms)
		until = deadline_ms;
	fd = udp_connect(spec->server4, RPCB_PORT);
	if (fd < 0) {
		log_debug("portmapper of %s: no socket: %s", spec->server, strerror(-fd));
		return;
	}
	for (i = 0; i < N_Q; i++) {
		n = rpcb_getport_call(buf, sizeof(buf), xid0 + i, ask[i].prog, 3, ask[i].proto);
		if (n > 0)
			n = udp_send(fd, buf, (size_t)n);
		if (n < 0)
			break;
	}
	while (answered != (1u << N_Q) - 1) {
		uint64_t now = clock_ms();
		uint32_t xid;
		uint16_t p;

		if (now >= until) {
			how = answered ? "some calls unanswered" : "no answer";
			break;
		}
		n = udp_recv(fd, buf, sizeof(buf), (unsigned)(until - now));
		if (n == -ECONNREFUSED) {
			how = "port 111 closed";
			break;
		}
		if (n < 0) {
			how = n == -ETIMEDOUT ? (answered ? "some calls unanswered" : "no answer") :
						strerror(-n);
			break;
		}
		p = 0;
		n = rpcb_getport_reply(buf, (size_t)n, &xid, &p);
		if ((n && n != -EPROTO) || xid - xid0 >= N_Q)
			continue; /* not a reply to one of ours: keep waiting */
		port[xid - xid0] = p; /* refused: as good as not listed */
		answered |= 1u << (xid - xid0);
		how = "answered";
	}
	udp_close(fd);
	if (nfsspec_set_v3_ports(spec, port[Q_NFS], port[Q_MNT_TCP], port[Q_MNT_UDP]))
		log_debug("portmapper of %s (%lu ms): NFS 3 on TCP port %u, MOUNT 3 on %s port %u: NFS 3 first",
			  spec->server, (unsigned long)(clock_ms() - t0), (unsigned)spec->v3_port,
			  spec->mnt_udp ? "UDP" : "TCP", (unsigned)spec->mnt_port);
	else
		log_debug("portmapper of %s (%lu ms): %s%s: NFS 4 first", spec->server,
			  (unsigned long)(clock_ms() - t0), how,
			  answered && !port[Q_NFS] ? ", no NFS 3 on TCP" :
			  answered && !port[Q_MNT_TCP] && !port[Q_MNT_UDP] ? ", no MOUNT 3" : "");
}

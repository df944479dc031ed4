/*
 * packet.h - AF_PACKET datagram sockets for DHCP before an interface has
 * an address.  The buffers start at the IPv4 header (SOCK_DGRAM); building
 * and checking IP/UDP headers is core/dhcp-msg.c's job.
 */
#ifndef NETBOOT_PACKET_H
#define NETBOOT_PACKET_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Open a socket bound to ifindex, receiving only IPv4 UDP to port 68 (a
 * classic BPF filter), non-blocking.  fd or -errno. */
int packet_open(int ifindex);
/* Broadcast an IPv4 datagram (ff:ff:ff:ff:ff:ff).  0 or -errno. */
int packet_send(int fd, int ifindex, const void *buf, size_t len);
/* Receive one datagram; our own outgoing frames are skipped (-EAGAIN).
 * *csum_unset is set when the kernel says the UDP checksum was never
 * filled in (TP_STATUS_CSUMNOTREADY: a sender on this host with checksum
 * offload, e.g. across a veth pair).  Returns the length or -errno
 * (-EAGAIN when nothing is queued). */
ssize_t packet_recv(int fd, void *buf, size_t sz, int *csum_unset);

/* One socket to wait on: fd in, ready / broken out. */
struct packet_wait {
	int fd;
	bool ready;   /* a datagram is queued (POLLIN) */
	bool broken;  /* POLLERR, POLLHUP or POLLNVAL: the socket will not
		       * deliver again (its interface went away) */
	int err;      /* with broken: the socket's pending error (SO_ERROR,
		       * negative) or -ENODEV, -EBADF for POLLNVAL */
};
/* Wait up to timeout_ms (0 = just look) for any of w[0..n) to be ready
 * or broken.  Returns how many are, 0 on timeout, or -errno (-EINTR is
 * returned as 0). */
int packet_wait(struct packet_wait *w, size_t n, int timeout_ms);
void packet_close(int fd);
/* Close every fd in fds[0..n) that is >= 0 and set it to -1, without
 * waiting for the kernel: closing a bound packet socket waits for an RCU
 * grace period (synchronize_net(): ~15 ms a socket on a host, far more
 * on an emulated machine), so a short-lived child holds the last
 * references and pays that wait while the caller carries on. */
void packet_close_all(int *fds, size_t n);

#endif

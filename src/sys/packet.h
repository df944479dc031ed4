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

/* Open one socket for every interface (no interface bound: the kernel
 * hooks it once, whatever the number of NICs), receiving only IPv4 UDP to
 * port 68 that came in on one of ifindex[0..n) (n <= 64; 0: any; a
 * classic BPF filter, core/pktfilter.c), non-blocking.  An interface that
 * goes away leaves it working for the others (only a socket bound to
 * that interface gets ENETDOWN).  fd or -errno. */
int packet_open(const int *ifindex, size_t n);
/* Broadcast an IPv4 datagram (ff:ff:ff:ff:ff:ff) on ifindex.  0 or -errno
 * (-ENXIO / -ENODEV: no such interface any more, -ENETDOWN: it is down). */
int packet_send(int fd, int ifindex, const void *buf, size_t len);
/* Receive one datagram; our own outgoing frames are skipped (-EAGAIN).
 * *ifindex is the interface it came in on (sll_ifindex): the caller
 * hands it to that NIC's client, or drops it.
 * *csum_unset is set when the kernel says the UDP checksum was never
 * filled in (TP_STATUS_CSUMNOTREADY: a sender on this host with checksum
 * offload, e.g. across a veth pair).  Returns the length or -errno
 * (-EAGAIN when nothing is queued). */
ssize_t packet_recv(int fd, void *buf, size_t sz, int *csum_unset, int *ifindex);

/* One socket to wait on (the packet socket, or link_watch_open()'s):
 * fd in, ready / broken out. */
struct packet_wait {
	int fd;
	bool ready;   /* a datagram is queued (POLLIN) */
	bool broken;  /* POLLERR, POLLHUP or POLLNVAL: the socket will not
		       * deliver again */
	int err;      /* with broken: the socket's pending error (SO_ERROR,
		       * negative) or -ENODEV, -EBADF for POLLNVAL */
};
/* Wait up to timeout_ms (0 = just look) for any of w[0..n) to be ready
 * or broken.  Returns how many are, 0 on timeout, or -errno (-EINTR is
 * returned as 0). */
int packet_wait(struct packet_wait *w, size_t n, int timeout_ms);
void packet_close(int fd);
/*
 * Close every fd in fds[0..n) that is >= 0 and set it to -1, without
 * waiting for the kernel, then run after(arg) (NULL: nothing), also off
 * the caller's path.  Closing a hooked packet socket waits for an RCU
 * grace period (packet_release()'s synchronize_net(): ~15 ms a socket on
 * a host, far more on an emulated or loaded machine), and taking a link
 * down waits for one too (dev_deactivate_many()).  So a helper process
 * holds the last references and runs after(): a sibling of this process
 * (clone(2) CLONE_PARENT: our parent reaps it; where that is refused, a
 * grandchild whose parent exits at once and is reaped here, leaving the
 * helper to init), so this process has no zombie and nothing to wait
 * for; the helper closes its stdin, stdout and stderr
 * (a pipe reading this process's output sees its end when this process
 * exits); it leaves the sockets only once the caller has closed its own
 * copies (a pipe's end of file says so), so the last close, and its wait,
 * is never the caller's.  after() must not log: it runs in the helper,
 * which may outlive the caller by a few milliseconds.  When no process
 * can be started, all of it happens here, in order.
 */
void packet_close_all(int *fds, size_t n, void (*after)(void *), void *arg);

#endif

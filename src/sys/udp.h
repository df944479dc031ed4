/*
 * udp.h - a connected UDP socket: the boot report's way to the boot
 * server (send only, never blocks) and the resolver's to a DNS server
 * (send, then wait a bounded time for a datagram).  No decisions here.
 */
#ifndef NETBOOT_UDP_H
#define NETBOOT_UDP_H

#include <stddef.h>
#include <stdint.h>

/* A non-blocking datagram socket connected to addr:port (host order).
 * The fd, or -errno. */
int udp_connect(uint32_t addr, uint16_t port);

/* Send one datagram without waiting (MSG_DONTWAIT).  0, or -errno:
 * -EAGAIN / -ENOBUFS when the queue is full, -ECONNREFUSED after an ICMP
 * port unreachable for an earlier datagram. */
int udp_send(int fd, const void *buf, size_t len);

/* Wait at most timeout_ms for one datagram from the connected peer and
 * read at most cap bytes of it.  The length read (a longer datagram is
 * cut), -ETIMEDOUT, -ECONNREFUSED (the peer's port is closed: an ICMP
 * error for an earlier send), or -errno. */
int udp_recv(int fd, void *buf, size_t cap, unsigned timeout_ms);

void udp_close(int fd);

#endif

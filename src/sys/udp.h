/*
 * udp.h - a UDP socket that only sends, never blocks: the boot report's
 * way to the boot server.  No decisions here.
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

void udp_close(int fd);

#endif

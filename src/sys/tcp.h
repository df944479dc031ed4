/*
 * tcp.h - a TCP connection to an HTTP server: connect, send and receive,
 * each waiting at most the time it is given.  No decisions here.
 */
#ifndef NETBOOT_TCP_H
#define NETBOOT_TCP_H

#include <stddef.h>
#include <stdint.h>

/* Connect to addr:port (host order) within timeout_ms.  The fd
 * (non-blocking, close-on-exec), or -ETIMEDOUT, -ECONNREFUSED,
 * -EHOSTUNREACH, -ENETUNREACH or another -errno. */
int tcp_connect(uint32_t addr, uint16_t port, unsigned timeout_ms);

/* Send all len bytes within timeout_ms.  0, -ETIMEDOUT, -EPIPE (the peer
 * closed), or -errno. */
int tcp_send_all(int fd, const void *buf, size_t len, unsigned timeout_ms);

/* Wait at most timeout_ms for bytes and read at most cap of them.  The
 * count read, 0 when the peer closed, -ETIMEDOUT, -ECONNRESET or -errno. */
long tcp_recv(int fd, void *buf, size_t cap, unsigned timeout_ms);

void tcp_close(int fd);

#endif

/*
 * tcp.c - the TCP edge (tcp.h): non-blocking sockets, every wait a poll(2)
 * with the caller's timeout.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include "tcp.h"

#ifndef MSG_NOSIGNAL
#define MSG_NOSIGNAL 0x4000
#endif

/* poll fd for events at most timeout_ms: 1 ready, 0 timed out, -errno. */
static int wait_fd(int fd, short events, unsigned timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = events };
	int r;

	do
		r = poll(&p, 1, (int)timeout_ms);
	while (r < 0 && errno == EINTR);
	return r < 0 ? -errno : r;
}

int tcp_connect(uint32_t addr, uint16_t port, unsigned timeout_ms)
{
	struct sockaddr_in sin;
	socklen_t sl = sizeof(int);
	int fd = socket(AF_INET, SOCK_STREAM, 0), err = 0, r;

	if (fd < 0)
		return -errno;
	if (fcntl(fd, F_SETFL, O_NONBLOCK) < 0 || fcntl(fd, F_SETFD, FD_CLOEXEC) < 0)
		goto fail;
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(port);
	sin.sin_addr.s_addr = htonl(addr);
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) == 0)
		return fd;
	if (errno != EINPROGRESS)
		goto fail;
	r = wait_fd(fd, POLLOUT, timeout_ms);
	if (r <= 0) {
		close(fd);
		return r ? r : -ETIMEDOUT;
	}
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &sl) < 0)
		goto fail;
	if (err) {
		close(fd);
		return -err;
	}
	return fd;
fail:
	err = -errno;
	close(fd);
	return err;
}

int tcp_send_all(int fd, const void *buf, size_t len, unsigned timeout_ms)
{
	const char *p = buf;

	while (len) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL | MSG_DONTWAIT);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN) {
			int r = wait_fd(fd, POLLOUT, timeout_ms);

			if (r <= 0)
				return r ? r : -ETIMEDOUT;
			continue;
		}
		if (n < 0)
			return -errno;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

long tcp_recv(int fd, void *buf, size_t cap, unsigned timeout_ms)
{
	for (;;) {
		ssize_t n = recv(fd, buf, cap, MSG_DONTWAIT);
		int r;

		if (n >= 0)
			return (long)n;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN)
			return -errno;
		r = wait_fd(fd, POLLIN, timeout_ms);
		if (r <= 0)
			return r ? r : -ETIMEDOUT;
	}
}

void tcp_close(int fd)
{
	if (fd >= 0)
		close(fd);
}

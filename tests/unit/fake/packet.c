/*
 * packet.c (fake) - src/sys/packet.c for the phase seam: a socket is an
 * in-memory queue per ifindex; what the phase sends goes to the test's
 * server callback, which answers with fake_packet_queue().  packet_wait()
 * never sleeps: with nothing to report it moves the fake clock to its
 * timeout.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fake.h"
#include "packet.h"

#define FD_BASE 1000
#define SOCK_MAX 128
#define QUEUE_MAX 4096

struct frame {
	struct frame *next;
	size_t len;
	bool csum_unset;
	uint8_t b[];
};

struct sock {
	bool open;
	int ifindex;
	int broken;  /* -errno once broken, 0 otherwise */
	bool err_read;
	struct frame *head, *tail;
	size_t n;
};

static struct sock socks[SOCK_MAX];
static fake_server_fn server;
static void *server_arg;
unsigned fake_packet_waits, fake_packet_sent, fake_packet_open_now, fake_packet_opened;

static void drain(struct sock *s)
{
	while (s->head) {
		struct frame *f = s->head;

		s->head = f->next;
		free(f);
	}
	s->tail = NULL;
	s->n = 0;
}

void fake_packet_reset(void)
{
	size_t i;

	for (i = 0; i < SOCK_MAX; i++)
		drain(&socks[i]);
	memset(socks, 0, sizeof(socks));
	server = NULL;
	server_arg = NULL;
	fake_packet_waits = fake_packet_sent = fake_packet_open_now = fake_packet_opened = 0;
}

void fake_packet_server(fake_server_fn fn, void *arg)
{
	server = fn;
	server_arg = arg;
}

static struct sock *by_fd(int fd)
{
	if (fd < FD_BASE || fd >= FD_BASE + SOCK_MAX || !socks[fd - FD_BASE].open)
		return NULL;
	return &socks[fd - FD_BASE];
}

static struct sock *by_ifindex(int ifindex)
{
	size_t i;

	for (i = 0; i < SOCK_MAX; i++)
		if (socks[i].open && socks[i].ifindex == ifindex)
			return &socks[i];
	return NULL;
}

int fake_packet_queue(int ifindex, const uint8_t *frame, size_t len, bool csum_unset)
{
	struct sock *s = by_ifindex(ifindex);
	struct frame *f;

	if (!s || s->broken)
		return 0; /* nobody listening: lost, as on a wire */
	if (s->n >= QUEUE_MAX)
		return -ENOBUFS;
	f = malloc(sizeof(*f) + len);
	if (!f)
		return -ENOMEM;
	f->next = NULL;
	f->len = len;
	f->csum_unset = csum_unset;
	memcpy(f->b, frame, len);
	if (s->tail)
		s->tail->next = f;
	else
		s->head = f;
	s->tail = f;
	s->n++;
	return 0;
}

void fake_packet_break(int ifindex, int err)
{
	struct sock *s = by_ifindex(ifindex);

	if (s) {
		s->broken = err ? err : -ENETDOWN;
		drain(s);
	}
}

int packet_open(int ifindex)
{
	size_t i;

	for (i = 0; i < SOCK_MAX; i++) {
		if (!socks[i].open) {
			memset(&socks[i], 0, sizeof(socks[i]));
			socks[i].open = true;
			socks[i].ifindex = ifindex;
			fake_packet_open_now++;
			fake_packet_opened++;
			return FD_BASE + (int)i;
		}
	}
	return -EMFILE;
}

int packet_send(int fd, int ifindex, const void *buf, size_t len)
{
	struct sock *s = by_fd(fd);

	if (!s)
		return -EBADF;
	if (s->broken)
		return s->broken;
	fake_packet_sent++;
	if (server)
		server(ifindex, buf, len, server_arg);
	return 0;
}

ssize_t packet_recv(int fd, void *buf, size_t sz, int *csum_unset)
{
	struct sock *s = by_fd(fd);
	struct frame *f;
	size_t n;

	*csum_unset = 0;
	if (!s)
		return -EBADF;
	if (s->broken && !s->err_read) {
		s->err_read = true;
		return s->broken;
	}
	f = s->head;
	if (!f)
		return -EAGAIN;
	s->head = f->next;
	if (!s->head)
		s->tail = NULL;
	s->n--;
	n = f->len < sz ? f->len : sz;
	memcpy(buf, f->b, n);
	*csum_unset = f->csum_unset;
	free(f);
	return (ssize_t)n;
}

int packet_wait(struct packet_wait *w, size_t n, int timeout_ms)
{
	size_t i;
	int k = 0;

	fake_packet_waits++;
	for (i = 0; i < n; i++) {
		struct sock *s = by_fd(w[i].fd);

		w[i].ready = w[i].broken = false;
		w[i].err = 0;
		if (!s) {
			w[i].broken = true;
			w[i].err = -EBADF;
		} else if (s->broken) {
			/* POLLERR stays set: a real socket keeps reporting it */
			w[i].broken = true;
			w[i].err = s->broken;
		} else if (s->head) {
			w[i].ready = true;
		}
		if (w[i].ready || w[i].broken)
			k++;
	}
	if (k)
		fake_clock_advance(FAKE_WAKE_MS);
	else if (timeout_ms > 0)
		fake_clock_advance((uint64_t)timeout_ms);
	return k;
}

void packet_close(int fd)
{
	struct sock *s = by_fd(fd);

	if (!s)
		return;
	drain(s);
	s->open = false;
	fake_packet_open_now--;
}

/* The real one hands the sockets and after() to a helper process; here
 * both happen at once, in order. */
void packet_close_all(int *fds, size_t n, void (*after)(void *), void *arg)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (fds[i] >= 0) {
			packet_close(fds[i]);
			fds[i] = -1;
		}
	}
	if (after)
		after(arg);
}

/*
 * packet.c (fake) - src/sys/packet.c for the phase seam: the socket (one
 * for every interface, as the real one) is an in-memory queue of frames,
 * each with the ifindex it came in on; what the phase sends goes to the
 * test's server callback, which answers with fake_packet_queue().  packet_wait()
 * never sleeps: with nothing to report it moves the fake clock to its
 * timeout.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fake.h"
#include "packet.h"

#define FD_BASE 1000
#define SOCK_MAX 4
#define QUEUE_MAX 4096
#define GONE_MAX 16

struct frame {
	struct frame *next;
	size_t len;
	int ifindex;
	bool csum_unset;
	uint8_t b[];
};

/* One socket for every interface, as the real one. */
struct sock {
	bool open;
	struct frame *head, *tail;
	size_t n;
};

static struct sock socks[SOCK_MAX];
static struct { int ifindex, err; } gone[GONE_MAX];
static size_t n_gone;
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
	n_gone = 0;
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

static int gone_err(int ifindex)
{
	size_t i;

	for (i = 0; i < n_gone; i++)
		if (gone[i].ifindex == ifindex)
			return gone[i].err;
	return 0;
}

int fake_packet_queue(int ifindex, const uint8_t *frame, size_t len, bool csum_unset)
{
	struct frame *f;
	size_t i;

	if (gone_err(ifindex))
		return 0; /* no interface: lost, as on a wire */
	for (i = 0; i < SOCK_MAX; i++) {
		struct sock *s = &socks[i];

		if (!s->open)
			continue;
		if (s->n >= QUEUE_MAX)
			return -ENOBUFS;
		f = malloc(sizeof(*f) + len);
		if (!f)
			return -ENOMEM;
		f->next = NULL;
		f->len = len;
		f->ifindex = ifindex;
		f->csum_unset = csum_unset;
		memcpy(f->b, frame, len);
		if (s->tail)
			s->tail->next = f;
		else
			s->head = f;
		s->tail = f;
		s->n++;
	}
	return 0;
}

void fake_packet_break(int ifindex, int err)
{
	size_t i;

	if (gone_err(ifindex) || n_gone >= GONE_MAX)
		return;
	gone[n_gone].ifindex = ifindex;
	gone[n_gone].err = err ? err : -ENXIO;
	n_gone++;
	/* its frames go with it */
	for (i = 0; i < SOCK_MAX; i++) {
		struct frame **pp = &socks[i].head, *f;

		socks[i].tail = NULL;
		while ((f = *pp)) {
			if (f->ifindex == ifindex) {
				*pp = f->next;
				free(f);
				socks[i].n--;
			} else {
				socks[i].tail = f;
				pp = &f->next;
			}
		}
	}
	fake_link_gone(ifindex);
}

int packet_open(const int *ifindex, size_t n)
{
	size_t i;

	(void)ifindex;
	if (n > 64)
		return -EINVAL;

	for (i = 0; i < SOCK_MAX; i++) {
		if (!socks[i].open) {
			memset(&socks[i], 0, sizeof(socks[i]));
			socks[i].open = true;
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
	int e;

	if (!s)
		return -EBADF;
	e = gone_err(ifindex);
	if (e)
		return e;
	fake_packet_sent++;
	if (server)
		server(ifindex, buf, len, server_arg);
	return 0;
}

ssize_t packet_recv(int fd, void *buf, size_t sz, int *csum_unset, int *ifindex)
{
	struct sock *s = by_fd(fd);
	struct frame *f;
	size_t n;

	*csum_unset = 0;
	*ifindex = 0;
	if (!s)
		return -EBADF;
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
	*ifindex = f->ifindex;
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
		if (w[i].fd == FAKE_WATCH_FD) {
			w[i].ready = fake_link_events_pending();
		} else if (!s) {
			w[i].broken = true;
			w[i].err = -EBADF;
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

	if (fd == FAKE_WATCH_FD) {
		fake_link_watch_close();
		return;
	}
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

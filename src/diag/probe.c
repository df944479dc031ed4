/*
 * probe.c - system edge of netboot-diag: getifaddrs(), a non-blocking TCP
 * connect under poll(), bounded reads of /run, /proc and /boot files; for
 * netboot=http, DNS A lookups over UDP (core/dns builds and reads the
 * packets: glibc's static getaddrinfo cannot resolve in an initrd, which
 * has no NSS libraries) and HTTP exchanges over TCP (core/http reads the
 * heads and chunks).  Every wait ends at the caller's until_ms.  Leaves
 * all judgement to check.c, httpcheck.c and explain.c.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "dns.h"
#include "probe.h"
#include "squash.h"
#include "text.h"

int probe_ifaces(struct probe_if *out, size_t max, size_t *n)
{
	struct ifaddrs *ifa, *i;
	size_t k = 0;

	if (getifaddrs(&ifa) < 0)
		return -errno;
	for (i = ifa; i && k < max; i = i->ifa_next) {
		struct sockaddr_in sin, msk;
		char ip[TEXT_IPV4_SIZE];
		uint32_t m;
		unsigned bits = 0;

		if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET)
			continue;
		if ((i->ifa_flags & IFF_LOOPBACK) || !(i->ifa_flags & IFF_UP))
			continue;
		if (strlen(i->ifa_name) >= sizeof(out[k].name))
			continue;
		memcpy(&sin, i->ifa_addr, sizeof(sin));
		if (i->ifa_netmask) {
			memcpy(&msk, i->ifa_netmask, sizeof(msk));
			for (m = ntohl(msk.sin_addr.s_addr); m & 0x80000000u; m <<= 1)
				bits++;
		}
		memcpy(out[k].name, i->ifa_name, strlen(i->ifa_name) + 1);
		text_ipv4(ntohl(sin.sin_addr.s_addr), ip);
		memcpy(out[k].addr, ip, sizeof(ip));
		out[k].prefix = bits;
		k++;
	}
	freeifaddrs(ifa);
	*n = k;
	return 0;
}

int probe_tcp(const char *addr, unsigned port, unsigned timeout_ms)
{
	struct addrinfo hints, *ai = NULL;
	char ps[8];
	struct pollfd pfd;
	int fd, r, soerr = 0;
	socklen_t sl = sizeof(soerr);

	memset(&hints, 0, sizeof(hints));
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
	hints.ai_socktype = SOCK_STREAM;
	snprintf(ps, sizeof(ps), "%u", port);
	if (getaddrinfo(addr, ps, &hints, &ai) != 0 || !ai)
		return -EINVAL;
	fd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		r = -errno;
		freeaddrinfo(ai);
		return r;
	}
	r = connect(fd, ai->ai_addr, ai->ai_addrlen);
	freeaddrinfo(ai);
	if (r == 0)
		goto out;
	if (errno != EINPROGRESS) {
		r = -errno;
		goto out;
	}
	pfd.fd = fd;
	pfd.events = POLLOUT;
	do
		r = poll(&pfd, 1, (int)timeout_ms);
	while (r < 0 && errno == EINTR);
	if (r == 0) {
		r = -ETIMEDOUT;
		goto out;
	}
	if (r < 0) {
		r = -errno;
		goto out;
	}
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) < 0)
		r = -errno;
	else
		r = -soerr;
out:
	close(fd);
	return r;
}

int probe_read(const char *path, char *buf, size_t bufsz, size_t *len)
{
	size_t have = 0;
	int fd, r = 0;
	char extra;

	if (bufsz == 0)
		return -ENOBUFS;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	while (have < bufsz - 1) {
		ssize_t n = read(fd, buf + have, bufsz - 1 - have);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			r = -errno;
			break;
		}
		if (n == 0)
			break;
		have += (size_t)n;
	}
	if (r == 0 && have == bufsz - 1 && read(fd, &extra, 1) > 0)
		r = -EFBIG;
	close(fd);
	if (r)
		return r;
	buf[have] = '\0';
	*len = have;
	return 0;
}

int probe_netconf(const char *dir, char *path, size_t pathsz,
		  char *buf, size_t bufsz, size_t *len)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char best[256] = "";
	int n;

	if (!d)
		return -errno;
	while ((e = readdir(d)) != NULL) {
		if (fnmatch("net-*.conf", e->d_name, 0) != 0 ||
		    strlen(e->d_name) >= sizeof(best))
			continue;
		if (!best[0] || strcmp(e->d_name, best) < 0)
			memcpy(best, e->d_name, strlen(e->d_name) + 1);
	}
	closedir(d);
	if (!best[0])
		return -ENOENT;
	n = snprintf(path, pathsz, "%s/%s", dir, best);
	if (n < 0 || (size_t)n >= pathsz)
		return -ENAMETOOLONG;
	return probe_read(path, buf, bufsz, len);
}

int probe_kernel_config(char *release, size_t relsz, char **text, size_t *len)
{
	struct utsname u;
	char path[128 + sizeof(u.release)];
	size_t cap = SQUASH_CONFIG_MAX + 1; /* netboot's bound; configs are ~250 KiB */
	char *buf;
	int r;

	if (uname(&u) < 0)
		return -errno;
	snprintf(release, relsz, "%s", u.release);
	snprintf(path, sizeof(path), "/boot/config-%s", u.release);
	buf = malloc(cap);
	if (!buf)
		return -ENOMEM;
	r = probe_read(path, buf, cap, len);
	if (r) {
		free(buf);
		return r;
	}
	*text = buf;
	return 0;
}

int probe_log_last_error(const char *rundir, char *dst, size_t dstsz)
{
	char path[600];
	char *buf, *p, *last = NULL;
	size_t cap = 256u * 1024, len = 0;
	int r;

	if (snprintf(path, sizeof(path), "%s/netboot.log", rundir) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	buf = malloc(cap);
	if (!buf)
		return -ENOMEM;
	r = probe_read(path, buf, cap, &len);
	if (r == -EFBIG)
		r = 0, len = cap - 1; /* the start of a huge log is still useful */
	if (r) {
		free(buf);
		return r;
	}
	buf[len] = '\0';
	for (p = buf; p && *p;) {
		char *nl = strchr(p, '\n');

		if (nl)
			*nl = '\0';
		if (strstr(p, "error"))
			last = p;
		p = nl ? nl + 1 : NULL;
	}
	r = -ENOENT;
	if (last && dstsz) {
		text_sanitize(last, dst, dstsz); /* the console gets no control byte */
		r = 0;
	}
	free(buf);
	return r;
}

/* ---- netboot=http ------------------------------------------------------ */

uint64_t probe_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* Milliseconds until until_ms, at most cap (0: over). */
static int ms_left(uint64_t until_ms, unsigned cap)
{
	uint64_t now = probe_now_ms(), l = until_ms > now ? until_ms - now : 0;

	return (int)(l < cap ? l : cap);
}

/* poll() one fd for events until until_ms.  1 ready, -ETIMEDOUT, -errno. */
static int wait_fd(int fd, short events, uint64_t until_ms)
{
	struct pollfd pfd = { .fd = fd, .events = events };

	for (;;) {
		int t = ms_left(until_ms, 60000), r;

		if (t <= 0)
			return -ETIMEDOUT;
		r = poll(&pfd, 1, t);
		if (r > 0)
			return 1;
		if (r < 0 && errno != EINTR)
			return -errno;
	}
}

static void sin_of(uint32_t addr, uint16_t port, struct sockaddr_in *sa)
{
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	sa->sin_port = htons(port);
	sa->sin_addr.s_addr = htonl(addr);
}

static uint16_t random16(void)
{
	uint16_t v;

	if (getrandom(&v, sizeof(v), GRND_NONBLOCK) != (ssize_t)sizeof(v))
		v = (uint16_t)(probe_now_ms() * 2654435761u ^ (uint64_t)getpid());
	return v;
}

/* One query to server, answered before until_ms.  0 or dns_reply_parse()'s
 * error, -ETIMEDOUT, -errno. */
static int dns_ask(uint32_t server, const char *name, uint64_t until_ms,
		   struct dns_answer *a, unsigned *ignored, const char **why)
{
	uint8_t q[DNS_QUERY_MAX], r[DNS_UDP_MAX];
	struct sockaddr_in sa;
	uint16_t id = random16();
	int fd, len, rc;

	len = dns_query_build(q, sizeof(q), id, name);
	if (len < 0)
		return len;
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	sin_of(server, 53, &sa);
	/* connected: the kernel drops datagrams from any other address */
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    send(fd, q, (size_t)len, 0) != len) {
		rc = -errno;
		close(fd);
		return rc;
	}
	for (;;) {
		ssize_t n;

		rc = wait_fd(fd, POLLIN, until_ms);
		if (rc < 0)
			break;
		n = recv(fd, r, sizeof(r), 0);
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			rc = -errno; /* ECONNREFUSED: an ICMP port unreachable */
			break;
		}
		rc = dns_reply_parse(r, (size_t)n, id, name, a, why);
		if (rc == -ENOMSG || rc == -EBADMSG) {
			(*ignored)++; /* not the answer: keep waiting */
			continue;
		}
		break;
	}
	close(fd);
	return rc;
}

int probe_dns_a(const char *name, const uint32_t *servers, size_t nservers,
		uint64_t until_ms, uint32_t *addr, uint32_t *server,
		unsigned *ignored, char *why, size_t whysz)
{
	char ip[TEXT_IPV4_SIZE];
	unsigned wait = 1000;
	int last = -ETIMEDOUT;
	size_t i, any = 0;

	*ignored = 0;
	for (i = 0; i < nservers; i++)
		any += servers[i] != 0;
	if (!dns_name_ok(name)) {
		snprintf(why, whysz, "not a host name");
		return -EINVAL;
	}
	if (!any) {
		snprintf(why, whysz, "the lease names no DNS server (DHCP option 6)");
		return -EHOSTUNREACH;
	}
	snprintf(why, whysz, "no DNS server answered in time");
	for (int t = 0; t < 3; t++, wait *= 2) {
		for (i = 0; i < nservers; i++) {
			struct dns_answer a;
			const char *w = NULL;
			uint64_t now = probe_now_ms(), until;
			int rc;

			if (!servers[i])
				continue;
			if (now >= until_ms)
				return last;
			until = now + wait < until_ms ? now + wait : until_ms;
			rc = dns_ask(servers[i], name, until, &a, ignored, &w);
			text_ipv4(servers[i], ip);
			if (rc == 0) {
				*addr = a.addr[0];
				*server = servers[i];
				return 0;
			}
			if (rc == -ENOENT) {
				snprintf(why, whysz, "DNS server %s: %s", ip, w ? w : "no such name");
				return -ENOENT;
			}
			if (rc == -ETIMEDOUT)
				snprintf(why, whysz, "DNS server %s did not answer in %u ms", ip,
					 (unsigned)(until - now));
			else
				snprintf(why, whysz, "DNS server %s: %s", ip,
					 w ? w : strerror(-rc));
			last = rc == -ETIMEDOUT || rc == -EMSGSIZE ? rc :
			       rc == -EAGAIN ? -EAGAIN : -ETIMEDOUT;
			if (rc == -EMSGSIZE)
				return rc; /* the same answer again: no use asking */
		}
	}
	return last;
}

void probe_http_close(struct probe_http *h)
{
	if (h->fd >= 0)
		close(h->fd);
	h->fd = -1;
}

/* A TCP connection to addr:port before until_ms.  The fd or -errno. */
static int tcp_open(uint32_t addr, uint16_t port, uint64_t until_ms)
{
	struct sockaddr_in sa;
	int fd, r, soerr = 0;
	socklen_t sl = sizeof(soerr);

	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	sin_of(addr, port, &sa);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0)
		return fd;
	if (errno != EINPROGRESS) {
		r = -errno;
		close(fd);
		return r;
	}
	r = wait_fd(fd, POLLOUT, until_ms);
	if (r > 0) {
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) < 0)
			r = -errno;
		else
			r = soerr ? -soerr : 0;
	}
	if (r < 0) {
		close(fd);
		return r;
	}
	return fd;
}

/* recv() before until_ms: bytes (0 at the server's close) or -errno. */
static long recv_until(int fd, void *buf, size_t cap, uint64_t until_ms)
{
	for (;;) {
		ssize_t n = recv(fd, buf, cap, 0);
		int r;

		if (n >= 0)
			return (long)n;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			return -errno;
		r = wait_fd(fd, POLLIN, until_ms);
		if (r < 0)
			return r;
	}
}

int probe_http_exchange(uint32_t addr, uint16_t port, const char *req,
			size_t reqlen, uint64_t until_ms, struct probe_http *h,
			const char **why)
{
	size_t sent = 0;
	int r;

	memset(&h->r, 0, sizeof(h->r));
	h->len = h->used = 0;
	h->body_seen = 0;
	http_chunked_init(&h->ch);
	h->fd = tcp_open(addr, port, until_ms);
	if (h->fd < 0) {
		r = h->fd;
		h->fd = -1;
		return r;
	}
	while (sent < reqlen) {
		ssize_t n = send(h->fd, req + sent, reqlen - sent, MSG_NOSIGNAL);

		if (n > 0) {
			sent += (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
			r = -errno;
			goto fail;
		}
		r = wait_fd(h->fd, POLLOUT, until_ms);
		if (r < 0)
			goto fail;
	}
	for (;;) {
		long n = recv_until(h->fd, h->head + h->len, sizeof(h->head) - h->len,
				    until_ms);

		if (n <= 0) {
			r = n ? (int)n : -ECONNRESET;
			goto fail;
		}
		h->len += (size_t)n;
		r = http_parse_head(h->head, h->len, &h->r, why);
		if (r == 0)
			return 0;
		if (r == -EAGAIN && h->len < sizeof(h->head))
			continue;
		r = r == -EAGAIN ? -E2BIG : r;
		goto fail;
	}
fail:
	probe_http_close(h);
	return r;
}

int probe_http_body(struct probe_http *h, uint8_t *buf, size_t cap,
		    uint64_t until_ms, size_t *got)
{
	const struct http_resp *r = &h->r;
	uint8_t raw[16384];
	size_t have = 0;
	const char *why = NULL;

	*got = 0;
	for (;;) {
		size_t n, want = sizeof(raw), used;
		long d;

		if (r->has_length && h->body_seen >= r->length)
			break;
		if (r->chunked && h->ch.done)
			break;
		if (have == cap)
			return -EFBIG;
		if (!r->chunked && want > cap - have)
			want = cap - have; /* plain bodies: never read past what fits */
		if (r->has_length && want > r->length - h->body_seen)
			want = (size_t)(r->length - h->body_seen);
		if (h->used < h->len - r->head_len) { /* read with the head */
			n = h->len - r->head_len - h->used;
			n = n < want ? n : want;
			memcpy(raw, h->head + r->head_len + h->used, n);
			h->used += n;
		} else {
			long k;

			if (h->fd < 0)
				return -ECONNRESET;
			k = recv_until(h->fd, raw, want, until_ms);
			if (k < 0)
				return (int)k;
			if (k == 0) {
				if (r->has_length || r->chunked)
					return -ECONNRESET;
				break; /* the close ends a body of no length */
			}
			n = (size_t)k;
		}
		h->body_seen += n;
		if (r->chunked) {
			d = http_chunked_feed(&h->ch, raw, n, raw, &used, &why);
			if (d < 0)
				return -EBADMSG;
			n = (size_t)d;
		}
		if (n > cap - have) {
			memcpy(buf + have, raw, cap - have);
			have = cap;
			*got = have;
			return -EFBIG;
		}
		memcpy(buf + have, raw, n);
		have += n;
		*got = have;
	}
	*got = have;
	return 0;
}

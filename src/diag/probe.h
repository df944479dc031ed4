/*
 * probe.h - netboot-diag's system edge (src/diag/probe.c): interfaces,
 * TCP connect with a deadline, bounded file reads.  The only diag file
 * besides nfs.c that makes syscalls.  Errors are negative errnos; nothing
 * is printed here.
 */
#ifndef NETBOOT_DIAG_PROBE_H
#define NETBOOT_DIAG_PROBE_H

#include <stddef.h>
#include <stdint.h>

#include "http.h"
#include "text.h"

#define PROBE_IF_MAX 16

struct probe_if {
	char name[16];
	char addr[TEXT_IPV4_SIZE]; /* dotted quad (text_ipv4) */
	unsigned prefix;
};

/* Up, non-loopback interfaces with an IPv4 address.  0 (maybe *n == 0) or
 * a negative errno. */
int probe_ifaces(struct probe_if *out, size_t max, size_t *n);

/* TCP connect to addr (numeric IPv4 or IPv6) : port within timeout_ms.
 * 0, -ECONNREFUSED, -ETIMEDOUT, -EHOSTUNREACH, -ENETUNREACH, -EINVAL (not
 * a numeric address) or another negative errno. */
int probe_tcp(const char *addr, unsigned port, unsigned timeout_ms);

/* Read the whole of path into buf (bufsz-1 bytes at most, NUL added).
 * 0 with *len set, -EFBIG when the file is longer, or a negative errno. */
int probe_read(const char *path, char *buf, size_t bufsz, size_t *len);

/* The first (by name) net-*.conf in dir: its path and contents.
 * 0, -ENOENT, or what probe_read() returns. */
int probe_netconf(const char *dir, char *path, size_t pathsz,
		  char *buf, size_t bufsz, size_t *len);

/* The running kernel's release (uname -r) and its config text from
 * /boot/config-RELEASE (malloc'd, caller frees).  0 or -ENOENT/-errno. */
int probe_kernel_config(char *release, size_t relsz, char **text, size_t *len);

/* The last line of rundir/netboot.log that holds "error" (no newline).
 * 0, -ENOENT (no log or no such line), or a negative errno. */
int probe_log_last_error(const char *rundir, char *dst, size_t dstsz);

/* ---- netboot=http ----------------------------------------------------- */

/* Milliseconds of a monotonic clock. */
uint64_t probe_now_ms(void);

/*
 * name's IPv4 address (host order) through the DNS servers (host order, 0
 * entries skipped): an A query over UDP (core/dns), 3 rounds over the
 * servers waiting 1, 2, 4 s each, all before until_ms; a reply that is not
 * the answer to the query (another id or question, malformed) is ignored
 * and counted in *ignored.  0 with *addr and *server (who answered); else
 * -ENOENT (no such name, or no A record), -EHOSTUNREACH (no server given),
 * -EINVAL (not a host name), -ETIMEDOUT, -EAGAIN (the servers failed),
 * -EMSGSIZE (a truncated answer); *why says which, in a few words.
 */
int probe_dns_a(const char *name, const uint32_t *servers, size_t nservers,
		uint64_t until_ms, uint32_t *addr, uint32_t *server,
		unsigned *ignored, char *why, size_t whysz);

/* One HTTP exchange: its connection, the response head and the body bytes
 * read with it. */
struct probe_http {
	int fd;                   /* -1: closed */
	struct http_resp r;
	char head[HTTP_HEAD_MAX];
	size_t len;               /* bytes in head[] */
	size_t used;              /* body bytes of head[] handed out */
	uint64_t body_seen;       /* body bytes read (raw: chunked framing counted) */
	struct http_chunked ch;
};

/*
 * Connect to addr:port (host order), send req[0..reqlen) and read the
 * response head (core/http's http_parse_head), all before until_ms.  0
 * with h->r and h->fd open (probe_http_close() it); else h->fd is -1 and
 * -ECONNREFUSED, -EHOSTUNREACH, -ENETUNREACH, -ETIMEDOUT, -ECONNRESET (the
 * server closed before a whole head), -E2BIG (a head over HTTP_HEAD_MAX or
 * HTTP_LINES_MAX lines), -EBADMSG (malformed: *why), or another -errno.
 */
int probe_http_exchange(uint32_t addr, uint16_t port, const char *req,
			size_t reqlen, uint64_t until_ms, struct probe_http *h,
			const char **why);

/*
 * The body after probe_http_exchange(), into buf (cap bytes), chunked
 * bodies decoded: until the body ends (Content-Length reached, the last
 * chunk, or the server's close when neither is given) or buf is full.
 * *got is set either way.  0 the body ended; -EFBIG buf filled first;
 * -ECONNRESET the body ended short; -ETIMEDOUT; -EBADMSG (a bad chunk).
 */
int probe_http_body(struct probe_http *h, uint8_t *buf, size_t cap,
		    uint64_t until_ms, size_t *got);

void probe_http_close(struct probe_http *h);

#endif

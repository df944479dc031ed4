/*
 * fetch.c - the HTTP fetch phase (fetch.h).  For each URL in turn: find
 * the server (a name through the lease's DNS servers, phase/resolve.c),
 * ask its size (HEAD, redirects followed at most FETCH_REDIRECTS times),
 * check it against RAM before a byte is stored (core/ramcheck.c), then
 * GET it into a temporary file, hashing as it arrives.  A connection that
 * drops or stalls is resumed with a Range request; a server that answers
 * 5xx, refuses or times out is retried with backoff; a URL that cannot
 * serve the image (404, a redirect loop, a checksum that does not match)
 * gives way to the next one.  At the end the digests are compared with
 * netboot.sha256= and with the entry of a checksum list found beside the
 * image (tree_list()), and the squashfs superblock checked; only then is
 * the file renamed to its name.  An ISO URL goes through fetch-iso.c,
 * which finds the image's bytes in it, or falls back to the whole ISO
 * (fetch_mount_iso() loop-mounts it).  Small files beside the image
 * (.disk/, checksum lists) go through the same engine with a size limit
 * and no retries (fetch_aux(), tree_list()).
 *
 * Every wait is bounded by the phase's deadline (netboot.fetch-timeout=,
 * cut to what is left of netboot.timeout=); a connection gets at most
 * FETCH_STALL_MS without a byte.  HTTP itself (URLs, heads, chunks) is
 * core/http.c's and every byte of it is hostile; the sockets are
 * sys/tcp.c's, the file sys/fs.c's.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "blk.h"
#include "clock.h"
#include "fetch-int.h"
#include "fetch.h"
#include "file.h"
#include "fs.h"
#include "http.h"
#include "livecheck.h"
#include "log.h"
#include "mnt.h"
#include "mount.h"
#include "phase.h"
#include "ramcheck.h"
#include "resolve.h"
#include "sha256.h"
#include "squash.h"
#include "tcp.h"
#include "text.h"

/* num/den with one decimal ("12.3"): klibc's printf has no %f. */
char *fx_tenths(char dst[24], uint64_t num, uint64_t den)
{
	uint64_t t = den ? (num > UINT64_MAX / 10 ? num / den * 10 : num * 10 / den) : 0;

	snprintf(dst, 24, "%llu.%u", (unsigned long long)(t / 10), (unsigned)(t % 10));
	return dst;
}

/* Add to the failure sentence. */
__attribute__((format(printf, 2, 3))) static void why_add(struct fetch *f, const char *fmt, ...)
{
	size_t n = strlen(f->why);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(f->why + n, sizeof(f->why) - n, fmt, ap);
	va_end(ap);
}

static uint64_t left_ms(const struct fetch *f)
{
	uint64_t now = clock_ms();

	return now < f->deadline ? f->deadline - now : 0;
}

/* timeout_ms, cut to what is left of the phase. */
unsigned fx_wait_ms(const struct fetch *f, unsigned timeout_ms)
{
	uint64_t left = left_ms(f);

	return left < timeout_ms ? (unsigned)left : timeout_ms;
}

void fx_conn_close(struct fetch *f)
{
	tcp_close(f->cn.fd);
	f->cn.fd = -1;
}

/* An address for f->u: its dotted quad, or its name through DNS. */
static enum outcome find_host(struct fetch *f, uint32_t *addr)
{
	char why[300];
	int e;

	if (f->u.addr) {
		*addr = f->u.addr;
		return DONE;
	}
	if (f->known_addr && !strcmp(f->known_host, f->u.host)) {
		*addr = f->known_addr; /* asked once per name */
		return DONE;
	}
	e = resolve_name(f->u.host, f->l ? f->l->dns : NULL, f->l ? f->l->n_dns : 0,
			 f->deadline, addr, why, sizeof(why));
	if (!e && ((*addr >> 24) == 127 || *addr == 0 || *addr == 0xffffffffu)) {
		snprintf(f->why, sizeof(f->why), "%s resolves to no usable host", f->u.host);
		return NEXT_URL;
	}
	if (!e) {
		memcpy(f->known_host, f->u.host, sizeof(f->known_host));
		f->known_addr = *addr;
		return DONE;
	}
	snprintf(f->why, sizeof(f->why), "cannot find the server %s: %s", f->u.host, why);
	if (e == -ETIMEDOUT)
		return RETRY;
	/* no such name, or no DNS server to ask: fixed by the sysadmin, as
	 * the mount phase says of the same failure for nfsroot= */
	f->rc = NETBOOT_EXIT_CONFIG;
	return NEXT_URL;
}

/* A connection to f->u's server, the open one when it still fits. */
static enum outcome connect_to(struct fetch *f)
{
	char ip[TEXT_IPV4_SIZE];
	uint32_t addr;
	enum outcome o;
	int fd;

	o = find_host(f, &addr);
	if (o != DONE)
		return o;
	if (f->cn.fd >= 0 && f->cn.addr == addr && f->cn.port == f->u.port)
		return DONE;
	fx_conn_close(f);
	fd = tcp_connect(addr, f->u.port, fx_wait_ms(f, FETCH_CONNECT_MS));
	if (fd < 0) {
		snprintf(f->why, sizeof(f->why), "cannot connect to %s:%u: %s",
			 text_ipv4(addr, ip), f->u.port, strerror(-fd));
		return RETRY;
	}
	f->cn.fd = fd;
	f->cn.addr = addr;
	f->cn.port = f->u.port;
	return DONE;
}

/* Send a request and read the response head into f->head; the body's
 * first bytes (those read with the head) are left at f->head +
 * r->head_len, *extra of them. */
enum outcome fx_exchange(struct fetch *f, const char *method, uint64_t from, uint64_t to,
			 struct http_resp *r, size_t *extra)
{
	char req[HTTP_REQ_MAX];
	const char *why = NULL;
	size_t len = 0;
	int n, e;
	bool fresh;

	for (int again = 0; again < 2; again++) {
		bool stale = false;
		enum outcome o;

		fresh = f->cn.fd < 0;
		o = connect_to(f);
		if (o != DONE)
			return o;
		n = http_request(req, sizeof(req), method, &f->u, from, to);
		if (n < 0) {
			snprintf(f->why, sizeof(f->why), "the request is too long");
			return NEXT_URL;
		}
		e = tcp_send_all(f->cn.fd, req, (size_t)n, fx_wait_ms(f, FETCH_STALL_MS));
		len = 0;
		while (!e) {
			long got = tcp_recv(f->cn.fd, f->head + len, sizeof(f->head) - len,
					    fx_wait_ms(f, FETCH_STALL_MS));

			if (got <= 0) {
				e = got ? (int)got : -ECONNRESET;
				break;
			}
			len += (size_t)got;
			e = http_parse_head(f->head, len, r, &why);
			if (e == 0) {
				*extra = len - r->head_len;
				return DONE;
			}
			if (e == -EAGAIN && len < sizeof(f->head)) {
				e = 0;
				continue;
			}
			fx_conn_close(f);
			if (!fresh && e == -EBADMSG && !again) {
				/* left over from the last answer on a kept-alive
				 * connection (a body after a HEAD, say): once more
				 * on a new one */
				log_debug("%s %s: %s on a kept-alive connection; reconnecting", method,
					  f->u.path, why ? why : "malformed");
				stale = true;
				break;
			}
			if (e == -E2BIG || e == -EAGAIN)
				snprintf(f->why, sizeof(f->why),
					 "the server's response header is too large (over %u bytes or %u lines): refused",
					 HTTP_HEAD_MAX, HTTP_LINES_MAX);
			else
				snprintf(f->why, sizeof(f->why), "malformed response header: %s",
					 why ? why : "?");
			return NEXT_URL;
		}
		fx_conn_close(f);
		if (stale)
			continue;
		/* a kept-alive connection the server closed meanwhile: once more */
		if (fresh || len)
			break;
	}
	snprintf(f->why, sizeof(f->why), "%s %s: %s", method, f->u.path,
		 e == -ETIMEDOUT ? "no answer in time" : strerror(-e));
	return RETRY;
}

/* Follow a Location: absolute http:// or a path on the same server. */
static enum outcome redirect(struct fetch *f, const struct http_resp *r)
{
	const char *why = NULL;
	struct http_url nu;

	if (!r->location[0]) {
		snprintf(f->why, sizeof(f->why), "HTTP %u without a Location", r->status);
		return NEXT_URL;
	}
	if (r->location[0] == '/') {
		nu = f->u;
		if (strlen(r->location) > HTTP_PATH_MAX) {
			snprintf(f->why, sizeof(f->why), "a redirect to a path too long");
			return NEXT_URL;
		}
		memcpy(nu.path, r->location, strlen(r->location) + 1);
	} else if (http_url_parse(r->location, &nu, &why)) {
		char s[200];

		text_sanitize(r->location, s, sizeof(s));
		snprintf(f->why, sizeof(f->why), "a redirect to %s, which netboot cannot follow: %s",
			 s, why ? why : "?");
		return NEXT_URL;
	}
	f->u = nu;
	return DONE;
}

/* HEAD, following redirects: the size and whether ranges work. */
enum outcome fx_probe(struct fetch *f)
{
	struct http_resp r;
	size_t extra;
	enum outcome o;

	for (int hop = 0;; hop++) {
		o = fx_exchange(f, "HEAD", 0, 0, &r, &extra);
		if (o != DONE)
			return o;
		/* a body after a HEAD (some servers send one with an error):
		 * what follows on this connection is not the next answer */
		if (r.close || extra || r.status >= 400)
			fx_conn_close(f);
		if (r.status >= 300 && r.status < 400 && r.status != 304) {
			if (hop >= FETCH_REDIRECTS) {
				snprintf(f->why, sizeof(f->why),
					 "more than %d redirects (a redirect loop?)", FETCH_REDIRECTS);
				return NEXT_URL;
			}
			o = redirect(f, &r);
			if (o != DONE)
				return o;
			log_debug("HEAD: HTTP %u, redirected to %s:%u%s", r.status, f->u.host,
				  f->u.port, f->u.path);
			continue;
		}
		if (r.status >= 200 && r.status < 300) {
			f->res_size = r.has_length ? r.length : 0;
			if (!f->part)
				f->size = f->res_size;
			return DONE;
		}
		if (r.status >= 500 || r.status == 408 || r.status == 429) {
			snprintf(f->why, sizeof(f->why), "HTTP %u from the server", r.status);
			return RETRY;
		}
		if (r.status == 405 || r.status == 501) {
			f->res_size = 0; /* no HEAD here: the GET will say */
			if (!f->part)
				f->size = 0;
			return DONE;
		}
		snprintf(f->why, sizeof(f->why), "HTTP %u for %s", r.status, f->u.path);
		return NEXT_URL;
	}
}

/* Before the first byte: will it fit? */
static enum outcome fits(struct fetch *f, const char *dir)
{
	static char mi[8192];
	uint64_t avail = 0;
	unsigned long long fs_free = ~0ull;
	struct ram_verdict v;
	size_t len;
	char a[24];

	if (f->limit && f->size > f->limit) {
		snprintf(f->why, sizeof(f->why), "%llu bytes, more than the %zu such a file has",
			 (unsigned long long)f->size, f->limit);
		return NEXT_URL;
	}
	if (!f->size || f->limit || f->fit_said)
		return DONE;
	if (file_read_all("/proc/meminfo", mi, sizeof(mi), &len) ||
	    ram_meminfo_avail(mi, len, &avail)) {
		log_info("warning: /proc/meminfo says nothing of available memory: the image's size (%s MiB) is not checked against RAM",
			 fx_tenths(a, f->size, MIB));
		return DONE;
	}
	if (fs_free_bytes(dir, &fs_free))
		fs_free = ~0ull;
	if (ram_check(f->size, avail, fs_free, &v) == 0) {
		f->fit_said = true;
		log_info("image %s MiB, RAM available %llu MiB: fits, with %llu MiB kept for the running system",
			 fx_tenths(a, f->size, MIB), (unsigned long long)(avail / MIB),
			 (unsigned long long)(RAM_MARGIN_BYTES >> 20));
		return DONE;
	}
	f->rc = NETBOOT_EXIT_CONFIG;
	f->why[0] = '\0'; /* said here */
	if (v.tmpfs_short)
		log_error("the image does not fit in %s: need %llu MiB, have %llu MiB there; make that tmpfs larger, or boot over NFS (netboot=nfs)",
			  dir, (unsigned long long)(v.need >> 20), (unsigned long long)(v.have >> 20));
	else
		log_error("not enough RAM for the image: need %llu MiB (the image's %llu MiB and %llu MiB for the running system), have %llu MiB available; give the machine more RAM, or boot over NFS (netboot=nfs), which keeps the image on the server",
			  (unsigned long long)(v.need >> 20), (unsigned long long)(f->size >> 20),
			  (unsigned long long)(RAM_MARGIN_BYTES >> 20),
			  (unsigned long long)(v.have >> 20));
	return FATAL;
}

static void progress(struct fetch *f, bool last)
{
	uint64_t now = clock_ms(), dt = now - f->last_ms, all = now - f->t0;
	uint64_t rate; /* bytes/s */
	char a[24], b[24], r[24];

	if (f->limit || (!last && dt < FETCH_PROGRESS_MS))
		return;
	rate = dt ? (f->got - f->last_got) * 1000u / dt : 0;
	if (last) {
		log_info("fetch: %s MiB in %s s (%s MB/s)", fx_tenths(a, f->got, MIB), fx_tenths(b, all, 1000),
			 fx_tenths(r, f->got, all ? all * 1000u : 1));
	} else if (f->size) {
		char eta[32] = "ETA unknown (no data)";

		if (rate)
			snprintf(eta, sizeof(eta), "ETA %llu s",
				 (unsigned long long)((f->size - f->got) / rate));
		log_info("fetch: %u%% %s of %s MiB, %s MB/s, %s", (unsigned)(f->got * 100 / f->size),
			 fx_tenths(a, f->got, MIB), fx_tenths(b, f->size, MIB), fx_tenths(r, rate, 1000000),
			 eta);
	} else {
		log_info("fetch: %s MiB, %s MB/s", fx_tenths(a, f->got, MIB), fx_tenths(r, rate, 1000000));
	}
	f->last_ms = now;
	f->last_got = f->got;
}

/* Is the SHA-256 of what arrives compared with anything? */
static bool want_sha(const struct fetch *f)
{
	return !f->limit && !f->whole_iso && ((f->c && f->c->has_sha256 && !f->is_lower) ||
			     (f->has_list && f->list_algo == SUMS_SHA256));
}

/* Store n body bytes. */
static int store(struct fetch *f, const uint8_t *p, size_t n)
{
	int e;

	if (f->size && f->got + n > f->size) {
		snprintf(f->why, sizeof(f->why), "the server sent more than the %llu bytes it announced",
			 (unsigned long long)f->size);
		return -EBADMSG;
	}
	if (f->limit && f->got + n > f->limit) {
		snprintf(f->why, sizeof(f->why), "more than the %zu bytes such a file has", f->limit);
		return -EBADMSG;
	}
	if (f->got < SQUASH_SB_SIZE) {
		size_t k = SQUASH_SB_SIZE - (size_t)f->got;

		memcpy(f->sb + f->got, p, k < n ? k : n);
	}
	if (f->mem) { /* a checksum list: memory, bounded by limit */
		memcpy(f->mem + f->got, p, n);
		e = 0;
	} else {
		e = fs_atomic_write(&f->out, p, n);
	}
	if (e) {
		snprintf(f->why, sizeof(f->why), "cannot store the image: %s", strerror(-e));
		return e;
	}
	/* only the digests something will be compared with: hashing is
	 * most of the CPU a download costs */
	if (want_sha(f))
		sha256_update(&f->sha, p, n);
	if (f->has_list && f->list_algo == SUMS_MD5)
		md5_update(&f->md5, p, n);
	f->got += n;
	progress(f, false);
	return 0;
}

/* Start over: the server ignored the Range. */
static int restart(struct fetch *f)
{
	int e = f->mem ? 0 : fs_atomic_rewind(&f->out);

	if (e) {
		snprintf(f->why, sizeof(f->why), "cannot rewrite the image: %s", strerror(-e));
		return e;
	}
	sha256_init(&f->sha);
	md5_init(&f->md5);
	f->got = 0;
	return 0;
}

/* Read the body after a GET's head: extra bytes are already in f->head. */
static enum outcome body(struct fetch *f, const struct http_resp *r, size_t extra)
{
	struct http_chunked ch;
	uint64_t want = r->has_length ? r->length : 0, seen = 0;
	const char *why = NULL;
	bool first = true;

	http_chunked_init(&ch);
	for (;;) {
		size_t n, used;
		long got;

		if (first && extra) {
			if (r->has_length && extra > want)
				extra = (size_t)want; /* what follows is not this body */
			memcpy(f->buf, f->head + r->head_len, extra);
			got = (long)extra;
		} else {
			size_t cap = sizeof(f->buf);

			if (r->has_length && want - seen < cap)
				cap = (size_t)(want - seen);
			if (r->has_length && seen == want)
				break;
			got = tcp_recv(f->cn.fd, f->buf, cap, fx_wait_ms(f, FETCH_STALL_MS));
		}
		first = false;
		if (got < 0 || (got == 0 && (r->has_length || r->chunked))) {
			fx_conn_close(f);
			if (got == -ETIMEDOUT && !left_ms(f))
				snprintf(f->why, sizeof(f->why), "the download did not finish in time");
			else if (got == -ETIMEDOUT)
				snprintf(f->why, sizeof(f->why), "no data for %u s", FETCH_STALL_MS / 1000);
			else
				snprintf(f->why, sizeof(f->why), "the connection dropped (%s)",
					 got ? strerror((int)-got) : "closed by the server");
			return RETRY;
		}
		if (got == 0)
			break; /* no length, not chunked: the close ends the body */
		if (r->chunked) {
			long d = http_chunked_feed(&ch, f->buf, (size_t)got, f->buf, &used, &why);

			if (d < 0) {
				fx_conn_close(f);
				snprintf(f->why, sizeof(f->why), "bad chunked encoding from the server: %s",
					 why ? why : "?");
				return NEXT_URL;
			}
			n = (size_t)d;
		} else {
			n = (size_t)got;
		}
		seen += (uint64_t)got;
		if (n) {
			int e = store(f, f->buf, n);

			if (e) {
				fx_conn_close(f);
				return e == -EBADMSG ? NEXT_URL : FATAL;
			}
		}
		if (r->chunked && ch.done)
			break;
	}
	if (r->close || !r->has_length) /* chunked: what follows is not read */
		fx_conn_close(f);
	if (f->size && f->got < f->size) {
		snprintf(f->why, sizeof(f->why), "the body ended at %llu of %llu bytes",
			 (unsigned long long)f->got, (unsigned long long)f->size);
		return RETRY;
	}
	if (!f->size)
		f->size = f->got;
	return DONE;
}

/* One GET (from f->got on), redirects followed. */
static enum outcome get(struct fetch *f, const char *dir)
{
	struct http_resp r;
	char a[24];
	size_t extra;
	enum outcome o;

	for (int hop = 0;; hop++) {
		/* a part of an ISO: base .. base + size - 1, from what we have */
		uint64_t from = f->base + (f->no_ranges ? 0 : f->got);
		uint64_t to = f->part ? f->base + f->size - 1 : 0;

		if (f->part && f->no_ranges) {
			snprintf(f->why, sizeof(f->why),
				 "the server does not answer range requests, which reading a part of an ISO needs");
			return NEXT_URL;
		}
		if (f->no_ranges && f->got && restart(f))
			return FATAL;
		if (f->got && !f->no_ranges)
			log_info("fetch: resuming at %s MiB (byte %llu)", fx_tenths(a, f->got, MIB),
				 (unsigned long long)f->got);
		o = fx_exchange(f, "GET", from, to, &r, &extra);
		if (o != DONE)
			return o;
		if (r.status >= 300 && r.status < 400 && r.status != 304) {
			fx_conn_close(f);
			if (hop >= FETCH_REDIRECTS) {
				snprintf(f->why, sizeof(f->why),
					 "more than %d redirects (a redirect loop?)", FETCH_REDIRECTS);
				return NEXT_URL;
			}
			o = redirect(f, &r);
			if (o != DONE)
				return o;
			continue;
		}
		if (r.status == 206) {
			uint64_t total = f->part ? f->res_size : f->size;

			if (!r.has_range || r.range_first != from ||
			    (to && (r.range_last != to || !r.has_length ||
				    r.length != to - from + 1)) ||
			    (total && r.range_total && r.range_total != total)) {
				fx_conn_close(f);
				snprintf(f->why, sizeof(f->why),
					 "the server answered the range request for byte %llu with another range",
					 (unsigned long long)from);
				f->no_ranges = true;
				return RETRY;
			}
		} else if (r.status >= 200 && r.status < 300 && f->part) {
			fx_conn_close(f);
			f->no_ranges = true;
			snprintf(f->why, sizeof(f->why),
				 "the server sent the whole ISO for a range request: it does not do ranges");
			return NEXT_URL;
		} else if (r.status >= 200 && r.status < 300) {
			if (from && restart(f)) /* the whole file again */
				return FATAL;
			if (from)
				log_info("fetch: the server ignored the range request: starting over");
			if (r.has_length && f->size && r.length != f->size) {
				log_info("fetch: the size changed from %llu to %llu bytes",
					 (unsigned long long)f->size, (unsigned long long)r.length);
				f->size = r.length;
				f->fit_said = false; /* a new size: checked again */
				if (fits(f, dir) != DONE) {
					fx_conn_close(f);
					return FATAL;
				}
			} else if (r.has_length && !f->size) {
				f->size = r.length;
				if (fits(f, dir) != DONE) {
					fx_conn_close(f);
					return FATAL;
				}
			}
		} else {
			fx_conn_close(f);
			snprintf(f->why, sizeof(f->why), "HTTP %u for %s", r.status, f->u.path);
			return r.status >= 500 || r.status == 408 || r.status == 429 ? RETRY :
											   NEXT_URL;
		}
		return body(f, &r, extra);
	}
}

/* The file name the image gets: the URL's last element when it is a
 * plain *.squashfs name, else filesystem.squashfs. */
static void image_name(const struct http_url *u, char *dst, size_t dstsz)
{
	const char *p = strrchr(u->path, '/'), *q;
	size_t n;

	p = p ? p + 1 : u->path;
	q = strchr(p, '?');
	n = q ? (size_t)(q - p) : strlen(p);
	if (n > 9 && n < 200 && !memcmp(p + n - 9, ".squashfs", 9) && p[0] != '.') {
		for (size_t i = 0; i < n; i++) {
			char ch = p[i];

			if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
			      (ch >= '0' && ch <= '9') || ch == '.' || ch == '-' || ch == '_'))
				goto plain;
		}
		snprintf(dst, dstsz, "%.*s", (int)n, p);
		return;
	}
plain:
	snprintf(dst, dstsz, "filesystem.squashfs");
}

static void hex(const uint8_t *d, size_t n, char *out)
{
	static const char x[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = x[d[i] >> 4];
		out[2 * i + 1] = x[d[i] & 15];
	}
	out[2 * n] = '\0';
}

/* After the download: the checksum, then the superblock. */
static enum outcome verify(struct fetch *f)
{
	uint8_t d[SHA256_DIGEST_SIZE];
	char got[65], want[65], why[256];
	struct squash_sb sb;
	struct squash_env env;
	int e;

	if (f->whole_iso) /* its image is checked once it is mounted */
		return DONE;
	if (want_sha(f)) {
		sha256_final(&f->sha, d);
		hex(d, sizeof(d), got);
	}
	if (f->c->has_sha256 && !f->is_lower) {
		hex(f->c->sha256, sizeof(d), want);
		if (memcmp(d, f->c->sha256, sizeof(d))) {
			snprintf(f->why, sizeof(f->why),
				 "the image's SHA-256 %s does not match netboot.sha256=%s: refused%s", got,
				 want,
				 f->from_iso ? " (with an ISO URL, netboot.sha256= is the squashfs's, not the ISO's: netboot reads only the squashfs)" :
					       "");
			f->rc = NETBOOT_EXIT_CONFIG;
			return NEXT_URL;
		}
		log_info("SHA-256 %s matches netboot.sha256=", got);
	} else if (!f->has_list && !f->is_lower) {
		log_info("the image is not checked: no netboot.sha256= on the command line, and no SHA256SUMS, sha256sum.txt or md5sum.txt beside it names it");
	}
	if (f->has_list) {
		/* the ISO's own list: it came with the image, so it finds a
		 * broken download, not a forged image */
		uint8_t m[MD5_DIGEST_SIZE];
		const uint8_t *dg = d;
		size_t n = sizeof(d);

		if (f->list_algo == SUMS_MD5) {
			md5_final(&f->md5, m);
			dg = m;
			n = sizeof(m);
			hex(m, n, got);
		}
		hex(f->list_digest, n, want);
		if (memcmp(dg, f->list_digest, n)) {
			snprintf(f->why, sizeof(f->why),
				 "the image's %s %s does not match %s (%s): the download is damaged",
				 sums_algo_name[f->list_algo], got, f->list_name, want);
			return NEXT_URL;
		}
		log_info("%s %s matches %s (it finds a damaged download; only netboot.sha256= proves the image)",
			 sums_algo_name[f->list_algo], got, f->list_name);
	}
	memset(&env, 0, sizeof(env));
	env.file_size = f->got;
	env.comp_mask = mount_kernel_comp_mask();
	e = squash_sb_parse(f->sb, f->got < SQUASH_SB_SIZE ? (size_t)f->got : SQUASH_SB_SIZE, &sb);
	if (!e)
		e = squash_sb_check(&sb, &env, why, sizeof(why));
	else
		snprintf(why, sizeof(why), "only %llu bytes: too short for a squashfs superblock",
			 (unsigned long long)f->got);
	if (e) {
		snprintf(f->why, sizeof(f->why), "the file is not a usable live image: %s", why);
		f->rc = NETBOOT_EXIT_CONFIG;
		return NEXT_URL;
	}
	log_info("live image: squashfs %u.%u, %s, %llu bytes, block size %u", sb.major, sb.minor,
		 squash_comp_name(sb.compression), (unsigned long long)sb.bytes_used,
		 sb.block_size);
	return DONE;
}

/* The URL list: url= / fetch=, else DHCP's root-path when it is http://. */
static const char *url_list(const struct cmdline *c, const struct lease *l)
{
	if (c->urls[0])
		return c->urls;
	if (l && !strncmp(l->root_path, "http://", 7))
		return l->root_path;
	return NULL;
}

/* Fetch one URL into f->out.  DONE, NEXT_URL or FATAL. */
enum outcome fx_fetch_one(struct fetch *f, const char *dir)
{
	unsigned fails = 0, delay = 1000;
	enum outcome o;
	uint64_t before;

	o = f->probed ? DONE : fx_probe(f);
	for (;;) {
		if (o == DONE) {
			o = fits(f, dir);
			if (o != DONE)
				return o;
			before = f->got;
			o = get(f, dir);
			if (o == DONE) {
				progress(f, true);
				return f->limit ? DONE : verify(f);
			}
			if (f->got > before) { /* progress: the count starts again */
				fails = 0;
				delay = 1000;
			}
		}
		if (o != RETRY)
			return o;
		if (f->limit) /* a small file beside the image: no retries */
			return NEXT_URL;
		if (++fails >= FETCH_TRIES) {
			why_add(f, " (%u tries)", fails);
			return NEXT_URL;
		}
		if (left_ms(f) <= delay) {
			why_add(f, "; gave up: netboot.timeout= / netboot.fetch-timeout= ran out%s", "");
			f->rc = NETBOOT_EXIT_TRANSIENT;
			return FATAL;
		}
		log_info("fetch: %s; retrying in %u s", f->why, delay / 1000);
		clock_sleep_ms(delay);
		delay = delay < 16000 ? delay * 2 : 30000;
		o = f->size || f->got ? DONE : fx_probe(f);
	}
}

/* Per-file state back to a fresh start (the URL, connection, deadline
 * and the last name resolved are kept). */
static void reset(struct fetch *f)
{
	f->size = f->got = f->base = f->res_size = 0;
	f->part = f->probed = f->from_iso = f->has_list = f->iso_info_made = false;
	f->iso_whole = f->whole_iso = f->is_lower = false;
	f->no_ranges = f->fit_said = false;
	f->limit = 0;
	f->why[0] = '\0';
	f->rc = 0;
	f->last_got = 0;
	sha256_init(&f->sha);
	md5_init(&f->md5);
}

/* The phase's one download state (64 KiB of buffer: not on the stack). */
static struct fetch f;

static void tree_list(const char *image);

/* Fetch f.u into dir/rel (committed when whole and checked): DONE,
 * NEXT_URL or FATAL as fx_fetch_one(); a file that cannot be created or
 * renamed is FATAL with f.rc set. */
static enum outcome fetch_file(const char *dir, const char *rel, const char *label)
{
	char path[1200];
	enum outcome o;
	int e;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	e = fs_atomic_open(&f.out, path, 1);
	if (e) {
		snprintf(f.why, sizeof(f.why), "cannot create %s: %s", path, strerror(-e));
		f.rc = NETBOOT_EXIT_TRANSIENT;
		return FATAL;
	}
	log_info("fetch: %s -> %s", label, path);
	f.last_ms = clock_ms();
	o = fx_fetch_one(&f, dir);
	if (o != DONE) {
		fs_atomic_abort(&f.out);
		return o;
	}
	e = fs_atomic_commit(&f.out, 0444);
	if (e) {
		snprintf(f.why, sizeof(f.why), "cannot store %s: %s", path, strerror(-e));
		f.rc = NETBOOT_EXIT_TRANSIENT;
		return FATAL;
	}
	return DONE;
}

/* Does the URL name a folder (its path, the query aside, ends in '/')? */
static bool is_dir(const struct http_url *u)
{
	size_t n = strcspn(u->path, "?");

	return n && u->path[n - 1] == '/';
}

/*
 * A folder URL: the live tree, or its casper/ or live/ folder (the tree
 * is then its parent).  The files: casper's layers for layerfs-path=
 * (squash_layers(): every one must be there), else the first of the
 * candidate images (squash_candidates()) the server has.  Every file's
 * size is asked first and the sum checked against RAM once; then each
 * is fetched, and checked against the tree's checksum list when there
 * is one; netboot.sha256= is the top layer's (the image named last).
 */
static enum outcome fetch_tree(const char *dir, char *image, size_t imagesz)
{
	static struct squash_paths want;
	static struct http_url tree;
	static uint64_t size[SQUASH_PATHS_MAX];
	char base[HTTP_PATH_MAX + 1], label[HTTP_HOST_MAX + HTTP_PATH_MAX + 32];
	const struct cmdline *c = f.c;
	uint64_t total = 0;
	size_t n = strcspn(f.u.path, "?"), i, first = 0, count;
	bool layered = c->layerfs_path[0] != '\0';
	enum outcome o;

	snprintf(base, sizeof(base), "%.*s", (int)n, f.u.path);
	n = strlen(base);
	if ((n >= 8 && !strcmp(base + n - 8, "/casper/")) ||
	    (n >= 6 && !strcmp(base + n - 6, "/live/"))) {
		base[n - 1] = '\0';            /* "/tree/casper" */
		*(strrchr(base, '/') + 1) = '\0'; /* "/tree/" */
	}
	tree = f.u;
	if ((layered ? squash_layers(c, &want) : squash_candidates(c, &want)) || !want.n) {
		snprintf(f.why, sizeof(f.why), "%s", layered ?
			 "layerfs-path= is not a layered image name" :
			 "no candidate image path (live-media-path=?)");
		f.rc = NETBOOT_EXIT_CONFIG;
		return NEXT_URL;
	}
	/* the sizes first: which files, and will they all fit */
	for (i = 0; i < want.n; i++) {
		snprintf(f.u.path, sizeof(f.u.path), "%s%s", base, want.path[i]);
		reset(&f);
		o = fx_probe(&f);
		if (o == DONE && f.size) {
			size[i] = f.size;
			if (!layered) {
				first = i;
				break;
			}
			continue;
		}
		if (o == FATAL)
			return o;
		if (layered || (o != NEXT_URL || !strstr(f.why, "HTTP 404"))) {
			if (o == DONE)
				snprintf(f.why, sizeof(f.why), "%s%s: the server does not say its size",
					 base, want.path[i]);
			else if (layered)
				f.rc = NETBOOT_EXIT_CONFIG;
			return NEXT_URL;
		}
		if (i + 1 == want.n) {
			snprintf(f.why, sizeof(f.why), "no live image in http://%s:%u%.400s (%.200s, ...: 404)",
				 tree.host, tree.port, base, want.path[0]);
			f.rc = NETBOOT_EXIT_CONFIG;
			return NEXT_URL;
		}
	}
	count = layered ? want.n : 1;
	for (i = first; i < first + count; i++)
		total += size[i];
	reset(&f);
	f.size = total;
	if (count > 1)
		log_info("casper's layers for layerfs-path=%s: %zu files, %llu bytes in all",
			 c->layerfs_path, count, (unsigned long long)total);
	o = fits(&f, dir);
	if (o != DONE)
		return o;
	for (i = first; i < first + count; i++) {
		snprintf(f.u.path, sizeof(f.u.path), "%s%s", base, want.path[i]);
		snprintf(label, sizeof(label), "http://%s:%u%s", tree.host, tree.port, f.u.path);
		tree_list(want.path[i]);
		f.fit_said = true; /* the sum was checked above */
		f.is_lower = i + 1 < first + count;
		o = fetch_file(dir, want.path[i], label);
		if (o != DONE)
			return o;
	}
	snprintf(image, imagesz, "%s", want.path[first + count - 1]);
	return DONE;
}

/* The URL the image came from, for the hand-over's messages. */
static char source[CMDLINE_URLS_MAX + 1];
/* What casper / live-boot get: the fetch directory, or the whole ISO
 * loop-mounted in it. */
static char media[1200];

const char *fetch_source(void)
{
	return source;
}

const char *fetch_media(void)
{
	return media;
}

/* SHA-256 of the file at path (read from RAM), into d.  0 or -errno. */
static int hash_file(const char *path, uint8_t d[SHA256_DIGEST_SIZE])
{
	struct sha256 h;
	long n;
	int fd = file_open_regular(path, 0, NULL);

	if (fd < 0)
		return fd;
	sha256_init(&h);
	while ((n = fs_read(fd, f.buf, sizeof(f.buf))) > 0)
		sha256_update(&h, f.buf, (size_t)n);
	fs_close(fd);
	if (n < 0)
		return (int)n;
	sha256_final(&h, d);
	return 0;
}

bool fetch_whole_iso(void)
{
	return f.whole_iso;
}

int fetch_mount_iso(const struct cmdline *c, const char *dir, char *image, size_t imagesz)
{
	char iso[1200], path[1200], got[65], want[65], found[CMDLINE_PATH_MAX + 1], file[2400];
	uint8_t d[SHA256_DIGEST_SIZE];
	bool missing = false;
	int e, rc;

	snprintf(path, sizeof(path), "%s/%s", dir, image);
	snprintf(iso, sizeof(iso), "%s/iso", dir);
	e = blk_loop_mount_ro(path, iso, "iso9660");
	if (e) {
		log_error("the fetched ISO does not mount on %s: %s (is the isofs module in the initrd?)",
			  iso, strerror(-e));
		return e == -EINVAL ? NETBOOT_EXIT_CONFIG : NETBOOT_EXIT_TRANSIENT;
	}
	log_info("the whole ISO in RAM, mounted read-only on %s", iso);
	mount_set_medium("the ISO");
	rc = mount_find_image(c, iso, found, sizeof(found));
	if (!rc)
		rc = mount_check_disk(c, iso, &missing);
	if (rc)
		return rc;
	if (missing)
		log_info("warning: casper may stop at \"Please provide a name for this Disc\": the ISO has no .disk/info");
	snprintf(image, imagesz, "iso/%s", found);
	if (c->has_sha256) {
		snprintf(file, sizeof(file), "%s/%s", iso, found);
		e = hash_file(file, d);
		if (e) {
			log_error("unable to read %s to check its SHA-256: %s", file, strerror(-e));
			return NETBOOT_EXIT_TRANSIENT;
		}
		hex(d, sizeof(d), got);
		hex(c->sha256, sizeof(d), want);
		if (memcmp(d, c->sha256, sizeof(d))) {
			log_error("the ISO's %s has the SHA-256 %s, which does not match netboot.sha256=%s: refused (with an ISO URL, netboot.sha256= is the squashfs's, not the ISO's)",
				  found, got, want);
			return NETBOOT_EXIT_CONFIG;
		}
		log_info("SHA-256 %s of the ISO's %s matches netboot.sha256=", got, found);
	}
	snprintf(media, sizeof(media), "%s", iso);
	log_info("image in RAM at %s/%s: the network may go away from here on", iso, found);
	return NETBOOT_EXIT_OK;
}

/* Does the URL's path (its query aside) end in ".iso"? */
static bool is_iso(const struct http_url *u)
{
	const char *q = strchr(u->path, '?');
	size_t n = q ? (size_t)(q - u->path) : strlen(u->path);
	const char *e = u->path + n - 4;

	return n >= 4 && e[0] == '.' && (e[1] | 0x20) == 'i' && (e[2] | 0x20) == 's' &&
	       (e[3] | 0x20) == 'o';
}

int fetch_image(const struct cmdline *c, const struct lease *l, const char *dir, char *image,
		size_t imagesz)
{
	char name[256], path[1200], one[CMDLINE_URLS_MAX + 1];
	static char sone[4 * CMDLINE_URLS_MAX + 1];
	const char *list = url_list(c, l), *p, *why = NULL, *sub;
	unsigned idx = 0;
	bool config = false, transient = false;

	if (!list) {
		log_error("netboot=http but no URL: put url=http://SERVER/PATH on the command line, or have DHCP hand out an http:// root-path (option 17)");
		return NETBOOT_EXIT_CONFIG;
	}
	memset(&f, 0, sizeof(f));
	f.c = c;
	f.l = l;
	f.cn.fd = -1;
	f.t0 = clock_ms();
	f.deadline = phase_until(c, c->fetch_timeout ? c->fetch_timeout : c->timeout, f.t0, NULL);
	sub = c->boot == CMDLINE_BOOT_LIVE ? "live" : "casper";
	for (p = list; *p; idx++) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		enum outcome o;

		memcpy(one, p, n);
		one[n] = '\0';
		p += n + (end ? 1 : 0);
		if (http_url_parse(one, &f.u, &why)) {
			/* from the DHCP root-path too: sanitized, it may be why */
			text_sanitize(one, sone, sizeof(sone));
			log_error("URL %u (%s) cannot be fetched: %s", idx + 1, sone, why ? why : "?");
			config = true;
			continue;
		}
		reset(&f);
		if (is_iso(&f.u)) {
			/* the image's place in the ISO, its checksum, .disk/ */
			log_info("fetch: %s names an ISO: reading its directories with range requests, to fetch the live image alone",
				 one);
			o = fetch_iso(&f, image, imagesz);
			if (o == NEXT_URL && f.iso_whole) {
				log_info("fetch: %s; fetching the whole ISO instead, to loop-mount it in RAM",
					 f.why);
				fx_conn_close(&f);
				reset(&f);
				f.whole_iso = true;
				snprintf(image, imagesz, "netboot.iso");
				o = DONE;
			}
			if (o == DONE)
				o = fetch_file(dir, image, one);
		} else if (is_dir(&f.u)) {
			/* a tree or its casper/ or live/ folder: the image, or
			 * casper's layers (layerfs-path=), each a file */
			o = fetch_tree(dir, image, imagesz);
		} else {
			image_name(&f.u, name, sizeof(name));
			snprintf(image, imagesz, "%s/%s", sub, name);
			tree_list(image);
			o = fetch_file(dir, image, one);
		}
		fx_conn_close(&f);
		if (o == DONE) {
			snprintf(path, sizeof(path), "%s/%s", dir, image);
			snprintf(source, sizeof(source), "%s", one);
			if (f.whole_iso) {
				log_info("the whole ISO is in RAM at %s", path);
				return NETBOOT_EXIT_OK;
			}
			if (f.from_iso && fetch_iso_disk_write(dir))
				return NETBOOT_EXIT_TRANSIENT;
			log_info("image in RAM at %s: the network may go away from here on", path);
			snprintf(media, sizeof(media), "%s", dir);
			return NETBOOT_EXIT_OK;
		}
		if (o == FATAL && !f.why[0])
			return f.rc ? f.rc : NETBOOT_EXIT_TRANSIENT;
		if (o == FATAL) {
			log_error("fetch %s: %s", one, f.why);
			return f.rc ? f.rc : NETBOOT_EXIT_TRANSIENT;
		}
		/* NEXT_URL */
		if (f.rc == NETBOOT_EXIT_CONFIG || strstr(f.why, "HTTP 404") ||
		    strstr(f.why, "HTTP 410"))
			config = true; /* the URL or the image is wrong */
		else
			transient = true;
		if (*p)
			log_info("fetch %s: %s; trying the next URL", one, f.why);
		else
			log_error("fetch %s: %s", one, f.why);
	}
	if (idx > 1)
		log_error("none of the %u URLs gave the image", idx);
	return config && !transient ? NETBOOT_EXIT_CONFIG : NETBOOT_EXIT_TRANSIENT;
}

int phase_fetch_main(int argc, char **argv)
{
	struct phase_opts o = { 0 };
	static struct cmdline c;
	static struct lease l;
	const char *dir = FETCH_DIR;
	char image[600];
	int i, rc, left = phase_getopts(argc, argv, &o);

	for (i = 1; i < left; i++) {
		if (!strcmp(argv[i], "--dir") && i + 1 < left)
			dir = argv[++i];
		else
			left = -1;
	}
	if (left < 0) {
		fprintf(stderr, "usage: netboot fetch [--dir DIR] [--cmdline FILE] [--rundir DIR]\n");
		return NETBOOT_EXIT_CONFIG;
	}
	log_open(o.rundir);
	rc = phase_load_cmdline(&o, &c);
	if (rc)
		return rc;
	if (c.method != CMDLINE_METHOD_HTTP) {
		log_error("fetch needs netboot=http (or netboot=url, or fetch= with boot=live) on the command line");
		return NETBOOT_EXIT_CONFIG;
	}
	if (mount_lease_from_state(o.rundir, &l))
		log_debug("no lease recorded in %s/net.state: using the command line only", o.rundir);
	return fetch_image(&c, &l, dir, image, sizeof(image));
}

/* One small file rel (from the image's tree, base) into path: 0, -ENOENT
 * when the server has none (404/410), or -EIO with f.why set. */
static int fetch_aux(const char *base, const char *rel, const char *path, size_t limit)
{
	enum outcome o;
	int e;

	if ((size_t)snprintf(f.u.path, sizeof(f.u.path), "%s%s", base, rel) >= sizeof(f.u.path))
		return -ENAMETOOLONG;
	e = fs_atomic_open(&f.out, path, 1);
	if (e) {
		snprintf(f.why, sizeof(f.why), "cannot create %s: %s", path, strerror(-e));
		return -EIO;
	}
	reset(&f);
	f.limit = limit;
	o = fx_fetch_one(&f, path);
	if (o == DONE) {
		e = fs_atomic_commit(&f.out, 0444);
		if (e) {
			snprintf(f.why, sizeof(f.why), "cannot store %s: %s", path, strerror(-e));
			return -EIO;
		}
		return 0;
	}
	fs_atomic_abort(&f.out);
	if (strstr(f.why, "HTTP 404") || strstr(f.why, "HTTP 410"))
		return -ENOENT;
	return -EIO;
}

/* The image's tree: two levels above it (/tree/casper/x.squashfs ->
 * /tree/), "/" when the path is shallower; the query dropped. */
static void tree_base(const char *path, char *base, size_t basesz)
{
	char *slash;
	size_t k;

	snprintf(base, basesz, "%s", path);
	if ((slash = strchr(base, '?')))
		*slash = '\0';
	for (k = 0; k < 2 && (slash = strrchr(base, '/')); k++)
		*slash = '\0';
	k = strlen(base);
	base[k] = '/'; /* base was cut by at least one byte */
	base[k + 1] = '\0';
}

/* Before an image URL's download: the tree's checksum list naming the
 * image (SHA256SUMS, sha256sum.txt, md5sum.txt at the tree's root, as
 * on the ISO it was copied from), so the download is hashed for it. */
static void tree_list(const char *image)
{
	static const struct {
		const char *name;
		enum sums_algo algo;
	} lists[] = {
		{ "SHA256SUMS", SUMS_SHA256 },
		{ "sha256sum.txt", SUMS_SHA256 },
		{ "md5sum.txt", SUMS_MD5 },
	};
	static char buf[1u << 20];
	static struct http_url keep;
	char base[HTTP_PATH_MAX + 1];
	uint8_t digest[32];
	enum sums_algo algo = SUMS_SHA256;
	const char *found = NULL;

	keep = f.u;
	tree_base(f.u.path, base, sizeof(base));
	/* the list names the image by its path in the tree */
	if (!strncmp(keep.path, base, strlen(base)) && !strchr(keep.path, '?'))
		image = keep.path + strlen(base);
	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]) && !found; i++) {
		const char *why = NULL;
		int r;

		if ((size_t)snprintf(f.u.path, sizeof(f.u.path), "%s%s", base, lists[i].name) >=
		    sizeof(f.u.path))
			break;
		reset(&f);
		f.limit = sizeof(buf);
		f.mem = (uint8_t *)buf;
		r = fx_fetch_one(&f, "/") == DONE ? 0 : -1;
		f.mem = NULL;
		if (r && (strstr(f.why, "HTTP 404") || strstr(f.why, "HTTP 410")))
			continue;
		if (r) {
			/* the server itself failing is the image's fetch to say,
			 * once; only a list of its own that cannot be read is */
			log_debug("%s%s: %s: not used", base, lists[i].name, f.why);
			break;
		}
		r = sums_find(buf, (size_t)f.got, image, lists[i].algo, digest, sizeof(digest),
			      &why);
		if (r == 0) {
			found = lists[i].name;
			algo = lists[i].algo;
		} else if (r != -ENOENT) {
			log_info("warning: %s%s: %s for %s: not used", base, lists[i].name,
				 why ? why : "malformed", image);
		}
	}
	f.u = keep;
	reset(&f);
	if (!found) {
		log_debug("no checksum list naming %s at %s (SHA256SUMS, sha256sum.txt, md5sum.txt)",
			  image, base);
		return;
	}
	f.has_list = true;
	f.list_algo = algo;
	memcpy(f.list_digest, digest, sizeof(digest));
	snprintf(f.list_name, sizeof(f.list_name), "the server's %s%s", base, found);
	log_info("the server's %s%s lists %s: it is checked after the download", base, found, image);
}

int fetch_disk(const struct cmdline *c, const char *dir, bool *info_made)
{
	static char conf[LIVECHECK_UUID_MAX + 1], got[LIVECHECK_UUID_MAX + 1];
	char base[HTTP_PATH_MAX + 1], path[1200], rel[300], rls[200];
	const char *flavour = "generic";
	size_t clen = 0, glen = 0;
	unsigned k;
	int e;

	if (f.whole_iso) { /* whole_iso() checked the mounted ISO's .disk/ */
		*info_made = false;
		return NETBOOT_EXIT_OK;
	}
	if (f.from_iso) { /* fetch_iso() brought .disk/ and checked it */
		*info_made = f.iso_info_made;
		return NETBOOT_EXIT_OK;
	}
	tree_base(f.u.path, base, sizeof(base));
	f.limit = 0;
	*info_made = false;
	snprintf(path, sizeof(path), "%s/.disk/info", dir);
	e = fetch_aux(base, ".disk/info", path, 4096);
	if (e) {
		char text[HTTP_HOST_MAX + HTTP_PATH_MAX + 64];
		int n = snprintf(text, sizeof(text), "netboot HTTP image http://%s:%u%s\n",
				 f.u.host, f.u.port, base);

		if (e != -ENOENT)
			log_info("warning: http://%s:%u%s.disk/info: %s", f.u.host, f.u.port, base,
				 f.why);
		else
			log_info("warning: the image's tree has no .disk/info (http://%s:%u%s.disk/info: 404); netboot writes one so casper does not stop at \"Please provide a name for this Disc\"",
				 f.u.host, f.u.port, base);
		e = file_write_atomic(path, text, (size_t)n, 0444, 1);
		if (e) {
			log_error("unable to write %s: %s", path, strerror(-e));
			return NETBOOT_EXIT_TRANSIENT;
		}
		*info_made = true;
	}
	/* casper compares /conf/uuid.conf with .disk/casper-uuid*: bring the
	 * one for this kernel's flavour, and check it as casper will */
	if (c->boot != CMDLINE_BOOT_CASPER || c->ignore_uuid ||
	    file_read_all("/conf/uuid.conf", conf, sizeof(conf) - 1, &clen))
		return NETBOOT_EXIT_OK;
	if (!mnt_kernel_release(rls, sizeof(rls)) && strrchr(rls, '-'))
		flavour = strrchr(rls, '-') + 1;
	for (k = 0; k < 2; k++) {
		snprintf(rel, sizeof(rel), ".disk/casper-uuid-%s", k ? "generic" : flavour);
		snprintf(path, sizeof(path), "%s/%s", dir, rel);
		e = fetch_aux(base, rel, path, LIVECHECK_UUID_MAX);
		if (e != -ENOENT || !strcmp(flavour, "generic"))
			break;
	}
	if (!e && !file_read_all(path, got, sizeof(got) - 1, &glen) &&
	    livecheck_uuid_match(conf, clen, got, glen)) {
		log_info("casper's uuid check: %s matches the initrd's /conf/uuid.conf", rel);
		return NETBOOT_EXIT_OK;
	}
	conf[livecheck_uuid_len(conf, clen)] = '\0';
	text_sanitize(conf, got, sizeof(got));
	log_error("casper will reject this image: the initrd's /conf/uuid.conf (%s) %s http://%s:%u%s%s; boot with ignore_uuid, or use the initrd from the same ISO as the image",
		  got, e == -ENOENT ? "cannot be checked: the server has no" :
		       e ? "cannot be checked:" : "does not match",
		  f.u.host, f.u.port, base, rel);
	if (e && e != -ENOENT)
		log_error("http://%s:%u%s%s: %s", f.u.host, f.u.port, base, rel, f.why);
	return NETBOOT_EXIT_CONFIG;
}

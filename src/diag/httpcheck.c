/*
 * httpcheck.c - netboot-diag for netboot=http (netboot=url, fetch=): the
 * checks `netboot fetch` depends on, in the order it meets them, for each
 * URL of url= in turn: network, name, server, size (and RAM), ranges,
 * checksum, image.  Printed like the NFS checks (check.c): one
 * "[N/7] name STATUS detail" line each, a cause and a fix from explain.c
 * under a warning or a failure, SKIP for what a failure makes meaningless,
 * and a verdict.
 *
 * What netboot fetch decides is decided here the same way: core/http for
 * URLs, requests and heads, core/dns for names (through the lease's DNS
 * servers; never getaddrinfo, which cannot resolve in an initrd),
 * core/ramcheck for RAM, core/iso9660 for an ISO URL's directories (read
 * with range requests through a 32 KiB window, as src/phase/fetch-iso.c
 * does), core/sums for checksum lists, core/squash for the superblock.
 * The sockets are probe.c's.  Every byte from a server is hostile: bounded
 * by the core's readers, and printed only through text_sanitize().  Every
 * network wait ends by --timeout and by the run's --deadline.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "explain.h"
#include "http.h"
#include "httpcheck.h"
#include "iso9660.h"
#include "probe.h"
#include "ramcheck.h"
#include "squash.h"
#include "sums.h"
#include "text.h"

#define HC_STEPS     7
#define HC_REDIRECTS 5            /* Location hops: netboot fetch's bound */
#define HC_LIST_MAX  SUMS_LIST_MAX /* a checksum list */
#define HC_WINDOW    32768u       /* bytes one ISO range read brings */
#define MIB          (1024u * 1024u)

enum ranges {
	RANGES_UNKNOWN = 0,
	RANGES_OK,      /* 206 for the byte asked */
	RANGES_IGNORED, /* 200: the whole file */
	RANGES_WRONG,   /* 206 for other bytes */
	RANGES_ERROR,   /* no answer, or another status */
};

struct hc {
	FILE *out;
	const struct check_opts *o;
	const struct cmdline *cl;
	const struct lease *ls;
	uint64_t deadline_ms;
	unsigned timeout_ms;
	const char *boot;
	bool global_stop;               /* no network: no URL can be checked */
	bool cannot;                    /* exit 111 */
	unsigned n_fail, n_warn;
	enum diag_kind first_kind;
	unsigned first_step, first_url, first_good;

	/* the URL being checked */
	unsigned idx, n_urls;
	char url[4 * CMDLINE_URLS_MAX + 1]; /* sanitized */
	bool url_ok;
	const char *url_why;
	struct http_url u0;             /* as given */
	struct http_url u;              /* after redirects */
	uint32_t addr;                  /* of u's host */
	char known_host[HTTP_HOST_MAX + 1]; /* the last name looked up */
	uint32_t known_addr;
	char server[4 * HTTP_HOST_MAX + 16]; /* "HOST:PORT", sanitized */
	char host[4 * HTTP_HOST_MAX + 1];    /* sanitized */
	char path[4 * HTTP_PATH_MAX + 1];    /* u's path, sanitized */
	bool iso;
	bool has_size;
	uint64_t res_size;              /* HEAD's Content-Length */
	enum ranges ranges;
	char ranges_why[200];
	int ranges_err;
	unsigned ranges_status;
	bool img_found;                 /* the image's bytes are located */
	unsigned img_need;              /* else: the step that says why */
	uint64_t img_base, img_size;    /* in the resource; size 0: unknown */
	char image[CMDLINE_PATH_MAX + 32]; /* "live/filesystem.squashfs" */
	char image_show[4 * (CMDLINE_PATH_MAX + 32) + 1];
	char tree[4 * HTTP_PATH_MAX + 1]; /* the tree's root, sanitized */
	struct iso_vol vol;
	bool whole;                     /* netboot fetches the whole ISO */
	bool whole_noranges;            /* because the server does no ranges */
	char whole_why[4 * CMDLINE_PATH_MAX + 160]; /* fetch-iso.c's reason */
	bool stop;
	unsigned stop_step;
	bool url_cannot;
	unsigned url_fail;

	/* the ISO's read window */
	uint64_t win_off;
	size_t win_len;
	uint8_t win[HC_WINDOW];
	struct probe_http ph;
	uint8_t list[HC_LIST_MAX];
};

/* snprintf into a bounded message: a cut message is still a message. */
static void say(char *dst, size_t dstsz, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void say(char *dst, size_t dstsz, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(dst, dstsz, fmt, ap);
	va_end(ap);
}

static const char *const step_name[HC_STEPS + 1] = {
	"", "network", "name", "server", "size", "ranges", "checksum", "image",
};

static void line(struct hc *h, unsigned step, const char *status, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void line(struct hc *h, unsigned step, const char *status, const char *fmt, ...)
{
	va_list ap;

	fprintf(h->out, "[%u/%u] %-10s %-4s  ", step, HC_STEPS, step_name[step], status);
	va_start(ap, fmt);
	vfprintf(h->out, fmt, ap);
	va_end(ap);
	fputc('\n', h->out);
	fflush(h->out);
}

static void note(struct hc *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void note(struct hc *h, const char *fmt, ...)
{
	va_list ap;

	fputs("      note:    ", h->out);
	va_start(ap, fmt);
	vfprintf(h->out, fmt, ap);
	va_end(ap);
	fputc('\n', h->out);
	fflush(h->out);
}

/* Cause and fix of k, counted. */
static void problem(struct hc *h, unsigned step, enum diag_kind k, const struct explain_ctx *x)
{
	struct explain_msg m;
	bool warn = explain_severity(k) == EXPLAIN_WARN;

	if (explain_render(k, x, &m) == 0) {
		fprintf(h->out, "      %s %s\n", warn ? "warning:" : "cause:  ", m.cause);
		fprintf(h->out, "      fix:     %s\n", m.fix);
	} else {
		fprintf(h->out, "      cause:   %s\n", explain_headline(k));
	}
	fflush(h->out);
	if (warn) {
		h->n_warn++;
		return;
	}
	h->url_fail++;
	if (h->n_fail++ == 0) {
		h->first_kind = k;
		h->first_step = step;
		h->first_url = h->idx;
	}
}

/* A failure that makes the URL's later checks meaningless. */
static void stop_at(struct hc *h, unsigned step)
{
	h->stop = true;
	h->stop_step = step;
}

static void ctx_init(struct hc *h, struct explain_ctx *x)
{
	memset(x, 0, sizeof(*x));
	x->server = h->server;
	x->path = h->path;
	x->url = h->url;
	x->boot = h->boot;
	x->want = h->image_show[0] ? h->image_show : NULL;
}

static uint64_t left_ms(const struct hc *h)
{
	uint64_t now = probe_now_ms();

	return now >= h->deadline_ms ? 0 : h->deadline_ms - now;
}

/* The end of one network operation: --timeout from now, never past the
 * run's deadline. */
static uint64_t until(const struct hc *h)
{
	uint64_t end = probe_now_ms() + h->timeout_ms;

	return end < h->deadline_ms ? end : h->deadline_ms;
}

/* "12.3" (num/den, one decimal). */
static char *tenths(char dst[32], uint64_t num, uint64_t den)
{
	uint64_t t = num > UINT64_MAX / 10 ? num / den * 10 : num * 10 / den;

	snprintf(dst, 32, "%llu.%u", (unsigned long long)(t / 10), (unsigned)(t % 10));
	return dst;
}

static void set_target(struct hc *h, const struct http_url *u)
{
	char host[4 * HTTP_HOST_MAX + 1];

	h->u = *u;
	text_sanitize(u->host, host, sizeof(host));
	snprintf(h->server, sizeof(h->server), "%s:%u", host, u->port);
	text_sanitize(u->path, h->path, sizeof(h->path));
}

/* ---- names ------------------------------------------------------------- */

/* u's host as an address: its dotted quad, or through the lease's DNS.
 * 0, or probe_dns_a()'s error with why (-EADDRNOTAVAIL: a name that
 * resolves to loopback, 0 or broadcast). */
static int host_addr(struct hc *h, const struct http_url *u, uint32_t *addr, uint32_t *via,
		     unsigned *ignored, char *why, size_t whysz)
{
	char ip[TEXT_IPV4_SIZE];
	int r;

	*ignored = 0;
	*via = 0;
	if (u->addr) {
		*addr = u->addr;
		return 0;
	}
	if (h->known_addr && !strcmp(h->known_host, u->host)) {
		*addr = h->known_addr;
		return 0;
	}
	r = probe_dns_a(u->host, h->ls ? h->ls->dns : NULL, h->ls ? h->ls->n_dns : 0, until(h),
			addr, via, ignored, why, whysz);
	if (r)
		return r;
	if ((*addr >> 24) == 127 || *addr == 0 || *addr == 0xffffffffu) {
		snprintf(why, whysz, "it resolves to %s, which is no web server", text_ipv4(*addr, ip));
		return -EADDRNOTAVAIL;
	}
	memcpy(h->known_host, u->host, sizeof(h->known_host));
	h->known_addr = *addr;
	return 0;
}

/* ---- requests ---------------------------------------------------------- */

/* The request for u: method, and "Range: bytes=FROM-TO" when ranged. */
static int build_req(char *buf, size_t cap, const char *method, const struct http_url *u,
		     bool ranged, uint64_t from, uint64_t to)
{
	int n = http_request(buf, cap, method, u, 0, 0), k;

	if (n < 0 || !ranged)
		return n;
	/* before the blank line that ends the head */
	if (n < 4 || memcmp(buf + n - 4, "\r\n\r\n", 4))
		return -EINVAL;
	k = snprintf(buf + n - 2, cap - (size_t)n + 2, "Range: bytes=%llu-%llu\r\n\r\n",
		     (unsigned long long)from, (unsigned long long)to);
	if (k < 0 || (size_t)k >= cap - (size_t)n + 2)
		return -ENOBUFS;
	return n - 2 + k;
}

/* How a request ended when it got no usable answer. */
struct req_err {
	int err;            /* -errno from the network, or: */
	bool loop;          /* more than HC_REDIRECTS redirects */
	bool bad_location;  /* a Location netboot cannot follow */
	const char *why;    /* http_parse_head's words */
	char location[4 * 200 + 1]; /* the last Location, sanitized */
	unsigned hops;
};

/* Follow r's Location into u.  0, or -EINVAL with e->why. */
static int follow(const struct http_resp *r, struct http_url *u, struct req_err *e)
{
	struct http_url nu;
	const char *why = NULL;

	text_sanitize(r->location, e->location, sizeof(e->location));
	if (!r->location[0]) {
		e->why = "a redirect without a Location";
		return -EINVAL;
	}
	if (r->location[0] == '/') {
		if (strlen(r->location) > HTTP_PATH_MAX) {
			e->why = "a redirect to a path too long";
			return -EINVAL;
		}
		nu = *u;
		memcpy(nu.path, r->location, strlen(r->location) + 1);
	} else if (http_url_parse(r->location, &nu, &why)) {
		e->why = why ? why : "not an http:// URL";
		return -EINVAL;
	}
	*u = nu;
	return 0;
}

/*
 * method on h->u (redirects followed when hops_max > 0, h->u then the
 * final URL): 0 with h->ph open on a response that is not a redirect, or
 * -1 with *e filled.
 */
static int request(struct hc *h, const char *method, bool ranged, uint64_t from, uint64_t to,
		   unsigned hops_max, struct req_err *e)
{
	char req[HTTP_REQ_MAX + 64];
	struct http_url u = h->u;

	memset(e, 0, sizeof(*e));
	for (;;) {
		uint32_t addr, via;
		unsigned ign;
		char why[200];
		int n, r;

		r = host_addr(h, &u, &addr, &via, &ign, why, sizeof(why));
		if (r) { /* only a redirect's host is new here: step 2 looked up the URL's */
			char raw[HTTP_HOST_MAX + HTTP_PATH_MAX + 16];

			say(raw, sizeof(raw), "http://%s:%u%s", u.host, u.port, u.path);
			text_sanitize(raw, e->location, sizeof(e->location));
			e->err = r;
			e->bad_location = true;
			e->why = r == -ENOENT ? "its host does not resolve" :
				 "its host could not be looked up";
			return -1;
		}
		n = build_req(req, sizeof(req), method, &u, ranged, from, to);
		if (n < 0) {
			e->err = -ENOBUFS;
			e->why = "the request is too long";
			return -1;
		}
		r = probe_http_exchange(addr, u.port, req, (size_t)n, until(h), &h->ph, &e->why);
		if (r) {
			e->err = r;
			return -1;
		}
		if (h->ph.r.status < 300 || h->ph.r.status >= 400 || h->ph.r.status == 304 ||
		    !hops_max) {
			set_target(h, &u);
			h->addr = addr;
			return 0;
		}
		probe_http_close(&h->ph);
		if (e->hops >= hops_max) {
			text_sanitize(h->ph.r.location, e->location, sizeof(e->location));
			e->loop = true;
			return -1;
		}
		e->hops++;
		if (follow(&h->ph.r, &u, e)) {
			e->bad_location = true;
			return -1;
		}
	}
}

/* The kind and words of a network error r. */
static enum diag_kind net_kind(int r, const char *why, char *detail, size_t dsz)
{
	switch (r) {
	case -ECONNREFUSED:
		snprintf(detail, dsz, "connection refused");
		return DIAG_HTTP_REFUSED;
	case -EHOSTUNREACH:
	case -ENETUNREACH:
		snprintf(detail, dsz, "%s", strerror(-r));
		return DIAG_HTTP_UNREACH;
	case -ETIMEDOUT:
		snprintf(detail, dsz, "no connection or no answer within --timeout");
		return DIAG_HTTP_TIMEOUT;
	case -ECONNRESET:
		snprintf(detail, dsz, "the server closed the connection before a whole response head");
		return DIAG_HTTP_BADHEAD;
	case -E2BIG:
		snprintf(detail, dsz, "a response head over %u bytes or %u lines (a header flood?)",
			 HTTP_HEAD_MAX, HTTP_LINES_MAX);
		return DIAG_HTTP_BADHEAD;
	case -EBADMSG:
		snprintf(detail, dsz, "malformed: %s", why ? why : "?");
		return DIAG_HTTP_BADHEAD;
	default:
		snprintf(detail, dsz, "%s", strerror(-r));
		return DIAG_HTTP_TIMEOUT;
	}
}

/* Report a request that got no usable answer at step; a failure. */
static void request_failed(struct hc *h, unsigned step, const char *what, const struct req_err *e)
{
	struct explain_ctx x;
	char detail[900];
	enum diag_kind k;

	ctx_init(h, &x);
	if (e->loop) {
		snprintf(detail, sizeof(detail), "the last one to %s", e->location);
		line(h, step, "FAIL", "%s: more than %u redirects", what, HC_REDIRECTS);
		k = DIAG_HTTP_REDIRECTS;
	} else if (e->bad_location) {
		snprintf(detail, sizeof(detail), "%s (%s)", e->location[0] ? e->location : "\"\"",
			 e->why ? e->why : "?");
		line(h, step, "FAIL", "%s: a redirect to %s", what, detail);
		k = DIAG_HTTP_REDIRECT_BAD;
	} else {
		k = net_kind(e->err, e->why, detail, sizeof(detail));
		if (e->err == -ETIMEDOUT && !left_ms(h))
			snprintf(detail, sizeof(detail), "the run's deadline (--deadline) passed");
		line(h, step, "FAIL", "%s: %s", what, detail);
	}
	x.detail = detail;
	problem(h, step, k, &x);
}

/* ---- 1. network -------------------------------------------------------- */

static void check_network(struct hc *h)
{
	struct probe_if ifs[PROBE_IF_MAX];
	struct explain_ctx x;
	char list[256] = "";
	size_t n = 0, i, used = 0;
	int r;

	if (h->url_ok && (h->u0.addr >> 24) == 127) {
		line(h, 1, "OK", "the server %s is this machine (loopback)", h->host);
		return;
	}
	r = probe_ifaces(ifs, PROBE_IF_MAX, &n);
	if (r == 0 && n == 0) {
		line(h, 1, "FAIL", "no interface has an IPv4 address");
		ctx_init(h, &x);
		problem(h, 1, DIAG_NET_NONE, &x);
		stop_at(h, 1);
		h->global_stop = h->cannot = true;
		return;
	}
	if (r) {
		line(h, 1, "WARN", "cannot list interfaces (%s); trying anyway", strerror(-r));
		return;
	}
	for (i = 0; i < n && used < sizeof(list) - 40; i++) {
		char name[4 * sizeof(ifs[i].name)];

		text_sanitize(ifs[i].name, name, sizeof(name));
		used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%s %s/%u",
					 i ? ", " : "", name, ifs[i].addr, ifs[i].prefix);
	}
	line(h, 1, "OK", "%s", list);
}

/* ---- 2. name ----------------------------------------------------------- */

static void check_name(struct hc *h)
{
	struct explain_ctx x;
	char why[300], ip[TEXT_IPV4_SIZE], dns[TEXT_IPV4_SIZE], swhy[4 * 300];
	uint64_t t0 = probe_now_ms();
	uint32_t addr = 0, via = 0;
	unsigned ign = 0;
	enum diag_kind k;
	int r;

	ctx_init(h, &x);
	if (!h->url_ok) {
		line(h, 2, "FAIL", "%s: %s", h->url, h->url_why ? h->url_why : "not a URL");
		x.detail = h->url_why;
		problem(h, 2, DIAG_HTTP_URL_BAD, &x);
		stop_at(h, 2);
		return;
	}
	x.server = h->host;
	if (h->u0.addr) {
		h->addr = h->u0.addr;
		line(h, 2, "OK", "%s is an address: no name to look up", h->host);
		return;
	}
	r = host_addr(h, &h->u0, &addr, &via, &ign, why, sizeof(why));
	text_sanitize(why, swhy, sizeof(swhy));
	if (r == 0) {
		h->addr = addr;
		line(h, 2, "OK", "%s is %s (DNS server %s, %llu ms%s)", h->host,
		     text_ipv4(addr, ip), text_ipv4(via, dns),
		     (unsigned long long)(probe_now_ms() - t0),
		     ign ? "; stray or forged replies ignored" : "");
		return;
	}
	x.detail = swhy;
	switch (r) {
	case -EHOSTUNREACH:
		k = DIAG_HTTP_NODNS;
		break;
	case -ENOENT:
	case -EADDRNOTAVAIL:
	case -EINVAL:
		k = DIAG_HTTP_NAME_UNKNOWN;
		break;
	default:
		k = DIAG_HTTP_DNS_FAILED;
		if (r == -ETIMEDOUT && !left_ms(h))
			snprintf(swhy, sizeof(swhy), "the run's deadline (--deadline) passed");
		break;
	}
	line(h, 2, "FAIL", "%s: %s", h->host, swhy);
	problem(h, 2, k, &x);
	stop_at(h, 2);
}

/* ---- 3. server --------------------------------------------------------- */

static void check_server(struct hc *h)
{
	struct explain_ctx x;
	struct req_err e;
	char what[4 * HTTP_HOST_MAX + 4 * HTTP_PATH_MAX + 32], ip[TEXT_IPV4_SIZE];
	char size[96] = "", moved[4 * (HTTP_HOST_MAX + HTTP_PATH_MAX) + 64] = "";
	const struct http_resp *r = &h->ph.r;

	snprintf(what, sizeof(what), "HEAD %s from %s", h->path, h->server);
	if (request(h, "HEAD", false, 0, 0, HC_REDIRECTS, &e)) {
		request_failed(h, 3, what, &e);
		stop_at(h, 3);
		return;
	}
	probe_http_close(&h->ph); /* a HEAD's connection is not kept */
	if (e.hops)
		snprintf(moved, sizeof(moved), ", after %u redirect%s to http://%s%s", e.hops,
			 e.hops == 1 ? "" : "s", h->server, h->path);
	ctx_init(h, &x);
	x.status = r->status;
	if (r->status >= 200 && r->status < 300) {
		h->has_size = r->has_length;
		h->res_size = r->has_length ? r->length : 0;
		if (r->has_length)
			snprintf(size, sizeof(size), ", %llu bytes", (unsigned long long)r->length);
		line(h, 3, "OK", "%s (%s) answers HEAD %s: HTTP %u%s%s", h->server,
		     text_ipv4(h->addr, ip), h->path, r->status, size, moved);
		return;
	}
	if (r->status == 405 || r->status == 501) { /* no HEAD: netboot's GET finds the size */
		line(h, 3, "OK", "%s (%s) does not do HEAD (HTTP %u)%s: the download's GET gives the size",
		     h->server, text_ipv4(h->addr, ip), r->status, moved);
		return;
	}
	line(h, 3, "FAIL", "%s answers HEAD %s: HTTP %u%s", h->server, h->path, r->status, moved);
	problem(h, 3, r->status == 404 || r->status == 410 ? DIAG_HTTP_NOTFOUND : DIAG_HTTP_STATUS,
		&x);
	stop_at(h, 3);
}

/* ---- ranges (probed for step 4 on an ISO, said at step 5) --------------- */

static void probe_ranges(struct hc *h)
{
	const struct http_resp *r = &h->ph.r;
	struct req_err e;

	if (h->ranges != RANGES_UNKNOWN)
		return;
	if (request(h, "GET", true, 0, 0, 0, &e)) {
		char d[300];

		h->ranges = RANGES_ERROR;
		h->ranges_err = e.err;
		net_kind(e.err, e.why, d, sizeof(d));
		say(h->ranges_why, sizeof(h->ranges_why), "%s", d);
		return;
	}
	h->ranges_status = r->status;
	if (r->status == 206 && r->has_range && r->range_first == 0 && r->range_last == 0 &&
	    (!h->has_size || !r->range_total || r->range_total == h->res_size)) {
		h->ranges = RANGES_OK;
		snprintf(h->ranges_why, sizeof(h->ranges_why), "HTTP 206 for bytes=0-0%s",
			 r->range_total ? "" : " (total \"*\")");
	} else if (r->status == 206) {
		h->ranges = RANGES_WRONG;
		if (r->has_range)
			snprintf(h->ranges_why, sizeof(h->ranges_why),
				 "bytes=0-0 answered with bytes %llu-%llu/%llu",
				 (unsigned long long)r->range_first, (unsigned long long)r->range_last,
				 (unsigned long long)r->range_total);
		else
			snprintf(h->ranges_why, sizeof(h->ranges_why),
				 "bytes=0-0 answered with a 206 without Content-Range");
	} else if (r->status >= 200 && r->status < 300) {
		h->ranges = RANGES_IGNORED;
		snprintf(h->ranges_why, sizeof(h->ranges_why),
			 "HTTP %u and the whole file for bytes=0-0", r->status);
	} else {
		h->ranges = RANGES_ERROR;
		snprintf(h->ranges_why, sizeof(h->ranges_why), "HTTP %u for bytes=0-0", r->status);
	}
	probe_http_close(&h->ph); /* the byte itself is not needed */
}

/* ---- the ISO, by range reads -------------------------------------------- */

/* Bytes [off, off + len) of the resource, one range request. */
static int range_get(struct hc *h, uint64_t off, uint8_t *buf, size_t len)
{
	const struct http_resp *r = &h->ph.r;
	struct req_err e;
	size_t got = 0;
	int x;

	if (!left_ms(h))
		return -ETIMEDOUT;
	if (request(h, "GET", true, off, off + len - 1, 0, &e))
		return e.err ? e.err : -EIO;
	if (r->status != 206 || !r->has_range || r->range_first != off ||
	    r->range_last != off + len - 1) {
		probe_http_close(&h->ph);
		return r->status == 206 || (r->status >= 200 && r->status < 300) ? -EOPNOTSUPP : -EIO;
	}
	x = probe_http_body(&h->ph, buf, len, until(h), &got);
	probe_http_close(&h->ph);
	if ((x && x != -EFBIG) || got != len)
		return x && x != -EFBIG ? x : -EIO;
	return 0;
}

/* iso_io's read: through the window when it fits in one. */
static int iso_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	struct hc *h = ctx;
	uint64_t start;
	size_t n;
	int e;

	if (len == 0)
		return 0;
	if (off + len > h->res_size)
		return -EBADMSG;
	if (h->win_len && off >= h->win_off && off + len <= h->win_off + h->win_len) {
		memcpy(buf, h->win + (off - h->win_off), len);
		return 0;
	}
	start = off - off % HC_WINDOW;
	if (off + len > start + HC_WINDOW)
		return range_get(h, off, buf, len);
	n = h->res_size - start < HC_WINDOW ? (size_t)(h->res_size - start) : HC_WINDOW;
	h->win_len = 0;
	e = range_get(h, start, h->win, n);
	if (e)
		return e;
	h->win_off = start;
	h->win_len = n;
	memcpy(buf, h->win + (off - start), len);
	return 0;
}

static void iso_io_of(struct hc *h, struct iso_io *io)
{
	io->read = iso_read;
	io->ctx = h;
	io->size = h->res_size;
}

/* An ISO's file at path ("casper/x.squashfs", no leading '/'): 0 with
 * *ent, -ENOENT (absent, or not a plain file), or another error. */
static int iso_file(struct iso_io *io, struct hc *h, const char *path, struct iso_entry *ent)
{
	char p[SQUASH_PATH_MAX + 2];
	int r;

	say(p, sizeof(p), "/%s", path);
	r = iso_lookup(io, &h->vol, p, ent);
	if (r == 0 && ent->type != ISO_REG)
		return -ENOENT;
	return r;
}

/*
 * The whole ISO: the image `netboot premount` finds in it once it is
 * loop-mounted (mount.c's mount_find_image on the ISO's directory, as on
 * an NFS export): layerfs-path='s layers, all there, the top one; else the
 * first candidate that is there, and a failure unless it is the first
 * (a layered image: layerfs-path= is missing).  0 with the image located,
 * or a failure already printed at step 4.
 */
static int iso_whole_locate(struct hc *h, struct iso_io *io, const char *vol, char *okmsg,
			    size_t okmsgsz)
{
	static struct squash_paths cand;
	static struct iso_entry ent;
	static char hint[600], shint[4 * 600], found[4 * (SQUASH_PATH_MAX + 1)];
	struct explain_ctx x;
	char a[32], b[32], lp[4 * CMDLINE_PATH_MAX + 1], swhy[sizeof(h->whole_why) * 4];
	size_t i, n = 0;
	int r = 0;

	h->whole = true;
	ctx_init(h, &x);
	text_sanitize(h->whole_why, swhy, sizeof(swhy));
	text_sanitize(h->cl->layerfs_path, lp, sizeof(lp));
	if (h->cl->layerfs_path[0]) {
		if (squash_layers(h->cl, &cand) || !cand.n) {
			line(h, 4, "FAIL", "the ISO (volume \"%s\"): layerfs-path=%s is not a layered image name",
			     vol, lp);
			x.want = lp;
			x.hint = "give layerfs-path= the top layer's name, as the ISO's own boot menu does (layerfs-path=minimal.standard.live.squashfs)";
			problem(h, 4, DIAG_HTTP_ISO_NOIMAGE, &x);
			return -1;
		}
		for (i = 0; i < cand.n && !r; i++)
			r = iso_file(io, h, cand.path[i], &ent);
		n = cand.n;
		if (r == -ENOENT) {
			text_sanitize(cand.path[i - 1], found, sizeof(found));
			line(h, 4, "FAIL", "the ISO (volume \"%s\"): %s: netboot fetches it whole, and layerfs-path=%s needs /%s, which it lacks",
			     vol, swhy, lp, found);
			x.want = found;
			x.hint = "give layerfs-path= a layer the ISO has (its boot menu names it)";
			problem(h, 4, DIAG_HTTP_ISO_NOIMAGE, &x);
			return -1;
		}
	} else if (squash_candidates(h->cl, &cand)) {
		line(h, 4, "FAIL", "the ISO (volume \"%s\"): no place for the live image can be worked out from live-media-path=",
		     vol);
		problem(h, 4, DIAG_HTTP_ISO_NOIMAGE, &x);
		return -1;
	} else {
		for (i = 0; i < cand.n; i++) {
			r = iso_file(io, h, cand.path[i], &ent);
			if (r != -ENOENT)
				break;
		}
		n = i + 1;
		if (r == 0 && i > 0) {
			const char *use;

			text_sanitize(cand.path[i], found, sizeof(found));
			if (squash_hint(h->cl, cand.path[i], hint, sizeof(hint)))
				snprintf(hint, sizeof(hint), "found %s", cand.path[i]);
			use = strstr(hint, "; use ");
			text_sanitize(use ? use + 2 : hint, shint, sizeof(shint));
			if (use)
				snprintf(shint + strlen(shint), sizeof(shint) - strlen(shint),
					 " on the kernel command line, as the ISO's own boot menu does");
			say(h->image, sizeof(h->image), "%s", cand.path[0]);
			text_sanitize(h->image, h->image_show, sizeof(h->image_show));
			line(h, 4, "FAIL", "the ISO (volume \"%s\"): %s: netboot fetches it whole, but finds no /%s in it",
			     vol, swhy, h->image_show);
			x.want = h->image_show;
			x.found = found;
			x.hint = shint;
			problem(h, 4, DIAG_HTTP_ISO_NOIMAGE, &x);
			return -1;
		}
		if (r == -ENOENT) {
			say(h->image, sizeof(h->image), "%s", cand.path[0]);
			text_sanitize(h->image, h->image_show, sizeof(h->image_show));
			line(h, 4, "FAIL", "the ISO (volume \"%s\"): %s: netboot fetches it whole, but finds no /%s in it",
			     vol, swhy, h->image_show);
			x.want = h->image_show;
			problem(h, 4, DIAG_HTTP_ISO_NOIMAGE, &x);
			return -1;
		}
	}
	if (r) {
		char detail[300];

		snprintf(detail, sizeof(detail), "its directories: %s",
			 r == -EBADMSG ? "malformed" : strerror(-r));
		line(h, 4, "FAIL", "the ISO (volume \"%s\"): %s", vol, detail);
		x.detail = detail;
		problem(h, 4, r == -EBADMSG ? DIAG_HTTP_ISO_BAD : net_kind(r, NULL, detail, sizeof(detail)),
			&x);
		return -1;
	}
	/* the image: the top layer, or the one candidate found */
	say(h->image, sizeof(h->image), "%s", cand.path[n - 1]);
	text_sanitize(h->image, h->image_show, sizeof(h->image_show));
	if (ent.size == 0 || !ent.n_ext) {
		line(h, 4, "FAIL", "/%s in the ISO is empty", h->image_show);
		ctx_init(h, &x);
		x.detail = "its live image is empty";
		problem(h, 4, DIAG_HTTP_ISO_UNSUPPORTED, &x);
		return -1;
	}
	h->img_found = true;
	h->img_base = (uint64_t)ent.ext[0].lba * ISO_SECTOR;
	h->img_size = ent.size;
	say(okmsg, okmsgsz, "the ISO (volume \"%s\", %s MiB): %s: netboot fetches it whole and mounts /%s (%s MiB) from it",
	    vol, tenths(a, h->res_size, MIB), swhy, h->image_show, tenths(b, ent.size, MIB));
	return 0;
}

/* Locate the live image in the ISO (fetch-iso.c's rules).  0, or a
 * failure already printed at step 4. */
static int iso_locate(struct hc *h, char *okmsg, size_t okmsgsz)
{
	static struct iso_entry ent;
	struct explain_ctx x;
	struct iso_io io;
	char path[CMDLINE_PATH_MAX + 32], vol[4 * 33], a[32], b[32], detail[400];
	const char *mp;
	int r;

	ctx_init(h, &x);
	iso_io_of(h, &io);
	h->win_len = 0;
	r = iso_open(&io, &h->vol);
	if (r) {
		if (r == -EBADMSG || r == -EOPNOTSUPP)
			snprintf(detail, sizeof(detail), "%s",
				 r == -EBADMSG ? "no primary volume descriptor" :
						 "a block size other than 2048");
		else
			snprintf(detail, sizeof(detail), "reading its first sectors: %s", strerror(-r));
		line(h, 4, "FAIL", "the ISO (%llu bytes) cannot be read: %s",
		     (unsigned long long)h->res_size, detail);
		x.detail = detail;
		problem(h, 4, r == -EBADMSG || r == -EOPNOTSUPP ? DIAG_HTTP_ISO_BAD :
				net_kind(r, NULL, detail, sizeof(detail)), &x);
		return -1;
	}
	text_sanitize(h->vol.volume_id, vol, sizeof(vol));
	mp = h->cl->media_path[0] ? h->cl->media_path :
	     h->cl->boot == CMDLINE_BOOT_LIVE ? "live" : "casper";
	while (*mp == '/')
		mp++;
	if (h->cl->layerfs_path[0]) {
		say(h->whole_why, sizeof(h->whole_why),
		    "layerfs-path= asks for casper's layered images, which need the ISO's whole casper folder");
		return iso_whole_locate(h, &io, vol, okmsg, okmsgsz);
	}
	snprintf(h->image, sizeof(h->image), "%s/filesystem.squashfs", mp);
	text_sanitize(h->image, h->image_show, sizeof(h->image_show));
	x.want = h->image_show;
	say(path, sizeof(path), "/%s", h->image);
	r = iso_lookup(&io, &h->vol, path, &ent);
	if (r == -ENOENT) {
		snprintf(path, sizeof(path), "/%s/minimal.squashfs", mp);
		if (!iso_lookup(&io, &h->vol, path, &ent)) {
			say(h->whole_why, sizeof(h->whole_why),
			    "it holds casper's layered images (/%s/minimal*.squashfs), not one image",
			    mp);
			return iso_whole_locate(h, &io, vol, okmsg, okmsgsz);
		}
		line(h, 4, "FAIL", "the ISO (volume \"%s\") has no /%s", vol, h->image_show);
		problem(h, 4, DIAG_HTTP_ISO_NOIMAGE, &x);
		return -1;
	}
	if (r) {
		snprintf(detail, sizeof(detail), "its directories: %s",
			 r == -EBADMSG ? "malformed" : strerror(-r));
		line(h, 4, "FAIL", "the ISO (volume \"%s\"): %s", vol, detail);
		x.detail = detail;
		problem(h, 4, r == -EBADMSG ? DIAG_HTTP_ISO_BAD : net_kind(r, NULL, detail, sizeof(detail)),
			&x);
		return -1;
	}
	if (ent.type == ISO_REG && ent.n_ext > 1) {
		say(h->whole_why, sizeof(h->whole_why), "/%s is in %u extents (over 4 GiB)",
		    h->image, ent.n_ext);
		return iso_whole_locate(h, &io, vol, okmsg, okmsgsz);
	}
	if (ent.type != ISO_REG || ent.size == 0) {
		say(detail, sizeof(detail), "/%s in the ISO is %s", h->image_show,
			 ent.type != ISO_REG ? "not a plain file" : "empty");
		line(h, 4, "FAIL", "%s", detail);
		x.detail = detail;
		problem(h, 4, DIAG_HTTP_ISO_UNSUPPORTED, &x);
		return -1;
	}
	h->img_found = true;
	h->img_base = (uint64_t)ent.ext[0].lba * ISO_SECTOR;
	h->img_size = ent.size;
	say(okmsg, okmsgsz, "the ISO (volume \"%s\", %s MiB) holds /%s: %s MiB at byte %llu",
		 vol, tenths(a, h->res_size, MIB), h->image_show, tenths(b, ent.size, MIB),
		 (unsigned long long)h->img_base);
	return 0;
}

/* ---- 4. size and RAM ---------------------------------------------------- */

/* The whole ISO, for a reason other than ranges (those are step 5's
 * warning): said as a warning under step 4. */
static void whole_warning(struct hc *h)
{
	struct explain_ctx x;
	char swhy[sizeof(h->whole_why) * 4];

	if (!h->whole || h->whole_noranges)
		return;
	ctx_init(h, &x);
	text_sanitize(h->whole_why, swhy, sizeof(swhy));
	x.detail = swhy;
	x.size = h->res_size;
	problem(h, 4, DIAG_HTTP_ISO_WHOLE, &x);
}

/* The RAM check of netboot fetch (core/ramcheck) on what goes into RAM:
 * the image, or the whole ISO (h->whole); said after what. */
static void ram(struct hc *h, const char *what)
{
	static char mi[16384];
	struct ram_verdict v;
	struct explain_ctx x;
	uint64_t avail = 0, size = h->whole ? h->res_size : h->img_size;
	size_t len = 0;
	bool warn = h->whole && !h->whole_noranges;
	char swhy[sizeof(h->whole_why) * 4];

	if (probe_read("/proc/meminfo", mi, sizeof(mi), &len) ||
	    ram_meminfo_avail(mi, len, &avail)) {
		line(h, 4, "WARN", "%s; /proc/meminfo gives no MemAvailable: RAM not checked", what);
		h->n_warn++;
		whole_warning(h);
		return;
	}
	if (ram_check(size, avail, UINT64_MAX, &v) == 0) {
		line(h, 4, warn ? "WARN" : "OK", "%s; need %llu MiB, have %llu MiB available (%llu MiB kept for the running system)",
		     what, (unsigned long long)(v.need >> 20), (unsigned long long)(v.have >> 20),
		     (unsigned long long)(RAM_MARGIN_BYTES >> 20));
		whole_warning(h);
		return;
	}
	line(h, 4, "FAIL", "%s; need %llu MiB, have %llu MiB available", what,
	     (unsigned long long)(v.need >> 20), (unsigned long long)(v.have >> 20));
	ctx_init(h, &x);
	x.size = size;
	x.need = v.need;
	x.have = v.have;
	if (h->whole) {
		text_sanitize(h->whole_why, swhy, sizeof(swhy));
		x.detail = swhy;
		if (h->whole_noranges)
			x.hint = "serve the ISO with a web server that does ranges (nginx, lighttpd, apache2), so netboot fetches its live image alone";
	}
	problem(h, 4, h->whole ? DIAG_HTTP_RAM_ISO : DIAG_HTTP_RAM, &x);
}

static void check_size(struct hc *h)
{
	struct explain_ctx x;
	char what[600], a[32];

	if (!h->iso) {
		h->img_found = true;
		h->img_base = 0;
		if (!h->has_size || !h->res_size) {
			line(h, 4, "WARN", "%s gives no size for %s%s", h->server, h->path,
			     h->has_size ? " (Content-Length: 0)" : " (no Content-Length)");
			ctx_init(h, &x);
			problem(h, 4, DIAG_HTTP_NOSIZE, &x);
			return;
		}
		h->img_size = h->res_size;
		snprintf(what, sizeof(what), "image %s MiB (%llu bytes)", tenths(a, h->img_size, MIB),
			 (unsigned long long)h->img_size);
		ram(h, what);
		return;
	}
	/* an ISO: the image's size is in its directory, read by ranges */
	if (!h->has_size || !h->res_size) {
		line(h, 4, "FAIL", "%s gives no size for the ISO %s (no Content-Length)", h->server,
		     h->path);
		ctx_init(h, &x);
		x.detail = "the server does not say the ISO's size: its directories cannot be read";
		problem(h, 4, DIAG_HTTP_ISO_BAD, &x);
		h->img_need = 4;
		return;
	}
	probe_ranges(h);
	if (h->ranges == RANGES_IGNORED) { /* fetch-iso.c: the whole ISO instead */
		h->whole = h->whole_noranges = true;
		h->img_need = 5;
		say(h->whole_why, sizeof(h->whole_why), "the server does not answer range requests");
		/* the image premount looks for first: named by step 6's fix */
		{
			static struct squash_paths cand;

			if (h->cl->layerfs_path[0] ? !squash_layers(h->cl, &cand) && cand.n :
			    !squash_candidates(h->cl, &cand))
				say(h->image, sizeof(h->image), "%s",
				    cand.path[h->cl->layerfs_path[0] ? cand.n - 1 : 0]);
		}
		text_sanitize(h->image, h->image_show, sizeof(h->image_show));
		snprintf(what, sizeof(what), "the whole ISO, %s MiB (%llu bytes): without ranges netboot fetches it whole (step 5)",
			 tenths(a, h->res_size, MIB), (unsigned long long)h->res_size);
		ram(h, what);
		return;
	}
	if (h->ranges != RANGES_OK) {
		line(h, 4, "SKIP", "the ISO is %s MiB; the image's size is in its directory, read by range requests (see step 5)",
		     tenths(a, h->res_size, MIB));
		h->img_need = 5;
		return;
	}
	if (iso_locate(h, what, sizeof(what))) {
		h->img_need = 4;
		return;
	}
	ram(h, what);
}

/* ---- 5. ranges ---------------------------------------------------------- */

static void check_ranges(struct hc *h)
{
	struct explain_ctx x;
	enum diag_kind k;

	probe_ranges(h);
	ctx_init(h, &x);
	if (h->ranges == RANGES_OK) {
		line(h, 5, "OK", "%s: %s", h->ranges_why,
		     h->whole ? "the ISO's directories are read by ranges (the whole ISO is fetched: step 4)" :
		     h->iso ? "the ISO's directories and its image are read by ranges" :
			      "a dropped download resumes where it stopped");
		return;
	}
	x.detail = h->ranges_why;
	if (h->ranges == RANGES_ERROR && h->ranges_status == 0) {
		char d[300];

		k = net_kind(h->ranges_err, NULL, d, sizeof(d));
		line(h, 5, "FAIL", "GET %s with Range: %s", h->path, h->ranges_why);
		problem(h, 5, k, &x);
		return;
	}
	if (h->ranges == RANGES_ERROR && h->iso) {
		x.status = h->ranges_status;
		line(h, 5, "FAIL", "%s", h->ranges_why);
		problem(h, 5, h->ranges_status == 404 || h->ranges_status == 410 ?
				      DIAG_HTTP_NOTFOUND : DIAG_HTTP_STATUS, &x);
		return;
	}
	if (h->iso && h->ranges == RANGES_WRONG) { /* fetch-iso.c: an error, the next URL */
		line(h, 5, "FAIL", "%s", h->ranges_why);
		problem(h, 5, DIAG_HTTP_RANGES_BAD, &x);
		return;
	}
	k = h->iso ? DIAG_HTTP_NORANGES_ISO : DIAG_HTTP_NORANGES;
	x.size = h->iso ? h->res_size : 0;
	line(h, 5, "WARN", "%s%s", h->ranges_why,
	     h->iso ? ": netboot fetches the whole ISO and loop-mounts it" : "");
	problem(h, 5, k, &x);
}

/* ---- 6. checksum -------------------------------------------------------- */

static const struct {
	const char *name;
	enum sums_algo algo;
} lists[] = {
	{ "SHA256SUMS", SUMS_SHA256 },
	{ "sha256sum.txt", SUMS_SHA256 },
	{ "md5sum.txt", SUMS_MD5 },
};

static void hex(const uint8_t *d, size_t n, char *out)
{
	static const char x[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = x[d[i] >> 4];
		out[2 * i + 1] = x[d[i] & 15];
	}
	out[2 * n] = '\0';
}

/* Look for rel in the list buf[0..len) named where; 1 found (said), 0 not. */
static int list_names(struct hc *h, const char *where, size_t len, const char *rel,
		      enum sums_algo algo, const char *what)
{
	uint8_t d[32];
	char dhex[65], srel[4 * (CMDLINE_PATH_MAX + 32) + 1];
	const char *why = NULL;
	int r = sums_find((const char *)h->list, len, rel, algo, d, sizeof(d), &why);

	text_sanitize(rel, srel, sizeof(srel));
	if (r == 0) {
		hex(d, sums_algo_size(algo), dhex);
		line(h, 6, "OK", "%s lists %s (%s %s): netboot compares the download with it (it finds damage; only netboot.sha256= proves the image)",
		     what, srel, sums_algo_name[algo], dhex);
		return 1;
	}
	if (r != -ENOENT)
		note(h, "%s: %s for %s: netboot does not use it", where,
		     why ? why : "not a checksum list", srel);
	return 0;
}

/* The ISO's own lists (fetch-iso.c's find_list). */
static int iso_lists(struct hc *h)
{
	static struct iso_entry ent;
	struct iso_io io;
	char where[64];

	iso_io_of(h, &io);
	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]) && left_ms(h); i++) {
		size_t have = 0;
		int r = 0;

		snprintf(where, sizeof(where), "/%s", lists[i].name);
		if (iso_lookup(&io, &h->vol, where, &ent))
			continue;
		if (ent.type != ISO_REG || ent.size > HC_LIST_MAX) {
			note(h, "the ISO's %s is %s: netboot does not use it", where,
			     ent.type != ISO_REG ? "not a plain file" : "larger than 1 MiB");
			continue;
		}
		for (unsigned k = 0; k < ent.n_ext; k++) {
			size_t n = ent.ext[k].len;

			if (n > HC_LIST_MAX - have) {
				r = -EBADMSG;
				break;
			}
			r = io.read(io.ctx, (uint64_t)ent.ext[k].lba * ISO_SECTOR, h->list + have, n);
			if (r)
				break;
			have += n;
		}
		if (r) {
			note(h, "the ISO's %s cannot be read: %s", where, strerror(-r));
			continue;
		}
		snprintf(where, sizeof(where), "the ISO's /%s", lists[i].name);
		if (list_names(h, where, have, h->image, lists[i].algo, where))
			return 1;
	}
	return 0;
}

/* The tree's lists: two folders above the image URL (fetch.c's rule). */
static int tree_lists(struct hc *h)
{
	char base[HTTP_PATH_MAX + 1], sbase[4 * HTTP_PATH_MAX + 1], where[4 * HTTP_PATH_MAX + 64];
	const char *rel = NULL;
	struct http_url keep = h->u, lu;
	uint32_t keep_addr = h->addr;
	int found = 0;

	if (explain_http_tree(h->u0.path, base, sizeof(base), &rel) || !rel)
		return 0;
	snprintf(h->image, sizeof(h->image), "%s", rel);
	text_sanitize(h->image, h->image_show, sizeof(h->image_show));
	text_sanitize(base, sbase, sizeof(sbase));
	memcpy(h->tree, sbase, sizeof(h->tree));
	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]) && !found && left_ms(h); i++) {
		struct req_err e;
		size_t got = 0;
		int r;

		lu = h->u0;
		if ((size_t)snprintf(lu.path, sizeof(lu.path), "%s%s", base, lists[i].name) >=
		    sizeof(lu.path))
			break;
		snprintf(where, sizeof(where), "%s%s", sbase, lists[i].name);
		h->u = lu;
		if (request(h, "GET", false, 0, 0, HC_REDIRECTS, &e)) {
			char d[300];

			net_kind(e.err, e.why, d, sizeof(d));
			note(h, "%s not read: %s", where,
			     e.loop ? "a redirect loop" : e.bad_location ? "a bad redirect" : d);
			continue;
		}
		if (h->ph.r.status == 404 || h->ph.r.status == 410) {
			probe_http_close(&h->ph);
			continue;
		}
		if (h->ph.r.status != 200) {
			note(h, "%s: HTTP %u: netboot does not use it", where, h->ph.r.status);
			probe_http_close(&h->ph);
			continue;
		}
		r = probe_http_body(&h->ph, h->list, HC_LIST_MAX, until(h), &got);
		probe_http_close(&h->ph);
		if (r) {
			note(h, "%s not read: %s", where,
			     r == -EFBIG ? "larger than 1 MiB" :
			     r == -ETIMEDOUT ? "no answer in time" :
			     r == -EBADMSG ? "a bad chunked body" : "the body ended short");
			continue;
		}
		snprintf(where, sizeof(where), "the server's %s%s", sbase, lists[i].name);
		found = list_names(h, where, got, rel, lists[i].algo, where);
	}
	set_target(h, &keep); /* the lists' requests moved it */
	h->addr = keep_addr;
	return found;
}

static void check_sums(struct hc *h)
{
	struct explain_ctx x;
	char d[65];

	if (h->whole) { /* fetch.c: no list for a whole ISO, netboot.sha256= once mounted */
		if (h->cl->has_sha256) {
			hex(h->cl->sha256, sizeof(h->cl->sha256), d);
			line(h, 6, "OK", "netboot.sha256=%.16s... is given (trusted): netboot compares it with the image it finds in the mounted ISO (the squashfs's digest, not the ISO's)",
			     d);
			return;
		}
		line(h, 6, "WARN", "no netboot.sha256=: netboot fetches the whole ISO and compares it with no checksum list");
		ctx_init(h, &x);
		x.detail = "netboot fetches the whole ISO, which it compares with no checksum list (not the ISO's own md5sum.txt either)";
		problem(h, 6, DIAG_HTTP_NOSUMS, &x);
		return;
	}
	if (h->cl->has_sha256) {
		hex(h->cl->sha256, sizeof(h->cl->sha256), d);
		line(h, 6, "OK", "netboot.sha256=%.16s... is given (trusted): netboot refuses an image with another SHA-256%s",
		     d, h->iso ? " (the squashfs's digest, not the ISO's: netboot fetches the squashfs alone)" : "");
		return;
	}
	if (h->iso && !h->img_found) {
		line(h, 6, "SKIP", "(needs step %u: the ISO's directory)", h->img_need);
		return;
	}
	if (h->iso ? iso_lists(h) : tree_lists(h))
		return;
	if (!left_ms(h)) {
		line(h, 6, "SKIP", "(the run's deadline of %u s passed)", h->o->deadline_s);
		h->url_cannot = h->cannot = true;
		return;
	}
	line(h, 6, "WARN", "no netboot.sha256=, and no SHA256SUMS, sha256sum.txt or md5sum.txt %s%s names %s",
	     h->iso ? "in the ISO" : "in ", h->iso ? "" : h->tree[0] ? h->tree : "the tree's root",
	     h->image_show[0] ? h->image_show : h->path);
	ctx_init(h, &x);
	if (!x.want)
		x.want = h->path;
	problem(h, 6, DIAG_HTTP_NOSUMS, &x);
}

/* ---- 7. image ----------------------------------------------------------- */

static void check_image(struct hc *h)
{
	const struct http_resp *r = &h->ph.r;
	struct squash_sb sb;
	struct squash_env env;
	struct explain_ctx x;
	struct req_err e;
	uint8_t buf[SQUASH_SB_SIZE];
	char why[256], release[128] = "", kinfo[400], what[4 * HTTP_PATH_MAX + 64];
	char *config = NULL;
	size_t got = 0, clen = 0;
	uint64_t from = h->img_base;
	enum diag_kind k;
	int rc;

	if (!h->img_found && h->whole_noranges) {
		line(h, 7, "SKIP", "(no range requests: netboot-diag cannot look inside the ISO; netboot premount checks the image once the whole ISO is mounted)");
		return;
	}
	if (!h->img_found) {
		line(h, 7, "SKIP", "(needs step %u: the ISO's directory)", h->img_need);
		return;
	}
	ctx_init(h, &x);
	if (!x.want)
		x.want = h->path;
	snprintf(what, sizeof(what), "GET %s bytes %llu-%llu", h->path, (unsigned long long)from,
		 (unsigned long long)(from + SQUASH_SB_SIZE - 1));
	if (request(h, "GET", true, from, from + SQUASH_SB_SIZE - 1, 0, &e)) {
		request_failed(h, 7, what, &e);
		return;
	}
	/* a 206 for those bytes; an image URL's 200 (no ranges) starts with them */
	if (!(r->status == 206 && r->has_range && r->range_first == from) &&
	    !(r->status == 200 && !h->iso)) {
		x.status = r->status;
		probe_http_close(&h->ph);
		if (r->status == 206 || r->status == 200) {
			snprintf(why, sizeof(why), "HTTP %u, not the bytes asked for", r->status);
			line(h, 7, "FAIL", "%s: %s", what, why);
			x.detail = why;
			problem(h, 7, h->iso ? DIAG_HTTP_RANGES_BAD : DIAG_HTTP_NORANGES, &x);
		} else {
			line(h, 7, "FAIL", "%s: HTTP %u", what, r->status);
			problem(h, 7, r->status == 404 || r->status == 410 ? DIAG_HTTP_NOTFOUND :
									  DIAG_HTTP_STATUS, &x);
		}
		return;
	}
	rc = probe_http_body(&h->ph, buf, sizeof(buf), until(h), &got);
	probe_http_close(&h->ph);
	if (rc && rc != -EFBIG && got < sizeof(buf) && rc != -ECONNRESET) {
		char d[300];

		k = net_kind(rc, NULL, d, sizeof(d));
		if (rc == -ETIMEDOUT)
			snprintf(d, sizeof(d), "only %zu of %u bytes came within --timeout (%u s)%s",
				 got, SQUASH_SB_SIZE, h->o->timeout_s,
				 left_ms(h) ? "" : " or the run's --deadline");
		line(h, 7, "FAIL", "%s: %s", what, d);
		x.detail = d;
		problem(h, 7, k, &x);
		return;
	}
	x.size = h->img_size;
	if (got < SQUASH_SB_SIZE || squash_sb_parse(buf, got, &sb) != 0) {
		line(h, 7, "FAIL", "%s: %zu bytes came", what, got);
		x.size = got;
		problem(h, 7, DIAG_SQ_SHORT, &x);
		return;
	}
	memset(&env, 0, sizeof(env));
	env.file_size = h->img_size;
	env.page_size = (uint32_t)sysconf(_SC_PAGESIZE);
	rc = probe_kernel_config(release, sizeof(release), &config, &clen);
	if (rc == 0) {
		if (squash_comp_mask_from_config(config, clen, &env.comp_mask) != 0)
			env.comp_mask = 0;
		free(config);
	}
	if (env.comp_mask)
		snprintf(kinfo, sizeof(kinfo), "kernel %s reads %s", release,
			 squash_comp_name(sb.compression));
	else
		snprintf(kinfo, sizeof(kinfo),
			 "kernel %s: compression support not checked (no usable /boot/config-%s)",
			 release, release);
	rc = squash_sb_check(&sb, &env, why, sizeof(why));
	if (rc == 0) {
		char size[64] = "";

		if (h->img_size)
			snprintf(size, sizeof(size), " of %llu", (unsigned long long)h->img_size);
		line(h, 7, "OK", "squashfs %u.%u, %s, %llu%s bytes used, %u inodes; %s", sb.major,
		     sb.minor, squash_comp_name(sb.compression), (unsigned long long)sb.bytes_used,
		     size, sb.inodes, kinfo);
		return;
	}
	x.detail = why;
	x.comp = squash_comp_name(sb.compression);
	x.bytes_used = sb.bytes_used;
	x.version_major = sb.major;
	x.version_minor = sb.minor;
	k = explain_squash_kind(rc, env.comp_mask, sb.compression, sb.bytes_used, h->img_size);
	line(h, 7, "FAIL", "%s: %s", x.want, why);
	problem(h, 7, k, &x);
}

/* ---- the run ------------------------------------------------------------ */

/* Reset the per-URL state for URL one. */
static void url_begin(struct hc *h, const char *one)
{
	const char *why = NULL;

	h->stop = h->url_cannot = false;
	h->stop_step = 0;
	h->url_fail = 0;
	h->has_size = false;
	h->res_size = 0;
	h->ranges = RANGES_UNKNOWN;
	h->ranges_why[0] = '\0';
	h->ranges_err = 0;
	h->ranges_status = 0;
	h->img_found = false;
	h->whole = h->whole_noranges = false;
	h->whole_why[0] = '\0';
	h->img_need = 4;
	h->img_base = h->img_size = 0;
	h->image[0] = h->image_show[0] = h->tree[0] = '\0';
	h->win_len = 0;
	h->ph.fd = -1;
	h->addr = 0;
	text_sanitize(one, h->url, sizeof(h->url));
	h->url_ok = http_url_parse(one, &h->u0, &why) == 0;
	h->url_why = why;
	if (!h->url_ok) {
		memset(&h->u0, 0, sizeof(h->u0));
		h->server[0] = h->host[0] = h->path[0] = '\0';
		return;
	}
	set_target(h, &h->u0);
	text_sanitize(h->u0.host, h->host, sizeof(h->host));
	h->iso = explain_http_is_iso(h->u0.path);
}

static void run_url(struct hc *h)
{
	for (unsigned step = 1; step <= HC_STEPS; step++) {
		if (h->stop) {
			line(h, step, "SKIP", "(needs step %u)", h->stop_step);
			continue;
		}
		if (!left_ms(h)) {
			line(h, step, "SKIP", "(the run's deadline of %u s passed)", h->o->deadline_s);
			h->url_cannot = h->cannot = true;
			continue;
		}
		switch (step) {
		case 1: check_network(h); break;
		case 2: check_name(h); break;
		case 3: check_server(h); break;
		case 4: check_size(h); break;
		case 5: check_ranges(h); break;
		case 6: check_sums(h); break;
		case 7: check_image(h); break;
		}
	}
	probe_http_close(&h->ph);
	if (!h->url_fail && !h->url_cannot && !h->first_good)
		h->first_good = h->idx;
}

/* The URL list: --url, url= / fetch=, else an http:// root-path (fetch.c's
 * order).  NULL when there is none; *from says where it came from. */
static const char *url_list(const struct check_opts *o, const struct cmdline *cl,
			    const struct lease *ls, const char **from)
{
	if (o->url) {
		*from = "--url";
		return o->url;
	}
	if (cl->urls[0]) {
		*from = "url= / fetch=";
		return cl->urls;
	}
	if (ls && !strncmp(ls->root_path, "http://", 7)) {
		*from = "the lease's root-path";
		return ls->root_path;
	}
	return NULL;
}

int httpcheck_run(const struct check_opts *o, FILE *out, const struct cmdline *cl,
		  const struct lease *ls, const char *leasemsg, uint64_t deadline_ms)
{
	struct hc *h;
	const char *list, *from = "", *p;
	char one[CMDLINE_URLS_MAX + 1], logerr[300], verdict[700];
	struct explain_http_run v;
	unsigned n = 0;
	int rc;

	list = url_list(o, cl, ls, &from);
	if (!list || !*list) {
		fprintf(stderr, "netboot-diag: netboot=http but no URL: put url=http://SERVER/PATH on the kernel command line, have DHCP hand out an http:// root-path, or pass --url URL\n");
		return CHECK_EXIT_USAGE;
	}
	h = calloc(1, sizeof(*h));
	if (!h) {
		fprintf(stderr, "netboot-diag: out of memory\n");
		return CHECK_EXIT_CANNOT;
	}
	h->out = out;
	h->o = o;
	h->cl = cl;
	h->ls = ls;
	h->deadline_ms = deadline_ms;
	h->timeout_ms = o->timeout_s * 1000u;
	h->ph.fd = -1;
	h->boot = cl->boot == CMDLINE_BOOT_LIVE ? "live" : "casper";
	for (p = list; *p; p += strcspn(p, ",") + (p[strcspn(p, ",")] ? 1 : 0))
		n++;
	h->n_urls = n;
	if (n == 1) {
		text_sanitize(list, h->url, sizeof(h->url));
		fprintf(out, "netboot-diag %s: checking %s (from %s), boot=%s%s\n", NETBOOT_VERSION,
			h->url, from, h->boot,
			cl->boot == CMDLINE_BOOT_NONE ? " (no boot= on the command line: assumed)" : "");
	} else {
		fprintf(out, "netboot-diag %s: checking %u URLs (from %s) in the order netboot fetch tries them, boot=%s%s\n",
			NETBOOT_VERSION, n, from, h->boot,
			cl->boot == CMDLINE_BOOT_NONE ? " (no boot= on the command line: assumed)" : "");
	}
	if (leasemsg && leasemsg[0])
		fprintf(out, "lease: %s\n", leasemsg);
	else
		fprintf(out, "lease: none found (%s/net.state): a name in a URL cannot be looked up\n",
			o->rundir);
	if (probe_log_last_error(o->rundir, logerr, sizeof(logerr)) == 0)
		fprintf(out, "netboot.log: last error: %s\n", logerr);

	for (p = list; *p && !h->global_stop;) {
		size_t len = strcspn(p, ",");

		memcpy(one, p, len);
		one[len] = '\0';
		p += len + (p[len] ? 1 : 0);
		h->idx++;
		url_begin(h, one);
		if (n > 1)
			fprintf(out, "url %u of %u: %s\n", h->idx, n, h->url);
		run_url(h);
	}

	memset(&v, 0, sizeof(v));
	v.n_urls = n;
	v.first_good = h->first_good;
	v.fail_url = h->n_fail ? h->first_url : 0;
	v.fail_kind = h->n_fail ? h->first_kind : DIAG_OK;
	v.fail_step = h->first_step;
	v.fail_step_name = step_name[h->first_step];
	v.n_warn = h->n_warn;
	if (h->cannot && !h->n_fail)
		fprintf(out, "verdict: not every check ran: the run's deadline of %u s passed (a server that answers slowly, or without end); run again with a larger --deadline\n",
			o->deadline_s);
	else if (explain_http_verdict(&v, verdict, sizeof(verdict)) == 0)
		fprintf(out, "%s\n", verdict);
	rc = h->cannot ? CHECK_EXIT_CANNOT : h->n_fail ? CHECK_EXIT_PROBLEM : CHECK_EXIT_OK;
	free(h);
	return rc;
}

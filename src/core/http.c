/*
 * http.c - URLs, requests, response heads and chunked bodies (http.h).
 *
 * The server is not trusted: the head is read line by line inside
 * HTTP_HEAD_MAX bytes and HTTP_LINES_MAX lines, each number is bounded,
 * and what could make two readers disagree about where the body ends (two
 * Content-Lengths, a Content-Length beside chunked, a coding we do not
 * know, a folded header line) is refused.  Lines may end in CRLF or LF.
 * Pure.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "dns.h"
#include "http.h"
#include "text.h"

#define WHY(w, text, rc) ((w) ? (*(w) = (text), (rc)) : (rc))
#define LENGTH_MAX (1ULL << 62)
#define CHUNK_LINE_MAX 4096
#define TRAILERS_MAX 100

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool prefix_ci(const char *s, size_t n, const char *p)
{
	size_t k = strlen(p);

	if (n < k)
		return false;
	for (size_t i = 0; i < k; i++)
		if (lower(s[i]) != p[i])
			return false;
	return true;
}

static bool eq_ci(const char *s, size_t n, const char *p)
{
	return n == strlen(p) && prefix_ci(s, n, p);
}

/* ---- URL ------------------------------------------------------------------ */

int http_url_parse(const char *s, struct http_url *u, const char **why)
{
	struct http_url x;
	const char *auth, *path, *colon;
	size_t n, hlen;

	if (!s || !u)
		return -EINVAL;
	memset(&x, 0, sizeof(x));
	n = strlen(s);
	if (prefix_ci(s, n, "https://"))
		return WHY(why, "https: is not supported (no TLS in the initrd); use http:// and a checksum",
			   -EPROTONOSUPPORT);
	if (!prefix_ci(s, n, "http://"))
		return strstr(s, "://") ? WHY(why, "only http:// URLs are supported", -EPROTONOSUPPORT)
					: WHY(why, "not a URL (http://HOST/PATH)", -EINVAL);
	auth = s + 7;
	path = strchr(auth, '/');
	if (!path)
		path = auth + strlen(auth);
	if (memchr(auth, '@', (size_t)(path - auth)))
		return WHY(why, "a user name or password in the URL is not supported", -EINVAL);
	if (auth[0] == '[')
		return WHY(why, "IPv6 addresses are not supported", -EINVAL);
	colon = memchr(auth, ':', (size_t)(path - auth));
	hlen = (size_t)((colon ? colon : path) - auth);
	if (hlen == 0 || hlen > HTTP_HOST_MAX)
		return WHY(why, "no host, or a host name longer than 253 bytes", -EINVAL);
	for (size_t i = 0; i < hlen; i++)
		x.host[i] = lower(auth[i]);
	x.host[hlen] = '\0';
	x.port = 80;
	if (colon) {
		uint32_t p;

		if (text_parse_uint(colon + 1, (size_t)(path - colon - 1), 65535, &p) || !p)
			return WHY(why, "the port is not a number from 1 to 65535", -EINVAL);
		x.port = (uint16_t)p;
	}
	if (text_parse_ipv4(x.host, hlen, &x.addr)) {
		x.addr = 0;
		if (!dns_name_ok(x.host))
			return WHY(why, "the host is neither a host name nor an IPv4 address", -EINVAL);
	} else if (x.addr == 0 || x.addr == 0xffffffffu) {
		return WHY(why, "the host address is 0.0.0.0 or a broadcast", -EINVAL);
	}
	n = strlen(path);
	if (n > HTTP_PATH_MAX)
		return WHY(why, "the path is longer than 1024 bytes", -EINVAL);
	for (size_t i = 0; i < n; i++)
		if (path[i] <= 0x20 || path[i] >= 0x7f || path[i] == '#')
			return WHY(why, "the path has a blank, a control byte, a non-ASCII byte or a '#' (write them %XX)",
				   -EINVAL);
	if (n)
		memcpy(x.path, path, n + 1);
	else
		memcpy(x.path, "/", 2);
	*u = x;
	return 0;
}

int http_request(char *buf, size_t cap, const char *method, const struct http_url *u,
		 uint64_t from, uint64_t to)
{
	char port[8] = "", range[64] = "";
	int n;

	if (to && to < from)
		return -EINVAL;
	if (u->port != 80)
		snprintf(port, sizeof(port), ":%u", (unsigned)u->port);
	if (to)
		snprintf(range, sizeof(range), "Range: bytes=%llu-%llu\r\n",
			 (unsigned long long)from, (unsigned long long)to);
	else if (from)
		snprintf(range, sizeof(range), "Range: bytes=%llu-\r\n", (unsigned long long)from);
	n = snprintf(buf, cap,
		     "%s %s HTTP/1.1\r\nHost: %s%s\r\nUser-Agent: netboot\r\n"
		     "Accept-Encoding: identity\r\nConnection: keep-alive\r\n%s\r\n",
		     method, u->path, u->host, port, range);
	if (n < 0 || (size_t)n >= cap)
		return -ENOBUFS;
	return n;
}

/* ---- response head -------------------------------------------------------- */

static bool tchar(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("!#$%&'*+-.^_`|~", c));
}

/* Decimal of at most 19 digits, not above LENGTH_MAX. */
static bool number(const char *s, size_t n, uint64_t *v)
{
	uint64_t a = 0;

	if (n == 0 || n > 19)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		a = a * 10 + (uint64_t)(s[i] - '0');
	}
	if (a > LENGTH_MAX)
		return false;
	*v = a;
	return true;
}

/* Does the comma-separated list v[0..n) hold token t (any case)? */
static bool has_token(const char *v, size_t n, const char *t)
{
	size_t i = 0;

	while (i < n) {
		size_t s, e;

		while (i < n && (v[i] == ' ' || v[i] == '\t' || v[i] == ','))
			i++;
		s = i;
		while (i < n && v[i] != ',')
			i++;
		e = i;
		while (e > s && (v[e - 1] == ' ' || v[e - 1] == '\t'))
			e--;
		if (eq_ci(v + s, e - s, t))
			return true;
	}
	return false;
}

/* "bytes FIRST-LAST/TOTAL", or with an unknown total "bytes FIRST-LAST/" "*" */
static bool content_range(const char *v, size_t n, struct http_resp *r)
{
	const char *dash, *slash;
	uint64_t f, l, t = 0;

	if (!prefix_ci(v, n, "bytes "))
		return false;
	v += 6;
	n -= 6;
	dash = memchr(v, '-', n);
	slash = memchr(v, '/', n);
	if (!dash || !slash || slash < dash)
		return false;
	if (!number(v, (size_t)(dash - v), &f) ||
	    !number(dash + 1, (size_t)(slash - dash - 1), &l) || l < f)
		return false;
	if (!(slash + 1 == v + n - 1 && slash[1] == '*') &&
	    (!number(slash + 1, (size_t)(v + n - slash - 1), &t) || t <= l))
		return false;
	r->has_range = true;
	r->range_first = f;
	r->range_last = l;
	r->range_total = t;
	return true;
}

static int header(const char *name, size_t nlen, const char *v, size_t vlen, struct http_resp *r,
		  const char **why)
{
	uint64_t x;

	if (eq_ci(name, nlen, "content-length")) {
		if (!number(v, vlen, &x))
			return WHY(why, "a Content-Length that is not a number", -EBADMSG);
		if (r->has_length && r->length != x)
			return WHY(why, "two different Content-Lengths", -EBADMSG);
		r->has_length = true;
		r->length = x;
	} else if (eq_ci(name, nlen, "transfer-encoding")) {
		if (!eq_ci(v, vlen, "chunked") || r->chunked)
			return WHY(why, "a transfer coding other than one chunked", -EBADMSG);
		r->chunked = true;
	} else if (eq_ci(name, nlen, "connection")) {
		if (has_token(v, vlen, "close"))
			r->close = true;
		else if (has_token(v, vlen, "keep-alive"))
			r->close = false;
	} else if (eq_ci(name, nlen, "accept-ranges")) {
		r->ranges = has_token(v, vlen, "bytes");
	} else if (eq_ci(name, nlen, "content-range")) {
		if (!content_range(v, vlen, r) && !prefix_ci(v, vlen, "bytes */"))
			return WHY(why, "a Content-Range that cannot be read", -EBADMSG);
	} else if (eq_ci(name, nlen, "location")) {
		if (vlen == 0 || vlen >= sizeof(r->location))
			return WHY(why, "an empty or overlong Location", -EBADMSG);
		for (size_t i = 0; i < vlen; i++)
			if (v[i] <= 0x20 || v[i] >= 0x7f) /* a URL has no blank, tab or 8-bit byte */
				return WHY(why, "a Location with a blank, a tab or a non-ASCII byte", -EBADMSG);
		memcpy(r->location, v, vlen);
		r->location[vlen] = '\0';
	}
	return 0;
}

int http_parse_head(const char *buf, size_t len, struct http_resp *r, const char **why)
{
	struct http_resp x;
	size_t pos = 0, lim = len < HTTP_HEAD_MAX ? len : HTTP_HEAD_MAX;
	unsigned lines = 0;

	if (!buf || !r)
		return -EINVAL;
	memset(&x, 0, sizeof(x));
	for (;;) {
		const char *line = buf + pos, *nl = memchr(line, '\n', lim - pos);
		size_t n, i;

		if (!nl)
			return len >= HTTP_HEAD_MAX ? WHY(why, "a response head over 16 KiB", -E2BIG)
						    : -EAGAIN;
		n = (size_t)(nl - line);
		pos += n + 1;
		if (n && line[n - 1] == '\r')
			n--;
		for (i = 0; i < n; i++)
			if (text_ctl((unsigned char)line[i]) && line[i] != '\t')
				return WHY(why, "a control byte in the response head", -EBADMSG);
		if (++lines > HTTP_LINES_MAX)
			return WHY(why, "more than 100 header lines", -E2BIG);
		if (lines == 1) {
			/* HTTP/1.x SSS[ reason] */
			if (n < 12 || !prefix_ci(line, n, "http/1.") || line[7] < '0' ||
			    line[7] > '9' || line[8] != ' ' || line[9] < '1' || line[9] > '5' ||
			    line[10] < '0' || line[10] > '9' || line[11] < '0' || line[11] > '9' ||
			    (n > 12 && line[12] != ' '))
				return WHY(why, "not an HTTP/1.x status line", -EBADMSG);
			x.status = (unsigned)((line[9] - '0') * 100 + (line[10] - '0') * 10 +
					      (line[11] - '0'));
			x.close = line[7] == '0'; /* 1.0: closes unless it says keep-alive */
			continue;
		}
		if (n == 0)
			break;
		{
			const char *colon = memchr(line, ':', n), *v;
			size_t nlen, vlen;
			int rc;

			if (line[0] == ' ' || line[0] == '\t')
				return WHY(why, "a folded header line", -EBADMSG);
			if (!colon || colon == line)
				return WHY(why, "a header line without a name and a colon", -EBADMSG);
			nlen = (size_t)(colon - line);
			for (i = 0; i < nlen; i++)
				if (!tchar(line[i]))
					return WHY(why, "a header name with a byte no name has", -EBADMSG);
			v = colon + 1;
			vlen = n - nlen - 1;
			while (vlen && (*v == ' ' || *v == '\t'))
				v++, vlen--;
			while (vlen && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t'))
				vlen--;
			rc = header(line, nlen, v, vlen, &x, why);
			if (rc)
				return rc;
		}
	}
	if (x.chunked && x.has_length)
		return WHY(why, "both Content-Length and chunked", -EBADMSG);
	x.head_len = pos;
	*r = x;
	return 0;
}

/* ---- chunked bodies -------------------------------------------------------- */

enum { CK_SIZE, CK_EXT, CK_SIZE_LF, CK_DATA, CK_DATA_CR, CK_DATA_LF, CK_TRAILER, CK_TRAILER_LF,
       CK_DONE };

void http_chunked_init(struct http_chunked *c)
{
	memset(c, 0, sizeof(*c));
	c->state = CK_SIZE;
}

/* The end of a chunk-size line: data follows, or (size 0) the trailers. */
static void size_end(struct http_chunked *c)
{
	c->line = 0;
	c->digits = 0;
	c->state = c->left ? CK_DATA : CK_TRAILER;
}

long http_chunked_feed(struct http_chunked *c, const uint8_t *in, size_t len, uint8_t *out,
		       size_t *used, const char **why)
{
	size_t i = 0, o = 0;

	while (i < len && c->state != CK_DONE) {
		uint8_t ch = in[i];

		if (c->state == CK_DATA) {
			size_t n = len - i < c->left ? len - i : (size_t)c->left;

			memmove(out + o, in + i, n);
			o += n;
			i += n;
			c->left -= n;
			if (!c->left)
				c->state = CK_DATA_CR;
			continue;
		}
		i++;
		if (c->state != CK_DATA_CR && c->state != CK_DATA_LF && ++c->line > CHUNK_LINE_MAX)
			return WHY(why, "a chunk-size or trailer line over 4 KiB", -EBADMSG);
		switch (c->state) {
		case CK_SIZE:
			if (text_hexval((char)ch) >= 0) {
				if (++c->digits > 15)
					return WHY(why, "a chunk size of more than 15 hex digits", -EBADMSG);
				c->left = c->left << 4 | (uint64_t)text_hexval((char)ch);
				break;
			}
			if (!c->digits)
				return WHY(why, "a chunk size that is not hex", -EBADMSG);
			if (ch != ';' && ch != ' ' && ch != '\t' && ch != '\r' && ch != '\n')
				return WHY(why, "a chunk size followed by junk", -EBADMSG);
			c->state = CK_EXT;
			__attribute__((fallthrough)); /* that byte may end the line */
		case CK_EXT:
			if (ch == '\r')
				c->state = CK_SIZE_LF;
			else if (ch == '\n')
				size_end(c);
			else if (text_ctl(ch) && ch != '\t')
				return WHY(why, "a control byte in a chunk extension", -EBADMSG);
			break;
		case CK_SIZE_LF:
			if (ch != '\n')
				return WHY(why, "a chunk-size line with a bare CR", -EBADMSG);
			size_end(c);
			break;
		case CK_DATA_CR:
		case CK_DATA_LF:
			if (ch == '\r' && c->state == CK_DATA_CR) {
				c->state = CK_DATA_LF;
				break;
			}
			if (ch != '\n')
				return WHY(why, "a chunk not followed by CRLF (its size is wrong)", -EBADMSG);
			c->state = CK_SIZE;
			c->line = 0;
			break;
		case CK_TRAILER:
			if (c->line == 1 && (ch == '\r' || ch == '\n')) { /* an empty line: the end */
				c->state = ch == '\r' ? CK_TRAILER_LF : CK_DONE;
				c->done = ch == '\n';
			} else if (ch == '\n') {
				if (++c->trailers > TRAILERS_MAX)
					return WHY(why, "more than 100 trailer lines", -EBADMSG);
				c->line = 0;
			} else if (text_ctl(ch) && ch != '\t' && ch != '\r') {
				return WHY(why, "a control byte in a trailer", -EBADMSG);
			}
			break;
		case CK_TRAILER_LF:
			if (ch != '\n')
				return WHY(why, "a bare CR after the last chunk", -EBADMSG);
			c->done = true;
			c->state = CK_DONE;
			break;
		}
	}
	if (used)
		*used = i;
	return (long)o;
}

/*
 * http.h - the HTTP/1.1 netboot speaks to fetch a live image (issue 12):
 * URLs, the request, the response head, and chunked bodies.  Pure: the
 * bytes come from the caller, which owns the socket and the deadlines.
 * Everything from the server is hostile: every line, number and length is
 * bounded, and a head or a chunk line that breaks a rule is refused, not
 * guessed at.  No TLS: http:// only (integrity comes from checksums).
 */
#ifndef NETBOOT_HTTP_H
#define NETBOOT_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HTTP_HOST_MAX 253
#define HTTP_PATH_MAX 1024
#define HTTP_HEAD_MAX 16384  /* a response head larger than this is refused */
#define HTTP_LINES_MAX 100   /* header lines in one head */
#define HTTP_REQ_MAX (HTTP_PATH_MAX + HTTP_HOST_MAX + 256)

struct http_url {
	char host[HTTP_HOST_MAX + 1]; /* a name or a dotted quad, lower case */
	uint32_t addr;                /* the host as an address, 0 for a name */
	uint16_t port;                /* 80 unless given */
	char path[HTTP_PATH_MAX + 1]; /* from the first '/', the query kept */
};

/*
 * Parse "http://HOST[:PORT][/PATH]" (the scheme in any case).  0, or
 * -EPROTONOSUPPORT for another scheme (https: no TLS in the initrd), or
 * -EINVAL with *why naming the rule broken: user info, an IPv6 literal,
 * a bad port, a host that is neither a name nor a dotted quad, a byte in
 * the path outside printable ASCII (a blank included) or a '#'.
 */
int http_url_parse(const char *s, struct http_url *u, const char **why);

/*
 * A request for u's path: "GET" or "HEAD", keep-alive, Host, and a
 * Range: "bytes=FROM-TO" when to > 0 (TO inclusive: a part of an ISO),
 * else "bytes=FROM-" when from > 0 (a resume).  Returns its length, or
 * -ENOBUFS, -EINVAL (to below from).
 */
int http_request(char *buf, size_t cap, const char *method, const struct http_url *u,
		 uint64_t from, uint64_t to);

struct http_resp {
	unsigned status;        /* 100..599 */
	size_t head_len;        /* bytes of the head, its blank line included */
	bool has_length;        /* Content-Length given */
	uint64_t length;        /* Content-Length */
	bool chunked;           /* Transfer-Encoding: chunked */
	bool close;             /* Connection: close, or HTTP/1.0 without keep-alive */
	bool ranges;            /* Accept-Ranges: bytes */
	bool has_range;         /* a Content-Range: bytes FIRST-LAST/TOTAL */
	uint64_t range_first, range_last, range_total; /* total 0: "*" */
	char location[HTTP_HOST_MAX + HTTP_PATH_MAX + 16]; /* for 3xx, or "" */
};

/*
 * Read the response head at the start of buf[0..len).  Returns 0 with *r
 * filled (the body starts at r->head_len), -EAGAIN when the head is not
 * complete yet (read more; len below HTTP_HEAD_MAX), -E2BIG when it is
 * longer than HTTP_HEAD_MAX or has more than HTTP_LINES_MAX lines (a
 * header flood), -EBADMSG with *why for anything malformed: the status
 * line, a header without a colon, a control byte, two different
 * Content-Lengths, a Content-Length with Transfer-Encoding, a transfer
 * coding other than chunked, a number out of range, a Location too long.
 */
int http_parse_head(const char *buf, size_t len, struct http_resp *r, const char **why);

/* A chunked body, decoded as it arrives (RFC 9112 7.1): sizes in hex,
 * extensions ignored, trailers skipped. */
struct http_chunked {
	int state;
	uint64_t left;       /* data bytes left in this chunk */
	unsigned line;       /* bytes of the current size or trailer line */
	unsigned digits;     /* hex digits of the current size */
	unsigned trailers;   /* trailer lines read */
	bool done;           /* the last chunk and its trailers have been read */
};

void http_chunked_init(struct http_chunked *c);

/*
 * Feed in[0..len).  Moves the data bytes to the front of out (out may be
 * in, the decoding only ever shrinks) and returns how many, or -EBADMSG
 * with *why: a size that is not hex or needs more than 15 digits, a line
 * longer than 4 KiB, a chunk not followed by CRLF.  Bytes after the end
 * (c->done) are not read; *used says how many of in were.
 */
long http_chunked_feed(struct http_chunked *c, const uint8_t *in, size_t len, uint8_t *out,
		       size_t *used, const char **why);

#endif

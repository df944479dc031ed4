/*
 * test-http.c - core/http.c: URLs (what is refused and why), the request
 * bytes, response heads (lengths, ranges, redirects, keep-alive, every
 * rule that keeps a hostile head from being misread: two lengths, length
 * with chunked, unknown codings, folding, control bytes, floods), and the
 * chunked decoder, whole and fed one byte at a time.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "http.h"

static void test_url(void **state)
{
	struct http_url u;
	const char *why;
	char longpath[1100];

	(void)state;
	assert_int_equal(http_url_parse("http://10.0.2.2/live/filesystem.squashfs", &u, NULL), 0);
	assert_string_equal(u.host, "10.0.2.2");
	assert_int_equal(u.addr, 0x0a000202);
	assert_int_equal(u.port, 80);
	assert_string_equal(u.path, "/live/filesystem.squashfs");
	assert_int_equal(http_url_parse("HTTP://Boot.LAN:8080/a?b=c", &u, NULL), 0);
	assert_string_equal(u.host, "boot.lan");
	assert_int_equal(u.addr, 0);
	assert_int_equal(u.port, 8080);
	assert_string_equal(u.path, "/a?b=c");
	assert_int_equal(http_url_parse("http://boot", &u, NULL), 0);
	assert_string_equal(u.path, "/");

	assert_int_equal(http_url_parse("https://boot/x", &u, &why), -EPROTONOSUPPORT);
	assert_non_null(strstr(why, "TLS"));
	assert_int_equal(http_url_parse("ftp://boot/x", &u, &why), -EPROTONOSUPPORT);
	assert_int_equal(http_url_parse("boot/x", &u, &why), -EINVAL);
	assert_int_equal(http_url_parse("http://user:pw@boot/x", &u, &why), -EINVAL);
	assert_non_null(strstr(why, "user"));
	assert_int_equal(http_url_parse("http://[fe80::1]/x", &u, &why), -EINVAL);
	assert_int_equal(http_url_parse("http://boot:0/x", &u, &why), -EINVAL);
	assert_int_equal(http_url_parse("http://boot:65536/x", &u, &why), -EINVAL);
	assert_int_equal(http_url_parse("http://boot:/x", &u, &why), -EINVAL);
	assert_int_equal(http_url_parse("http://boot:8o/x", &u, &why), -EINVAL);
	assert_int_equal(http_url_parse("http:///x", &u, &why), -EINVAL);
	assert_int_equal(http_url_parse("http://bad_host!/x", &u, &why), -EINVAL);
	assert_int_equal(http_url_parse("http://0.0.0.0/x", &u, &why), -EINVAL);
	assert_int_equal(http_url_parse("http://boot/a b", &u, &why), -EINVAL);
	assert_int_equal(http_url_parse("http://boot/a#frag", &u, &why), -EINVAL);
	assert_int_equal(http_url_parse("http://boot/caf\xc3\xa9", &u, &why), -EINVAL);
	assert_int_equal(http_url_parse("http://boot/a\r\nX: y", &u, &why), -EINVAL);
	strcpy(longpath, "http://boot/");
	memset(longpath + 12, 'a', 1030);
	longpath[1042] = '\0';
	assert_int_equal(http_url_parse(longpath, &u, &why), -EINVAL);
}

static void test_request(void **state)
{
	struct http_url u;
	char buf[HTTP_REQ_MAX];
	int n;

	(void)state;
	assert_int_equal(http_url_parse("http://boot.lan:8080/live/fs.squashfs", &u, NULL), 0);
	assert_true(http_request(buf, sizeof(buf), "GET", &u, 1234, 0) > 0);
	assert_string_equal(buf, "GET /live/fs.squashfs HTTP/1.1\r\nHost: boot.lan:8080\r\n"
				 "User-Agent: netboot\r\nAccept-Encoding: identity\r\n"
				 "Connection: keep-alive\r\nRange: bytes=1234-\r\n\r\n");
	assert_int_equal(http_url_parse("http://10.0.0.1/x", &u, NULL), 0);
	n = http_request(buf, sizeof(buf), "HEAD", &u, 0, 0);
	assert_int_equal(n, (int)strlen(buf));
	assert_string_equal(buf, "HEAD /x HTTP/1.1\r\nHost: 10.0.0.1\r\nUser-Agent: netboot\r\n"
				 "Accept-Encoding: identity\r\nConnection: keep-alive\r\n\r\n");
	assert_int_equal(http_request(buf, 20, "GET", &u, 0, 0), -ENOBUFS);
	/* a part: both ends, TO inclusive; an empty or reversed one refused */
	assert_true(http_request(buf, sizeof(buf), "GET", &u, 0, 2047) > 0);
	assert_non_null(strstr(buf, "\r\nRange: bytes=0-2047\r\n"));
	assert_true(http_request(buf, sizeof(buf), "GET", &u, 32768, 34815) > 0);
	assert_non_null(strstr(buf, "\r\nRange: bytes=32768-34815\r\n"));
	assert_int_equal(http_request(buf, sizeof(buf), "GET", &u, 10, 9), -EINVAL);
}

static int head(const char *s, struct http_resp *r, const char **why)
{
	return http_parse_head(s, strlen(s), r, why);
}

static void test_head_good(void **state)
{
	struct http_resp r;
	const char *h;

	(void)state;
	h = "HTTP/1.1 200 OK\r\nContent-Length: 1048576\r\nAccept-Ranges: bytes\r\n\r\nBODY";
	assert_int_equal(head(h, &r, NULL), 0);
	assert_int_equal(r.status, 200);
	assert_true(r.has_length);
	assert_int_equal(r.length, 1048576);
	assert_true(r.ranges);
	assert_false(r.close);
	assert_false(r.chunked);
	assert_int_equal(r.head_len, strlen(h) - 4);

	h = "HTTP/1.1 206 Partial Content\r\ncontent-range: bytes 100-199/1000\r\n"
	    "CONTENT-LENGTH:   100  \r\n\r\n";
	assert_int_equal(head(h, &r, NULL), 0);
	assert_int_equal(r.status, 206);
	assert_true(r.has_range);
	assert_int_equal(r.range_first, 100);
	assert_int_equal(r.range_last, 199);
	assert_int_equal(r.range_total, 1000);
	assert_int_equal(r.length, 100);

	h = "HTTP/1.1 206 x\r\nContent-Range: bytes 0-9/*\r\n\r\n";
	assert_int_equal(head(h, &r, NULL), 0);
	assert_int_equal(r.range_total, 0);

	h = "HTTP/1.1 301 Moved\nLocation: http://b/x\nConnection: close\n\n";
	assert_int_equal(head(h, &r, NULL), 0);
	assert_int_equal(r.status, 301);
	assert_string_equal(r.location, "http://b/x");
	assert_true(r.close);

	h = "HTTP/1.0 200 OK\r\n\r\n";
	assert_int_equal(head(h, &r, NULL), 0);
	assert_true(r.close);
	h = "HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\n\r\n";
	assert_int_equal(head(h, &r, NULL), 0);
	assert_false(r.close);
	h = "HTTP/1.1 200\r\nTransfer-Encoding: Chunked\r\nX-Empty:\r\n\r\n";
	assert_int_equal(head(h, &r, NULL), 0);
	assert_true(r.chunked);
	assert_false(r.has_length);
	/* the same length twice is one length */
	h = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n";
	assert_int_equal(head(h, &r, NULL), 0);
	assert_int_equal(r.length, 5);
}

static void test_head_incomplete(void **state)
{
	static const char h[] = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n";
	struct http_resp r;

	(void)state;
	for (size_t n = 0; n < sizeof(h) - 1; n++)
		assert_int_equal(http_parse_head(h, n, &r, NULL), -EAGAIN);
	assert_int_equal(http_parse_head(h, sizeof(h) - 1, &r, NULL), 0);
}

static void test_head_hostile(void **state)
{
	static const char *const bad[] = {
		"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: 0x10\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: 9223372036854775807\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: 1 2\r\n\r\n",
		"HTTP/1.1 200 OK\r\nX: a\r\n folded\r\n\r\n",
		"HTTP/1.1 200 OK\r\nno colon here\r\n\r\n",
		"HTTP/1.1 200 OK\r\n: empty name\r\n\r\n",
		"HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n",
		"HTTP/1.1 200 OK\r\nX: a\x1b[2Jb\r\n\r\n",
		"HTTP/1.1 200 OK\r\nX: a\0b\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Range: bytes 9-1/10\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Range: bytes 0-9/5\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Range: lines 0-9/50\r\n\r\n",
		"HTTP/1.1 301 OK\r\nLocation:\r\n\r\n",
		"HTTP/1.1 301 OK\r\nLocation: http://b/a\tb\r\n\r\n",
		"HTTP/2 200 OK\r\n\r\n",
		"HTTP/1.1 2000 OK\r\n\r\n",
		"HTTP/1.1 099 OK\r\n\r\n",
		"HTTP/1.1 200OK\r\n\r\n",
		"ICY 200 OK\r\n\r\n",
		"\r\n\r\n",
	};
	struct http_resp r;
	const char *why;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		size_t n = strlen(bad[i]);

		if (i == 14) /* "X: a\0b" */
			n = 32; /* the NUL inside */
		why = NULL;
		if (http_parse_head(bad[i], n, &r, &why) != -EBADMSG)
			fail_msg("head %zu was not refused: %s", i, bad[i]);
		assert_non_null(why);
	}
}

static void test_head_flood(void **state)
{
	struct http_resp r;
	const char *why;
	char *h = malloc(HTTP_HEAD_MAX + 100);
	size_t n;

	(void)state;
	assert_non_null(h);
	/* 101 short header lines */
	n = (size_t)sprintf(h, "HTTP/1.1 200 OK\r\n");
	for (int i = 0; i < 101; i++)
		n += (size_t)sprintf(h + n, "X%d: y\r\n", i);
	n += (size_t)sprintf(h + n, "\r\n");
	assert_int_equal(http_parse_head(h, n, &r, &why), -E2BIG);
	/* a head that never ends inside 16 KiB */
	memset(h, 'a', HTTP_HEAD_MAX + 100);
	memcpy(h, "HTTP/1.1 200 OK\r\nX: ", 20);
	assert_int_equal(http_parse_head(h, HTTP_HEAD_MAX - 1, &r, &why), -EAGAIN);
	assert_int_equal(http_parse_head(h, HTTP_HEAD_MAX, &r, &why), -E2BIG);
	assert_int_equal(http_parse_head(h, HTTP_HEAD_MAX + 100, &r, &why), -E2BIG);
	free(h);
}

/* Decode s whole, then one byte at a time; both must agree. */
static long decode(const char *s, size_t len, char *out, size_t *used, bool *done)
{
	struct http_chunked c, c1;
	uint8_t buf[512], one[512];
	size_t u, o1 = 0, i;
	long n;

	assert_true(len <= sizeof(buf));
	memcpy(buf, s, len);
	http_chunked_init(&c);
	n = http_chunked_feed(&c, buf, len, buf, &u, NULL);
	http_chunked_init(&c1);
	for (i = 0; i < len && !c1.done; i++) {
		uint8_t b = (uint8_t)s[i];
		size_t u1;
		long k = http_chunked_feed(&c1, &b, 1, &b, &u1, NULL);

		if (k < 0)
			break;
		assert_int_equal(u1, 1);
		if (k)
			one[o1++] = b;
	}
	if (n >= 0) {
		assert_int_equal(o1, (size_t)n);
		assert_memory_equal(one, buf, (size_t)n);
		assert_int_equal(c.done, c1.done);
		memcpy(out, buf, (size_t)n);
		out[n] = '\0';
	} else {
		assert_true(i < len); /* the byte-wise decoder failed too */
	}
	*used = u;
	*done = c.done;
	return n;
}

static void test_chunked(void **state)
{
	char out[512];
	size_t used;
	bool done;
	static const char a[] = "5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\nX-Trailer: t\r\n\r\nNEXT";
	static const char b[] = "a\nabcdefghij\n0\n\n";
	static const char c[] = "0000000000000001\r\nx\r\n0\r\n\r\n";

	(void)state;
	assert_int_equal(decode(a, sizeof(a) - 1, out, &used, &done), 12);
	assert_string_equal(out, "hello, world");
	assert_true(done);
	assert_int_equal(used, sizeof(a) - 1 - 4); /* NEXT is not read */
	assert_int_equal(decode(b, sizeof(b) - 1, out, &used, &done), 10);
	assert_string_equal(out, "abcdefghij");
	assert_true(done);
	/* 16 hex digits: refused even though the value is small */
	assert_int_equal(decode(c, sizeof(c) - 1, out, &used, &done), -EBADMSG);
	/* not done yet: the last chunk has not come */
	assert_int_equal(decode("3\r\nabc\r\n", 8, out, &used, &done), 3);
	assert_false(done);
}

static void test_chunked_hostile(void **state)
{
	static const char *const bad[] = {
		"x\r\n",                 /* not hex */
		"\r\n",                  /* no digits */
		"5 junk\r\nhello\r\n",   /* ok: blank before an extension */
		"5z\r\nhello\r\n",       /* junk after the digits */
		"3\r\nabcd\r\n",         /* the chunk is longer than its size */
		"3\r\nabc\rX",           /* a bare CR after the data */
		"3\r\nab",               /* ok so far: not an error */
		"3;\x1b\r\n",            /* a control byte in an extension */
		"3\rX",                  /* a bare CR in the size line */
		"0\r\nX: \x01\r\n\r\n",  /* a control byte in a trailer */
		"0\r\n\rX",              /* a bare CR after the last chunk */
		"fffffffffffffffff\r\n", /* 17 digits */
	};
	static const bool ok[] = { false, false, true, false, false, false, true,
				   false, false, false, false, false };
	char out[512];
	size_t used;
	bool done;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		long n = decode(bad[i], strlen(bad[i]), out, &used, &done);

		if ((n >= 0) != ok[i])
			fail_msg("chunked input %zu: got %ld", i, n);
	}
}

static void test_chunked_long_lines(void **state)
{
	struct http_chunked c;
	uint8_t *buf = malloc(8192);
	size_t used;
	const char *why = NULL;

	(void)state;
	assert_non_null(buf);
	/* a size line padded with an extension past 4 KiB */
	memcpy(buf, "1;", 2);
	memset(buf + 2, 'e', 8190);
	http_chunked_init(&c);
	assert_int_equal(http_chunked_feed(&c, buf, 8192, buf, &used, &why), -EBADMSG);
	assert_non_null(strstr(why, "4 KiB"));
	/* 101 trailer lines */
	http_chunked_init(&c);
	{
		size_t n = (size_t)sprintf((char *)buf, "0\r\n");

		for (int i = 0; i < 101; i++)
			n += (size_t)sprintf((char *)buf + n, "T%d: x\r\n", i);
		n += (size_t)sprintf((char *)buf + n, "\r\n");
		assert_int_equal(http_chunked_feed(&c, buf, n, buf, &used, &why), -EBADMSG);
		assert_non_null(strstr(why, "trailer"));
	}
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_url),
		cmocka_unit_test(test_request),
		cmocka_unit_test(test_head_good),
		cmocka_unit_test(test_head_incomplete),
		cmocka_unit_test(test_head_hostile),
		cmocka_unit_test(test_head_flood),
		cmocka_unit_test(test_chunked),
		cmocka_unit_test(test_chunked_hostile),
		cmocka_unit_test(test_chunked_long_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * fuzz-http.c - core/http.c on hostile bytes.  The first input byte picks
 * the reader, the rest is what a server (or a command line) sends:
 *   0: http_parse_head(): only the documented results; on success the head
 *      ends inside the input, the status is 100..599, never both a length
 *      and chunked, the Location holds no control byte;
 *   1: http_chunked_feed(): fed whole and fed in pieces whose sizes come
 *      from the input itself, both give the same bytes, the same verdict
 *      and never more bytes out than in;
 *   2: http_url_parse(): on success a host, a port, a path starting with
 *      '/' and no byte a request line could be split on.
 * Inputs are copied to buffers of their exact size (ASan sees overreads).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "http.h"

static void head(const uint8_t *d, size_t n)
{
	struct http_resp r;
	const char *why = NULL;
	char *b = malloc(n ? n : 1);
	int rc;

	if (!b)
		return;
	memcpy(b, d, n);
	rc = http_parse_head(b, n, &r, &why);
	FZ_ASSERT(rc == 0 || rc == -EAGAIN || rc == -E2BIG || rc == -EBADMSG);
	if (rc == 0) {
		FZ_ASSERT(r.head_len <= n && r.head_len <= HTTP_HEAD_MAX);
		FZ_ASSERT(r.status >= 100 && r.status <= 599);
		FZ_ASSERT(!(r.chunked && r.has_length));
		FZ_ASSERT(strnlen(r.location, sizeof(r.location)) < sizeof(r.location));
		FZ_ASSERT(fz_no_ctl(r.location, strlen(r.location)));
	} else if (rc != -EAGAIN) {
		FZ_ASSERT(why != NULL);
	}
	free(b);
}

static void chunked(const uint8_t *d, size_t n)
{
	struct http_chunked a, b;
	uint8_t *whole = malloc(n ? n : 1), *piece = malloc(n ? n : 1), *out = malloc(n ? n : 1);
	size_t used, i = 0, o = 0;
	long k, kb = 0;

	if (!whole || !piece || !out)
		goto done;
	memcpy(whole, d, n);
	http_chunked_init(&a);
	k = http_chunked_feed(&a, whole, n, whole, &used, NULL);
	FZ_ASSERT(k == -EBADMSG || (k >= 0 && (size_t)k <= used && used <= n));
	http_chunked_init(&b);
	while (i < n && !b.done) {
		size_t step = 1 + d[i] % 7, u;

		if (step > n - i)
			step = n - i;
		memcpy(piece, d + i, step);
		kb = http_chunked_feed(&b, piece, step, piece, &u, NULL);
		if (kb < 0)
			break;
		FZ_ASSERT((size_t)kb <= u && u <= step);
		memcpy(out + o, piece, (size_t)kb);
		o += (size_t)kb;
		i += u;
		if (u < step)
			break;
	}
	if (k >= 0) {
		FZ_ASSERT(kb >= 0);
		FZ_ASSERT(o == (size_t)k && !memcmp(out, whole, o));
		FZ_ASSERT(a.done == b.done);
	} else {
		FZ_ASSERT(kb < 0);
	}
done:
	free(whole);
	free(piece);
	free(out);
}

static void url(const uint8_t *d, size_t n)
{
	struct http_url u;
	char *s = malloc(n + 1);

	if (!s)
		return;
	memcpy(s, d, n);
	s[n] = '\0';
	if (http_url_parse(s, &u, NULL) == 0) {
		FZ_ASSERT(u.host[0] && strlen(u.host) <= HTTP_HOST_MAX);
		FZ_ASSERT(u.port != 0);
		FZ_ASSERT(u.path[0] == '/' && strlen(u.path) <= HTTP_PATH_MAX);
		for (size_t i = 0; u.path[i]; i++)
			FZ_ASSERT(u.path[i] > 0x20 && u.path[i] < 0x7f);
	}
	free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	switch (data[0] % 3) {
	case 0:
		head(data + 1, size - 1);
		break;
	case 1:
		chunked(data + 1, size - 1);
		break;
	default:
		url(data + 1, size - 1);
		break;
	}
	return 0;
}

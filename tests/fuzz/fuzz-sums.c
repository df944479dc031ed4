/*
 * fuzz-sums.c - core/sums.c on hostile checksum lists.  The first input
 * byte is a mode: bit 0 the algorithm (MD5, SHA256); bit 1 set takes the
 * path from the input (the bytes up to the first LF, at most 80, which
 * may hold anything), otherwise it is casper/filesystem.squashfs (MD5) or
 * live/filesystem.squashfs (SHA256).  The rest is the list, copied to a
 * buffer of its exact size (a read past len is an ASan error).
 * Properties: only the documented results; on success why is NULL,
 * exactly the digest's bytes are written and they are listed in the
 * input as hex digits; on failure why is set and nothing is written; the
 * path with "./" or "/" in front gives the same answer; the same bytes
 * always give the same answer.  sums_parse_hex() on the list's first 64
 * bytes agrees with a digit-by-digit reading.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "sums.h"

#define PATH_MAX_FZ 80

/* does hex of d[0..dn) (either case) appear in b[0..n)? */
static int listed(const char *b, size_t n, const uint8_t *d, size_t dn)
{
	uint8_t x[32];
	size_t i;

	for (i = 0; i + 2 * dn <= n; i++)
		if (!sums_parse_hex(b + i, 2 * dn, x, dn) && !memcmp(x, d, dn))
			return 1;
	return 0;
}

static int hexdigit(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static void parse_hex(const char *b, size_t n)
{
	uint8_t x[33];
	size_t i, k = n < 64 ? n : 64;
	int all = k == 64;

	for (i = 0; i < k; i++)
		all &= hexdigit(b[i]);
	memset(x, 0x5a, sizeof(x));
	FZ_ASSERT((sums_parse_hex(b, k, x, 32) == 0) == all);
	for (i = all ? 32 : 0; i < sizeof(x); i++)
		FZ_ASSERT(x[i] == 0x5a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum sums_algo algo = size && (data[0] & 1) ? SUMS_SHA256 : SUMS_MD5;
	char path[PATH_MAX_FZ + 3], alt[PATH_MAX_FZ + 3];
	uint8_t a[40], b[40];
	const char *why = NULL, *why2 = NULL;
	size_t dn = sums_algo_size(algo), n, pl, i;
	const uint8_t *p = size ? data + 1 : data;
	char *buf;
	int rc, rc2, own = size && (data[0] & 2);

	n = size ? size - 1 : 0;
	if (own) {
		const uint8_t *lf = memchr(p, '\n', n < PATH_MAX_FZ ? n : PATH_MAX_FZ);

		pl = lf ? (size_t)(lf - p) : (n < PATH_MAX_FZ ? n : PATH_MAX_FZ);
		memcpy(path, p, pl);
		path[pl] = 0;
		p += pl + (lf ? 1 : 0);
		n -= pl + (lf ? 1 : 0);
	} else {
		strcpy(path, algo == SUMS_MD5 ? "casper/filesystem.squashfs" : "live/filesystem.squashfs");
	}
	buf = malloc(n ? n : 1);
	if (!buf)
		return 0;
	memcpy(buf, p, n);

	memset(a, 0x5a, sizeof(a));
	rc = sums_find(buf, n, path, algo, a, sizeof(a), &why);
	FZ_ASSERT(rc == 0 || rc == -ENOENT || rc == -EBADMSG || (rc == -EINVAL && own));
	if (rc == 0) {
		FZ_ASSERT(why == NULL);
		FZ_ASSERT(listed(buf, n, a, dn));
		for (i = dn; i < sizeof(a); i++)
			FZ_ASSERT(a[i] == 0x5a);
	} else {
		FZ_ASSERT(why != NULL && *why);
		for (i = 0; i < sizeof(a); i++)
			FZ_ASSERT(a[i] == 0x5a);
	}

	/* the same bytes, the same answer; "./" and "/" in front change nothing */
	memset(b, 0x5a, sizeof(b));
	FZ_ASSERT(sums_find(buf, n, path, algo, b, sizeof(b), NULL) == rc);
	FZ_ASSERT(!memcmp(a, b, sizeof(a)));
	for (i = 0; i < 2; i++) {
		strcpy(alt, i ? "/" : "./");
		strcat(alt, path);
		memset(b, 0x5a, sizeof(b));
		rc2 = sums_find(buf, n, alt, algo, b, sizeof(b), &why2);
		FZ_ASSERT(rc2 == rc);
		FZ_ASSERT(!memcmp(a, b, sizeof(a)));
	}

	parse_hex(buf, n);
	free(buf);
	return 0;
}

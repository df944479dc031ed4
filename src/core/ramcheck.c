/*
 * ramcheck.c - the RAM check before a download (ramcheck.h).
 */
#include <errno.h>
#include <string.h>

#include "ramcheck.h"

/* The value in kB of the line "key: N kB" in buf, as bytes.  0, -ENOENT,
 * -EBADMSG. */
static int meminfo_field(const char *buf, size_t len, const char *key, uint64_t *bytes)
{
	size_t kl = strlen(key), i = 0;

	while (i < len) {
		const char *line = buf + i, *nl = memchr(line, '\n', len - i);
		size_t n = nl ? (size_t)(nl - line) : len - i, p, d;
		uint64_t v = 0;

		i += n + 1;
		if (n <= kl || memcmp(line, key, kl) || line[kl] != ':')
			continue;
		for (p = kl + 1; p < n && line[p] == ' '; p++)
			;
		for (d = p; d < n && line[d] >= '0' && line[d] <= '9'; d++) {
			if (d - p >= 15)
				return -EBADMSG;
			v = v * 10 + (uint64_t)(line[d] - '0');
		}
		if (d == p || d + 3 > n || memcmp(line + d, " kB", 3))
			return -EBADMSG;
		*bytes = v * 1024u;
		return 0;
	}
	return -ENOENT;
}

int ram_meminfo_avail(const char *buf, size_t len, uint64_t *avail)
{
	uint64_t fr, ca;
	int r = meminfo_field(buf, len, "MemAvailable", avail);

	if (r != -ENOENT)
		return r;
	r = meminfo_field(buf, len, "MemFree", &fr);
	if (!r)
		r = meminfo_field(buf, len, "Cached", &ca);
	if (!r)
		*avail = fr + ca;
	return r;
}

int ram_check(uint64_t image, uint64_t avail, uint64_t fs_free, struct ram_verdict *v)
{
	memset(v, 0, sizeof(*v));
	v->need = image > UINT64_MAX - RAM_MARGIN_BYTES ? UINT64_MAX : image + RAM_MARGIN_BYTES;
	v->have = avail;
	/* the tmpfs holds only the image; the margin is RAM outside it */
	if (fs_free != UINT64_MAX && fs_free < image) {
		v->tmpfs_short = 1;
		v->need = image;
		v->have = fs_free;
		return -ENOSPC;
	}
	return v->need <= avail ? 0 : -ENOSPC;
}

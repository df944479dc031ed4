/*
 * cpio.c - the strict newc reader (cpio.h).
 */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "cpio.h"

#define PAD4(x) (((x) + 3u) & ~(size_t)3u)

bool cpio_is_newc(const uint8_t *buf, size_t len)
{
	return len >= 6 && (!memcmp(buf, "070701", 6) || !memcmp(buf, "070702", 6));
}

/* Eight hex digits at p into *v; -1 if any is not a hex digit. */
static int hex8(const uint8_t *p, uint32_t *v)
{
	uint32_t x = 0;

	for (int i = 0; i < 8; i++) {
		uint8_t c = p[i];
		uint32_t d;

		if (c >= '0' && c <= '9')
			d = (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			d = (uint32_t)(c - 'A' + 10);
		else
			return -1;
		x = x << 4 | d;
	}
	*v = x;
	return 0;
}

enum cpio_err cpio_walk(const uint8_t *buf, size_t len, cpio_each_fn each, void *arg, size_t *end)
{
	size_t off = 0;

	for (;;) {
		/* fields after the magic: ino mode uid gid nlink mtime filesize
		 * devmajor devminor rdevmajor rdevminor namesize check */
		uint32_t f[13];
		struct cpio_member m;
		size_t namesz, name_end, data_end;

		*end = off;
		if (len - off < CPIO_HDR_LEN)
			return CPIO_ERR_TRUNCATED;
		if (!cpio_is_newc(buf + off, len - off))
			return CPIO_ERR_MAGIC;
		for (int i = 0; i < 13; i++)
			if (hex8(buf + off + 6 + 8 * (size_t)i, &f[i]) < 0)
				return CPIO_ERR_HEADER;
		namesz = f[11];
		if (namesz == 0 || namesz > CPIO_NAME_MAX)
			return CPIO_ERR_NAME;
		if (len - off - CPIO_HDR_LEN < namesz)
			return CPIO_ERR_TRUNCATED;
		if (buf[off + CPIO_HDR_LEN + namesz - 1] != '\0')
			return CPIO_ERR_NAME;
		/* the data starts 4-aligned after header and name; here offsets
		 * are from the archive start, which the caller keeps aligned */
		name_end = PAD4(off + CPIO_HDR_LEN + namesz);
		if (name_end > len)
			return CPIO_ERR_TRUNCATED;
		if (len - name_end < f[6])
			return CPIO_ERR_TRUNCATED;
		data_end = name_end + f[6];

		memset(&m, 0, sizeof(m));
		m.name = (const char *)buf + off + CPIO_HDR_LEN;
		m.namelen = strnlen(m.name, namesz);
		m.mode = f[1];
		m.uid = f[2];
		m.gid = f[3];
		m.nlink = f[4];
		m.mtime = f[5];
		m.data = buf + name_end;
		m.size = f[6];
		m.offset = off;

		if (m.namelen == 10 && !memcmp(m.name, "TRAILER!!!", 10)) {
			/* the trailer's padding may be cut at the end of the file */
			*end = PAD4(data_end) <= len ? PAD4(data_end) : data_end;
			return CPIO_OK;
		}
		if (each && each(&m, arg)) {
			*end = off;
			return CPIO_ERR_STOPPED;
		}
		/* a truncated last padding is a truncated archive: a trailer must follow */
		off = PAD4(data_end);
		if (off > len)
			return CPIO_ERR_TRUNCATED;
	}
}

const char *cpio_strerror(enum cpio_err e)
{
	switch (e) {
	case CPIO_OK:
		return "ok";
	case CPIO_ERR_MAGIC:
		return "no cpio header where one must be (not 070701/070702)";
	case CPIO_ERR_HEADER:
		return "a cpio header field is not hexadecimal";
	case CPIO_ERR_TRUNCATED:
		return "truncated: the archive ends inside a member, before its TRAILER!!!";
	case CPIO_ERR_NAME:
		return "a member name is empty, too long, or not terminated";
	case CPIO_ERR_STOPPED:
		return "stopped";
	}
	return "unknown error";
}

const char *cpio_name_rel(const char *name, size_t *len)
{
	size_t n = *len;

	for (;;) {
		if (n >= 2 && name[0] == '.' && name[1] == '/') {
			name += 2;
			n -= 2;
		} else if (n >= 1 && name[0] == '/') {
			name++;
			n--;
		} else {
			break;
		}
	}
	*len = n;
	return name;
}

const char *cpio_name_problem(const char *name, size_t len)
{
	size_t i = 0;

	if (len == 0)
		return "an empty name";
	if (name[0] == '/')
		return "an absolute path";
	if (len == 1 && name[0] == '.')
		return NULL;
	if (len >= 2 && name[0] == '.' && name[1] == '/')
		i = 2;
	while (i < len) {
		size_t j = i;

		while (j < len && name[j] != '/')
			j++;
		if (j - i == 2 && name[i] == '.' && name[i + 1] == '.')
			return "a \"..\" component";
		i = j + 1;
	}
	return NULL;
}

/* Components of name[0..len) that count (not empty, not "."), in order:
 * copied to dst when dst is non-NULL; the canonical length either way. */
static size_t canon_pass(const char *name, size_t len, char *dst)
{
	size_t i = 0, n = 0;

	while (i < len) {
		size_t j = i;

		while (j < len && name[j] != '/')
			j++;
		if (j > i && !(j - i == 1 && name[i] == '.')) {
			if (n && dst)
				dst[n] = '/';
			n += n ? 1 : 0;
			if (dst)
				memcpy(dst + n, name + i, j - i);
			n += j - i;
		}
		i = j + 1;
	}
	return n;
}

int cpio_name_canon(const char *name, size_t len, char *dst, size_t dstsz)
{
	size_t n;

	if (len > INT_MAX)
		return -EINVAL;
	n = canon_pass(name, len, NULL);
	if (n >= dstsz)
		return -ENOBUFS;
	canon_pass(name, len, dst);
	dst[n] = '\0';
	return (int)n;
}

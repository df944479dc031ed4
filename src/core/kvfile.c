/*
 * kvfile.c - KEY='value' reader (see kvfile.h).  Accepts exactly what
 * shquote() writes plus bare words of a safe charset; anything that would
 * need a shell to interpret (double quotes, $, backslashes outside the
 * '\'' escape) is refused rather than guessed.
 */
#include <errno.h>
#include <string.h>

#include "kvfile.h"

static int unquote(const char *v, size_t n, char *dst, size_t dstsz)
{
	char tmp[4096];
	size_t i = 0, o = 0;

	while (i < n) {
		if (v[i] == '\'') {
			i++;
			while (i < n && v[i] != '\'') {
				if (o + 1 >= sizeof(tmp))
					return -ENOBUFS;
				tmp[o++] = v[i++];
			}
			if (i >= n)
				return -EBADMSG;
			i++;
		} else if (v[i] == '\\' && i + 1 < n && v[i + 1] == '\'') {
			if (o + 1 >= sizeof(tmp))
				return -ENOBUFS;
			tmp[o++] = '\'';
			i += 2;
		} else {
			char ch = v[i];

			if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
			      (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' ||
			      ch == '-' || ch == ':' || ch == '/' || ch == ',' ||
			      ch == '=' || ch == '@' || ch == '+' || ch == '%'))
				return -EBADMSG;
			if (o + 1 >= sizeof(tmp))
				return -ENOBUFS;
			tmp[o++] = ch;
			i++;
		}
	}
	if (o + 1 > dstsz)
		return -ENOBUFS;
	memcpy(dst, tmp, o);
	dst[o] = '\0';
	return 0;
}

int kvfile_get(const char *buf, size_t len, const char *key, char *dst,
	       size_t dstsz)
{
	size_t klen = strlen(key), pos = 0;
	const char *val = NULL;
	size_t vlen = 0;

	if (!klen)
		return -EINVAL;
	while (pos < len) {
		const char *line = buf + pos;
		const char *nl = memchr(line, '\n', len - pos);
		size_t llen = nl ? (size_t)(nl - line) : len - pos;

		if (llen > klen && !memcmp(line, key, klen) && line[klen] == '=') {
			val = line + klen + 1;
			vlen = llen - klen - 1;
		}
		pos += llen + 1;
	}
	if (!val)
		return -ENOENT;
	return unquote(val, vlen, dst, dstsz);
}

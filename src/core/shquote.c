/*
 * shquote.c - single-quote a value for POSIX sh.  Inside single quotes
 * nothing is special except the quote itself, which is written as '\''.
 * This is the quoting klibc ipconfig settled on after its 2011 fix, and the
 * one dash, busybox ash and klibc sh all read the same way.
 */
#include <errno.h>
#include <string.h>

#include "shquote.h"
#include "text.h"

int shquote(const char *s, char *dst, size_t dstsz)
{
	size_t need = 3; /* two quotes and the NUL */
	size_t i, o = 0;

	for (i = 0; s[i]; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (text_ctl(ch))
			return -EINVAL;
		need += ch == '\'' ? 4 : 1;
	}
	if (need > dstsz)
		return -ENOBUFS;
	dst[o++] = '\'';
	for (i = 0; s[i]; i++) {
		if (s[i] == '\'') {
			memcpy(dst + o, "'\\''", 4);
			o += 4;
		} else {
			dst[o++] = s[i];
		}
	}
	dst[o++] = '\'';
	dst[o] = '\0';
	return (int)o;
}

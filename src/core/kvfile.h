/*
 * kvfile.h - read KEY='value' lines, as written by shquote() (netboot's
 * state files, /run/net-DEV.conf).  The inverse of shquote for one
 * key: single-quoted values with '\'' escapes, or bare words.  Pure.
 */
#ifndef NETBOOT_KVFILE_H
#define NETBOOT_KVFILE_H

#include <stddef.h>

/*
 * Find the last line "key=..." in buf[0..len) and unquote its value into
 * dst.  0, -ENOENT (no such key), -EBADMSG (unterminated quote, or a
 * character a bare word may not hold), -ENOBUFS (dst too small).
 * dst is written only on success.
 */
int kvfile_get(const char *buf, size_t len, const char *key, char *dst,
	       size_t dstsz);

#endif

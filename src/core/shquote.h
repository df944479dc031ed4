/*
 * shquote.h - the one quoting function for every value that reaches a file a
 * shell will source (/run/net-DEV.conf, /conf/param.conf, netboot's own
 * state files) or a key=value line a script may eval.
 */
#ifndef NETBOOT_SHQUOTE_H
#define NETBOOT_SHQUOTE_H

#include <stddef.h>

/*
 * Write s as one single-quoted POSIX sh word into dst: 'it'\''s'.
 * Control bytes (< 0x20, 0x7f) are refused with -EINVAL, so a value can
 * never span lines.  -ENOBUFS when dst is too small.  dst is written only on
 * success.  Returns the length written (without the NUL) or a negative errno.
 */
int shquote(const char *s, char *dst, size_t dstsz);

#endif

/*
 * strerror.c - netboot's strerror() in the static klibc build: the texts
 * from core/errtext.c, so klibc's table of every errno (4 KiB) stays out
 * of the binary.  Host builds keep their C library's own.
 */
#ifdef __KLIBC__
#include <stdint.h>
#include <string.h>

#include "errtext.h"

char *strerror(int e)
{
	/* strerror()'s type is char *, though nobody may write to it */
	return (char *)(uintptr_t)errtext(e);
}
#endif

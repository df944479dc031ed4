/*
 * fuzz-rtlink.c - rtlink_next() over a buffer as recv(2) fills it from a
 * netlink socket.
 *
 * Input: the buffer, whole.
 * Properties: each success advances the offset, never past the end; a
 * link message has an ifindex > 0, a name that is empty or 1..15 bytes
 * of neither control bytes, spaces nor '/', and not "." or ".."; an error
 * message's err is 0 or a negative errno; the walk ends with -ENOENT or
 * -EBADMSG and leaves *m as it was on failure.
 */
#include <errno.h>
#include <string.h>

#include "fuzz.h"
#include "rtlink.h"

static void check_name(const char *n)
{
	size_t i, len;

	FZ_ASSERT(memchr(n, 0, RTLINK_NAME_MAX) != NULL);
	len = strlen(n);
	for (i = 0; i < len; i++)
		FZ_ASSERT((unsigned char)n[i] > 0x20 && n[i] != 0x7f && n[i] != '/');
	FZ_ASSERT(strcmp(n, ".") && strcmp(n, ".."));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rtlink_msg m, pat;
	size_t off = 0, prev;
	int e;

	memset(&pat, 0x5a, sizeof(pat));
	for (;;) {
		prev = off;
		m = pat;
		e = rtlink_next(data, size, &off, &m);
		if (e) {
			FZ_ASSERT(e == -ENOENT || e == -EBADMSG);
			FZ_ASSERT(e != -ENOENT || prev >= size);
			FZ_ASSERT(off == prev && !memcmp(&m, &pat, sizeof(m)));
			break;
		}
		FZ_ASSERT(off > prev && off <= size);
		if (m.kind == RTLINK_NEW || m.kind == RTLINK_DEL) {
			FZ_ASSERT(m.ifindex > 0);
			check_name(m.name);
		} else if (m.kind == RTLINK_ERROR) {
			FZ_ASSERT(m.err <= 0 && m.err >= -4095);
		} else {
			FZ_ASSERT(m.kind == RTLINK_DONE || m.kind == RTLINK_OTHER);
		}
	}
	return 0;
}

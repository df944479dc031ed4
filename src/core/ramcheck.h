/*
 * ramcheck.h - will a downloaded live image fit in this machine's RAM?
 * The image lands in a tmpfs, which is RAM; the live system then needs
 * room of its own to run.  Decided before the first byte is fetched, so
 * a machine that is too small says so at once instead of after minutes
 * of download (issue 12).  Pure: /proc/meminfo's text comes in.
 */
#ifndef NETBOOT_RAMCHECK_H
#define NETBOOT_RAMCHECK_H

#include <stddef.h>
#include <stdint.h>

/* Kept free for the running live system, on top of the image. */
#define RAM_MARGIN_BYTES (256ull << 20)

/* MemAvailable (or, on kernels before 3.14, MemFree + Cached) from
 * /proc/meminfo's len bytes, in bytes.  0, or -ENOENT (neither there),
 * -EBADMSG (a malformed number). */
int ram_meminfo_avail(const char *buf, size_t len, uint64_t *avail);

struct ram_verdict {
	uint64_t need;  /* image + margin, bytes */
	uint64_t have;  /* what is free for it: RAM, or less when the tmpfs
			   it lands in is smaller */
	int tmpfs_short; /* the tmpfs, not RAM, is the limit */
};

/*
 * image bytes into a tmpfs with fs_free bytes free (UINT64_MAX: not
 * known), on a machine with avail bytes of RAM available.  0 fits,
 * -ENOSPC does not; *v holds the figures either way.
 */
int ram_check(uint64_t image, uint64_t avail, uint64_t fs_free, struct ram_verdict *v);

#endif

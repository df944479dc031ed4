/*
 * md5.h - MD5 (RFC 1321), streamed: init, update with pieces of any size,
 * final.  Only for the md5sum.txt of Ubuntu ISOs, whose digests say
 * whether a download is intact, not whether it is genuine (MD5 has
 * collisions; netboot.sha256= is the trusted form).  Pure.
 */
#ifndef NETBOOT_MD5_H
#define NETBOOT_MD5_H

#include <stddef.h>
#include <stdint.h>

#define MD5_DIGEST_SIZE 16

struct md5 {
	uint32_t h[4];   /* A, B, C, D */
	uint64_t n;      /* message bytes so far */
	uint8_t buf[64]; /* the partial block: n % 64 bytes */
};

void md5_init(struct md5 *s);
void md5_update(struct md5 *s, const void *data, size_t len);
/* Pad, write the digest to out; s must be initialised again before reuse. */
void md5_final(struct md5 *s, uint8_t out[MD5_DIGEST_SIZE]);

#endif

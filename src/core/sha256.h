/*
 * sha256.h - SHA-256 (FIPS 180-4, section 6.2), streamed: init, update
 * with pieces of any size, final.  Pure: no I/O, no allocation.  What the
 * digest is compared against (a checksum list, netboot.sha256=) is left
 * to sums.c and the caller.
 */
#ifndef NETBOOT_SHA256_H
#define NETBOOT_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_SIZE 32

struct sha256 {
	uint32_t h[8];   /* the intermediate hash value H(i) */
	uint64_t n;      /* message bytes so far */
	uint8_t buf[64]; /* the partial block: n % 64 bytes */
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t len);
/* Pad, write the digest to out; s must be initialised again before reuse. */
void sha256_final(struct sha256 *s, uint8_t out[SHA256_DIGEST_SIZE]);

/* x86_64: 1 (default) lets the CPU's SHA extensions do the rounds when
 * it has them; 0 keeps the portable code (the tests compare both). */
extern int sha256_use_cpu;

#endif

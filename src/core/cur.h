/*
 * cur.h - a bounded read cursor over untrusted bytes.
 *
 * Every read of wire or file data (DHCP packets, squashfs superblocks) goes
 * through a cursor that checks the remaining length before it advances, so
 * no parser ever computes an end pointer.  Multi-byte integers are assembled
 * byte by byte, never read through a cast.  Pure: no I/O.
 */
#ifndef NETBOOT_CUR_H
#define NETBOOT_CUR_H

#include <stddef.h>
#include <stdint.h>

struct cur {
	const uint8_t *p;
	size_t rem;
};

void cur_init(struct cur *c, const uint8_t *buf, size_t len);
int cur_skip(struct cur *c, size_t n);
int cur_u8(struct cur *c, uint8_t *v);
int cur_be16(struct cur *c, uint16_t *v);
int cur_be32(struct cur *c, uint32_t *v);
int cur_le16(struct cur *c, uint16_t *v);
int cur_le32(struct cur *c, uint32_t *v);
int cur_le64(struct cur *c, uint64_t *v);
int cur_bytes(struct cur *c, void *dst, size_t n);
/* Point *sub at the next n bytes and advance past them. */
int cur_sub(struct cur *c, size_t n, struct cur *sub);

#endif

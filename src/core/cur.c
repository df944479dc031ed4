/*
 * cur.c - bounded cursor.  Each accessor compares the request against what
 * remains and returns -EBADMSG without moving when it does not fit.
 */
#include <errno.h>
#include <string.h>

#include "cur.h"

void cur_init(struct cur *c, const uint8_t *buf, size_t len)
{
	c->p = buf;
	c->rem = buf ? len : 0;
}

int cur_skip(struct cur *c, size_t n)
{
	if (n > c->rem)
		return -EBADMSG;
	c->p += n;
	c->rem -= n;
	return 0;
}

int cur_bytes(struct cur *c, void *dst, size_t n)
{
	if (n > c->rem)
		return -EBADMSG;
	if (n)
		memcpy(dst, c->p, n);
	c->p += n;
	c->rem -= n;
	return 0;
}

int cur_sub(struct cur *c, size_t n, struct cur *sub)
{
	if (n > c->rem)
		return -EBADMSG;
	sub->p = c->p;
	sub->rem = n;
	c->p += n;
	c->rem -= n;
	return 0;
}

int cur_u8(struct cur *c, uint8_t *v)
{
	return cur_bytes(c, v, 1);
}

int cur_be16(struct cur *c, uint16_t *v)
{
	uint8_t b[2];

	if (cur_bytes(c, b, sizeof(b)))
		return -EBADMSG;
	*v = (uint16_t)((unsigned)b[0] << 8 | b[1]);
	return 0;
}

int cur_be32(struct cur *c, uint32_t *v)
{
	uint8_t b[4];

	if (cur_bytes(c, b, sizeof(b)))
		return -EBADMSG;
	*v = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	     (uint32_t)b[2] << 8 | b[3];
	return 0;
}

int cur_le16(struct cur *c, uint16_t *v)
{
	uint8_t b[2];

	if (cur_bytes(c, b, sizeof(b)))
		return -EBADMSG;
	*v = (uint16_t)((unsigned)b[1] << 8 | b[0]);
	return 0;
}

int cur_le32(struct cur *c, uint32_t *v)
{
	uint8_t b[4];

	if (cur_bytes(c, b, sizeof(b)))
		return -EBADMSG;
	*v = (uint32_t)b[3] << 24 | (uint32_t)b[2] << 16 |
	     (uint32_t)b[1] << 8 | b[0];
	return 0;
}

int cur_le64(struct cur *c, uint64_t *v)
{
	uint32_t lo, hi;
	struct cur save = *c;

	if (cur_le32(c, &lo) || cur_le32(c, &hi)) {
		*c = save;
		return -EBADMSG;
	}
	*v = (uint64_t)hi << 32 | lo;
	return 0;
}

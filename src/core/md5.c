/*
 * md5.c - MD5 from RFC 1321: the padding of 3.1-3.2, the buffer of 3.3,
 * the four rounds of 3.4 as one rolled loop (the round picks the function,
 * the word order and the shifts), little-endian throughout.  Small rather
 * than fast, like sha256.c.
 */
#include <string.h>

#include "md5.h"

#define ROL(x, n) ((x) << (n) | (x) >> (32 - (n)))

/* 3.4: T[i] = the integer part of 4294967296 * abs(sin(i)), i = 1..64 */
static const uint32_t T[64] = {
	0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee,
	0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
	0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be,
	0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
	0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa,
	0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
	0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed,
	0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
	0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c,
	0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
	0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05,
	0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
	0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039,
	0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
	0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1,
	0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
};

/* the shifts s of [abcd k s i], four per round */
static const uint8_t S[16] = {
	7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21,
};

static void block(uint32_t *hv, const uint8_t *p)
{
	uint32_t x[16], a = hv[0], b = hv[1], c = hv[2], d = hv[3], f;
	unsigned i, k;

	for (i = 0; i < 16; i++, p += 4)
		x[i] = p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
	for (i = 0; i < 64; i++) {
		switch (i >> 4) {
		case 0: /* F(X,Y,Z) = XY v not(X) Z */
			f = (b & c) | (~b & d);
			k = i;
			break;
		case 1: /* G(X,Y,Z) = XZ v Y not(Z) */
			f = (b & d) | (c & ~d);
			k = 5 * i + 1;
			break;
		case 2: /* H(X,Y,Z) = X xor Y xor Z */
			f = b ^ c ^ d;
			k = 3 * i + 5;
			break;
		default: /* I(X,Y,Z) = Y xor (X v not(Z)) */
			f = c ^ (b | ~d);
			k = 7 * i;
			break;
		}
		f += a + T[i] + x[k & 15];
		a = d, d = c, c = b;
		b += ROL(f, S[(i >> 4) * 4 + (i & 3)]);
	}
	hv[0] += a, hv[1] += b, hv[2] += c, hv[3] += d;
}

void md5_init(struct md5 *s)
{
	/* 3.3: words A..D, written low-order byte first */
	s->h[0] = 0x67452301;
	s->h[1] = 0xefcdab89;
	s->h[2] = 0x98badcfe;
	s->h[3] = 0x10325476;
	s->n = 0;
}

void md5_update(struct md5 *s, const void *data, size_t len)
{
	const uint8_t *p = data;
	size_t have = (size_t)(s->n & 63), take;

	s->n += len;
	if (have) {
		take = 64 - have < len ? 64 - have : len;
		memcpy(s->buf + have, p, take);
		p += take;
		len -= take;
		if (have + take < 64)
			return;
		block(s->h, s->buf);
	}
	for (; len >= 64; p += 64, len -= 64)
		block(s->h, p);
	if (len)
		memcpy(s->buf, p, len);
}

/* 3.1-3.2: a 1 bit, zeros up to 448 mod 512, the length in bits (64,
 * low-order byte first). */
void md5_final(struct md5 *s, uint8_t out[MD5_DIGEST_SIZE])
{
	static const uint8_t pad[64] = { 0x80 };
	uint64_t bits = s->n << 3;
	uint8_t l[8];
	int i;

	for (i = 0; i < 8; i++)
		l[i] = (uint8_t)(bits >> (8 * i));
	md5_update(s, pad, ((119 - (size_t)(s->n & 63)) & 63) + 1);
	md5_update(s, l, 8);
	for (i = 0; i < 16; i++)
		out[i] = (uint8_t)(s->h[i / 4] >> (8 * (i % 4)));
}

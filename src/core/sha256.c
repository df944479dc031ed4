/*
 * sha256.c - SHA-256 from FIPS 180-4: the constants of 4.2.2 and 5.3.3,
 * the padding of 5.1.1, the computation of 6.2.2.  Written small rather
 * than fast (one rolled round loop, the schedule in 64 words on the
 * stack): the static binary has a size budget.  On x86_64 CPUs with the
 * SHA extensions (cpuid leaf 7, EBX bit 29: Intel since Goldmont and Ice
 * Lake, AMD since Zen) the blocks go through SHA256RNDS2 / MSG1 / MSG2
 * instead: tests/bench/http.sh found the rolled loop 85% of a download's
 * CPU on a fast link.  The digest is the same either way (test-hash runs
 * every vector on both).
 */
#include <string.h>

#include "sha256.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <cpuid.h>
#include <immintrin.h>
#define SHA256_X86 1
#endif

#define ROR(x, n) ((x) >> (n) | (x) << (32 - (n)))

/* 4.2.2: the first 32 bits of the fractional parts of the cube roots of
 * the first 64 primes. */
static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5,
	0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
	0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
	0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5,
	0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

/* 5.3.3: the first 32 bits of the fractional parts of the square roots
 * of the first 8 primes. */
static const uint32_t H0[8] = {
	0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
	0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

/* 6.2.2 for one 512-bit block M(i) */
static void block(uint32_t *hv, const uint8_t *p)
{
	uint32_t w[64], a, b, c, d, e, f, g, h, t1, t2;
	int t;

	for (t = 0; t < 16; t++, p += 4)
		w[t] = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
	for (; t < 64; t++) {
		a = w[t - 15];
		b = w[t - 2];
		w[t] = (ROR(b, 17) ^ ROR(b, 19) ^ b >> 10) + w[t - 7] +
		       (ROR(a, 7) ^ ROR(a, 18) ^ a >> 3) + w[t - 16];
	}
	a = hv[0], b = hv[1], c = hv[2], d = hv[3];
	e = hv[4], f = hv[5], g = hv[6], h = hv[7];
	for (t = 0; t < 64; t++) {
		t1 = h + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) + ((e & f) ^ (~e & g)) + K[t] + w[t];
		t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
		h = g, g = f, f = e, e = d + t1;
		d = c, c = b, b = a, a = t1 + t2;
	}
	hv[0] += a, hv[1] += b, hv[2] += c, hv[3] += d;
	hv[4] += e, hv[5] += f, hv[6] += g, hv[7] += h;
}

#ifdef SHA256_X86
/*
 * The SHA extensions keep the state as two vectors, {A,B,E,F} and
 * {C,D,G,H} (A in the high lane), and do two rounds per SHA256RNDS2
 * with W+K of those rounds in the low 64 bits of its third operand.  The
 * schedule: W[16..63] four at a time, MSG1 adding sigma0 terms, the
 * W[t-7] words added by hand (an alignr of the two groups before), MSG2
 * adding the sigma1 terms.
 */
__attribute__((target("sha,sse4.1,ssse3"))) static void blocks_x86(uint32_t *hv,
								   const uint8_t *p, size_t n)
{
	const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
	__m128i abef, cdgh, t, w[4], m, save0, save1;

	t = _mm_loadu_si128((const __m128i *)&hv[0]);    /* D C B A */
	cdgh = _mm_loadu_si128((const __m128i *)&hv[4]); /* H G F E */
	t = _mm_shuffle_epi32(t, 0xb1);                  /* C D A B */
	cdgh = _mm_shuffle_epi32(cdgh, 0x1b);            /* E F G H */
	abef = _mm_alignr_epi8(t, cdgh, 8);              /* A B E F */
	cdgh = _mm_blend_epi16(cdgh, t, 0xf0);           /* C D G H */
	for (; n; n--, p += 64) {
		save0 = abef;
		save1 = cdgh;
		for (int g = 0; g < 16; g++) {
			__m128i *cur = &w[g & 3];

			if (g < 4) {
				*cur = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16 * g)),
							bswap);
			} else {
				/* w[g&3] holds W of group g-4; g-3, g-2, g-1 follow */
				__m128i x = _mm_sha256msg1_epu32(*cur, w[(g - 3) & 3]);

				x = _mm_add_epi32(x, _mm_alignr_epi8(w[(g - 1) & 3], w[(g - 2) & 3], 4));
				*cur = _mm_sha256msg2_epu32(x, w[(g - 1) & 3]);
			}
			m = _mm_add_epi32(*cur, _mm_loadu_si128((const __m128i *)&K[4 * g]));
			cdgh = _mm_sha256rnds2_epu32(cdgh, abef, m);
			m = _mm_shuffle_epi32(m, 0x0e);
			abef = _mm_sha256rnds2_epu32(abef, cdgh, m);
		}
		abef = _mm_add_epi32(abef, save0);
		cdgh = _mm_add_epi32(cdgh, save1);
	}
	t = _mm_shuffle_epi32(abef, 0x1b);       /* F E B A */
	cdgh = _mm_shuffle_epi32(cdgh, 0xb1);    /* D C H G */
	abef = _mm_blend_epi16(t, cdgh, 0xf0);   /* D C B A */
	cdgh = _mm_alignr_epi8(cdgh, t, 8);      /* H G F E */
	_mm_storeu_si128((__m128i *)&hv[0], abef);
	_mm_storeu_si128((__m128i *)&hv[4], cdgh);
}

/* SHA, SSE4.1 and SSSE3, asked once. */
static int have_x86(void)
{
	static int have = -1;
	unsigned a, b, c, d;

	if (have < 0) {
		have = 0;
		if (__get_cpuid(1, &a, &b, &c, &d) && (c & (1u << 19)) && (c & (1u << 9)) &&
		    __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & (1u << 29)))
			have = 1;
	}
	return have;
}

#endif

/* For tests: 0 the portable rounds only, 1 the CPU's when it has them. */
int sha256_use_cpu = 1;

/* n whole blocks at p. */
static void blocks(uint32_t *hv, const uint8_t *p, size_t n)
{
#ifdef SHA256_X86
	if (sha256_use_cpu && have_x86()) {
		blocks_x86(hv, p, n);
		return;
	}
#endif
	for (; n; n--, p += 64)
		block(hv, p);
}

void sha256_init(struct sha256 *s)
{
	memcpy(s->h, H0, sizeof(s->h));
	s->n = 0;
}

void sha256_update(struct sha256 *s, const void *data, size_t len)
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
		blocks(s->h, s->buf, 1);
	}
	blocks(s->h, p, len / 64);
	p += len & ~(size_t)63;
	len &= 63;
	if (len)
		memcpy(s->buf, p, len);
}

/* 5.1.1: a 1 bit, zeros up to 448 mod 512, the length in bits (64, big
 * endian). */
void sha256_final(struct sha256 *s, uint8_t out[SHA256_DIGEST_SIZE])
{
	static const uint8_t pad[64] = { 0x80 };
	uint64_t bits = s->n << 3;
	uint8_t l[8];
	int i;

	for (i = 0; i < 8; i++)
		l[i] = (uint8_t)(bits >> (56 - 8 * i));
	sha256_update(s, pad, ((119 - (size_t)(s->n & 63)) & 63) + 1);
	sha256_update(s, l, 8);
	for (i = 0; i < 32; i++)
		out[i] = (uint8_t)(s->h[i / 4] >> (24 - 8 * (i % 4)));
}

/*
 * fuzz.h - shared by the libFuzzer targets (tests/fuzz/fuzz-*.c) and the
 * replay driver (replay.c).  Each target defines LLVMFuzzerTestOneInput
 * and checks its properties with FZ_ASSERT, which aborts: a violated
 * property is a crash, not just "did not crash".
 */
#ifndef NETBOOT_FUZZ_H
#define NETBOOT_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FZ_ASSERT(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "%s:%d: property violated: %s\n", \
			__FILE__, __LINE__, #cond); \
		abort(); \
	} \
} while (0)

/* Is s[0..n) free of control bytes (< 0x20, 0x7f)? */
static inline int fz_no_ctl(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] == 0x7f)
			return 0;
	return 1;
}

/* A NUL-terminated string inside its array, without control bytes. */
#define FZ_STR_OK(arr) \
	(memchr((arr), 0, sizeof(arr)) != NULL && fz_no_ctl((arr), strlen(arr)))

/* Byte reader over the fuzzer input: missing bytes read as 0. */
struct fz_rd {
	const uint8_t *p;
	size_t rem;
};

static inline uint8_t fz_u8(struct fz_rd *r)
{
	if (!r->rem)
		return 0;
	r->rem--;
	return *r->p++;
}

static inline uint32_t fz_be(struct fz_rd *r, unsigned n)
{
	uint32_t v = 0;

	while (n--)
		v = v << 8 | fz_u8(r);
	return v;
}

#endif

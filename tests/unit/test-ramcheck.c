/*
 * test-ramcheck.c - unit tests for src/core/ramcheck.c: MemAvailable from
 * /proc/meminfo as it is (and as kernels before 3.14 wrote it, and as a
 * hostile or broken file could be), and the fit of an image with the
 * margin, RAM-bound and tmpfs-bound.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>

#include "ramcheck.h"

#define MiB (1024ull * 1024ull)

static int avail(const char *text, uint64_t *v)
{
	return ram_meminfo_avail(text, strlen(text), v);
}

static void test_meminfo(void **state)
{
	uint64_t v = 0;

	(void)state;
	assert_int_equal(avail("MemTotal:        2014856 kB\nMemFree:          154328 kB\n"
			       "MemAvailable:    1523840 kB\nBuffers:           40404 kB\n", &v), 0);
	assert_true(v == 1523840ull * 1024);
	/* before 3.14: MemFree + Cached */
	assert_int_equal(avail("MemTotal: 1000 kB\nMemFree: 300 kB\nBuffers: 1 kB\nCached: 200 kB\n"
			       "SwapCached: 5 kB\n", &v), 0);
	assert_true(v == 500ull * 1024);
	/* a key that only starts the same is another key */
	assert_int_equal(avail("MemAvailableX: 5 kB\nMemFree: 1 kB\n", &v), -ENOENT);
	assert_int_equal(avail("", &v), -ENOENT);
	/* malformed numbers, units, overlong digits */
	assert_int_equal(avail("MemAvailable: kB\n", &v), -EBADMSG);
	assert_int_equal(avail("MemAvailable: 12 MB\n", &v), -EBADMSG);
	assert_int_equal(avail("MemAvailable: 1234567890123456789 kB\n", &v), -EBADMSG);
	assert_int_equal(avail("MemAvailable: 12", &v), -EBADMSG);
	/* no NUL needed: the length bounds the read */
	{
		const char t[] = { 'M', 'e', 'm', 'F', 'r', 'e', 'e', ':', ' ', '9' };

		assert_int_equal(ram_meminfo_avail(t, sizeof(t), &v), -EBADMSG);
	}
}

static void test_fit(void **state)
{
	struct ram_verdict r;

	(void)state;
	/* 700 MiB image, 2 GiB available, a large tmpfs: fits */
	assert_int_equal(ram_check(700 * MiB, 2048 * MiB, UINT64_MAX, &r), 0);
	assert_true(r.need == 700 * MiB + RAM_MARGIN_BYTES);
	/* exactly image + margin fits; one byte less does not */
	assert_int_equal(ram_check(700 * MiB, 700 * MiB + RAM_MARGIN_BYTES, UINT64_MAX, &r), 0);
	assert_int_equal(ram_check(700 * MiB, 700 * MiB + RAM_MARGIN_BYTES - 1, UINT64_MAX, &r),
			 -ENOSPC);
	assert_true(r.have == 700 * MiB + RAM_MARGIN_BYTES - 1);
	assert_int_equal(r.tmpfs_short, 0);
	/* the tmpfs is the limit: need is the image alone */
	assert_int_equal(ram_check(700 * MiB, 8192 * MiB, 400 * MiB, &r), -ENOSPC);
	assert_int_equal(r.tmpfs_short, 1);
	assert_true(r.need == 700 * MiB && r.have == 400 * MiB);
	/* a Content-Length near 2^64 does not wrap around */
	assert_int_equal(ram_check(UINT64_MAX - 5, 8192 * MiB, UINT64_MAX, &r), -ENOSPC);
	assert_true(r.need == UINT64_MAX);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_meminfo),
		cmocka_unit_test(test_fit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

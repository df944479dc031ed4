/*
 * test-errtext.c - core/errtext.c: every errno the table holds reads as
 * the C library's own text (glibc here, the wording console users know),
 * the table's errnos are distinct, and a value outside it (or negative)
 * reads "Unknown error N".
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "errtext.h"

static const int held[] = {
	EPERM, ENOENT, EINTR, EIO, ENXIO, EBADF, EAGAIN, ENOMEM, EACCES,
	EBUSY, EEXIST, ENODEV, ENOTDIR, EISDIR, EINVAL, EMFILE, ENOSPC, EROFS,
	ENAMETOOLONG, ENOSYS, ELOOP, EPROTO, EOVERFLOW, EPROTONOSUPPORT,
	EOPNOTSUPP, EADDRNOTAVAIL, ENETDOWN, ENETUNREACH, ECONNRESET, ENOBUFS,
	ETIMEDOUT, ECONNREFUSED, EHOSTDOWN, EHOSTUNREACH, EINPROGRESS, ESTALE,
	EREMOTEIO, ENOMEDIUM, ECANCELED, EKEYREJECTED,
};

static void test_known(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(held) / sizeof(held[0]); i++) {
		char want[128];

		snprintf(want, sizeof(want), "%s", strerror(held[i]));
		assert_string_equal(errtext(held[i]), want);
	}
}

static void test_every_text_is_glibcs_or_unknown(void **state)
{
	(void)state;
	for (int e = 0; e < 256; e++) {
		char want[128], unknown[32];
		const char *got = errtext(e);

		snprintf(want, sizeof(want), "%s", strerror(e));
		snprintf(unknown, sizeof(unknown), "Unknown error %d", e);
		if (strcmp(got, unknown))
			assert_string_equal(got, want);
	}
}

static void test_unknown(void **state)
{
	(void)state;
	assert_string_equal(errtext(0), "Unknown error 0");
	assert_string_equal(errtext(-5), "Unknown error -5");
	assert_string_equal(errtext(EDEADLK), "Unknown error 35");
	assert_string_equal(errtext(100000), "Unknown error 100000");
	assert_string_equal(errtext(ENOENT), "No such file or directory");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known),
		cmocka_unit_test(test_every_text_is_glibcs_or_unknown),
		cmocka_unit_test(test_unknown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

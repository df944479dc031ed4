/*
 * test-kvfile.c - the KEY='value' reader, against shquote()'s output.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "kvfile.h"
#include "shquote.h"

static int get(const char *buf, const char *key, char *dst, size_t sz)
{
	return kvfile_get(buf, strlen(buf), key, dst, sz);
}

static void test_roundtrip(void **state)
{
	static const char *const vals[] = {
		"", "eth0", "it's", "''", "$(reboot)", "`id`", "a b  c", "\\'\\",
		"x'\\''y", "/srv/live,vers=3",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		char q[256], line[300], out[256];

		assert_true(shquote(vals[i], q, sizeof(q)) > 0);
		strcpy(line, "OTHER='x'\nKEY=");
		strcat(line, q);
		strcat(line, "\nTAIL=1\n");
		assert_int_equal(get(line, "KEY", out, sizeof(out)), 0);
		assert_string_equal(out, vals[i]);
	}
}

static void test_lookup(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(get("A=1\nAB=2\nB=3", "AB", out, sizeof(out)), 0);
	assert_string_equal(out, "2");
	assert_int_equal(get("A=1\nA=2\n", "A", out, sizeof(out)), 0);
	assert_string_equal(out, "2"); /* last wins, as when sourced */
	assert_int_equal(get("A=1\n", "B", out, sizeof(out)), -ENOENT);
	assert_int_equal(get("XA=1\n", "A", out, sizeof(out)), -ENOENT);
	assert_int_equal(get("A=10.0.2.2\n", "A", out, sizeof(out)), 0);
	assert_string_equal(out, "10.0.2.2");
}

static void test_refused(void **state)
{
	char out[8] = "keep";

	(void)state;
	assert_int_equal(get("A='open\n", "A", out, sizeof(out)), -EBADMSG);
	assert_int_equal(get("A=$(x)\n", "A", out, sizeof(out)), -EBADMSG);
	assert_int_equal(get("A=\"x\"\n", "A", out, sizeof(out)), -EBADMSG);
	assert_int_equal(get("A=a;b\n", "A", out, sizeof(out)), -EBADMSG);
	assert_int_equal(get("A='0123456789'\n", "A", out, sizeof(out)), -ENOBUFS);
	assert_string_equal(out, "keep");
	assert_int_equal(kvfile_get("A=1", 3, "", out, sizeof(out)), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_refused),
	};

	return cmocka_run_group_tests_name("kvfile", tests, NULL, NULL);
}

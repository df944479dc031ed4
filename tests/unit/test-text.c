/*
 * test-text.c - core/text.c, the rules every module shares: control
 * bytes, the console sanitizer (every byte a terminal could interpret
 * becomes \xNN, escapes never cut, dst always terminated, the returned
 * length), IPv4 and MAC text, and the strict dotted-quad reader.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "text.h"

static void test_ctl(void **state)
{
	unsigned c;

	(void)state;
	for (c = 0; c < 256; c++) {
		assert_int_equal(text_ctl((unsigned char)c), c < 0x20 || c == 0x7f);
		assert_int_equal(text_printable((unsigned char)c), c >= 0x20 && c <= 0x7e);
	}
	assert_true(text_has_ctl("a\0b", 3));
	assert_true(text_has_ctl("ab\x1b", 3));
	assert_false(text_has_ctl("ab\x1b", 2));
	assert_false(text_has_ctl("plain /path", 11));
	assert_false(text_has_ctl("", 0));
}

static const struct {
	const char *in, *out;
} sanitize_rows[] = {
	{ "", "" },
	{ "casper/filesystem.squashfs", "casper/filesystem.squashfs" },
	{ "a b~", "a b~" },
	{ "\x1b[2J", "\\x1b[2J" },            /* ESC: clear screen */
	{ "\x9b" "31m", "\\x9b31m" },         /* CSI, the C1 form */
	{ "bell\a", "bell\\x07" },
	{ "del\x7f", "del\\x7f" },
	{ "cr\rlf\ntab\t", "cr\\x0dlf\\x0atab\\x09" },
	{ "back\\slash", "back\\\\slash" },   /* so \x1b in a name is not ambiguous */
	{ "\xc3\xa9t\xc3\xa9", "\\xc3\\xa9t\\xc3\\xa9" }, /* UTF-8: escaped too */
	{ "\xff", "\\xff" },
};

static void test_sanitize(void **state)
{
	char out[256];
	size_t i, n, k;

	(void)state;
	for (i = 0; i < sizeof(sanitize_rows) / sizeof(sanitize_rows[0]); i++) {
		n = text_sanitize(sanitize_rows[i].in, out, sizeof(out));
		assert_string_equal(out, sanitize_rows[i].out);
		assert_int_equal(n, strlen(out));
		for (k = 0; k < n; k++)
			assert_true(text_printable((unsigned char)out[k]));
	}
	n = text_sanitize(NULL, out, sizeof(out));
	assert_int_equal(n, 0);
	assert_string_equal(out, "");
}

/* Every byte value, in every position: the output is printable ASCII. */
static void test_sanitize_all_bytes(void **state)
{
	char in[256], out[4 * 256 + 1];
	size_t i, n;

	(void)state;
	for (i = 1; i < 256; i++)
		in[i - 1] = (char)i;
	in[255] = '\0';
	n = text_sanitize(in, out, sizeof(out));
	assert_int_equal(n, strlen(out));
	for (i = 0; i < n; i++)
		assert_true(text_printable((unsigned char)out[i]));
	/* 95 printable bytes (the backslash doubled) and 160 escapes */
	assert_int_equal(n, 95 + 1 + 160 * 4);
}

/* A short dst: always terminated, an escape is dropped whole. */
static void test_sanitize_truncates(void **state)
{
	char out[8];
	size_t n;

	(void)state;
	memset(out, 'Z', sizeof(out));
	n = text_sanitize("abcdefghij", out, sizeof(out));
	assert_int_equal(n, 7);
	assert_string_equal(out, "abcdefg");
	n = text_sanitize("abcde\x1b", out, sizeof(out)); /* \x1b needs 4 */
	assert_int_equal(n, 5);
	assert_string_equal(out, "abcde");
	n = text_sanitize("abc\x1b", out, sizeof(out));   /* exactly fits */
	assert_string_equal(out, "abc\\x1b");
	assert_int_equal(n, 7);
	n = text_sanitize("abcdef\\", out, sizeof(out));  /* \\ needs 2 */
	assert_string_equal(out, "abcdef");
	n = text_sanitize("x", out, 1);
	assert_int_equal(n, 0);
	assert_string_equal(out, "");
	out[0] = 'Z';
	assert_int_equal(text_sanitize("x", out, 0), 0);
	assert_int_equal(out[0], 'Z');                    /* dstsz 0: untouched */
}

/* Counted input (a cpio name): NULs are bytes like others, len is obeyed. */
static void test_sanitize_n(void **state)
{
	static const char in[] = { 'a', '\0', 'b', '\\', '\x9b', 'z' };
	char out[64];
	size_t n;

	(void)state;
	n = text_sanitize_n(in, 5, out, sizeof(out));
	assert_string_equal(out, "a\\x00b\\\\\\x9b");
	assert_int_equal(n, strlen(out));
	n = text_sanitize_n(in, 0, out, sizeof(out));
	assert_int_equal(n, 0);
	assert_string_equal(out, "");
	n = text_sanitize_n(in, 3, out, 6); /* "a\x00" fits, "b" does not */
	assert_string_equal(out, "a\\x00");
}

static void test_ipv4_mac(void **state)
{
	char ip[TEXT_IPV4_SIZE], mac[TEXT_MAC_SIZE];
	static const uint8_t m[6] = { 0x52, 0x54, 0x00, 0xab, 0xcd, 0xef };

	(void)state;
	assert_string_equal(text_ipv4(0x0a000202u, ip), "10.0.2.2");
	assert_string_equal(text_ipv4(0xffffffffu, ip), "255.255.255.255");
	assert_string_equal(text_ipv4(0, ip), "0.0.0.0");
	assert_string_equal(text_mac(m, mac), "52:54:00:ab:cd:ef");
}

static const struct {
	const char *in;
	int r;
	uint32_t a;
} parse_rows[] = {
	{ "10.0.2.2", 0, 0x0a000202u },
	{ "0.0.0.0", 0, 0 },
	{ "255.255.255.255", 0, 0xffffffffu },
	{ "192.168.100.10", 0, 0xc0a8640au },
	{ "256.0.0.1", -EINVAL, 0 },
	{ "10.0.2", -EINVAL, 0 },
	{ "10.0.2.2.1", -EINVAL, 0 },
	{ "10.0.2.", -EINVAL, 0 },
	{ ".10.0.2", -EINVAL, 0 },
	{ "10..2.2", -EINVAL, 0 },
	{ "010.0.2.2", -EINVAL, 0 },   /* octal to inet_aton */
	{ "10.0.2.02", -EINVAL, 0 },
	{ "10.0.2.2 ", -EINVAL, 0 },
	{ " 10.0.2.2", -EINVAL, 0 },
	{ "10.0.2.-2", -EINVAL, 0 },
	{ "1e1.0.0.1", -EINVAL, 0 },
	{ "", -EINVAL, 0 },
	{ "99999999999.1.1.1", -EINVAL, 0 },
};

static void test_parse_ipv4(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(parse_rows) / sizeof(parse_rows[0]); i++) {
		uint32_t a = 0x12345678u;
		int r = text_parse_ipv4(parse_rows[i].in, strlen(parse_rows[i].in), &a);

		assert_int_equal(r, parse_rows[i].r);
		assert_int_equal(a, r == 0 ? parse_rows[i].a : 0x12345678u);
	}
	/* exactly n bytes: a longer buffer is not read past n */
	{
		uint32_t a = 0;

		assert_int_equal(text_parse_ipv4("10.0.2.2junk", 8, &a), 0);
		assert_int_equal(a, 0x0a000202u);
		assert_int_equal(text_parse_ipv4("10.0.2.25", 8, &a), 0);
		assert_int_equal(a, 0x0a000202u);
		assert_int_equal(text_parse_ipv4("10.0.2.2", 7, &a), -EINVAL);
	}
}

static void test_parse_uint(void **state)
{
	uint32_t v = 7;

	(void)state;
	assert_int_equal(text_parse_uint("0", 1, 10, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(text_parse_uint("65535", 5, 65535, &v), 0);
	assert_int_equal(v, 65535);
	assert_int_equal(text_parse_uint("65536", 5, 65535, &v), -ERANGE);
	assert_int_equal(text_parse_uint("4294967295", 10, 0xffffffffu, &v), 0);
	assert_int_equal(v, 0xffffffffu);
	assert_int_equal(text_parse_uint("99999999999999999999", 20, 0xffffffffu, &v), -ERANGE);
	assert_int_equal(text_parse_uint("12", 1, 100, &v), 0); /* n bytes only */
	assert_int_equal(v, 1);
	v = 7;
	assert_int_equal(text_parse_uint("", 0, 10, &v), -EINVAL);
	assert_int_equal(text_parse_uint("+1", 2, 10, &v), -EINVAL);
	assert_int_equal(text_parse_uint("-1", 2, 10, &v), -EINVAL);
	assert_int_equal(text_parse_uint(" 1", 2, 10, &v), -EINVAL);
	assert_int_equal(text_parse_uint("1\n", 2, 10, &v), -EINVAL);
	assert_int_equal(text_parse_uint("0x1", 3, 10, &v), -EINVAL);
	assert_int_equal(v, 7); /* untouched on failure */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ctl),
		cmocka_unit_test(test_parse_uint),
		cmocka_unit_test(test_sanitize),
		cmocka_unit_test(test_sanitize_all_bytes),
		cmocka_unit_test(test_sanitize_truncates),
		cmocka_unit_test(test_sanitize_n),
		cmocka_unit_test(test_ipv4_mac),
		cmocka_unit_test(test_parse_ipv4),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

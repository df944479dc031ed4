/*
 * test-dhcp-opt.c - option areas on their own: scan and get argument and
 * size errors, string trimming boundaries, and RFC 3397 domain-search
 * decoding limits (label and name lengths, label types, pointer chains,
 * loops, output size).  Whole-packet cases live in test-dhcp-msg.c.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "dhcp-opt.h"

static const uint8_t zero_file[128], zero_sname[64];

static void test_scan_get(void **state)
{
	static const uint8_t opts[] = { 12, 2, 'a', 'b', 0, 0, 12, 1, 'c',
					80, 0, 255 };
	struct dhcp_opts o;
	uint8_t v[8];
	size_t n = 99;

	(void)state;
	assert_int_equal(dhcp_opt_scan(&o, opts, sizeof(opts), zero_file,
				       zero_sname), 0);
	assert_int_equal(o.n, 1);
	assert_int_equal(o.overload, 0);
	assert_int_equal(dhcp_opt_get(&o, 12, NULL, 0, &n), 0);
	assert_int_equal(n, 3); /* measured */
	assert_int_equal(dhcp_opt_get(&o, 12, v, 3, &n), 0);
	assert_memory_equal(v, "abc", 3);
	assert_int_equal(dhcp_opt_get(&o, 80, v, 0, &n), 0);
	assert_int_equal(n, 0);
	n = 99;
	memset(v, 0xee, sizeof(v));
	assert_int_equal(dhcp_opt_get(&o, 12, v, 2, &n), -ENOBUFS);
	assert_int_equal(v[0], 0xee);
	assert_int_equal(n, 99);
	assert_int_equal(dhcp_opt_get(&o, 13, v, sizeof(v), &n), -ENOENT);
	assert_int_equal(dhcp_opt_get(&o, 0, v, sizeof(v), &n), -EINVAL);
	assert_int_equal(dhcp_opt_get(&o, 255, v, sizeof(v), &n), -EINVAL);
	assert_int_equal(dhcp_opt_get(NULL, 12, v, sizeof(v), &n), -EINVAL);
	assert_int_equal(dhcp_opt_get(&o, 12, v, sizeof(v), NULL), -EINVAL);
}

static void test_scan_errors(void **state)
{
	static const uint8_t end[] = { 255 };
	struct dhcp_opts o;

	(void)state;
	assert_int_equal(dhcp_opt_scan(NULL, end, 1, zero_file, zero_sname),
			 -EINVAL);
	assert_int_equal(dhcp_opt_scan(&o, NULL, 1, zero_file, zero_sname),
			 -EINVAL);
	assert_int_equal(dhcp_opt_scan(&o, end, 1, NULL, zero_sname), -EINVAL);
	assert_int_equal(dhcp_opt_scan(&o, end, 1, zero_file, NULL), -EINVAL);
	assert_int_equal(dhcp_opt_scan(&o, NULL, 0, zero_file, zero_sname),
			 -EBADMSG);
	assert_int_equal(dhcp_opt_scan(&o, end, 1, zero_file, zero_sname), 0);
	/* 52 split in two 1-byte instances is 2 bytes: refused. */
	assert_int_equal(dhcp_opt_scan(&o, (const uint8_t[]){ 52, 1, 1, 52, 1,
							      1, 255 },
				       7, zero_file, zero_sname), -EBADMSG);
}

static void test_string(void **state)
{
	char d[4];

	(void)state;
	assert_int_equal(dhcp_opt_string((const uint8_t *)"abc", 3, d, 4), 0);
	assert_string_equal(d, "abc");
	memcpy(d, "zzz", 4);
	assert_int_equal(dhcp_opt_string((const uint8_t *)"abcd", 4, d, 4),
			 -ENOBUFS);
	assert_string_equal(d, "zzz");
	assert_int_equal(dhcp_opt_string((const uint8_t *)"abc\0\0\0", 6, d,
					 4), 0);
	assert_string_equal(d, "abc");
	assert_int_equal(dhcp_opt_string((const uint8_t *)"\0\0", 2, d, 4), 0);
	assert_string_equal(d, "");
	assert_int_equal(dhcp_opt_string((const uint8_t *)"a\0b", 3, d, 4),
			 -EBADMSG);
	assert_int_equal(dhcp_opt_string((const uint8_t *)"\x1f", 1, d, 4),
			 -EBADMSG);
	/* Bytes >= 0x80 are not control bytes: writers quote them. */
	assert_int_equal(dhcp_opt_string((const uint8_t *)"\xc3\xa9", 2, d,
					 4), 0);
	assert_int_equal(dhcp_opt_string(NULL, 1, d, 4), -EINVAL);
	assert_int_equal(dhcp_opt_string((const uint8_t *)"a", 1, NULL, 4),
			 -EINVAL);
}

struct drow {
	const char *what;
	uint8_t v[40];
	size_t n;
	const char *want; /* NULL: -EBADMSG */
};

static void test_dns_table(void **state)
{
	static const struct drow rows[] = {
		{ "empty option", { 0 }, 0, "" },
		{ "root only", { 0 }, 1, "" },
		{ "one", { 1, 'a', 2, 'b', 'c', 0 }, 6, "a.bc" },
		{ "root skipped", { 0, 1, 'a', 0 }, 4, "a" },
		{ "pointer chain", { 1, 'c', 0, 1, 'b', 0xc0, 0,
				     1, 'a', 0xc0, 3 }, 11, "c b.c a.b.c" },
		{ "pointer to pointer", { 1, 'x', 0, 0xc0, 0, 0xc0, 3 }, 7,
		  "x x x" },
		{ "2-cycle", { 0xc0, 2, 0xc0, 0 }, 4, NULL },
		{ "pointer into own name", { 1, 'a', 1, 'b', 0xc0, 2 }, 6, NULL },
		{ "pointer past end", { 1, 'a', 0, 0xc0, 9 }, 5, NULL },
		{ "pointer cut", { 1, 'a', 0, 0xc0 }, 4, NULL },
		{ "label type 0x80", { 0x81, 'a', 0 }, 3, NULL },
		{ "dot in label", { 3, 'a', '.', 'b', 0 }, 5, NULL },
		{ "NUL in label", { 2, 'a', 0, 0 }, 4, NULL },
		{ "underscore and dash", { 3, '_', 'a', '-', 0 }, 5, "_a-" },
	};
	char d[64];
	size_t i;
	int rc;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		memset(d, 0, sizeof(d));
		rc = dhcp_opt_dns_search(rows[i].v, rows[i].n, d, sizeof(d));
		if (!rows[i].want) {
			if (rc != -EBADMSG || d[0])
				fail_msg("%s: rc %d", rows[i].what, rc);
		} else if (rc || strcmp(d, rows[i].want)) {
			fail_msg("%s: rc %d '%s'", rows[i].what, rc, d);
		}
	}
}

static void test_dns_limits(void **state)
{
	uint8_t v[400];
	char d[300];
	size_t n, i;

	(void)state;
	/* A 0x40 length byte followed by enough bytes for 64: still refused
	 * (extended label type), never copied into a 63-byte label. */
	v[0] = 0x40;
	memset(v + 1, 'a', 64);
	v[65] = 0;
	assert_int_equal(dhcp_opt_dns_search(v, 66, d, sizeof(d)), -EBADMSG);
	v[0] = 63; /* 63 is the longest label */
	v[64] = 0;
	assert_int_equal(dhcp_opt_dns_search(v, 65, d, sizeof(d)), 0);
	assert_int_equal(strlen(d), 63);

	/* 4 labels of 63 = 255 text characters with dots > 253. */
	for (n = 0, i = 0; i < 4; i++) {
		v[n++] = 63;
		memset(v + n, 'a', 63);
		n += 63;
	}
	v[n++] = 0;
	assert_int_equal(dhcp_opt_dns_search(v, n, d, sizeof(d)), -EBADMSG);
	/* 3 x 63 + 61: exactly 253. */
	v[3 * 64] = 61;
	v[3 * 64 + 62] = 0;
	assert_int_equal(dhcp_opt_dns_search(v, 3 * 64 + 63, d, sizeof(d)),
			 0);
	assert_int_equal(strlen(d), 253);

	/* Output size: "ab cd" needs 6 bytes. */
	memcpy(v, (const uint8_t[]){ 2, 'a', 'b', 0, 2, 'c', 'd', 0 }, 8);
	assert_int_equal(dhcp_opt_dns_search(v, 8, d, 6), 0);
	assert_string_equal(d, "ab cd");
	memcpy(d, "keep", 5);
	assert_int_equal(dhcp_opt_dns_search(v, 8, d, 5), -ENOBUFS);
	assert_string_equal(d, "keep");
	assert_int_equal(dhcp_opt_dns_search(v, 8, NULL, 6), -EINVAL);
	assert_int_equal(dhcp_opt_dns_search(v, 8, d, 0), -EINVAL);
	assert_int_equal(dhcp_opt_dns_search(NULL, 8, d, 6), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scan_get),
		cmocka_unit_test(test_scan_errors),
		cmocka_unit_test(test_string),
		cmocka_unit_test(test_dns_table),
		cmocka_unit_test(test_dns_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

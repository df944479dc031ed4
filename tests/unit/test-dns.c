/*
 * test-dns.c - core/dns.c: which names are looked up, the query's bytes,
 * and the reply reader on good, forged and malformed replies: wrong id,
 * wrong question, NXDOMAIN, NODATA, SERVFAIL, truncation, CNAME chains
 * (followed, bounded), compression pointers (backwards only, no loops),
 * records running past the end, A records of the wrong size, case.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "dns.h"

/* ---- a reply builder ---------------------------------------------------- */

struct msg {
	uint8_t b[1024];
	size_t n;
};

static void put8(struct msg *m, unsigned v)
{
	m->b[m->n++] = (uint8_t)v;
}

static void put16(struct msg *m, unsigned v)
{
	put8(m, v >> 8);
	put8(m, v & 0xff);
}

static void put32(struct msg *m, uint32_t v)
{
	put16(m, v >> 16);
	put16(m, v & 0xffff);
}

/* "a.b" as labels and the root */
static void putname(struct msg *m, const char *name)
{
	const char *p = name;

	while (*p) {
		const char *dot = strchr(p, '.');
		size_t l = dot ? (size_t)(dot - p) : strlen(p);

		put8(m, (unsigned)l);
		memcpy(m->b + m->n, p, l);
		m->n += l;
		p += l + (dot ? 1 : 0);
	}
	put8(m, 0);
}

static void header(struct msg *m, unsigned id, unsigned flags, unsigned qd, unsigned an)
{
	m->n = 0;
	put16(m, id);
	put16(m, flags);
	put16(m, qd);
	put16(m, an);
	put16(m, 0);
	put16(m, 0);
}

/* a response (QR, RD, RA, rcode 0) to name/A/IN with an answers */
static void reply(struct msg *m, unsigned id, const char *qname, unsigned an)
{
	header(m, id, 0x8180, 1, an);
	putname(m, qname);
	put16(m, 1);
	put16(m, 1);
}

static void rr_a(struct msg *m, uint32_t addr, uint32_t ttl)
{
	put16(m, 0xc00c); /* the question's name */
	put16(m, 1);
	put16(m, 1);
	put32(m, ttl);
	put16(m, 4);
	put32(m, addr);
}

static int parse(const struct msg *m, unsigned id, const char *name, struct dns_answer *a,
		 const char **why)
{
	return dns_reply_parse(m->b, m->n, (uint16_t)id, name, a, why);
}

/* ---- tests ---------------------------------------------------------------- */

static void test_name_ok(void **state)
{
	char l63[64], l64[65], long254[260];

	(void)state;
	assert_true(dns_name_ok("boot"));
	assert_true(dns_name_ok("boot.lan"));
	assert_true(dns_name_ok("Boot-1.Example.ORG."));
	assert_true(dns_name_ok("_srv.x"));
	assert_false(dns_name_ok(""));
	assert_false(dns_name_ok("."));
	assert_false(dns_name_ok(NULL));
	assert_false(dns_name_ok("a..b"));
	assert_false(dns_name_ok(".a"));
	assert_false(dns_name_ok("-a.b"));
	assert_false(dns_name_ok("a-.b"));
	assert_false(dns_name_ok("a b"));
	assert_false(dns_name_ok("a\x1b.b"));
	assert_false(dns_name_ok("caf\xc3\xa9.lan"));
	assert_false(dns_name_ok("10.0.0.1"));   /* an address, not a name */
	assert_true(dns_name_ok("10.0.0.1a"));
	memset(l63, 'a', 63);
	l63[63] = '\0';
	assert_true(dns_name_ok(l63));
	memset(l64, 'a', 64);
	l64[64] = '\0';
	assert_false(dns_name_ok(l64));
	for (int i = 0; i < 254; i++)
		long254[i] = i % 2 ? '.' : 'a';
	long254[253] = '\0';                   /* 253 bytes: a.a.....a */
	assert_true(dns_name_ok(long254));
	long254[253] = 'a';
	long254[254] = '\0';                   /* 254 */
	assert_false(dns_name_ok(long254));
}

static void test_query(void **state)
{
	static const uint8_t want[] = {
		0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0,
		4, 'b', 'o', 'o', 't', 3, 'l', 'a', 'n', 0, 0, 1, 0, 1,
	};
	uint8_t buf[DNS_QUERY_MAX];

	(void)state;
	assert_int_equal(dns_query_build(buf, sizeof(buf), 0x1234, "Boot.LAN."), sizeof(want));
	assert_memory_equal(buf, want, sizeof(want));
	assert_int_equal(dns_query_build(buf, sizeof(want) - 1, 0x1234, "boot.lan"), -ENOBUFS);
	assert_int_equal(dns_query_build(buf, sizeof(buf), 1, "bad name"), -EINVAL);
	assert_int_equal(dns_query_build(buf, sizeof(buf), 1, "192.168.1.100"), -EINVAL);
}

static void test_good(void **state)
{
	struct msg m;
	struct dns_answer a;

	(void)state;
	reply(&m, 7, "vansen.lan", 2);
	rr_a(&m, 0xc0a80164, 300);
	rr_a(&m, 0xc0a80165, 60);
	assert_int_equal(parse(&m, 7, "vansen.lan", &a, NULL), 0);
	assert_int_equal(a.n, 2);
	assert_int_equal(a.addr[0], 0xc0a80164);
	assert_int_equal(a.addr[1], 0xc0a80165);
	assert_int_equal(a.ttl, 60);
	assert_int_equal(a.cnames, 0);
	/* the server's case and a trailing dot in the query do not matter */
	reply(&m, 7, "VANSEN.lan", 1);
	rr_a(&m, 0x0a000001, 5);
	assert_int_equal(parse(&m, 7, "vansen.LAN.", &a, NULL), 0);
	assert_int_equal(a.addr[0], 0x0a000001);
}

static void test_forged(void **state)
{
	struct msg m;
	struct dns_answer a;
	const char *why;

	(void)state;
	memset(&a, 0xaa, sizeof(a));
	reply(&m, 8, "vansen.lan", 1);
	rr_a(&m, 0x01020304, 5);
	assert_int_equal(parse(&m, 9, "vansen.lan", &a, &why), -ENOMSG);
	assert_non_null(strstr(why, "id"));
	assert_int_equal(a.n, 0xaaaaaaaaaaaaaaaaULL); /* untouched */
	reply(&m, 8, "evil.lan", 1);
	rr_a(&m, 0x01020304, 5);
	assert_int_equal(parse(&m, 8, "vansen.lan", &a, &why), -ENOMSG);
	assert_non_null(strstr(why, "question"));
	/* the query itself echoed back (QR clear) */
	header(&m, 8, 0x0100, 1, 0);
	putname(&m, "vansen.lan");
	put16(&m, 1);
	put16(&m, 1);
	assert_int_equal(parse(&m, 8, "vansen.lan", &a, NULL), -ENOMSG);
	/* AAAA asked, not A */
	header(&m, 8, 0x8180, 1, 0);
	putname(&m, "vansen.lan");
	put16(&m, 28);
	put16(&m, 1);
	assert_int_equal(parse(&m, 8, "vansen.lan", &a, NULL), -ENOMSG);
	/* two questions */
	header(&m, 8, 0x8180, 2, 0);
	assert_int_equal(parse(&m, 8, "vansen.lan", &a, NULL), -ENOMSG);
	/* too short for a header */
	assert_int_equal(dns_reply_parse(m.b, 11, 8, "vansen.lan", &a, NULL), -ENOMSG);
	/* an A record for another owner is not taken */
	reply(&m, 8, "vansen.lan", 2);
	put16(&m, 0xc0 << 8 | 12);
	put16(&m, 1);
	put16(&m, 1);
	put32(&m, 5);
	put16(&m, 4);
	put32(&m, 0x0a000001);
	putname(&m, "other.lan");
	put16(&m, 1);
	put16(&m, 1);
	put32(&m, 5);
	put16(&m, 4);
	put32(&m, 0x66666666);
	assert_int_equal(parse(&m, 8, "vansen.lan", &a, NULL), 0);
	assert_int_equal(a.n, 1);
	assert_int_equal(a.addr[0], 0x0a000001);
}

static void test_errors(void **state)
{
	struct msg m;
	struct dns_answer a;
	const char *why;

	(void)state;
	reply(&m, 1, "gone.lan", 0);
	m.b[3] = 0x83; /* NXDOMAIN */
	assert_int_equal(parse(&m, 1, "gone.lan", &a, &why), -ENOENT);
	assert_non_null(strstr(why, "NXDOMAIN"));
	reply(&m, 1, "gone.lan", 0); /* NODATA */
	assert_int_equal(parse(&m, 1, "gone.lan", &a, &why), -ENOENT);
	assert_non_null(strstr(why, "no A record"));
	reply(&m, 1, "gone.lan", 0);
	m.b[3] = 0x82;
	assert_int_equal(parse(&m, 1, "gone.lan", &a, NULL), -EAGAIN);
	m.b[3] = 0x85;
	assert_int_equal(parse(&m, 1, "gone.lan", &a, NULL), -EAGAIN);
	reply(&m, 1, "gone.lan", 0);
	m.b[2] |= 0x02; /* TC */
	assert_int_equal(parse(&m, 1, "gone.lan", &a, NULL), -EMSGSIZE);
}

static void test_cname(void **state)
{
	struct msg m;
	struct dns_answer a;
	size_t target;

	(void)state;
	reply(&m, 3, "boot.lan", 2);
	put16(&m, 0xc00c);
	put16(&m, 5);
	put16(&m, 1);
	put32(&m, 100);
	put16(&m, 10);
	target = m.n;
	putname(&m, "nfs1.lan"); /* 10 bytes */
	put16(&m, 0xc000 | (unsigned)target);
	put16(&m, 1);
	put16(&m, 1);
	put32(&m, 200);
	put16(&m, 4);
	put32(&m, 0x0a000005);
	assert_int_equal(parse(&m, 3, "boot.lan", &a, NULL), 0);
	assert_int_equal(a.n, 1);
	assert_int_equal(a.addr[0], 0x0a000005);
	assert_int_equal(a.cnames, 1);
	assert_int_equal(a.ttl, 100);
	/* a CNAME with a wrong RDLENGTH */
	m.b[target - 1] = 9;
	assert_int_equal(parse(&m, 3, "boot.lan", &a, NULL), -EBADMSG);
}

static void test_cname_loop(void **state)
{
	struct msg m;
	struct dns_answer a;
	const char *why;

	(void)state;
	/* boot.lan -> boot.lan, ten times: bounded */
	reply(&m, 4, "boot.lan", 10);
	for (int i = 0; i < 10; i++) {
		put16(&m, 0xc00c);
		put16(&m, 5);
		put16(&m, 1);
		put32(&m, 1);
		put16(&m, 2);
		put16(&m, 0xc00c);
	}
	assert_int_equal(parse(&m, 4, "boot.lan", &a, &why), -EBADMSG);
	assert_non_null(strstr(why, "CNAME"));
}

static void test_pointers(void **state)
{
	struct msg m;
	struct dns_answer a;
	const char *why;
	size_t at;

	(void)state;
	/* an answer whose owner points at itself */
	reply(&m, 5, "boot.lan", 1);
	at = m.n;
	put16(&m, 0xc000 | (unsigned)at);
	assert_int_equal(parse(&m, 5, "boot.lan", &a, &why), -EBADMSG);
	assert_non_null(strstr(why, "pointer"));
	/* a pointer forward */
	reply(&m, 5, "boot.lan", 1);
	put16(&m, 0xc000 | (unsigned)(m.n + 4));
	put16(&m, 0);
	put16(&m, 0);
	assert_int_equal(parse(&m, 5, "boot.lan", &a, NULL), -EBADMSG);
	/* a pointer cut in half */
	reply(&m, 5, "boot.lan", 1);
	put8(&m, 0xc0);
	assert_int_equal(parse(&m, 5, "boot.lan", &a, NULL), -EBADMSG);
	/* label types 01 and 10 */
	reply(&m, 5, "boot.lan", 1);
	put8(&m, 0x41);
	put8(&m, 0);
	assert_int_equal(parse(&m, 5, "boot.lan", &a, NULL), -EBADMSG);
}

static void test_truncated(void **state)
{
	struct msg m;
	struct dns_answer a;
	size_t full;

	(void)state;
	reply(&m, 6, "boot.lan", 1);
	rr_a(&m, 0x0a000001, 5);
	full = m.n;
	for (size_t n = 12; n < full; n++) {
		int rc = dns_reply_parse(m.b, n, 6, "boot.lan", &a, NULL);

		assert_true(rc == -ENOMSG || rc == -EBADMSG);
	}
	assert_int_equal(dns_reply_parse(m.b, full, 6, "boot.lan", &a, NULL), 0);
	/* an A record of 5 bytes */
	reply(&m, 6, "boot.lan", 1);
	rr_a(&m, 0x0a000001, 5);
	m.b[m.n - 5] = 5;
	put8(&m, 0);
	assert_int_equal(parse(&m, 6, "boot.lan", &a, NULL), -EBADMSG);
	/* more A records than are kept */
	reply(&m, 6, "boot.lan", 20);
	for (uint32_t i = 0; i < 20; i++)
		rr_a(&m, 0x0a000000 + i, 5);
	assert_int_equal(parse(&m, 6, "boot.lan", &a, NULL), 0);
	assert_int_equal(a.n, DNS_ADDRS_MAX);
}

static void test_odd_labels(void **state)
{
	struct msg m;
	struct dns_answer a;

	(void)state;
	/* "boot.lan" spelled as one label holding a dot */
	header(&m, 2, 0x8180, 1, 1);
	put8(&m, 8);
	memcpy(m.b + m.n, "boot.lan", 8);
	m.n += 8;
	put8(&m, 0);
	put16(&m, 1);
	put16(&m, 1);
	rr_a(&m, 0x0a000001, 5);
	assert_int_equal(parse(&m, 2, "boot.lan", &a, NULL), -ENOMSG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_name_ok),
		cmocka_unit_test(test_query),
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_forged),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_cname),
		cmocka_unit_test(test_cname_loop),
		cmocka_unit_test(test_pointers),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_odd_labels),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test-rpcbind.c - core/rpcbind.c: the GETPORT call's bytes, and the
 * reply reader on good, refused, short, lying and stray datagrams.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "rpcbind.h"

struct msg {
	uint8_t b[256];
	size_t n;
};

static void put32(struct msg *m, uint32_t v)
{
	m->b[m->n++] = (uint8_t)(v >> 24);
	m->b[m->n++] = (uint8_t)(v >> 16);
	m->b[m->n++] = (uint8_t)(v >> 8);
	m->b[m->n++] = (uint8_t)v;
}

static uint32_t word(const uint8_t *b, size_t i)
{
	return (uint32_t)b[4 * i] << 24 | (uint32_t)b[4 * i + 1] << 16 |
	       (uint32_t)b[4 * i + 2] << 8 | b[4 * i + 3];
}

/* xid, REPLY, MSG_ACCEPTED, verifier (flavor, vlen bytes), accept_stat,
 * then the port word */
static void reply(struct msg *m, uint32_t xid, uint32_t vlen, uint32_t stat, uint32_t port)
{
	m->n = 0;
	put32(m, xid);
	put32(m, 1);
	put32(m, 0);
	put32(m, 0);
	put32(m, vlen);
	for (uint32_t i = 0; i < (vlen + 3) / 4; i++)
		put32(m, 0x41414141);
	put32(m, stat);
	put32(m, port);
}

static void test_call(void **state)
{
	uint8_t b[RPCB_CALL_LEN];
	static const uint32_t want[] = {
		0x12345678, 0, 2, 100000, 2, 3, 0, 0, 0, 0, 100005, 3, 17, 0,
	};

	(void)state;
	assert_int_equal(rpcb_getport_call(b, sizeof(b), 0x12345678, RPCB_PROG_MOUNT, 3,
					   RPCB_PROTO_UDP), RPCB_CALL_LEN);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		assert_int_equal(word(b, i), want[i]);
	assert_int_equal(rpcb_getport_call(b, RPCB_CALL_LEN - 1, 1, 1, 1, 1), -ENOBUFS);
}

static void test_reply_good(void **state)
{
	struct msg m;
	uint32_t xid = 0;
	uint16_t port = 1;

	(void)state;
	reply(&m, 77, 0, 0, 2049);
	assert_int_equal(rpcb_getport_reply(m.b, m.n, &xid, &port), 0);
	assert_int_equal(xid, 77);
	assert_int_equal(port, 2049);
	/* not registered: port 0, still an answer */
	reply(&m, 78, 0, 0, 0);
	assert_int_equal(rpcb_getport_reply(m.b, m.n, &xid, &port), 0);
	assert_int_equal(port, 0);
	/* a verifier body (padded to 4) is skipped */
	reply(&m, 79, 5, 0, 635);
	assert_int_equal(rpcb_getport_reply(m.b, m.n, &xid, &port), 0);
	assert_int_equal(port, 635);
	/* trailing bytes are ignored */
	reply(&m, 80, 0, 0, 20048);
	put32(&m, 0xdeadbeef);
	assert_int_equal(rpcb_getport_reply(m.b, m.n, &xid, &port), 0);
	assert_int_equal(port, 20048);
}

static void test_reply_refused(void **state)
{
	struct msg m;
	uint32_t xid = 0;
	uint16_t port = 0;

	(void)state;
	/* accepted, PROG_UNAVAIL (1) .. SYSTEM_ERR (5) */
	for (uint32_t st = 1; st <= 5; st++) {
		reply(&m, 9, 0, st, 2049);
		assert_int_equal(rpcb_getport_reply(m.b, m.n, &xid, &port), -EPROTO);
		assert_int_equal(xid, 9);
	}
	/* MSG_DENIED */
	m.n = 0;
	put32(&m, 10);
	put32(&m, 1);
	put32(&m, 1);
	put32(&m, 0);
	assert_int_equal(rpcb_getport_reply(m.b, m.n, &xid, &port), -EPROTO);
	assert_int_equal(xid, 10);
}

static void test_reply_hostile(void **state)
{
	struct msg m;
	uint32_t xid = 0;
	uint16_t port = 7;

	(void)state;
	/* a call, not a reply; too short for a header */
	m.n = 0;
	put32(&m, 5);
	put32(&m, 0);
	put32(&m, 2);
	assert_int_equal(rpcb_getport_reply(m.b, m.n, &xid, &port), -ENOMSG);
	assert_int_equal(rpcb_getport_reply(m.b, 11, &xid, &port), -ENOMSG);
	assert_int_equal(rpcb_getport_reply(m.b, 0, &xid, &port), -ENOMSG);

	/* every cut of a good reply short of the port is refused */
	reply(&m, 6, 8, 0, 2049);
	for (size_t n = 12; n < m.n; n++)
		assert_int_equal(rpcb_getport_reply(m.b, n, &xid, &port), -EBADMSG);
	assert_int_equal(port, 7); /* not written on failure */

	/* a verifier length that points past the end, or past 400 */
	reply(&m, 6, 0, 0, 2049);
	m.b[16] = 0xff;
	assert_int_equal(rpcb_getport_reply(m.b, m.n, &xid, &port), -EBADMSG);
	reply(&m, 6, 0, 0, 2049);
	m.b[18] = 0x01;
	m.b[19] = 0x94; /* 404 */
	assert_int_equal(rpcb_getport_reply(m.b, m.n, &xid, &port), -EBADMSG);

	/* a port above 65535 */
	reply(&m, 6, 0, 0, 65536);
	assert_int_equal(rpcb_getport_reply(m.b, m.n, &xid, &port), -EBADMSG);
	reply(&m, 6, 0, 0, 65535);
	assert_int_equal(rpcb_getport_reply(m.b, m.n, &xid, &port), 0);
	assert_int_equal(port, 65535);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_call),
		cmocka_unit_test(test_reply_good),
		cmocka_unit_test(test_reply_refused),
		cmocka_unit_test(test_reply_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

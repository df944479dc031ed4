/*
 * test-rtlink.c - unit tests for src/core/rtlink.c: the RTM_GETLINK dump
 * request's bytes, a dump of two links and its NLMSG_DONE read from one
 * buffer, an error and an acknowledgement, events (RTM_NEWLINK with
 * carrier, RTM_DELLINK), and every way a message or attribute can fail
 * to fit (header, length, ifinfomsg, attribute length) or carry a name
 * netboot must not use.  Fixtures are built by a small writer in host
 * order, as the kernel sends them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>

#include "rtlink.h"

struct w {
	uint8_t b[2048];
	size_t len;
	size_t msg; /* the open message's start */
};

static void w_put(struct w *w, const void *p, size_t n)
{
	assert_true(w->len + n <= sizeof(w->b));
	memcpy(w->b + w->len, p, n);
	w->len += n;
}

static void w_pad(struct w *w)
{
	static const uint8_t z[4];

	w_put(w, z, (4 - w->len % 4) % 4);
}

static void w_msg(struct w *w, uint16_t type, uint32_t seq)
{
	uint32_t len = 0, pid = 0;
	uint16_t flags = 2; /* NLM_F_MULTI */

	w->msg = w->len;
	w_put(w, &len, 4);
	w_put(w, &type, 2);
	w_put(w, &flags, 2);
	w_put(w, &seq, 4);
	w_put(w, &pid, 4);
}

/* Close the open message: its length, then the padding. */
static void w_end(struct w *w)
{
	uint32_t len = (uint32_t)(w->len - w->msg);

	memcpy(w->b + w->msg, &len, 4);
	w_pad(w);
}

static void w_ifinfo(struct w *w, uint16_t type, int32_t index, uint32_t flags)
{
	uint8_t fam = 0, pad = 0;
	uint32_t change = 0;

	w_put(w, &fam, 1);
	w_put(w, &pad, 1);
	w_put(w, &type, 2);
	w_put(w, &index, 4);
	w_put(w, &flags, 4);
	w_put(w, &change, 4);
}

static void w_attr(struct w *w, uint16_t type, const void *p, uint16_t n)
{
	uint16_t len = (uint16_t)(4 + n);

	w_put(w, &len, 2);
	w_put(w, &type, 2);
	w_put(w, p, n);
	w_pad(w);
}

static const uint8_t mac1[6] = { 0x52, 0x54, 0x00, 0x11, 0x11, 0x01 };

/* A dump of lo and eth0 (up, carrier) then NLMSG_DONE, seq 7. */
static void dump_two(struct w *w)
{
	uint32_t mtu = 1500;
	uint8_t zero6[6] = { 0 };

	memset(w, 0, sizeof(*w));
	w_msg(w, 16, 7);
	w_ifinfo(w, 772, 1, 0x1 | 0x8 | 0x40 | 0x10000);
	w_attr(w, 3, "lo", 3);
	w_attr(w, 1, zero6, 6);
	w_end(w);
	w_msg(w, 16, 7);
	w_ifinfo(w, 1, 2, 0x1 | 0x2 | 0x1000 | 0x10000);
	w_attr(w, 4, &mtu, 4); /* IFLA_MTU: ignored */
	w_attr(w, 3, "eth0", 5);
	w_attr(w, 1, mac1, 6);
	w_end(w);
	w_msg(w, 3, 7);
	{
		int32_t z = 0;

		w_put(w, &z, 4);
	}
	w_end(w);
}

static void test_request(void **state)
{
	uint8_t b[64], small[31];
	uint32_t len, seq;
	uint16_t type, flags;
	size_t n;

	(void)state;
	n = rtlink_dump_request(b, sizeof(b), 42);
	assert_int_equal(n, 32);
	memcpy(&len, b, 4);
	memcpy(&type, b + 4, 2);
	memcpy(&flags, b + 6, 2);
	memcpy(&seq, b + 8, 4);
	assert_int_equal(len, 32);
	assert_int_equal(type, 18);      /* RTM_GETLINK */
	assert_int_equal(flags, 0x301); /* NLM_F_REQUEST | NLM_F_DUMP */
	assert_int_equal(seq, 42);
	assert_int_equal(b[16], 0);     /* AF_UNSPEC */
	assert_int_equal(rtlink_dump_request(small, sizeof(small), 1), 0);
}

/* The link-up request: RTM_NEWLINK, no NLM_F_ACK (only a failure is
 * answered), ifi_index, ifi_flags and ifi_change IFF_UP. */
static void test_up_request(void **state)
{
	uint8_t b[64], small[16];
	uint32_t len, seq, u32;
	uint16_t type, flags;
	int32_t idx;

	(void)state;
	assert_int_equal(rtlink_up_request(b, sizeof(b), 9, 5), 32);
	memcpy(&len, b, 4);
	memcpy(&type, b + 4, 2);
	memcpy(&flags, b + 6, 2);
	memcpy(&seq, b + 8, 4);
	assert_int_equal(len, 32);
	assert_int_equal(type, 16);  /* RTM_NEWLINK */
	assert_int_equal(flags, 1);  /* NLM_F_REQUEST only */
	assert_int_equal(seq, 9);
	assert_int_equal(b[16], 0);  /* AF_UNSPEC */
	memcpy(&idx, b + 20, 4);
	assert_int_equal(idx, 5);
	memcpy(&u32, b + 24, 4);
	assert_int_equal(u32, RTLINK_IFF_UP);
	memcpy(&u32, b + 28, 4);
	assert_int_equal(u32, RTLINK_IFF_UP);
	assert_int_equal(rtlink_up_request(small, sizeof(small), 1, 5), 0);
	assert_int_equal(rtlink_up_request(b, sizeof(b), 1, 0), 0);
	assert_int_equal(rtlink_up_request(b, sizeof(b), 1, -3), 0);
}

static void test_dump(void **state)
{
	struct w w;
	struct rtlink_msg m;
	size_t off = 0;

	(void)state;
	dump_two(&w);
	assert_int_equal(rtlink_next(w.b, w.len, &off, &m), 0);
	assert_int_equal(m.kind, RTLINK_NEW);
	assert_int_equal(m.seq, 7);
	assert_int_equal(m.ifindex, 1);
	assert_int_equal(m.type, 772);
	assert_string_equal(m.name, "lo");
	assert_true(m.flags & RTLINK_IFF_LOOPBACK);
	assert_int_equal(rtlink_next(w.b, w.len, &off, &m), 0);
	assert_int_equal(m.kind, RTLINK_NEW);
	assert_int_equal(m.ifindex, 2);
	assert_int_equal(m.type, 1);
	assert_string_equal(m.name, "eth0");
	assert_memory_equal(m.mac, mac1, 6);
	assert_true(m.flags & RTLINK_IFF_UP);
	assert_true(m.flags & RTLINK_IFF_LOWER_UP);
	assert_int_equal(rtlink_next(w.b, w.len, &off, &m), 0);
	assert_int_equal(m.kind, RTLINK_DONE);
	assert_int_equal(off, w.len);
	assert_int_equal(rtlink_next(w.b, w.len, &off, &m), -ENOENT);
}

static void test_error_ack_other(void **state)
{
	struct w w;
	struct rtlink_msg m;
	size_t off = 0;
	int32_t err = -EPERM, ack = 0, odd = 5;

	(void)state;
	memset(&w, 0, sizeof(w));
	w_msg(&w, 2, 9);
	w_put(&w, &err, 4);
	w_put(&w, w.b, 16); /* the request's header, echoed */
	w_end(&w);
	w_msg(&w, 2, 9);
	w_put(&w, &ack, 4);
	w_end(&w);
	w_msg(&w, 2, 9);
	w_put(&w, &odd, 4); /* positive: not an errno the kernel sends */
	w_end(&w);
	w_msg(&w, 1, 9); /* NLMSG_NOOP */
	w_end(&w);
	w_msg(&w, 2, 9); /* an error with no error field */
	w_end(&w);
	assert_int_equal(rtlink_next(w.b, w.len, &off, &m), 0);
	assert_int_equal(m.kind, RTLINK_ERROR);
	assert_int_equal(m.err, -EPERM);
	assert_int_equal(rtlink_next(w.b, w.len, &off, &m), 0);
	assert_int_equal(m.kind, RTLINK_ERROR);
	assert_int_equal(m.err, 0);
	assert_int_equal(rtlink_next(w.b, w.len, &off, &m), 0);
	assert_int_equal(m.err, -EPROTO);
	assert_int_equal(rtlink_next(w.b, w.len, &off, &m), 0);
	assert_int_equal(m.kind, RTLINK_OTHER);
	assert_int_equal(rtlink_next(w.b, w.len, &off, &m), -EBADMSG);
}

static void test_events(void **state)
{
	struct w w;
	struct rtlink_msg m;
	size_t off = 0;

	(void)state;
	memset(&w, 0, sizeof(w));
	w_msg(&w, 16, 0);
	w_ifinfo(&w, 1, 5, 0x1 | 0x40 | 0x10000);
	w_attr(&w, 3, "eth3", 5);
	w_end(&w);
	w_msg(&w, 17, 0);
	w_ifinfo(&w, 1, 6, 0);
	w_end(&w);
	assert_int_equal(rtlink_next(w.b, w.len, &off, &m), 0);
	assert_int_equal(m.kind, RTLINK_NEW);
	assert_int_equal(m.seq, 0);
	assert_int_equal(m.ifindex, 5);
	assert_true(m.flags & RTLINK_IFF_LOWER_UP);
	assert_int_equal(rtlink_next(w.b, w.len, &off, &m), 0);
	assert_int_equal(m.kind, RTLINK_DEL);
	assert_int_equal(m.ifindex, 6);
	assert_string_equal(m.name, "");
}

/* Truncations at every byte of a valid dump: never a read past the end;
 * each prefix reads whole messages, then -EBADMSG or -ENOENT. */
static void test_truncated(void **state)
{
	struct w w;
	size_t cut;

	(void)state;
	dump_two(&w);
	for (cut = 0; cut < w.len; cut++) {
		struct rtlink_msg m;
		size_t off = 0;
		int e, n = 0;

		while (!(e = rtlink_next(w.b, cut, &off, &m)))
			n++;
		assert_true(e == -EBADMSG || e == -ENOENT);
		assert_true(n <= 2);
		assert_true(off <= cut);
	}
}

static void test_bad_lengths(void **state)
{
	struct w w;
	struct rtlink_msg m, pat;
	size_t off;
	uint32_t len;
	uint16_t alen;

	(void)state;
	memset(&pat, 0x5a, sizeof(pat));
	/* message length below the header */
	dump_two(&w);
	len = 8;
	memcpy(w.b, &len, 4);
	off = 0;
	m = pat;
	assert_int_equal(rtlink_next(w.b, w.len, &off, &m), -EBADMSG);
	assert_memory_equal(&m, &pat, sizeof(m));
	assert_int_equal(off, 0);
	/* message length past the buffer */
	dump_two(&w);
	len = (uint32_t)w.len + 4;
	memcpy(w.b, &len, 4);
	off = 0;
	assert_int_equal(rtlink_next(w.b, w.len, &off, &m), -EBADMSG);
	/* a link message too short for its ifinfomsg */
	memset(&w, 0, sizeof(w));
	w_msg(&w, 16, 1);
	w_put(&w, "\0\0\1\0", 4);
	w_end(&w);
	off = 0;
	assert_int_equal(rtlink_next(w.b, w.len, &off, &m), -EBADMSG);
	/* an attribute longer than its message */
	dump_two(&w);
	alen = 200;
	memcpy(w.b + 32, &alen, 2);
	off = 0;
	assert_int_equal(rtlink_next(w.b, w.len, &off, &m), -EBADMSG);
	/* an attribute length below its header */
	dump_two(&w);
	alen = 2;
	memcpy(w.b + 32, &alen, 2);
	off = 0;
	assert_int_equal(rtlink_next(w.b, w.len, &off, &m), -EBADMSG);
	/* ifindex 0 and negative */
	memset(&w, 0, sizeof(w));
	w_msg(&w, 16, 1);
	w_ifinfo(&w, 1, 0, 0);
	w_end(&w);
	off = 0;
	assert_int_equal(rtlink_next(w.b, w.len, &off, &m), -EBADMSG);
	memset(&w, 0, sizeof(w));
	w_msg(&w, 16, 1);
	w_ifinfo(&w, 1, -3, 0);
	w_end(&w);
	off = 0;
	assert_int_equal(rtlink_next(w.b, w.len, &off, &m), -EBADMSG);
}

/* Names: kept only when 1..15 bytes, NUL-terminated inside the attribute,
 * printable without '/', not "." or "..".  A MAC of another length is
 * not a MAC. */
static void test_names_and_macs(void **state)
{
	static const struct {
		const char *bytes;
		uint16_t n;
		const char *want;
	} rows[] = {
		{ "eth0", 5, "eth0" },
		{ "eth0\0junk", 10, "eth0" },
		{ "eth0", 4, "" },                 /* no NUL */
		{ "", 1, "" },                     /* empty */
		{ "abcdefghijklmno", 16, "abcdefghijklmno" },
		{ "abcdefghijklmnop", 17, "" },    /* 16 bytes */
		{ "a/b", 4, "" },
		{ "a b", 4, "" },
		{ "a\nb", 4, "" },
		{ "a\x7f", 3, "" },
		{ ".", 2, "" },
		{ "..", 3, "" },
		{ "...", 4, "..." },
		{ "w\xc3\xa9", 4, "w\xc3\xa9" },  /* the kernel allows 8-bit names */
	};
	static const uint8_t mac8[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct w w;
		struct rtlink_msg m;
		size_t off = 0;

		memset(&w, 0, sizeof(w));
		w_msg(&w, 16, 1);
		w_ifinfo(&w, 1, 3, 0);
		w_attr(&w, 3, rows[i].bytes, rows[i].n);
		w_attr(&w, 1, mac8, 8);
		w_end(&w);
		assert_int_equal(rtlink_next(w.b, w.len, &off, &m), 0);
		assert_string_equal(m.name, rows[i].want);
		assert_memory_equal(m.mac, "\0\0\0\0\0\0", 6);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_request),
		cmocka_unit_test(test_up_request),
		cmocka_unit_test(test_dump),
		cmocka_unit_test(test_error_ack_other),
		cmocka_unit_test(test_events),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_bad_lengths),
		cmocka_unit_test(test_names_and_macs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

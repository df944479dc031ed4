/*
 * test-dhcp-fsm.c - the DHCPv4 client state machine on a fake clock:
 * DISCOVER / OFFER / REQUEST / ACK (the first DISCOVER in the START step:
 * no startup delay), rapid commit, NAK and restart with a
 * new xid, the retransmission schedule and its jitter bounds for several
 * rnd values, REQUEST exhaustion, outcome strings, and every impossible
 * (state, event) pair.  Server frames come from dhcp-fixture.h.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "dhcp-fixture.h"
#include "dhcp-fsm.h"

#define OTHER_SERVER 0x0a000002u

static void fsm_new(struct dhcp_fsm *fsm, bool rapid)
{
	struct dhcp_config cfg = { .rapid_commit = rapid,
				   .hostname = "live-01",
				   .vendor_class = "netboot" };

	memcpy(cfg.mac, fx_mac, 6);
	assert_int_equal(dhcp_fsm_init(fsm, &cfg), 0);
	assert_int_equal(fsm->state, DHCP_STATE_IDLE);
}

static struct dhcp_action step(struct dhcp_fsm *fsm, enum dhcp_event ev,
			       const uint8_t *pkt, size_t len, uint64_t now,
			       uint32_t rnd)
{
	struct dhcp_action a;

	assert_int_equal(dhcp_fsm_step(fsm, ev, pkt, len, now, rnd, &a), 0);
	return a;
}

/* Server reply: type, yiaddr, server id (0 = none), option 80, message. */
static size_t reply(uint8_t *b, uint32_t xid, uint8_t type, uint32_t yiaddr,
		    uint32_t sid, bool rapid)
{
	uint8_t o[32];
	size_t n = 0;
	struct fx f = { .xid = xid, .yiaddr = yiaddr };

	o[n++] = 53, o[n++] = 1, o[n++] = type;
	if (sid) {
		o[n++] = 54, o[n++] = 4;
		fx_put32(o + n, sid);
		n += 4;
	}
	if (rapid)
		o[n++] = 80, o[n++] = 0;
	if (type == 6) {
		o[n++] = 56, o[n++] = 3;
		memcpy(o + n, "bad", 3);
		n += 3;
	}
	o[n++] = 51, o[n++] = 4;
	fx_put32(o + n, 600);
	n += 4;
	o[n++] = 255;
	f.opts = o;
	f.optlen = n;
	return fx_frame(b, &f);
}

/* Option 53 and the xid of a frame we sent. */
static uint8_t sent_type(const struct dhcp_action *a)
{
	assert_int_equal(a->kind, DHCP_ACT_SEND);
	assert_true(a->len > 28 + 243);
	assert_int_equal(a->pkt[28 + 240], 53);
	return a->pkt[28 + 242];
}

static uint32_t sent_xid(const struct dhcp_action *a)
{
	return fx_get32(a->pkt + 32);
}

static int sent_has(const struct dhcp_action *a, uint8_t code,
		    uint32_t *v4)
{
	size_t i = 28 + 240;

	while (i < a->len && a->pkt[i] != 255) {
		if (a->pkt[i] == code) {
			if (v4 && a->pkt[i + 1] == 4)
				*v4 = fx_get32(a->pkt + i + 2);
			return 1;
		}
		i += a->pkt[i] ? 2u + a->pkt[i + 1] : 1u;
	}
	return 0;
}

/* START at t0: the first DISCOVER, with xid, goes out at once. */
static struct dhcp_action to_selecting(struct dhcp_fsm *fsm, uint64_t t0,
				       uint32_t xid)
{
	struct dhcp_action a = step(fsm, DHCP_EV_START, NULL, 0, t0, xid);

	assert_int_equal(sent_type(&a), 1);
	assert_int_equal(sent_xid(&a), xid);
	assert_int_equal(fsm->state, DHCP_STATE_SELECTING);
	return a;
}

/* Expected wait after the n-th transmission, per the documented formula. */
static uint64_t want_wait(unsigned n, uint32_t r)
{
	uint32_t base = n >= 3 ? 8000 : 1000u << n;

	return base / 2 + r % (base + 1);
}

/* Expected wait after START's DISCOVER. */
static uint64_t first_wait(uint32_t r)
{
	return DHCP_RETX_FIRST_MS / 2 + r % (DHCP_RETX_FIRST_MS + 1);
}

static uint32_t fmix32(uint32_t x)
{
	x ^= x >> 16;
	x *= 0x85ebca6bu;
	x ^= x >> 13;
	x *= 0xc2b2ae35u;
	x ^= x >> 16;
	return x;
}

static void test_dora(void **state)
{
	struct dhcp_fsm fsm;
	struct dhcp_action a;
	uint8_t b[FX_BUF];
	uint64_t fsm_deadline;
	uint32_t v = 0;
	size_t len;

	(void)state;
	fsm_new(&fsm, false);
	assert_string_equal(dhcp_fsm_outcome(&fsm), "not started");
	/* START sends the first DISCOVER at once: no startup delay. */
	a = step(&fsm, DHCP_EV_START, NULL, 0, 10000, FX_XID);
	assert_int_equal(sent_type(&a), 1);
	assert_int_equal(sent_xid(&a), FX_XID);
	assert_int_equal((a.pkt[36] << 8 | a.pkt[37]), 0); /* secs */
	assert_false(sent_has(&a, 80, NULL));
	assert_true(sent_has(&a, 12, NULL));
	assert_int_equal(fsm.state, DHCP_STATE_SELECTING);
	assert_int_equal(fsm.start_ms, 10000);
	/* START's DISCOVER is repeated soon (100-300 ms) */
	assert_true(a.deadline_ms >= 10000 + 100 &&
		    a.deadline_ms <= 10000 + 300);
	assert_int_equal(fsm.n_discover, 1);
	assert_string_equal(dhcp_fsm_outcome(&fsm), "no reply");
	/* An early wake-up changes nothing. */
	fsm_deadline = a.deadline_ms;
	a = step(&fsm, DHCP_EV_TIMER, NULL, 0, fsm_deadline - 1, 1);
	assert_int_equal(a.kind, DHCP_ACT_NONE);
	assert_int_equal(a.deadline_ms, fsm_deadline);
	/* The retransmission: same xid, secs counted from START. */
	a = step(&fsm, DHCP_EV_TIMER, NULL, 0, 12150, 1234);
	assert_int_equal(sent_type(&a), 1);
	assert_int_equal(sent_xid(&a), FX_XID);
	assert_int_equal((a.pkt[36] << 8 | a.pkt[37]), 2); /* secs */
	assert_true(a.deadline_ms >= 12150 + 1000 &&
		    a.deadline_ms <= 12150 + 3000);
	assert_int_equal(fsm.n_discover, 2);

	len = reply(b, FX_XID, 2, FX_YIADDR, FX_SERVER, false);
	a = step(&fsm, DHCP_EV_RX, b, len, 12300, 0);
	assert_int_equal(a.rx_err, 0);
	assert_int_equal(sent_type(&a), 3);
	assert_int_equal(sent_xid(&a), FX_XID);
	assert_int_equal((a.pkt[36] << 8 | a.pkt[37]), 2); /* DISCOVER's */
	assert_true(sent_has(&a, 50, &v));
	assert_int_equal(v, FX_YIADDR);
	assert_true(sent_has(&a, 54, &v));
	assert_int_equal(v, FX_SERVER);
	assert_int_equal(a.deadline_ms, 12300 + 500); /* rnd 0: low end */
	assert_int_equal(fsm.state, DHCP_STATE_REQUESTING);
	assert_true(fsm.n_offer > 0);
	assert_int_equal(fsm.offer_server, FX_SERVER);
	assert_string_equal(dhcp_fsm_outcome(&fsm), "offer but no ACK");

	/* A second OFFER (another server) is ignored now. */
	len = reply(b, FX_XID, 2, FX_YIADDR + 1, OTHER_SERVER, false);
	a = step(&fsm, DHCP_EV_RX, b, len, 12400, 0);
	assert_int_equal(a.kind, DHCP_ACT_NONE);
	assert_int_equal(a.deadline_ms, 12800);

	len = reply(b, FX_XID, 5, FX_YIADDR, FX_SERVER, false);
	a = step(&fsm, DHCP_EV_RX, b, len, 12500, 0);
	assert_int_equal(a.kind, DHCP_ACT_BOUND);
	assert_int_equal(a.deadline_ms, DHCP_NO_DEADLINE);
	assert_ptr_equal(a.lease, &fsm.lease);
	assert_int_equal(a.lease->yiaddr, FX_YIADDR);
	assert_int_equal(a.lease->server_id, FX_SERVER);
	assert_int_equal(a.lease->lease_time, 600);
	assert_false(a.lease->rapid_commit);
	assert_int_equal(fsm.state, DHCP_STATE_BOUND);
	assert_string_equal(dhcp_fsm_outcome(&fsm), "bound");
	assert_string_equal(dhcp_state_name[fsm.state], "BOUND");

	/* A duplicate ACK in BOUND is ignored. */
	a = step(&fsm, DHCP_EV_RX, b, len, 12600, 0);
	assert_int_equal(a.kind, DHCP_ACT_NONE);
	assert_int_equal(a.deadline_ms, DHCP_NO_DEADLINE);
}

static void test_rapid_commit(void **state)
{
	struct dhcp_fsm fsm;
	struct dhcp_action a;
	uint8_t b[FX_BUF];
	size_t len;

	(void)state;
	fsm_new(&fsm, true);
	a = to_selecting(&fsm, 0, 0x11111111);
	assert_true(sent_has(&a, 80, NULL));
	/* RFC 4039: an ACK without 80 in SELECTING is discarded. */
	len = reply(b, 0x11111111, 5, FX_YIADDR, FX_SERVER, false);
	a = step(&fsm, DHCP_EV_RX, b, len, 100, 0);
	assert_int_equal(a.kind, DHCP_ACT_NONE);
	assert_int_equal(fsm.state, DHCP_STATE_SELECTING);
	/* An ACK with 80 but yiaddr 0 is not a lease. */
	len = reply(b, 0x11111111, 5, 0, FX_SERVER, true);
	a = step(&fsm, DHCP_EV_RX, b, len, 100, 0);
	assert_int_equal(a.kind, DHCP_ACT_NONE);
	len = reply(b, 0x11111111, 5, FX_YIADDR, FX_SERVER, true);
	a = step(&fsm, DHCP_EV_RX, b, len, 150, 0);
	assert_int_equal(a.kind, DHCP_ACT_BOUND);
	assert_true(a.lease->rapid_commit);
	assert_int_equal(a.lease->yiaddr, FX_YIADDR);
	assert_int_equal(fsm.offer_server, FX_SERVER);
	assert_int_equal(fsm.n_request, 0);
	assert_int_equal(fsm.n_offer, 0);
}

/* Rapid commit not asked for: an ACK with 80 is ignored, OFFER works.
 * Asked for, but the server only OFFERs: the normal path still works. */
static void test_rapid_not_used(void **state)
{
	struct dhcp_fsm fsm;
	struct dhcp_action a;
	uint8_t b[FX_BUF];
	size_t len;
	int rapid;

	(void)state;
	for (rapid = 0; rapid < 2; rapid++) {
		fsm_new(&fsm, rapid);
		to_selecting(&fsm, 0, 0x2222);
		if (!rapid) {
			len = reply(b, 0x2222, 5, FX_YIADDR, FX_SERVER, true);
			a = step(&fsm, DHCP_EV_RX, b, len, 10, 0);
			assert_int_equal(a.kind, DHCP_ACT_NONE);
		}
		len = reply(b, 0x2222, 2, FX_YIADDR, FX_SERVER, false);
		a = step(&fsm, DHCP_EV_RX, b, len, 20, 0);
		assert_int_equal(sent_type(&a), 3);
		assert_false(sent_has(&a, 80, NULL));
		len = reply(b, 0x2222, 5, FX_YIADDR, 0, false);
		a = step(&fsm, DHCP_EV_RX, b, len, 30, 0);
		assert_int_equal(a.kind, DHCP_ACT_BOUND);
		/* ACK without 54: the OFFER's server id is kept. */
		assert_int_equal(a.lease->server_id, FX_SERVER);
		assert_false(a.lease->rapid_commit);
	}
}

static void test_nak_restart(void **state)
{
	struct dhcp_fsm fsm;
	struct dhcp_action a;
	uint8_t b[FX_BUF];
	size_t len;
	uint32_t xid = 0x33333333;

	(void)state;
	fsm_new(&fsm, false);
	to_selecting(&fsm, 0, xid);
	len = reply(b, xid, 2, FX_YIADDR, FX_SERVER, false);
	a = step(&fsm, DHCP_EV_RX, b, len, 100, 0);
	assert_int_equal(fsm.state, DHCP_STATE_REQUESTING);
	/* A NAK naming another server is not about our REQUEST. */
	len = reply(b, xid, 6, 0, OTHER_SERVER, false);
	a = step(&fsm, DHCP_EV_RX, b, len, 200, 0);
	assert_int_equal(a.kind, DHCP_ACT_NONE);
	assert_int_equal(fsm.n_nak, 0);
	/* Neither is an ACK from another server. */
	len = reply(b, xid, 5, FX_YIADDR, OTHER_SERVER, false);
	a = step(&fsm, DHCP_EV_RX, b, len, 200, 0);
	assert_int_equal(a.kind, DHCP_ACT_NONE);
	assert_int_equal(fsm.state, DHCP_STATE_REQUESTING);

	len = reply(b, xid, 6, 0, FX_SERVER, false);
	a = step(&fsm, DHCP_EV_RX, b, len, 300, 1000);
	assert_int_equal(a.kind, DHCP_ACT_NONE);
	assert_int_equal(fsm.state, DHCP_STATE_INIT);
	assert_true(fsm.n_nak > 0);
	assert_int_equal(fsm.n_nak, 1);
	assert_int_equal(fsm.n_restart, 1);
	assert_string_equal(fsm.nak_message, "bad");
	assert_string_equal(dhcp_fsm_outcome(&fsm), "NAK from server");
	assert_int_equal(a.deadline_ms, 300 + 500 + 1000);
	/* A late reply while waiting in INIT is ignored. */
	a = step(&fsm, DHCP_EV_RX, b, len, 400, 0);
	assert_int_equal(a.kind, DHCP_ACT_NONE);
	assert_int_equal(a.deadline_ms, 1800);
	/* The restart picks a new xid even when rnd repeats the old one;
	 * its DISCOVER waits the usual 0.5-1.5 s, not START's 100-300 ms. */
	a = step(&fsm, DHCP_EV_TIMER, NULL, 0, 1800, xid);
	assert_int_equal(sent_type(&a), 1);
	assert_int_not_equal(sent_xid(&a), xid);
	assert_int_equal(a.deadline_ms - 1800, want_wait(0, fmix32(xid)));
	assert_int_equal(fsm.xid, sent_xid(&a));
	assert_int_equal(fsm.state, DHCP_STATE_SELECTING);
	/* Replies to the old xid are now foreign. */
	len = reply(b, xid, 2, FX_YIADDR, FX_SERVER, false);
	a = step(&fsm, DHCP_EV_RX, b, len, 1900, 0);
	assert_int_equal(a.rx_err, -ENOMSG);
	assert_int_equal(fsm.n_rx_foreign, 1);
	/* The server that NAKed waits DHCP_AVOID_MS after the new DISCOVER
	 * (sent at 1800), so another server can win ... */
	len = reply(b, fsm.xid, 2, FX_YIADDR, FX_SERVER, false);
	a = step(&fsm, DHCP_EV_RX, b, len, 2000, 0);
	assert_int_equal(a.kind, DHCP_ACT_NONE);
	assert_int_equal(fsm.state, DHCP_STATE_SELECTING);
	assert_int_equal(fsm.n_offer_avoided, 1);
	/* ... after which it is taken again. */
	a = step(&fsm, DHCP_EV_RX, b, len, 1800 + DHCP_AVOID_MS, 0);
	assert_int_equal(fsm.state, DHCP_STATE_REQUESTING);
	/* A new xid from a new rnd is simply rnd. */
	len = reply(b, fsm.xid, 6, 0, FX_SERVER, false);
	a = step(&fsm, DHCP_EV_RX, b, len, 4000, 0);
	a = step(&fsm, DHCP_EV_TIMER, NULL, 0, a.deadline_ms, 0x4444);
	assert_int_equal(sent_xid(&a), 0x4444);
	assert_int_equal(fsm.n_restart, 2);
	assert_int_equal(fsm.n_avoid, 1); /* the same server, once */
}

/* Our server acknowledging another address than it offered is broken:
 * back to INIT at once, that server avoided. */
static void test_ack_other_address(void **state)
{
	struct dhcp_fsm fsm;
	struct dhcp_action a;
	uint8_t b[FX_BUF];
	size_t len;
	uint32_t xid = 0x12121212;

	(void)state;
	fsm_new(&fsm, false);
	to_selecting(&fsm, 0, xid);
	len = reply(b, xid, 2, FX_YIADDR, FX_SERVER, false);
	step(&fsm, DHCP_EV_RX, b, len, 100, 0);
	len = reply(b, xid, 5, FX_YIADDR + 1, FX_SERVER, false);
	a = step(&fsm, DHCP_EV_RX, b, len, 200, 0);
	assert_int_equal(a.kind, DHCP_ACT_NONE);
	assert_int_equal(fsm.state, DHCP_STATE_INIT);
	assert_int_equal(fsm.n_restart, 1);
	assert_int_equal(fsm.n_rx_bad, 1);
	assert_int_equal(fsm.avoid[0], FX_SERVER);
}

/* A lease the caller rejects sends the fsm back to INIT, its server
 * avoided; only a BOUND fsm can reject. */
static void test_reject(void **state)
{
	struct dhcp_fsm fsm;
	struct dhcp_action a;
	uint8_t b[FX_BUF];
	size_t len;
	uint32_t xid = 0x77777777;

	(void)state;
	fsm_new(&fsm, false);
	assert_int_equal(dhcp_fsm_reject(&fsm, 0, 0, &a), -EINVAL);
	to_selecting(&fsm, 0, xid);
	assert_int_equal(dhcp_fsm_reject(&fsm, 0, 0, &a), -EINVAL);
	len = reply(b, xid, 2, FX_YIADDR, FX_SERVER, false);
	step(&fsm, DHCP_EV_RX, b, len, 100, 0);
	len = reply(b, xid, 5, FX_YIADDR, FX_SERVER, false);
	a = step(&fsm, DHCP_EV_RX, b, len, 200, 0);
	assert_int_equal(a.kind, DHCP_ACT_BOUND);
	assert_int_equal(dhcp_fsm_reject(&fsm, 300, 0, &a), 0);
	assert_int_equal(fsm.state, DHCP_STATE_INIT);
	assert_int_equal(a.deadline_ms, 300 + 500);
	assert_int_equal(fsm.n_avoid, 1);
	assert_int_equal(fsm.avoid[0], FX_SERVER);
	assert_int_equal(fsm.lease.yiaddr, 0);
}

/* After a NAK, another server's OFFER wins at once. */
static void test_nak_prefers_other_server(void **state)
{
	struct dhcp_fsm fsm;
	struct dhcp_action a;
	uint8_t b[FX_BUF];
	size_t len;
	uint32_t xid = 0x55555555;

	(void)state;
	fsm_new(&fsm, false);
	to_selecting(&fsm, 0, xid);
	len = reply(b, xid, 2, FX_YIADDR, FX_SERVER, false);
	step(&fsm, DHCP_EV_RX, b, len, 100, 0);
	len = reply(b, xid, 6, 0, FX_SERVER, false);
	a = step(&fsm, DHCP_EV_RX, b, len, 200, 0);
	assert_int_equal(fsm.state, DHCP_STATE_INIT);
	a = step(&fsm, DHCP_EV_TIMER, NULL, 0, a.deadline_ms, 0x6666);
	assert_int_equal(fsm.state, DHCP_STATE_SELECTING);
	/* the NAKing server answers first again: held back */
	len = reply(b, 0x6666, 2, FX_YIADDR, FX_SERVER, false);
	a = step(&fsm, DHCP_EV_RX, b, len, a.deadline_ms - 1, 0);
	assert_int_equal(fsm.state, DHCP_STATE_SELECTING);
	/* another server's offer is taken */
	len = reply(b, 0x6666, 2, FX_YIADDR + 7, OTHER_SERVER, false);
	a = step(&fsm, DHCP_EV_RX, b, len, fsm.deadline_ms - 1, 0);
	assert_int_equal(fsm.state, DHCP_STATE_REQUESTING);
	assert_int_equal(fsm.offer_server, OTHER_SERVER);
	assert_int_equal(fsm.req_ip, FX_YIADDR + 7);
}

static void test_backoff_schedule(void **state)
{
	static const uint32_t rnds[] = { 0, 1, 500, 1000, 0x7fffffff,
					 0xffffffff, 0x9e3779b9 };
	static const uint64_t lo[] = { 500, 1000, 2000, 4000, 4000, 4000 };
	static const uint64_t hi[] = { 1500, 3000, 6000, 12000, 12000, 12000 };
	struct dhcp_fsm fsm;
	struct dhcp_action a;
	uint64_t now, prev_deadline = 0;
	size_t i;
	unsigned n;

	(void)state;
	for (i = 0; i < sizeof(rnds) / sizeof(rnds[0]); i++) {
		fsm_new(&fsm, false);
		a = to_selecting(&fsm, 0, 0x5555);
		for (n = 1; n < 6; n++) {
			uint64_t wait;

			/* retransmit n: same xid, fresh secs */
			now = a.deadline_ms;
			a = step(&fsm, DHCP_EV_TIMER, NULL, 0, now, rnds[i]);
			assert_int_equal(sent_type(&a), 1);
			assert_int_equal(sent_xid(&a), 0x5555);
			assert_int_equal((a.pkt[36] << 8 | a.pkt[37]),
					 now / 1000);
			wait = a.deadline_ms - now;
			if (wait < lo[n] || wait > hi[n] ||
			    wait != want_wait(n, rnds[i]))
				fail_msg("rnd %#x n %u: wait %llu", rnds[i], n,
					 (unsigned long long)wait);
		}
		assert_int_equal(fsm.n_discover, 6);
		assert_string_equal(dhcp_fsm_outcome(&fsm), "no reply");
		/* Different rnd values: different schedules (no lockstep). */
		assert_int_not_equal(a.deadline_ms, prev_deadline);
		prev_deadline = a.deadline_ms;
	}
	/* The bounds are reached: rnd 0 gives base/2, rnd = base gives 1.5x. */
	assert_int_equal(want_wait(0, 0), 500);
	assert_int_equal(want_wait(0, 1000), 1500);
	/* The first wait uses murmur3 fmix32(rnd): rnd itself was the xid. */
	fsm_new(&fsm, false);
	a = to_selecting(&fsm, 5000, 0x5555);
	assert_int_equal(a.deadline_ms, 5000 + first_wait(fmix32(0x5555)));
	assert_int_not_equal(a.deadline_ms, 5000 + first_wait(0x5555));
	/* secs saturates at 0xffff. */
	a = step(&fsm, DHCP_EV_TIMER, NULL, 0, 5000 + 70000000ull, 0);
	assert_int_equal((a.pkt[36] << 8 | a.pkt[37]), 0xffff);
}

/* No startup delay: START sends the first DISCOVER in the same step, for
 * any rnd (the xid), and only the wait after it is jittered: 100-300 ms
 * (DHCP_RETX_FIRST_MS +-50%) from mix32(rnd), so two clients started
 * together with different rnd retransmit apart; the one after that is
 * the usual 1-3 s (n = 1). */
static void test_start_sends_at_once(void **state)
{
	static const uint32_t rnds[] = { 0, 100, 101, 0x5555, 0xffffffff };
	struct dhcp_fsm fsm;
	struct dhcp_action a;
	uint64_t prev = 0;
	bool spread = false;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rnds) / sizeof(rnds[0]); i++) {
		fsm_new(&fsm, i % 2);
		a = step(&fsm, DHCP_EV_START, NULL, 0, 1000, rnds[i]);
		assert_int_equal(sent_type(&a), 1);
		assert_int_equal(sent_xid(&a), rnds[i]);
		assert_int_equal((a.pkt[36] << 8 | a.pkt[37]), 0);
		assert_int_equal(sent_has(&a, 80, NULL), i % 2);
		assert_int_equal(fsm.state, DHCP_STATE_SELECTING);
		assert_int_equal(fsm.tries, 1);
		assert_int_equal(fsm.n_discover, 1);
		assert_int_equal(a.deadline_ms,
				 1000 + first_wait(fmix32(rnds[i])));
		assert_true(a.deadline_ms >= 1100 && a.deadline_ms <= 1300);
		if (i && a.deadline_ms != prev)
			spread = true;
		prev = a.deadline_ms;
		a = step(&fsm, DHCP_EV_TIMER, NULL, 0, a.deadline_ms, 7);
		assert_int_equal(sent_type(&a), 1);
		assert_int_equal(sent_xid(&a), rnds[i]);
		assert_int_equal(a.deadline_ms - prev, want_wait(1, 7));
	}
	assert_true(spread); /* not every client retransmits at once */
}

/* REQUESTs stop after DHCP_REQUEST_TRIES; the client restarts. */
static void test_request_timeout(void **state)
{
	struct dhcp_fsm fsm;
	struct dhcp_action a;
	uint8_t b[FX_BUF];
	size_t len;
	unsigned n;

	(void)state;
	fsm_new(&fsm, false);
	to_selecting(&fsm, 0, 0x6666);
	len = reply(b, 0x6666, 2, FX_YIADDR, FX_SERVER, false);
	a = step(&fsm, DHCP_EV_RX, b, len, 100, 3);
	for (n = 1; n < DHCP_REQUEST_TRIES; n++) {
		uint64_t now = a.deadline_ms;

		a = step(&fsm, DHCP_EV_TIMER, NULL, 0, now, 7);
		assert_int_equal(sent_type(&a), 3);
		assert_int_equal(a.deadline_ms - now, want_wait(n, 7));
	}
	assert_int_equal(fsm.n_request, DHCP_REQUEST_TRIES);
	a = step(&fsm, DHCP_EV_TIMER, NULL, 0, a.deadline_ms, 9);
	assert_int_equal(a.kind, DHCP_ACT_NONE);
	assert_int_equal(fsm.state, DHCP_STATE_INIT);
	assert_int_equal(fsm.n_restart, 1);
	assert_int_equal(fsm.n_nak, 0);
	assert_string_equal(dhcp_fsm_outcome(&fsm), "offer but no ACK");
	a = step(&fsm, DHCP_EV_TIMER, NULL, 0, a.deadline_ms, 0x7777);
	assert_int_equal(sent_type(&a), 1);
	assert_int_equal(fsm.n_discover, 2);
}

/* Offers that cannot be used, malformed frames, the NOCSUM event. */
static void test_rx_filtering(void **state)
{
	static const uint32_t bad_yi[] = { 0, 0x7f000001u, 0xe0000001u,
					   0xffffffffu };
	struct dhcp_fsm fsm;
	struct dhcp_action a;
	uint8_t b[FX_BUF];
	size_t len, i;

	(void)state;
	fsm_new(&fsm, false);
	to_selecting(&fsm, 0, 0x8888);
	for (i = 0; i < 4; i++) {
		len = reply(b, 0x8888, 2, bad_yi[i], FX_SERVER, false);
		a = step(&fsm, DHCP_EV_RX, b, len, 10, 0);
		assert_int_equal(a.kind, DHCP_ACT_NONE);
		assert_int_equal(a.rx_err, 0);
	}
	len = reply(b, 0x8888, 2, FX_YIADDR, 0, false); /* no 54 */
	a = step(&fsm, DHCP_EV_RX, b, len, 10, 0);
	assert_int_equal(a.kind, DHCP_ACT_NONE);
	len = reply(b, 0x8888, 6, 0, FX_SERVER, false); /* NAK: ignored */
	a = step(&fsm, DHCP_EV_RX, b, len, 10, 0);
	assert_int_equal(a.kind, DHCP_ACT_NONE);
	assert_int_equal(fsm.n_nak, 0);
	assert_int_equal(fsm.n_offer, 0);
	assert_int_equal(fsm.n_offer, 0);

	/* Malformed: counted, reported, deadline kept. */
	len = reply(b, 0x8888, 2, FX_YIADDR, FX_SERVER, false);
	fx_put16(b + 26, 0x1234); /* UDP checksum left to offload */
	a = step(&fsm, DHCP_EV_RX, b, len, 10, 0);
	assert_int_equal(a.rx_err, -EBADMSG);
	assert_int_equal(a.kind, DHCP_ACT_NONE);
	assert_int_equal(a.deadline_ms, fsm.deadline_ms);
	assert_int_equal(fsm.n_rx_bad, 1);
	assert_string_equal(dhcp_fsm_outcome(&fsm), "only malformed replies");
	/* The kernel said the checksum was not filled in: accepted. */
	a = step(&fsm, DHCP_EV_RX_NOCSUM, b, len, 10, 0);
	assert_int_equal(a.rx_err, 0);
	assert_int_equal(sent_type(&a), 3);
}

static void test_impossible(void **state)
{
	static const struct {
		const char *what;
		enum dhcp_state st;
		enum dhcp_event ev;
	} rows[] = {
		{ "IDLE TIMER", DHCP_STATE_IDLE, DHCP_EV_TIMER },
		{ "IDLE RX", DHCP_STATE_IDLE, DHCP_EV_RX },
		{ "IDLE RX_NOCSUM", DHCP_STATE_IDLE, DHCP_EV_RX_NOCSUM },
		{ "INIT START", DHCP_STATE_INIT, DHCP_EV_START },
		{ "SELECTING START", DHCP_STATE_SELECTING, DHCP_EV_START },
		{ "REQUESTING START", DHCP_STATE_REQUESTING, DHCP_EV_START },
		{ "BOUND START", DHCP_STATE_BOUND, DHCP_EV_START },
		{ "BOUND TIMER", DHCP_STATE_BOUND, DHCP_EV_TIMER },
		{ "bad event", DHCP_STATE_SELECTING, DHCP_EV_MAX },
		{ "bad state", DHCP_STATE_MAX, DHCP_EV_TIMER },
	};
	struct dhcp_fsm fsm, snap;
	struct dhcp_action a;
	uint8_t b[FX_BUF];
	size_t i, len = reply(b, 1, 2, FX_YIADDR, FX_SERVER, false);

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		fsm_new(&fsm, false);
		fsm.state = rows[i].st;
		memcpy(&snap, &fsm, sizeof(snap));
		memset(&a, 0xee, sizeof(a));
		if (dhcp_fsm_step(&fsm, rows[i].ev, b, len, 5000, 1, &a) !=
		    -EINVAL)
			fail_msg("%s accepted", rows[i].what);
		assert_memory_equal(&fsm, &snap, sizeof(fsm));
		assert_int_equal(a.len, (size_t)0xeeeeeeeeeeeeeeeeull);
	}
	fsm_new(&fsm, false);
	assert_int_equal(dhcp_fsm_step(NULL, DHCP_EV_START, NULL, 0, 0, 0, &a),
			 -EINVAL);
	assert_int_equal(dhcp_fsm_step(&fsm, DHCP_EV_START, NULL, 0, 0, 0,
				       NULL), -EINVAL);
	step(&fsm, DHCP_EV_START, NULL, 0, 0, 0);
	assert_int_equal(dhcp_fsm_step(&fsm, DHCP_EV_RX, NULL, 10, 0, 0, &a),
			 -EINVAL);
}

static void test_init_errors(void **state)
{
	struct dhcp_config cfg = { .hostname = "ok" };
	struct dhcp_fsm fsm;

	(void)state;
	assert_int_equal(dhcp_fsm_init(NULL, &cfg), -EINVAL);
	assert_int_equal(dhcp_fsm_init(&fsm, NULL), -EINVAL);
	cfg.hostname = "a\nb";
	assert_int_equal(dhcp_fsm_init(&fsm, &cfg), -EINVAL);
	cfg.hostname = "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz"
		       "abcdefghijkl"; /* 64 */
	assert_int_equal(dhcp_fsm_init(&fsm, &cfg), -EINVAL);
	cfg.hostname = cfg.hostname + 1; /* 63 */
	assert_int_equal(dhcp_fsm_init(&fsm, &cfg), 0);
	cfg.vendor_class = "x\x7f";
	assert_int_equal(dhcp_fsm_init(&fsm, &cfg), -EINVAL);
}

static void test_names(void **state)
{
	unsigned i;

	(void)state;
	for (i = 0; i < DHCP_STATE_MAX; i++)
		assert_non_null(dhcp_state_name[i]);
	for (i = 0; i < DHCP_EV_MAX; i++)
		assert_non_null(dhcp_event_name[i]);
	for (i = 0; i < DHCP_MSG_TYPE_MAX; i++)
		assert_non_null(dhcp_msg_type_name[i]);
	assert_string_equal(dhcp_state_name[DHCP_STATE_REQUESTING],
			    "REQUESTING");
	assert_string_equal(dhcp_event_name[DHCP_EV_RX_NOCSUM], "RX_NOCSUM");
	assert_string_equal(dhcp_fsm_outcome(NULL), "not started");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dora),
		cmocka_unit_test(test_rapid_commit),
		cmocka_unit_test(test_rapid_not_used),
		cmocka_unit_test(test_nak_restart),
		cmocka_unit_test(test_nak_prefers_other_server),
		cmocka_unit_test(test_reject),
		cmocka_unit_test(test_ack_other_address),
		cmocka_unit_test(test_backoff_schedule),
		cmocka_unit_test(test_start_sends_at_once),
		cmocka_unit_test(test_request_timeout),
		cmocka_unit_test(test_rx_filtering),
		cmocka_unit_test(test_impossible),
		cmocka_unit_test(test_init_errors),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

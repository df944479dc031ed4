/*
 * fuzz-dhcp-fsm.c - the DHCP client state machine (core/dhcp-fsm.c) under
 * random event sequences.
 *
 * Input: a sequence of 8-byte events: op, then 7 argument bytes.
 *   op % 8: 0 TIMER at the deadline; 1 TIMER early or late by a few ms;
 *   2 OFFER, 3 ACK (with or without rapid commit), 4 NAK, built for the
 *   fsm's own xid and MAC (or, by an argument bit, another) with the
 *   argument bytes as yiaddr / server id / lease time; 5 a frame of raw
 *   argument bytes; 6 the edge rejects a bound lease (dhcp_fsm_reject); 7
 *   a link flap (init + START again).
 * Invariants, after every step that returns 0 (abort() otherwise):
 *  - the action's deadline is the fsm's; no deadline in the past; unless
 *    BOUND, a deadline within 12 s (retransmissions are capped at 8 s
 *    +50%); BOUND has none;
 *  - retries are bounded: REQUESTING never sends more than
 *    DHCP_REQUEST_TRIES REQUESTs for one OFFER;
 *  - a SEND hands over the fsm's own buffer, non-empty;
 *  - a bound address is usable: not 0, not 127/8, not multicast, not
 *    broadcast, and BOUND says which server gave it.
 * Note: a lease time of 0 in an ACK is accepted as the server's word (the
 * hostile tier's "values" case expects it); it is not an invariant here.
 */
#include <errno.h>
#include <string.h>

#include "dhcp-fsm.h"
#include "fuzz.h"

static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

static void put16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v & 0xffff);
}

/* A reply frame (IP on; UDP checksum 0: none), its length. */
static size_t reply(uint8_t *b, uint8_t type, uint32_t xid, const uint8_t *chaddr,
		    uint32_t yiaddr, uint32_t server, uint32_t lease, int rapid)
{
	uint8_t *p = b + 28, *o = p + 240;
	size_t n = 0, blen, i;
	uint32_t sum = 0;

	memset(b, 0, 600);
	o[n++] = 53; o[n++] = 1; o[n++] = type;
	if (server) {
		o[n++] = 54; o[n++] = 4; put32(o + n, server); n += 4;
	}
	o[n++] = 51; o[n++] = 4; put32(o + n, lease); n += 4;
	o[n++] = 1; o[n++] = 4; put32(o + n, 0xffffff00u); n += 4;
	if (rapid) {
		o[n++] = 80; o[n++] = 0;
	}
	o[n++] = 255;
	blen = 240 + n;
	b[0] = 0x45;
	put16(b + 2, (uint32_t)(28 + blen));
	b[8] = 64;
	b[9] = 17;
	put32(b + 12, server ? server : 0x0a000001u);
	put32(b + 16, 0xffffffffu);
	for (i = 0; i < 20; i += 2)
		sum += (uint32_t)b[i] << 8 | b[i + 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	put16(b + 10, ~sum & 0xffff);
	put16(b + 20, 67);
	put16(b + 22, 68);
	put16(b + 24, (uint32_t)(8 + blen));
	p[0] = 2;
	p[1] = 1;
	p[2] = 6;
	put32(p + 4, xid);
	put32(p + 16, yiaddr);
	memcpy(p + 28, chaddr, 6);
	put32(p + 236, 0x63825363u);
	return 28 + blen;
}

static void check(const struct dhcp_fsm *f, const struct dhcp_action *a, uint64_t now,
		  unsigned *requests_for_offer)
{
	FZ_ASSERT(a->deadline_ms == f->deadline_ms);
	FZ_ASSERT((unsigned)f->state < DHCP_STATE_MAX);
	if (f->state == DHCP_STATE_BOUND) {
		uint32_t y = f->lease.yiaddr;

		FZ_ASSERT(f->deadline_ms == DHCP_NO_DEADLINE);
		FZ_ASSERT(y && y >> 24 != 127 && y < 0xe0000000u);
		FZ_ASSERT(f->lease.server_id || f->offer_server);
	} else if (f->state != DHCP_STATE_IDLE) {
		FZ_ASSERT(f->deadline_ms != DHCP_NO_DEADLINE);
		FZ_ASSERT(f->deadline_ms >= now || a->kind == DHCP_ACT_NONE);
		FZ_ASSERT(f->deadline_ms <= now + 12000 || f->deadline_ms < now);
	}
	if (a->kind == DHCP_ACT_SEND) {
		FZ_ASSERT(a->pkt == f->tx && a->len > 0 && a->len == f->txlen);
		if (f->state == DHCP_STATE_REQUESTING)
			(*requests_for_offer)++;
	}
	if (f->state != DHCP_STATE_REQUESTING)
		*requests_for_offer = 0;
	FZ_ASSERT(*requests_for_offer <= DHCP_REQUEST_TRIES);
	if (a->kind == DHCP_ACT_BOUND)
		FZ_ASSERT(a->lease == &f->lease && f->state == DHCP_STATE_BOUND);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct dhcp_fsm f;
	static uint8_t b[2048];
	struct dhcp_config cfg;
	struct dhcp_action a;
	uint64_t now = 1000000;
	uint32_t rnd = 0x9e3779b9u;
	unsigned req = 0;
	size_t i;

	memset(&cfg, 0, sizeof(cfg));
	memcpy(cfg.mac, mac, 6);
	cfg.rapid_commit = size && (data[0] & 1);
	cfg.vendor_class = "netboot";
	FZ_ASSERT(dhcp_fsm_init(&f, &cfg) == 0);
	FZ_ASSERT(dhcp_fsm_step(&f, DHCP_EV_START, NULL, 0, now, rnd, &a) == 0);
	check(&f, &a, now, &req);
	for (i = 1; i + 8 <= size && i < 1 + 8 * 512; i += 8) {
		const uint8_t *e = data + i;
		uint8_t op = e[0] % 8;
		uint32_t arg = (uint32_t)e[1] << 24 | (uint32_t)e[2] << 16 |
			       (uint32_t)e[3] << 8 | e[4];
		uint32_t y = (e[5] & 0x80) ? arg : 0x0a000000u | (arg & 0xffff);
		uint32_t server = (e[5] & 0x40) ? 0 : 0x0a000001u + (e[5] & 3);
		const uint8_t *chaddr = (e[6] & 0x80) ? e + 1 : mac;
		uint32_t xid = (e[6] & 0x40) ? arg : f.xid;
		size_t len;
		int rc = 0;

		rnd = rnd * 1664525u + 1013904223u + e[7];
		switch (op) {
		case 0:
			if (f.deadline_ms != DHCP_NO_DEADLINE && f.deadline_ms > now)
				now = f.deadline_ms;
			rc = dhcp_fsm_step(&f, DHCP_EV_TIMER, NULL, 0, now, rnd, &a);
			break;
		case 1:
			now += e[7];
			rc = dhcp_fsm_step(&f, DHCP_EV_TIMER, NULL, 0, now, rnd, &a);
			break;
		case 2: case 3: case 4:
			len = reply(b, op == 2 ? 2 : op == 3 ? 5 : 6, xid, chaddr, y, server,
				    (uint32_t)e[7] * 60, e[6] & 1);
			now += e[7] & 15;
			rc = dhcp_fsm_step(&f, (e[6] & 2) ? DHCP_EV_RX_NOCSUM : DHCP_EV_RX,
					   b, len, now, rnd, &a);
			break;
		case 5:
			rc = dhcp_fsm_step(&f, DHCP_EV_RX, e + 1, 7, now, rnd, &a);
			break;
		case 6:
			rc = dhcp_fsm_reject(&f, now, rnd, &a);
			FZ_ASSERT(rc == 0 || rc == -EINVAL);
			break;
		default:
			FZ_ASSERT(dhcp_fsm_init(&f, &cfg) == 0);
			rc = dhcp_fsm_step(&f, DHCP_EV_START, NULL, 0, now, rnd, &a);
			FZ_ASSERT(rc == 0);
			req = 0;
			break;
		}
		if (rc) {
			/* only the table's impossible pairs */
			FZ_ASSERT(rc == -EINVAL);
			FZ_ASSERT(op == 6 || (op <= 1 && f.state == DHCP_STATE_BOUND));
			continue;
		}
		check(&f, &a, now, &req);
	}
	return 0;
}

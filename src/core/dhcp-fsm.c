/*
 * dhcp-fsm.c - DHCPv4 client state machine: INIT -> SELECTING -> REQUESTING
 * -> BOUND (RFC 2131 section 4.4), with rapid commit (RFC 4039).
 *
 * Everything that depends on time or chance happens in dhcp_fsm_step(),
 * from its now_ms and rnd arguments.  Frames come from and go to
 * dhcp-msg.c; the edge only moves bytes and keeps the clock.  No renewal,
 * rebinding or DECLINE (no ARP probe in the initrd): netboot hands the
 * lease on and the live system's network manager takes over.
 */
#include <errno.h>
#include <string.h>

#include "dhcp-fsm.h"
#include "text.h"

const char *const dhcp_state_name[DHCP_STATE_MAX] = {
	[DHCP_STATE_IDLE] = "IDLE",
	[DHCP_STATE_INIT] = "INIT",
	[DHCP_STATE_SELECTING] = "SELECTING",
	[DHCP_STATE_REQUESTING] = "REQUESTING",
	[DHCP_STATE_BOUND] = "BOUND",
};

const char *const dhcp_event_name[DHCP_EV_MAX] = {
	[DHCP_EV_START] = "START",
	[DHCP_EV_TIMER] = "TIMER",
	[DHCP_EV_RX] = "RX",
	[DHCP_EV_RX_NOCSUM] = "RX_NOCSUM",
};

static int string_ok(const char *s, size_t max)
{
	size_t n;

	if (!s)
		return 1;
	n = strnlen(s, max + 1);
	return n <= max && !text_has_ctl(s, n);
}

int dhcp_fsm_init(struct dhcp_fsm *fsm, const struct dhcp_config *cfg)
{
	if (!fsm || !cfg || !string_ok(cfg->hostname, DHCP_HOSTNAME_MAX) ||
	    !string_ok(cfg->vendor_class, DHCP_VENDOR_MAX))
		return -EINVAL;
	memset(fsm, 0, sizeof(*fsm));
	memcpy(fsm->mac, cfg->mac, 6);
	fsm->rapid_commit = cfg->rapid_commit;
	if (cfg->hostname)
		strcpy(fsm->hostname, cfg->hostname);
	if (cfg->vendor_class)
		strcpy(fsm->vendor_class, cfg->vendor_class);
	fsm->state = DHCP_STATE_IDLE;
	fsm->deadline_ms = DHCP_NO_DEADLINE;
	return 0;
}

/* A second value from the same rnd where a step needs two (murmur3 fmix32,
 * a bijection, so distinct rnd give distinct results). */
static uint32_t mix32(uint32_t x)
{
	x ^= x >> 16;
	x *= 0x85ebca6bu;
	x ^= x >> 13;
	x *= 0xc2b2ae35u;
	x ^= x >> 16;
	return x;
}

/* base +- 50%: uniform in [base/2, base*3/2]. */
static uint64_t jitter(uint32_t base, uint32_t r)
{
	return base / 2 + r % (base + 1);
}

/* Wait after the n-th transmission (n = 0 for the first). */
static uint64_t backoff(unsigned n, uint32_t r)
{
	uint32_t base = DHCP_RETX_BASE_MS;

	while (n-- && base < DHCP_RETX_CAP_MS)
		base *= 2; /* 1000, 2000, 4000, 8000: never past the cap */
	return jitter(base, r);
}

static uint16_t secs_since(const struct dhcp_fsm *fsm, uint64_t now)
{
	uint64_t s = now > fsm->start_ms ? (now - fsm->start_ms) / 1000 : 0;

	return s > 0xffff ? 0xffff : (uint16_t)s;
}

/* Build into fsm->tx; touches nothing else. */
static int build(struct dhcp_fsm *fsm, enum dhcp_msg_type type, uint32_t xid,
		 uint16_t secs)
{
	struct dhcp_build b;

	memset(&b, 0, sizeof(b));
	b.type = type;
	b.xid = xid;
	memcpy(b.mac, fsm->mac, 6);
	b.secs = secs;
	b.rapid_commit = fsm->rapid_commit;
	if (type == DHCP_MSG_REQUEST) {
		b.requested_ip = fsm->req_ip;
		b.server_id = fsm->offer_server;
	}
	b.hostname = fsm->hostname;
	b.vendor_class = fsm->vendor_class;
	return dhcp_msg_build(&b, fsm->tx, sizeof(fsm->tx), &fsm->txlen);
}

static void act_send(const struct dhcp_fsm *fsm, struct dhcp_action *a)
{
	a->kind = DHCP_ACT_SEND;
	a->pkt = fsm->tx;
	a->len = fsm->txlen;
}

/* An address a client may take: not 0, loopback, multicast or above. */
static int addr_usable(uint32_t a)
{
	return a && (a >> 24) != 127 && a < 0xe0000000u;
}

static bool avoided(const struct dhcp_fsm *fsm, uint32_t server)
{
	unsigned i;

	for (i = 0; i < fsm->n_avoid && i < DHCP_AVOID_MAX; i++)
		if (fsm->avoid[i] == server)
			return true;
	return false;
}

static void restart(struct dhcp_fsm *fsm, uint64_t now, uint32_t rnd)
{
	/* remember the server that NAKed or ignored our REQUEST */
	if (fsm->offer_server && !avoided(fsm, fsm->offer_server))
		fsm->avoid[fsm->n_avoid++ % DHCP_AVOID_MAX] = fsm->offer_server;
	fsm->state = DHCP_STATE_INIT;
	fsm->tries = 0;
	fsm->n_restart++;
	fsm->deadline_ms = now + jitter(DHCP_RESTART_DELAY_MS, rnd);
}

/* The first DISCOVER of an exchange (START, or a restart's TIMER in
 * INIT): a new xid from rnd, the first wait from mix32(rnd), short after
 * START (see the schedule above dhcp_fsm_step()). */
static int discover_new(struct dhcp_fsm *fsm, uint64_t now, uint32_t rnd,
			struct dhcp_action *a)
{
	uint32_t xid = rnd;
	uint16_t secs = secs_since(fsm, now);
	bool first = !fsm->n_discover;
	int rc;

	if (fsm->n_discover && xid == fsm->xid)
		xid = ~xid; /* a restart always changes it */
	rc = build(fsm, DHCP_MSG_DISCOVER, xid, secs);
	if (rc)
		return rc;
	fsm->xid = xid;
	fsm->secs = secs;
	fsm->state = DHCP_STATE_SELECTING;
	fsm->tries = 1;
	fsm->n_discover++;
	if (fsm->n_avoid)
		fsm->avoid_until = now + DHCP_AVOID_MS;
	fsm->deadline_ms = now + (first ? jitter(DHCP_RETX_FIRST_MS, mix32(rnd)) :
				  backoff(0, mix32(rnd)));
	act_send(fsm, a);
	return 0;
}

static void rx_selecting(struct dhcp_fsm *fsm, const struct dhcp_reply *r,
			 uint64_t now, uint32_t rnd, struct dhcp_action *a)
{
	if (r->type == DHCP_MSG_OFFER) {
		uint32_t old_ip = fsm->req_ip, old_srv = fsm->offer_server;

		/* RFC 2131 table 3: an OFFER carries yiaddr and 54. */
		if (!addr_usable(r->lease.yiaddr) || !r->lease.server_id)
			return;
		/* a server that failed us: give the others a head start */
		if (now < fsm->avoid_until && avoided(fsm, r->lease.server_id)) {
			fsm->n_offer_avoided++;
			return;
		}
		fsm->n_offer++;
		fsm->req_ip = r->lease.yiaddr;
		fsm->offer_server = r->lease.server_id;
		/* RFC 2131 4.4.1: same xid and secs as the DISCOVER. */
		if (build(fsm, DHCP_MSG_REQUEST, fsm->xid, fsm->secs)) {
			fsm->req_ip = old_ip; /* cannot happen */
			fsm->offer_server = old_srv;
			return;
		}
		fsm->state = DHCP_STATE_REQUESTING;
		fsm->tries = 1;
		fsm->n_request++;
		fsm->deadline_ms = now + backoff(0, rnd);
		act_send(fsm, a);
		return;
	}
	/* RFC 4039 section 4: in SELECTING only an ACK with option 80, and
	 * only when we asked for it; anything else is discarded. */
	if (r->type == DHCP_MSG_ACK && fsm->rapid_commit &&
	    (r->flags & DHCP_REPLY_RAPID_COMMIT) &&
	    addr_usable(r->lease.yiaddr) && r->lease.server_id) {
		/* like an OFFER, it names its server (RFC 2131 table 3) */
		fsm->lease = r->lease;
		fsm->lease.rapid_commit = true;
		fsm->offer_server = r->lease.server_id;
		fsm->state = DHCP_STATE_BOUND;
		fsm->deadline_ms = DHCP_NO_DEADLINE;
		a->kind = DHCP_ACT_BOUND;
		a->lease = &fsm->lease;
	}
}

static void rx_requesting(struct dhcp_fsm *fsm, const struct dhcp_reply *r,
			  uint64_t now, uint32_t rnd, struct dhcp_action *a)
{
	uint32_t sid = r->lease.server_id;

	/* Only the server we asked answers a REQUEST (RFC 2131 4.3.2). */
	if (sid && sid != fsm->offer_server)
		return;
	if (r->type == DHCP_MSG_ACK) {
		if (r->lease.yiaddr != fsm->req_ip) {
			/* our server acknowledging an address we did not ask
			 * for is broken: start over, trying another server */
			if (sid == fsm->offer_server) {
				fsm->n_rx_bad++;
				restart(fsm, now, rnd);
			}
			return;
		}
		fsm->lease = r->lease;
		fsm->lease.rapid_commit = false;
		if (!sid)
			fsm->lease.server_id = fsm->offer_server;
		fsm->state = DHCP_STATE_BOUND;
		fsm->deadline_ms = DHCP_NO_DEADLINE;
		a->kind = DHCP_ACT_BOUND;
		a->lease = &fsm->lease;
	} else if (r->type == DHCP_MSG_NAK) {
		/* RFC 2131 3.1 step 5 / 4.4.1: back to INIT. */
		fsm->n_nak++;
		memcpy(fsm->nak_message, r->message, sizeof(fsm->nak_message));
		restart(fsm, now, rnd);
	}
}

/*
 * RFC 2131 section 4.4 (figure 5), the part a booting client needs:
 *
 *  state       START         TIMER (at deadline)      RX OFFER        RX ACK             RX NAK
 *  IDLE        new xid,      -EINVAL                  -EINVAL         -EINVAL            -EINVAL
 *              DISCOVER
 *              -> SELECTING
 *  INIT        -EINVAL       new xid, DISCOVER        ignore          ignore             ignore
 *                            -> SELECTING
 *  SELECTING   -EINVAL       DISCOVER again           REQUEST         with 80, asked:    ignore
 *                            (same xid)               -> REQUESTING   -> BOUND (4039)
 *  REQUESTING  -EINVAL       REQUEST again; after     ignore          yiaddr as offered  -> INIT, delay
 *                            4 sent: -> INIT, delay                   -> BOUND
 *  BOUND       -EINVAL       -EINVAL                  ignore          ignore             ignore
 *
 * A TIMER before the deadline does nothing.  Malformed or foreign frames
 * are ignored in every state that takes RX (RFC 2131 4.1: match xid and
 * chaddr); OFFERs without a usable yiaddr or a server id are ignored.
 * The first acceptable OFFER is taken: ranking across NICs is the caller's.
 *
 * Schedule (RFC 2131 4.1 asks for randomised exponential backoff; its 4 s
 * start and 64 s cap suit a running host, a boot wants faster):
 *   START -> first DISCOVER at once, no startup delay.  RFC 2131 4.4.1's
 *     random 1..10 s wait before it is a SHOULD meant to spread hosts
 *     powered on together; in an initrd the firmware's PXE exchange, POST
 *     and the kernel's boot have spread them by seconds already, no
 *     initramfs DHCP client waits (klibc ipconfig, busybox udhcpc,
 *     dhclient), and 64 clients released in the same millisecond against
 *     one dnsmasq all lease (tests/net/load.sh, 64 of 64).  The jitter
 *     below still keeps retransmissions out of lockstep;
 *   START's DISCOVER is repeated after DHCP_RETX_FIRST_MS +-50%
 *     (100-300 ms), then as below from n = 1 (1-3 s, 2-6 s, ...): sent as
 *     the link comes up, it or its OFFER can be dropped by a port or a
 *     qdisc not forwarding yet (a bridge port, a veth peer, a NIC whose
 *     carrier shows before linkwatch ran): 13 of 64 clients in the load
 *     tier lost it, 1 run in 300 in the bench, each then waiting 0.5-1.5 s;
 *   wait after the n-th transmission of the same message (n = 0, 1, ...):
 *     base = min(1000 * 2^n, 8000) ms, plus jitter uniform in
 *     [-base/2, +base/2]: 0.5-1.5 s, 1-3 s, 2-6 s, 4-12 s, 4-12 s, ...
 *     DISCOVERs repeat until the caller gives up; REQUESTs stop after
 *     DHCP_REQUEST_TRIES (8) and the client restarts;
 *   restart after NAK or silent REQUESTs: 500..1500 ms, then a new xid;
 *     the server that failed us is remembered, and its OFFERs wait
 *     DHCP_AVOID_MS after the new DISCOVER so another server can win.
 * Each step uses one rnd; where it needs two (xid and jitter) the second
 * is mix32(rnd).
 */
int dhcp_fsm_step(struct dhcp_fsm *fsm, enum dhcp_event ev,
		  const uint8_t *pkt, size_t len, uint64_t now_ms,
		  uint32_t rnd, struct dhcp_action *act)
{
	struct dhcp_action a;
	struct dhcp_reply r;
	int rx = ev == DHCP_EV_RX || ev == DHCP_EV_RX_NOCSUM;
	int rc;

	if (!fsm || !act || (unsigned)ev >= DHCP_EV_MAX ||
	    (unsigned)fsm->state >= DHCP_STATE_MAX || (rx && !pkt))
		return -EINVAL;
	/* The impossible pairs of the table. */
	if ((ev == DHCP_EV_START) != (fsm->state == DHCP_STATE_IDLE))
		return -EINVAL;
	if (ev == DHCP_EV_TIMER && fsm->state == DHCP_STATE_BOUND)
		return -EINVAL;

	memset(&a, 0, sizeof(a));
	if (ev == DHCP_EV_START) {
		fsm->start_ms = now_ms;
		rc = discover_new(fsm, now_ms, rnd, &a);
		if (rc) {
			fsm->start_ms = 0;
			return rc;
		}
	} else if (ev == DHCP_EV_TIMER) {
		if (now_ms < fsm->deadline_ms)
			goto out; /* early wake-up */
		switch (fsm->state) {
		case DHCP_STATE_INIT:
			rc = discover_new(fsm, now_ms, rnd, &a);
			if (rc)
				return rc;
			break;
		case DHCP_STATE_SELECTING: {
			uint16_t secs = secs_since(fsm, now_ms);

			rc = build(fsm, DHCP_MSG_DISCOVER, fsm->xid, secs);
			if (rc)
				return rc;
			fsm->secs = secs;
			fsm->deadline_ms = now_ms + backoff(fsm->tries, rnd);
			fsm->tries++;
			fsm->n_discover++;
			act_send(fsm, &a);
			break;
		}
		case DHCP_STATE_REQUESTING:
			if (fsm->tries >= DHCP_REQUEST_TRIES) {
				restart(fsm, now_ms, rnd);
				break;
			}
			/* fsm->tx still holds the REQUEST. */
			fsm->deadline_ms = now_ms + backoff(fsm->tries, rnd);
			fsm->tries++;
			fsm->n_request++;
			act_send(fsm, &a);
			break;
		default:
			return -EINVAL; /* IDLE and BOUND refused above */
		}
	} else {
		const char *why = NULL;

		rc = dhcp_msg_parse_why(pkt, len, fsm->xid, fsm->mac,
					ev == DHCP_EV_RX_NOCSUM ?
					DHCP_PARSE_NO_UDP_CSUM : 0, &r, &why);
		a.rx_err = rc;
		if (rc == -EBADMSG) {
			fsm->n_rx_bad++;
			fsm->rx_bad_why = why;
		} else if (rc) {
			fsm->n_rx_foreign++;
		} else if ((r.flags & DHCP_REPLY_BAD_OPTION) &&
			   (fsm->state == DHCP_STATE_SELECTING ||
			    fsm->state == DHCP_STATE_REQUESTING)) {
			fsm->n_bad_option++;
			fsm->bad_option = r.bad_option;
		}
		if (!rc && fsm->state == DHCP_STATE_SELECTING)
			rx_selecting(fsm, &r, now_ms, rnd, &a);
		else if (!rc && fsm->state == DHCP_STATE_REQUESTING)
			rx_requesting(fsm, &r, now_ms, rnd, &a);
		/* INIT and BOUND: a late or duplicate reply, ignored. */
	}
out:
	a.deadline_ms = fsm->deadline_ms;
	*act = a;
	return 0;
}

int dhcp_fsm_reject(struct dhcp_fsm *fsm, uint64_t now_ms, uint32_t rnd,
		    struct dhcp_action *act)
{
	if (!fsm || !act || fsm->state != DHCP_STATE_BOUND)
		return -EINVAL;
	memset(act, 0, sizeof(*act));
	memset(&fsm->lease, 0, sizeof(fsm->lease));
	restart(fsm, now_ms, rnd);
	act->kind = DHCP_ACT_NONE;
	act->deadline_ms = fsm->deadline_ms;
	return 0;
}

const char *dhcp_fsm_outcome(const struct dhcp_fsm *fsm)
{
	if (!fsm || fsm->state == DHCP_STATE_IDLE)
		return "not started";
	if (fsm->state == DHCP_STATE_BOUND)
		return "bound";
	if (fsm->n_nak)
		return "NAK from server";
	if (fsm->n_offer)
		return "offer but no ACK";
	if (fsm->n_rx_bad)
		return "only malformed replies";
	return "no reply";
}

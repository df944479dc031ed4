/*
 * dhcp-fsm.h - the DHCPv4 client state machine for obtaining a lease on one
 * NIC (RFC 2131 section 4.4, RFC 4039 rapid commit).
 *
 * One transition function, dhcp_fsm_step(), owns timers, retransmission
 * backoff and xid choice.  Time (now_ms) and randomness (rnd) are
 * arguments; it makes no syscalls.  The edge owns the packet socket: it
 * sends the bytes an action hands it, delivers received frames as RX
 * events, and delivers TIMER at the deadline.  Running several NICs in
 * parallel and ranking their leases is left to the caller: one fsm per NIC.
 * Renewal is out of scope: the live system's network manager takes over.
 */
#ifndef NETBOOT_DHCP_FSM_H
#define NETBOOT_DHCP_FSM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dhcp-msg.h"
#include "lease.h"

/* Timing (ms); see the schedule above dhcp_fsm_step() in dhcp-fsm.c. */
#define DHCP_RETX_FIRST_MS     200   /* START's DISCOVER is repeated after
				      * 100..300 ms: sent at link-up, it or
				      * its answer can meet a switch port or
				      * qdisc not forwarding yet */
#define DHCP_RETX_BASE_MS      1000  /* then ~1 s, doubling */
#define DHCP_RETX_CAP_MS       8000  /* doubling stops here */
#define DHCP_RESTART_DELAY_MS  1000  /* after NAK / silent REQUEST, +-50% */
#define DHCP_REQUEST_TRIES     8     /* REQUESTs sent before restarting:
					* 0.5..1.5, 1..3, 2..6, then 4..12 s
					* apart, ~60 s in all (RFC 2131 4.4.1) */
#define DHCP_AVOID_MAX         4     /* servers remembered as NAKing / silent */
#define DHCP_AVOID_MS          2000  /* their OFFERs wait this long after a
					* restart's first DISCOVER */
#define DHCP_NO_DEADLINE       UINT64_MAX

enum dhcp_state {
	DHCP_STATE_IDLE = 0,   /* not started */
	DHCP_STATE_INIT,       /* waiting for the restart delay (after a NAK
				* or silence; START sends its DISCOVER at
				* once) */
	DHCP_STATE_SELECTING,  /* DISCOVER sent, waiting for an OFFER */
	DHCP_STATE_REQUESTING, /* REQUEST sent, waiting for ACK / NAK */
	DHCP_STATE_BOUND,      /* lease ready: terminal here */
	DHCP_STATE_MAX
};

extern const char *const dhcp_state_name[DHCP_STATE_MAX];

enum dhcp_event {
	DHCP_EV_START = 0,  /* begin: once, in IDLE; the first DISCOVER
			     * goes out with this step (no startup delay) */
	DHCP_EV_TIMER,      /* the last deadline has come (early is harmless) */
	DHCP_EV_RX,         /* a frame from the IP header on */
	DHCP_EV_RX_NOCSUM,  /* same, kernel says UDP checksum not filled in
			     * (TP_STATUS_CSUMNOTREADY): not verified */
	DHCP_EV_MAX
};

extern const char *const dhcp_event_name[DHCP_EV_MAX];

enum dhcp_act_kind {
	DHCP_ACT_NONE = 0,  /* nothing to do but wait for deadline_ms */
	DHCP_ACT_SEND,      /* send pkt[0..len) on the packet socket */
	DHCP_ACT_BOUND,     /* lease is ready */
};

struct dhcp_action {
	enum dhcp_act_kind kind;
	const uint8_t *pkt;     /* SEND: points into the fsm, valid until the
				 * next step; an IPv4 frame (ETH_P_IP) for
				 * the Ethernet broadcast address */
	size_t len;
	const struct lease *lease; /* BOUND: points into the fsm */
	uint64_t deadline_ms;   /* absolute, same clock as now_ms: deliver
				 * TIMER then; DHCP_NO_DEADLINE once BOUND */
	int rx_err;             /* RX: the parse result: 0 (used, or valid
				 * but unwanted in this state), -EBADMSG
				 * malformed, -ENOMSG not ours */
};

struct dhcp_config {
	uint8_t mac[6];
	bool rapid_commit;        /* ask for it (option 80 in DISCOVER) */
	const char *hostname;     /* option 12, NULL = none; copied */
	const char *vendor_class; /* option 60, NULL = none; copied */
};

struct dhcp_fsm {
	/* configuration, copied by dhcp_fsm_init() */
	uint8_t mac[6];
	bool rapid_commit;
	char hostname[DHCP_HOSTNAME_MAX + 1];
	char vendor_class[DHCP_VENDOR_MAX + 1];

	/* machine state: read-only for the caller */
	enum dhcp_state state;
	uint32_t xid;
	uint64_t start_ms;     /* START: the secs field counts from here */
	uint64_t deadline_ms;
	unsigned tries;        /* transmissions of the current message */
	uint16_t secs;         /* of the last DISCOVER, reused by REQUEST */
	uint32_t req_ip;       /* the accepted OFFER's yiaddr */

	/* results and per-NIC diagnostics for the edge */
	struct lease lease;    /* valid in BOUND */
	uint32_t offer_server; /* server id of the accepted OFFER / rapid ACK */
	unsigned n_discover, n_request, n_offer, n_nak;
	unsigned n_rx_bad;     /* frames refused with -EBADMSG */
	unsigned n_rx_foreign; /* frames refused with -ENOMSG */
	const char *rx_bad_why; /* why the last -EBADMSG frame was refused
				 * (dhcp_msg_parse_why(), static), or NULL */
	unsigned n_bad_option; /* replies used without a malformed option */
	uint8_t bad_option;    /* the last such option's code */
	unsigned n_restart;    /* returns to INIT after NAK or silence */
	/* servers that NAKed us or never answered our REQUEST: after a
	 * restart their OFFERs are taken only when no other server offered
	 * within DHCP_AVOID_MS */
	uint32_t avoid[DHCP_AVOID_MAX];
	unsigned n_avoid;
	uint64_t avoid_until;
	unsigned n_offer_avoided;
	char nak_message[256]; /* option 56 of the last NAK */

	uint8_t tx[DHCP_MSG_BUILD_MAX];
	size_t txlen;
};

/*
 * Reset fsm to IDLE with cfg.  -EINVAL on NULL or on a hostname / vendor
 * class dhcp_msg_build() would refuse (too long, control bytes).
 */
int dhcp_fsm_init(struct dhcp_fsm *fsm, const struct dhcp_config *cfg);

/*
 * Feed one event.  pkt / len are the frame for RX events (ignored
 * otherwise), now_ms the current time (monotonic, ms), rnd a fresh random
 * 32-bit value for every call (xids and jitter come from it).  Returns 0
 * and fills *act, or -EINVAL for NULL arguments and impossible (state,
 * event) pairs (see the table in dhcp-fsm.c); then neither fsm nor *act
 * changes.  A frame that is malformed, foreign or unexpected in this state
 * is not an error: it is counted, act->rx_err says why, and the deadline
 * stays.
 */
int dhcp_fsm_step(struct dhcp_fsm *fsm, enum dhcp_event ev,
		  const uint8_t *pkt, size_t len, uint64_t now_ms,
		  uint32_t rnd, struct dhcp_action *act);

/*
 * The caller could not use the lease BOUND gave (the kernel refused it):
 * back to INIT, the server remembered as one to avoid, as after a NAK.
 * 0 with *act's deadline set, or -EINVAL unless the fsm is BOUND.
 */
int dhcp_fsm_reject(struct dhcp_fsm *fsm, uint64_t now_ms, uint32_t rnd,
		    struct dhcp_action *act);

/*
 * One line for the console about how far this NIC got: "bound",
 * "NAK from server", "offer but no ACK", "only malformed replies",
 * "no reply", "not started".  A static string.
 */
const char *dhcp_fsm_outcome(const struct dhcp_fsm *fsm);

#endif

/*
 * net.c - the network phase.
 *
 *  1. Discover interfaces (one netlink dump), waiting a bounded time for
 *     drivers: until the NIC BOOTIF / ip= / ethdevice= names exists, or
 *     until at least one Ethernet NIC does.
 *  2. Choose the candidates (core/ifpick.c): BOOTIF's MAC, ip='s device,
 *     ethdevice= / live-netdev=, else every Ethernet NIC.
 *  3. Bring them all up (one netlink batch, carrier read back with it)
 *     and run one DHCP client per NIC in parallel (core/dhcp-fsm.c), in
 *     one poll() loop on one packet socket for every NIC (a reply goes to
 *     the NIC it came in on) and one netlink socket for link events (the
 *     carrier a NIC waits for, a NIC taken down or deleted).  A NIC's
 *     first DISCOVER goes out as soon as its own carrier is seen; carrier
 *     is waited for per NIC within its own budget.
 *  4. Rank the leases (ifpick_rank): BOOTIF's within a grace period, else
 *     the one naming the nfsroot= server, else the first.  The losers are
 *     brought back down; the winner is configured (apply.c).
 *  A static ip= skips 3 and 4.  Every choice is logged with its reason.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "dhcp-fsm.h"
#include "dhcp-msg.h"
#include "ifpick.h"
#include "link.h"
#include "log.h"
#include "net.h"
#include "stream.h"
#include "packet.h"
#include "rtlink.h"
#include "phase.h"
#include "text.h"

/* How long a BOOTIF NIC's lease may lag the first lease and still win. */
#define NET_BOOTIF_GRACE_MS 1500
/* Carrier comes as a link event (RTM_NEWLINK with IFF_LOWER_UP) on the
 * watch socket; it is also polled this often while a NIC waits for its
 * link (one netlink dump for all the waiting NICs), for an event the
 * kernel delays (linkwatch holds a non-urgent one up to a second) or
 * drops (a full socket buffer). */
#define NET_CARRIER_POLL_MS 50
/* Bound on waiting for NIC drivers to register interfaces: while there
 * is no usable NIC at all, and while a NIC that BOOTIF / ip= / ethdevice=
 * names is missing but others exist (initramfs-tools has already waited
 * for udev, so a missing named NIC is more likely a typo than a slow
 * driver). */
#define NET_DRIVER_WAIT_S 10
#define NET_HINT_WAIT_S   3
/* How often /sys/class/net is listed again meanwhile (what a late
 * driver's NIC loses at most). */
#define NET_DRIVER_POLL_MS 20
/* Ignored frames shown one by one (netboot.debug only), per NIC; the rest
 * are counted and summed up once when DHCP ends, so a flood on UDP/68
 * cannot grow the boot report. */
#define NET_RX_DETAIL_MAX 8

enum nic_state {
	NIC_NO_CARRIER = 0, /* waiting for a link */
	NIC_DHCP,           /* the client runs */
	NIC_BOUND,
	NIC_FAILED,
};

struct nic {
	struct ifpick_if info;
	enum nic_state state;
	const char *fail;         /* why it failed, for the closing lines */
	bool was_up;
	uint64_t carrier_deadline;
	uint64_t carrier_at;
	uint64_t deadline;        /* the fsm's next timer */
	struct dhcp_fsm fsm;
	enum dhcp_state last_state; /* for the report's timeline */
	struct lease lease;
	struct ifpick_offer offer;
	unsigned rx_detail;       /* ignored frames shown so far */
	bool nak_said;            /* the first NAK's text is in the report */
};

static struct nic nics[IFPICK_MAX];
static size_t n_nics;
/* The packet socket every NIC's client sends and receives on, and the
 * link events' socket (-1: none; DHCP goes on without events, carrier
 * polled). */
static int pkt_fd = -1, watch_fd = -1;

void net_paths_init(struct net_paths *p, const char *rundir)
{
	bool custom = strcmp(rundir, NETBOOT_RUNDIR_DEFAULT) != 0;

	snprintf(p->confdir, sizeof(p->confdir), "%s", custom ? rundir : "/run");
	snprintf(p->resolv, sizeof(p->resolv), "%s", custom ? "" : "/etc/resolv.conf");
	if (custom)
		snprintf(p->resolv, sizeof(p->resolv), "%s/resolv.conf", rundir);
	snprintf(p->state, sizeof(p->state), "%s/net.state", rundir);
}

static void hints_from(const struct cmdline *c, struct ifpick_hints *h)
{
	size_t i;

	memset(h, 0, sizeof(*h));
	h->has_bootif = c->has_bootif;
	memcpy(h->bootif, c->bootif, 6);
	snprintf(h->ip_dev, sizeof(h->ip_dev), "%s", c->ip.dev);
	for (i = 0; i < c->n_netdev && i < IFPICK_NETDEV_MAX; i++) {
		h->netdev[i].is_mac = c->netdev[i].is_mac;
		memcpy(h->netdev[i].mac, c->netdev[i].mac, 6);
		snprintf(h->netdev[i].name, sizeof(h->netdev[i].name), "%s",
			 c->netdev[i].name);
	}
	h->n_netdev = i;
}

/* What discover() found and chose, for describe(). */
static struct ifpick_if ifs[IFPICK_MAX];
static struct ifpick_result pick;
static size_t n_ifs;
static bool ifs_more, described;

/* The choice's lines: the hints' note, the cut past 64, then a line per
 * interface with its verdict.  Said once, by net_run: after the first
 * DISCOVERs are out when DHCP runs (seven dead NICs' lines cost the live
 * NIC's DISCOVER ~0.4 ms here: three system calls a line), before
 * anything else otherwise. */
static void describe(void)
{
	size_t i;

	if (described)
		return;
	described = true;
	if (pick.flags)
		log_info("%s", ifpick_flags_note(pick.flags));
	if (ifs_more)
		log_info("more than %d network interfaces: only %d are considered (BOOTIF's always)",
			 LINK_LIST_MAX, LINK_LIST_MAX);
	for (i = 0; i < n_ifs; i++) {
		char line[200];

		if (ifpick_describe(&ifs[i], &pick.v[i], line, sizeof(line)) > 0)
			log_info("%s", line);
	}
}

/* Enumerate and choose, waiting for drivers within a bound.  Fills nics[]
 * with the selected interfaces; describe() says why. */
static int discover(const struct cmdline *c, uint64_t until)
{
	static struct link_info links[LINK_LIST_MAX];
	struct ifpick_hints h;
	size_t n, i, k;
	int sel, e;
	bool logged_wait = false, more = false;
	uint64_t hint_until = phase_until(c, NET_HINT_WAIT_S, clock_ms(), NULL);

	described = false;
	hints_from(c, &h);
	for (;;) {
		e = link_list(links, LINK_LIST_MAX, c->has_bootif ? c->bootif : NULL, &n, &more);
		if (e) {
			log_error("unable to list network interfaces in /sys/class/net: %s",
				  strerror(-e));
			return NETBOOT_EXIT_TRANSIENT;
		}
		if (n > IFPICK_MAX)
			n = IFPICK_MAX;
		for (i = 0; i < n; i++) {
			memset(&ifs[i], 0, sizeof(ifs[i]));
			memcpy(ifs[i].name, links[i].name, sizeof(ifs[i].name));
			memcpy(ifs[i].mac, links[i].mac, 6);
			ifs[i].ifindex = links[i].ifindex;
			ifs[i].type = links[i].type;
			ifs[i].loopback = links[i].loopback;
			ifs[i].wireless = links[i].wireless;
			ifs[i].carrier = links[i].carrier;
		}
		sel = ifpick_choose(ifs, n, &h, &pick);
		if (sel > 0 && !pick.flags)
			break;
		if (clock_ms() >= until || (sel > 0 && clock_ms() >= hint_until))
			break;
		if (!logged_wait) {
			log_info("waiting up to %u s for network drivers%s%s",
				 (unsigned)(((sel > 0 ? hint_until : until) - clock_ms()) / 1000),
				 pick.flags ? ": " : "", pick.flags ? ifpick_flags_note(pick.flags) : "");
			logged_wait = true;
		}
		clock_sleep_ms(NET_DRIVER_POLL_MS);
	}
	n_ifs = n;
	ifs_more = more;
	n_nics = 0;
	for (i = 0; i < n; i++) {
		if (!pick.v[i].selected)
			continue;
		k = n_nics++;
		memset(&nics[k], 0, sizeof(nics[k]));
		nics[k].info = ifs[i];
		nics[k].was_up = links[i].up;
	}
	if (!n_nics) {
		describe();
		log_error("no usable network interface: no Ethernet NIC with a driver was found (is the NIC's driver in the initrd?)");
		return NETBOOT_EXIT_TRANSIENT;
	}
	return NETBOOT_EXIT_OK;
}

static void nic_fail(struct nic *x, const char *why)
{
	x->state = NIC_FAILED;
	x->fail = why;
	x->offer.state = IFPICK_FAILED;
}

/* x's interface went away (unplugged VF, driver unbound, deleted veth:
 * RTM_DELLINK) or was taken down (ENETDOWN), said by a link event or by
 * a send that failed.  Drop the NIC, once, and let the others go on: the
 * packet socket is every NIC's and is bound to none, so it goes on
 * working. */
static void nic_gone(struct nic *x, int err)
{
	if (x->state == NIC_FAILED || x->state == NIC_BOUND)
		return;
	log_info("%s: the interface stopped working (%s): DHCP goes on without it",
		 x->info.name, strerror(-err));
	nic_fail(x, "the interface went away during DHCP");
}

/* Act on what the state machine asked for. */
static void nic_act(struct nic *x, const struct dhcp_action *a, uint64_t now)
{
	int e;

	x->deadline = a->deadline_ms;
	if (x->fsm.state != x->last_state) {
		log_debug("%s: DHCP %s -> %s", x->info.name, dhcp_state_name[x->last_state],
			  dhcp_state_name[x->fsm.state]);
		x->last_state = x->fsm.state;
	}
	if (a->kind == DHCP_ACT_SEND) {
		e = packet_send(pkt_fd, x->info.ifindex, a->pkt, a->len);
		if (e == -ENXIO || e == -ENODEV || e == -ENETDOWN)
			nic_gone(x, e);
		else if (e)
			log_debug("%s: send failed: %s", x->info.name, strerror(-e));
	} else if (a->kind == DHCP_ACT_BOUND) {
		x->lease = *a->lease;
		x->state = NIC_BOUND;
		x->offer.state = IFPICK_BOUND;
		x->offer.at_ms = now;
		x->offer.lease = &x->lease;
		log_debug("%s: lease bound after %lu ms", x->info.name,
			  (unsigned long)(now - x->carrier_at));
	}
}

/* The kernel refused x's lease: x asks again, avoiding that server,
 * while the other NICs carry on. */
static void nic_retry(struct nic *x)
{
	struct dhcp_action a;
	uint64_t now = clock_ms();

	link_flush_addr(x->info.name);
	if (dhcp_fsm_reject(&x->fsm, now, clock_random(), &a)) {
		nic_fail(x, "lease could not be applied");
		return;
	}
	x->state = NIC_DHCP;
	x->offer.state = IFPICK_PENDING;
	x->offer.lease = NULL;
	nic_act(x, &a, now);
}

static void nic_start(struct nic *x, uint64_t now)
{
	struct dhcp_action a;
	struct dhcp_config cfg;
	int e;

	if (pkt_fd < 0) {
		nic_fail(x, "no packet socket");
		return;
	}
	x->carrier_at = now;
	x->state = NIC_DHCP;
	memset(&cfg, 0, sizeof(cfg));
	memcpy(cfg.mac, x->info.mac, 6);
	cfg.rapid_commit = true;
	cfg.vendor_class = "netboot";
	e = dhcp_fsm_init(&x->fsm, &cfg);
	if (!e)
		e = dhcp_fsm_step(&x->fsm, DHCP_EV_START, NULL, 0, now, clock_random(), &a);
	if (e) {
		nic_fail(x, "DHCP client error");
		return;
	}
	nic_act(x, &a, now);
}

/* One frame for x (which came in on x's interface). */
static void nic_rx(struct nic *x, const uint8_t *buf, size_t n, int csum_unset, uint64_t now)
{
	struct dhcp_action a;
	int e;

	if (x->state != NIC_DHCP)
		return;
	e = dhcp_fsm_step(&x->fsm, csum_unset ? DHCP_EV_RX_NOCSUM : DHCP_EV_RX,
			  buf, n, now, clock_random(), &a);
	if (e)
		return;
	if (a.rx_err && log_debug_enabled() && x->rx_detail < NET_RX_DETAIL_MAX) {
		x->rx_detail++;
		log_debug("%s: ignored a frame: %s%s%s", x->info.name,
			  a.rx_err == -ENOMSG ? "not for us" : "malformed",
			  a.rx_err == -EBADMSG && x->fsm.rx_bad_why ? ": " : "",
			  a.rx_err == -EBADMSG && x->fsm.rx_bad_why ? x->fsm.rx_bad_why : "");
		if (x->rx_detail == NET_RX_DETAIL_MAX)
			log_debug("%s: more ignored frames are only counted", x->info.name);
	}
	if (x->fsm.n_nak && !x->nak_said) {
		char ip[TEXT_IPV4_SIZE], msg[sizeof(x->fsm.nak_message) * 4];

		x->nak_said = true;
		text_sanitize(x->fsm.nak_message, msg, sizeof(msg));
		log_info("%s: NAK from %s: %s", x->info.name,
			 text_ipv4(x->fsm.offer_server, ip),
			 msg[0] ? msg : "(no message)");
	}
	nic_act(x, &a, now);
}

/* The NIC whose interface is ifindex, or NULL (a frame on an interface
 * that is not a candidate: dropped). */
static struct nic *nic_by_ifindex(int ifindex)
{
	int idx[IFPICK_MAX];
	size_t i;
	int k;

	for (i = 0; i < n_nics; i++)
		idx[i] = nics[i].info.ifindex;
	k = ifpick_by_ifindex(idx, n_nics, ifindex);
	return k < 0 ? NULL : &nics[k];
}

/* Read what the packet socket holds (at most 64 frames a wake-up, so a
 * flood cannot starve the timers) and hand each frame to its NIC. */
static void rx_all(uint64_t now)
{
	static uint8_t buf[2048];
	int csum_unset, ifindex, budget = 64;

	while (budget-- > 0) {
		ssize_t n = packet_recv(pkt_fd, buf, sizeof(buf), &csum_unset, &ifindex);
		struct nic *x;

		/* drained (or an outgoing frame skipped: the next poll()
		 * says when more is queued) */
		if (n < 0)
			return;
		x = nic_by_ifindex(ifindex);
		if (x)
			nic_rx(x, buf, (size_t)n, csum_unset, now);
	}
}

/* The packet socket reports an error (it is bound to no interface, so
 * none going away does that): every NIC still in DHCP fails, said once. */
static void pkt_broken(int err)
{
	size_t i;

	log_info("the packet socket stopped working (%s): DHCP cannot go on",
		 strerror(-err));
	packet_close(pkt_fd);
	pkt_fd = -1;
	for (i = 0; i < n_nics; i++)
		if (nics[i].state == NIC_DHCP)
			nic_fail(&nics[i], "the packet socket stopped working");
}

/* A link event: carrier for a NIC that waits for it, a NIC gone. */
static void on_link(const struct rtlink_msg *m, void *arg)
{
	struct nic *x = nic_by_ifindex(m->ifindex);
	uint64_t now = *(const uint64_t *)arg;

	if (!x)
		return;
	if (m->kind == RTLINK_DEL) {
		nic_gone(x, -ENODEV);
	} else if (!(m->flags & RTLINK_IFF_UP)) {
		if (x->state == NIC_DHCP)
			nic_gone(x, -ENETDOWN);
	} else if (x->state == NIC_NO_CARRIER && (m->flags & RTLINK_IFF_LOWER_UP)) {
		log_debug("%s: carrier (link event)", x->info.name);
		nic_start(x, now);
	}
}

/* Every NIC but the winner (n_nics: none) goes back down unless it was
 * up before netboot.  Run by packet_close_all()'s helper process, off
 * the lease's path: a link taken down waits for an RCU grace period. */
static void links_down(void *arg)
{
	size_t win = *(const size_t *)arg, i;

	for (i = 0; i < n_nics; i++) {
		if (i == win || nics[i].was_up)
			continue;
		link_flush_addr(nics[i].info.name);
		link_set_up(nics[i].info.name, false);
	}
}

/* The sockets go in one batch, and the losers' links with them: neither
 * is this process's wait (packet_close_all()). */
static void close_all_but(size_t win)
{
	int fds[2] = { pkt_fd, watch_fd };

	packet_close_all(fds, 2, links_down, &win);
	pkt_fd = fds[0];
	watch_fd = fds[1];
}

/* Open the sockets, bring every NIC up in one netlink batch, and start
 * each NIC that has carrier at once, in order: its first DISCOVER goes
 * out before the next NIC's. */
static void dhcp_begin(const struct cmdline *c, uint64_t t0, uint64_t until)
{
	int idx[IFPICK_MAX], err[IFPICK_MAX];
	bool carrier[IFPICK_MAX];
	uint64_t now;
	size_t i;
	int e;

	for (i = 0; i < n_nics; i++) {
		idx[i] = nics[i].info.ifindex;
		nics[i].carrier_deadline = t0 + (uint64_t)c->carrier_timeout * 1000;
		if (nics[i].carrier_deadline > until)
			nics[i].carrier_deadline = until;
		nics[i].offer.is_bootif = c->has_bootif &&
					  !memcmp(nics[i].info.mac, c->bootif, 6);
	}
	pkt_fd = packet_open(idx, n_nics);
	if (pkt_fd < 0)
		log_info("unable to open a packet socket: %s", strerror(-pkt_fd));
	e = link_up_all(idx, n_nics, err, carrier);
	if (e) {
		log_debug("link batch failed (%s): one link at a time", strerror(-e));
		for (i = 0; i < n_nics; i++) {
			err[i] = link_set_up(nics[i].info.name, true);
			carrier[i] = false; /* polled */
		}
	}
	/* Link events from here on (carrier, a NIC taken down or gone).
	 * Opened after the batch, so that the batch's own events (one or
	 * two a link) are not read back one recvmsg each; a carrier that
	 * comes between the batch's dump and this is found by the next
	 * poll, a NIC gone then by its next send. */
	watch_fd = link_watch_open();
	/* Every NIC with carrier sends its DISCOVER first, the lines
	 * after: no NIC's first DISCOVER waits for another's logging. */
	now = clock_ms();
	for (i = 0; i < n_nics; i++) {
		if (!err[i] && carrier[i]) {
			nics[i].last_state = DHCP_STATE_SELECTING; /* said below */
			nic_start(&nics[i], now);
		}
	}
	describe();
	for (i = 0; i < n_nics; i++) {
		if (err[i]) {
			log_info("%s: unable to bring the link up: %s", nics[i].info.name,
				 strerror(-err[i]));
			nic_fail(&nics[i], "cannot bring the link up");
		} else if (carrier[i] && nics[i].state == NIC_DHCP) {
			log_debug("%s: carrier after %lu ms, DHCP %s -> %s", nics[i].info.name,
				  (unsigned long)(now - t0), dhcp_state_name[DHCP_STATE_IDLE],
				  dhcp_state_name[nics[i].last_state]);
		}
	}
	if (watch_fd < 0)
		log_debug("no link events (%s): carrier is polled", strerror(-watch_fd));
}

/* Run the clients until the ranking settles on a winner (0), the DHCP
 * budget (until) is spent (-ETIMEDOUT), or every NIC failed (-ENOENT).
 * Callable again after the caller failed the winner: the others carry on
 * where they were. */
static int run_dhcp(const struct cmdline *c, uint64_t t0, uint64_t until,
		    size_t *winner, const char **why)
{
	uint32_t nfs_server = 0;
	uint64_t carrier_poll = clock_ms() + NET_CARRIER_POLL_MS; /* dhcp_begin's dump was the first */
	size_t i;

	if (c->nfsroot == CMDLINE_NFSROOT_FULL)
		cmdline_parse_ipv4(c->nfs_server, &nfs_server);
	for (;;) {
		static struct ifpick_offer offers[IFPICK_MAX];
		struct packet_wait pw[2];
		size_t np = 0;
		uint64_t now = clock_ms(), next = until, rank_deadline = 0;
		struct ifpick_winner w;
		int e, timeout, idx[IFPICK_MAX];
		bool carrier[IFPICK_MAX];
		bool dhcp = false;
		size_t nw = 0;

		/* carrier: every waiting NIC's from one netlink dump, once
		 * per NET_CARRIER_POLL_MS (all false when it fails: the next
		 * round asks again); in between, link events bring it */
		for (i = 0; i < n_nics; i++)
			if (nics[i].state == NIC_NO_CARRIER)
				idx[nw++] = nics[i].info.ifindex;
		if (nw && now >= carrier_poll) {
			link_carriers(idx, nw, carrier);
			carrier_poll = now + NET_CARRIER_POLL_MS;
		} else {
			memset(carrier, 0, sizeof(carrier));
		}
		/* then timers */
		nw = 0;
		for (i = 0; i < n_nics; i++) {
			struct nic *x = &nics[i];

			if (x->state == NIC_NO_CARRIER) {
				if (carrier[nw++]) {
					log_debug("%s: carrier after %lu ms", x->info.name,
						  (unsigned long)(now - t0));
					nic_start(x, now);
				} else if (now >= x->carrier_deadline) {
					nic_fail(x, "no carrier");
				} else if (next > carrier_poll) {
					next = carrier_poll > now ? carrier_poll : now;
				}
			}
			if (x->state == NIC_DHCP && x->deadline != DHCP_NO_DEADLINE &&
			    now >= x->deadline) {
				struct dhcp_action a;

				if (!dhcp_fsm_step(&x->fsm, DHCP_EV_TIMER, NULL, 0, now,
						   clock_random(), &a))
					nic_act(x, &a, now);
			}
			offers[i] = x->offer;
		}
		e = ifpick_rank(offers, n_nics, NET_BOOTIF_GRACE_MS, nfs_server, now, &w,
				&rank_deadline);
		if (e == 0) {
			*winner = w.idx;
			*why = w.reason;
			return 0;
		}
		if (e == -ENOENT)
			return -ENOENT; /* every NIC failed: no use waiting */
		if (now >= until)
			return -ETIMEDOUT;
		if (e == -EAGAIN && rank_deadline && rank_deadline < next)
			next = rank_deadline;
		for (i = 0; i < n_nics; i++) {
			if (nics[i].state != NIC_DHCP)
				continue;
			dhcp = true;
			if (nics[i].deadline < next)
				next = nics[i].deadline;
		}
		if (dhcp && pkt_fd >= 0)
			pw[np++].fd = pkt_fd;
		if (watch_fd >= 0)
			pw[np++].fd = watch_fd;
		timeout = next > now ? (int)(next - now) : 0;
		if (packet_wait(pw, np, timeout) > 0) {
			now = clock_ms();
			for (i = 0; i < np; i++) {
				if (pw[i].fd == watch_fd && pw[i].broken &&
				    pw[i].err != -ENOBUFS) {
					/* no more events: carrier is polled, a NIC
					 * gone is seen when a send to it fails */
					packet_close(watch_fd);
					watch_fd = -1;
				} else if (pw[i].fd == watch_fd) {
					/* ENOBUFS (now cleared): events were lost,
					 * the same fallbacks cover them */
					if (pw[i].ready || pw[i].broken)
						link_watch_read(watch_fd, on_link, &now);
				} else if (pw[i].broken) {
					pkt_broken(pw[i].err);
				} else if (pw[i].ready) {
					rx_all(now);
				}
			}
		}
	}
}

/* Once per NIC when DHCP ends: what it ignored, from the fsm's counters. */
static void nic_summary(const struct nic *x)
{
	const struct dhcp_fsm *f = &x->fsm;

	if (f->n_rx_bad || f->n_rx_foreign)
		log_info("%s: ignored %u frames on UDP/68: %u for other clients or not DHCP replies, %u malformed%s%s%s",
			 x->info.name, f->n_rx_bad + f->n_rx_foreign, f->n_rx_foreign,
			 f->n_rx_bad, f->rx_bad_why ? " (the last: " : "",
			 f->rx_bad_why ? f->rx_bad_why : "", f->rx_bad_why ? ")" : "");
	if (f->n_bad_option)
		log_info("%s: %u replies carried a malformed option (the last: option %u): ignored it, used the rest",
			 x->info.name, f->n_bad_option, f->bad_option);
	if (f->n_nak > 1)
		log_info("%s: %u NAKs in all", x->info.name, f->n_nak);
}

static int run_static(const struct cmdline *c, const struct net_paths *p,
		      struct net_result *res)
{
	size_t i, k = n_nics;
	struct lease l;
	int e;

	for (i = 0; i < n_nics; i++) {
		if (!c->ip.dev[0] || !strcmp(nics[i].info.name, c->ip.dev)) {
			k = i;
			break;
		}
	}
	if (k == n_nics) {
		log_error("ip=: no interface %s", c->ip.dev);
		return NETBOOT_EXIT_CONFIG;
	}
	memset(&l, 0, sizeof(l));
	l.is_static = true;
	l.yiaddr = c->ip.client;
	l.netmask = c->ip.netmask;
	l.router = c->ip.gateway;
	l.siaddr = c->ip.server;
	if (c->ip.dns0)
		l.dns[l.n_dns++] = c->ip.dns0;
	if (c->ip.dns1)
		l.dns[l.n_dns++] = c->ip.dns1;
	snprintf(l.hostname, sizeof(l.hostname), "%s", c->ip.hostname);
	e = link_set_up(nics[k].info.name, true);
	if (e) {
		log_error("unable to bring %s up: %s", nics[k].info.name, strerror(-e));
		return NETBOOT_EXIT_TRANSIENT;
	}
	e = net_apply(p, nics[k].info.name, nics[k].info.mac, "static address from ip=",
		      &l, clock_uptime_s());
	if (e)
		return NETBOOT_EXIT_TRANSIENT;
	snprintf(res->dev, sizeof(res->dev), "%s", nics[k].info.name);
	memcpy(res->mac, nics[k].info.mac, 6);
	res->lease = l;
	return NETBOOT_EXIT_OK;
}

int net_run(const struct cmdline *c, const struct net_paths *p, struct net_result *res)
{
	uint64_t t0 = clock_ms();
	const char *why = NULL;
	uint64_t until;
	bool cut = false;
	size_t win = 0, i;
	char a[TEXT_MAC_SIZE];
	int rc;

	if (c->ip.mode == CMDLINE_IP_OFF) {
		log_error("ip=off: netboot needs the network; remove ip=off or use ip=dhcp");
		return NETBOOT_EXIT_CONFIG;
	}
	rc = discover(c, phase_until(c, NET_DRIVER_WAIT_S, t0, NULL));
	if (rc)
		return rc;
	if (c->ip.mode == CMDLINE_IP_STATIC) {
		describe();
		return run_static(c, p, res);
	}

	t0 = clock_ms();
	until = phase_until(c, c->dhcp_timeout, t0, &cut);
	dhcp_begin(c, t0, until);
	for (;;) {
		rc = run_dhcp(c, t0, until, &win, &why);
		if (rc) {
			for (i = 0; i < n_nics; i++)
				nic_summary(&nics[i]);
			if (rc == -ENOENT)
				log_error("no DHCP lease on any interface: each one failed after %lu ms:",
					  (unsigned long)(clock_ms() - t0));
			else if (cut)
				log_error("no DHCP lease on any interface after %lu s (what was left of netboot.timeout=%u, the whole budget):",
					  (unsigned long)((until - t0) / 1000), c->timeout);
			else
				log_error("no DHCP lease on any interface after %u s (netboot.dhcp-timeout=):",
					  c->dhcp_timeout);
			for (i = 0; i < n_nics; i++) {
				const char *st = nics[i].fail ? nics[i].fail :
						 nics[i].state == NIC_NO_CARRIER ? "no carrier" :
						 dhcp_fsm_outcome(&nics[i].fsm);

				log_error("  %s: %s", nics[i].info.name, st);
			}
			close_all_but(n_nics);
			return NETBOOT_EXIT_TRANSIENT;
		}
		log_info("boot NIC %s (%s): %s", nics[win].info.name,
			 text_mac(nics[win].info.mac, a), why);
		if (!net_apply(p, nics[win].info.name, nics[win].info.mac, why,
			       &nics[win].lease, clock_uptime_s()))
			break;
		nic_retry(&nics[win]);
	}
	close_all_but(win);
	for (i = 0; i < n_nics; i++)
		nic_summary(&nics[i]);
	for (i = 0; i < n_nics; i++)
		if (i != win && nics[i].state == NIC_BOUND)
			log_info("%s: lease not used: lost to %s", nics[i].info.name,
				 nics[win].info.name);
	snprintf(res->dev, sizeof(res->dev), "%s", nics[win].info.name);
	memcpy(res->mac, nics[win].info.mac, 6);
	res->lease = nics[win].lease;
	log_phase("net", nics[win].info.name);
	return NETBOOT_EXIT_OK;
}

int phase_net_main(int argc, char **argv)
{
	struct phase_opts o = { 0 };
	static struct cmdline c;
	static struct net_result res;
	struct net_paths p;
	int rc;

	if (phase_getopts(argc, argv, &o) != 1) {
		fprintf(stderr, "usage: netboot net [--cmdline FILE] [--rundir DIR]\n");
		return NETBOOT_EXIT_CONFIG;
	}
	log_open(o.rundir);
	rc = phase_load_cmdline(&o, &c);
	if (rc)
		return rc;
	net_paths_init(&p, o.rundir);
	stream_phase("net");
	rc = net_run(&c, &p, &res);
	if (rc == NETBOOT_EXIT_OK) {
		stream_begin(&c, o.rundir, res.mac, res.lease.yiaddr);
		stream_end();
	}
	return rc;
}

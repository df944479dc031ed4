/*
 * ifpick.h - which NICs to run DHCP on, and which lease wins.
 *
 * ifpick_choose() takes the interfaces the edge found (sysfs / netlink) and
 * the command-line hints, and returns a verdict for every interface: run
 * DHCP on it or not, each with a static reason string for the console.
 * Rules, first match wins: BOOTIF's MAC (pxelinux IPAPPEND 2 / iPXE), the
 * device named in ip=, the ethdevice= / live-netdev= entries (names or
 * MACs), else every Ethernet candidate.  A hint that names a NIC nobody has
 * is reported in flags (drivers may still be loading: the edge can wait and
 * call again) and the next rule applies.
 *
 * ifpick_rank() picks the winner among the leases the parallel DHCP clients
 * got, from their arrival times: BOOTIF's lease within a grace period after
 * the first lease; else one whose server matches the nfsroot= server; else
 * the earliest.  It says when to decide (-EAGAIN and a deadline).
 *
 * Pure: the edge enumerates links, runs DHCP and reads the clock.
 * The hints are a struct of their own so the caller fills them from struct
 * cmdline and this file does not follow the parser's changes.
 */
#ifndef NETBOOT_IFPICK_H
#define NETBOOT_IFPICK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lease.h"

#define IFPICK_MAX        64 /* interfaces considered */
#define IFPICK_IFNAME_MAX 16 /* IFNAMSIZ, with the NUL */
#define IFPICK_NETDEV_MAX 8

#define IFPICK_ARPHRD_ETHER    1   /* <linux/if_arp.h> */
#define IFPICK_ARPHRD_LOOPBACK 772

/* One interface as the edge found it. */
struct ifpick_if {
	char name[IFPICK_IFNAME_MAX];
	uint8_t mac[6];
	int ifindex;
	unsigned type;  /* ARPHRD_*, /sys/class/net/DEV/type */
	bool loopback;  /* IFF_LOOPBACK */
	bool wireless;  /* /sys/class/net/DEV/wireless or phy80211 exists */
	bool carrier;   /* /sys/class/net/DEV/carrier == 1 */
};

struct ifpick_netdev {
	bool is_mac;
	uint8_t mac[6];
	char name[IFPICK_IFNAME_MAX];
};

struct ifpick_hints {
	bool has_bootif;
	uint8_t bootif[6];
	char ip_dev[IFPICK_IFNAME_MAX]; /* ip=...:DEV:..., "" = none */
	struct ifpick_netdev netdev[IFPICK_NETDEV_MAX]; /* ethdevice=, live-netdev= */
	size_t n_netdev;
};

/* How the selection was made. */
enum ifpick_rule {
	IFPICK_RULE_NONE = 0, /* nothing eligible */
	IFPICK_RULE_BOOTIF,
	IFPICK_RULE_IPDEV,
	IFPICK_RULE_NETDEV,
	IFPICK_RULE_ALL,
};
extern const char *const ifpick_rule_name[];

/* Bits of ifpick_result.flags: a hint matched no eligible NIC. */
#define IFPICK_BOOTIF_MISSING 0x1u
#define IFPICK_IPDEV_MISSING  0x2u
#define IFPICK_NETDEV_MISSING 0x4u

struct ifpick_verdict {
	bool selected;
	const char *reason; /* static */
};

struct ifpick_result {
	struct ifpick_verdict v[IFPICK_MAX]; /* v[i] is for ifs[i] */
	size_t n;
	size_t n_selected;
	enum ifpick_rule rule;
	unsigned flags;
};

/*
 * Decide for each of the n interfaces.  Returns the number selected (0 when
 * none is eligible: every verdict says why), or -EINVAL (NULL, n >
 * IFPICK_MAX).  *out is written only on success.
 */
int ifpick_choose(const struct ifpick_if *ifs, size_t n,
		  const struct ifpick_hints *h, struct ifpick_result *out);

/*
 * One console line for interface i: "eth0 (52:54:00:12:34:56): DHCP:
 * BOOTIF matches its MAC" or "lo: skipped: loopback", with the ARP type
 * for non-Ethernet.  Returns the length, or -ENOBUFS / -EINVAL.
 */
int ifpick_describe(const struct ifpick_if *ifp,
		    const struct ifpick_verdict *v, char *dst, size_t dstsz);

/* The console line for the flags, e.g. BOOTIF's MAC not found. */
const char *ifpick_flags_note(unsigned flags);

/* ---- the winner among leases ------------------------------------------ */

enum ifpick_state {
	IFPICK_PENDING = 0, /* DHCP still running on this NIC */
	IFPICK_BOUND,       /* got a lease at at_ms */
	IFPICK_FAILED,      /* gave up (timeout, no carrier, ...) */
};

struct ifpick_offer {
	enum ifpick_state state;
	uint64_t at_ms;             /* when the lease was bound */
	const struct lease *lease;  /* when IFPICK_BOUND */
	bool is_bootif;             /* the NIC whose MAC is BOOTIF */
};

struct ifpick_winner {
	size_t idx;          /* into the offers */
	const char *reason;  /* static */
};

/*
 * Given n offers (one per NIC running DHCP), the grace period, the nfsroot=
 * server (host order, 0 = none given) and the time now:
 *   0        *win written: the decision is final;
 *   -EAGAIN  wait: *deadline_ms is when to call again at the latest (also
 *            call when any offer changes state);
 *   -ENOENT  every NIC failed;
 *   -EINVAL  bad arguments.
 * Ties on arrival time go to the lower index.
 */
int ifpick_rank(const struct ifpick_offer *offers, size_t n,
		uint64_t grace_ms, uint32_t nfs_server, uint64_t now_ms,
		struct ifpick_winner *win, uint64_t *deadline_ms);

/* Does the lease name server s (siaddr, server-id, or root-path host)? */
bool ifpick_lease_names_server(const struct lease *l, uint32_t s);

/* One packet socket serves every NIC: the index in ifindex[0..n) of the
 * NIC a frame came in on (its sll_ifindex, want), or -1 for none (an
 * interface that is not a candidate, or 0 / negative: unknown); the
 * frame is then dropped, never handed to another NIC's client. */
int ifpick_by_ifindex(const int *ifindex, size_t n, int want);

#endif

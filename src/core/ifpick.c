/*
 * ifpick.c - which NICs to run DHCP on, and which lease wins.
 *
 * Eligible: ARPHRD_ETHER, not loopback, not wireless (an unassociated Wi-Fi
 * NIC never answers DHCP in an initrd).  Carrier does not exclude: links
 * often come up a second or two after the driver, and a DHCP client on a
 * dead link costs nothing; the reason string says which had carrier.
 * The ranking waits for BOOTIF's NIC (it is the one the firmware booted
 * from, so its server holds our root) only for a grace period after the
 * first lease, so a dead BOOTIF NIC cannot stall the boot.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ifpick.h"
#include "text.h"

const char *const ifpick_rule_name[] = {
	[IFPICK_RULE_NONE] = "none",
	[IFPICK_RULE_BOOTIF] = "BOOTIF",
	[IFPICK_RULE_IPDEV] = "ip=",
	[IFPICK_RULE_NETDEV] = "ethdevice=",
	[IFPICK_RULE_ALL] = "all",
};

static const char R_LOOPBACK[] = "loopback";
static const char R_NOT_ETHER[] = "not Ethernet";
static const char R_WIRELESS[] = "wireless";
static const char R_BOOTIF[] = "BOOTIF matches its MAC";
static const char R_NOT_BOOTIF[] = "not the BOOTIF NIC";
static const char R_IPDEV[] = "named by ip=";
static const char R_NOT_IPDEV[] = "not the ip= device";
static const char R_NETDEV[] = "named by ethdevice=/live-netdev=";
static const char R_NOT_NETDEV[] = "not named by ethdevice=/live-netdev=";
static const char R_ALL_CARRIER[] = "candidate: Ethernet, carrier up";
static const char R_ALL_NOCARRIER[] = "candidate: Ethernet, no carrier yet";

static const char *excluded(const struct ifpick_if *ifp)
{
	if (ifp->loopback || ifp->type == IFPICK_ARPHRD_LOOPBACK)
		return R_LOOPBACK;
	if (ifp->type != IFPICK_ARPHRD_ETHER)
		return R_NOT_ETHER;
	if (ifp->wireless)
		return R_WIRELESS;
	return NULL;
}

static bool name_eq(const char *a, const char *b)
{
	return strncmp(a, b, IFPICK_IFNAME_MAX) == 0;
}

static bool netdev_match(const struct ifpick_hints *h,
			 const struct ifpick_if *ifp)
{
	size_t i;

	for (i = 0; i < h->n_netdev && i < IFPICK_NETDEV_MAX; i++) {
		const struct ifpick_netdev *d = &h->netdev[i];

		if (d->is_mac ? !memcmp(d->mac, ifp->mac, 6)
			      : (d->name[0] && name_eq(d->name, ifp->name)))
			return true;
	}
	return false;
}

/* Does eligible interface i satisfy the rule? */
static bool rule_match(enum ifpick_rule rule, const struct ifpick_hints *h,
		       const struct ifpick_if *ifp)
{
	switch (rule) {
	case IFPICK_RULE_BOOTIF:
		return !memcmp(h->bootif, ifp->mac, 6);
	case IFPICK_RULE_IPDEV:
		return name_eq(h->ip_dev, ifp->name);
	case IFPICK_RULE_NETDEV:
		return netdev_match(h, ifp);
	case IFPICK_RULE_ALL:
		return true;
	default:
		return false;
	}
}

int ifpick_choose(const struct ifpick_if *ifs, size_t n,
		  const struct ifpick_hints *h, struct ifpick_result *out)
{
	static const struct {
		enum ifpick_rule rule;
		const char *yes, *no;
		unsigned missing;
	} rules[] = {
		{ IFPICK_RULE_BOOTIF, R_BOOTIF, R_NOT_BOOTIF,
		  IFPICK_BOOTIF_MISSING },
		{ IFPICK_RULE_IPDEV, R_IPDEV, R_NOT_IPDEV, IFPICK_IPDEV_MISSING },
		{ IFPICK_RULE_NETDEV, R_NETDEV, R_NOT_NETDEV,
		  IFPICK_NETDEV_MISSING },
		{ IFPICK_RULE_ALL, NULL, NULL, 0 },
	};
	struct ifpick_result r;
	bool eligible[IFPICK_MAX];
	size_t i, k, n_elig = 0;

	if (!ifs || !h || !out || n > IFPICK_MAX)
		return -EINVAL;
	memset(&r, 0, sizeof(r));
	r.n = n;
	for (i = 0; i < n; i++) {
		r.v[i].reason = excluded(&ifs[i]);
		eligible[i] = r.v[i].reason == NULL;
		n_elig += eligible[i];
	}

	for (k = 0; k < sizeof(rules) / sizeof(rules[0]) && n_elig; k++) {
		enum ifpick_rule rule = rules[k].rule;
		size_t hits = 0;

		if ((rule == IFPICK_RULE_BOOTIF && !h->has_bootif) ||
		    (rule == IFPICK_RULE_IPDEV &&
		     (!h->ip_dev[0] || name_eq(h->ip_dev, "all"))) ||
		    (rule == IFPICK_RULE_NETDEV && !h->n_netdev))
			continue;
		for (i = 0; i < n; i++)
			hits += eligible[i] && rule_match(rule, h, &ifs[i]);
		if (!hits) {
			r.flags |= rules[k].missing;
			continue;
		}
		for (i = 0; i < n; i++) {
			if (!eligible[i])
				continue;
			r.v[i].selected = rule_match(rule, h, &ifs[i]);
			if (rule == IFPICK_RULE_ALL)
				r.v[i].reason = ifs[i].carrier ? R_ALL_CARRIER
							       : R_ALL_NOCARRIER;
			else
				r.v[i].reason = r.v[i].selected ? rules[k].yes
								: rules[k].no;
		}
		r.rule = rule;
		r.n_selected = hits;
		break;
	}
	*out = r;
	return (int)r.n_selected;
}

int ifpick_describe(const struct ifpick_if *ifp,
		    const struct ifpick_verdict *v, char *dst, size_t dstsz)
{
	char buf[160], m[TEXT_MAC_SIZE];
	int len;

	if (!ifp || !v || !dst || !v->reason)
		return -EINVAL;
	if (v->selected)
		len = snprintf(buf, sizeof(buf), "%.15s (%s): DHCP: %s", ifp->name,
			       text_mac(ifp->mac, m), v->reason);
	else if (v->reason == R_NOT_ETHER)
		len = snprintf(buf, sizeof(buf), "%.15s: skipped: %s (type %u)",
			       ifp->name, v->reason, ifp->type);
	else
		len = snprintf(buf, sizeof(buf), "%.15s: skipped: %s",
			       ifp->name, v->reason);
	if (len < 0 || (size_t)len >= sizeof(buf))
		return -EINVAL;
	if ((size_t)len >= dstsz)
		return -ENOBUFS;
	memcpy(dst, buf, (size_t)len + 1);
	return len;
}

const char *ifpick_flags_note(unsigned flags)
{
	if (flags & IFPICK_BOOTIF_MISSING)
		return "BOOTIF names a MAC no NIC has (yet): its driver may still be loading";
	if (flags & IFPICK_IPDEV_MISSING)
		return "the device named by ip= is not an eligible NIC (yet)";
	if (flags & IFPICK_NETDEV_MISSING)
		return "no NIC named by ethdevice=/live-netdev= is present (yet)";
	return "";
}

/* ---- ranking ----------------------------------------------------------- */

bool ifpick_lease_names_server(const struct lease *l, uint32_t s)
{
	const char *colon;
	uint32_t a;

	if (!l || !s)
		return false;
	if (l->siaddr == s || l->server_id == s)
		return true;
	colon = memchr(l->root_path, ':', strnlen(l->root_path,
						   sizeof(l->root_path)));
	return colon &&
	       !text_parse_ipv4(l->root_path, (size_t)(colon - l->root_path), &a) &&
	       a == s;
}

static const char W_BOOTIF[] = "the BOOTIF NIC's lease, within the grace period";
static const char W_SERVER[] = "its server is the nfsroot= server";
static const char W_EARLIEST[] = "the earliest lease";

/* Earliest bound offer whose lease names srv (0 = any), or n. */
static size_t earliest(const struct ifpick_offer *o, size_t n, uint32_t srv)
{
	size_t i, best = n;

	for (i = 0; i < n; i++) {
		if (o[i].state != IFPICK_BOUND)
			continue;
		if (srv && !ifpick_lease_names_server(o[i].lease, srv))
			continue;
		if (best == n || o[i].at_ms < o[best].at_ms)
			best = i;
	}
	return best;
}

int ifpick_rank(const struct ifpick_offer *offers, size_t n,
		uint64_t grace_ms, uint32_t nfs_server, uint64_t now_ms,
		struct ifpick_winner *win, uint64_t *deadline_ms)
{
	size_t i, first, bootif = n, pick;
	bool pending = false;
	uint64_t until;

	if (!offers || !win || !deadline_ms)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		if (offers[i].state == IFPICK_BOUND && !offers[i].lease)
			return -EINVAL;
		if (offers[i].state == IFPICK_PENDING)
			pending = true;
		if (offers[i].is_bootif && bootif == n)
			bootif = i;
	}
	first = earliest(offers, n, 0);
	if (first == n) {
		if (!pending)
			return -ENOENT;
		*deadline_ms = UINT64_MAX; /* nothing to time: wait for events */
		return -EAGAIN;
	}
	until = offers[first].at_ms + grace_ms;
	if (until < offers[first].at_ms)
		until = UINT64_MAX;

	if (bootif < n) {
		const struct ifpick_offer *b = &offers[bootif];

		if (b->state == IFPICK_BOUND && b->at_ms <= until) {
			win->idx = bootif;
			win->reason = W_BOOTIF;
			return 0;
		}
		if (b->state == IFPICK_PENDING && now_ms < until) {
			*deadline_ms = until;
			return -EAGAIN;
		}
	}
	if (nfs_server) {
		pick = earliest(offers, n, nfs_server);
		if (pick < n) {
			win->idx = pick;
			win->reason = W_SERVER;
			return 0;
		}
		/* Another NIC may still bring the right server. */
		if (pending && now_ms < until) {
			*deadline_ms = until;
			return -EAGAIN;
		}
	}
	win->idx = first;
	win->reason = W_EARLIEST;
	return 0;
}

int ifpick_by_ifindex(const int *ifindex, size_t n, int want)
{
	size_t i;

	if (want <= 0)
		return -1;
	for (i = 0; i < n; i++)
		if (ifindex[i] == want)
			return (int)i;
	return -1;
}
